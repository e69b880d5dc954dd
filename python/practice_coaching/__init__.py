"""Practice coaching manuals and programs as typed, validated data, from Python.

The crate ``practice-coaching`` itself, not a command run beside it: documents read and
validated (``Manual``, ``Program``), findings as records, a site's plan as events or an
iCalendar file, fidelity readings as pandas frames with the columns of the command line's tidy
CSV. ``as_of=None`` means today's date, as on the command line; the date used is returned with
the result.
"""

from practice_coaching._errors import ParseError
from practice_coaching._native import (
    Fidelity,
    Finding,
    Manual,
    Plan,
    Program,
    Report,
    Table,
    fidelity,
    reference,
    reference_names,
    report,
    schema,
)

__all__ = [
    "Fidelity",
    "Finding",
    "Manual",
    "ParseError",
    "Plan",
    "Program",
    "Report",
    "Table",
    "fidelity",
    "reference",
    "reference_names",
    "report",
    "schema",
]
