//! The naming pass: every Rust name of the generated crate is decided here, once, and recorded with why.
//!
//! A name is *given* when the spec says it (`x-rust-name`): it is used verbatim, and two given names that
//! collide are the only naming problem that rejects a spec (a diagnostic at both positions). Any other name is
//! *derived* from the spec's (case rules in [`crate::naming`]) and only suggested: when it is taken in its
//! scope, it gets a suffix that says where it comes from (`_query` for a query parameter) or else the first
//! free number (`Condition2`). Given names are placed first, then derived ones in a fixed order (a spelling
//! that is already the Rust name first, then spec order), so the same spec always gives the same names.
//!
//! Scopes: the types of `crate::types` (schemas, then types hoisted from inline schemas as the IR meets them);
//! the operations' builder and request types; the client's methods; the API groups (modules and Cargo
//! features); the modules of one group; the fields of a struct; the methods of a struct (`new`, setters,
//! helpers); the parameters of an operation; the variants of an enum or a union.

use std::collections::{BTreeMap, HashMap};

use super::model::{AdditionalProperties, Field, TypeRef};
use crate::naming;
use crate::spec::yaml::Pos;
use crate::spec::{self, Diagnostic, ParamLocation, Spec};

/// Why a Rust name is what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Given by the spec (`x-rust-name`), used verbatim.
    Given,
    /// Derived from the spec name by the case rules.
    Derived,
    /// The derived name `wanted` was taken in its scope by `by`; this one has a suffix.
    Renamed {
        /// The derived name it would have had.
        wanted: String,
        /// What holds `wanted` (a spec name with its position, or "the generated code").
        by: String,
    },
}

/// One decided name, for reports and docs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameChoice {
    /// The scope, e.g. `type`, `field of Task`, `parameter of ListTasks`.
    pub scope: String,
    /// What the spec calls the item.
    pub spec_name: String,
    /// The Rust name.
    pub rust_name: String,
    /// Why.
    pub origin: Origin,
}

/// The kind of Rust name a scope holds: decides how a given name is checked and how suffixes are spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// `UpperCamelCase`: suffixes are appended (`Condition2`).
    Camel,
    /// `snake_case`: suffixes are joined with `_` (`type_2`, `id_query`).
    Snake,
}

/// Names taken in one scope, and what took each.
struct Scope {
    case: Case,
    taken: HashMap<String, String>,
}

impl Scope {
    fn new(case: Case) -> Self {
        Scope {
            case,
            taken: HashMap::new(),
        }
    }

    /// Marks names the generated code itself uses in this scope.
    fn reserve(mut self, names: &[&str]) -> Self {
        for name in names {
            self.taken
                .insert((*name).to_owned(), "the generated code".into());
        }
        self
    }

    fn is_free(&self, name: &str) -> bool {
        !self.taken.contains_key(name)
    }

    /// `base` with `suffix`, spelled for the scope's case (`id` + `query` → `id_query`).
    fn suffixed(&self, base: &str, suffix: &str) -> String {
        // Numbers are appended as they are (`Condition2`); words take the scope's case (`UnknownValue`).
        let numeric = suffix.chars().all(|c| c.is_ascii_digit());
        match self.case {
            Case::Camel if numeric => format!("{base}{suffix}"),
            Case::Camel => format!("{base}{}", naming::camel(suffix)),
            Case::Snake => format!("{}_{suffix}", base.trim_end_matches('_')),
        }
    }

    /// Takes `wanted` for `owner`, or the first free of `wanted` + each of `suffixes`, then `wanted` + 2, 3…
    fn take_derived(&mut self, wanted: &str, owner: String, suffixes: &[&str]) -> (String, Origin) {
        if self.is_free(wanted) {
            self.taken.insert(wanted.to_owned(), owner);
            return (wanted.to_owned(), Origin::Derived);
        }
        let by = self.taken[wanted].clone();
        let mut candidates = suffixes
            .iter()
            .map(|s| self.suffixed(wanted, s))
            .collect::<Vec<_>>()
            .into_iter();
        let mut n = 2_u64;
        let name = loop {
            let candidate = candidates.next().unwrap_or_else(|| {
                n += 1;
                self.suffixed(wanted, &(n - 1).to_string())
            });
            if self.is_free(&candidate) {
                break candidate;
            }
        };
        self.taken.insert(name.clone(), owner);
        (
            name,
            Origin::Renamed {
                wanted: wanted.to_owned(),
                by,
            },
        )
    }
}

