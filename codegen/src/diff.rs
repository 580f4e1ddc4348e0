//! `codegen diff`: two specs → the list of changes between them, each with its verdict for existing clients on
//! the wire and for code compiled against the crate generated from the old spec, and the semver bump they call
//! for.
//!
//! Both specs go through [`crate::spec::load`] and [`crate::ir::build`], so the Rust-API verdicts follow the
//! names and types the generator really emits (a field renamed in the docs but kept by `x-rust-name` is not a
//! Rust break; an operation renamed in the docs renames its client method and request type, so it is).
//!
//! Operations are paired by method + path first (a new `operationId` there is a rename), then by
//! `operationId` (the method or path changed); the rest are added or removed. Inside a pair, parameters are
//! paired by wire name and location (then by name alone: moved), and request and success-response bodies are
//! walked structurally, fields paired by wire name. A field removed and another added with the same type are
//! reported as a removal and an addition, not a rename: the docs give no evidence that they are one field
//! (wire names are the identity on the wire, and a different wire name breaks old clients either way).
//!
//! Every verdict comes from one table, [`rule`], keyed by what changed and where the generator puts it.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::path::Path;

use serde::Serialize;

use crate::ir::{self, Output, ParamKind, Service, TypeDef, TypeRef};
use crate::spec::{self, BodyMedia, Spec};

/// How deep the body walk descends into nested types before it stops (recursive types stop earlier, at the
/// first pair of types seen twice). Generated types of the real services nest less than 10 levels.
pub const MAX_DEPTH: usize = 64;

/// One spec, loaded and lowered: the spec for what the IR does not keep (response statuses), the IR for the
/// Rust names.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated spec.
    pub spec: Spec,
    /// Its IR.
    pub service: Service,
}

/// Loads and lowers `path`; the error lists every problem of the spec.
pub fn load(path: &Path) -> Result<Loaded, crate::Error> {
    let spec = spec::load(path)?;
    let service = ir::build(&spec, path)?;
    Ok(Loaded { spec, service })
}

/// What kind of change (the `kind` of the JSON output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A new operation.
    OperationAdded,
    /// An operation is gone.
    OperationRemoved,
    /// Same method and path, new `operationId`.
    OperationRenamed,
    /// Same `operationId`, another HTTP method.
    MethodChanged,
    /// Same `operationId`, another path.
    PathChanged,
    /// A new parameter (the note says required or optional).
    ParameterAdded,
    /// A parameter is gone.
    ParameterRemoved,
    /// A parameter moved between path, query and header.
    ParameterMoved,
    /// A parameter's type changed.
    ParameterRetyped,
    /// A parameter, body or field became required or optional.
    RequiredChanged,
    /// A request body appeared.
    BodyAdded,
    /// The request body is gone.
    BodyRemoved,
    /// A request or response field appeared.
    FieldAdded,
    /// A request or response field is gone.
    FieldRemoved,
    /// A generated type no longer derives a trait (`Eq`, `Default`) it derived.
    TraitRemoved,
    /// A field's (or a whole body's) type changed.
    FieldRetyped,
    /// An enum gained a value.
    EnumValueAdded,
    /// An enum lost a value.
    EnumValueRemoved,
    /// A documented response status appeared.
    ResponseStatusAdded,
    /// A documented response status is gone.
    ResponseStatusRemoved,
    /// A success response now has a body where it had none.
    ResponseBodyAdded,
    /// A success response no longer has a body.
    ResponseBodyRemoved,
    /// A body's media type changed (JSON, text, bytes).
    MediaTypeChanged,
    /// The server URL or a region's endpoint changed.
    ServerChanged,
    /// A known region appeared.
    RegionAdded,
    /// A known region is gone.
    RegionRemoved,
    /// How requests are authorized changed (signed, anonymous, a token, an API key).
    AuthChanged,
    /// The wire is the same but the generated Rust name differs (a field, parameter or enum variant).
    RustNameChanged,
    /// A generated type has a new name (same shape).
    TypeRenamed,
    /// A field became `readOnly` or `writeOnly`, or stopped being one (it travels both ways, or the other way).
    AccessChanged,
    /// A field's documented `default` (the value of an absent member) changed, appeared or went away.
    DefaultChanged,
    /// Only documentation text changed.
    DescriptionChanged,
}

impl Kind {
    /// The kebab-case name, as in the JSON output.
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// Which way a body travels: the verdicts of a field differ between what clients send and what they read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The request: the client writes it.
    Request,
    /// The success response: the client reads it.
    Response,
}

/// The situations the verdict table distinguishes: a [`Kind`] refined by side and required-ness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    /// See [`Kind::OperationAdded`].
    OperationAdded,
    /// See [`Kind::OperationRemoved`].
    OperationRemoved,
    /// New `operationId` and with it new generated names (client method, request and builder types).
    OperationRenamed,
    /// New `operationId`, generated names kept (by `x-rust-name`).
    OperationIdChanged,
    /// See [`Kind::MethodChanged`].
    MethodChanged,
    /// See [`Kind::PathChanged`].
    PathChanged,
    /// Only the names of path placeholders changed (`{instance_id}` → `{instanceId}`): the same URL.
    PlaceholderRenamed,
    /// A required parameter appeared.
    ParamAddedRequired,
    /// An optional parameter appeared.
    ParamAddedOptional,
    /// See [`Kind::ParameterRemoved`].
    ParamRemoved,
    /// See [`Kind::ParameterMoved`].
    ParamMoved,
    /// A parameter's type changed to another non-string type.
    ParamRetyped,
    /// A parameter's type became a string (any old value is still a valid string on the wire).
    ParamRetypedToString,
    /// A parameter's number type widened (`i32` → `i64`): every old value is still valid.
    ParamWidened,
    /// An optional parameter, body or field the client sends became required.
    RequestMadeRequired,
    /// A required parameter, body or field the client sends became optional.
    RequestMadeOptional,
    /// A required request body appeared.
    BodyAddedRequired,
    /// An optional request body appeared.
    BodyAddedOptional,
    /// See [`Kind::BodyRemoved`].
    BodyRemoved,
    /// A required field appeared in what the client sends.
    RequestFieldAddedRequired,
    /// An optional field appeared in what the client sends.
    RequestFieldAddedOptional,
    /// A field the client sends is gone.
    RequestFieldRemoved,
    /// A field (or body) the client sends has another type.
    RequestFieldRetyped,
    /// A number the client sends widened (`i32` → `i64`): every old value is still valid.
    RequestFieldWidened,
    /// A field appeared in what the client reads.
    ResponseFieldAdded,
    /// A field the client reads is gone.
    ResponseFieldRemoved,
    /// A field (or body) the client reads has another type.
    ResponseFieldRetyped,
    /// A field the client reads became required.
    ResponseMadeRequired,
    /// A field the client reads became optional.
    ResponseMadeOptional,
    /// A value appeared in an enum the client sends.
    RequestEnumValueAdded,
    /// A value the client may send is gone.
    RequestEnumValueRemoved,
    /// A value appeared in an enum the client reads.
    ResponseEnumValueAdded,
    /// A value the client reads is gone.
    ResponseEnumValueRemoved,
    /// See [`Kind::ResponseStatusAdded`].
    StatusAdded,
    /// See [`Kind::ResponseStatusRemoved`].
    StatusRemoved,
    /// See [`Kind::ResponseBodyAdded`].
    ResponseBodyAdded,
    /// See [`Kind::ResponseBodyRemoved`].
    ResponseBodyRemoved,
    /// See [`Kind::MediaTypeChanged`].
    MediaTypeChanged,
    /// See [`Kind::ServerChanged`].
    ServerChanged,
    /// See [`Kind::RegionAdded`].
    RegionAdded,
    /// See [`Kind::RegionRemoved`].
    RegionRemoved,
    /// See [`Kind::AuthChanged`].
    AuthChanged,
    /// See [`Kind::RustNameChanged`].
    RustNameChanged,
    /// See [`Kind::TypeRenamed`].
    TypeRenamed,
    /// A type no longer derives `Eq` (it now holds a float or free-form JSON).
    EqRemoved,
    /// A type no longer derives `Default` (it now holds a required open enum, or a documented default).
    DefaultRemoved,
    /// A field now travels one way only (`readOnly` or `writeOnly` added, or switched).
    AccessNarrowed,
    /// A one-way field now travels both ways.
    AccessWidened,
    /// A field's `default` changed and its Rust type did not.
    DefaultChanged,
    /// A field's `default` appeared or went away and with it the `Option` around its type.
    DefaultChangedType,
    /// See [`Kind::DescriptionChanged`].
    DescriptionChanged,
}

