//! How spec names become Rust names. Every rule lives here, so the validator (which reports collisions) and
//! the IR (which applies the names) can never disagree.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Strict and reserved keywords of Rust 2024 that a generated name must avoid.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Splits a wire name into ASCII words: other characters separate words, and a name with no ASCII letter
/// or digit at all is spelled by its code points (`名称` → `u540d u79f0`) so distinct names stay distinct.
fn ascii_words(name: &str) -> String {
    if name.chars().any(|c| c.is_ascii_alphanumeric()) {
        name.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
            .collect()
    } else {
        name.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| format!("u{:x} ", c as u32))
            .collect()
    }
}

/// A `snake_case` name for a field, parameter or method (`userName` → `user_name`, `type` → `type_`,
/// `2xx` → `n_2xx`, `-` → `u2d`).
pub fn snake(name: &str) -> String {
    let mut out = ascii_words(name).to_snake_case();
    if out.is_empty() {
        out.push_str("value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "n_");
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// An `UpperCamelCase` name for a type or variant (`tasks` → `Tasks`, `ACTIVE` → `Active`,
/// `self` → `Self_`, `2xx` → `N2xx`).
pub fn camel(name: &str) -> String {
    let mut out = ascii_words(name).to_upper_camel_case();
    if out.is_empty() {
        out.push_str("Value");
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// Whether `name` may be used verbatim as a Rust type name given in an `x-rust-name` override.
pub fn is_type_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && !KEYWORDS.contains(&name)
}

/// Whether `name` may be used verbatim as a field or method name given in an `x-rust-name` override.
pub fn is_snake_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !KEYWORDS.contains(&name)
        && name != "_"
}

/// The request struct of an operation.
pub fn request_type(operation_type: &str) -> String {
    format!("{operation_type}Request")
}

/// The builder returned by the client method of an operation.
pub fn builder_type(operation_type: &str) -> String {
    operation_type.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        for (wire, rust) in [
            ("task_count", "task_count"),
            ("userName", "user_name"),
            ("type", "type_"),
            ("self", "self_"),
            ("async", "async_"),
            ("gen", "gen_"),
            ("2xx", "n_2xx"),
            ("7", "n_7"),
            ("x-sdk-date", "x_sdk_date"),
            ("a.b c", "a_b_c"),
            ("café", "caf"),
            ("名称", "u540d_u79f0"),
            ("-", "u2d"),
            ("", "value"),
            ("ListBackgroundTasks", "list_background_tasks"),
            ("HTTPServer", "http_server"),
        ] {
            assert_eq!(snake(wire), rust, "snake({wire:?})");
        }
    }

    #[test]
    fn camel_names() {
        for (wire, rust) in [
            ("tasks", "Tasks"),
            (
                "ListBackgroundTasksRespTasks",
                "ListBackgroundTasksRespTasks",
            ),
            ("ACTIVE", "Active"),
            ("produce_reject", "ProduceReject"),
            ("self", "Self_"),
            ("2xx", "N2xx"),
            ("1.1.0", "N110"),
            ("x-y.z", "XYZ"),
            ("名称", "U540dU79f0"),
            ("", "Value"),
        ] {
            assert_eq!(camel(wire), rust, "camel({wire:?})");
        }
    }

    #[test]
    fn different_spellings_collide_after_conversion() {
        // The validator relies on this to report such pairs.
        assert_eq!(snake("userName"), snake("user_name"));
        assert_eq!(snake("user-name"), snake("user.name"));
        assert_eq!(camel("tasks"), camel("Tasks"));
        assert_ne!(snake("名称"), snake("名字"));
    }

    #[test]
    fn overrides_must_be_plain_identifiers() {
        assert!(is_type_name("BackgroundTask"));
        assert!(!is_type_name("backgroundTask"));
        assert!(!is_type_name("Self"));
        assert!(!is_type_name("Task-1"));
        assert!(is_snake_name("tasks_v2"));
        assert!(!is_snake_name("type"));
        assert!(!is_snake_name("Tasks"));
        assert!(!is_snake_name("_"));
    }
}