/// Something that wants a name in a scope.
struct Candidate<'a> {
    /// What the spec calls it (in messages and the record).
    spec_name: &'a str,
    /// Where the spec says it.
    pos: Pos,
    /// `x-rust-name`, already checked to be a valid name for the scope.
    given: Option<String>,
    /// The derived name.
    derived: String,
    /// Suffixes to try, in order, when the derived name is taken.
    suffixes: Vec<&'static str>,
}

/// Decides the names of a whole scope at once: given names first (a collision between two is a diagnostic),
/// then derived ones, those already spelled as their Rust name (`type` for `type_`) before others.
fn decide(
    scope: &mut Scope,
    what: &str,
    label: &str,
    candidates: &[Candidate<'_>],
    record: &mut Vec<NameChoice>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut names = vec![String::new(); candidates.len()];
    let mut given_at: HashMap<String, (&str, Pos)> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        let Some(given) = &c.given else { continue };
        if let Some((other, other_pos)) = given_at.get(given) {
            problems.push(Diagnostic {
                pos: c.pos,
                message: format!(
                    "`{}` and `{other}` (at {other_pos}) are both given the {what} `{given}` (`x-rust-name`)",
                    c.spec_name
                ),
                help: Some("give one of them another `x-rust-name`".into()),
            });
        } else if !scope.is_free(given) {
            problems.push(Diagnostic {
                pos: c.pos,
                message: format!(
                    "`x-rust-name: {given}` of `{}` is a {what} the generated code uses",
                    c.spec_name
                ),
                help: Some("choose another name".into()),
            });
        } else {
            given_at.insert(given.clone(), (c.spec_name, c.pos));
        }
        scope
            .taken
            .insert(given.clone(), format!("`{}` (at {})", c.spec_name, c.pos));
        names[i] = given.clone();
        record.push(NameChoice {
            scope: label.to_owned(),
            spec_name: c.spec_name.to_owned(),
            rust_name: given.clone(),
            origin: Origin::Given,
        });
    }
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&i| candidates[i].given.is_none())
        .collect();
    let spelled_as_is = |c: &Candidate<'_>| {
        c.derived == c.spec_name || c.derived.strip_suffix('_') == Some(c.spec_name)
    };
    order.sort_by_key(|&i| !spelled_as_is(&candidates[i]));
    for i in order {
        let c = &candidates[i];
        let owner = format!("`{}` (at {})", c.spec_name, c.pos);
        let (name, origin) = scope.take_derived(&c.derived, owner, &c.suffixes);
        record.push(NameChoice {
            scope: label.to_owned(),
            spec_name: c.spec_name.to_owned(),
            rust_name: name.clone(),
            origin,
        });
        names[i] = name;
    }
    names
}

/// Checks an `x-rust-name`: a valid one is given; an invalid one is a diagnostic (and the derived name is used
/// so the rest of the spec is still checked).
fn given(
    rust_name: Option<&String>,
    valid: fn(&str) -> bool,
    pos: Pos,
    what: &str,
    example: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<String> {
    let name = rust_name?;
    if valid(name) {
        return Some(name.clone());
    }
    problems.push(Diagnostic {
        pos,
        message: format!("`x-rust-name: {name}` is not a Rust {what}"),
        help: Some(format!("use {example}")),
    });
    None
}

/// Methods every operation builder has besides its setters (`body` when the operation has a body), and locals
/// of the client method: a parameter must not take their names.
const BUILDER_METHODS: &[&str] = &["send", "as_request", "into_stream"];

/// Methods of the generated `Client`.
const CLIENT_METHODS: &[&str] = &["builder", "execute", "core"];

/// Cargo features the generated crate declares besides one per group.
const CRATE_FEATURES: &[&str] = &["default", "all"];

/// The names of everything generated for one operation.
#[derive(Debug, Clone)]
pub struct OperationNames {
    /// Client method.
    pub method: String,
    /// Module in its group.
    pub module: String,
    /// API group: module under `operations` and Cargo feature.
    pub group: String,
    /// Builder type; also the stem of the types hoisted from its inline schemas.
    pub builder: String,
    /// Request struct.
    pub request: String,
    /// One per parameter, in spec order.
    pub params: Vec<String>,
}

/// The Rust names of one struct's members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNames {
    /// The field.
    pub field: String,
    /// Its `with_…` setter (optional fields).
    pub setter: String,
    /// Its typed accessor (`…_i64` for a number in a string, `…_json` for JSON in a string).
    pub helper: Option<String>,
}

/// What typed accessor a field gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Helper {
    /// None.
    None,
    /// `…_i64`: the number a string holds.
    Number,
    /// `…_json`: the JSON document a string holds.
    Json,
}

