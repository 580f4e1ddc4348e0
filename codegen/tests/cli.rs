//! The `codegen` binary on good and bad specs: every problem of a file reported with `file:line:column` in one
//! run, a non-zero exit, nothing written; `check` names stale files; a no-op `generate` touches nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The spec as it was for the seed page alone: a stable base for damaging (spec/kafka.yaml changes with the docs).
fn seed_spec() -> String {
    std::fs::read_to_string(repo().join("codegen/tests/fixtures/transcribe/kafka-seed.yaml"))
        .unwrap()
}

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Writes `text` as a spec in a temp dir and runs `generate` on it; returns the output and the out dir.
fn generate_text(text: &str) -> (Output, tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let spec = tmp.path().join("bad.yaml");
    std::fs::write(&spec, text).unwrap();
    let out_dir = tmp.path().join("out");
    let out = codegen(&[
        "generate",
        "--spec",
        spec.to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
    ]);
    (out, tmp, out_dir)
}

/// The 1-based line of the first occurrence of `needle` in the seed spec.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// The 1-based line that is exactly `line`.
fn line_eq(text: &str, line: &str) -> usize {
    text.lines().position(|l| l == line).unwrap() + 1
}

#[test]
fn broken_yaml_reports_the_position_and_writes_nothing() {
    let text = seed_spec().replacen("  title: Distributed", "  title: [Distributed", 1);
    let (out, _tmp, out_dir) = generate_text(&text);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("bad.yaml:"), "{err}");
    assert!(err.contains("invalid YAML"), "{err}");
    assert!(!out_dir.exists());
}

#[test]
fn every_semantic_problem_is_reported_in_one_run_with_positions() {
    let seed = seed_spec();
    let text = seed
        // unknown $ref
        .replacen("#/components/schemas/ListBackgroundTasksRespTasks", "#/components/schemas/NoSuchSchema", 1)
        // unsupported type
        .replacen("            type: integer\n            format: int32\n          x-required-inferred: true\n        - name: limit", "            type: decimal\n          x-required-inferred: true\n        - name: limit", 1);
    // a duplicate operationId, on a second path
    let duplicate = "  /v2/{project_id}/instances/{instance_id}/tasks2:\n    get:\n      operationId: ListBackgroundTasks\n      parameters:\n        - name: project_id\n          in: path\n          required: true\n          schema:\n            type: string\n        - name: instance_id\n          in: path\n          required: true\n          schema:\n            type: string\n      responses:\n        '204':\n          description: ok\ncomponents:\n";
    let text = text.replacen("components:\n", duplicate, 1);
    let (out, _tmp, out_dir) = generate_text(&text);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!out_dir.exists(), "nothing is written");
    let expect = [
        (
            line_of(&text, "NoSuchSchema"),
            "unknown schema `NoSuchSchema`",
        ),
        (
            line_of(&text, "type: decimal"),
            "type `decimal` is not supported",
        ),
        (
            line_of(&text, "/tasks2:") + 2,
            "operationId `ListBackgroundTasks` is used twice",
        ),
    ];
    for (line, message) in expect {
        let found = err
            .lines()
            .any(|l| l.contains(&format!("bad.yaml:{line}:")) && l.contains(message));
        assert!(found, "expected `{message}` at line {line} in:\n{err}");
    }
    assert!(err.contains("help:"), "problems say what to do:\n{err}");
}

