//! Generates the DMS for Kafka client from the spec into `OUT_DIR` at build time, the way a crate that carries its
//! own spec would: the same generator and the same output as `generated/kafka`, as one module.

use std::path::PathBuf;

fn main() {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../spec/kafka.yaml");
    println!("cargo:rerun-if-changed={}", spec.display());
    let module = match codegen::generate_module(&spec) {
        Ok(module) => module,
        Err(e) => {
            // Every problem of the spec, with file:line:column, then fail the build.
            for line in e.to_string().lines() {
                println!("cargo:warning={line}");
            }
            std::process::exit(1);
        }
    };
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("kafka.rs");
    std::fs::write(&out, module).expect("write the generated module");
}
