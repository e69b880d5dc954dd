use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use foldhash::HashSet;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::ScalarError;

/// A manual vocabulary key: lower-kebab ASCII, 1 to 64 characters, e.g. `engagement` or
/// `step-down-on-preference`.
///
/// Phases, levels, skills, criteria, measures, meetings, rules and sources are named by keys.
/// A key is shared text: cloning one (as plans do for every period) copies a pointer, and the
/// equal keys of one document read by `Program::from_json` or `Manual::from_json` share one
/// text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(Arc<str>);

impl Key {
    /// The JSON Schema pattern for a key; [`Key::new`] accepts exactly the strings it matches.
    ///
    /// Ends with `(?![\s\S])` rather than `$`, which in some regex dialects (Python) also matches
    /// before a trailing newline.
    pub const PATTERN: &'static str = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*(?![\s\S])";
    /// The longest key accepted, in characters.
    pub const MAX_LEN: usize = 64;
    const EXPECTED: &'static str = "lower-kebab ascii (a-z, 0-9, single hyphens, starting with a letter), at most 64 characters";

    /// Checks and wraps a key.
    ///
    /// # Errors
    /// When `value` is not lower-kebab or is longer than [`Key::MAX_LEN`].
    pub fn new(value: &str) -> Result<Self, ScalarError> {
        if is_lower_kebab(value) && value.len() <= Self::MAX_LEN {
            Ok(Self(shared_text(value)))
        } else {
            Err(ScalarError::new("key", value, Self::EXPECTED))
        }
    }

    /// The key as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same key in text of its own: clones of it count their references apart from this
    /// one's, so that two threads cloning the same key do not contend for one counter.
    #[must_use]
    pub(crate) fn detached(&self) -> Self {
        Self(Arc::from(self.as_str()))
    }
}

thread_local! {
    /// The texts of the keys read on this thread while a [`SharedKeys`] is alive.
    static SHARED: RefCell<Option<HashSet<Arc<str>>>> = const { RefCell::new(None) };
}

/// While alive, a key read on this thread takes the text of an equal key read before it, so
/// that a parsed document holds each distinct key once however often it is written: less
/// memory, and keys that stay in cache when a validation compares them. Dropping it ends the
/// sharing (or restores the one it began inside).
pub(crate) struct SharedKeys {
    outer: Option<HashSet<Arc<str>>>,
    /// Not `Send`: the guard must end the sharing on the thread that began it.
    _here: PhantomData<*const ()>,
}

impl SharedKeys {
    /// Begins sharing keys on this thread.
    pub(crate) fn begin() -> Self {
        let outer = SHARED
            .try_with(|shared| shared.replace(Some(HashSet::default())))
            .ok()
            .flatten();
        Self {
            outer,
            _here: PhantomData,
        }
    }
}

impl Drop for SharedKeys {
    fn drop(&mut self) {
        let outer = self.outer.take();
        // A thread being torn down has no keys left to share.
        let _ = SHARED.try_with(|shared| shared.replace(outer));
    }
}

/// The text of a key: that of an equal key read before it while a [`SharedKeys`] is alive,
/// else text of its own.
fn shared_text(value: &str) -> Arc<str> {
    SHARED
        .try_with(|shared| {
            let mut shared = shared.try_borrow_mut().ok()?;
            let texts = shared.as_mut()?;
            if let Some(text) = texts.get(value) {
                return Some(Arc::clone(text));
            }
            let text: Arc<str> = Arc::from(value);
            texts.insert(Arc::clone(&text));
            Some(text)
        })
        .ok()
        .flatten()
        .unwrap_or_else(|| Arc::from(value))
}

fn is_lower_kebab(value: &str) -> bool {
    let bytes = value.as_bytes();
    let starts_with_letter = bytes.first().is_some_and(u8::is_ascii_lowercase);
    let mut previous_hyphen = false;
    let well_formed = bytes.iter().all(|&b| {
        let hyphen = b == b'-';
        let ok = b.is_ascii_lowercase() || b.is_ascii_digit() || (hyphen && !previous_hyphen);
        previous_hyphen = hyphen;
        ok
    });
    starts_with_letter && well_formed && !previous_hyphen
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

super::text_scalar!(Key);

impl JsonSchema for Key {
    fn schema_name() -> Cow<'static, str> {
        "Key".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A lower-kebab key, e.g. `engagement`.",
            "type": "string",
            "minLength": 1,
            "maxLength": Self::MAX_LEN,
            "pattern": Self::PATTERN,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_lower_kebab() {
        for ok in ["a", "engagement", "step-down-2", "x1-y2-z3"] {
            assert!(Key::new(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn rejects_everything_else() {
        for bad in [
            "",
            "A",
            "1a",
            "-a",
            "a-",
            "a--b",
            "a_b",
            "a b",
            "é",
            "a\n",
            &"a".repeat(65),
        ] {
            let err = Key::new(bad).unwrap_err();
            assert_eq!(err.what(), "key");
        }
    }
}
