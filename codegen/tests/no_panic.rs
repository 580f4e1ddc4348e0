//! No input makes the spec stage panic: arbitrary text, and the seed spec with arbitrary damage.

use std::path::Path;

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        let _ = codegen::spec::parse(&text, Path::new("fuzz.yaml"));
    }

    #[test]
    fn damaged_seed_spec_never_panics(cut in 0usize..6000, insert in "[ :\\-\\[\\]{}'\"#a-z0-9\n]{0,12}") {
        let seed = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/kafka.yaml")).unwrap();
        let mut at = cut.min(seed.len());
        while !seed.is_char_boundary(at) {
            at -= 1;
        }
        let text = format!("{}{}{}", &seed[..at], insert, &seed[at..]);
        if let Ok(spec) = codegen::spec::parse(&text, Path::new("fuzz.yaml")) {
            let _ = codegen::ir::build(&spec, Path::new("fuzz.yaml"));
        }
    }
}
