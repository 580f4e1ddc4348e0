//! Stage 2: the Rust-oriented model of a service, with every name decided here and nowhere else.

mod build;
mod model;
pub mod names;

pub use build::build;
pub use model::*;
pub use names::{NameChoice, Origin, operation_group};