#[test]
fn names_colliding_after_conversion_are_resolved_unless_both_are_given() {
    // userName and user_name both convert to `user_name`: the one spelled so keeps it, the other is numbered.
    let derived = seed_spec().replacen(
        "        user_name:\n",
        "        userName:\n          type: string\n        user_name:\n",
        1,
    );
    let (out, _tmp, out_dir) = generate_text(&derived);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let types = std::fs::read_to_string(out_dir.join("src/types.rs")).unwrap();
    assert!(types.contains("pub user_name_2: "), "userName is numbered");
    assert!(
        types.contains("pub user_name: "),
        "user_name keeps its name"
    );
    // Both given the same name: an error at the second, with the first's position.
    let given = seed_spec().replacen(
        "        user_name:\n          type: string\n",
        "        userName:\n          type: string\n          x-rust-name: user\n        user_name:\n          type: string\n          x-rust-name: user\n",
        1,
    );
    let (out, _tmp, out_dir) = generate_text(&given);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!out_dir.exists(), "nothing is written");
    let first = line_eq(&given, "        userName:");
    let second = line_eq(&given, "        user_name:");
    let line = err
        .lines()
        .find(|l| l.contains("are both given the field name `user`"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(line.contains(&format!("bad.yaml:{second}:")), "{line}");
    assert!(line.contains(&format!("(at {first}:")), "{line}");
}

#[test]
fn names_says_which_names_were_given_or_renamed_and_why() {
    let spec = repo().join("codegen/tests/fixtures/openapi/name-collisions.yaml");
    let out = codegen(&["names", "--spec", spec.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    // The fixture declares `Condition` on line 52; `condition` (line 43) yields to it.
    assert!(
        text.lines().any(|l| l.starts_with(
            "type: `condition` → `Condition2` (`Condition` is taken by `Condition` (at 52:"
        )),
        "{text}"
    );
    assert!(
        text.contains(
            "client method: `builder` → `builder_2` (`builder` is taken by the generated code)"
        ),
        "{text}"
    );
    assert!(
        !text.contains("(derived)"),
        "plain derivations only with --all:\n{text}"
    );
    let all = codegen(&["names", "--all", "--spec", spec.to_str().unwrap()]);
    assert!(String::from_utf8_lossy(&all.stdout).contains("`ListItems` → `list_items` (derived)"));
}

#[test]
fn unknown_keys_are_reported_not_ignored() {
    let text = seed_spec().replacen("      summary:", "      oneOf: []\n      summary:", 1);
    let (out, _tmp, _) = generate_text(&text);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("unsupported key `oneOf` in an operation"),
        "{err}"
    );
}

#[test]
fn check_names_stale_files_and_generate_fixes_them() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = repo().join("spec/kafka.yaml");
    let out_dir = tmp.path().join("kafka");
    let args = |cmd: &'static str| {
        [
            cmd,
            "--spec",
            spec.to_str().unwrap(),
            "--out",
            out_dir.to_str().unwrap(),
        ]
        .map(str::to_owned)
    };
    let run = |cmd| {
        Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(args(cmd))
            .output()
            .unwrap()
    };
    assert_eq!(run("generate").status.code(), Some(0));
    assert_eq!(run("check").status.code(), Some(0));
    std::fs::write(out_dir.join("src/types.rs"), "// edited by hand\n").unwrap();
    // A file an earlier generation wrote (it is in the manifest) and this one does not: stale.
    let manifest = out_dir.join(".codegen-manifest");
    let listed = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, format!("{listed}src/gone.rs\n")).unwrap();
    std::fs::write(out_dir.join("src/gone.rs"), "").unwrap();
    // A file codegen did not write: not stale, and left alone.
    std::fs::write(out_dir.join("src/stray.rs"), "mine").unwrap();
    let stale = run("check");
    let err = stderr(&stale);
    assert_eq!(stale.status.code(), Some(1), "{err}");
    assert!(
        err.contains("~ src/types.rs") && err.contains("- src/gone.rs"),
        "{err}"
    );
    assert!(!err.contains("stray"), "{err}");
    assert_eq!(run("generate").status.code(), Some(0));
    assert_eq!(run("check").status.code(), Some(0));
    assert!(!out_dir.join("src/gone.rs").exists());
    assert_eq!(
        std::fs::read_to_string(out_dir.join("src/stray.rs")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), listed);
}

