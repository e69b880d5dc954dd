//! Generated files kept equal to the code: compared in a test, rewritten with `BLESS=1`.

pub const REGENERATE: &str = "BLESS=1 cargo test --all-features";

/// Compares `path` with `expected`, or rewrites it when `BLESS=1`.
pub fn check_generated(path: &str, expected: &str) {
    if std::env::var_os("BLESS").is_some_and(|v| v == "1") {
        std::fs::write(path, expected).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed != expected {
        let line = committed
            .lines()
            .zip(expected.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(expected.lines().count()));
        panic!(
            "{path} differs from the code from line {}; run `{REGENERATE}` and commit it",
            line + 1
        );
    }
}
