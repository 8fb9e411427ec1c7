"""Findings: what a rule reports, where, and how bad it is."""

from __future__ import annotations

import enum
from typing import NamedTuple


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}: use error, warning or info") from None


class Span(NamedTuple):
    """A place in a Dockerfile: 1-based line and columns; end_column is exclusive."""

    line: int
    column: int = 1
    end_column: int | None = None


class Edit(NamedTuple):
    """Replace the text of one line between two 1-based columns (end exclusive)."""

    line: int
    column: int
    end_column: int
    replacement: str


class Fix(NamedTuple):
    description: str
    edits: tuple[Edit, ...]


class Finding(NamedTuple):
    code: str
    name: str
    severity: Severity
    message: str
    path: str
    """The Dockerfile path as given, or the image reference."""
    span: Span | None = None
    digest: str | None = None
    """For image findings: the digest of the image the finding is about."""
    fix: Fix | None = None
    image: bool = False
    """About a built image (path is its reference), not a file."""

    @property
    def line(self) -> int | None:
        return self.span.line if self.span else None

    @property
    def column(self) -> int | None:
        return self.span.column if self.span else None


class InputError(NamedTuple):
    """An input that could not be read at all: it makes the run exit 2."""

    path: str
    reason: str
    line: int | None = None


class Report:
    """The outcome of a run over many inputs, which every reporter renders."""

    __slots__ = ("checked", "errors", "failed", "findings", "fixed", "sources")

    def __init__(
        self,
        findings: list[Finding] | None = None,
        errors: list[InputError] | None = None,
        checked: list[str] | None = None,
        sources: dict[str, list[str]] | None = None,
        failed: bool = False,
        fixed: int = 0,
    ) -> None:
        self.findings: list[Finding] = [] if findings is None else findings
        self.errors: list[InputError] = [] if errors is None else errors
        self.checked: list[str] = [] if checked is None else checked
        """Every file or image that was looked at, in order (for per-target reports)."""
        self.sources: dict[str, list[str]] = {} if sources is None else sources
        """Source lines per Dockerfile path, for reporters that quote the source."""
        self.failed = failed
        """Some finding is at or above the fail threshold that applies to its file."""
        self.fixed = fixed
        """Findings fixed by --fix before this report was made."""

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if self.failed else 0
