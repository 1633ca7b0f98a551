//! The client keeps the server's answer structured (status, the 422 messages) instead of flattening
//! it into a string, so callers can branch on what happened and write their own wording. No variant
//! ever carries a request header, so a secret cannot leak through an error, and the answer to a
//! key request never becomes part of one (see [`Error::from_status`]).

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How far a failed request got, as far as the client can know. A caller that must not repeat a
/// write (a key request, whose second run would silently replace the first one's secret) tells
/// "nothing was sent" from "sent, and no answer came back" with [`Error::reach`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Nothing left this machine: the connection never opened (refused, no route, no name, too
    /// slow to open) or the request could not be built. The server did nothing.
    NotSent,
    /// The request went out (or may have) and no answer came back: a timeout after the
    /// connection opened, or a connection reset or closed before the answer. The server may
    /// have carried it out; only reading the state again can tell.
    SentNoAnswer,
    /// The server answered (an error status, a redirect, an answer too large or malformed).
    Answered,
}

/// Everything a Trustgrid API call can fail with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 401: the credentials are missing, wrong, replaced, or the service user is inactive.
    #[error("the API rejected the credentials (401)")]
    Unauthorized,
    /// 403: valid credentials without the needed permission.
    #[error("the credentials lack the permission for this request (403)")]
    Forbidden,
    /// 404: the named resource does not exist.
    #[error("not found (404)")]
    NotFound,
    /// 422: the request was refused, with the server's messages.
    #[error("the API refused the request (422): {}", .0.join("; "))]
    Validation(Vec<String>),
    /// Any other answer outside 2xx, with its (possibly shortened) body; empty when the answer
    /// could hold a secret.
    #[error("the API answered {status}{}", with_colon(.body))]
    Api { status: u16, body: String },
    /// A 3xx answer. Redirects are never followed: a 307 would repeat a token POST, and another
    /// host or scheme could receive the credentials.
    #[error("the API answered with a redirect ({status}{}), which is not followed", to_location(.location))]
    Redirect {
        status: u16,
        location: Option<String>,
    },
    /// The answer was larger than [`crate::MAX_RESPONSE_BYTES`]; it was not read to the end.
    #[error("the API's answer is larger than {} MiB and was not read", .limit / (1024 * 1024))]
    ResponseTooLarge { limit: usize },
    /// The request or the connection took longer than the configured timeout.
    #[error("the request timed out")]
    Timeout,
    /// The connection could not be opened (refused, no route, no name, or too slow to open), so
    /// nothing was sent; the text names the URL and cause.
    #[error("could not connect: {0}")]
    Unreachable(String),
    /// The connection broke after the request may have gone out; the text names the URL and cause.
    #[error("network error: {0}")]
    Network(String),
    /// A 200 answer whose body did not have the expected shape.
    #[error("unexpected response: {0}")]
    Decode(String),
    /// The client was built with invalid settings (for example a malformed base URL).
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// Plain `http://` to a host other than this machine, without the caller confirming it.
    #[error(
        "the API URL uses plain http:// to another machine, so the Client Secret would cross the \
         network unencrypted"
    )]
    InsecureHttp,
    /// A name that cannot be one path segment (`.`, `..`, empty, a slash, a control character);
    /// nothing was sent.
    #[error("{0:?} cannot be used as a name in a request: it must be one path segment")]
    InvalidName(String),
}

fn with_colon(body: &str) -> String {
    if body.is_empty() {
        String::new()
    } else {
        format!(": {body}")
    }
}

fn to_location(location: &Option<String>) -> String {
    location
        .as_deref()
        .map(|location| format!(" to {}", shorten(location)))
        .unwrap_or_default()
}

/// Bodies kept in errors are shortened to this many characters: enough to diagnose, not a dump.
const MAX_BODY_IN_ERROR: usize = 2000;

pub(crate) fn shorten(body: &str) -> String {
    if body.chars().count() <= MAX_BODY_IN_ERROR {
        return body.to_owned();
    }
    let mut short: String = body.chars().take(MAX_BODY_IN_ERROR).collect();
    short.push('…');
    short
}

impl Error {
    /// Maps an answer outside 2xx (but not a redirect) to the structured error. The answer to a
    /// key request is passed as an empty body: whatever it holds may be the new secret.
    pub(crate) fn from_status(status: u16, body: &str) -> Self {
        match status {
            401 => Error::Unauthorized,
            403 => Error::Forbidden,
            404 => Error::NotFound,
            422 => match serde_json::from_str::<Vec<String>>(body) {
                Ok(messages) => Error::Validation(messages),
                Err(_) if body.trim().is_empty() => Error::Validation(Vec::new()),
                Err(_) => Error::Validation(vec![shorten(body.trim())]),
            },
            _ => Error::Api {
                status,
                body: shorten(body),
            },
        }
    }

