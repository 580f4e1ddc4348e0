//! AK/SK credentials and where they come from.
//!
//! # The default chain
//!
//! A client built without [`ClientBuilder::credentials`](crate::ClientBuilder::credentials) uses
//! [`ChainProvider::default_chain`], which asks, in this order:
//!
//! 1. **Environment** ([`EnvProvider`]): `HUAWEICLOUD_SDK_AK` and `HUAWEICLOUD_SDK_SK`, or, when
//!    neither is set, `CLOUD_SDK_AK` and `CLOUD_SDK_SK` (the names of the documentation's
//!    examples); plus `HUAWEICLOUD_SDK_PROJECT_ID` and `HUAWEICLOUD_SDK_SECURITY_TOKEN`.
//! 2. **Profile file** ([`ProfileProvider`]): the INI file named by
//!    `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`; section
//!    `[basiccredentials]` (what the official SDK's implicit chain reads), else `[basic]`; keys
//!    `ak`, `sk`, `project_id`, `security_token`.
//!
//! The first source that is *configured* wins. A source that is configured but incomplete (an AK
//! without an SK, a section without `sk`, an explicitly named file that is missing) is an error
//! naming what is missing; the chain does not silently move on to the next source.
//!
//! Not supported (yet): the official SDK's OIDC, ECS metadata and pod identity sources, global
//! (`domain_id`) credentials, and the IAM look-up of a missing project id.
//!
//! Secrets never appear in `Debug`, `Display` or error messages.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::env::Env;
use crate::{Error, Result};

/// Environment variable: access key id.
pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
/// Environment variable: secret access key.
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
/// Environment variable: project id.
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
/// Environment variable: security token of temporary credentials.
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
/// Environment variable (documentation examples): access key id.
pub const ENV_CLOUD_AK: &str = "CLOUD_SDK_AK";
/// Environment variable (documentation examples): secret access key.
pub const ENV_CLOUD_SK: &str = "CLOUD_SDK_SK";
/// Environment variable: path of the profile file.
pub const ENV_CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";
/// Profile sections read, in order.
pub const PROFILE_SECTIONS: [&str; 2] = ["basiccredentials", "basic"];

/// AK/SK credentials for regional services, with an optional project id and security token.
///
/// The secret key and the token are never shown by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key: String,
    secret_key: String,
    project_id: Option<String>,
    security_token: Option<String>,
}

impl Credentials {
    /// Permanent credentials from an access key id and a secret access key.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Self {
            access_key: access_key.into(),
            secret_key: secret_key.into(),
            project_id: None,
            security_token: None,
        }
    }

    /// Sets the project id (sent as `X-Project-Id` and filled into `{project_id}` in paths).
    pub fn with_project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = Some(project_id.into());
        self
    }

    /// Sets the security token of temporary credentials (sent as `X-Security-Token`).
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(token.into());
        self
    }

    /// The access key id.
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret access key. Handle with care: never log it.
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// The project id, if set.
    pub fn project_id(&self) -> Option<&str> {
        self.project_id.as_deref()
    }

    /// The security token, if set. Handle with care: never log it.
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// From the process environment (see [`EnvProvider`]); an error when not set.
    pub fn from_env() -> Result<Self> {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// From environment variables read through `lookup` (see [`EnvProvider`]).
    pub fn from_env_with(lookup: impl Fn(&str) -> Option<String>) -> Result<Self> {
        env_credentials(&|name| lookup(name).filter(|v| !v.trim().is_empty()))?.ok_or_else(|| {
            Error::config(format!(
                "no credentials in the environment: set {ENV_AK} and {ENV_SK} \
                 (or {ENV_CLOUD_AK} and {ENV_CLOUD_SK}), and {ENV_PROJECT_ID}"
            ))
        })
    }

    /// From the profile file found through the process environment (see [`ProfileProvider`]).
    pub fn from_profile() -> Result<Self> {
        Self::from_profile_with(|name| std::env::var(name).ok())
    }

    /// From the profile file found through `lookup` (see [`ProfileProvider`]).
    pub fn from_profile_with(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Result<Self> {
        ProfileProvider::new(Env::from_fn(lookup))
            .provide()?
            .ok_or_else(|| Error::config(no_credentials_message()))
    }

    /// From the given profile file (see [`ProfileProvider`]).
    pub fn from_profile_file(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        profile_credentials(path, true)?.ok_or_else(|| {
            Error::config(format!(
                "the credentials file {} has no [basiccredentials] or [basic] section",
                path.display()
            ))
        })
    }

    /// From the default chain over the process environment (see the [module](self) docs).
    pub fn from_default_chain() -> Result<Self> {
        ChainProvider::default_chain(Env::process()).resolve()
    }

    /// From the default chain over environment variables read through `lookup`.
    pub fn from_default_chain_with(
        lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Result<Self> {
        ChainProvider::default_chain(Env::from_fn(lookup)).resolve()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"***")
            .field("project_id", &self.project_id)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| "***"),
            )
            .finish()
    }
}

