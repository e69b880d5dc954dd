"""Plans, checklists and schemas equal the command line's; errors name what is wrong."""

import datetime
import json
from typing import Any

import pytest

import practice_coaching as pc
from conftest import ROOT

SAMPLE = ROOT / "src" / "reference" / "bhicci-sample-program.json"
SITE = "9ca8bf93-f2a2-5a9e-a11c-bcccd17379e7"
STAMP = "2026-01-01T09:00:00Z"


def test_a_plan_equals_the_command_lines(cli: Any) -> None:
    program = pc.Program.from_file(SAMPLE)
    plan = program.plan(SITE, months=12)
    expected = cli.json("plan", str(SAMPLE), "--site", SITE, "--months", "12", "--format", "json")
    assert plan.to_dict() == expected
    assert len(plan.events) == len(expected["events"])
    assert plan.events[0]["date"] == datetime.date.fromisoformat(expected["events"][0]["date"])
    ics = cli.raw("plan", str(SAMPLE), "--site", SITE, "--months", "12", "--format", "ics",
                  "--dtstamp", STAMP).decode()
    stamp = datetime.datetime(2026, 1, 1, 9, tzinfo=datetime.timezone.utc)
    assert plan.to_ics(dtstamp=stamp) == ics


def test_a_site_by_name_and_from_a_day(cli: Any) -> None:
    program = pc.Program.from_file(SAMPLE)
    name = next(s["name"] for s in program.to_dict()["sites"] if s["id"] == SITE)
    assert program.plan(name, months=12).to_dict() == program.plan(SITE, months=12).to_dict()
    # As the command line's --site: the start of a name or id only one site has.
    assert program.plan(SITE[:8], months=12).to_dict() == program.plan(SITE, months=12).to_dict()
    other = "d830b9f6-60b8-5f53-a69f-886fad378c80"
    plan = program.plan(other, start=datetime.date(2016, 1, 4), months=12)
    expected = cli.json("plan", str(SAMPLE), "--site", other, "--from", "2016-01-04",
                        "--months", "12", "--format", "json")
    assert plan.to_dict() == expected
    frame_module = pytest.importorskip("pandas")
    frame = plan.to_pandas()
    assert isinstance(frame, frame_module.DataFrame) and len(frame) == len(plan.events)


def test_plan_arguments_are_checked() -> None:
    program = pc.Program.from_file(SAMPLE)
    with pytest.raises(ValueError, match="site"):
        program.plan("no such site")
    with pytest.raises(ValueError, match="could be any of 2 sites"):
        program.plan("Northgate")
    with pytest.raises(ValueError, match="months"):
        program.plan(SITE, months=0)
    with pytest.raises(TypeError, match="months"):
        program.plan(SITE, months="12")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="start"):
        program.plan(SITE, start="2016-02-30")
    with pytest.raises(TypeError, match="dtstamp"):
        program.plan(SITE, months=1).to_ics(dtstamp=datetime.datetime(2026, 1, 1))


@pytest.mark.parametrize("kind", ["tidier", "proctor"])
@pytest.mark.parametrize("manual", ["bhicci-late", "evidencenow", "ahrq-2009", "bhicci-launch"])
def test_checklists_equal_the_command_lines(cli: Any, kind: str, manual: str) -> None:
    expected = cli.json("report", kind, manual, "--format", "json")
    assert pc.report(kind, pc.reference(manual)) == expected
    assert pc.report(kind, manual) == expected


def test_tidier_with_a_program_equals_the_command_lines(cli: Any) -> None:
    expected = cli.json("report", "tidier", "bhicci-late", "--program", str(SAMPLE),
                        "--as-of", "2018-09-01", "--format", "json")
    got = pc.report("tidier", "bhicci-late", pc.Program.from_file(SAMPLE), as_of="2018-09-01")
    assert got == expected
    with pytest.raises(ValueError, match="kind"):
        pc.report("consort", "bhicci-late")


@pytest.mark.parametrize("name", ["manual", "program", "contact-log-mapping"])
def test_schemas_equal_the_committed_files(name: str) -> None:
    committed = json.loads((ROOT / "docs" / "schemas" / f"{name}.schema.json").read_text())
    assert pc.schema(name) == committed


def test_parse_errors_and_bad_arguments() -> None:
    with pytest.raises(pc.ParseError) as raised:
        pc.Manual.from_json('{\n  "id": 1\n}')
    error = raised.value
    assert isinstance(error, ValueError)
    assert (error.code, error.line, error.column, error.path) == ("parse-type", 2, 9, "/id")
    with pytest.raises(ValueError, match="is a program; expected a manual"):
        pc.Manual.from_json(SAMPLE.read_bytes())
    with pytest.raises(TypeError, match="text: expected str or bytes"):
        pc.Program.from_json(42)  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        pc.Program.from_file(ROOT / "no-such-file.json")
    with pytest.raises(TypeError, match="as_of"):
        pc.reference("bhicci-sample-program").validate(as_of=20160101)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="as_of"):
        pc.reference("bhicci-sample-program").validate(as_of="2016-13-01")
    with pytest.raises(TypeError, match="manual"):
        pc.reference("bhicci-sample-program").validate(manual="bhicci-late")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="name"):
        pc.reference("no-such-document")
    with pytest.raises(ValueError, match="name"):
        pc.schema("no-such-schema")
    with pytest.raises(ValueError, match="not embedded"):
        program = pc.Program.from_json(SAMPLE.read_text().replace('"bhicci"', '"unknown-manual"', 1))
        program.validate()


def test_documents_round_trip() -> None:
    for name in pc.reference_names():
        document = pc.reference(name)
        again = type(document).from_json(document.to_json())
        assert again.to_dict() == document.to_dict()
