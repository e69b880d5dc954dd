"""fidelity(...) tables equal the command line's tidy CSV read by pandas."""

import io
import pathlib
from typing import Any, List, Optional

import pytest

import practice_coaching as pc
from conftest import ROOT

pandas = pytest.importorskip("pandas")
testing = pytest.importorskip("pandas.testing")

SAMPLES = {
    "bhicci-sample-program": "2018-09-01",
    "evidencenow-sample-program": "2017-06-01",
    "ahrq-2009-sample-program": "2010-06-01",
}
LOGS = ROOT / "tests" / "data" / "logs"
BHICCI = ROOT / "src" / "reference" / "bhicci-sample-program.json"


def cli_frame(cli: Any, args: List[str], dates: List[str]) -> Any:
    run = cli.run("fidelity", *args, "--format", "csv")
    assert run.returncode in (0, 1), run.stderr
    return pandas.read_csv(io.StringIO(run.stdout), parse_dates=dates)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_periods_and_activities_equal_the_csv(cli: Any, name: str) -> None:
    path = ROOT / "src" / "reference" / f"{name}.json"
    as_of = SAMPLES[name]
    reading = pc.fidelity(pc.Program.from_file(path), as_of=as_of)
    expected = cli_frame(cli, [str(path), "--as-of", as_of], ["from", "until"])
    assert len(expected) > 0
    testing.assert_frame_equal(reading.periods.to_pandas(), expected)
    expected = cli_frame(cli, [str(path), "--as-of", as_of, "--table", "activities"], [])
    # An empty CSV reads as text columns; the typed frame keeps its types.
    testing.assert_frame_equal(
        reading.activities.to_pandas(), expected, check_dtype=len(expected) > 0,
        check_index_type=len(expected) > 0,
    )
    assert reading.activities.columns == list(expected.columns)
    assert str(reading.as_of) == as_of


@pytest.mark.parametrize(
    "log, mapping",
    [
        ("redcap-encounters.csv", "redcap-encounters.mapping.json"),
        ("bad-rows.csv", None),
    ],
)
def test_a_contact_log_read_as_the_command_line_reads_it(
    cli: Any, log: str, mapping: Optional[str]
) -> None:
    args = [str(BHICCI), "--as-of", "2018-09-01", "--contacts", str(LOGS / log)]
    if mapping:
        args += ["--mapping", str(LOGS / mapping)]
    reading = pc.fidelity(
        pc.Program.from_file(BHICCI),
        contacts=LOGS / log,
        mapping=LOGS / mapping if mapping else None,
        as_of="2018-09-01",
    )
    testing.assert_frame_equal(
        reading.periods.to_pandas(), cli_frame(cli, args, ["from", "until"])
    )
    expected = cli.json("fidelity", *args, "--format", "json")
    assert expected is not None
    assert len(reading.problems) == expected["bad_log_rows"]
    assert reading.summary == expected["summary"]
    assert reading.log == {k: v for k, v in expected["contact_log"].items() if k != "file"}
    assert reading.program_errors == expected["program_errors"]
    # Each bad row is the command line's error line, with its line, column and code.
    stderr = cli.run("fidelity", *args, "--format", "csv").stderr
    for problem in reading.problems:
        assert f"line {problem['line']}" in stderr
        assert problem["code"] in stderr
        assert set(problem) == {"line", "column", "code", "value", "message"}


def test_bad_rows_have_line_column_and_code() -> None:
    reading = pc.fidelity(
        pc.Program.from_file(BHICCI), contacts=str(LOGS / "bad-rows.csv"), as_of="2018-09-01"
    )
    assert reading.problems, "bad-rows.csv has bad rows"
    first = reading.problems[0]
    assert isinstance(first["line"], int) and first["line"] > 1
    assert first["code"].startswith("log-")


def test_tables_are_typed_without_guard_characters() -> None:
    program = pc.Program.from_json(
        BHICCI.read_text().replace("Northgate Family Health Center", "=Northgate")
    )
    reading = pc.fidelity(program, as_of="2016-06-01")
    frame = reading.periods.to_pandas()
    assert "=Northgate" in set(frame.site_name)
    assert str(frame["from"].dtype).startswith("datetime64")
    assert frame["contacts"].dtype == "int64"
    assert frame["share_of_minimum"].dtype == "float64"
    assert frame["cut"].dtype == "bool"
    record = reading.periods.to_records()[0]
    import datetime
    assert isinstance(record["from"], datetime.date)
    assert isinstance(record["contacts"], int)
    assert reading.periods.types["from"] == "date"
    assert reading.periods.types["site_id"] == "id"


def test_pandas_missing_says_how_to_install_it(monkeypatch: Any) -> None:
    import sys
    monkeypatch.setitem(sys.modules, "pandas", None)
    reading = pc.fidelity(pc.reference("bhicci-sample-program"), as_of="2016-06-01")
    with pytest.raises(ImportError, match="pip install pandas"):
        reading.periods.to_pandas()
    assert reading.periods.to_records()
