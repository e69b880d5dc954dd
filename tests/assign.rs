//! Proposing one coach per site: optimal against the Hungarian algorithm, proven optimal when
//! candidates are pruned, and valid when applied.

use std::collections::BTreeSet;

use pathfinding::kuhn_munkres::kuhn_munkres_min;
use pathfinding::matrix::Matrix;
use practice_coaching::assign::{ProposalError, ProposalOptions, UncoveredBecause};
use practice_coaching::manual::{Qualification, QualificationCheck, Requirement};
use practice_coaching::program::{Coach, Program, Site};
use practice_coaching::{Capacity, Date, EntityId, Location, Manual, reference};
use proptest::prelude::*;

#[cfg(feature = "cli")]
mod common;
use common::binary;
use common::findings::findings;

fn date(text: &str) -> Date {
    text.parse().expect("a date")
}

fn id(prefix: u8, n: usize) -> EntityId {
    format!("{prefix:02x}000000-0000-4000-8000-{n:012}")
        .parse()
        .expect("an id")
}

/// The EvidenceNOW sample program with `sites` and `coaches` in place of its own, no teams,
/// assignments or relationships: a program of one coach per site.
fn program(sites: &[(f64, f64)], coaches: &[(f64, f64, u16)]) -> Program {
    let mut program = reference::evidencenow_sample_program().clone();
    let sample_site = program.sites[0].clone();
    let sample_coach = program.coaches[0].clone();
    program.sites = sites
        .iter()
        .enumerate()
        .map(|(n, (lat, lon))| Site {
            id: id(0x5e, n),
            name: format!("Site {n}"),
            location: Some(Location::new(*lat, *lon).expect("on Earth")),
            ..sample_site.clone()
        })
        .collect();
    program.coaches = coaches
        .iter()
        .enumerate()
        .map(|(n, (lat, lon, capacity))| Coach {
            id: id(0xc0, n),
            name: format!("Coach {n}"),
            capacity: Some(Capacity::new(*capacity).expect("bounded")),
            location: Some(Location::new(*lat, *lon).expect("on Earth")),
            ..sample_coach.clone()
        })
        .collect();
    program.teams.clear();
    program.assignments.clear();
    program.relationships.clear();
    program
}

fn manual() -> &'static Manual {
    reference::evidencenow()
}

fn options(candidates: usize) -> ProposalOptions {
    ProposalOptions {
        candidates,
        ..ProposalOptions::default()
    }
}

/// The least total distance over every way of covering as many sites as there are places,
/// by the Hungarian algorithm: each coach expanded into one column (or row) per unit of
/// capacity.
fn hungarian(program: &Program) -> (usize, i64) {
    let slots: Vec<&Coach> = program
        .coaches
        .iter()
        .flat_map(|c| {
            let capacity = c.capacity.map_or(0, Capacity::get);
            std::iter::repeat_n(c, usize::from(capacity))
        })
        .collect();
    let sites = &program.sites;
    if slots.is_empty() || sites.is_empty() {
        return (0, 0);
    }
    let distance = |site: &Site, coach: &Coach| {
        i64::from(
            site.location
                .expect("located")
                .distance_metres(&coach.location.expect("located")),
        )
    };
    // Rows must not outnumber columns: the smaller side is the rows.
    let (covered, weights) = if sites.len() <= slots.len() {
        let rows: Vec<Vec<i64>> = sites
            .iter()
            .map(|s| slots.iter().map(|c| distance(s, c)).collect())
            .collect();
        (sites.len(), Matrix::from_rows(rows).expect("a matrix"))
    } else {
        let rows: Vec<Vec<i64>> = slots
            .iter()
            .map(|c| sites.iter().map(|s| distance(s, c)).collect())
            .collect();
        (slots.len(), Matrix::from_rows(rows).expect("a matrix"))
    };
    let (cost, _) = kuhn_munkres_min(&weights);
    (covered, cost)
}

/// Places in a small region, on a coarse grid so that equal distances (ties) are common.
fn arb_place() -> impl Strategy<Value = (f64, f64)> {
    (0_u8..12, 0_u8..12)
        .prop_map(|(a, b)| (34.0 + f64::from(a) * 0.05, -117.5 + f64::from(b) * 0.05))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// On random small instances, the proposal's total distance is the Hungarian optimum and
    /// covers as many sites as there are places, whatever the number of candidates per site.
    #[test]
    fn the_proposal_is_as_short_as_the_hungarian_optimum(
        sites in prop::collection::vec(arb_place(), 1..9),
        coaches in prop::collection::vec((arb_place(), 0_u16..4), 1..6),
        candidates in 1_usize..5,
    ) {
        let coaches: Vec<(f64, f64, u16)> =
            coaches.into_iter().map(|((lat, lon), c)| (lat, lon, c)).collect();
        let program = program(&sites, &coaches);
        let proposal = program
            .propose_assignments(manual(), date("2016-01-04"), &options(candidates))
            .expect("a proposal");
        let (covered, cost) = hungarian(&program);
        prop_assert_eq!(proposal.proposed.len(), covered);
        prop_assert!(proposal.teams.is_empty());
        prop_assert_eq!(i64::try_from(proposal.total_metres).expect("small"), cost);
        prop_assert!(proposal.optimality.optimal);
        prop_assert_eq!(proposal.uncovered.len(), sites.len() - covered);
        prop_assert_eq!(proposal.capacity_short, sites.len() - covered);
        // No coach past capacity.
        for load in &proposal.coaches {
            prop_assert!(load.current + load.proposed <= usize::from(load.capacity.expect("set")));
        }
        // The same program with its lists reversed gets the same proposal.
        let mut reversed = program.clone();
        reversed.sites.reverse();
        reversed.coaches.reverse();
        let again = reversed
            .propose_assignments(manual(), date("2016-01-04"), &options(candidates))
            .expect("a proposal");
        let pairs = |p: &practice_coaching::assign::Proposal| -> BTreeSet<(EntityId, EntityId)> {
            p.proposed.iter().map(|a| (a.site.id, a.coach.id)).collect()
        };
        prop_assert_eq!(pairs(&proposal), pairs(&again));
    }
}

