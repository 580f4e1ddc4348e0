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

/// Turns a plural acronym (`APIs`, `IDs`, `userIDs`) into a capitalised word (`Apis`, `Ids`, `userIds`) so case
/// conversion keeps it whole instead of splitting off the `s` (`other_ap_is`).
fn plural_acronyms(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && chars[i].is_ascii_uppercase() {
            i += 1;
        }
        let run = i - start;
        let ends_word = |j: usize| j >= chars.len() || !chars[j].is_ascii_lowercase();
        if run >= 2 && i < chars.len() && chars[i] == 's' && ends_word(i + 1) {
            out.push(chars[start]);
            out.extend(chars[start + 1..i].iter().map(char::to_ascii_lowercase));
            out.push('s');
            i += 1;
        } else if run > 0 {
            out.extend(&chars[start..i]);
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Splits a wire name into ASCII words: other characters separate words, and a name with no ASCII letter
/// or digit at all is spelled by its code points (`名称` → `u540d u79f0`) so distinct names stay distinct.
fn ascii_words(name: &str) -> String {
    let name = &plural_acronyms(name);
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

/// The names a case conversion has made on this thread, by the name it was given. The IR derives the same few
/// names over and over (every struct's `id`, `name`, `created_at`; each field again for [`looks_secret`]), and a
/// derivation (plural acronyms, word splitting, case mapping: ~5,600 instructions and several allocations) costs
/// tens of times a lookup; the IR is built on the one thread that then waits for it, so this is on the serial path
/// of `generate`.
#[derive(Default)]
struct Memo(std::cell::RefCell<std::collections::HashMap<String, String>>);

impl Memo {
    /// How many names a memo holds before it starts over, which bounds its memory whatever the input.
    const MAX_ENTRIES: usize = 1 << 16;

    /// The name `derive` makes of `name`, made once per thread (until the memo starts over).
    fn get_or(&self, name: &str, derive: fn(&str) -> String) -> String {
        if let Some(known) = self.0.borrow().get(name) {
            return known.clone();
        }
        let made = derive(name);
        let mut memo = self.0.borrow_mut();
        if memo.len() >= Self::MAX_ENTRIES {
            memo.clear();
        }
        memo.insert(name.to_owned(), made.clone());
        made
    }
}

/// A `snake_case` name for a field, parameter or method (`userName` → `user_name`, `type` → `type_`,
/// `2xx` → `n_2xx`, `-` → `u2d`).
pub fn snake(name: &str) -> String {
    thread_local! {
        static SNAKE: Memo = Memo::default();
    }
    SNAKE.with(|memo| memo.get_or(name, derive_snake))
}

/// [`snake`], derived each time.
fn derive_snake(name: &str) -> String {
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
    thread_local! {
        static CAMEL: Memo = Memo::default();
    }
    CAMEL.with(|memo| memo.get_or(name, derive_camel))
}

/// [`camel`], derived each time.
fn derive_camel(name: &str) -> String {
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

/// An enum variant for a wire value: `UpperCamelCase`, except that a value starting with a digit (a version
/// such as `1.1.0`) keeps its digit groups apart (`V1_1_0`, `V2_7`, `V3X`) instead of running them together.
pub fn variant(value: &str) -> String {
    if !value.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
        return camel(value);
    }
    let mut out = String::from("V");
    let mut previous_digit = false;
    for word in ascii_words(value).split_whitespace() {
        let starts_digit = word.starts_with(|c: char| c.is_ascii_digit());
        if previous_digit && starts_digit {
            out.push('_');
        }
        out.push_str(&word.to_upper_camel_case());
        previous_digit = word.ends_with(|c: char| c.is_ascii_digit());
    }
    out
}

/// Whether a field name says it holds a secret (`password`, `new_password`, `user_passwd`, `secret_key`,
/// `security_token`): such fields are redacted in `Debug` unless the spec says `x-sensitive: false`.
pub fn looks_secret(name: &str) -> bool {
    let snake = snake(name);
    let last = snake.rsplit('_').next().unwrap_or_default();
    snake
        .split('_')
        .any(|word| matches!(word, "password" | "passwd" | "pwd" | "secret"))
        || matches!(last, "token" | "sk")
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

/// The longest module name, in bytes, the generated crate may have. Client methods and API groups are modules,
/// and a module is a file or directory (`src/operations/<group>/<method>.rs`): file systems take 255 bytes per
/// file name (encrypted home directories on Linux about 143), and the crate may sit deep in a tree, so names
/// stay well below that. A derived name that is longer is shortened by [`module_name`]; a name the spec gives
/// (`x-rust-name`) that is longer is an error at its position, found before anything is written.
pub const MAX_MODULE_NAME_BYTES: usize = 96;

/// Whether `name` is short enough to be a module, file or directory of the generated crate.
pub fn fits_module_name(name: &str) -> bool {
    name.len() <= MAX_MODULE_NAME_BYTES
}

/// A derived snake_case module name made to fit [`MAX_MODULE_NAME_BYTES`]: a longer one keeps its beginning and
/// ends in `_` and eight hex digits of a hash of the whole name, so two long names that share a beginning stay
/// apart and the same name always gives the same module (FNV-1a: stable across Rust versions and platforms,
/// unlike `std`'s hasher).
pub fn module_name(name: String) -> String {
    if fits_module_name(&name) {
        return name;
    }
    let hash = name.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let suffix = format!("_{hash:08x}");
    let mut end = MAX_MODULE_NAME_BYTES - suffix.len();
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let head = name[..end].trim_end_matches('_');
    format!("{head}{suffix}")
}

/// The longest service name derived from a title: crates.io takes keywords (the crate's manifest lists the
/// service name as one) of at most 20 characters.
const MAX_SERVICE_NAME: usize = 20;

/// A service's short name (`kafka`, `keeper-api`) from any text (`info.title`, or a `--name` that is not one
/// already): lowercase ASCII words joined by `-`, starting with a letter, at most 20 characters (cut at a word
/// end). The crate is `huaweicloud-<name>`, its library `huaweicloud_<name>`.
pub fn service_name(text: &str) -> String {
    if is_service_name(text) && text.len() <= MAX_SERVICE_NAME {
        return text.to_owned();
    }
    // Punctuation alone names nothing (rather than being spelled as code points, as letters are).
    let snake = if text.chars().any(char::is_alphanumeric) {
        ascii_words(text).to_snake_case()
    } else {
        String::new()
    };
    let mut name = String::new();
    for word in snake.split('_').filter(|w| !w.is_empty()) {
        let extra = usize::from(!name.is_empty()) + word.len();
        if name.len() + extra > MAX_SERVICE_NAME {
            if name.is_empty() {
                name.push_str(&word[..MAX_SERVICE_NAME]);
            }
            break;
        }
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(word);
    }
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        // Empty, or starting with a digit: `api` keeps it a name.
        name = if name.is_empty() {
            "api".to_owned()
        } else {
            format!("api-{name}")
        };
        name.truncate(MAX_SERVICE_NAME);
        name = name.trim_end_matches('-').to_owned();
    }
    name
}

/// Whether `name` is a service name as [`service_name`] makes them: lowercase letters, digits and single `-`
/// between words, starting with a letter.
pub fn is_service_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
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
            ("Other APIs", "other_apis"),
            ("IDs", "ids"),
            ("userIDs", "user_ids"),
            ("APIsList", "apis_list"),
            ("URL", "url"),
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
            ("Other APIs", "OtherApis"),
            ("名称", "U540dU79f0"),
            ("", "Value"),
        ] {
            assert_eq!(camel(wire), rust, "camel({wire:?})");
        }
    }

    #[test]
    fn secret_names() {
        for (name, secret) in [
            ("password", true),
            ("new_password", true),
            ("user_passwd", true),
            ("redis_password", true),
            ("secret_key", true),
            ("securityToken", true),
            ("access_key", false),
            ("disk_encrypted_key", false),
            ("token_count", false),
            ("x_auth_token", true),
            ("passage", false),
            ("name", false),
        ] {
            assert_eq!(looks_secret(name), secret, "{name}");
        }
    }

    #[test]
    fn a_remembered_name_is_the_name_derived_for_it_and_no_other() {
        // Hand-written expectations, asked twice in an interleaved order: the second answer comes from the
        // memo and must still be the name of what was asked, not of the previous question.
        let cases = [
            ("userName", "user_name", "UserName"),
            ("type", "type_", "Type"),
            ("APIs", "apis", "Apis"),
            ("2xx", "n_2xx", "N2xx"),
            ("self", "self_", "Self_"),
        ];
        for _ in 0..2 {
            for (name, snake_name, camel_name) in cases {
                assert_eq!(snake(name), snake_name, "{name}");
                assert_eq!(camel(name), camel_name, "{name}");
            }
        }
        // Past its bound the memo starts over and keeps answering right.
        for i in 0..=Memo::MAX_ENTRIES {
            snake(&format!("field{i}"));
        }
        assert_eq!(snake("userName"), "user_name");
        assert_eq!(snake("field7"), "field7");
    }

    #[test]
    fn variant_names() {
        for (wire, rust) in [
            ("prePaid", "PrePaid"),
            ("produce_reject", "ProduceReject"),
            ("ACTIVE", "Active"),
            ("1.1.0", "V1_1_0"),
            ("2.7", "V2_7"),
            ("3.x", "V3X"),
            ("10", "V10"),
            ("self", "Self_"),
        ] {
            assert_eq!(variant(wire), rust, "variant({wire:?})");
        }
    }

    #[test]
    fn hostile_names_become_identifiers() {
        // (wire name, snake, camel): whatever a spec name holds, the Rust name is ASCII letters, digits and
        // `_`, never a keyword, never empty.
        for (wire, snake_name, camel_name) in [
            ("a\"b", "a_b", "AB"),
            ("a\\b", "a_b", "AB"),
            ("\r\n", "value", "Value"),
            ("a\rb\0c", "a_b_c", "ABC"),
            ("\0", "u0", "U0"),
            ("\u{1b}[31m", "n_31m", "N31m"),
            ("x\u{202e}y", "x_y", "XY"),
            ("\u{202e}", "u202e", "U202e"),
            ("😀", "u1f600", "U1f600"),
            ("*/", "u2a_u2f", "U2aU2f"),
            ("#[", "u23_u5b", "U23U5b"),
            ("{{", "u7b_u7b", "U7bU7b"),
            ("`", "u60", "U60"),
            ("_", "u5f", "U5f"),
            ("  ", "value", "Value"),
            ("r#type", "r_type", "RType"),
            ("SELF", "self_", "Self_"),
            ("crate", "crate_", "Crate"),
        ] {
            assert_eq!(snake(wire), snake_name, "snake({wire:?})");
            assert_eq!(camel(wire), camel_name, "camel({wire:?})");
        }
        let long = "a\"b ".repeat(2500);
        for name in [
            snake(&long),
            camel(&long),
            variant(&long),
            variant("1\"\r2"),
        ] {
            assert!(syn::parse_str::<syn::Ident>(&name).is_ok(), "{name:?}");
        }
        assert_eq!(variant("1\"\r2"), "V1_2");
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
    fn long_derived_module_names_are_shortened_deterministically() {
        let long = snake(&"ListTheBackgroundTasksOfAnInstance".repeat(5));
        let short = module_name(long.clone());
        assert!((MAX_MODULE_NAME_BYTES - 2..=MAX_MODULE_NAME_BYTES).contains(&short.len()));
        assert!(is_snake_name(&short), "{short}");
        assert_eq!(short, module_name(long.clone()), "same input, same name");
        // Hash computed independently: FNV-1a 32 of the full name.
        let mut h: u32 = 0x811c9dc5;
        for b in long.bytes() {
            h ^= b as u32;
            h = h.wrapping_mul(16777619);
        }
        assert!(short.ends_with(&format!("_{h:08x}")));
        assert!(long.starts_with(short.trim_end_matches(&format!("_{h:08x}"))));
        // Two names that differ only past the cut stay apart.
        assert_ne!(
            module_name(format!("{long}_a")),
            module_name(format!("{long}_b"))
        );
        // No doubled underscore where the cut fell on one, and short names pass through.
        assert!(!module_name(format!("{}_{}", "a".repeat(86), "b".repeat(40))).contains("__"));
        assert_eq!(module_name("tasks".into()), "tasks");
        // Multi-byte names are cut on a character boundary.
        let wide = module_name("é".repeat(80));
        assert!(wide.len() <= MAX_MODULE_NAME_BYTES);
    }

    #[test]
    fn module_names_fit_in_a_file_name_with_room_to_spare() {
        assert!(fits_module_name(&"a".repeat(96)));
        assert!(!fits_module_name(&"a".repeat(97)));
        // Bytes, not characters: the file system counts bytes.
        assert!(!fits_module_name(&"é".repeat(49)));
        assert!(MAX_MODULE_NAME_BYTES + ".rs".len() < 143);
    }

    #[test]
    fn service_names_from_titles() {
        for (title, name) in [
            ("kafka", "kafka"),
            ("Keeper API", "keeper-api"),
            ("Parameter name collision test", "parameter-name"),
            (
                "Distributed Message Service for Kafka",
                "distributed-message",
            ),
            ("Foo: Bar! (v2)", "foo-bar-v2"),
            ("  spaced   out  ", "spaced-out"),
            ("2048 Game", "api-2048-game"),
            ("42", "api-42"),
            ("名称 API", "api"),
            ("名称", "u540d-u79f0"),
            ("café crème", "caf-cr-me"),
            ("", "api"),
            ("!!!", "api"),
            ("Supercalifragilisticexpialidocious", "supercalifragilistic"),
            ("my--service-", "my-service"),
        ] {
            let derived = service_name(title);
            assert_eq!(derived, name, "service_name({title:?})");
            assert!(is_service_name(&derived), "{derived}");
            assert!(derived.len() <= MAX_SERVICE_NAME, "{derived}");
        }
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