/// The verdicts of one [`Case`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The reported kind.
    pub kind: Kind,
    /// Clients built against the old spec stop working (a request refused, a response they cannot decode, a
    /// value or behaviour they relied on gone).
    pub breaks_wire: bool,
    /// Code compiled against the old generated crate stops compiling (or is a semver-major change by Cargo's
    /// rules).
    pub breaks_rust_api: bool,
    /// Something new a user can call or read (makes the bump at least minor).
    pub adds: bool,
    /// Why, in a few words (the change's `note` starts with it).
    pub why: &'static str,
}

/// The verdict table, keyed by what the generator emits (codegen/src/rust/types.rs, operations.rs): optional
/// values are `Option<T>`, required parameters and a required body are the arguments of `Request::new` and of
/// the client method, required fields of what a caller sends are the arguments of its `new`.
///
/// The Rust-API column follows the compatibility rules of the generated crate (spec/README.md, "Compatibility of
/// the generated API"): structs and enums are `#[non_exhaustive]`, what a caller sends is built with
/// `new(required…)` and `with_<field>` setters, so adding a response field, an enum value, an optional parameter
/// or an optional request field is an addition, not a break. Not seen by this table: a new floating-point or
/// free-form field takes `Eq` from its struct (and the structs holding it), a new required enum field takes
/// `Default`; both are rare and listed in those rules.
#[rustfmt::skip]
pub fn rule(case: Case) -> Rule {
    use Case::*;
    let r = |kind, breaks_wire, breaks_rust_api, adds, why| Rule {
        kind,
        breaks_wire,
        breaks_rust_api,
        adds,
        why,
    };
    match case {
        OperationAdded => r(Kind::OperationAdded, false, false, true, "a new client method"),
        OperationRemoved => r(Kind::OperationRemoved, true, true, false, "the service no longer offers it; its client method and types are gone"),
        OperationRenamed => r(Kind::OperationRenamed, false, true, false, "same request on the wire; the client method, request and builder types are renamed"),
        OperationIdChanged => r(Kind::OperationRenamed, false, false, false, "same request on the wire; x-rust-name keeps the generated names"),
        MethodChanged => r(Kind::MethodChanged, true, false, false, "old clients send the old method"),
        PathChanged => r(Kind::PathChanged, true, false, false, "old clients send the old path"),
        PlaceholderRenamed => r(Kind::PathChanged, false, false, false, "only placeholder names: the same URL on the wire"),
        ParamAddedRequired => r(Kind::ParameterAdded, true, true, true, "required: old clients do not send it; a new argument of `new` and the client method"),
        ParamAddedOptional => r(Kind::ParameterAdded, false, false, true, "optional: a new field of the #[non_exhaustive] request struct and a new builder setter"),
        ParamRemoved => r(Kind::ParameterRemoved, true, true, false, "old clients still send it; its field and setter are gone"),
        ParamMoved => r(Kind::ParameterMoved, true, false, false, "old clients send it in the old place"),
        ParamRetyped => r(Kind::ParameterRetyped, true, true, false, "values of the old type may be refused; the field and setter change type"),
        ParamRetypedToString => r(Kind::ParameterRetyped, false, true, false, "any old value is still a valid string; the field and setter change type"),
        ParamWidened => r(Kind::ParameterRetyped, false, true, false, "a wider number: every old value is still valid; the field and setter change type"),
        RequestMadeRequired => r(Kind::RequiredChanged, true, true, false, "old clients may leave it out; `Option<T>` becomes `T` (and an argument of `new`)"),
        RequestMadeOptional => r(Kind::RequiredChanged, false, true, false, "old clients keep working; `T` becomes `Option<T>`"),
        BodyAddedRequired => r(Kind::BodyAdded, true, true, true, "old clients send no body; a new argument of `new` and the client method"),
        BodyAddedOptional => r(Kind::BodyAdded, false, false, true, "a new `body` field of the #[non_exhaustive] request struct and a new builder setter"),
        BodyRemoved => r(Kind::BodyRemoved, true, true, false, "old clients still send it; the `body` field is gone"),
        RequestFieldAddedRequired => r(Kind::FieldAdded, true, true, true, "required: old clients do not send it; a new struct field"),
        RequestFieldAddedOptional => r(Kind::FieldAdded, false, false, true, "optional: a new field and `with_` setter of a #[non_exhaustive] struct built with `new`"),
        RequestFieldRemoved => r(Kind::FieldRemoved, true, true, false, "old clients still send it (refused, or silently ignored); the struct field is gone"),
        RequestFieldRetyped => r(Kind::FieldRetyped, true, true, false, "old clients send the old type; the Rust type changes"),
        RequestFieldWidened => r(Kind::FieldRetyped, false, true, false, "a wider number: what old clients send is still valid; the Rust type changes"),
        ResponseFieldAdded => r(Kind::FieldAdded, false, false, true, "old clients ignore it; a new field of a #[non_exhaustive] struct"),
        ResponseFieldRemoved => r(Kind::FieldRemoved, true, true, false, "old clients no longer get a value they read (a required one fails to decode); the struct field is gone"),
        ResponseFieldRetyped => r(Kind::FieldRetyped, true, true, false, "old clients fail to decode the new type; the Rust type changes"),
        ResponseMadeRequired => r(Kind::RequiredChanged, false, true, false, "old clients accept it always present; `Option<T>` becomes `T`"),
        ResponseMadeOptional => r(Kind::RequiredChanged, true, true, false, "old clients fail to decode a response without it; `T` becomes `Option<T>`"),
        RequestEnumValueAdded => r(Kind::EnumValueAdded, false, false, true, "old clients never send it; a new variant of a #[non_exhaustive] enum"),
        RequestEnumValueRemoved => r(Kind::EnumValueRemoved, true, true, false, "old clients may still send it; the variant is gone"),
        ResponseEnumValueAdded => r(Kind::EnumValueAdded, false, false, true, "old clients decode it as `Unknown`; a new variant of a #[non_exhaustive] enum"),
        ResponseEnumValueRemoved => r(Kind::EnumValueRemoved, false, true, false, "old clients simply never get it; the variant is gone"),
        StatusAdded => r(Kind::ResponseStatusAdded, false, false, false, "documentation of the answers; the client accepts any 2xx and decodes errors alike"),
        StatusRemoved => r(Kind::ResponseStatusRemoved, false, false, false, "documentation of the answers; the client accepts any 2xx and decodes errors alike"),
        ResponseBodyAdded => r(Kind::ResponseBodyAdded, false, true, true, "old clients ignore it; the method returns a type instead of `()`"),
        ResponseBodyRemoved => r(Kind::ResponseBodyRemoved, true, true, false, "old clients fail to decode the empty answer; the return type changes"),
        MediaTypeChanged => r(Kind::MediaTypeChanged, true, true, false, "the body is encoded differently; its Rust type changes"),
        ServerChanged => r(Kind::ServerChanged, true, false, false, "old clients call the old endpoint"),
        RegionAdded => r(Kind::RegionAdded, false, false, true, "a new known region"),
        RegionRemoved => r(Kind::RegionRemoved, true, false, false, "clients configured for it lose their endpoint"),
        AuthChanged => r(Kind::AuthChanged, true, false, false, "old clients authorize requests the old way; the client's credentials settings are service-wide"),
        RustNameChanged => r(Kind::RustNameChanged, false, true, false, "same on the wire; the generated name changes"),
        TypeRenamed => r(Kind::TypeRenamed, false, true, false, "same shape on the wire; code naming the type breaks"),
        EqRemoved => r(Kind::TraitRemoved, false, true, false, "same on the wire; code comparing it with `==` in a generic `Eq` context or using it as a key breaks"),
        DefaultRemoved => r(Kind::TraitRemoved, false, true, false, "same on the wire; code calling `Default::default()` on it breaks"),
        AccessNarrowed => r(Kind::AccessChanged, true, true, false, "old clients send or read it the other way too; its setter, constructor argument or `Option` changes"),
        AccessWidened => r(Kind::AccessChanged, false, true, false, "old clients keep working; its setter, constructor argument or `Option` changes"),
        DefaultChanged => r(Kind::DefaultChanged, false, false, false, "old clients leaving it out get the new default; the Rust type is the same"),
        DefaultChangedType => r(Kind::DefaultChanged, false, true, false, "an absent member now has a default or no longer has one: `Option<T>` becomes `T` or back"),
        DescriptionChanged => r(Kind::DescriptionChanged, false, false, false, "documentation only"),
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind.
    pub kind: Kind,
    /// The `operationId` it belongs to (the new one when both exist); `None` for service-wide changes.
    pub operation: Option<String>,
    /// Where, as a JSON pointer into the spec (`/paths/~1v2~1items/get/parameters/query/limit`); body fields are
    /// spelled `…/schema/properties/<name>`, array items `/items`, map values `/additionalProperties`.
    pub location: String,
    /// The old value, when there is one.
    pub old: Option<String>,
    /// The new value, when there is one.
    pub new: Option<String>,
    /// Existing clients break on the wire (see [`Rule::breaks_wire`]).
    pub breaks_wire: bool,
    /// Code compiled against the old generated crate breaks (see [`Rule::breaks_rust_api`]).
    pub breaks_rust_api: bool,
    /// Why (from the table), and details.
    pub note: String,
    /// Whether it adds to the API (not in the JSON output: the semver verdict says it).
    #[serde(skip)]
    pub adds: bool,
}

/// The semver bump a list of changes calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    /// Nothing changed.
    None,
    /// Only documentation, or wire fixes that leave the Rust API as it is.
    Patch,
    /// Something was added, nothing in the Rust API broke.
    Minor,
    /// Some change breaks the Rust API.
    Major,
}