/// `generate --out DIR` used to delete every file in DIR it did not write (`.git/` included) and exit 0.
#[test]
fn generate_into_a_directory_it_did_not_write_refuses_unless_adopting_and_keeps_foreign_files() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = repo().join("codegen/tests/fixtures/transcribe/kafka-seed.yaml");
    let out_dir = tmp.path().join("project");
    let foreign = [
        (".git/config", "[core]\n\tbare = false\n"),
        (".git/HEAD", "ref: refs/heads/main\n"),
        (".env", "TOKEN=x\n"),
        ("notes.txt", "my notes\n"),
        ("src/notes.md", "more notes\n"),
    ];
    for (path, contents) in foreign {
        let path = out_dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, contents).unwrap();
    }
    let foreign_survive = || {
        for (path, contents) in foreign {
            assert_eq!(
                std::fs::read_to_string(out_dir.join(path)).unwrap(),
                contents,
                "{path}"
            );
        }
    };
    let args = |extra: &[&'static str]| {
        let mut args = vec![
            "generate".to_owned(),
            "--spec".into(),
            spec.to_str().unwrap().into(),
            "--out".into(),
            out_dir.to_str().unwrap().into(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let run = |args: Vec<String>| {
        Command::new(env!("CARGO_BIN_EXE_codegen"))
            .args(args)
            .output()
            .unwrap()
    };

    let refused = run(args(&[]));
    let err = stderr(&refused);
    assert_eq!(refused.status.code(), Some(2), "{err}");
    assert!(
        err.contains("not written by codegen") && err.contains("--adopt"),
        "{err}"
    );
    foreign_survive();
    assert!(!out_dir.join("Cargo.toml").exists(), "nothing is written");
    assert_eq!(staging_left_in(tmp.path()), Vec::<String>::new());
    let mut check = args(&[]);
    check[0] = "check".into();
    assert_eq!(
        run(check).status.code(),
        Some(2),
        "check follows the same rules"
    );

    let adopted = run(args(&["--adopt"]));
    assert_eq!(adopted.status.code(), Some(0), "{}", stderr(&adopted));
    foreign_survive();
    assert!(out_dir.join("src/lib.rs").exists());
    let manifest = std::fs::read_to_string(out_dir.join(".codegen-manifest")).unwrap();
    assert!(manifest.lines().any(|l| l == "src/lib.rs"), "{manifest}");
    assert!(
        !manifest.contains("notes") && !manifest.contains(".git"),
        "{manifest}"
    );

    // From now on the directory is codegen's: no flag needed, and the foreign files still survive.
    std::fs::write(out_dir.join("src/lib.rs"), "// edited\n").unwrap();
    let again = run(args(&[]));
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    foreign_survive();
    assert_eq!(staging_left_in(tmp.path()), Vec::<String>::new());

    // A generated file where a foreign file is, or a file where a generated directory goes: refused.
    std::fs::remove_file(out_dir.join("src/types.rs")).unwrap();
    std::fs::write(out_dir.join("src/types.rs"), "mine\n").unwrap();
    let manifest_path = out_dir.join(".codegen-manifest");
    let without_types: String = manifest
        .lines()
        .filter(|l| *l != "src/types.rs")
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&manifest_path, &without_types).unwrap();
    let before = std::fs::read_to_string(out_dir.join("src/lib.rs")).unwrap();
    std::fs::remove_dir_all(out_dir.join("src/operations")).unwrap();
    std::fs::write(out_dir.join("src/operations"), "a file\n").unwrap();
    let conflict = run(args(&[]));
    let err = stderr(&conflict);
    assert_eq!(conflict.status.code(), Some(2), "{err}");
    assert!(
        err.contains("`src/types.rs`") && err.contains("`src/operations`"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("src/types.rs")).unwrap(),
        "mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("src/operations")).unwrap(),
        "a file\n"
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("src/lib.rs")).unwrap(),
        before
    );
    assert_eq!(
        std::fs::read_to_string(&manifest_path).unwrap(),
        without_types
    );
    assert_eq!(staging_left_in(tmp.path()), Vec::<String>::new());
    foreign_survive();
}

