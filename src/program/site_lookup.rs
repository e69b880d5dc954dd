//! Finding a site as a person names it: by id, by name, or by the start of either.

use std::fmt;

use super::{Program, Site};

/// How many candidates a failed lookup names before counting the rest.
const NAMED_MAX: usize = 12;

impl Program {
    /// The site a person means by `query`: its id, its name (letter case aside), or the start
    /// of exactly one site's id or name. An exact id or name wins over a prefix, so a site
    /// named `North` is found even beside `Northgate`.
    ///
    /// # Errors
    /// [`SiteLookupError`] when no site matches, or when the start given is shared by several
    /// sites; either names the candidates.
    pub fn find_site(&self, query: &str) -> Result<&Site, SiteLookupError> {
        let wanted = query.trim();
        let folded = wanted.to_lowercase();
        let exact: Vec<&Site> = self
            .sites
            .iter()
            .filter(|s| s.id.to_string() == wanted || s.name.to_lowercase() == folded)
            .collect();
        if let [site] = exact.as_slice() {
            return Ok(site);
        }
        let matching: Vec<&Site> = if exact.is_empty() {
            self.sites
                .iter()
                .filter(|s| {
                    !folded.is_empty()
                        && (s.id.to_string().starts_with(&folded)
                            || s.name.to_lowercase().starts_with(&folded))
                })
                .collect()
        } else {
            exact
        };
        match matching.as_slice() {
            [site] => Ok(site),
            [] => Err(SiteLookupError {
                query: wanted.to_owned(),
                ambiguous: false,
                candidates: self.sites.iter().map(SiteName::of).collect(),
            }),
            several => Err(SiteLookupError {
                query: wanted.to_owned(),
                ambiguous: true,
                candidates: several.iter().copied().map(SiteName::of).collect(),
            }),
        }
    }
}

/// A site's name and id, as a failed lookup lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SiteName {
    /// The site's name.
    pub name: String,
    /// Its id, as the program writes it.
    pub id: String,
}

impl SiteName {
    fn of(site: &Site) -> Self {
        Self {
            name: site.name.clone(),
            id: site.id.to_string(),
        }
    }
}

/// No site, or more than one, answers to the name or id given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteLookupError {
    query: String,
    ambiguous: bool,
    candidates: Vec<SiteName>,
}

impl SiteLookupError {
    /// What was asked for.
    #[must_use]
    pub fn query(&self) -> &str {
        &self.query
    }

    /// Whether several sites matched (`true`) or none (`false`).
    #[must_use]
    pub fn is_ambiguous(&self) -> bool {
        self.ambiguous
    }

    /// The sites that matched, when several did; every site of the program when none did.
    #[must_use]
    pub fn candidates(&self) -> &[SiteName] {
        &self.candidates
    }
}

impl fmt::Display for SiteLookupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query = crate::scalar::truncate(&self.query, 100);
        if self.ambiguous {
            write!(
                f,
                "`{query}` could be any of {} sites:",
                self.candidates.len()
            )?;
        } else if self.candidates.is_empty() {
            return write!(
                f,
                "no site is named or has the id `{query}`: the program has no sites"
            );
        } else {
            write!(
                f,
                "no site is named or has the id `{query}`; the program's {} sites are:",
                self.candidates.len()
            )?;
        }
        for (i, site) in self.candidates.iter().take(NAMED_MAX).enumerate() {
            let sep = if i == 0 { " " } else { "; " };
            write!(
                f,
                "{sep}`{}` ({})",
                crate::scalar::truncate(&site.name, 100),
                site.id
            )?;
        }
        if self.candidates.len() > NAMED_MAX {
            write!(f, "; and {} more", self.candidates.len() - NAMED_MAX)?;
        }
        f.write_str(". Give a site's id, its name, or the start of either")
    }
}

impl std::error::Error for SiteLookupError {}
