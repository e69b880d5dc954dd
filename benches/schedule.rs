//! Schedule expansion: 2,500, 5,000 and 10,000 coaching relationships, each planned over 36
//! months with the late BHICCI manual (`Program::plans`).
//!
//! `cargo bench --bench schedule`; results in docs/performance.md. Run as a test
//! (`cargo test --benches`), only the smallest size is built and checked.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput};
use practice_coaching::program::{Assignee, Assignment, Program, Relationship, Site};
use practice_coaching::reference::{bhicci_late, sample_program};
use practice_coaching::{Date, EntityId};

const SIZES: [usize; 3] = [2_500, 5_000, 10_000];

/// The sample program with `count` relationships: copies of its three recorded relationships
/// (on track, disrupted and reviewed, went back a phase), each for a new site coached by the
/// first dyad from the relationship's start. Contacts are dropped; they do not shape a plan.
fn program(count: usize) -> Program {
    let mut program = sample_program().clone();
    let templates: Vec<Relationship> = program.relationships.drain(..).collect();
    let dyad = program.dyads[0].id;
    let site = program.sites[0].clone();
    for n in 0..count {
        let id = EntityId::new(&format!("00000000-0000-4000-8000-{n:012x}")).expect("hyphenated");
        let mut relationship = templates[n % templates.len()].clone();
        relationship.site = id;
        relationship.contacts.clear();
        program.sites.push(Site {
            id,
            name: format!("Site {n}"),
            ..site.clone()
        });
        program.assignments.push(Assignment {
            site: id,
            assignee: Assignee::Dyad(dyad),
            from: relationship.start,
        });
        program.relationships.push(relationship);
    }
    program
}

fn main() {
    let benchmarking = std::env::args().any(|a| a == "--bench");
    let sizes = if benchmarking {
        &SIZES[..]
    } else {
        &SIZES[..1]
    };
    let manual = bhicci_late();
    // 36 months from the relationships' starts (September 2015).
    let until: Date = "2018-09-01".parse().expect("a date");
    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("schedule");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for &count in sizes {
        let program = program(count);
        let report = program.validate(manual);
        assert!(!report.has_errors(), "{report:#?}");
        let plans = program.plans(manual, Some(until));
        assert_eq!(plans.len(), count);
        let contacts: u64 = plans.iter().map(|p| p.periods.len() as u64).sum();
        println!(
            "{count} relationships: {contacts} planned periods, {} events",
            plans.iter().map(|p| p.events.len()).sum::<usize>()
        );
        group.throughput(Throughput::Elements(count as u64));
        group.bench_function(format!("plans/{count}"), |b| {
            b.iter(|| black_box(program.plans(manual, Some(until))));
        });
    }
    group.finish();
    criterion.final_summary();
}
