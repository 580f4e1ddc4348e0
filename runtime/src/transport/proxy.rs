//! HTTP proxies: `CONNECT` tunnels for `https` endpoints, absolute-form requests for `http` ones.
//!
//! Chosen like curl and most HTTP clients do: an explicit
//! [`ClientBuilder::proxy`](crate::ClientBuilder::proxy) wins; otherwise `https_proxy` /
//! `HTTPS_PROXY` (for `https` endpoints) or `http_proxy` / `HTTP_PROXY` (for `http` ones), then
//! `all_proxy` / `ALL_PROXY`, unless `no_proxy` / `NO_PROXY` names the host. Loopback endpoints
//! (`localhost`, `127.0.0.0/8`, `::1`) never use a proxy from the environment.

use std::fmt;

use percent_encoding::percent_decode_str;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::connect::connect_error;
use crate::env::Env;
use crate::region::Endpoint;
use crate::{Error, Result};

/// The longest proxy answer to a `CONNECT` accepted.
const MAX_CONNECT_RESPONSE: usize = 16 * 1024;

/// An HTTP proxy, from `http://[user:password@]host[:port]` (port 80 when none is given).
///
/// `Debug` shows the host and port, never the credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct Proxy {
    pub(crate) host: String,
    pub(crate) port: u16,
    /// The `Proxy-Authorization` value (`Basic …`), a secret.
    pub(crate) authorization: Option<String>,
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Proxy")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("credentials", &self.authorization.as_ref().map(|_| "***"))
            .finish()
    }
}

impl Proxy {
    /// Parses a proxy URL; the error says what is wrong (never repeating the password).
    pub(crate) fn parse(raw: &str) -> std::result::Result<Self, String> {
        let raw = raw.trim();
        let rest = match raw.split_once("://") {
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) => {
                return Err(format!(
                    "the proxy scheme `{scheme}` is not supported; use an http:// proxy"
                ));
            }
            None => raw,
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['/', '?', '#']) {
            return Err("a proxy URL must not have a path, query or fragment".into());
        }
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        let authority: http::uri::Authority = hostport
            .parse()
            .map_err(|_| "the proxy host is not valid".to_owned())?;
        let host = authority
            .host()
            .trim_start_matches('[')
            .trim_end_matches(']');
        if host.is_empty() {
            return Err("the proxy host is missing".into());
        }
        let port = match hostport.rsplit_once(':') {
            Some((_, p)) if !hostport.ends_with(']') => p
                .parse::<u16>()
                .map_err(|_| "the proxy port is not a number from 0 to 65535".to_owned())?,
            _ => 80,
        };
        let authorization = userinfo.map(|u| {
            let (user, password) = u.split_once(':').unwrap_or((u, ""));
            let mut pair: Vec<u8> = percent_decode_str(user).collect();
            pair.push(b':');
            pair.extend(percent_decode_str(password));
            format!("Basic {}", base64(&pair))
        });
        Ok(Self {
            host: host.to_owned(),
            port,
            authorization,
        })
    }

    /// The proxy the environment selects for `endpoint`, if any.
    pub(crate) fn from_env(env: &Env, endpoint: &Endpoint) -> Result<Option<Self>> {
        if is_loopback(&endpoint.host) {
            return Ok(None);
        }
        let first = |names: &[&'static str]| {
            names
                .iter()
                .find_map(|n| env.get(n).filter(|v| !v.trim().is_empty()).map(|v| (*n, v)))
        };
        let no_proxy = first(&["no_proxy", "NO_PROXY"]).map(|(_, v)| v);
        if no_proxy.is_some_and(|list| bypassed(&list, &endpoint.host)) {
            return Ok(None);
        }
        let scheme_vars: &[&'static str] = if endpoint.tls {
            &["https_proxy", "HTTPS_PROXY"]
        } else {
            &["http_proxy", "HTTP_PROXY"]
        };
        let Some((name, value)) = first(scheme_vars).or_else(|| first(&["all_proxy", "ALL_PROXY"]))
        else {
            return Ok(None);
        };
        Self::parse(&value)
            .map(Some)
            .map_err(|why| Error::config(format!("the proxy in {name} is not usable: {why}")))
    }
}