/// The naming pass's state: the names decided before the IR is built (schemas, operations), the type scope
/// that inline schemas are named in while it is built, and the record of every choice.
pub struct Namer {
    types: Scope,
    schema_types: HashMap<String, String>,
    operations: Vec<OperationNames>,
    /// Every decided name, in the order decided.
    pub record: Vec<NameChoice>,
    /// Naming problems: invalid or colliding given names.
    pub problems: Vec<Diagnostic>,
}

impl Namer {
    /// Names the schemas' types and everything of the operations.
    pub fn new(spec: &Spec) -> Self {
        let mut namer = Namer {
            types: Scope::new(Case::Camel),
            schema_types: HashMap::new(),
            operations: Vec::new(),
            record: Vec::new(),
            problems: Vec::new(),
        };
        namer.name_schemas(spec);
        namer.name_operations(spec);
        namer
    }

    fn name_schemas(&mut self, spec: &Spec) {
        let candidates: Vec<Candidate<'_>> = spec
            .schemas
            .iter()
            .map(|s| Candidate {
                spec_name: &s.name,
                pos: s.pos,
                given: given(
                    s.schema.rust_name.as_ref(),
                    naming::is_type_name,
                    s.schema.pos,
                    "type name",
                    "UpperCamelCase letters and digits, e.g. `BackgroundTask`",
                    &mut self.problems,
                ),
                derived: naming::camel(&s.name),
                suffixes: Vec::new(),
            })
            .collect();
        let names = decide(
            &mut self.types,
            "type name",
            "type",
            &candidates,
            &mut self.record,
            &mut self.problems,
        );
        for (s, name) in spec.schemas.iter().zip(names) {
            self.schema_types.insert(s.name.clone(), name);
        }
    }

    fn name_operations(&mut self, spec: &Spec) {
        let service = service_name(spec);
        // Client methods.
        let mut methods = Scope::new(Case::Snake).reserve(CLIENT_METHODS);
        let candidates: Vec<Candidate<'_>> = spec
            .operations
            .iter()
            .map(|op| {
                let mut given = given(
                    op.rust_name.as_ref(),
                    naming::is_snake_name,
                    op.pos,
                    "method name",
                    "snake_case, e.g. `list_tasks`",
                    &mut self.problems,
                );
                if let Some(name) = given.as_ref().filter(|n| !naming::fits_module_name(n)) {
                    let limit = naming::MAX_MODULE_NAME_BYTES;
                    self.problems.push(Diagnostic {
                        pos: op.pos,
                        message: format!(
                            "the client method name `{name}` of `{}` is {} bytes long; the generated crate's file \
                             names allow {limit}",
                            op.id,
                            name.len()
                        ),
                        help: Some(format!(
                            "give the operation a shorter name with `x-rust-name` (snake_case, at most {limit} bytes)"
                        )),
                    });
                    given = None;
                }
                Candidate {
                    spec_name: &op.id,
                    pos: op.pos,
                    given,
                    derived: naming::module_name(naming::snake(&op.id)),
                    suffixes: Vec::new(),
                }
            })
            .collect();
        let method_names = decide(
            &mut methods,
            "client method name",
            "client method",
            &candidates,
            &mut self.record,
            &mut self.problems,
        );
        // Builder and request types: one scope, since each group's module re-exports its operations' types. A
        // type stem is free when both its builder and its request name are.
        let mut op_types = Scope::new(Case::Camel);
        let mut stems = Vec::new();
        for op in &spec.operations {
            let wanted = naming::camel(&op.id);
            let mut stem = wanted.clone();
            let mut n = 2_u64;
            while !(op_types.is_free(&naming::builder_type(&stem))
                && op_types.is_free(&naming::request_type(&stem)))
            {
                stem = format!("{wanted}{n}");
                n += 1;
            }
            for name in [naming::builder_type(&stem), naming::request_type(&stem)] {
                op_types
                    .taken
                    .insert(name, format!("`{}` (at {})", op.id, op.pos));
            }
            self.record.push(NameChoice {
                scope: "operation type".into(),
                spec_name: op.id.clone(),
                rust_name: stem.clone(),
                origin: if stem == wanted {
                    Origin::Derived
                } else {
                    Origin::Renamed {
                        wanted,
                        by: "another operation's builder or request type".into(),
                    }
                },
            });
            stems.push(stem);
        }
        // Groups and each group's modules.
        let mut groups = Scope::new(Case::Snake).reserve(CRATE_FEATURES);
        let mut group_names: BTreeMap<String, String> = BTreeMap::new();
        let mut modules: BTreeMap<String, Scope> = BTreeMap::new();
        for ((op, method), stem) in spec.operations.iter().zip(method_names).zip(stems) {
            let wanted = operation_group(op, &service);
            let group = match group_names.get(&wanted) {
                Some(group) => group.clone(),
                None => {
                    let (group, origin) =
                        groups.take_derived(&wanted, format!("the group `{wanted}`"), &["group"]);
                    self.record.push(NameChoice {
                        scope: "API group".into(),
                        spec_name: wanted.clone(),
                        rust_name: group.clone(),
                        origin,
                    });
                    group_names.insert(wanted, group.clone());
                    group
                }
            };
            // A module named like its group would be `operations::ping::ping` (clippy's module_inception).
            let scope = modules
                .entry(group.clone())
                .or_insert_with(|| Scope::new(Case::Snake).reserve(&[group.as_str()]));
            let (module, origin) = scope.take_derived(
                &method,
                format!("`{}` (at {})", op.id, op.pos),
                &["operation"],
            );
            let module = naming::module_name(module);
            self.record.push(NameChoice {
                scope: format!("module of group {group}"),
                spec_name: op.id.clone(),
                rust_name: module.clone(),
                origin,
            });
            let params = self.name_params(op, &stem);
            self.operations.push(OperationNames {
                method,
                module,
                group,
                builder: naming::builder_type(&stem),
                request: naming::request_type(&stem),
                params,
            });
        }
    }

