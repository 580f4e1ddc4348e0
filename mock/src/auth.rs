//! Authentication as the API gateway does it: `SDK-HMAC-SHA256` verification
//! ([`huaweicloud_core::sign::verify`]) and the project check.
//!
//! Every signature problem is a 401 `APIGW.0301` whose message says what is wrong (the gateway's
//! messages are as terse as "verify aksk signature fail"; the emulator adds the reason, never a
//! secret or the expected signature). The server's canonical request is logged at `debug` level
//! when a signature does not match, to help debug a client.
//!
//! Lenient mode (`--lenient-auth`, for tools that cannot sign) still requires an `Authorization`
//! header, as the spec declares one, but accepts any value: a failed verification is logged as a
//! warning and the request goes on without the project check. A request that does verify still
//! gets the project check.
//!
//! The project check (403 `APIGW.0302`): when the signer's credentials have a project id, the
//! `X-Project-Id` header (when sent) and every path parameter filled from the credentials'
//! project (`x-from-credentials: project_id`, or named `project_id`) must equal it; without a
//! configured project they must equal `X-Project-Id` when that is sent.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use codegen::spec::{Operation, ParamLocation};
use huaweicloud_core::sign::{
    HEADER_SDK_DATE, ReceivedRequest, VerifyError, VerifyOptions, verify,
};

use crate::error::ApiError;

/// The largest accepted difference between `X-Sdk-Date` and the emulator's clock.
pub const MAX_CLOCK_SKEW: Duration = Duration::from_secs(15 * 60);

/// The emulator's "now", used to check `X-Sdk-Date`. Cheap to clone.
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> jiff::Timestamp + Send + Sync>);

impl Clock {
    /// The system clock (the default).
    pub fn system() -> Self {
        Self(Arc::new(jiff::Timestamp::now))
    }

    /// A clock that always says `t`.
    pub fn fixed(t: jiff::Timestamp) -> Self {
        Self(Arc::new(move || t))
    }

    /// A clock computed by `f` on every request.
    pub fn from_fn(f: impl Fn() -> jiff::Timestamp + Send + Sync + 'static) -> Self {
        Self(Arc::new(f))
    }

    /// The current time.
    pub fn now(&self) -> jiff::Timestamp {
        (self.0)()
    }
}

impl Default for Clock {
    fn default() -> Self {
        Self::system()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Clock").field(&self.now()).finish()
    }
}

/// An accepted AK/SK pair and its project. `Debug` hides the secret key.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Identity {
    pub(crate) access_key: String,
    pub(crate) secret_key: String,
    pub(crate) project_id: Option<String>,
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identity")
            .field("access_key", &self.access_key)
            .field("secret_key", &"***")
            .field("project_id", &self.project_id)
            .finish()
    }
}

/// The authentication settings of a running emulator.
#[derive(Clone, Debug)]
pub(crate) struct Auth {
    pub(crate) identities: Vec<Identity>,
    pub(crate) lenient: bool,
    pub(crate) clock: Clock,
}

fn describe(e: &VerifyError) -> String {
    const DATE_UNUSABLE: &str =
        "X-Sdk-Date is missing, unsigned or not in the format YYYYMMDDTHHMMSSZ";
    match e {
        VerifyError::MissingAuthorization => {
            "Authorization header not found; sign the request with SDK-HMAC-SHA256".to_owned()
        }
        VerifyError::UnknownAccessKey(ak) => {
            format!("Get secretKey failed, ak: {ak}, err: ak not exist")
        }
        VerifyError::SignatureMismatch { .. } => "verify aksk signature fail".to_owned(),
        VerifyError::ClockSkew { skew_seconds } => format!(
            "X-Sdk-Date is {skew_seconds} s away from the server time; at most {} s are allowed",
            MAX_CLOCK_SKEW.as_secs()
        ),
        VerifyError::RequiredHeaderNotSigned(h) if h.eq_ignore_ascii_case(HEADER_SDK_DATE) => {
            DATE_UNUSABLE.to_owned()
        }
        VerifyError::InvalidDate => DATE_UNUSABLE.to_owned(),
        VerifyError::MissingSignedHeader(h) if h.eq_ignore_ascii_case(HEADER_SDK_DATE) => {
            "X-Sdk-Date is missing".to_owned()
        }
        other => other.to_string(),
    }
}

impl Auth {
    /// Checks the signature and the project of a request for `op`.
    pub(crate) fn check(
        &self,
        request: &ReceivedRequest<'_>,
        op: &Operation,
        path_params: &[(String, String)],
    ) -> Result<(), ApiError> {
        let options = VerifyOptions {
            max_clock_skew: Some(MAX_CLOCK_SKEW),
            now: Some(self.clock.now()),
        };
        let verified = verify(
            request,
            |ak| {
                self.identities
                    .iter()
                    .find(|i| i.access_key == ak)
                    .map(|i| i.secret_key.clone())
            },
            &options,
        );
        let verified = match verified {
            Ok(v) => v,
            Err(e) if self.lenient && e != VerifyError::MissingAuthorization => {
                tracing::debug!(error = %e, "lenient auth: accepting a request whose signature fails");
                return Ok(());
            }
            Err(e) => {
                if let VerifyError::SignatureMismatch { canonical_request } = &e {
                    tracing::debug!(%canonical_request, "signature mismatch; the server's canonical request");
                }
                return Err(ApiError::auth(describe(&e)));
            }
        };
        let expected = self
            .identities
            .iter()
            .find(|i| i.access_key == verified.access_key)
            .and_then(|i| i.project_id.clone());
        if let (Some(want), Some(sent)) = (&expected, &verified.project_id)
            && want != sent
        {
            return Err(ApiError::forbidden(
                "X-Project-Id is not the project of these credentials",
            ));
        }
        let Some(want) = expected.or(verified.project_id) else {
            return Ok(());
        };
        for p in &op.parameters {
            let from_project = p.location == ParamLocation::Path
                && (p.from_credentials.as_deref() == Some("project_id") || p.name == "project_id");
            if !from_project {
                continue;
            }
            if let Some((_, value)) = path_params.iter().find(|(k, _)| *k == p.name)
                && *value != want
            {
                return Err(ApiError::forbidden(format!(
                    "the project id in the path ('{}') is not the project of these credentials",
                    p.name
                )));
            }
        }
        Ok(())
    }
}
