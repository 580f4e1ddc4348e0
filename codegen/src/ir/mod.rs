//! Stage 2: the Rust-oriented model of a service, with every name decided here and nowhere else.

mod build;
mod model;

pub use build::{build, operation_group};
pub use model::*;