    /// The field and setter names of an operation's parameters: a name the builder or the request already
    /// uses gets `_param`; two parameters that spell the same get their location (`id_query`).
    fn name_params(&mut self, op: &spec::Operation, stem: &str) -> Vec<String> {
        let mut reserved: Vec<&str> = BUILDER_METHODS.to_vec();
        if op.request_body.is_some() {
            reserved.push("body");
        }
        let mut scope = Scope::new(Case::Snake);
        let candidates: Vec<Candidate<'_>> = op
            .parameters
            .iter()
            .map(|p| {
                let mut derived = naming::snake(&p.name);
                if reserved.contains(&derived.as_str()) {
                    derived.push_str("_param");
                }
                Candidate {
                    spec_name: &p.name,
                    pos: p.pos,
                    given: None,
                    derived,
                    suffixes: vec![match p.location {
                        ParamLocation::Path => "path",
                        ParamLocation::Query => "query",
                        ParamLocation::Header => "header",
                    }],
                }
            })
            .collect();
        decide(
            &mut scope,
            "parameter name",
            &format!("parameter of {stem}"),
            &candidates,
            &mut self.record,
            &mut self.problems,
        )
    }

    /// The names decided for the operation at `index` of the spec's operations.
    pub fn operation(&self, index: usize) -> &OperationNames {
        &self.operations[index]
    }

    /// The type of the schema named `spec_name` in `components.schemas`.
    pub fn schema_type(&self, spec_name: &str) -> String {
        self.schema_types
            .get(spec_name)
            .cloned()
            // A `$ref` to an unknown schema was reported by the checks; any name will do.
            .unwrap_or_else(|| naming::camel(spec_name))
    }

    /// Takes a type name for an inline schema that becomes a type, from the name its place suggests
    /// ([`member_type`], [`item_type`]…): that name when free, else with the first free number.
    pub fn hoisted_type(&mut self, suggested: &str, pos: Pos) -> String {
        let (name, origin) =
            self.types
                .take_derived(suggested, format!("the inline schema at {pos}"), &[]);
        self.record.push(NameChoice {
            scope: "type".into(),
            spec_name: format!("inline schema at {pos}"),
            rust_name: name.clone(),
            origin,
        });
        name
    }

