//! `codegen`: the command-line front end of the generator.
//!
//! ```text
//! codegen generate [--spec FILE] [--out DIR] [--adopt] [--crate-version X.Y.Z]   spec/<svc>.yaml → generated/<svc>/
//! codegen check    [--spec FILE] [--out DIR] [--adopt]   exit 1, naming the files, when generated/ or spec/lint/ is stale
//! codegen transcribe PAGE.txt... [--merge-into SPEC [--prune]] [-o OUT]   doc pages → OpenAPI spec (stdout without -o)
//! codegen transcribe-service SERVICE... [--corpus DIR] [--regions FILE]   corpus/<svc>/pages → spec/<svc>.yaml
//! codegen diff OLD.yaml NEW.yaml [--format md|json] [--crate-version X.Y.Z]   what changed, what breaks
//! codegen names [--spec FILE] [--all]   the Rust names not plainly derived (given, or renamed), and why
//! codegen lint PAGES|DIR|SPEC... [--format md|json] [--write DIR]   documentation defects with file:line
//! ```
//!
//! With `CODEGEN_TIMINGS=1` in the environment, `generate` and `check` print a timestamp per stage on stderr
//! (see `codegen::timings`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use codegen::{Adopt, CrateOptions};

#[derive(Parser)]
#[command(
    version,
    about = "Generates Rust SDK crates for Huawei Cloud APIs from specs transcribed from their docs"
)]
struct Cli {
    /// The repository root (where `spec/`, `generated/`, `runtime/` and `examples/` are).
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generates the SDK crate of each spec.
    ///
    /// Only files codegen wrote are replaced or removed: it lists them in `.codegen-manifest` in the output
    /// directory and leaves every other file there alone. A generated file that would replace a file it did not
    /// write is an error, and nothing is written. A directory without a manifest is written into only when it
    /// is empty, or when all its files are at paths codegen generates and are unchanged or carry codegen's
    /// `@generated` header; otherwise see `--adopt`.
    ///
    /// The crate is versioned: it records the spec it was generated from (`openapi.yaml`); when the spec
    /// changed since, the version in its `Cargo.toml` is bumped by the diff's semver verdict (Cargo's rules)
    /// and `CHANGELOG.md` gets an entry dated `SOURCE_DATE_EPOCH` or today. An unchanged spec changes nothing.
    Generate(Target),
    /// Fails (exit 1) and names the files when a generated crate is not what `generate` would write, or (without
    /// `--spec`) when a documentation-lint report in `spec/lint/` is not what `lint` writes for the corpus.
    Check(Target),
    /// Transcribes documentation pages (plain text, one paragraph or table cell per line) into an OpenAPI spec.
    Transcribe(TranscribeArgs),
    /// Transcribes every page of corpus services, each into `spec/<service>.yaml` (merged into the existing
    /// spec, so hand-written overrides survive), in strict mode; pages that fail are left out of the spec and
    /// listed with their errors in `spec/reports/<service>.md`.
    ///
    /// Exit 0 when every service got a spec (even with pages left out), 2 on errors that leaving pages out
    /// cannot fix (an unreadable corpus, spec or regions file).
    TranscribeService(TranscribeServiceArgs),
    /// Lists the changes from one spec to another: for each, whether it breaks existing clients on the wire
    /// and code compiled against the crate generated from OLD, and the semver bump they call for.
    ///
    /// Exit 0 whatever changed; 2 when a spec cannot be read or is invalid (with its diagnostics).
    Diff(DiffArgs),
    /// Lists the Rust names of a spec that are not plainly derived from their spec names (given with
    /// `x-rust-name`, or renamed because the derived name was taken in its scope), and why.
    Names(NamesArgs),
    /// Lists the documentation defects of API reference pages per operation, with the page's file:line:
    /// example fields no table documents, table/example type conflicts, example values outside a documented
    /// enumeration, likely typos, mandatory fields absent from the example request, and example statuses the
    /// status table does not list (and documented bodies without an example).
    ///
    /// Exit 0 whatever it finds; 2 when an input cannot be read. The committed reports are written with
    /// `codegen lint --write spec/lint ../shared/corpus/*/pages`, and `codegen check` verifies them.
    Lint(LintArgs),
}

#[derive(clap::Args)]
struct NamesArgs {
    /// The spec.
    #[arg(long, default_value = "spec/kafka.yaml")]
    spec: PathBuf,
    /// Every name, the plainly derived ones too.
    #[arg(long)]
    all: bool,
}

