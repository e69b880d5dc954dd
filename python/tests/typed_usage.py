"""A small typed script: `mypy --strict` checks it against the package's stubs."""

import datetime
from typing import Dict, List

import practice_coaching as pc


def errors_by_rule(program: pc.Program, manual: pc.Manual) -> Dict[str, int]:
    report: pc.Report = program.validate(manual=manual, as_of=datetime.date(2016, 6, 1))
    counts: Dict[str, int] = {}
    for finding in report.findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    return counts


def main() -> None:
    manual = pc.reference("bhicci-late")
    program = pc.reference("bhicci-sample-program")
    assert isinstance(manual, pc.Manual) and isinstance(program, pc.Program)
    print(errors_by_rule(program, manual))
    reading: pc.Fidelity = pc.fidelity(program, as_of="2016-06-01")
    columns: List[str] = reading.periods.columns
    plan: pc.Plan = program.plan("9ca8bf93-f2a2-5a9e-a11c-bcccd17379e7", months=3)
    ics: str = plan.to_ics()
    as_of: datetime.date = reading.as_of
    try:
        pc.Manual.from_json("{}")
    except pc.ParseError as error:
        where: str = f"{error.code} {error.line}:{error.column} {error.path}"
        print(where)
    print(len(columns), len(ics), as_of, pc.report("proctor", manual)["summary"])


if __name__ == "__main__":
    main()