/// The verdict of `changes`: major if any breaks the Rust API, minor if any adds to it, patch if anything
/// changed at all, none otherwise.
pub fn semver(changes: &[Change]) -> Semver {
    if changes.iter().any(|c| c.breaks_rust_api) {
        Semver::Major
    } else if changes.iter().any(|c| c.adds) {
        Semver::Minor
    } else if changes.is_empty() {
        Semver::None
    } else {
        Semver::Patch
    }
}

/// A crate version `MAJOR.MINOR.PATCH` (no pre-release or build part: generated crates have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    /// Major.
    pub major: u64,
    /// Minor.
    pub minor: u64,
    /// Patch.
    pub patch: u64,
}

impl Default for Version {
    /// `0.1.0`, what a new generated crate starts at.
    fn default() -> Self {
        Version {
            major: 0,
            minor: 1,
            patch: 0,
        }
    }
}

impl std::str::FromStr for Version {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let bad = || {
            format!(
                "`{}` is not a version MAJOR.MINOR.PATCH",
                spec::shown_input(s)
            )
        };
        let parts: Vec<&str> = s.split('.').collect();
        let [major, minor, patch] = parts.as_slice() else {
            return Err(bad());
        };
        let number = |p: &str| {
            if p.is_empty()
                || !p.bytes().all(|b| b.is_ascii_digit())
                || (p.len() > 1 && p.starts_with('0'))
            {
                return Err(bad());
            }
            p.parse::<u64>().map_err(|_| bad())
        };
        Ok(Version {
            major: number(major)?,
            minor: number(minor)?,
            patch: number(patch)?,
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl Version {
    /// The next version for `bump` by Cargo's rules: the left-most non-zero part is the "major" one, so under
    /// `0.y.z` a breaking change bumps `y` and anything else bumps `z`; under `0.0.z` every change bumps `z`.
    /// Numbers saturate rather than overflow.
    pub fn bumped(self, bump: Semver) -> Version {
        let Version {
            major,
            minor,
            patch,
        } = self;
        let next = |n: u64| n.saturating_add(1);
        match (bump, major, minor) {
            (Semver::None, ..) => self,
            (_, 0, 0) => Version {
                patch: next(patch),
                ..self
            },
            (Semver::Major, 0, _) => Version {
                minor: next(minor),
                patch: 0,
                ..self
            },
            (_, 0, _) => Version {
                patch: next(patch),
                ..self
            },
            (Semver::Major, ..) => Version {
                major: next(major),
                minor: 0,
                patch: 0,
            },
            (Semver::Minor, ..) => Version {
                minor: next(minor),
                patch: 0,
                ..self
            },
            (Semver::Patch, ..) => Version {
                patch: next(patch),
                ..self
            },
        }
    }
}

/// The whole result, as printed by `codegen diff --format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The bump.
    pub semver: Semver,
    /// The crate version after it.
    pub next_version: String,
    /// Every change: those breaking the Rust API first, then wire-only breaks, additions, the rest; within
    /// each, in the order found (operation order of the new spec).
    pub changes: Vec<Change>,
}

impl Report {
    /// The report of `changes` for a crate now at `version`.
    pub fn new(mut changes: Vec<Change>, version: Version) -> Report {
        changes.sort_by_key(group);
        let semver = semver(&changes);
        Report {
            semver,
            next_version: version.bumped(semver).to_string(),
            changes,
        }
    }

    /// The JSON document (pretty-printed, with a final newline).
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// Markdown for people: the verdict, then the changes grouped, breaking ones first. Text from the specs is
    /// escaped for the terminal and cut to [`crate::spec::QUOTE_LIMIT`] characters.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "# API changes\n\nsemver: **{}**, next version: **{}**, {} change(s)\n",
            serde_json::to_value(self.semver)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            self.next_version,
            self.changes.len()
        );
        const TITLES: [&str; 4] = [
            "Breaking the Rust API",
            "Breaking existing clients on the wire",
            "Additions",
            "Other changes",
        ];
        for (index, title) in TITLES.iter().enumerate() {
            let items: Vec<&Change> = self.changes.iter().filter(|c| group(c) == index).collect();
            if items.is_empty() {
                continue;
            }
            out.push_str(&format!("\n## {title}\n\n"));
            for c in items {
                let shown = |v: &Option<String>| {
                    v.as_deref()
                        .map_or_else(|| "—".to_owned(), |v| format!("`{}`", spec::shown_input(v)))
                };
                out.push_str(&format!(
                    "- **{}** {}`{}`: {} → {}{}. {}\n",
                    c.kind.as_str(),
                    c.operation
                        .as_deref()
                        .map_or(String::new(), |o| format!("{} ", spec::shown_input(o))),
                    spec::shown_input(&c.location),
                    shown(&c.old),
                    shown(&c.new),
                    if c.breaks_wire && index == 0 {
                        " (also breaks the wire)"
                    } else {
                        ""
                    },
                    spec::shown_input(&c.note)
                ));
            }
        }
        out
    }
}

