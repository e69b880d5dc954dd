//! A manual with its sources numbered as the reference list numbers them.

use foldhash::{HashMap, HashMapExt};

use crate::manual::Source;
use crate::{Key, Manual};

/// A manual with its sources indexed by key, so that a citation mark or a citation in words
/// costs one lookup however many sources the manual lists.
pub(crate) struct Sourced<'a> {
    manual: &'a Manual,
    by_key: HashMap<&'a Key, (usize, &'a Source)>,
}

impl<'a> Sourced<'a> {
    /// `manual` with its sources indexed.
    pub(crate) fn new(manual: &'a Manual) -> Self {
        let mut by_key = HashMap::with_capacity(manual.sources.len());
        for (i, source) in manual.sources.iter().enumerate() {
            // A key listed twice refers to its first entry, as a scan of the list would find.
            by_key.entry(&source.key).or_insert((i + 1, source));
        }
        Self { manual, by_key }
    }

    /// The number of the source with `key` in the reference list (1-based).
    pub(crate) fn number(&self, key: &Key) -> Option<usize> {
        self.by_key.get(key).map(|&(n, _)| n)
    }

    /// The source with `key`.
    pub(crate) fn source(&self, key: &Key) -> Option<&'a Source> {
        self.by_key.get(key).map(|&(_, s)| s)
    }
}

// Renderings read the manual through its index everywhere; the functions that only need
// the manual take `&Manual` and get it by deref coercion.
impl std::ops::Deref for Sourced<'_> {
    type Target = Manual;

    fn deref(&self) -> &Manual {
        self.manual
    }
}