/// Prints the naming pass's record (`ir::Service::names`), one decision a line.
fn names(root: &Path, args: &NamesArgs) -> ExitCode {
    let service = match codegen::load_service(&root.join(&args.spec)) {
        Ok(service) => service,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    for choice in &service.names {
        let why = match &choice.origin {
            codegen::ir::Origin::Given => "given by `x-rust-name`".to_owned(),
            codegen::ir::Origin::Derived if !args.all => continue,
            codegen::ir::Origin::Derived => "derived".to_owned(),
            codegen::ir::Origin::Renamed { wanted, by } => format!("`{wanted}` is taken by {by}"),
        };
        let line = format!(
            "{}: `{}` → `{}` ({why})",
            choice.scope, choice.spec_name, choice.rust_name
        );
        println!("{}", codegen::spec::shown(&line));
    }
    ExitCode::SUCCESS
}

#[derive(clap::Args)]
struct LintArgs {
    /// Page files (`*.txt`), directories of pages, or specs (`*.yaml`/`*.json`: the pages their
    /// `info.x-sources` names, relative to `--source-root`).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// `md` (for people) or `json` (`{"title", "pages": [{"file", "operation", "skipped"?, "defects":
    /// [{"line", "kind", "location", "message"}]}]}`).
    #[arg(long, value_enum, default_value = "md")]
    format: DiffFormat,
    /// Write one report per service (`DIR/<service>.md` or `.json`; the service is a spec's stem, or the
    /// folder above `pages/`) instead of printing one report of everything.
    #[arg(long)]
    write: Option<PathBuf>,
    /// The directory a spec's `info.x-sources` and the reports' page names are relative to (default: the
    /// nearest `shared/` folder; for specs, `../shared`).
    #[arg(long)]
    source_root: Option<PathBuf>,
}

fn lint(args: &LintArgs) -> ExitCode {
    let services = match codegen::lint::collect(&args.inputs, args.source_root.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let render = |report: &codegen::lint::Report| match args.format {
        DiffFormat::Md => report.markdown(),
        DiffFormat::Json => report.json(),
    };
    let Some(dir) = &args.write else {
        let title = services
            .iter()
            .map(|(s, _)| s.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let inputs: Vec<_> = services.into_iter().flat_map(|(_, p)| p).collect();
        print!("{}", render(&codegen::lint::lint_inputs(&title, &inputs)));
        return ExitCode::SUCCESS;
    };
    let ext = match args.format {
        DiffFormat::Md => "md",
        DiffFormat::Json => "json",
    };
    for (service, inputs) in &services {
        let report = codegen::lint::lint_inputs(service, inputs);
        let path = dir.join(format!("{service}.{ext}"));
        match codegen::transcribe::write_if_changed(&path, &render(&report)) {
            Ok(changed) => {
                let total: usize = report.pages.iter().map(|p| p.defects.len()).sum();
                let verb = if changed { "written" } else { "unchanged" };
                eprintln!("{}: {verb} ({total} defects)", path.display());
            }
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }
    ExitCode::SUCCESS
}

#[derive(clap::Args)]
struct DiffArgs {
    /// The spec before.
    old: PathBuf,
    /// The spec after.
    new: PathBuf,
    /// `md` (for people, breaking changes first) or `json`
    /// (`{"semver", "next_version", "changes": [{"kind", "operation", "location", "old", "new", "breaks_wire",
    /// "breaks_rust_api", "note"}]}`).
    #[arg(long, value_enum, default_value = "md")]
    format: DiffFormat,
    /// The version of the crate generated from OLD, which `next_version` bumps (Cargo's rules: under 0.x a
    /// breaking change bumps the minor).
    #[arg(long, default_value = "0.1.0")]
    crate_version: codegen::diff::Version,
}

/// How `codegen diff` prints.
#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    /// Markdown.
    Md,
    /// JSON.
    Json,
}

fn diff(args: &DiffArgs) -> ExitCode {
    let load = |path: &Path| {
        codegen::diff::load(path).map_err(|e| {
            eprintln!("{e}");
        })
    };
    let (Ok(old), Ok(new)) = (load(&args.old), load(&args.new)) else {
        return ExitCode::from(2);
    };
    let report = codegen::diff::Report::new(codegen::diff::diff(&old, &new), args.crate_version);
    match args.format {
        DiffFormat::Md => print!("{}", report.markdown()),
        DiffFormat::Json => print!("{}", report.json()),
    }
    ExitCode::SUCCESS
}

#[derive(clap::Args)]
struct TranscribeServiceArgs {
    /// The services: folder names under the corpus (`vpc`), also their `info.x-service`.
    #[arg(required = true)]
    services: Vec<String>,
    /// The corpus: one folder per service with `operations.tsv` (page order) and `pages/`.
    #[arg(long, default_value = "../shared/corpus")]
    corpus: PathBuf,
    /// The regions file `servers` of a new spec come from.
    #[arg(long, default_value = "../shared/oracle/regions.tsv")]
    regions: PathBuf,
}

fn transcribe_service(root: &Path, args: &TranscribeServiceArgs) -> ExitCode {
    use codegen::transcribe::service;
    for name in &args.services {
        let spec = root.join("spec").join(format!("{name}.yaml"));
        let base = match std::fs::read_to_string(&spec) {
            Ok(text) => Some(codegen::transcribe::BaseSpec {
                path: spec.clone(),
                text,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                eprintln!("error: {}: {e}", spec.display());
                return ExitCode::from(2);
            }
        };
        let options = codegen::transcribe::Options {
            regions: Some(args.regions.clone()),
            ..Default::default()
        };
        // What `generate` will do with the spec: a page whose transcription it rejects is left out too.
        let crate_options = codegen::repo_options(root, &spec);
        let accept = |text: &str| {
            codegen::render_crate_from_text(text, &spec, &crate_options)
                .map(drop)
                .map_err(|e| service::rejection_reason(&e.to_string()))
        };
        let run = service::service_pages(&args.corpus, name).and_then(|pages| {
            service::transcribe_service(name, &pages, base.as_ref(), &options, &accept)
        });
        let run = match run {
            Ok(run) => run,
            Err(errors) => {
                eprintln!("{errors}");
                return ExitCode::from(2);
            }
        };
        let report = root.join("spec/reports").join(format!("{name}.md"));
        for (path, text) in [(&spec, &run.output.yaml), (&report, &run.markdown())] {
            if let Err(e) = codegen::transcribe::write_if_changed(path, text) {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
        eprintln!(
            "{name}: {} of {} page(s) in {} ({} left out, listed in {}; {} run(s))",
            run.pages - run.left_out.len(),
            run.pages,
            spec.display(),
            run.left_out.len(),
            report.display(),
            run.rounds
        );
    }
    ExitCode::SUCCESS
}

#[derive(clap::Args)]
struct TranscribeArgs {
    /// The pages, in order; later pages of the same operation win.
    #[arg(required = true)]
    pages: Vec<PathBuf>,
    /// The service name (`info.x-service`); kept from `--merge-into` when not given.
    #[arg(long)]
    service: Option<String>,
    /// Write the spec here (only when it changed) instead of printing it.
    #[arg(short, long)]
    out: Option<PathBuf>,
    /// An existing spec to update: what the pages say replaces what they said before, hand-written `x-`
    /// overrides and everything the pages do not cover are kept.
    #[arg(long)]
    merge_into: Option<PathBuf>,
    /// List lines that cannot be placed in the report instead of failing.
    #[arg(long)]
    allow_unplaced: bool,
    /// Also write the full report (every line kept out of the spec, and why) as JSON here.
    #[arg(long)]
    report: Option<PathBuf>,
    /// The directory `info.x-sources` names pages relative to (default: the nearest `shared/` folder).
    #[arg(long)]
    source_root: Option<PathBuf>,
    /// A regions file (tab-separated: service, region, endpoints; `../shared/oracle/regions.tsv`): a spec
    /// without `servers` gets the service's endpoints from it (needs `--service`).
    #[arg(long)]
    regions: Option<PathBuf>,
    /// With --merge-into: the pages are the whole API reference, so operations of the spec that none of them
    /// documents are removed (a doc update that drops operations), and `info.x-sources` lists only these pages.
    #[arg(long, requires = "merge_into")]
    prune: bool,
}

fn transcribe(args: &TranscribeArgs) -> ExitCode {
    let options = codegen::transcribe::Options {
        service: args.service.clone(),
        merge_into: args.merge_into.clone(),
        allow_unplaced: args.allow_unplaced,
        source_root: args.source_root.clone(),
        regions: args.regions.clone(),
        prune: args.prune,
    };
    let output = match codegen::transcribe::transcribe(&args.pages, &options) {
        Ok(output) => output,
        Err(errors) => {
            eprintln!("{errors}");
            // Every problem of every page is listed above; the count shows how far a whole service is.
            let files: std::collections::BTreeSet<_> = errors.0.iter().map(|e| &e.file).collect();
            eprintln!(
                "transcribe: {} problem(s) in {} of {} file(s); nothing written",
                errors.0.len(),
                files.len(),
                args.pages.len()
            );
            return ExitCode::from(2);
        }
    };
    eprint!("{}", output.report);
    if let Some(path) = &args.report {
        let json = serde_json::to_string_pretty(&output.report).unwrap_or_default();
        if let Err(e) = std::fs::write(path, json + "\n") {
            eprintln!("error: {}: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    match &args.out {
        None => print!("{}", output.yaml),
        Some(path) => match codegen::transcribe::write_if_changed(path, &output.yaml) {
            Ok(true) => eprintln!("{}: written", path.display()),
            Ok(false) => eprintln!("{}: unchanged", path.display()),
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                return ExitCode::from(2);
            }
        },
    }
    ExitCode::SUCCESS
}

#[derive(clap::Args)]
struct Target {
    /// One spec file; default: every `spec/*.yaml`.
    #[arg(long)]
    spec: Option<PathBuf>,
    /// Output directory (only with --spec); default: `generated/<service>`.
    #[arg(long, requires = "spec")]
    out: Option<PathBuf>,
    /// Path from the output directory to the runtime crate, for a crate outside `generated/`
    /// (default: `../../runtime`).
    #[arg(long, requires = "out")]
    runtime_path: Option<String>,
    /// Take over an output directory that holds files codegen did not write: files at the paths it generates
    /// are replaced and from then on owned (listed in `.codegen-manifest`); every other file is left alone.
    /// With `check`: report what that would change.
    #[arg(long)]
    adopt: bool,
    /// The service's short name (crate `huaweicloud-<name>`), replacing the spec's `info.x-service`; without
    /// either, the name is made from `info.title` (only with --spec).
    #[arg(long, requires = "spec")]
    name: Option<String>,
    /// The crate version to write instead of the one the changes call for (not below the current one; only
    /// with --spec, since each crate has its own version).
    #[arg(long, requires = "spec")]
    crate_version: Option<codegen::diff::Version>,
}

/// One spec and where its crate goes.
struct Job {
    spec: PathBuf,
    out: PathBuf,
    options: CrateOptions,
    versioning: codegen::Versioning,
}

fn jobs(root: &Path, target: &Target) -> Result<Vec<Job>, String> {
    let specs = match &target.spec {
        Some(spec) => vec![spec.clone()],
        None => {
            let dir = root.join("spec");
            let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let mut specs: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
                .collect();
            specs.sort();
            if specs.is_empty() {
                return Err(format!("no spec/*.yaml under {}", root.display()));
            }
            specs
        }
    };
    specs
        .into_iter()
        .map(|spec| {
            let stem = spec
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let out = target
                .out
                .clone()
                .unwrap_or_else(|| root.join("generated").join(&stem));
            let mut options = codegen::repo_options(root, &spec);
            if let Some(runtime_path) = &target.runtime_path {
                options.runtime_path = runtime_path.clone();
            }
            options.name.clone_from(&target.name);
            let versioning = codegen::Versioning {
                crate_version: target.crate_version,
                date: None,
            };
            Ok(Job {
                spec,
                out,
                options,
                versioning,
            })
        })
        .collect()
}

fn main() -> ExitCode {
    codegen::timings::mark("main");
    let cli = Cli::parse();
    let (target, checking) = match &cli.command {
        Command::Generate(t) => (t, false),
        Command::Check(t) => (t, true),
        Command::Transcribe(args) => return transcribe(args),
        Command::TranscribeService(args) => return transcribe_service(&cli.root, args),
        Command::Diff(args) => return diff(args),
        Command::Names(args) => return names(&cli.root, args),
        Command::Lint(args) => return lint(args),
    };
    let jobs = match jobs(&cli.root, target) {
        Ok(jobs) => jobs,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let mut stale = false;
    let adopt = if target.adopt {
        Adopt::Existing
    } else {
        Adopt::Recognised
    };
    for job in &jobs {
        let result = if checking {
            codegen::check_crate_with(&job.spec, &job.out, &job.options, adopt, &job.versioning)
        } else {
            codegen::generate_crate_with(&job.spec, &job.out, &job.options, adopt, &job.versioning)
        };
        match result {
            Ok(changes) if changes.is_empty() => {
                eprintln!("{}: up to date ({})", job.out.display(), job.spec.display());
            }
            Ok(changes) => {
                let verb = if checking {
                    "is stale; differing files"
                } else {
                    "written; changed files"
                };
                eprintln!("{}: {verb}:", job.out.display());
                for line in changes.lines() {
                    eprintln!("  {line}");
                }
                stale |= checking;
            }
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        }
    }
    if checking && target.spec.is_none() {
        match codegen::lint::check_committed(&cli.root) {
            Ok(reports) if reports.is_empty() => {}
            Ok(reports) => {
                for (file, why) in &reports {
                    eprintln!("{}: is stale: {why}", file.display());
                }
                eprintln!(
                    "run `cargo run -p codegen -- lint --write {} ../shared/corpus/*/pages` and commit the result",
                    codegen::lint::REPORT_DIR
                );
                return ExitCode::from(1);
            }
            Err(e) => {
                eprintln!("error: the lint reports cannot be checked: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if stale {
        eprintln!("run `cargo run -p codegen -- generate` and commit the result");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
