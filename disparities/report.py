"""What validation found: issues listed as `row N, column C: message`."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Issue:
    severity: str
    message: str
    row: int | None = None  # the row number a spreadsheet shows (header = 1)
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = ", ".join(p for p in (f"row {self.row}" if self.row else "", f"column {self.column}" if self.column else "") if p)
        return f"{where}: {self.message}" if where else self.message

    def as_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if k != "severity"}


def error(message: str, row: int | None = None, column: str | None = None, value: str | None = None) -> Issue:
    return Issue(ERROR, message, row, column, value)


def warning(message: str, row: int | None = None, column: str | None = None, value: str | None = None) -> Issue:
    return Issue(WARNING, message, row, column, value)


class Refused(Exception):
    """A file that cannot be read at all (empty, binary, unknown encoding, unknown kind...)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class FileReport:
    file_name: str
    kind: str | None = None
    sha256: str = ""
    rows: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    issues: list[Issue] = field(default_factory=list)
    already_loaded: str | None = None  # "upload #3 on 2026-11-21 10:04" for a byte-identical file
    encoding: str | None = None
    delimiter: str | None = None
    upload_id: int | None = None
    # The first rows as they will be stored (columns in the file only), and the cells whose stored
    # value differs from what was written (a mapped category, a parsed date or number).
    preview: list[dict] = field(default_factory=list)
    preview_mapped: list[dict] = field(default_factory=list)
    # What each replaced row changes: {row, key, column, old, new}, the first MAX_CHANGES of them.
    changes: list[dict] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == WARNING]

    def as_dict(self) -> dict:
        return {
            "file": self.file_name, "kind": self.kind, "rows": self.rows, "added": self.added,
            "replaced": self.replaced, "unchanged": self.unchanged, "already_loaded": self.already_loaded,
            "upload_id": self.upload_id,
            "errors": [i.as_dict() for i in self.errors], "warnings": [i.as_dict() for i in self.warnings],
            "changes": self.changes,
        }