impl fmt::Display for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "access key {}", self.access_key)?;
        if let Some(p) = &self.project_id {
            write!(f, ", project {p}")?;
        }
        if self.security_token.is_some() {
            f.write_str(", temporary (with security token)")?;
        }
        Ok(())
    }
}

/// A source of credentials.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// A short name for messages (e.g. `environment`).
    fn name(&self) -> &'static str;

    /// `Ok(None)` when this source is not configured at all, `Ok(Some)` when it gives credentials,
    /// `Err` when it is configured but incomplete or unreadable.
    fn provide(&self) -> Result<Option<Credentials>>;
}

impl ProvideCredentials for Credentials {
    fn name(&self) -> &'static str {
        "static"
    }
    fn provide(&self) -> Result<Option<Credentials>> {
        Ok(Some(self.clone()))
    }
}

/// Credentials from environment variables: `HUAWEICLOUD_SDK_AK`/`_SK` (or
/// `CLOUD_SDK_AK`/`CLOUD_SDK_SK` when neither of those is set), `HUAWEICLOUD_SDK_PROJECT_ID`,
/// `HUAWEICLOUD_SDK_SECURITY_TOKEN`.
///
/// Not configured when none of the AK, SK and token variables is set. Half-set (an AK without an
/// SK, a token without AK/SK) is an error naming the missing variable.
#[derive(Clone, Debug, Default)]
pub struct EnvProvider {
    env: Env,
}

impl EnvProvider {
    /// Reads from `env`.
    pub fn new(env: Env) -> Self {
        Self { env }
    }
}

impl ProvideCredentials for EnvProvider {
    fn name(&self) -> &'static str {
        "environment"
    }
    fn provide(&self) -> Result<Option<Credentials>> {
        env_credentials(&|name| self.env.get(name))
    }
}

fn env_credentials(get: &dyn Fn(&str) -> Option<String>) -> Result<Option<Credentials>> {
    let (ak_name, sk_name) = if get(ENV_AK).is_some() || get(ENV_SK).is_some() {
        (ENV_AK, ENV_SK)
    } else if get(ENV_CLOUD_AK).is_some() || get(ENV_CLOUD_SK).is_some() {
        (ENV_CLOUD_AK, ENV_CLOUD_SK)
    } else if get(ENV_SECURITY_TOKEN).is_some() {
        return Err(Error::config(format!(
            "{ENV_SECURITY_TOKEN} is set but {ENV_AK} and {ENV_SK} are not: temporary \
             credentials need all three"
        )));
    } else {
        return Ok(None);
    };
    let ak = get(ak_name);
    let sk = get(sk_name);
    let (ak, sk) = match (ak, sk) {
        (Some(ak), Some(sk)) => (ak, sk),
        (Some(_), None) => {
            return Err(Error::config(format!(
                "{ak_name} is set but {sk_name} is not: set both"
            )));
        }
        _ => {
            return Err(Error::config(format!(
                "{sk_name} is set but {ak_name} is not: set both"
            )));
        }
    };
    let mut c = Credentials::new(ak.trim(), sk.trim());
    if let Some(p) = get(ENV_PROJECT_ID) {
        c = c.with_project_id(p.trim());
    }
    if let Some(t) = get(ENV_SECURITY_TOKEN) {
        c = c.with_security_token(t.trim());
    }
    Ok(Some(c))
}

/// Credentials from the profile file: `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else
/// `~/.huaweicloud/credentials` (home from `HOME`, else `USERPROFILE`).
///
/// The file is INI: `[section]` lines, `key = value` (or `key: value`) lines, comments starting
/// with `#` or `;`. Section `[basiccredentials]` is read, else `[basic]`; keys `ak`, `sk`,
/// `project_id`, `security_token` (key names ignore case).
///
/// Not configured when the default file does not exist or has neither section. An error when the
/// file named by the variable does not exist, the file cannot be read or parsed, or the section
/// lacks `ak` or `sk`.
#[derive(Clone, Debug, Default)]
pub struct ProfileProvider {
    env: Env,
    path: Option<PathBuf>,
}

impl ProfileProvider {
    /// Finds the file through `env`.
    pub fn new(env: Env) -> Self {
        Self { env, path: None }
    }

    /// Reads this file (which must exist).
    pub fn with_path(path: impl Into<PathBuf>) -> Self {
        Self {
            env: Env::process(),
            path: Some(path.into()),
        }
    }

    /// The file this provider reads, and whether it was named explicitly.
    fn location(&self) -> Option<(PathBuf, bool)> {
        if let Some(p) = &self.path {
            return Some((p.clone(), true));
        }
        if let Some(p) = self.env.get(ENV_CREDENTIALS_FILE) {
            return Some((PathBuf::from(p), true));
        }
        let home = self
            .env
            .get("HOME")
            .or_else(|| self.env.get("USERPROFILE"))?;
        Some((
            Path::new(&home).join(".huaweicloud").join("credentials"),
            false,
        ))
    }
}

impl ProvideCredentials for ProfileProvider {
    fn name(&self) -> &'static str {
        "profile file"
    }
    fn provide(&self) -> Result<Option<Credentials>> {
        match self.location() {
            Some((path, explicit)) => profile_credentials(&path, explicit),
            None => Ok(None),
        }
    }
}

