//! The API's address, checked once, and the rules that follow from it: where the Client Secret
//! may go in plain text (only to this machine, unless the user confirmed otherwise), when a
//! changed address is another server (a different scheme, host or port), and which names can be
//! put in a request path at all. The client and the app's connections use these same rules.

use std::net::IpAddr;

use reqwest::Url;

use crate::error::{Error, Result};

/// A parsed `http(s)://host[:port][/path]` API root, without credentials, query or fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiUrl(Url);

impl ApiUrl {
    /// Checks a typed address. The messages never quote it: a secret pasted into the wrong field
    /// would show.
    pub fn parse(raw: &str) -> Result<Self> {
        let url = Url::parse(raw.trim())
            .map_err(|e| Error::Config(format!("the API URL is not a valid URL ({e})")))?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::Config(
                "the URL must not contain a user name or password; use the Client ID and Secret"
                    .into(),
            ));
        }
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(Error::Config(
                "the API URL must start with http:// or https:// and name a host".into(),
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::Config(
                "the API URL must not have a query (?...) or fragment (#...)".into(),
            ));
        }
        Ok(Self(url))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    pub fn is_https(&self) -> bool {
        self.0.scheme() == "https"
    }

    /// Whether the host is this machine: `localhost`, 127.0.0.0/8 or `::1`.
    pub fn is_loopback(&self) -> bool {
        let Some(host) = self.0.host_str() else {
            return false;
        };
        if host.eq_ignore_ascii_case("localhost") {
            return true;
        }
        match host.trim_start_matches('[').trim_end_matches(']').parse() {
            Ok(IpAddr::V4(ip)) => ip.is_loopback(),
            Ok(IpAddr::V6(ip)) => {
                ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
            }
            Err(_) => false,
        }
    }

    /// Plain `http://` to another machine: the secret would cross the network unencrypted, so the
    /// user must confirm it.
    pub fn is_insecure(&self) -> bool {
        !self.is_https() && !self.is_loopback()
    }

    /// Whether `other` is the same server: same scheme, host and port (a default port written
    /// out or not makes no difference; the path does not count).
    pub fn same_origin(&self, other: &ApiUrl) -> bool {
        self.0.origin() == other.0.origin()
    }

    /// This root with `segments` appended, each percent-encoded, after checking each with
    /// [`check_path_segment`].
    pub(crate) fn join(&self, segments: &[&str]) -> Result<Url> {
        for segment in segments {
            check_path_segment(segment)?;
        }
        let mut url = self.0.clone();
        url.path_segments_mut()
            .expect("parse accepts only http(s) URLs, which have a path")
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }
}

/// A name must stay one path segment whatever characters it holds: `..` would turn
/// `DELETE /v2/service-user/..` into `DELETE /v2/service-user`, an empty name would address the
/// whole collection, and a slash or backslash may be read as a separator on the way even when
/// encoded. Everything else is percent-encoded and allowed.
pub fn check_path_segment(name: &str) -> Result<()> {
    let refused = name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(['/', '\\'])
        || name.chars().any(char::is_control);
    if refused {
        return Err(Error::InvalidName(name.to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(raw: &str) -> ApiUrl {
        ApiUrl::parse(raw).unwrap()
    }

    #[test]
    fn loopback_hosts_are_this_machine_only() {
        for raw in [
            "http://localhost:8787",
            "http://LOCALHOST",
            "http://127.0.0.1:1",
            "http://127.8.9.10",
            "http://[::1]:8787",
            "http://[::ffff:127.0.0.1]",
        ] {
            assert!(url(raw).is_loopback(), "{raw}");
            assert!(!url(raw).is_insecure(), "{raw}");
        }
        for raw in [
            "http://api.trustgrid.io",
            "http://10.0.0.1",
            "http://localhost.example.com",
            "http://[::2]",
            "http://0.0.0.0",
        ] {
            assert!(!url(raw).is_loopback(), "{raw}");
            assert!(
                url(raw).is_insecure(),
                "{raw}: plain http to another machine"
            );
        }
        assert!(!url("https://api.trustgrid.io").is_insecure());
    }

    #[test]
    fn the_origin_is_scheme_host_and_port() {
        let api = url("https://api.trustgrid.io");
        assert!(api.same_origin(&url("https://api.trustgrid.io:443/v1/")));
        assert!(api.same_origin(&url("https://API.trustgrid.io")));
        assert!(!api.same_origin(&url("http://api.trustgrid.io")), "scheme");
        assert!(
            !api.same_origin(&url("https://api.trustgrid.io:8443")),
            "port"
        );
        assert!(
            !api.same_origin(&url("https://api.trustgrid.io.evil.test")),
            "host"
        );
    }

    #[test]
    fn segments_are_percent_encoded_and_stay_one_segment() {
        let joined = url("http://127.0.0.1:1")
            .join(&["v2", "service-user", "a b?#%2e"])
            .unwrap();
        assert_eq!(
            joined.as_str(),
            "http://127.0.0.1:1/v2/service-user/a%20b%3F%23%252e"
        );
        let nested = url("http://example.test/api/")
            .join(&["org", "mine"])
            .unwrap();
        assert_eq!(nested.as_str(), "http://example.test/api/org/mine");
    }

    #[test]
    fn names_that_are_not_one_safe_segment_are_refused() {
        for name in ["", ".", "..", "a/b", "a\\b", "tab\there", "nul\0"] {
            assert_eq!(
                check_path_segment(name),
                Err(Error::InvalidName(name.to_owned())),
                "{name:?}"
            );
        }
        for name in ["cicd", "...", ".hidden", "a.b", "naïve", "100%"] {
            assert_eq!(check_path_segment(name), Ok(()), "{name:?}");
        }
    }
}