#[test]
fn pruned_candidates_are_widened_when_a_coach_left_out_would_do_better() {
    // Two sites both nearest to coach 0, who has room for one; coach 1 is second nearest to
    // both. With one candidate per site, the second site has only the full coach: the coach
    // left out prices in, the candidates are widened, and both sites are covered.
    let program = program(
        &[(34.00, -117.00), (34.01, -117.00)],
        &[(34.005, -117.0, 1), (34.2, -117.0, 1)],
    );
    let narrow = program
        .propose_assignments(manual(), date("2016-01-04"), &options(1))
        .expect("a proposal");
    assert_eq!(narrow.proposed.len(), 2);
    assert!(narrow.optimality.optimal);
    assert!(narrow.optimality.rounds >= 2, "{:?}", narrow.optimality);
    let wide = program
        .propose_assignments(manual(), date("2016-01-04"), &options(10))
        .expect("a proposal");
    assert_eq!(wide.optimality.rounds, 1);
    assert_eq!(wide.optimality.pruned_arcs_checked, 0);
    assert_eq!(narrow.total_metres, wide.total_metres);
    assert_eq!(narrow.proposed, wide.proposed);
}

#[test]
fn pruned_candidates_are_proven_optimal_without_widening_where_they_suffice() {
    // Sites each beside its own coach: the nearest is optimal and every coach left out is
    // priced out by the bound.
    let places: Vec<(f64, f64)> = (0..6).map(|i| (34.0 + f64::from(i), -117.0)).collect();
    let coaches: Vec<(f64, f64, u16)> = places.iter().map(|(a, b)| (*a, *b, 1)).collect();
    let proposal = program(&places, &coaches)
        .propose_assignments(manual(), date("2016-01-04"), &options(2))
        .expect("a proposal");
    assert_eq!(proposal.total_metres, 0);
    assert_eq!(proposal.optimality.rounds, 1);
    assert_eq!(proposal.optimality.pruned_arcs_checked, 6 * 4);
}

/// Every finding of the rules an assignment can break, as (code, pointer).
fn assignment_findings(
    program: &Program,
    manual: &Manual,
    as_of: Date,
) -> BTreeSet<(String, String)> {
    const RULES: &[&str] = &[
        "assignment-site-unknown",
        "assignment-assignee-unknown",
        "assignment-dates-inverted",
        "assignment-overlap",
        "site-team-required",
        "caseload-over-threshold",
        "coach-solo-without-experience",
        "coach-degree-below-minimum",
        "coach-experience-below-minimum",
        "coach-experience-missing",
        "coach-certification-missing",
        "coach-discipline-missing",
        "coach-training-below-minimum",
        "coach-core-skill-missing",
        "relationship-before-assignment",
        "contact-coach-unassigned",
    ];
    findings(&program.validate_as_of(manual, as_of))
        .into_iter()
        .filter(|(code, _)| RULES.contains(&code.as_str()))
        .collect()
}

#[test]
fn a_proposal_applied_gives_no_new_assignment_caseload_or_qualification_finding() {
    // The EvidenceNOW sample with its two newest practices unassigned, and a coach at
    // capacity; coaches' own capacities and the manual's threshold both in play.
    let as_of = date("2016-09-01");
    let mut program = reference::evidencenow_sample_program().clone();
    let unassigned: Vec<EntityId> = program.sites.iter().skip(4).map(|s| s.id).collect();
    program
        .assignments
        .retain(|a| !unassigned.contains(&a.site));
    program
        .relationships
        .retain(|r| !unassigned.contains(&r.site));
    // One more site near every coach, three more than the part-time coach could take.
    for n in 0..6 {
        let mut site = program.sites[0].clone();
        site.id = id(0x5f, n);
        site.name = format!("Added practice {n}");
        site.location = program.coaches[n % 4].location;
        program.sites.push(site);
    }
    let manual = reference::evidencenow();
    let before = assignment_findings(&program, manual, as_of);
    let proposal = program
        .propose_assignments(manual, as_of, &ProposalOptions::default())
        .expect("a proposal");
    assert_eq!(proposal.proposed.len(), 8, "{proposal:#?}");
    assert!(proposal.uncovered.is_empty());
    let mut applied = program.clone();
    applied.assignments.extend(proposal.assignments());
    let after = assignment_findings(&applied, manual, as_of);
    assert!(
        after.is_subset(&before),
        "new findings: {:?}",
        after.difference(&before)
    );
    // And the sites unassigned before are no longer reported so.
    let unassigned_after = findings(&applied.validate_as_of(manual, as_of))
        .into_iter()
        .filter(|(code, _)| code == "site-unassigned")
        .count();
    assert_eq!(unassigned_after, 0);

    // Tight capacities: each coach's own capacity is just what they have now, plus one.
    let mut tight = program.clone();
    let loads = proposal.coaches.clone();
    for (coach, load) in tight.coaches.iter_mut().zip(&loads) {
        coach.capacity = Some(Capacity::new(u16::try_from(load.current + 1).unwrap()).unwrap());
    }
    let proposal = tight
        .propose_assignments(manual, as_of, &ProposalOptions::default())
        .expect("a proposal");
    assert_eq!(proposal.proposed.len(), 4);
    assert_eq!(proposal.capacity_short, 4);
    for site in &proposal.uncovered {
        assert_eq!(site.because, UncoveredBecause::NoRoom);
        assert!(
            site.remedy.starts_with("one more site of capacity"),
            "{}",
            site.remedy
        );
    }
    let mut applied = tight.clone();
    applied.assignments.extend(proposal.assignments());
    let after = assignment_findings(&applied, manual, as_of);
    let before = assignment_findings(&tight, manual, as_of);
    assert!(
        after.is_subset(&before),
        "new findings: {:?}",
        after.difference(&before)
    );
}