    /// The names of a struct's fields and methods (`new`, the setters of optional fields, typed accessors).
    /// `helpers` says, for each of `properties`, which typed accessor it gets.
    pub fn struct_members(
        &mut self,
        owner: &str,
        properties: &[spec::Property],
        helpers: &[Helper],
    ) -> Vec<FieldNames> {
        let candidates: Vec<Candidate<'_>> = properties
            .iter()
            .map(|p| Candidate {
                spec_name: &p.name,
                pos: p.pos,
                given: given(
                    p.schema.rust_name.as_ref(),
                    naming::is_snake_name,
                    p.schema.pos,
                    "field name",
                    "snake_case",
                    &mut self.problems,
                ),
                derived: naming::snake(&p.name),
                suffixes: Vec::new(),
            })
            .collect();
        let fields = decide(
            &mut Scope::new(Case::Snake),
            "field name",
            &format!("field of {owner}"),
            &candidates,
            &mut self.record,
            &mut self.problems,
        );
        let mut methods = Scope::new(Case::Snake).reserve(&["new"]);
        let mut names = Vec::with_capacity(fields.len());
        for ((field, p), helper) in fields.into_iter().zip(properties).zip(helpers) {
            let owner_text = format!("the field `{field}`");
            // A method named otherwise than derived (taken by another) is recorded with why.
            let mut take_method = |wanted: &str, owner_text: String, methods: &mut Scope| {
                let (name, origin) = methods.take_derived(wanted, owner_text, &[]);
                if origin != Origin::Derived {
                    self.record.push(NameChoice {
                        scope: format!("method of {owner}"),
                        spec_name: p.name.clone(),
                        rust_name: name.clone(),
                        origin,
                    });
                }
                name
            };
            let setter = if p.required {
                String::new()
            } else {
                take_method(&format!("with_{field}"), owner_text.clone(), &mut methods)
            };
            let stem = field.trim_end_matches('_');
            let helper = match helper {
                Helper::None => None,
                Helper::Number => Some(format!("{stem}_i64")),
                Helper::Json => Some(format!("{stem}_json")),
            }
            .map(|wanted| take_method(&wanted, owner_text, &mut methods));
            names.push(FieldNames {
                field,
                setter,
                helper,
            });
        }
        names
    }

    /// The variants of an open string enum, one per distinct value (`Unknown` is the fallback variant).
    pub fn enum_variants(&mut self, owner: &str, values: &[&String]) -> Vec<String> {
        let mut scope = Scope::new(Case::Camel).reserve(&["Unknown"]);
        values
            .iter()
            .map(|v| {
                let wanted = naming::variant(v);
                // The fallback's name spelled by a value becomes `UnknownValue`; other clashes are numbered.
                let suffixes: &[&str] = if wanted == "Unknown" { &["value"] } else { &[] };
                let (name, origin) =
                    scope.take_derived(&wanted, format!("the value `{v}`"), suffixes);
                self.record.push(NameChoice {
                    scope: format!("variant of {owner}"),
                    spec_name: (*v).clone(),
                    rust_name: name.clone(),
                    origin,
                });
                name
            })
            .collect()
    }

    /// The variants of a union, from what each branch suggests ([`union_variant`]), numbered when two agree.
    pub fn union_variants(&mut self, owner: &str, suggested: &[String]) -> Vec<String> {
        let mut scope = Scope::new(Case::Camel);
        suggested
            .iter()
            .enumerate()
            .map(|(i, wanted)| {
                let (name, origin) = scope.take_derived(wanted, format!("branch {}", i + 1), &[]);
                self.record.push(NameChoice {
                    scope: format!("variant of {owner}"),
                    spec_name: format!("branch {}", i + 1),
                    rust_name: name.clone(),
                    origin,
                });
                name
            })
            .collect()
    }
}

/// The name an inline schema of a property suggests for its type: the holder's type and the property
/// (`Task` + `status` → `TaskStatus`).
pub fn member_type(holder: &str, property: &str) -> String {
    format!("{holder}{}", naming::camel(property))
}

/// The name an inline array item suggests (`TaskTagsItem`).
pub fn item_type(holder: &str) -> String {
    format!("{holder}Item")
}

/// The name an inline map value suggests (`LabelsValue`).
pub fn value_type(holder: &str) -> String {
    format!("{holder}Value")
}

/// The name a union's inline branch suggests: the union and the variant (`ImageSourceUrl`).
pub fn variant_type(union: &str, variant: &str) -> String {
    format!("{union}{variant}")
}

/// The name an operation's inline request body suggests (`CreateTopicRequestBody`).
pub fn request_body_type(operation: &str) -> String {
    format!("{operation}RequestBody")
}

/// The name an operation's inline success body suggests (`ListTasksResponse`).
pub fn response_type(operation: &str) -> String {
    format!("{operation}Response")
}

/// The name an operation's success body at a further status suggests (`CreateTopicResponse202`).
pub fn status_response_type(operation: &str, status: &str) -> String {
    format!("{operation}Response{status}")
}

/// The name an operation's enum of success outputs by status suggests (`CreateTopicOutput`).
pub fn output_type(operation: &str) -> String {
    format!("{operation}Output")
}

/// The variants of an output enum by status: each status's reason phrase (RFC 9110) in UpperCamelCase,
/// `Success` for the `2XX` range, else `Status<code>`; numbered when two agree.
pub fn status_variants<'a>(statuses: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut scope = Scope::new(Case::Camel);
    statuses
        .into_iter()
        .map(|status| {
            let wanted = match status {
                "200" => "Ok".to_owned(),
                "201" => "Created".to_owned(),
                "202" => "Accepted".to_owned(),
                "203" => "NonAuthoritativeInformation".to_owned(),
                "204" => "NoContent".to_owned(),
                "205" => "ResetContent".to_owned(),
                "206" => "PartialContent".to_owned(),
                "207" => "MultiStatus".to_owned(),
                "208" => "AlreadyReported".to_owned(),
                "226" => "ImUsed".to_owned(),
                "2XX" => "Success".to_owned(),
                other => format!("Status{other}"),
            };
            scope
                .take_derived(&wanted, format!("the status {status}"), &[])
                .0
        })
        .collect()
}