#[test]
fn the_committed_crate_is_current() {
    let out = Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(["--root", repo().to_str().unwrap(), "check"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn seed_page() -> PathBuf {
    let shared = std::env::var_os("HUAWEICLOUD_SHARED_DIR")
        .map_or_else(|| repo().join("../shared"), PathBuf::from);
    shared.join("seed/000_2077a7f428de1ba1.txt")
}

#[test]
fn transcribing_the_seed_into_its_spec_changes_no_byte() {
    let spec = repo().join("codegen/tests/fixtures/transcribe/kafka-seed.yaml");
    let out = codegen(&[
        "transcribe",
        seed_page().to_str().unwrap(),
        "--merge-into",
        spec.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        std::fs::read_to_string(&spec).unwrap()
    );
}

#[test]
fn a_line_that_cannot_be_placed_is_an_error_with_its_position_unless_allowed() {
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("ListBackgroundTasks.txt");
    let text = std::fs::read_to_string(seed_page()).unwrap();
    // A sentence in the response section that belongs to no table.
    let damaged = text.replacen("响应参数\n\n", "响应参数\n\nstray cell\n\n", 1);
    std::fs::write(&page, &damaged).unwrap();
    let out_file = tmp.path().join("out.yaml");
    let args = [
        "transcribe",
        page.to_str().unwrap(),
        "--service",
        "kafka",
        "-o",
        out_file.to_str().unwrap(),
    ];
    let out = codegen(&args);
    let err = stderr(&out);
    assert_ne!(out.status.code(), Some(0), "{err}");
    let line = damaged.lines().position(|l| l == "stray cell").unwrap() + 1;
    assert!(
        err.contains(&format!("ListBackgroundTasks.txt:{line}")),
        "{err}"
    );
    assert!(!out_file.exists(), "nothing is written");

    let mut allowed = args.to_vec();
    allowed.push("--allow-unplaced");
    let out = codegen(&allowed);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("stray cell") || stderr(&out).contains("unplaced"),
        "{}",
        stderr(&out)
    );
    assert!(out_file.exists());
}

/// Runs `codegen` with `args` and returns its stderr, checking the exit code.
fn stderr_of(args: &[&str], code: i32) -> String {
    let out = codegen(args);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}",
        &err[..err.len().min(2000)]
    );
    err
}

/// A diagnostic quotes a bounded part of a huge line, and still says where it is.
#[test]
fn a_five_megabyte_line_gives_a_short_diagnostic_with_its_position() {
    const HUGE: usize = 5_000_000;
    const SMALL: usize = 4096;
    let seed = seed_spec();
    // A huge value quoted by a semantic check, and a huge (explicit) key reported as unknown.
    let value = seed.replacen(
        "            type: integer\n",
        &format!("            type: decimal{}\n", "q".repeat(HUGE)),
        1,
    );
    let key = seed.replacen(
        "      summary:",
        &format!("      ? {}\n      : 1\n      summary:", "y".repeat(HUGE)),
        1,
    );
    for (text, needle) in [(value, "type: decimal"), (key, "? yyy")] {
        let (out, _tmp, out_dir) = generate_text(&text);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2));
        assert!(err.len() < SMALL, "{} bytes of stderr", err.len());
        let line = line_of(&text, needle);
        assert!(err.contains(&format!("bad.yaml:{line}:")), "{err}");
        assert!(!out_dir.exists());
    }

    // A page line that cannot be placed: an error, or with --allow-unplaced a report entry.
    let tmp = tempfile::tempdir().unwrap();
    let page = tmp.path().join("ListBackgroundTasks.txt");
    let text = std::fs::read_to_string(seed_page()).unwrap();
    let damaged = text.replacen(
        "响应参数\n\n",
        &format!("响应参数\n\n{}\n\n", "z".repeat(HUGE)),
        1,
    );
    std::fs::write(&page, &damaged).unwrap();
    let line = damaged.lines().position(|l| l.starts_with("zzz")).unwrap() + 1;
    let spec = tmp.path().join("out.yaml");
    let args = [
        "transcribe",
        page.to_str().unwrap(),
        "--service",
        "kafka",
        "-o",
        spec.to_str().unwrap(),
    ];
    let err = stderr_of(&args, 2);
    assert!(err.len() < SMALL, "{} bytes of stderr", err.len());
    assert!(
        err.contains(&format!("ListBackgroundTasks.txt:{line}:1:")),
        "{err}"
    );
    let err = stderr_of(&[&args[..], &["--allow-unplaced"]].concat(), 0);
    let unplaced: Vec<&str> = err.lines().filter(|l| l.contains("unplaced: ")).collect();
    assert_eq!(unplaced.len(), 1, "{}", &err[..err.len().min(4000)]);
    assert!(unplaced[0].len() < SMALL, "{} bytes", unplaced[0].len());
    assert!(unplaced[0].contains(&format!("ListBackgroundTasks.txt:{line}:1:")));
}

