use super::*;

#[test]
fn builtin_gazetteer_loads() {
    assert!(Gazetteer::builtin().len() > 100_000);
}