/// The Markdown group of a change: 0 Rust API break, 1 wire-only break, 2 addition, 3 the rest.
fn group(c: &Change) -> usize {
    if c.breaks_rust_api {
        0
    } else if c.breaks_wire {
        1
    } else if c.adds {
        2
    } else {
        3
    }
}

/// Every change from `old` to `new`.
pub fn diff(old: &Loaded, new: &Loaded) -> Vec<Change> {
    let mut out = Changes::default();
    servers(&old.service, &new.service, &mut out);
    operations(old, new, &mut out);
    traits(&old.service, &new.service, &mut out);
    out.list
}

/// Types of both versions (by Rust name) that lost `Eq` or `Default`: a field added to a response struct is
/// an addition, but a float or free-form JSON field takes `Eq` away from it and from every type holding it.
fn traits(old: &Service, new: &Service, out: &mut Changes) {
    let before = crate::rust::derived_traits(&old.types);
    let after = crate::rust::derived_traits(&new.types);
    for (name, &(default_before, eq_before)) in &before {
        let Some(&(default_after, eq_after)) = after.get(name) else {
            continue;
        };
        let location = format!("/x-rust-types/{}", segment(name));
        if eq_before && !eq_after {
            out.push(
                Case::EqRemoved,
                None,
                location.clone(),
                Some("Eq".into()),
                None,
                "",
            );
        }
        if default_before && !default_after {
            out.push(
                Case::DefaultRemoved,
                None,
                location,
                Some("Default".into()),
                None,
                "",
            );
        }
    }
}

/// The changes found so far.
#[derive(Default)]
struct Changes {
    list: Vec<Change>,
}

impl Changes {
    fn push(
        &mut self,
        case: Case,
        operation: Option<&str>,
        location: String,
        old: Option<String>,
        new: Option<String>,
        detail: &str,
    ) {
        let rule = rule(case);
        let note = if detail.is_empty() {
            rule.why.to_owned()
        } else {
            format!("{}; {detail}", rule.why)
        };
        self.list.push(Change {
            kind: rule.kind,
            operation: operation.map(str::to_owned),
            location,
            old,
            new,
            breaks_wire: rule.breaks_wire,
            breaks_rust_api: rule.breaks_rust_api,
            note,
            adds: rule.adds,
        });
    }
}

/// One segment of a JSON pointer (`~` → `~0`, `/` → `~1`).
fn segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn servers(old: &Service, new: &Service, out: &mut Changes) {
    let (o, n) = (&old.endpoint, &new.endpoint);
    if o.template != n.template {
        out.push(
            Case::ServerChanged,
            None,
            "/servers/0/url".into(),
            Some(o.template.clone()).filter(|t| !t.is_empty()),
            Some(n.template.clone()).filter(|t| !t.is_empty()),
            "",
        );
    }
    let regions = |e: &ir::Endpoint| e.regions.iter().cloned().collect::<BTreeSet<_>>();
    let (or, nr) = (regions(o), regions(n));
    let at = |r: &str| format!("/servers/0/variables/region/enum/{}", segment(r));
    for r in or.difference(&nr) {
        out.push(Case::RegionRemoved, None, at(r), Some(r.clone()), None, "");
    }
    for r in nr.difference(&or) {
        out.push(Case::RegionAdded, None, at(r), None, Some(r.clone()), "");
    }
    let at = |r: &str| format!("/servers/0/x-region-endpoints/{}", segment(r));
    for (region, url) in &o.region_endpoints {
        let now = n.region_endpoints.iter().find(|(r, _)| r == region);
        if now.is_none_or(|(_, u)| u != url) {
            let detail = "this region's endpoint";
            out.push(
                Case::ServerChanged,
                None,
                at(region),
                Some(url.clone()),
                now.map(|(_, u)| u.clone()),
                detail,
            );
        }
    }
    for (region, url) in &n.region_endpoints {
        if !o.region_endpoints.iter().any(|(r, _)| r == region) {
            out.push(
                Case::ServerChanged,
                None,
                at(region),
                None,
                Some(url.clone()),
                "this region's endpoint",
            );
        }
    }
}

