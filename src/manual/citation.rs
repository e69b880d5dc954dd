//! Sources and citations: where each value comes from and how strong that evidence is.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Key;

/// A work the manual cites, referred to by its key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The key citations use to refer to this source, e.g. `henwood-2020`.
    pub key: Key,
    /// The full citation text.
    pub citation: String,
    /// The DOI, without the `https://doi.org/` prefix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    /// Where the source can be read: an `http` or `https` address, or a DOI (`doi:10.…`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Source {
    /// A source with its key and citation text, without DOI or URL.
    ///
    /// # Errors
    /// When `key` is not a valid [`Key`].
    pub fn new(key: &str, citation: &str) -> Result<Self, crate::ScalarError> {
        Ok(Self {
            key: Key::new(key)?,
            citation: citation.to_owned(),
            doi: None,
            url: None,
        })
    }
}

/// The DOI a source's `url` gives in place of a web address (`doi:10.…`, the scheme in any
/// case, or a bare `10.…`), if it gives one; whether it is a well-formed DOI is validation's.
pub(crate) fn url_doi(url: &str) -> Option<&str> {
    let doi = url
        .get(..4)
        .filter(|scheme| scheme.eq_ignore_ascii_case("doi:"))
        .and_then(|_| url.get(4..))
        .unwrap_or(url);
    doi.starts_with("10.").then_some(doi)
}

/// How strong the evidence behind a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Evidence {
    /// The source's authors state it.
    Reported,
    /// A participant quoted in the source says it; the locator names the speaker (e.g. SP 11).
    ParticipantReport,
    /// The source cites another work for it.
    Cited,
    /// Computed from published data; the rationale says how.
    Derived,
    /// A choice made by the manual's authors; the rationale says why.
    Design,
}

impl Evidence {
    /// Whether this kind of evidence must name a source: every kind but `design` (a value
    /// derived from published data names the data's source).
    #[must_use]
    pub const fn needs_source(self) -> bool {
        !matches!(self, Self::Design)
    }

    /// Whether this kind of evidence must give a rationale.
    #[must_use]
    pub const fn needs_rationale(self) -> bool {
        matches!(self, Self::Derived | Self::Design)
    }

    /// The `snake_case` name used in documents.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Reported => "reported",
            Self::ParticipantReport => "participant_report",
            Self::Cited => "cited",
            Self::Derived => "derived",
            Self::Design => "design",
        }
    }
}

/// Where a value comes from: a source (by key), the kind of evidence, a locator and a rationale.
///
/// `design` and `derived` need a rationale; every kind but `design` needs a source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The key of the cited source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Key>,
    /// The kind of evidence.
    pub evidence: Evidence,
    /// Where in the source, e.g. `Introduction` or `Results, SP 11`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    /// Why the value was chosen or how it was computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

impl Citation {
    /// The manual author's choice, with why.
    #[must_use]
    pub fn design(rationale: &str) -> Self {
        Self {
            source: None,
            evidence: Evidence::Design,
            locator: None,
            rationale: Some(rationale.to_owned()),
        }
    }

    /// What `source`'s authors report, at `locator` (e.g. `Introduction`).
    #[must_use]
    pub fn reported(source: &Key, locator: &str) -> Self {
        Self::of(source, Evidence::Reported, locator)
    }

    /// What a participant quoted in `source` says; the locator names the speaker
    /// (e.g. `Results, SP 11`).
    #[must_use]
    pub fn participant(source: &Key, locator: &str) -> Self {
        Self::of(source, Evidence::ParticipantReport, locator)
    }

    /// What `source` states citing another work; the locator names the reference.
    #[must_use]
    pub fn cited(source: &Key, locator: &str) -> Self {
        Self::of(source, Evidence::Cited, locator)
    }

    /// A value computed from `source`'s published data, with how.
    #[must_use]
    pub fn derived(source: &Key, locator: &str, how: &str) -> Self {
        Self {
            rationale: Some(how.to_owned()),
            ..Self::of(source, Evidence::Derived, locator)
        }
    }

    fn of(source: &Key, evidence: Evidence, locator: &str) -> Self {
        Self {
            source: Some(source.clone()),
            evidence,
            locator: Some(locator.to_owned()),
            rationale: None,
        }
    }
}