#[test]
fn a_coach_who_fails_a_required_check_is_not_proposed() {
    let mut manual = reference::evidencenow().clone();
    let citations = manual.qualifications[0].citations.clone();
    manual.qualifications.push(Qualification {
        check: QualificationCheck::TrainingHours {
            hours: practice_coaching::TrainingHours::new(1000).unwrap(),
        },
        requirement: Requirement::Required,
        role: None,
        citations,
    });
    let mut program = program(&[(34.0, -117.0)], &[(34.0, -117.0, 3), (35.0, -117.0, 3)]);
    program.coaches[1].training_hours = Some(practice_coaching::TrainingHours::new(1000).unwrap());
    let proposal = program
        .propose_assignments(&manual, date("2016-01-04"), &ProposalOptions::default())
        .expect("a proposal");
    assert_eq!(proposal.proposed[0].coach.name, "Coach 1");
    assert!(!proposal.coaches[0].eligible);
    assert!(
        proposal.coaches[0].not_eligible_because[0].contains("training"),
        "{:?}",
        proposal.coaches[0]
    );
    // With nobody eligible, the site is uncovered and says so.
    program.coaches[1].training_hours = None;
    let proposal = program
        .propose_assignments(&manual, date("2016-01-04"), &ProposalOptions::default())
        .expect("a proposal");
    assert_eq!(
        proposal.uncovered[0].because,
        UncoveredBecause::NoEligibleCoach
    );
    assert_eq!(proposal.capacity_short, 0);
}

#[test]
fn without_any_capacity_the_proposal_is_refused_and_says_how_to_set_one() {
    let mut manual = reference::evidencenow().clone();
    manual.caseload = None;
    let mut program = program(&[(34.0, -117.0)], &[(34.0, -117.0, 3)]);
    program.coaches[0].capacity = None;
    let error = program
        .propose_assignments(&manual, date("2016-01-04"), &ProposalOptions::default())
        .expect_err("no capacity");
    assert!(matches!(error, ProposalError::CapacityMissing { .. }));
    let message = error.to_string();
    assert!(
        message.contains("`Coach 0`")
            && message.contains("`capacity`")
            && message.contains("--capacity"),
        "{message}"
    );
    let options = ProposalOptions {
        capacity: Some(Capacity::new(2).unwrap()),
        ..ProposalOptions::default()
    };
    let proposal = program
        .propose_assignments(&manual, date("2016-01-04"), &options)
        .expect("a capacity for every coach");
    assert_eq!(proposal.coaches[0].capacity, Some(2));
}

#[test]
fn sites_without_a_location_are_named_and_coaches_without_one_not_proposed() {
    let mut program = program_without_location();
    let proposal = program
        .propose_assignments(manual(), date("2016-01-04"), &ProposalOptions::default())
        .expect("a proposal");
    assert_eq!(proposal.uncovered[0].because, UncoveredBecause::NoLocation);
    assert_eq!(proposal.uncovered[0].site.name, "Site 1");
    program.coaches[0].location = None;
    let proposal = program
        .propose_assignments(manual(), date("2016-01-04"), &ProposalOptions::default())
        .expect("a proposal");
    assert!(
        proposal.coaches[0]
            .not_eligible_because
            .contains(&"has no location".to_owned())
    );
}

fn program_without_location() -> Program {
    let mut program = program(&[(34.0, -117.0), (34.1, -117.0)], &[(34.0, -117.0, 3)]);
    program.sites[1].location = None;
    program
}

#[test]
fn current_assignments_stay_and_use_capacity() {
    let as_of = date("2016-09-01");
    let mut program = reference::evidencenow_sample_program().clone();
    let mut site = program.sites[0].clone();
    site.id = id(0x5f, 1);
    site.name = "Added practice".to_owned();
    program.sites.push(site);
    let proposal = program
        .propose_assignments(reference::evidencenow(), as_of, &ProposalOptions::default())
        .expect("a proposal");
    // Only the new site is proposed; the rest keep their coaches.
    assert_eq!(proposal.proposed.len(), 1);
    assert_eq!(proposal.proposed[0].site.name, "Added practice");
    // Its nearest coach, at the same place as Riverbend Family Medicine.
    let current: usize = proposal.coaches.iter().map(|c| c.current).sum();
    assert!(current > 0);
}

#[cfg(feature = "cli")]
mod cli {
    use super::*;

    use super::binary::run;

    /// Writes `program` to a file of its own in the temporary directory and returns its path.
    fn written(program: &Program, name: &str) -> String {
        let path = std::env::temp_dir().join(format!(
            "practice-coaching-assign-{}-{name}.json",
            std::process::id()
        ));
        std::fs::write(&path, program.to_json()).expect("written");
        path.to_string_lossy().into_owned()
    }