/// An operation of one side: the IR's and the spec's.
#[derive(Clone, Copy)]
struct Op<'a> {
    ir: &'a ir::Operation,
    spec: Option<&'a spec::Operation>,
}

fn ops(loaded: &Loaded) -> Vec<Op<'_>> {
    loaded
        .service
        .operations
        .iter()
        .map(|ir| Op {
            ir,
            spec: loaded.spec.operations.iter().find(|s| s.id == ir.id),
        })
        .collect()
}

/// The path with its placeholders' names left out (`/v2/{}/instances`): the URL on the wire does not depend on
/// them, so two paths with the same template are the same path.
fn template(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut rest = path;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        out.push_str("{}");
        rest = after.split_once('}').map_or("", |(_, tail)| tail);
    }
    out.push_str(rest);
    out
}

fn op_pointer(op: &ir::Operation) -> String {
    format!(
        "/paths/{}/{}",
        segment(&op.path),
        op.http_method.as_str().to_ascii_lowercase()
    )
}

fn operations(old: &Loaded, new: &Loaded, out: &mut Changes) {
    let old_ops = ops(old);
    let new_ops = ops(new);
    let mut old_used = vec![false; old_ops.len()];
    let mut pairs: Vec<(Option<usize>, usize)> = Vec::new();
    // Method + path first (placeholder names aside): the request on the wire is the identity of an operation.
    for (n, new_op) in new_ops.iter().enumerate() {
        let found = old_ops.iter().enumerate().position(|(o, old_op)| {
            !old_used[o]
                && old_op.ir.http_method == new_op.ir.http_method
                && template(&old_op.ir.path) == template(&new_op.ir.path)
        });
        if let Some(o) = found {
            old_used[o] = true;
        }
        pairs.push((found, n));
    }
    // Then operationId: the same operation moved to another method or path.
    for pair in pairs.iter_mut().filter(|p| p.0.is_none()) {
        let id = &new_ops[pair.1].ir.id;
        if let Some(o) = (0..old_ops.len()).find(|&o| !old_used[o] && &old_ops[o].ir.id == id) {
            old_used[o] = true;
            pair.0 = Some(o);
        }
    }
    for old_op in old_ops
        .iter()
        .zip(&old_used)
        .filter(|(_, used)| !**used)
        .map(|(op, _)| op)
    {
        out.push(
            Case::OperationRemoved,
            Some(&old_op.ir.id),
            op_pointer(old_op.ir),
            Some(format!(
                "{} {}",
                old_op.ir.http_method.as_str(),
                old_op.ir.path
            )),
            None,
            &format!("`Client::{}` is gone", old_op.ir.method_name),
        );
    }
    for (found, n) in pairs {
        let new_op = new_ops[n];
        match found {
            None => out.push(
                Case::OperationAdded,
                Some(&new_op.ir.id),
                op_pointer(new_op.ir),
                None,
                Some(format!(
                    "{} {}",
                    new_op.ir.http_method.as_str(),
                    new_op.ir.path
                )),
                &format!("`Client::{}`", new_op.ir.method_name),
            ),
            Some(o) => operation(old, new, old_ops[o], new_op, out),
        }
    }
}

fn operation(old: &Loaded, new: &Loaded, o: Op<'_>, n: Op<'_>, out: &mut Changes) {
    let id = Some(n.ir.id.as_str());
    let at = op_pointer(n.ir);
    if o.ir.id != n.ir.id {
        let names = |op: &ir::Operation| {
            (
                op.method_name.clone(),
                op.request_type.clone(),
                op.builder_type.clone(),
            )
        };
        let case = if names(o.ir) == names(n.ir) {
            Case::OperationIdChanged
        } else {
            Case::OperationRenamed
        };
        let detail = format!(
            "`Client::{}` → `Client::{}`",
            o.ir.method_name, n.ir.method_name
        );
        out.push(
            case,
            id,
            format!("{at}/operationId"),
            Some(o.ir.id.clone()),
            Some(n.ir.id.clone()),
            &detail,
        );
    }
    if o.ir.http_method != n.ir.http_method {
        let (om, nm) = (o.ir.http_method.as_str(), n.ir.http_method.as_str());
        out.push(
            Case::MethodChanged,
            id,
            at.clone(),
            Some(om.into()),
            Some(nm.into()),
            "",
        );
    }
    if o.ir.path != n.ir.path {
        let case = if template(&o.ir.path) == template(&n.ir.path) {
            Case::PlaceholderRenamed
        } else {
            Case::PathChanged
        };
        out.push(
            case,
            id,
            at.clone(),
            Some(o.ir.path.clone()),
            Some(n.ir.path.clone()),
            "",
        );
    }

    for (what, ov, nv) in [
        ("summary", &o.ir.summary, &n.ir.summary),
        ("description", &o.ir.description, &n.ir.description),
    ] {
        if ov != nv {
            out.push(
                Case::DescriptionChanged,
                id,
                format!("{at}/{what}"),
                ov.clone(),
                nv.clone(),
                "",
            );
        }
    }
    if o.ir.auth != n.ir.auth {
        let (oa, na) = (format!("{:?}", o.ir.auth), format!("{:?}", n.ir.auth));
        out.push(
            Case::AuthChanged,
            id,
            format!("{at}/security"),
            Some(oa),
            Some(na),
            "",
        );
    }
    let mut walk = Walk {
        old: &old.service,
        new: &new.service,
        op: &n.ir.id,
        seen: HashSet::new(),
        out,
    };
    walk.params(&at, o.ir, n.ir);
    walk.body(&at, o.ir, n.ir);
    walk.output(&at, o.ir, n.ir);
    statuses(&at, &n.ir.id, o.spec, n.spec, walk.out);
}

fn statuses(
    at: &str,
    id: &str,
    o: Option<&spec::Operation>,
    n: Option<&spec::Operation>,
    out: &mut Changes,
) {
    let set = |op: Option<&spec::Operation>| {
        op.map(|op| {
            op.responses
                .iter()
                .map(|r| r.status.clone())
                .collect::<BTreeSet<_>>()
        })
        .unwrap_or_default()
    };
    let (os, ns) = (set(o), set(n));
    for s in os.difference(&ns) {
        out.push(
            Case::StatusRemoved,
            Some(id),
            format!("{at}/responses/{}", segment(s)),
            Some(s.clone()),
            None,
            "",
        );
    }
    for s in ns.difference(&os) {
        out.push(
            Case::StatusAdded,
            Some(id),
            format!("{at}/responses/{}", segment(s)),
            None,
            Some(s.clone()),
            "",
        );
    }
}

