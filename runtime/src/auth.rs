//! How a request proves who sends it: one [`Authorize`] strategy per operation, chosen by the
//! generator from the spec's `security` ([`ApiRequest::AUTH`](crate::ApiRequest::AUTH)).
//!
//! | spec | strategy | what the client needs |
//! |---|---|---|
//! | a scheme with `x-signing: SDK-HMAC-SHA256` | [`AkSkSignature`] (the default) | AK/SK [`Credentials`] |
//! | `security: []`, or no security | [`Anonymous`] | nothing |
//! | `type: http, scheme: bearer` | [`BearerToken`] | [`ClientBuilder::bearer_token`](crate::ClientBuilder::bearer_token) |
//! | `type: apiKey, in: header` / `query` | [`ApiKey`] | [`ClientBuilder::api_key`](crate::ClientBuilder::api_key) |
//!
//! A strategy whose secret the client lacks fails the call before anything is sent
//! ([`Error::Config`]), naming the builder method to call. Tokens and keys are [`Secret`]s: they
//! never appear in `Debug`, logs or errors.

use std::fmt;

use crate::sign::{self, QueryValue, SignableRequest};
use crate::{Credentials, Error, Result};

/// A token or key given to the client: kept out of `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The value. Handle with care: never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** redacted ***")
    }
}

/// What the client holds for the strategies: each is optional, and asked for by the operations
/// that need it.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    /// AK/SK credentials, for [`AkSkSignature`].
    pub credentials: Option<Credentials>,
    /// The bearer token, for [`BearerToken`].
    pub bearer_token: Option<Secret>,
    /// The API key, for [`ApiKey`].
    pub api_key: Option<Secret>,
}

/// One request, ready to be authorized: everything but the proof of identity. The same fields the signer reads,
/// so a strategy that signs passes it on as it is.
pub type Outgoing<'a> = SignableRequest<'a>;

/// The request target and headers that go on the wire.
#[derive(Debug, Clone, Default)]
pub struct Authorized {
    /// The request target: the path, plus `?` and the query when there is one.
    pub target: String,
    /// The headers to send (`Host` included).
    pub headers: http::HeaderMap,
}

/// A way to authorize requests: the seam between an operation's `security` and the client.
pub trait Authorize: fmt::Debug + Send + Sync {
    /// Adds the proof of identity to `request`, using the client's `secrets`, at time `now`.
    ///
    /// Errors: [`Error::Config`] when the client lacks the secret this strategy needs;
    /// [`Error::InvalidRequest`] when the request cannot be sent as it is.
    fn authorize(
        &self,
        request: &Outgoing<'_>,
        secrets: &Secrets,
        now: jiff::Timestamp,
    ) -> Result<Authorized>;
}

/// `SDK-HMAC-SHA256` with the AK/SK credentials (see [`sign`]): what the Huawei gateway checks.
#[derive(Debug, Clone, Copy, Default)]
pub struct AkSkSignature;

/// Sent as it is, without credentials.
#[derive(Debug, Clone, Copy, Default)]
pub struct Anonymous;

/// `Authorization: Bearer <token>`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BearerToken;

/// An API key in a header or a query parameter.
#[derive(Debug, Clone, Copy)]
pub struct ApiKey {
    in_query: bool,
    name: &'static str,
}

impl ApiKey {
    /// The key in header `name`.
    pub const fn header(name: &'static str) -> Self {
        ApiKey {
            in_query: false,
            name,
        }
    }

    /// The key in query parameter `name`.
    pub const fn query(name: &'static str) -> Self {
        ApiKey {
            in_query: true,
            name,
        }
    }
}

impl Authorize for AkSkSignature {
    fn authorize(
        &self,
        request: &Outgoing<'_>,
        secrets: &Secrets,
        now: jiff::Timestamp,
    ) -> Result<Authorized> {
        let credentials = secrets.credentials.as_ref().ok_or_else(|| {
            missing(
                "AK/SK credentials",
                "`.credentials(Credentials::new(ak, sk))`",
            )
        })?;
        let signed = sign::sign_for_wire(request, credentials, now)?;
        // One spare slot: the transport may add Proxy-Authorization.
        let mut headers = http::HeaderMap::with_capacity(signed.header_count() + 1);
        signed.append_to(&mut headers)?;
        Ok(Authorized {
            target: signed.target().to_owned(),
            headers,
        })
    }
}

impl Authorize for Anonymous {
    fn authorize(
        &self,
        request: &Outgoing<'_>,
        _secrets: &Secrets,
        _now: jiff::Timestamp,
    ) -> Result<Authorized> {
        unsigned(request, request.query, None)
    }
}

impl Authorize for BearerToken {
    fn authorize(
        &self,
        request: &Outgoing<'_>,
        secrets: &Secrets,
        _now: jiff::Timestamp,
    ) -> Result<Authorized> {
        let token = secrets
            .bearer_token
            .as_ref()
            .ok_or_else(|| missing("a bearer token", "`.bearer_token(token)`"))?;
        let value = format!("Bearer {}", token.expose());
        unsigned(request, request.query, Some(("authorization", &value)))
    }
}

