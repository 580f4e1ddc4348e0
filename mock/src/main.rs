//! `huaweicloud-mock` binary (being built).
fn main() {}