    /// The EvidenceNOW sample with two more practices, one named to act on a terminal and
    /// in a spreadsheet.
    fn hostile() -> Program {
        let mut program = reference::evidencenow_sample_program().clone();
        for (n, name) in ["=HYPERLINK(\"x\")\u{1b}[2J", "Added practice"]
            .iter()
            .enumerate()
        {
            let mut site = program.sites[n].clone();
            site.id = id(0x5f, n);
            (*name).clone_into(&mut site.name);
            program.sites.push(site);
        }
        program
    }

    #[test]
    fn every_sample_program_proposes_in_every_format() {
        for file in [
            "src/reference/bhicci-sample-program.json",
            "src/reference/evidencenow-sample-program.json",
            "src/reference/ahrq-2009-sample-program.json",
        ] {
            for format in ["table", "csv", "json"] {
                let out = run(&["assign", file, "--as-of", "2016-06-01", "--format", format]);
                let text = String::from_utf8(out.stdout).expect("UTF-8");
                assert_eq!(out.status.code(), Some(0), "{file} {format}: {text}");
                match format {
                    "json" => {
                        let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
                        assert_eq!(json["as_of"], "2016-06-01");
                        assert_eq!(json["optimality"]["optimal"], true);
                        assert!(json["coaches"][0]["coach"]["id"].is_string());
                        assert!(json["coaches"][0]["coach"]["name"].is_string());
                    }
                    "csv" => assert!(text.starts_with("site_id,site_name,status,"), "{text}"),
                    _ => assert!(
                        text.contains("Coaches proposed for sites without one"),
                        "{text}"
                    ),
                }
            }
        }
    }

    #[test]
    fn document_text_is_escaped_for_the_terminal_and_guarded_in_csv() {
        let path = written(&hostile(), "hostile");
        let out = run(&["assign", &path, "--as-of", "2016-09-01"]);
        let table = String::from_utf8(out.stdout).expect("UTF-8");
        assert_eq!(out.status.code(), Some(0), "{table}");
        assert!(!table.contains('\u{1b}'), "{table}");
        assert!(table.contains("\\u{1b}[2J"), "{table}");
        assert!(table.contains("2 site(s) proposed a coach"), "{table}");
        assert!(table.contains("(optimal, proven over every"), "{table}");
        let out = run(&["assign", &path, "--as-of", "2016-09-01", "--format", "csv"]);
        let csv = String::from_utf8(out.stdout).expect("UTF-8");
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\u{1b}[2J\""), "{csv}");
        assert_eq!(csv.lines().filter(|l| l.contains(",proposed,")).count(), 2);
        let out = run(&["assign", &path, "--as-of", "2016-09-01", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let proposed = json["proposed"].as_array().expect("a list");
        assert_eq!(proposed.len(), 2);
        assert_eq!(proposed[1]["site"]["name"], "Added practice");
        assert!(proposed[1]["coach"]["id"].is_string());
        assert!(proposed[1]["distance_metres"].is_u64());
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn without_a_capacity_assign_exits_2_and_says_how_to_set_one() {
        let mut program = hostile();
        program.manual.version = "^1.0".parse().expect("a requirement");
        for coach in &mut program.coaches {
            coach.capacity = None;
        }
        let mut manual = reference::evidencenow().clone();
        manual.caseload = None;
        let manual_path = std::env::temp_dir().join(format!(
            "practice-coaching-assign-{}-manual.json",
            std::process::id()
        ));
        std::fs::write(&manual_path, manual.to_json()).expect("written");
        let manual_path = manual_path.to_string_lossy().into_owned();
        let path = written(&program, "no-capacity");
        let out = run(&[
            "assign",
            &path,
            "--manual",
            &manual_path,
            "--as-of",
            "2016-09-01",
        ]);
        assert_eq!(out.status.code(), Some(2));
        let error = String::from_utf8_lossy(&out.stderr);
        assert!(
            error.contains("--capacity N") && error.contains("`capacity`"),
            "{error}"
        );
        let out = run(&[
            "assign",
            &path,
            "--manual",
            &manual_path,
            "--as-of",
            "2016-09-01",
            "--capacity",
            "3",
        ]);
        assert_eq!(out.status.code(), Some(0));
        let bad = run(&["assign", &path, "--capacity", "10001"]);
        assert_eq!(bad.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&bad.stderr).contains("0 to 10000"));
        let _ = std::fs::remove_file(&path);
        let _ = std::fs::remove_file(&manual_path);
    }
}

/// The network simplex on any small network: it never panics, and its cost is the one found by
/// cancelling negative cycles from a feasible flow (or both find no feasible flow).
mod flow_oracle {
    use practice_coaching::assign::flow::{FlowError, Network};
    use proptest::prelude::*;

    type Arc = (usize, usize, i64, i64);

