//! Stage 2: the Rust-oriented model of a service, with every name decided here and nowhere else.

mod build;
mod model;

pub use build::build;
pub use model::*;
