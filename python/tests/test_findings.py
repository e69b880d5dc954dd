"""Python's findings equal `validate --format json` for every embedded document and every
broken document under tests/."""

import pathlib
from typing import Any, Dict, List, Optional

import pytest

import practice_coaching as pc
from conftest import AS_OF, ROOT, broken_documents

EMBEDDED = {name: ROOT / "src" / "reference" / f"{name}.json" for name in pc.reference_names()}


def manual_for(path: pathlib.Path) -> Optional[pathlib.Path]:
    """The manual tests/broken_documents.rs checks a broken program against."""
    if path.parent.name != "program" and path.name != "program-base.json":
        return None
    own = path.with_name(path.stem + ".manual.json")
    return own if own.exists() else ROOT / "tests" / "broken" / "manual-base.json"


def python_validation(path: pathlib.Path, kind: str, manual: Optional[pathlib.Path]) -> pc.Report:
    if kind == "manual":
        return pc.Manual.from_file(path).validate()
    given = pc.Manual.from_file(manual) if manual else None
    return pc.Program.from_file(path).validate(manual=given, as_of=AS_OF)


def check(cli: Any, path: pathlib.Path, manual: Optional[pathlib.Path]) -> None:
    args = ["validate", str(path), "--as-of", AS_OF, "--format", "json"]
    if manual:
        args += ["--manual", str(manual)]
    expected: Optional[Dict[str, Any]] = cli.json(*args)
    if expected is None or "parse_error" not in expected:
        # The command line refused before validating (a manual not embedded): Python does too.
        with pytest.raises(ValueError):
            python_validation(path, "program", manual)
        return
    error = expected["parse_error"]
    if error is not None:
        with pytest.raises(pc.ParseError) as raised:
            reader = pc.Program if expected["kind"] == "program" else pc.Manual
            reader.from_file(path)
        assert (raised.value.code, raised.value.line, raised.value.column, raised.value.path) == (
            error["code"], error["line"], error["column"], error["pointer"])
        return
    report = python_validation(path, expected["kind"], manual)
    records: List[Dict[str, str]] = report.to_records()
    assert records == expected["diagnostics"]
    assert [f.to_dict() for f in report.findings] == expected["diagnostics"]
    assert (report.errors, report.warnings, report.suppressed) == (
        expected["errors"], expected["warnings"], expected["suppressed"])
    assert report.has_errors() == (not expected["valid"])
    assert (report.as_of.isoformat() if report.as_of else None) == expected["as_of"]


@pytest.mark.parametrize("name", sorted(EMBEDDED))
def test_embedded_documents_agree_with_the_command_line(cli: Any, name: str) -> None:
    check(cli, EMBEDDED[name], None)
    assert pc.reference(name).to_json() == type(pc.reference(name)).from_file(EMBEDDED[name]).to_json()


@pytest.mark.parametrize("path", broken_documents(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_broken_documents_agree_with_the_command_line(cli: Any, path: pathlib.Path) -> None:
    check(cli, path, None if path.name.endswith(".manual.json") else manual_for(path))


def test_a_broken_program_against_its_embedded_manual_agrees(cli: Any) -> None:
    # Without --manual the command line picks the embedded manual the program names.
    sample = ROOT / "src" / "reference" / "bhicci-sample-program.json"
    check(cli, sample, None)


def test_findings_as_a_frame() -> None:
    pandas = pytest.importorskip("pandas")
    path = next(p for p in broken_documents() if p.parent.name == "manual")
    report = pc.Manual.from_file(path).validate()
    frame = report.to_pandas()
    assert list(frame.columns) == ["rule", "severity", "path", "message"]
    assert frame.to_dict("records") == report.to_records()
    assert isinstance(frame, pandas.DataFrame)


def test_as_of_none_is_today() -> None:
    import datetime
    report = pc.reference("bhicci-sample-program").validate()
    assert report.as_of == datetime.date.today()
