"""pandas frames and plain records built from what the native module hands over. pandas is
imported only here, when a frame is asked for."""

import datetime
import json
from typing import Any, Dict, List, Sequence


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as error:
        raise ImportError(
            "to_pandas() needs pandas, which is not installed: "
            "pip install pandas (or pip install 'practice-coaching[pandas]')"
        ) from error
    return pandas


# The pandas dtype of the column types of docs/data-dictionary.md that have one; dates are
# datetime64, text is what pandas reads text as.
_DTYPES = {"integer": "int64", "boolean": "bool"}


def table_frame(columns: Sequence[str], kinds: Sequence[str], lists: Sequence[List[Any]]) -> Any:
    """A typed DataFrame from a table's columns, their types and their values."""
    pandas = _pandas()
    data = {}
    for name, kind, values in zip(columns, kinds, lists):
        if kind == "date":
            # From the text the CSV holds, so the resolution is the one pandas reads dates in.
            data[name] = pandas.to_datetime(
                pandas.Series([None if v is None else v.isoformat() for v in values])
            )
        elif kind in ("text", "key", "id"):
            # A missing value is NaN, as pandas reads an empty cell; pandas picks the text
            # dtype it reads text as (object before pandas 3, str from it).
            data[name] = pandas.Series([float("nan") if v is None else v for v in values])
        elif kind == "decimal":
            data[name] = pandas.Series(
                [float("nan") if v is None else v for v in values], dtype="float64"
            )
        else:
            data[name] = pandas.Series(values, dtype=_DTYPES[kind])
    return pandas.DataFrame(data, columns=list(columns))


def records_frame(records: List[Dict[str, Any]], columns: Sequence[str]) -> Any:
    """A DataFrame of records with these columns, even when there is none."""
    return _pandas().DataFrame.from_records(records, columns=list(columns))


def _flat_event(event: Dict[str, Any]) -> Dict[str, Any]:
    # `kind` is a word, or an object holding one member: the word, and the members it has.
    kind = event.pop("kind")
    record: Dict[str, Any] = {}
    record["date"] = datetime.date.fromisoformat(event.pop("date"))
    record["period"] = datetime.date.fromisoformat(event.pop("period"))
    if isinstance(kind, dict):
        ((name, members),) = kind.items()
        record["kind"] = name
        record.update(members if isinstance(members, dict) else {name: members})
    else:
        record["kind"] = kind
    record.update(event)
    return record


def event_records(text: str) -> List[Dict[str, Any]]:
    """A plan's events, one flat dict each, dates as ``datetime.date``."""
    return [_flat_event(event) for event in json.loads(text)]


def events_frame(events: List[Dict[str, Any]]) -> Any:
    """A plan's events as a DataFrame, dates as datetime64."""
    pandas = _pandas()
    frame = pandas.DataFrame.from_records(events)
    if frame.empty:
        return pandas.DataFrame(columns=["date", "period", "kind"])
    for column in ("date", "period"):
        frame[column] = pandas.to_datetime(frame[column].map(datetime.date.isoformat))
    return frame