fn profile_credentials(path: &Path, must_exist: bool) -> Result<Option<Credentials>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => return Ok(None),
        Err(e) => {
            return Err(Error::config(format!(
                "cannot read the credentials file {}: {e}",
                path.display()
            )));
        }
    };
    let ini = parse_ini(&text).map_err(|line| {
        Error::config(format!(
            "the credentials file {} is not valid INI at line {line} (expected `[section]`, \
             `key = value` or a comment)",
            path.display()
        ))
    })?;
    let Some((section, entries)) = PROFILE_SECTIONS
        .iter()
        .find_map(|s| ini.iter().rev().find(|(name, _)| name == s))
    else {
        return Ok(None);
    };
    let get = |key: &str| {
        entries
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let missing: Vec<&str> = ["ak", "sk"]
        .into_iter()
        .filter(|k| get(k).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(Error::config(format!(
            "section [{section}] of the credentials file {} has no `{}`",
            path.display(),
            missing.join("` and `")
        )));
    }
    let mut c = Credentials::new(get("ak").unwrap_or_default(), get("sk").unwrap_or_default());
    if let Some(p) = get("project_id") {
        c = c.with_project_id(p);
    }
    if let Some(t) = get("security_token") {
        c = c.with_security_token(t);
    }
    Ok(Some(c))
}

type Section = (String, Vec<(String, String)>);

/// A small INI parser: sections with their `key = value` entries (keys lower-cased, values
/// trimmed). The error is the 1-based number of the first line it cannot read (never the line
/// itself, which may hold a secret).
fn parse_ini(text: &str) -> std::result::Result<Vec<Section>, usize> {
    let mut sections: Vec<Section> = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = raw.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(rest) = line.strip_prefix('[') {
            let name = rest.strip_suffix(']').ok_or(n + 1)?;
            sections.push((name.trim().to_owned(), Vec::new()));
            continue;
        }
        let pos = line.find(['=', ':']).ok_or(n + 1)?;
        let (key, value) = (line[..pos].trim(), line[pos + 1..].trim());
        if key.is_empty() {
            return Err(n + 1);
        }
        // Entries before any section are ignored, as configparser would reject them anyway.
        if let Some((_, entries)) = sections.last_mut() {
            entries.push((key.to_ascii_lowercase(), value.to_owned()));
        }
    }
    Ok(sections)
}

/// Providers asked in order; the first configured one wins (see the [module](self) docs).
#[derive(Clone, Debug)]
pub struct ChainProvider {
    providers: Vec<Arc<dyn ProvideCredentials>>,
}

impl ChainProvider {
    /// A chain of the given providers.
    pub fn new(providers: Vec<Arc<dyn ProvideCredentials>>) -> Self {
        Self { providers }
    }

    /// The default chain: environment, then profile file, both read through `env`.
    pub fn default_chain(env: Env) -> Self {
        Self::new(vec![
            Arc::new(EnvProvider::new(env.clone())),
            Arc::new(ProfileProvider::new(env)),
        ])
    }

    /// The credentials of the first configured provider; an error when one is broken or none is
    /// configured.
    pub fn resolve(&self) -> Result<Credentials> {
        self.provide()?
            .ok_or_else(|| Error::config(no_credentials_message()))
    }
}

fn no_credentials_message() -> String {
    format!(
        "no credentials found: pass them with `.credentials(Credentials::new(ak, sk)\
         .with_project_id(..))`, or set {ENV_AK} and {ENV_SK} (or {ENV_CLOUD_AK} and \
         {ENV_CLOUD_SK}) and {ENV_PROJECT_ID}, or write them (ak, sk, project_id) in section \
         [basiccredentials] of ~/.huaweicloud/credentials or of the file named by \
         {ENV_CREDENTIALS_FILE}"
    )
}

impl ProvideCredentials for ChainProvider {
    fn name(&self) -> &'static str {
        "default chain"
    }
    fn provide(&self) -> Result<Option<Credentials>> {
        for p in &self.providers {
            if let Some(c) = p.provide()? {
                tracing::debug!(
                    source = p.name(),
                    access_key = c.access_key(),
                    "credentials found"
                );
                return Ok(Some(c));
            }
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::parse_ini;

    #[test]
    fn ini_parsing() {
        let ini = parse_ini("# c\n[basic]\nAK = a\nsk: b=c\n; x\n\n[other]\nk=v\n");
        assert_eq!(
            ini,
            Ok(vec![
                (
                    "basic".to_owned(),
                    vec![("ak".into(), "a".into()), ("sk".into(), "b=c".into())]
                ),
                ("other".to_owned(), vec![("k".into(), "v".into())]),
            ])
        );
        assert_eq!(parse_ini("[basic]\nsecret-without-separator\n"), Err(2));
        assert_eq!(parse_ini("[basic\n"), Err(1));
        assert_eq!(parse_ini("[basic]\n=v\n"), Err(2));
    }
}