    /// A feasible flow by augmenting paths from a super source to a super sink, then negative
    /// cycles cancelled with Bellman-Ford until none is left: the least cost, or `None` where
    /// no flow meets the supplies.
    // One reference algorithm, read best whole.
    #[allow(clippy::too_many_lines)]
    fn cycle_cancelling(nodes: usize, supply: &[i64], arcs: &[Arc]) -> Option<i64> {
        let source = nodes;
        let sink = nodes + 1;
        // Residual arcs in pairs: (from, to, room, cost); arc i's reverse is i ^ 1.
        let mut residual: Vec<(usize, usize, i64, i64)> = Vec::new();
        let add =
            |r: &mut Vec<(usize, usize, i64, i64)>, a: usize, b: usize, cap: i64, cost: i64| {
                r.push((a, b, cap, cost));
                r.push((b, a, 0, -cost));
            };
        for &(a, b, cap, cost) in arcs {
            add(&mut residual, a, b, cap, cost);
        }
        let real = residual.len();
        let mut need = 0;
        for (u, &s) in supply.iter().enumerate() {
            if s > 0 {
                add(&mut residual, source, u, s, 0);
                need += s;
            } else if s < 0 {
                add(&mut residual, u, sink, -s, 0);
            }
        }
        // Augmenting paths by breadth-first search.
        let mut sent = 0;
        loop {
            let mut via = vec![usize::MAX; nodes + 2];
            let mut queue = std::collections::VecDeque::from([source]);
            let mut seen = vec![false; nodes + 2];
            seen[source] = true;
            while let Some(u) = queue.pop_front() {
                for (i, &(a, b, room, _)) in residual.iter().enumerate() {
                    if a == u && room > 0 && !seen[b] {
                        seen[b] = true;
                        via[b] = i;
                        queue.push_back(b);
                    }
                }
            }
            if !seen[sink] {
                break;
            }
            let mut push = i64::MAX;
            let mut v = sink;
            while v != source {
                push = push.min(residual[via[v]].2);
                v = residual[via[v]].0;
            }
            let mut v = sink;
            while v != source {
                let i = via[v];
                residual[i].2 -= push;
                residual[i ^ 1].2 += push;
                v = residual[i].0;
            }
            sent += push;
        }
        if sent != need {
            return None;
        }
        // Cancel negative cycles among the real arcs.
        let residual_real = &mut residual[..real];
        loop {
            let mut distance = vec![0_i64; nodes];
            let mut via = vec![usize::MAX; nodes];
            let mut last = usize::MAX;
            for _ in 0..nodes {
                last = usize::MAX;
                for (i, &(a, b, room, cost)) in residual_real.iter().enumerate() {
                    if room > 0 && distance[a] + cost < distance[b] {
                        distance[b] = distance[a] + cost;
                        via[b] = i;
                        last = b;
                    }
                }
            }
            if last == usize::MAX {
                break;
            }
            // Walk back into the cycle, then round it.
            let mut v = last;
            for _ in 0..nodes {
                v = residual_real[via[v]].0;
            }
            let start = v;
            let mut push = i64::MAX;
            loop {
                push = push.min(residual_real[via[v]].2);
                v = residual_real[via[v]].0;
                if v == start {
                    break;
                }
            }
            loop {
                let i = via[v];
                residual_real[i].2 -= push;
                residual_real[i ^ 1].2 += push;
                v = residual_real[i].0;
                if v == start {
                    break;
                }
            }
        }
        let mut cost = 0;
        for (k, &(_, _, cap, c)) in arcs.iter().enumerate() {
            cost += (cap - residual_real[2 * k].2) * c;
        }
        Some(cost)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn the_simplex_matches_cycle_cancelling_on_any_small_network(
            nodes in 1_usize..7,
            arcs in prop::collection::vec((0_usize..7, 0_usize..7, 0_i64..5, -9_i64..10), 0..16),
            supplies in prop::collection::vec(-3_i64..4, 7),
        ) {
            let arcs: Vec<Arc> = arcs
                .into_iter()
                .map(|(a, b, cap, cost)| (a % nodes, b % nodes, cap, cost))
                .collect();
            let mut supply: Vec<i64> = supplies[..nodes].to_vec();
            let sum: i64 = supply.iter().sum();
            supply[0] -= sum;
            let mut network = Network::new(nodes);
            for (u, s) in supply.iter().enumerate() {
                network.set_supply(u, *s).expect("in range");
            }
            for &(a, b, cap, cost) in &arcs {
                network.add_arc(a, b, cap, cost).expect("in range");
            }
            let expected = cycle_cancelling(nodes, &supply, &arcs);
            match network.solve() {
                Ok(solution) => prop_assert_eq!(Some(solution.cost), expected),
                Err(FlowError::Infeasible) => prop_assert_eq!(expected, None),
                Err(other) => prop_assert!(false, "{other}"),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Teams: where the manual's team rule gives a site a team.

/// The BHICCI late sample with neither assignments nor relationships: every site needs a team
/// of a behavioral health and an MD coach.
fn bhicci_open() -> Program {
    let mut program = reference::bhicci_sample_program().clone();
    program.assignments.clear();
    program.relationships.clear();
    program
}

/// Every finding of the rules a team or an assignment can break.
fn team_findings(program: &Program, manual: &Manual, as_of: Date) -> BTreeSet<(String, String)> {
    findings(&program.validate_as_of(manual, as_of))
        .into_iter()
        .filter(|(code, _)| {
            code.starts_with("team-")
                || code.starts_with("assignment-")
                || code.starts_with("coach-")
                || code == "site-team-required"
                || code == "caseload-over-threshold"
        })
        .collect()
}

#[test]
fn a_team_proposal_applied_gives_no_new_team_assignment_or_caseload_finding() {
    let manual = reference::bhicci_late();
    let as_of = date("2016-01-04");
    for capacity in [6, 2, 1] {
        let mut program = bhicci_open();
        for coach in &mut program.coaches {
            coach.capacity = Some(Capacity::new(capacity).unwrap());
        }
        let before = team_findings(&program, manual, as_of);
        let proposal = program
            .propose_assignments(manual, as_of, &ProposalOptions::default())
            .expect("a proposal");
        assert!(proposal.proposed.is_empty());
        // Four behavioral health coaches and three MD coaches: at capacity 1, three teams.
        let covered = usize::from(capacity).min(8 / 3 + 1) * 3;
        assert_eq!(proposal.teams.len(), covered.min(8), "capacity {capacity}");
        for team in &proposal.teams {
            let roles: Vec<&str> = team.members.iter().map(|m| m.role.as_str()).collect();
            assert_eq!(roles, ["bh-coach", "md-coach"]);
        }
        for site in &proposal.uncovered {
            assert_eq!(site.because, UncoveredBecause::TeamIncomplete);
            assert!(
                site.remedy.contains("more site(s) of capacity"),
                "{}",
                site.remedy
            );
        }
        // Existing teams are reused where they have exactly the coaches proposed.
        assert!(proposal.teams.iter().any(|t| t.existing) || capacity == 1);
        let mut applied = program.clone();
        proposal.apply_to(&mut applied);
        let after = team_findings(&applied, manual, as_of);
        assert!(
            after.is_subset(&before),
            "capacity {capacity}: new findings {:?}",
            after.difference(&before)
        );
        let unassigned = findings(&applied.validate_as_of(manual, as_of))
            .into_iter()
            .filter(|(code, _)| code == "site-unassigned")
            .count();
        assert_eq!(unassigned, 8 - proposal.teams.len());
    }
}

#[test]
fn a_role_no_coach_can_fill_is_named_with_what_it_asks() {
    let manual = reference::bhicci_late();
    let mut program = bhicci_open();
    program
        .coaches
        .retain(|c| !c.disciplines.iter().any(|d| d.as_str() == "medical"));
    let proposal = program
        .propose_assignments(manual, date("2016-01-04"), &ProposalOptions::default())
        .expect("a proposal");
    assert!(proposal.teams.is_empty());
    assert_eq!(proposal.uncovered.len(), 8);
    let site = &proposal.uncovered[0];
    assert_eq!(site.missing_roles.len(), 1);
    assert_eq!(site.missing_roles[0].role.as_str(), "md-coach");
    assert_eq!(site.missing_roles[0].coaches_who_could, 0);
    assert_eq!(
        site.remedy,
        "a coach who can fill role `md-coach` (a discipline of medical)"
    );
    assert_eq!(proposal.capacity_short, 0);
}

/// The least total distance of any way to give every site a team of one coach per role, no
/// coach twice at a site nor past capacity, by trying them all; `None` where there is none.
fn brute_force_teams(
    sites: &[Location],
    coaches: &[(Location, Vec<usize>, u16)],
    roles: usize,
) -> Option<u64> {
    fn go(
        s: usize,
        sites: &[Location],
        coaches: &[(Location, Vec<usize>, u16)],
        roles: usize,
        load: &mut Vec<u16>,
    ) -> Option<u64> {
        let Some(site) = sites.get(s) else {
            return Some(0);
        };
        let mut best: Option<u64> = None;
        // Every choice of a distinct coach per role.
        let mut choice = vec![0_usize; roles];
        loop {
            let distinct = (0..roles).all(|a| (0..a).all(|b| choice[a] != choice[b]));
            let fits = (0..roles).all(|r| {
                coaches[choice[r]].1.contains(&r) && load[choice[r]] < coaches[choice[r]].2
            });
            if distinct && fits {
                let here: u64 = choice
                    .iter()
                    .map(|&c| u64::from(site.distance_metres(&coaches[c].0)))
                    .sum();
                for &c in &choice {
                    load[c] += 1;
                }
                if let Some(rest) = go(s + 1, sites, coaches, roles, load) {
                    best = Some(best.map_or(here + rest, |b| b.min(here + rest)));
                }
                for &c in &choice {
                    load[c] -= 1;
                }
            }
            // The next choice, as digits in base `coaches.len()`.
            let mut r = 0;
            loop {
                if r == roles {
                    return best;
                }
                choice[r] += 1;
                if choice[r] < coaches.len() {
                    break;
                }
                choice[r] = 0;
                r += 1;
            }
        }
    }
    go(0, sites, coaches, roles, &mut vec![0; coaches.len()])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Teams formed per site, each member's distance counted, are one flow: where every site
    /// can be given a team, the proposal's total equals the best of all ways by brute force.
    #[test]
    fn team_proposals_equal_a_brute_force_on_small_instances(
        sites in prop::collection::vec(arb_place(), 1..4),
        coaches in prop::collection::vec((arb_place(), 0_u8..3, 1_u16..3), 2..6),
        candidates in 1_usize..4,
    ) {
        let manual = reference::bhicci_late();
        let mut program = bhicci_open();
        let bh = program.coaches[0].clone();
        let md = program.coaches[4].clone();
        let mut both = bh.clone();
        both.disciplines.extend(md.disciplines.clone());
        both.roles.clear();
        program.sites.truncate(sites.len());
        for (site, (lat, lon)) in program.sites.iter_mut().zip(&sites) {
            site.location = Some(Location::new(*lat, *lon).unwrap());
        }
        program.coaches = coaches
            .iter()
            .enumerate()
            .map(|(n, ((lat, lon), kind, capacity))| Coach {
                id: id(0xc0, n),
                name: format!("Coach {n}"),
                capacity: Some(Capacity::new(*capacity).unwrap()),
                location: Some(Location::new(*lat, *lon).unwrap()),
                ..[&bh, &md, &both][usize::from(*kind)].clone()
            })
            .collect();
        program.teams.clear();
        let places: Vec<Location> = program.sites.iter().map(|s| s.location.unwrap()).collect();
        let staff: Vec<(Location, Vec<usize>, u16)> = coaches
            .iter()
            .zip(&program.coaches)
            .map(|((_, kind, capacity), c)| {
                let roles = match kind { 0 => vec![0], 1 => vec![1], _ => vec![0, 1] };
                (c.location.unwrap(), roles, *capacity)
            })
            .collect();
        let best = brute_force_teams(&places, &staff, 2);
        let proposal = program
            .propose_assignments(manual, date("2016-01-04"), &options(candidates))
            .expect("a proposal");
        if let Some(best) = best {
            prop_assert_eq!(proposal.teams.len(), sites.len(), "{:#?}", proposal);
            prop_assert_eq!(proposal.total_metres, best);
        }
        for team in &proposal.teams {
            prop_assert_eq!(team.members.len(), 2);
            prop_assert_ne!(team.members[0].coach.id, team.members[1].coach.id);
        }
        for load in &proposal.coaches {
            prop_assert!(load.current + load.proposed <= usize::from(load.capacity.unwrap()));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Teams that persist across sites: a two-stage answer with a lower bound.

/// A BHICCI late program of `bh` behavioral health and `md` MD coaches of capacity `capacity`
/// and `sites` sites, all at random places from `seed`, none assigned.
fn random_pairs_program(seed: u64, bh: usize, md: usize, sites: usize, capacity: u16) -> Program {
    let mut state = seed;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        #[allow(clippy::cast_precision_loss)]
        let unit = ((z ^ (z >> 31)) >> 11) as f64 / (1_u64 << 53) as f64;
        unit
    };
    let mut place = move || Location::new(33.5 + next(), -118.0 + next() * 1.5).unwrap();
    let mut program = bhicci_open();
    let template_site = program.sites[0].clone();
    let (bh_coach, md_coach) = (program.coaches[0].clone(), program.coaches[4].clone());
    program.sites = (0..sites)
        .map(|n| Site {
            id: id(0x5e, n),
            name: format!("Site {n}"),
            location: Some(place()),
            ..template_site.clone()
        })
        .collect();
    program.coaches = (0..bh + md)
        .map(|n| Coach {
            id: id(0xc0, n),
            name: format!("Coach {n}"),
            capacity: Some(Capacity::new(capacity).unwrap()),
            location: Some(place()),
            ..if n < bh {
                bh_coach.clone()
            } else {
                md_coach.clone()
            }
        })
        .collect();
    program.teams.clear();
    program
}

fn persistent() -> ProposalOptions {
    ProposalOptions {
        persistent_teams: true,
        ..ProposalOptions::default()
    }
}

#[test]
fn persistent_teams_are_pairs_that_serve_all_their_sites_and_apply_cleanly() {
    let manual = reference::bhicci_late();
    let as_of = date("2016-01-04");
    let program = bhicci_open();
    let proposal = program
        .propose_assignments(manual, as_of, &persistent())
        .expect("a proposal");
    assert!(!proposal.optimality.optimal);
    let bound = proposal
        .optimality
        .lower_bound_metres
        .expect("as many places filled");
    assert!(bound <= proposal.total_metres);
    assert_eq!(proposal.teams.len(), 8);
    // Each coach is in one pair only.
    let mut partner = std::collections::BTreeMap::<EntityId, EntityId>::new();
    for team in &proposal.teams {
        let (a, b) = (team.members[0].coach.id, team.members[1].coach.id);
        assert_eq!(*partner.entry(a).or_insert(b), b);
        assert_eq!(*partner.entry(b).or_insert(a), a);
    }
    let before = team_findings(&program, manual, as_of);
    let mut applied = program.clone();
    proposal.apply_to(&mut applied);
    let after = team_findings(&applied, manual, as_of);
    assert!(
        after.is_subset(&before),
        "new findings: {:?}",
        after.difference(&before)
    );
    // A rule of other than two single roles is refused.
    let mut three = manual.clone();
    if let Some(team) = three.team.as_mut() {
        team.roles[1].count = practice_coaching::CoachCount::new(2).unwrap();
    }
    let error = program
        .propose_assignments(&three, as_of, &persistent())
        .expect_err("not pairs");
    assert!(matches!(
        error,
        ProposalError::PersistentTeamsNeedPairs { .. }
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60, ..ProptestConfig::default() })]

    /// The bound never exceeds the answer, and where it holds the answer is no better than the
    /// exact optimum with teams formed per site.
    #[test]
    fn the_lower_bound_never_exceeds_the_persistent_answer(
        seed in any::<u64>(),
        bh in 1_usize..6,
        md in 1_usize..6,
        sites in 1_usize..12,
        capacity in 1_u16..4,
    ) {
        let program = random_pairs_program(seed, bh, md, sites, capacity);
        let manual = reference::bhicci_late();
        let as_of = date("2016-01-04");
        let answer = program.propose_assignments(manual, as_of, &persistent()).expect("a proposal");
        let per_site = program
            .propose_assignments(manual, as_of, &ProposalOptions::default())
            .expect("a proposal");
        let every_site = per_site.teams.len() == sites;
        if let Some(bound) = answer.optimality.lower_bound_metres {
            prop_assert!(every_site);
            prop_assert_eq!(bound, per_site.total_metres);
            prop_assert!(bound <= answer.total_metres);
        } else {
            prop_assert!(!every_site || answer.teams.len() < per_site.teams.len());
        }
        for load in &answer.coaches {
            prop_assert!(load.current + load.proposed <= usize::from(load.capacity.unwrap()));
        }
    }
}

/// The gap between the two-stage answer and the bound on random instances of the size the
/// design notes measured (15 + 15 coaches, 100 sites, capacity 7), printed for the record:
/// `cargo test --all-features --test assign gaps -- --nocapture`.
#[test]
fn gaps_of_persistent_teams_on_random_instances() {
    let manual = reference::bhicci_late();
    let as_of = date("2016-01-04");
    let mut gaps = Vec::new();
    for seed in 0..20_u64 {
        let program = random_pairs_program(seed, 15, 15, 100, 7);
        let answer = program
            .propose_assignments(manual, as_of, &persistent())
            .expect("a proposal");
        let bound = answer
            .optimality
            .lower_bound_metres
            .expect("every site covered");
        assert_eq!(answer.teams.len(), 100);
        assert!(bound <= answer.total_metres);
        #[allow(clippy::cast_precision_loss)]
        gaps.push((answer.total_metres - bound) as f64 * 100.0 / bound as f64);
    }
    gaps.sort_by(f64::total_cmp);
    let mean = gaps.iter().sum::<f64>() / 20.0;
    println!(
        "persistent teams, 15 + 15 coaches, 100 sites, capacity 7, 20 seeds: gap above the bound \
         min {:.2}%, median {:.2}%, mean {mean:.2}%, max {:.2}%",
        gaps[0], gaps[10], gaps[19]
    );
}

// ---------------------------------------------------------------------------------------------
// Moving current assignments at a cost per move.

fn rebalance(move_cost: u32) -> ProposalOptions {
    ProposalOptions {
        move_cost: Some(move_cost),
        ..ProposalOptions::default()
    }
}

/// The total distance from each site to the coach assigned to it on `as_of`.
fn assigned_metres(program: &Program, as_of: Date) -> u64 {
    program
        .assignments
        .iter()
        .filter(|a| a.in_force_on(as_of))
        .filter_map(|a| {
            let site = program.sites.iter().find(|s| s.id == a.site)?;
            let practice_coaching::program::Assignee::Coach(coach) = a.assignee else {
                return None;
            };
            let coach = program.coaches.iter().find(|c| c.id == coach)?;
            Some(u64::from(site.location?.distance_metres(&coach.location?)))
        })
        .sum()
}

#[test]
fn moves_cost_what_the_user_says_and_apply_cleanly() {
    let manual = reference::evidencenow();
    let as_of = date("2016-09-01");
    let mut program = reference::evidencenow_sample_program().clone();
    program.relationships.clear();
    // Without moves nothing changes; with moves free, the program ends as short as one
    // proposed from nothing.
    let stay = program
        .propose_assignments(manual, as_of, &ProposalOptions::default())
        .expect("a proposal");
    assert!(stay.moves.is_empty() && stay.proposed.is_empty());
    let free = program
        .propose_assignments(manual, as_of, &rebalance(0))
        .expect("a proposal");
    assert!(!free.moves.is_empty());
    let mut moved = program.clone();
    free.apply_to(&mut moved);
    let mut fresh = program.clone();
    fresh.assignments.clear();
    let from_nothing = fresh
        .propose_assignments(manual, as_of, &ProposalOptions::default())
        .expect("a proposal");
    assert_eq!(assigned_metres(&moved, as_of), from_nothing.total_metres);
    // Applied, moves raise no assignment or caseload finding.
    let before = assignment_findings(&program, manual, as_of);
    let after = assignment_findings(&moved, manual, as_of);
    assert!(
        after.is_subset(&before),
        "new findings: {:?}",
        after.difference(&before)
    );
    // Each move saves more than it costs; a move dearer than any saving leaves all in place.
    let costly = program
        .propose_assignments(manual, as_of, &rebalance(50_000))
        .expect("a proposal");
    assert!(costly.moves.len() < free.moves.len());
    for m in &costly.moves {
        assert!(m.from_metres > m.to_metres + 50_000, "{m:?}");
    }
    let never = program
        .propose_assignments(manual, as_of, &rebalance(u32::MAX))
        .expect("a proposal");
    assert!(never.moves.is_empty());
    // Loads count the sites that stay and those moved in.
    let load: usize = costly.coaches.iter().map(|c| c.current + c.proposed).sum();
    assert_eq!(load, 6);
}

#[test]
fn the_ahrq_sample_gets_its_own_team_back_at_every_site() {
    // A coach who is the point of contact and a technical specialist: with the sample's
    // assignments and relationships cleared, every primary care team is proposed the pair the
    // program already has, reused rather than made anew.
    let mut program = reference::ahrq_2009_sample_program().clone();
    program.assignments.clear();
    program.relationships.clear();
    let manual = reference::ahrq_2009();
    let as_of = date("2008-03-03");
    for options in [ProposalOptions::default(), persistent()] {
        let proposal = program
            .propose_assignments(manual, as_of, &options)
            .expect("a proposal");
        assert_eq!(proposal.teams.len(), program.sites.len());
        assert!(proposal.new_teams.is_empty());
        for team in &proposal.teams {
            assert!(team.existing);
            assert_eq!(team.team, program.teams[0].id);
        }
        let mut applied = program.clone();
        proposal.apply_to(&mut applied);
        let report = applied.validate_as_of(manual, as_of);
        assert!(report.is_empty(), "{report:#?}");
    }
}

#[cfg(feature = "cli")]
#[test]
fn every_sample_program_takes_every_option() {
    for file in [
        "src/reference/bhicci-sample-program.json",
        "src/reference/evidencenow-sample-program.json",
        "src/reference/ahrq-2009-sample-program.json",
    ] {
        let out = binary::run(&[
            "assign",
            file,
            "--as-of",
            "2016-06-01",
            "--persistent-teams",
            "--rebalance",
            "--move-cost",
            "10000",
            "--capacity",
            "5",
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = binary::run(&[
        "assign",
        "src/reference/evidencenow-sample-program.json",
        "--move-cost",
        "5",
    ]);
    assert_eq!(out.status.code(), Some(2), "--move-cost needs --rebalance");
}
