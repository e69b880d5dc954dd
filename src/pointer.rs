//! JSON Pointers (RFC 6901), as parse errors and findings write them.

/// Escapes one RFC 6901 reference token: `~` becomes `~0` and `/` becomes `~1`.
pub(crate) fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_in_the_order_the_rfc_gives() {
        assert_eq!(super::escape_token("a/b~c"), "a~1b~0c");
        assert_eq!(super::escape_token("~1"), "~01");
    }
}