/// The map field of additional properties: `additional_properties`, unless a property has that name.
pub fn additional_properties(fields: &[Field], ty: TypeRef) -> AdditionalProperties {
    let mut rust_name = "additional_properties".to_owned();
    while fields.iter().any(|f| f.rust_name == rust_name) {
        rust_name.push('_');
    }
    AdditionalProperties { rust_name, ty }
}

/// What a branch of a union suggests for its variant's name: its tag value, its `title`, the type it refers to
/// (`schema_type`), the one property an object branch requires (`{"ip": …}`), or what kind of value it is;
/// else its position.
pub fn union_variant(
    branch: &spec::Schema,
    tag: Option<&str>,
    index: usize,
    schema_type: impl Fn(&str) -> String,
) -> String {
    use spec::SchemaKind;
    if let Some(tag) = tag {
        return naming::variant(tag);
    }
    if let Some(title) = &branch.title {
        return naming::camel(title);
    }
    match &branch.kind {
        SchemaKind::Ref(name) => schema_type(name),
        SchemaKind::Object(object) => match object.properties.as_slice() {
            [only] if only.required => naming::camel(&only.name),
            _ => format!("Variant{}", index + 1),
        },
        SchemaKind::String => "String".into(),
        SchemaKind::Integer { .. } => "Integer".into(),
        SchemaKind::Number { .. } => "Number".into(),
        SchemaKind::Boolean => "Boolean".into(),
        SchemaKind::Array(_) => "List".into(),
        SchemaKind::Map(_) => "Map".into(),
        SchemaKind::Any => "Any".into(),
        SchemaKind::OneOf(_) | SchemaKind::AllOf(_) => format!("Variant{}", index + 1),
    }
}

/// The service's short name: `info.x-service` (which `--name` replaces), else one made from `info.title`.
pub fn service_name(spec: &Spec) -> String {
    spec.service
        .clone()
        .unwrap_or_else(|| naming::service_name(&spec.title))
}

/// The API group of an operation: `x-doc-group` when the spec gives one, else the resource the path names —
/// its first literal segment that is not a version, `kafka`-style service prefix or the instance collection
/// (`/v2/{project_id}/instances/{instance_id}/topics/delete` → `topics`, `/v2/{project_id}/instances` →
/// `instances`).
pub fn operation_group(op: &spec::Operation, service: &str) -> String {
    if let Some(group) = &op.doc_group {
        return naming::module_name(naming::snake(group));
    }
    let literal: Vec<&str> = op
        .path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .filter(|s| !is_version(s) && *s != service)
        .collect();
    let group = literal
        .iter()
        .find(|s| **s != "instances")
        .or(literal.first())
        .copied()
        .unwrap_or("general");
    naming::module_name(naming::snake(group))
}