impl Authorize for ApiKey {
    fn authorize(
        &self,
        request: &Outgoing<'_>,
        secrets: &Secrets,
        _now: jiff::Timestamp,
    ) -> Result<Authorized> {
        let key = secrets
            .api_key
            .as_ref()
            .ok_or_else(|| missing("an API key", "`.api_key(key)`"))?;
        if self.in_query {
            let mut query = request.query.to_vec();
            query.push((
                self.name.to_owned(),
                QueryValue::Str(key.expose().to_owned()),
            ));
            unsigned(request, &query, None)
        } else {
            unsigned(request, request.query, Some((self.name, key.expose())))
        }
    }
}

fn missing(what: &str, call: &str) -> Error {
    Error::config(format!(
        "this operation needs {what}, which the client was not given: set them with {call} on the \
         client builder"
    ))
}

/// The request as it is, plus `secret_header` (whose value is never put in an error).
fn unsigned(
    request: &Outgoing<'_>,
    query: &[(String, QueryValue)],
    secret_header: Option<(&str, &str)>,
) -> Result<Authorized> {
    let mut target = request.path.to_owned();
    if !query.is_empty() {
        target.push('?');
        target.push_str(&sign::canonical_query(query));
    }
    let mut headers = http::HeaderMap::with_capacity(request.headers.len() + 3);
    let mut insert = |name: &str, value: &str, secret: bool| -> Result<()> {
        let header = http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid_request(format!("`{name}` is not a valid header name")))?;
        let mut value = http::HeaderValue::from_str(value).map_err(|_| {
            Error::invalid_request(format!("header `{name}` has a value that cannot be sent"))
        })?;
        value.set_sensitive(secret);
        headers.append(header, value);
        Ok(())
    };
    insert("host", request.host, false)?;
    for (name, value) in request.headers {
        insert(name, value, false)?;
    }
    if let Some((name, value)) = secret_header {
        insert(name, value, true)?;
    }
    Ok(Authorized { target, headers })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request<'a>(
        query: &'a [(String, QueryValue)],
        headers: &'a [(String, String)],
    ) -> Outgoing<'a> {
        Outgoing {
            method: "GET",
            host: "api.example.com",
            path: "/v1/items",
            query,
            headers,
            body: b"",
        }
    }

    #[test]
    fn each_strategy_adds_its_proof_and_nothing_else() {
        let query = [("limit".to_owned(), QueryValue::Str("10".to_owned()))];
        let headers = [("Content-Type".to_owned(), "application/json".to_owned())];
        let secrets = Secrets {
            credentials: None,
            bearer_token: Some(Secret::new("tok-123")),
            api_key: Some(Secret::new("key 456")),
        };
        let now = jiff::Timestamp::UNIX_EPOCH;
        let plain = Anonymous
            .authorize(&request(&query, &headers), &secrets, now)
            .unwrap();
        assert_eq!(plain.target, "/v1/items?limit=10");
        assert_eq!(plain.headers["host"], "api.example.com");
        assert_eq!(plain.headers["content-type"], "application/json");
        assert!(plain.headers.get("authorization").is_none());
        assert_eq!(plain.headers.len(), 2);

        let bearer = BearerToken
            .authorize(&request(&query, &headers), &secrets, now)
            .unwrap();
        assert_eq!(bearer.headers["authorization"], "Bearer tok-123");
        assert!(bearer.headers["authorization"].is_sensitive());
        assert_eq!(bearer.target, "/v1/items?limit=10");

        let header = ApiKey::header("X-Api-Key")
            .authorize(&request(&query, &headers), &secrets, now)
            .unwrap();
        assert_eq!(header.headers["x-api-key"], "key 456");
        let in_query = ApiKey::query("api_key")
            .authorize(&request(&query, &headers), &secrets, now)
            .unwrap();
        // Sorted and encoded like every query: `api_key` before `limit`, the space as %20.
        assert_eq!(in_query.target, "/v1/items?api_key=key%20456&limit=10");
        assert!(in_query.headers.get("authorization").is_none());
    }

    #[test]
    fn a_missing_secret_names_the_builder_call_and_no_secret_is_printed() {
        let now = jiff::Timestamp::UNIX_EPOCH;
        let empty = Secrets::default();
        for (strategy, call) in [
            (&AkSkSignature as &dyn Authorize, ".credentials("),
            (&BearerToken, ".bearer_token("),
            (&ApiKey::header("X-Api-Key"), ".api_key("),
        ] {
            let e = strategy
                .authorize(&request(&[], &[]), &empty, now)
                .unwrap_err();
            assert!(matches!(e, Error::Config { .. }), "{e:?}");
            assert!(e.to_string().contains(call), "{e}");
        }
        let secrets = Secrets {
            bearer_token: Some(Secret::new("tok-123")),
            api_key: Some(Secret::new("key-456")),
            ..Secrets::default()
        };
        let debug = format!("{secrets:?}");
        assert!(
            !debug.contains("tok-123") && !debug.contains("key-456"),
            "{debug}"
        );
    }
}