/// Rust spelling of a type, for `old`/`new`.
fn rust_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Bytes => "Vec<u8>".into(),
        TypeRef::CompactDateTime => "CompactDateTime".into(),
        TypeRef::Timestamp => "jiff::Timestamp".into(),
        TypeRef::Date => "jiff::civil::Date".into(),
        TypeRef::Base64 => "Base64Bytes".into(),
        TypeRef::Binary => "Binary".into(),
        TypeRef::Vec(t) => format!("Vec<{}>", rust_type(t)),
        TypeRef::Map(t) => format!("BTreeMap<String, {}>", rust_type(t)),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Boxed(t) => format!("Box<{}>", rust_type(t)),
        TypeRef::Nullable(t) => format!("Option<{}> (null accepted)", rust_type(t)),
    }
}

fn param_location(kind: ParamKind) -> &'static str {
    match kind {
        ParamKind::Path | ParamKind::FromCredentials => "path",
        ParamKind::Query { .. } => "query",
        ParamKind::Header { .. } => "header",
    }
}

fn media(m: &BodyMedia) -> &str {
    match m {
        BodyMedia::Json => "application/json",
        BodyMedia::Text(t) | BodyMedia::Bytes(t) => t,
        BodyMedia::Form => "application/x-www-form-urlencoded",
        BodyMedia::Multipart => "multipart/form-data",
    }
}

