//! Sources and citations: every configurable value says where it comes from.

use foldhash::HashSet;

use super::check_unique_keys;
use crate::manual::Citation;
use crate::validate::report::{Findings, Quoted, is_blank};
use crate::{Manual, Rule};

pub(super) fn check(manual: &Manual, findings: &mut Findings) {
    check_unique_keys(
        manual.sources.iter().map(|s| &s.key),
        "/sources",
        Rule::SourceKeyDuplicate,
        findings,
    );
    let known: HashSet<_> = manual.sources.iter().map(|s| &s.key).collect();
    for (path, citations) in manual.cited_objects() {
        if citations.is_empty() {
            findings.push(
                Rule::CitationsMissing,
                format!("{path}/citations"),
                "no citation: every object holding configurable values must say where they come from".to_owned(),
            );
        }
        for (index, citation) in citations.iter().enumerate() {
            let at = format!("{path}/citations/{index}");
            check_citation(citation, &at, &known, findings);
        }
    }
}

fn check_citation(
    citation: &Citation,
    at: &str,
    known: &HashSet<&crate::Key>,
    findings: &mut Findings,
) {
    let evidence = citation.evidence.as_str();
    match &citation.source {
        Some(source) if !known.contains(source) => findings.push(
            Rule::SourceUnknown,
            format!("{at}/source"),
            format!("source `{source}` is not among the manual's sources"),
        ),
        None if citation.evidence.needs_source() => findings.push(
            Rule::CitationSourceMissing,
            at.to_owned(),
            format!("`{evidence}` evidence names no source; expected a source key"),
        ),
        _ => {}
    }
    let has_rationale = !is_blank(citation.rationale.as_deref());
    if citation.evidence.needs_rationale() && !has_rationale {
        findings.push(
            Rule::CitationRationaleMissing,
            at.to_owned(),
            format!("`{evidence}` evidence gives no rationale; expected why the value was chosen or how it was computed"),
        );
    }
}

fn names<T>(items: &[T], name: fn(&T) -> &str) -> Vec<&str> {
    items.iter().map(name).collect()
}

/// Every required text of the manual with its JSON Pointer, for the blank-text check.
fn texts(manual: &Manual) -> Vec<(String, &str)> {
    let mut out = vec![
        ("/title".to_owned(), manual.title.as_str()),
        ("/description".to_owned(), manual.description.as_str()),
    ];
    let lists: [(&str, Vec<&str>); 8] = [
        ("phases", names(&manual.phases, |p| &p.name)),
        (
            "intensity_levels",
            names(&manual.intensity_levels, |l| &l.name),
        ),
        ("skills", names(&manual.skills, |s| &s.name)),
        ("activities", names(&manual.activities, |a| &a.name)),
        ("milestones", names(&manual.milestones, |m| &m.name)),
        ("materials", names(&manual.materials, |m| &m.name)),
        ("measures", names(&manual.measures, |m| &m.name)),
        ("figures", names(&manual.figures, |f| &f.name)),
    ];
    for (list, names) in lists {
        for (i, name) in names.into_iter().enumerate() {
            out.push((format!("/{list}/{i}/name"), name));
        }
    }
    for (i, figure) in manual.figures.iter().enumerate() {
        for (j, group) in figure.groups.iter().enumerate() {
            out.push((format!("/figures/{i}/groups/{j}/name"), group.name.as_str()));
        }
    }
    for (i, source) in manual.sources.iter().enumerate() {
        out.push((format!("/sources/{i}/citation"), source.citation.as_str()));
    }
    // A dose set per site says how: that sentence is all a reader has of it.
    for (i, level) in manual.intensity_levels.iter().enumerate() {
        if let Some(tailored) = &level.tailored {
            out.push((
                format!("/intensity_levels/{i}/tailored/description"),
                tailored.description.as_str(),
            ));
        }
    }
    for vocabulary in crate::manual::Vocabulary::ALL {
        for (i, (_, name)) in manual.vocabularies.entries(vocabulary).enumerate() {
            out.push((
                format!("/vocabularies/{}/{i}/name", vocabulary.as_str()),
                name,
            ));
        }
    }
    out
}

/// Whether a source's `url` is one a reader can follow: an `http` or `https` address with a
/// host (the scheme in any case), or a DOI, bare or after `doi:`.
fn is_source_url(url: &str) -> bool {
    if let Some(doi) = crate::manual::url_doi(url) {
        return is_doi(doi);
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http"))
        && !host.is_empty()
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Whether `doi` has the shape of a DOI: `10.`, a registrant code of digits (and dots),
/// a slash, and a suffix without spaces.
fn is_doi(doi: &str) -> bool {
    let Some((prefix, suffix)) = doi.split_once('/') else {
        return false;
    };
    let registrant = prefix.strip_prefix("10.").unwrap_or_default();
    registrant.len() >= 4
        && registrant.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !suffix.is_empty()
        && !suffix.chars().any(char::is_whitespace)
}

pub(super) fn check_texts(manual: &Manual, findings: &mut Findings) {
    for (path, text) in texts(manual) {
        if text.trim().is_empty() {
            findings.push(
                Rule::TextBlank,
                path,
                "the text is blank; expected words a reader can use".to_owned(),
            );
        }
    }
    for (i, source) in manual.sources.iter().enumerate() {
        if let Some(doi) = &source.doi
            && !is_doi(doi)
        {
            findings.push(
                Rule::SourceDoiInvalid,
                format!("/sources/{i}/doi"),
                format!(
                    "`{}` is not a DOI; expected `10.` a registrant code, `/` and a suffix, e.g. 10.5334/ijic.4737, without a https://doi.org/ prefix",
                    crate::scalar::truncate(doi, 60)
                ),
            );
        }
        if let Some(url) = &source.url
            && !is_source_url(url)
        {
            findings.push(
                Rule::SourceUrlInvalid,
                format!("/sources/{i}/url"),
                format!(
                    "`{}` is not a web address or a DOI; expected an http:// or https:// address with a host, e.g. https://doi.org/10.5334/ijic.4737, or a DOI such as doi:10.5334/ijic.4737",
                    Quoted(url)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dois_have_a_registrant_and_a_suffix() {
        for ok in [
            "10.5334/ijic.4737",
            "10.1186/s43058-021-00116-x",
            "10.1000.10/abc",
        ] {
            assert!(super::is_doi(ok), "{ok}");
        }
        for bad in [
            "https://doi.org/10.5334/x",
            "10.53/x",
            "10.5334/",
            "11.5334/x",
            "10.5334/a b",
            "doi",
        ] {
            assert!(!super::is_doi(bad), "{bad}");
        }
    }
}