    /// Maps a transport failure. Only the URL and the chain of causes are kept: reqwest errors
    /// never include headers.
    pub(crate) fn from_transport(error: &reqwest::Error) -> Self {
        // A connection that could not be opened in time is a connect failure too, and a request
        // that could not be built never left: nothing was sent either way.
        if error.is_builder() {
            return Error::Config(format!("could not build the request: {error}"));
        }
        let unsent = error.is_connect();
        if error.is_timeout() && !unsent {
            return Error::Timeout;
        }
        let mut causes = Vec::new();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            causes.push(cause.to_string());
            source = cause.source();
        }
        let cause = causes.last().cloned().unwrap_or_else(|| error.to_string());
        let described = match error.url() {
            Some(url) => format!("{url}: {cause}"),
            None => cause,
        };
        if unsent {
            Error::Unreachable(described)
        } else {
            Error::Network(described)
        }
    }

    /// How far the failed request got; see [`Reach`].
    pub fn reach(&self) -> Reach {
        match self {
            Error::Unreachable(_)
            | Error::Config(_)
            | Error::InsecureHttp
            | Error::InvalidName(_) => Reach::NotSent,
            Error::Timeout | Error::Network(_) => Reach::SentNoAnswer,
            Error::Unauthorized
            | Error::Forbidden
            | Error::NotFound
            | Error::Validation(_)
            | Error::Api { .. }
            | Error::Redirect { .. }
            | Error::ResponseTooLarge { .. }
            | Error::Decode(_) => Reach::Answered,
        }
    }

    /// Whether a read that failed this way may be sent again: the failure is transient (the
    /// network, a timeout, a gateway, or "too many requests") and a GET changes nothing.
    pub(crate) fn is_transient(&self) -> bool {
        match self {
            Error::Timeout | Error::Network(_) | Error::Unreachable(_) => true,
            Error::Api { status, .. } => matches!(status, 429 | 502..=504),
            _ => false,
        }
    }

    /// Whether a write that failed this way may still have been carried out: no answer came
    /// back (a timeout, or a connection that broke after the request went out), or the server
    /// failed (5xx) without saying what it had done. A caller that must know reads the state
    /// again; sending the write again blindly could do it twice.
    pub fn may_have_been_applied(&self) -> bool {
        match self {
            Error::Timeout | Error::Network(_) => true,
            Error::Api { status, .. } => *status >= 500,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_422_body_becomes_the_list_of_messages() {
        let error = Error::from_status(422, r#"["name is required","name too long"]"#);
        assert_eq!(
            error,
            Error::Validation(vec!["name is required".into(), "name too long".into()]),
            "the UI shows each server message, so they must stay separate"
        );
    }

    #[test]
    fn a_422_with_a_non_json_body_keeps_the_text() {
        assert_eq!(
            Error::from_status(422, "bad name"),
            Error::Validation(vec!["bad name".into()]),
            "an unexpected 422 body must still reach the user"
        );
    }

    #[test]
    fn an_empty_body_reads_as_a_sentence() {
        assert_eq!(
            Error::from_status(500, "").to_string(),
            "the API answered 500"
        );
        assert_eq!(
            Error::from_status(500, "boom").to_string(),
            "the API answered 500: boom"
        );
    }

    #[test]
    fn long_bodies_are_shortened() {
        let body = "x".repeat(10_000);
        let Error::Api { body: kept, .. } = Error::from_status(500, &body) else {
            panic!("a 500 must be an Api error");
        };
        assert!(
            kept.chars().count() <= MAX_BODY_IN_ERROR + 1,
            "an error must not carry an unbounded body"
        );
    }

    #[test]
    fn only_gateway_errors_throttling_and_transport_failures_are_transient() {
        assert!(Error::from_status(503, "").is_transient());
        assert!(Error::from_status(429, "").is_transient());
        assert!(Error::Timeout.is_transient());
        assert!(
            !Error::from_status(500, "").is_transient(),
            "a 500 may be a bug on the server; repeating it helps nobody"
        );
        assert!(!Error::Unauthorized.is_transient());
    }

    #[test]
    fn only_a_missing_answer_or_a_server_error_leaves_a_write_in_doubt() {
        assert!(Error::Timeout.may_have_been_applied());
        assert!(Error::Network("reset".into()).may_have_been_applied());
        assert!(Error::from_status(500, "").may_have_been_applied());
        assert!(Error::from_status(503, "").may_have_been_applied());
        assert!(
            !Error::Unreachable("refused".into()).may_have_been_applied(),
            "a connection that never opened carried nothing"
        );
        for refused in [401, 403, 404, 409, 422] {
            assert!(
                !Error::from_status(refused, "[]").may_have_been_applied(),
                "{refused} says the request was refused"
            );
        }
    }

    #[test]
    fn any_answer_is_answered_and_only_a_missing_one_is_in_doubt() {
        for status in [401, 403, 404, 422, 500, 503] {
            assert_eq!(Error::from_status(status, "").reach(), Reach::Answered);
        }
        assert_eq!(Error::Timeout.reach(), Reach::SentNoAnswer);
        assert_eq!(Error::Network("reset".into()).reach(), Reach::SentNoAnswer);
        assert_eq!(Error::Unreachable("refused".into()).reach(), Reach::NotSent);
        assert_eq!(Error::InvalidName("..".into()).reach(), Reach::NotSent);
    }
}