/// Whether a `no_proxy` list (comma- or space-separated; `*` for all; `example.com` and
/// `.example.com` both match the domain and its subdomains; IP addresses match exactly) names
/// `host`.
pub(crate) fn bypassed(no_proxy: &str, host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    no_proxy
        .split([',', ' '])
        .map(|e| e.trim().trim_start_matches('[').trim_end_matches(']'))
        .filter(|e| !e.is_empty())
        .any(|entry| {
            if entry == "*" {
                return true;
            }
            let entry = entry.trim_start_matches('.').trim_end_matches('.');
            let entry = entry.to_ascii_lowercase();
            host == entry
                || (host.len() > entry.len()
                    && host.ends_with(&entry)
                    && host.as_bytes()[host.len() - entry.len() - 1] == b'.')
        })
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Asks the proxy for a tunnel to `authority` (`host:port`) and checks that it answered 2xx.
pub(super) async fn tunnel(tcp: &mut TcpStream, authority: &str, proxy: &Proxy) -> Result<()> {
    let mut request = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n");
    if let Some(auth) = &proxy.authorization {
        request.push_str("Proxy-Authorization: ");
        request.push_str(auth);
        request.push_str("\r\n");
    }
    request.push_str("\r\n");
    tcp.write_all(request.as_bytes())
        .await
        .map_err(|e| connect_error(format!("sending CONNECT to the proxy {}", proxy.host), e))?;

    // Read the proxy's answer byte by byte up to the blank line, so no byte of the TLS handshake
    // that follows is consumed here.
    let mut answer = Vec::with_capacity(256);
    while !answer.ends_with(b"\r\n\r\n") {
        if answer.len() >= MAX_CONNECT_RESPONSE {
            return Err(Error::transport(
                "the proxy's answer to CONNECT is too long",
                true,
                None,
            ));
        }
        let byte = tcp
            .read_u8()
            .await
            .map_err(|e| connect_error("reading the proxy's answer to CONNECT".to_owned(), e))?;
        answer.push(byte);
    }
    let status_line = answer
        .split(|b| *b == b'\n')
        .next()
        .map(|l| String::from_utf8_lossy(l).trim().to_owned())
        .unwrap_or_default();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok());
    match status {
        Some(200..=299) => Ok(()),
        _ => Err(Error::transport(
            format!("the proxy refused the tunnel to {authority}: `{status_line}`"),
            true,
            None,
        )),
    }
}

/// Standard base64 with padding (RFC 4648 §4), for `Proxy-Authorization: Basic`.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
        ] {
            assert_eq!(base64(input.as_bytes()), expected, "{input}");
        }
    }

    #[test]
    fn proxy_urls() {
        let p = Proxy::parse("http://user:p%40ss@proxy.corp:3128").unwrap();
        assert_eq!((p.host.as_str(), p.port), ("proxy.corp", 3128));
        // "user:p@ss"
        assert_eq!(p.authorization.as_deref(), Some("Basic dXNlcjpwQHNz"));
        assert!(!format!("{p:?}").contains("dXNlcjpwQHNz"));
        let p = Proxy::parse("proxy.corp").unwrap();
        assert_eq!((p.port, p.authorization), (80, None));
        let p = Proxy::parse("http://[::1]:8888/").unwrap();
        assert_eq!((p.host.as_str(), p.port), ("::1", 8888));
        for (bad, why) in [
            ("socks5://h:1080", "not supported"),
            ("https://h:443", "not supported"),
            ("http://h:99999", "port"),
            ("http://h/path", "path"),
            ("http://", "host"),
            ("http://u:secret@", "host"),
        ] {
            let e = Proxy::parse(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
            assert!(!e.contains("secret"), "{bad}: {e}");
        }
    }

    #[test]
    fn no_proxy_lists() {
        for (list, host, expected) in [
            ("*", "dms.cn-north-4.myhuaweicloud.com", true),
            (
                "myhuaweicloud.com",
                "dms.cn-north-4.myhuaweicloud.com",
                true,
            ),
            (
                ".myhuaweicloud.com",
                "dms.cn-north-4.myhuaweicloud.com",
                true,
            ),
            ("myhuaweicloud.com", "myhuaweicloud.com", true),
            ("huaweicloud.com", "dms.cn-north-4.myhuaweicloud.com", false),
            (
                "example.com, MYHUAWEICLOUD.COM",
                "dms.myhuaweicloud.com.",
                true,
            ),
            ("10.0.0.1", "10.0.0.1", true),
            ("10.0.0.1", "10.0.0.12", false),
            ("[::1]", "::1", true),
            ("", "x", false),
        ] {
            assert_eq!(bypassed(list, host), expected, "{list:?} vs {host}");
        }
    }

    #[test]
    fn environment_selection() {
        let endpoint = |raw: &str| crate::region::parse_endpoint(raw).unwrap();
        let env = Env::from_pairs([
            ("HTTPS_PROXY", "http://secure-proxy:3128"),
            ("http_proxy", "http://plain-proxy:8080"),
            ("NO_PROXY", "internal.example"),
        ]);
        let https = Proxy::from_env(&env, &endpoint("https://dms.cn-north-4.myhuaweicloud.com"));
        assert_eq!(https.unwrap().unwrap().host, "secure-proxy");
        let http = Proxy::from_env(&env, &endpoint("http://dms.example"));
        assert_eq!(http.unwrap().unwrap().host, "plain-proxy");
        for direct in [
            "https://api.internal.example",
            "http://127.0.0.1:8080",
            "http://localhost:1",
            "http://[::1]:80",
        ] {
            assert_eq!(
                Proxy::from_env(&env, &endpoint(direct)).unwrap(),
                None,
                "{direct}"
            );
        }
        let all = Env::from_pairs([("ALL_PROXY", "http://all:1")]);
        let p = Proxy::from_env(&all, &endpoint("https://x.example")).unwrap();
        assert_eq!(p.unwrap().port, 1);
        let broken = Env::from_pairs([("https_proxy", "socks5://u:secret@h")]);
        let e = Proxy::from_env(&broken, &endpoint("https://x.example")).unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("https_proxy") && !text.contains("secret"),
            "{text}"
        );
    }
}
