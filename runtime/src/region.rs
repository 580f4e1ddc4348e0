//! Regions and endpoints.
//!
//! The endpoint of a client is, in this order:
//!
//! 1. the explicit [`ClientBuilder::endpoint`](crate::ClientBuilder::endpoint);
//! 2. the environment variable `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>` (service and region
//!    upper-cased, `-` → `_`; e.g. `HUAWEICLOUD_SDK_REGION_KAFKA_CN_NORTH_4`), a comma-separated
//!    list of which the first endpoint is used — this also makes regions unknown to the SDK usable;
//! 3. the service's exception list ([`ServiceDescriptor::region_endpoints`]), e.g. `eu-west-101`
//!    → `https://dms.eu-west-101.myhuaweicloud.eu`;
//! 4. the service's endpoint template with `{region}` replaced, for a region the service lists
//!    (any region when it lists none).
//!
//! Without a region, a service with one fixed endpoint (a template without `{region}`) uses it; a
//! regional service, or one whose spec names no server (an empty template), needs a region or an
//! explicit endpoint. An endpoint without a scheme gets `https://`.

use std::borrow::Cow;
use std::fmt;

use crate::client::ServiceDescriptor;
use crate::env::Env;
use crate::{Error, Result};

/// A region id such as `cn-north-4`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region(Cow<'static, str>);

macro_rules! regions {
    ($($name:ident = $id:literal),* $(,)?) => {
        impl Region {
            $(
                #[doc = concat!("`", $id, "`")]
                pub const $name: Region = Region(Cow::Borrowed($id));
            )*
            /// The region ids of the constants above: the 34 regions of the official DMS for Kafka
            /// SDK. Which regions a service supports comes from its descriptor.
            pub const KNOWN_IDS: &'static [&'static str] = &[$($id),*];
        }
    };
}

regions! {
    AF_NORTH_1 = "af-north-1",
    AF_SOUTH_1 = "af-south-1",
    AE_AD_1 = "ae-ad-1",
    AP_SOUTHEAST_1 = "ap-southeast-1",
    AP_SOUTHEAST_2 = "ap-southeast-2",
    AP_SOUTHEAST_3 = "ap-southeast-3",
    AP_SOUTHEAST_4 = "ap-southeast-4",
    AP_SOUTHEAST_5 = "ap-southeast-5",
    CN_EAST_2 = "cn-east-2",
    CN_EAST_3 = "cn-east-3",
    CN_EAST_4 = "cn-east-4",
    CN_EAST_5 = "cn-east-5",
    CN_NORTH_1 = "cn-north-1",
    CN_NORTH_2 = "cn-north-2",
    CN_NORTH_4 = "cn-north-4",
    CN_NORTH_9 = "cn-north-9",
    CN_NORTH_11 = "cn-north-11",
    CN_NORTH_12 = "cn-north-12",
    CN_SOUTH_1 = "cn-south-1",
    CN_SOUTH_2 = "cn-south-2",
    CN_SOUTH_4 = "cn-south-4",
    CN_SOUTHWEST_2 = "cn-southwest-2",
    CN_SOUTHWEST_3 = "cn-southwest-3",
    EU_WEST_0 = "eu-west-0",
    EU_WEST_101 = "eu-west-101",
    LA_NORTH_2 = "la-north-2",
    LA_SOUTH_2 = "la-south-2",
    ME_EAST_1 = "me-east-1",
    MY_KUALALUMPUR_1 = "my-kualalumpur-1",
    NA_MEXICO_1 = "na-mexico-1",
    RU_MOSCOW_1 = "ru-moscow-1",
    RU_NORTHWEST_2 = "ru-northwest-2",
    SA_BRAZIL_1 = "sa-brazil-1",
    TR_WEST_1 = "tr-west-1",
}

impl Region {
    /// A region from a static id.
    pub const fn from_static(id: &'static str) -> Self {
        Self(Cow::Borrowed(id))
    }

    /// The region id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Region {
    fn from(id: &str) -> Self {
        Self(Cow::Owned(id.trim().to_owned()))
    }
}

impl From<String> for Region {
    fn from(id: String) -> Self {
        match id.trim() {
            t if t.len() == id.len() => Self(Cow::Owned(id)),
            t => Self(Cow::Owned(t.to_owned())),
        }
    }
}

impl From<&Region> for Region {
    fn from(r: &Region) -> Self {
        r.clone()
    }
}

impl AsRef<str> for Region {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Region({:?})", self.as_str())
    }
}

/// The name of the environment variable that overrides the endpoint of `service` in `region`:
/// `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`, upper-cased, `-` → `_`.
pub fn endpoint_env_var(service: &str, region: &str) -> String {
    let norm = |s: &str| s.trim().to_ascii_uppercase().replace(['-', '.'], "_");
    format!("HUAWEICLOUD_SDK_REGION_{}_{}", norm(service), norm(region))
}

