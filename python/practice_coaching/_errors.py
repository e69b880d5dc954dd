"""The error raised for a document that cannot be read."""


class ParseError(ValueError):
    """A document that could not be read: what went wrong (``code``, e.g.
    ``parse-unknown-field``), where (``line`` and ``column``, 1-based, 0 where unknown, and
    ``path``, the JSON Pointer of the offending value), and the message."""

    code: str
    line: int
    column: int
    path: str

    def __init__(self, message: str, code: str, line: int, column: int, path: str) -> None:
        super().__init__(message)
        self.code = code
        self.line = line
        self.column = column
        self.path = path