fn is_version(segment: &str) -> bool {
    segment.strip_prefix('v').is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::ir::{TypeDef, build};

    /// Expected names are written out by hand from the rules in the module doc, not taken from a run.
    fn collisions() -> crate::ir::Service {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/openapi/name-collisions.yaml");
        let spec = spec::load(&path).expect("valid");
        build(&spec, &path).expect("every collision is resolved")
    }

    #[test]
    fn derived_names_that_collide_get_a_suffix_in_a_fixed_order() {
        for (case, reserved, taken, wanted, suffixes, expected) in [
            // A free name is taken as it is.
            (Case::Camel, &[][..], &[][..], "Task", &[][..], "Task"),
            // Numbers are appended as they are, from 2.
            (
                Case::Camel,
                &[],
                &["Condition"],
                "Condition",
                &[],
                "Condition2",
            ),
            (
                Case::Camel,
                &[],
                &["Condition", "Condition2"],
                "Condition",
                &[],
                "Condition3",
            ),
            // A word suffix takes the scope's case before numbers are tried.
            (
                Case::Camel,
                &["Unknown"],
                &[],
                "Unknown",
                &["value"],
                "UnknownValue",
            ),
            (
                Case::Snake,
                &[],
                &["type_"],
                "type_",
                &["query"],
                "type_query",
            ),
            (
                Case::Snake,
                &[],
                &["id", "id_query"],
                "id",
                &["query"],
                "id_2",
            ),
            (Case::Snake, &[], &["type_"], "type_", &[], "type_2"),
            (
                Case::Snake,
                &["all", "default"],
                &[],
                "all",
                &["group"],
                "all_group",
            ),
            (
                Case::Snake,
                &["ping"],
                &[],
                "ping",
                &["operation"],
                "ping_operation",
            ),
        ] {
            let mut scope = Scope::new(case).reserve(reserved);
            for name in taken {
                scope.take_derived(name, "earlier".into(), &[]);
            }
            let (name, origin) = scope.take_derived(wanted, "me".into(), suffixes);
            assert_eq!(name, expected, "{wanted} after {taken:?}");
            assert_eq!(origin == Origin::Derived, name == wanted, "{name}");
            assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{name}");
        }
    }

    #[test]
    fn colliding_spec_names_generate_with_resolved_rust_names() {
        let service = collisions();
        let types: Vec<&str> = service.types.iter().map(|t| t.name()).collect();
        // `Condition` is already spelled as its Rust name, so it keeps it; `condition` (first in the file) yields.
        // The inline response of `ListItems` yields to the schema `ListItemsResponse`; the schemas named like
        // the operation's builder and request keep their names (those types live in `operations`).
        for name in [
            "Condition",
            "Condition2",
            "ListItems",
            "ListItemsRequest",
            "ListItemsResponse",
            "ListItemsResponse2",
        ] {
            assert!(types.contains(&name), "{name} in {types:?}");
        }
        let Some(TypeDef::Struct(condition)) =
            service.types.iter().find(|t| t.name() == "Condition2")
        else {
            panic!("Condition2 is the struct of `condition`")
        };
        let fields: Vec<(&str, &str)> = condition
            .fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f.rust_name.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("Type", "type_2"),
                ("type", "type_"),
                ("2fa", "n_2fa"),
                ("self", "self_"),
                ("名称", "u540d_u79f0"),
                ("kind", "kind"),
            ]
        );
        let Some(TypeDef::Enum(kind)) = service.types.iter().find(|t| t.name() == "Condition2Kind")
        else {
            panic!("Condition2Kind: the inline enum is named after its holder's final name")
        };
        let variants: Vec<&str> = kind.variants.iter().map(|v| v.rust_name.as_str()).collect();
        assert_eq!(variants, ["UnknownValue", "A", "A2"]);
        let Some(TypeDef::Struct(total)) = service.types.iter().find(|t| t.name() == "Condition")
        else {
            panic!("Condition")
        };
        let methods: Vec<(&str, Option<&str>)> = total
            .fields
            .iter()
            .map(|f| (f.setter.as_str(), f.helper.as_deref()))
            .collect();
        assert_eq!(
            methods,
            [
                ("with_with_total", Some("with_total_i64")),
                ("with_total_i64_2", None),
            ]
        );
    }

    #[test]
    fn operations_that_collide_are_numbered_and_parameters_take_their_location() {
        let service = collisions();
        let ops: Vec<(&str, &str, &str, &str, &str, &str)> = service
            .operations
            .iter()
            .map(|op| {
                (
                    op.id.as_str(),
                    op.method_name.as_str(),
                    op.builder_type.as_str(),
                    op.request_type.as_str(),
                    op.group.as_str(),
                    op.module_name.as_str(),
                )
            })
            .collect();
        assert_eq!(
            ops,
            [
                (
                    "ListItems",
                    "list_items",
                    "ListItems",
                    "ListItemsRequest",
                    "items",
                    "list_items"
                ),
                (
                    "list-items",
                    "list_items_2",
                    "ListItems2",
                    "ListItems2Request",
                    "items",
                    "list_items_2"
                ),
                (
                    "get /things",
                    "get_things",
                    "GetThings",
                    "GetThingsRequest",
                    "things",
                    "get_things"
                ),
                (
                    "post /things",
                    "post_things",
                    "PostThings",
                    "PostThingsRequest",
                    "things",
                    "post_things"
                ),
                // `builder` is the client's own method; `all` is the crate's feature of every group.
                (
                    "builder",
                    "builder_2",
                    "Builder",
                    "BuilderRequest",
                    "all_group",
                    "builder_2"
                ),
            ]
        );
        let params: Vec<(&str, &str)> = service.operations[0]
            .params
            .iter()
            .map(|p| (p.wire_name.as_str(), p.rust_name.as_str()))
            .collect();
        assert_eq!(
            params,
            [
                ("Type", "type_query"),
                ("type", "type_"),
                ("2fa", "n_2fa"),
                ("名称", "u540d_u79f0"),
                ("send", "send_param"),
            ]
        );
    }

    #[test]
    fn every_renamed_name_is_recorded_with_what_held_it() {
        let service = collisions();
        let condition = service
            .names
            .iter()
            .find(|c| c.spec_name == "condition")
            .expect("recorded");
        assert_eq!(condition.rust_name, "Condition2");
        let Origin::Renamed { wanted, by } = &condition.origin else {
            panic!("{condition:?}")
        };
        assert_eq!(wanted, "Condition");
        // `Condition` is declared on line 52 of the fixture.
        assert!(by.starts_with("`Condition` (at 52:"), "{by}");
        let plain = service
            .names
            .iter()
            .find(|c| c.spec_name == "ListItems" && c.scope == "client method")
            .expect("recorded");
        assert_eq!(plain.origin, Origin::Derived);
    }

    /// A spec with `schemas` (YAML, indented by 4) under `components.schemas`.
    fn with_schemas(schemas: &str) -> Result<crate::ir::Service, spec::Diagnostics> {
        let text = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: v1}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let spec = spec::parse(&text, Path::new("t.yaml")).expect("valid");
        build(&spec, Path::new("t.yaml"))
    }

    #[test]
    fn only_two_given_names_that_collide_reject_a_spec_with_both_positions() {
        // Given vs derived: the given name wins, the derived one is numbered.
        let service =
            with_schemas("    A: {type: object, x-rust-name: Task}\n    task: {type: object}\n")
                .expect("resolved");
        let names: Vec<&str> = service.types.iter().map(|t| t.name()).collect();
        assert_eq!(names, ["Task", "Task2"]);
        // Given vs given: a diagnostic at the second, naming the first's position.
        let found = with_schemas(
            "    A: {type: object, x-rust-name: Task}\n    B: {type: object, x-rust-name: Task}\n",
        )
        .expect_err("rejected")
        .items;
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].pos.line, 7);
        assert!(
            found[0].message.contains("`B` and `A` (at 6:5)")
                && found[0].message.contains("type name `Task`"),
            "{}",
            found[0].message
        );
        let fields = with_schemas(
            "    A:\n      type: object\n      properties:\n        a: {type: string, x-rust-name: x}\n        \
             b: {type: string, x-rust-name: x}\n",
        )
        .expect_err("rejected")
        .items;
        assert_eq!(fields.len(), 1, "{fields:?}");
        assert_eq!(fields[0].pos.line, 10);
        assert!(
            fields[0].message.contains("(at 9:9)"),
            "{}",
            fields[0].message
        );
        // A given name that is no Rust name is reported at the extension's schema.
        let invalid = with_schemas("    A: {type: object, x-rust-name: task}\n")
            .expect_err("rejected")
            .items;
        assert!(
            invalid[0].message.contains("is not a Rust type name"),
            "{invalid:?}"
        );
    }

    #[test]
    fn names_are_derived_nowhere_else() {
        // Case conversion and suffixing are this module's and `crate::naming`'s; the other stages only read names.
        let sources = [
            ("spec/check.rs", include_str!("../spec/check.rs")),
            ("spec/read.rs", include_str!("../spec/read.rs")),
            ("spec/merge.rs", include_str!("../spec/merge.rs")),
            ("spec/fold.rs", include_str!("../spec/fold.rs")),
            ("ir/build.rs", include_str!("build.rs")),
            ("rust/mod.rs", include_str!("../rust/mod.rs")),
            ("rust/types.rs", include_str!("../rust/types.rs")),
            ("rust/operations.rs", include_str!("../rust/operations.rs")),
            ("rust/client.rs", include_str!("../rust/client.rs")),
            ("rust/docs.rs", include_str!("../rust/docs.rs")),
        ];
        let forbidden = [
            "heck::",
            "to_snake_case",
            "to_upper_camel_case",
            "to_lower_camel_case",
            "naming::snake",
            "naming::camel",
            "naming::variant",
            "naming::module_name",
            "naming::builder_type",
            "naming::request_type",
            "naming::service_name",
            "_param\")",
            "_operation\")",
            "format_ident!(\"with_",
            "format_ident!(\"{}_",
            "}Item\"",
            "}Value\"",
            "}Response\"",
            "}RequestBody\"",
        ];
        for (file, text) in sources {
            // Test modules may spell expected names.
            let code: String = text
                .split("#[cfg(test)]")
                .next()
                .unwrap_or(text)
                .lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .collect();
            for pattern in forbidden {
                assert!(
                    !code.contains(pattern),
                    "{file} derives a name: `{pattern}`"
                );
            }
        }
    }
}