/// The endpoint URL of `service` in `region` (see the [module](self) docs for the order), not yet
/// normalised.
pub fn resolve_endpoint(service: &ServiceDescriptor, region: &Region, env: &Env) -> Result<String> {
    let id = region.as_str();
    if id.is_empty() {
        return Err(Error::config("the region id is empty"));
    }
    let var = endpoint_env_var(service.name, id);
    if let Some(list) = env.get(&var)
        && let Some(first) = list.split(',').map(str::trim).find(|e| !e.is_empty())
    {
        return Ok(first.to_owned());
    }
    if let Some((_, endpoint)) = service.region_endpoints.iter().find(|(r, _)| *r == id) {
        return Ok((*endpoint).to_owned());
    }
    let regional = service.endpoint_template.contains(REGION_PLACEHOLDER);
    if regional && (service.regions.is_empty() || service.regions.contains(&id)) {
        return Ok(service.endpoint_template.replace(REGION_PLACEHOLDER, id));
    }
    if !regional {
        return Err(Error::config(format!(
            "service {} has no regional endpoints, so region `{id}` does not name one: {}; or set \
             the environment variable {var}=https://…",
            service.name,
            match service.endpoint_template {
                "" => "set the endpoint with `.endpoint(\"https://…\")`".to_owned(),
                fixed => format!(
                    "remove `.region(…)` to use its endpoint {fixed}, or set another with \
                     `.endpoint(\"https://…\")`"
                ),
            }
        )));
    }
    Err(Error::config(format!(
        "unknown region `{id}` for service {}; known regions: {}. To use another region or a \
         private endpoint, set it explicitly with `.endpoint(\"https://…\")` or set the \
         environment variable {var}=https://…",
        service.name,
        if service.regions.is_empty() {
            "none".to_owned()
        } else {
            service.regions.join(", ")
        }
    )))
}

/// Where the endpoint template takes the region.
const REGION_PLACEHOLDER: &str = "{region}";

/// The endpoint of `service` when the caller names neither a region nor an endpoint: its fixed
/// endpoint, if it has one.
pub fn default_endpoint(service: &ServiceDescriptor) -> Result<&'static str> {
    match service.endpoint_template {
        "" => Err(Error::config(format!(
            "service {} has no default endpoint (its spec names no server): call \
             `.endpoint(\"https://…\")`",
            service.name
        ))),
        regional if regional.contains(REGION_PLACEHOLDER) => Err(Error::config(format!(
            "no region or endpoint for service {}: call `.region(\"{}\")` or \
             `.endpoint(\"https://…\")`",
            service.name,
            service.regions.first().copied().unwrap_or("<region id>")
        ))),
        fixed => Ok(fixed),
    }
}

/// An endpoint split into what the client needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Endpoint {
    /// `scheme://authority`, without a trailing `/`.
    pub base: String,
    /// The authority as given (`host[:port]`): the `Host` header and its signed value.
    pub authority: String,
    /// The host to connect to (an IPv6 address without its brackets).
    pub host: String,
    /// The port to connect to (the scheme's default when the endpoint names none).
    pub port: u16,
    /// `true` for `https`.
    pub tls: bool,
}

/// Normalises an endpoint: trims, adds `https://` when there is no scheme, accepts only `http` and
/// `https`, and rejects a path (other than `/`), query, fragment or user info.
pub(crate) fn parse_endpoint(raw: &str) -> Result<Endpoint> {
    let raw = raw.trim();
    let bad = |why: &str| {
        Error::config(format!(
            "invalid endpoint `{raw}`: {why}; expected `https://host[:port]`"
        ))
    };
    if raw.is_empty() {
        return Err(bad("it is empty"));
    }
    let (scheme, rest) = match raw.split_once("://") {
        Some((s, r)) => (s.to_ascii_lowercase(), r),
        None => ("https".to_owned(), raw),
    };
    if scheme != "https" && scheme != "http" {
        return Err(bad("the scheme must be http or https"));
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if !tail.is_empty() && tail != "/" {
        return Err(bad("it must not have a path, query or fragment"));
    }
    if authority.is_empty() {
        return Err(bad("the host is missing"));
    }
    if authority.contains('@')
        || authority
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(bad("the host is not valid"));
    }
    let parsed: http::uri::Authority = authority
        .parse()
        .map_err(|_| bad("the host is not valid"))?;
    let host = parsed.host().trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return Err(bad("the host is missing"));
    }
    let tls = scheme == "https";
    // `Authority` accepts any digits after `:`; a port must fit in 16 bits.
    let port = match authority.rsplit_once(':') {
        Some((_, p)) if !authority.ends_with(']') => p
            .parse::<u16>()
            .map_err(|_| bad("the port is not a number from 0 to 65535"))?,
        _ if tls => 443,
        _ => 80,
    };
    Ok(Endpoint {
        base: format!("{scheme}://{authority}"),
        authority: authority.to_owned(),
        host: host.to_owned(),
        port,
        tls,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_parsing() {
        let e = parse_endpoint("http://127.0.0.1:8080").unwrap();
        assert_eq!(e.base, "http://127.0.0.1:8080");
        assert_eq!(e.authority, "127.0.0.1:8080");
        assert_eq!((e.host.as_str(), e.port, e.tls), ("127.0.0.1", 8080, false));
        let e = parse_endpoint(" dms.cn-north-4.myhuaweicloud.com/ ").unwrap();
        assert_eq!(e.base, "https://dms.cn-north-4.myhuaweicloud.com");
        assert_eq!(e.port, 443);
        let e = parse_endpoint("http://[::1]:9000").unwrap();
        assert_eq!((e.host.as_str(), e.port), ("::1", 9000));
        let e = parse_endpoint("https://[::1]").unwrap();
        assert_eq!(
            (e.host.as_str(), e.port, e.authority.as_str()),
            ("::1", 443, "[::1]")
        );
        for bad in [
            "",
            "ftp://x",
            "https://",
            "https://x/v2",
            "https://x?a",
            "https://u:p@x",
            "https://a b",
            "https://x:99999",
            "https://x:",
            "https://x:80a",
            "https://[::1",
        ] {
            assert!(parse_endpoint(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn region_ids() {
        assert_eq!(Region::KNOWN_IDS.len(), 34);
        assert_eq!(Region::CN_NORTH_4.as_str(), "cn-north-4");
        assert_eq!(
            Region::from(" eu-west-101 ".to_owned()),
            Region::EU_WEST_101
        );
        assert_eq!(
            endpoint_env_var("kafka", "cn-north-4"),
            "HUAWEICLOUD_SDK_REGION_KAFKA_CN_NORTH_4"
        );
    }
}