/// What a type is, aliases and boxes looked through.
enum Shape<'a> {
    Plain(&'a TypeRef),
    Vec(&'a TypeRef),
    Map(&'a TypeRef),
    Def(&'a TypeDef),
}

fn shape<'a>(service: &'a Service, mut ty: &'a TypeRef) -> Shape<'a> {
    // Aliases name earlier types, boxes wrap one type: a chain longer than the type count is a cycle.
    for _ in 0..=service.types.len() {
        match ty {
            TypeRef::Boxed(inner) | TypeRef::Nullable(inner) => ty = inner,
            TypeRef::Vec(inner) => return Shape::Vec(inner),
            TypeRef::Map(inner) => return Shape::Map(inner),
            TypeRef::Named(name) => match service.types.iter().find(|t| t.name() == name) {
                Some(TypeDef::Alias(a)) => {
                    match service.types.iter().find(|t| t.name() == a.target) {
                        Some(TypeDef::Alias(_)) | None => return Shape::Plain(ty),
                        Some(def) => return Shape::Def(def),
                    }
                }
                Some(def) => return Shape::Def(def),
                None => return Shape::Plain(ty),
            },
            _ => return Shape::Plain(ty),
        }
    }
    Shape::Plain(ty)
}

/// The structural comparison of one operation's parameters and bodies.
struct Walk<'a> {
    old: &'a Service,
    new: &'a Service,
    op: &'a str,
    /// Pairs of (old, new) type names already compared for this operation: stops recursion and repeats.
    seen: HashSet<(String, String)>,
    out: &'a mut Changes,
}

impl Walk<'_> {
    fn push(
        &mut self,
        case: Case,
        location: String,
        old: Option<String>,
        new: Option<String>,
        detail: &str,
    ) {
        self.out
            .push(case, Some(self.op), location, old, new, detail);
    }

    fn params(&mut self, at: &str, o: &ir::Operation, n: &ir::Operation) {
        // Parameters filled from the credentials are part of the path (reported by a path change).
        let caller = |op: &ir::Operation| op.caller_params().cloned().collect::<Vec<_>>();
        let (olds, news) = (caller(o), caller(n));
        // A path placeholder renamed in the same template is the same parameter (same place in the URL).
        let renamed: Vec<(&str, &str)> = if template(&o.path) == template(&n.path) {
            let (op, np) = (
                spec::path_placeholders(&o.path),
                spec::path_placeholders(&n.path),
            );
            op.into_iter().zip(np).collect()
        } else {
            Vec::new()
        };
        let same = |old: &ir::Param, new: &ir::Param| {
            let path = param_location(old.kind) == "path" && param_location(new.kind) == "path";
            old.wire_name == new.wire_name
                || (path && renamed.contains(&(old.wire_name.as_str(), new.wire_name.as_str())))
        };
        let mut old_used = vec![false; olds.len()];
        let mut pairs: Vec<(Option<usize>, usize)> = Vec::new();
        for (j, p) in news.iter().enumerate() {
            let found = (0..olds.len()).find(|&i| {
                !old_used[i]
                    && same(&olds[i], p)
                    && param_location(olds[i].kind) == param_location(p.kind)
            });
            if let Some(i) = found {
                old_used[i] = true;
            }
            pairs.push((found, j));
        }
        for pair in pairs.iter_mut().filter(|p| p.0.is_none()) {
            let name = &news[pair.1].wire_name;
            if let Some(i) = (0..olds.len()).find(|&i| !old_used[i] && &olds[i].wire_name == name) {
                old_used[i] = true;
                pair.0 = Some(i);
            }
        }
        let pointer = |p: &ir::Param| {
            format!(
                "{at}/parameters/{}/{}",
                param_location(p.kind),
                segment(&p.wire_name)
            )
        };
        let describe = |p: &ir::Param| {
            format!(
                "{} {} {}",
                if p.is_required() {
                    "required"
                } else {
                    "optional"
                },
                param_location(p.kind),
                rust_type(&p.ty)
            )
        };
        for p in olds
            .iter()
            .zip(&old_used)
            .filter(|(_, used)| !**used)
            .map(|(p, _)| p)
        {
            let detail = format!("field `{}` of the request", p.rust_name);
            self.push(
                Case::ParamRemoved,
                pointer(p),
                Some(describe(p)),
                None,
                &detail,
            );
        }
        for (found, j) in pairs {
            let np = &news[j];
            let Some(i) = found else {
                let case = if np.is_required() {
                    Case::ParamAddedRequired
                } else {
                    Case::ParamAddedOptional
                };
                self.push(case, pointer(np), None, Some(describe(np)), "");
                continue;
            };
            let op = &olds[i];
            let loc = pointer(np);
            if param_location(op.kind) != param_location(np.kind) {
                let (ol, nl) = (param_location(op.kind), param_location(np.kind));
                self.push(
                    Case::ParamMoved,
                    loc.clone(),
                    Some(ol.into()),
                    Some(nl.into()),
                    "",
                );
            }
            if op.is_required() != np.is_required() {
                let case = if np.is_required() {
                    Case::RequestMadeRequired
                } else {
                    Case::RequestMadeOptional
                };
                self.push(
                    case,
                    loc.clone(),
                    Some(describe(op)),
                    Some(describe(np)),
                    "",
                );
            }
            if op.rust_name != np.rust_name {
                self.push(
                    Case::RustNameChanged,
                    loc.clone(),
                    Some(op.rust_name.clone()),
                    Some(np.rust_name.clone()),
                    "the request field and setter",
                );
            }
            if op.docs != np.docs {
                self.push(
                    Case::DescriptionChanged,
                    format!("{loc}/description"),
                    op.docs.clone(),
                    np.docs.clone(),
                    "",
                );
            }
            let retyped = if np.ty == TypeRef::String {
                Case::ParamRetypedToString
            } else {
                Case::ParamRetyped
            };
            self.types(&loc, &op.ty, &np.ty, Side::Request, retyped, 0);
        }
    }

    fn body(&mut self, at: &str, o: &ir::Operation, n: &ir::Operation) {
        match (&o.body, &n.body) {
            (None, None) => {}
            (None, Some(b)) => {
                let case = if b.required {
                    Case::BodyAddedRequired
                } else {
                    Case::BodyAddedOptional
                };
                self.push(
                    case,
                    format!("{at}/requestBody"),
                    None,
                    Some(rust_type(&b.ty)),
                    media(&b.media),
                );
            }
            (Some(b), None) => {
                self.push(
                    Case::BodyRemoved,
                    format!("{at}/requestBody"),
                    Some(rust_type(&b.ty)),
                    None,
                    "",
                );
            }
            (Some(ob), Some(nb)) => {
                let loc = format!("{at}/requestBody");
                if ob.required != nb.required {
                    let case = if nb.required {
                        Case::RequestMadeRequired
                    } else {
                        Case::RequestMadeOptional
                    };
                    let req = |r: bool| if r { "required" } else { "optional" }.to_owned();
                    self.push(
                        case,
                        loc.clone(),
                        Some(req(ob.required)),
                        Some(req(nb.required)),
                        "the request body",
                    );
                }
                if ob.docs != nb.docs {
                    self.push(
                        Case::DescriptionChanged,
                        format!("{loc}/description"),
                        ob.docs.clone(),
                        nb.docs.clone(),
                        "",
                    );
                }
                if ob.media != nb.media {
                    let (om, nm) = (media(&ob.media).to_owned(), media(&nb.media).to_owned());
                    self.push(
                        Case::MediaTypeChanged,
                        format!("{loc}/content"),
                        Some(om),
                        Some(nm),
                        "the request body",
                    );
                    return;
                }
                let loc = format!("{loc}/content/{}/schema", segment(media(&nb.media)));
                self.types(
                    &loc,
                    &ob.ty,
                    &nb.ty,
                    Side::Request,
                    Case::RequestFieldRetyped,
                    0,
                );
            }
        }
    }

    fn output(&mut self, at: &str, o: &ir::Operation, n: &ir::Operation) {
        let describe = |out: &Output| match out {
            Output::Empty => None,
            Output::Text { .. } => Some("text".to_owned()),
            Output::Bytes { .. } => Some("bytes".to_owned()),
            Output::Json { ty, .. } => Some(format!("application/json {}", rust_type(ty))),
            Output::ByStatus { variants, .. } => Some(
                variants
                    .iter()
                    .map(|v| {
                        let body = match &v.body {
                            ir::StatusBody::Empty => "no body".to_owned(),
                            ir::StatusBody::Text => "text".to_owned(),
                            ir::StatusBody::Bytes => "bytes".to_owned(),
                            ir::StatusBody::Json(ty) => {
                                format!("application/json {}", rust_type(ty))
                            }
                        };
                        format!("{} {body}", v.status)
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        };
        let status = |out: &Output| match out {
            Output::Empty => None,
            Output::Text { status } | Output::Bytes { status } | Output::Json { status, .. } => {
                Some(status.clone())
            }
            Output::ByStatus { variants, .. } => variants.first().map(|v| v.status.clone()),
        };
        let loc = format!(
            "{at}/responses/{}",
            segment(
                &status(&n.output)
                    .or_else(|| status(&o.output))
                    .unwrap_or_default()
            )
        );
        match (&o.output, &n.output) {
            (Output::Empty, Output::Empty)
            | (Output::Text { .. }, Output::Text { .. })
            | (Output::Bytes { .. }, Output::Bytes { .. }) => {}
            (Output::Json { ty: ot, .. }, Output::Json { ty: nt, .. }) => {
                let loc = format!("{loc}/content/application~1json/schema");
                self.types(&loc, ot, nt, Side::Response, Case::ResponseFieldRetyped, 0);
            }
            (Output::ByStatus { .. }, Output::ByStatus { .. })
                if describe(&o.output) == describe(&n.output) => {}
            (Output::Empty, _) => {
                self.push(
                    Case::ResponseBodyAdded,
                    format!("{loc}/content"),
                    None,
                    describe(&n.output),
                    "",
                );
            }
            (_, Output::Empty) => {
                self.push(
                    Case::ResponseBodyRemoved,
                    format!("{loc}/content"),
                    describe(&o.output),
                    None,
                    "",
                );
            }
            _ => {
                let detail = "the success response";
                self.push(
                    Case::MediaTypeChanged,
                    format!("{loc}/content"),
                    describe(&o.output),
                    describe(&n.output),
                    detail,
                );
            }
        }
    }

    /// Compares the types at `loc`; `retyped` is the case of a change of shape there.
    fn types(
        &mut self,
        loc: &str,
        ot: &TypeRef,
        nt: &TypeRef,
        side: Side,
        retyped: Case,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let (old, new) = (self.old, self.new);
        match (shape(old, ot), shape(new, nt)) {
            (Shape::Vec(a), Shape::Vec(b)) => {
                self.types(&format!("{loc}/items"), a, b, side, retyped, depth + 1)
            }
            (Shape::Map(a), Shape::Map(b)) => self.types(
                &format!("{loc}/additionalProperties"),
                a,
                b,
                side,
                retyped,
                depth + 1,
            ),
            (Shape::Plain(a), Shape::Plain(b)) if a == b => {}
            (Shape::Def(a), Shape::Def(b)) if same_kind(a, b) => {
                if a.name() != b.name() {
                    self.push(
                        Case::TypeRenamed,
                        loc.to_owned(),
                        Some(a.name().into()),
                        Some(b.name().into()),
                        "",
                    );
                }
                if !self.seen.insert((a.name().to_owned(), b.name().to_owned())) {
                    return;
                }
                match (a, b) {
                    (TypeDef::Struct(a), TypeDef::Struct(b)) => self.fields(loc, a, b, side, depth),
                    (TypeDef::Enum(a), TypeDef::Enum(b)) => self.variants(loc, a, b, side),
                    (TypeDef::Newtype(a), TypeDef::Newtype(b)) => {
                        self.types(loc, &a.inner, &b.inner, side, retyped, depth + 1)
                    }
                    _ => {}
                }
            }
            _ => {
                let param = matches!(retyped, Case::ParamRetyped | Case::ParamRetypedToString);
                let case = match (param, side == Side::Request && widens(ot, nt)) {
                    (true, true) => Case::ParamWidened,
                    (true, false) => retyped,
                    (false, true) => Case::RequestFieldWidened,
                    (false, false) if side == Side::Request => Case::RequestFieldRetyped,
                    (false, false) => Case::ResponseFieldRetyped,
                };
                self.push(
                    case,
                    loc.to_owned(),
                    Some(rust_type(ot)),
                    Some(rust_type(nt)),
                    "",
                );
            }
        }
    }

    fn fields(
        &mut self,
        loc: &str,
        a: &ir::StructDef,
        b: &ir::StructDef,
        side: Side,
        depth: usize,
    ) {
        let at = |f: &ir::Field| format!("{loc}/properties/{}", segment(&f.wire_name));
        let describe = |f: &ir::Field| {
            format!(
                "{} {}",
                if f.required { "required" } else { "optional" },
                rust_type(&f.ty)
            )
        };
        for f in a
            .fields
            .iter()
            .filter(|f| !b.fields.iter().any(|g| g.wire_name == f.wire_name))
        {
            let case = match side {
                Side::Request => Case::RequestFieldRemoved,
                Side::Response => Case::ResponseFieldRemoved,
            };
            let detail = format!("`{}::{}`", a.name, f.rust_name);
            self.push(case, at(f), Some(describe(f)), None, &detail);
        }
        for g in &b.fields {
            let Some(f) = a.fields.iter().find(|f| f.wire_name == g.wire_name) else {
                let case = match (side, g.required) {
                    (Side::Request, true) => Case::RequestFieldAddedRequired,
                    (Side::Request, false) => Case::RequestFieldAddedOptional,
                    (Side::Response, _) => Case::ResponseFieldAdded,
                };
                let detail = format!("`{}::{}`", b.name, g.rust_name);
                self.push(case, at(g), None, Some(describe(g)), &detail);
                continue;
            };
            let loc = at(g);
            if f.required != g.required {
                let case = match (side, g.required) {
                    (Side::Request, true) => Case::RequestMadeRequired,
                    (Side::Request, false) => Case::RequestMadeOptional,
                    (Side::Response, true) => Case::ResponseMadeRequired,
                    (Side::Response, false) => Case::ResponseMadeOptional,
                };
                self.push(case, loc.clone(), Some(describe(f)), Some(describe(g)), "");
            }
            if f.rust_name != g.rust_name {
                self.push(
                    Case::RustNameChanged,
                    loc.clone(),
                    Some(f.rust_name.clone()),
                    Some(g.rust_name.clone()),
                    "the struct field",
                );
            }
            if f.access != g.access {
                let case = match g.access {
                    ir::Access::ReadWrite => Case::AccessWidened,
                    ir::Access::ReadOnly | ir::Access::WriteOnly => Case::AccessNarrowed,
                };
                let spelled = |access: ir::Access| {
                    match access {
                        ir::Access::ReadWrite => "both ways",
                        ir::Access::ReadOnly => "readOnly",
                        ir::Access::WriteOnly => "writeOnly",
                    }
                    .to_owned()
                };
                self.push(
                    case,
                    loc.clone(),
                    Some(spelled(f.access)),
                    Some(spelled(g.access)),
                    "",
                );
            }
            if f.default != g.default {
                // The default decides the type only of an optional field that travels both ways.
                let typed = f.default_literal().is_some() != g.default_literal().is_some()
                    && f.is_option() != g.is_option();
                let case = if typed {
                    Case::DefaultChangedType
                } else {
                    Case::DefaultChanged
                };
                let shown = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
                self.push(
                    case,
                    format!("{loc}/default"),
                    shown(&f.default),
                    shown(&g.default),
                    "",
                );
            }
            if f.docs != g.docs {
                self.push(
                    Case::DescriptionChanged,
                    format!("{loc}/description"),
                    f.docs.clone(),
                    g.docs.clone(),
                    "",
                );
            }
            let retyped = match side {
                Side::Request => Case::RequestFieldRetyped,
                Side::Response => Case::ResponseFieldRetyped,
            };
            self.types(&loc, &f.ty, &g.ty, side, retyped, depth + 1);
        }
    }

    fn variants(&mut self, loc: &str, a: &ir::EnumDef, b: &ir::EnumDef, side: Side) {
        let at = |v: &ir::Variant| format!("{loc}/enum/{}", segment(&v.wire_name));
        for v in a
            .variants
            .iter()
            .filter(|v| !b.variants.iter().any(|w| w.wire_name == v.wire_name))
        {
            let case = match side {
                Side::Request => Case::RequestEnumValueRemoved,
                Side::Response => Case::ResponseEnumValueRemoved,
            };
            let detail = format!("`{}::{}`", a.name, v.rust_name);
            self.push(case, at(v), Some(v.wire_name.clone()), None, &detail);
        }
        for w in &b.variants {
            match a.variants.iter().find(|v| v.wire_name == w.wire_name) {
                None => {
                    let case = match side {
                        Side::Request => Case::RequestEnumValueAdded,
                        Side::Response => Case::ResponseEnumValueAdded,
                    };
                    let detail = format!("`{}::{}`", b.name, w.rust_name);
                    self.push(case, at(w), None, Some(w.wire_name.clone()), &detail);
                }
                Some(v) if v.rust_name != w.rust_name => {
                    let detail = "the enum variant";
                    self.push(
                        Case::RustNameChanged,
                        at(w),
                        Some(v.rust_name.clone()),
                        Some(w.rust_name.clone()),
                        detail,
                    );
                }
                Some(_) => {}
            }
        }
    }
}

/// Whether every value of number type `old` is a value of `new` (what a client sends stays valid; what it
/// reads may not fit any more, so this only relaxes the request side).
fn widens(old: &TypeRef, new: &TypeRef) -> bool {
    use TypeRef::*;
    matches!(
        (old, new),
        (I32, I64) | (U32, U64) | (U32, I64) | (I32 | U32 | F32, F64)
    )
}

/// Whether two type definitions are the same kind of Rust item (struct, enum, newtype).
fn same_kind(a: &TypeDef, b: &TypeDef) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}
