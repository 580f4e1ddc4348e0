//! Generates Rust SDK crates for Huawei Cloud services from OpenAPI specs transcribed from their documentation.
//!
//! The pipeline has one module per stage: [`spec`] (load and validate, with positions) → [`ir`] (every Rust
//! name decided once) → [`rust`] (tokens with `quote!`, formatted by `prettyplease`) → [`write`](mod@write)
//! (replaces only files it wrote, each at once; leaves unchanged files alone). [`generate_crate`] and
//! [`check_crate`] run them for the CLI; a `build.rs` uses [`generate_module`]. [`diff`](mod@diff) compares two
//! specs for a doc update: what changed, what breaks, and the semver bump; [`release`] uses it between rendering
//! and writing to version a crate and keep its changelog.

pub mod diff;
pub mod ir;
pub mod lint;
pub mod naming;
pub mod release;
pub mod rust;
pub mod spec;
pub mod timings;
pub mod transcribe;
pub mod write;

use std::path::Path;

pub use release::Versioning;
pub use rust::{CrateOptions, GeneratedFile};
pub use write::{Adopt, Changes};

/// Why a generation did not happen.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec has problems (all of them are listed).
    #[error("{0}")]
    Spec(#[from] spec::Diagnostics),
    /// Rendering failed: a generator bug.
    #[error(transparent)]
    Render(#[from] rust::RenderError),
    /// Writing the crate failed, or the output directory holds files codegen must not replace.
    #[error(transparent)]
    Write(#[from] write::Error),
    /// The crate cannot be versioned (its record or `Cargo.toml` is damaged, or `--crate-version` goes back).
    #[error(transparent)]
    Release(#[from] release::Error),
}

/// The options for the crate of `spec` in this repository's layout: the crate lives in `generated/<stem>/`, the
/// runtime in `runtime/`, and hand-written example programs in `examples/<stem>/*.rs` are listed in its manifest.
pub fn repo_options(root: &Path, spec: &Path) -> CrateOptions {
    let stem = spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut examples: Vec<(String, String)> = std::fs::read_dir(root.join("examples").join(&stem))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .filter_map(|p| {
            let name = p.file_stem()?.to_string_lossy().into_owned();
            let file = p.file_name()?.to_string_lossy().into_owned();
            Some((name, format!("../../examples/{stem}/{file}")))
        })
        .collect();
    examples.sort();
    let file = spec
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    CrateOptions {
        source: format!("spec/{file}"),
        runtime_path: "../../runtime".into(),
        examples,
        name: None,
    }
}

/// Loads, validates and lowers a spec to the IR.
pub fn load_service(spec_path: &Path) -> Result<ir::Service, Error> {
    let spec = spec::load(spec_path)?;
    Ok(ir::build(&spec, spec_path)?)
}

/// Renders the crate for `spec_path` in memory.
pub fn render_crate(spec_path: &Path, options: &CrateOptions) -> Result<Vec<GeneratedFile>, Error> {
    let mut spec = spec::load(spec_path)?;
    if let Some(name) = &options.name {
        spec.service = Some(naming::service_name(name));
    }
    let service = ir::build(&spec, spec_path)?;
    Ok(rust::render_crate(&service, options)?)
}

/// Renders the crate for spec `text` in memory, as [`render_crate`] does for a file; `spec_path` only names it in
/// messages (`codegen transcribe-service` checks a spec this way before writing it).
pub fn render_crate_from_text(
    text: &str,
    spec_path: &Path,
    options: &CrateOptions,
) -> Result<Vec<GeneratedFile>, Error> {
    let spec = spec::parse(text, spec_path)?;
    let service = ir::build(&spec, spec_path)?;
    Ok(rust::render_crate(&service, options)?)
}

/// Renders the crate for `spec_path` as it goes into `out_dir`: versioned against the record of the spec the
/// crate there was generated from, with that record and the changelog (see [`release`]).
pub fn render_versioned_crate(
    spec_path: &Path,
    out_dir: &Path,
    options: &CrateOptions,
    versioning: &Versioning,
) -> Result<(Vec<GeneratedFile>, release::Release), Error> {
    timings::mark("start");
    // Loaded first for its diagnostics (a byte that is not UTF-8 has its position); read again for the record.
    let mut spec = spec::load(spec_path)?;
    timings::mark("spec loaded");
    let text = std::fs::read_to_string(spec_path).map_err(|e| {
        spec::Diagnostics::new(
            spec_path,
            vec![spec::Diagnostic {
                pos: Default::default(),
                message: format!("cannot read the spec: {e}"),
                help: None,
            }],
        )
    })?;
    if let Some(name) = &options.name {
        spec.service = Some(naming::service_name(name));
    }
    let service = ir::build(&spec, spec_path)?;
    timings::mark("IR built");
    let loaded = diff::Loaded { spec, service };
    let release = release::plan(&text, &loaded, out_dir, &options.source, versioning)?;
    timings::mark("release planned");
    let mut files = rust::render_crate_at(&loaded.service, options, &release.version.to_string())?;
    files.extend(release.files.iter().cloned());
    timings::mark("rendered");
    Ok((files, release))
}

/// [`generate_crate_adopting`], versioning the crate as `versioning` says.
pub fn generate_crate_with(
    spec_path: &Path,
    out_dir: &Path,
    options: &CrateOptions,
    adopt: Adopt,
    versioning: &Versioning,
) -> Result<Changes, Error> {
    let (files, _) = render_versioned_crate(spec_path, out_dir, options, versioning)?;
    let changes = write::write(out_dir, &files, adopt)?;
    timings::mark("written");
    Ok(changes)
}

/// [`check_crate_adopting`], versioning the crate as `versioning` says.
pub fn check_crate_with(
    spec_path: &Path,
    out_dir: &Path,
    options: &CrateOptions,
    adopt: Adopt,
    versioning: &Versioning,
) -> Result<Changes, Error> {
    let (files, _) = render_versioned_crate(spec_path, out_dir, options, versioning)?;
    Ok(write::diff(out_dir, &files, adopt)?)
}

/// Generates the crate for `spec_path` into `out_dir`, versioned (see [`release`]). Nothing is written if the
/// spec has any problem, or if the directory holds files codegen did not write where it would write (see
/// [`write`](mod@write) for the rules).
pub fn generate_crate(
    spec_path: &Path,
    out_dir: &Path,
    options: &CrateOptions,
) -> Result<Changes, Error> {
    generate_crate_adopting(spec_path, out_dir, options, Adopt::default())
}

/// [`generate_crate`], taking over existing files as `adopt` says.
pub fn generate_crate_adopting(
    spec_path: &Path,
    out_dir: &Path,
    options: &CrateOptions,
    adopt: Adopt,
) -> Result<Changes, Error> {
    generate_crate_with(spec_path, out_dir, options, adopt, &Versioning::default())
}

/// What `generate_crate` would change in `out_dir`, writing nothing.
pub fn check_crate(
    spec_path: &Path,
    out_dir: &Path,
    options: &CrateOptions,
) -> Result<Changes, Error> {
    check_crate_adopting(spec_path, out_dir, options, Adopt::default())
}

/// What [`generate_crate_adopting`] would change in `out_dir`, writing nothing.
pub fn check_crate_adopting(
    spec_path: &Path,
    out_dir: &Path,
    options: &CrateOptions,
    adopt: Adopt,
) -> Result<Changes, Error> {
    check_crate_with(spec_path, out_dir, options, adopt, &Versioning::default())
}

/// The client for `spec_path` as one Rust module, for a `build.rs`: write it into `OUT_DIR` and `include!` it at
/// the crate root. The including crate needs `huaweicloud-core`, `serde`, `serde_json` (and `futures-core` for
/// paging streams) as dependencies.
pub fn generate_module(spec_path: &Path) -> Result<String, Error> {
    let service = load_service(spec_path)?;
    let source = spec_path.file_name().map_or_else(
        || spec_path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(rust::render_module(&service, &source)?)
}
