//! Where environment variables are read from.
//!
//! Everything in this crate that reads environment variables (credentials, region endpoint
//! overrides, the home directory) goes through an [`Env`], so tests and embedding applications
//! can supply variables without touching the process environment.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// A source of environment variables: the process environment or a lookup function.
///
/// Empty and whitespace-only values count as unset, so `HUAWEICLOUD_SDK_AK=` behaves like a
/// variable that is not set at all.
#[derive(Clone)]
pub struct Env {
    lookup: Arc<Lookup>,
}

impl Env {
    /// The process environment (`std::env::var`; values that are not valid UTF-8 count as unset).
    pub fn process() -> Self {
        Self::from_fn(|name| std::env::var(name).ok())
    }

    /// A lookup function, e.g. a closure over a map in a test.
    pub fn from_fn(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Self {
            lookup: Arc::new(lookup),
        }
    }

    /// A fixed set of variables; every other name is unset.
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        let map: HashMap<String, String> = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Self::from_fn(move |name| map.get(name).cloned())
    }

    /// The value of `name`, or `None` when it is unset, empty or only whitespace.
    pub fn get(&self, name: &str) -> Option<String> {
        (self.lookup)(name).filter(|v| !v.trim().is_empty())
    }
}

impl Default for Env {
    fn default() -> Self {
        Self::process()
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Values may be secrets: never print them.
        f.write_str("Env { .. }")
    }
}
