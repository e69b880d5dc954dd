//! JSON Pointers (RFC 6901), as parse errors and findings write them.

/// Escapes one RFC 6901 reference token: `~` becomes `~0` and `/` becomes `~1`.
pub(crate) fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The pointer of an item of a list below `parent` (`{parent}/{list}/{index}`), written out
/// only when a finding needs it: validation of a clean program formats none.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Item<'a> {
    pub(crate) parent: &'a str,
    pub(crate) list: &'static str,
    pub(crate) index: usize,
}

impl std::fmt::Display for Item<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}/{}", self.parent, self.list, self.index)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_in_the_order_the_rfc_gives() {
        assert_eq!(super::escape_token("a/b~c"), "a~1b~0c");
        assert_eq!(super::escape_token("~1"), "~01");
    }

    #[test]
    fn an_item_is_written_below_its_parent() {
        let item = super::Item {
            parent: "/relationships/3",
            list: "phases",
            index: 1,
        };
        assert_eq!(format!("{item}/date"), "/relationships/3/phases/1/date");
    }
}