/// Entries of `dir` whose name ends in `.codegen-new` or `.codegen-old`: what a generation may leave next to
/// its output directory.
fn staging_left_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".codegen-new") || n.ends_with(".codegen-old"))
        .collect()
}

/// Every file and directory name under `dir`, relative, longest first.
fn names_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            out.push(entry.file_name().to_string_lossy().into_owned());
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            }
        }
    }
    out.sort_by_key(|n| std::cmp::Reverse(n.len()));
    out
}

/// An operationId or API group too long for a file name gives a shortened, deterministic module name (it used to
/// fail in the middle of writing with `File name too long` and no position); a too-long name the spec gives
/// explicitly (`x-rust-name`) is an error at its position, found before anything is written.
#[test]
fn over_long_names_are_shortened_or_rejected_before_anything_is_written() {
    let seed = seed_spec();
    for length in [300, 100_000] {
        let id = format!("List{}", "X".repeat(length - 4));
        let text = seed.replacen(
            "operationId: ListBackgroundTasks",
            &format!(
                "operationId: {id}\n      x-doc-group: {}",
                "g".repeat(length)
            ),
            1,
        );
        let (out, tmp, out_dir) = generate_text(&text);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let names = names_under(&out_dir);
        assert!(
            names[0].len() <= 96 + ".rs".len(),
            "{}",
            &names[0][..120.min(names[0].len())]
        );
        let operations = out_dir.join("src/operations");
        let groups: Vec<_> = std::fs::read_dir(&operations)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("ggg"))
            .collect();
        assert_eq!(groups.len(), 1, "{groups:?}");
        // The same spec gives the same names again.
        let (again, _tmp2, out_dir2) = generate_text(&text);
        assert_eq!(again.status.code(), Some(0));
        assert_eq!(names_under(&out_dir2), names);
        assert_eq!(staging_left_in(tmp.path()), Vec::<String>::new());
    }
    // An explicit name is the author's choice: too long is an error at the operation, nothing written.
    let text = seed.replacen(
        "operationId: ListBackgroundTasks",
        &format!(
            "operationId: ListBackgroundTasks\n      x-rust-name: {}",
            "m".repeat(200)
        ),
        1,
    );
    let (out, tmp, out_dir) = generate_text(&text);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.len() < 4096, "{} bytes of stderr", err.len());
    let line = line_of(&text, "operationId: ListBackgroundTasks");
    assert!(err.contains(&format!("bad.yaml:{line}:")), "{err}");
    assert!(err.contains("x-rust-name"), "{err}");
    assert!(!out_dir.exists());
    assert_eq!(staging_left_in(tmp.path()), Vec::<String>::new());
}

/// An output path that is a file: an error naming it, the file untouched, nothing left beside it.
#[test]
fn an_output_path_that_is_a_file_is_an_error_and_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let out_file = tmp.path().join("crate");
    std::fs::write(&out_file, "not a directory\n").unwrap();
    let spec = repo().join("codegen/tests/fixtures/transcribe/kafka-seed.yaml");
    let err = stderr_of(
        &[
            "generate",
            "--spec",
            spec.to_str().unwrap(),
            "--out",
            out_file.to_str().unwrap(),
        ],
        2,
    );
    assert!(err.contains(out_file.to_str().unwrap()), "{err}");
    assert_eq!(
        std::fs::read_to_string(&out_file).unwrap(),
        "not a directory\n"
    );
    assert_eq!(staging_left_in(tmp.path()), Vec::<String>::new());
}
