//! Accepted connections that a request can cut. The fault injector drops connections the way a
//! flaky network does, without an answer; hyper offers a handler no way to abort its own
//! connection, so the listener wraps each TCP stream with a switch that makes every later read
//! and write fail, and hands the switch to requests as connect info. Once cut, hyper gives up on
//! the connection and closes it, and the client sees it end with no response.

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::extract::connect_info::Connected;
use axum::serve::IncomingStream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// A TCP listener whose connections can be cut.
pub struct Listener(pub TcpListener);

/// One accepted connection.
pub struct Stream {
    inner: TcpStream,
    cut: Arc<AtomicBool>,
}

/// The switch that cuts one connection; requests find it as `ConnectInfo<Cutter>`.
#[derive(Clone, Debug)]
pub struct Cutter(Arc<AtomicBool>);

impl Cutter {
    /// Makes every further read and write on the connection fail.
    pub fn cut(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

impl axum::serve::Listener for Listener {
    type Io = Stream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Stream, SocketAddr) {
        let (inner, address) = axum::serve::Listener::accept(&mut self.0).await;
        let stream = Stream {
            inner,
            cut: Arc::new(AtomicBool::new(false)),
        };
        (stream, address)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

impl Connected<IncomingStream<'_, Listener>> for Cutter {
    fn connect_info(stream: IncomingStream<'_, Listener>) -> Self {
        Cutter(stream.io().cut.clone())
    }
}

impl Stream {
    fn check(&self) -> io::Result<()> {
        if self.cut.load(Ordering::SeqCst) {
            Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "connection cut by an injected fault",
            ))
        } else {
            Ok(())
        }
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.check()?;
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.check()?;
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
