"""Findings: what a rule reports, where, and how bad it is."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


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


@dataclass(frozen=True, slots=True)
class Span:
    """A place in a Dockerfile: 1-based line and columns; end_column is exclusive."""

    line: int
    column: int = 1
    end_column: int | None = None


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text of one line between two 1-based columns (end exclusive)."""

    line: int
    column: int
    end_column: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    description: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True, slots=True)
class Finding:
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


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read at all: it makes the run exit 2."""

    path: str
    reason: str
    line: int | None = None


@dataclass
class Report:
    """The outcome of a run over many inputs, which every reporter renders."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    """Every file or image that was looked at, in order (for per-target reports)."""
    sources: dict[str, list[str]] = field(default_factory=dict)
    """Source lines per Dockerfile path, for reporters that quote the source."""
    failed: bool = False
    """Some finding is at or above the fail threshold that applies to its file."""
    fixed: int = 0
    """Findings fixed by --fix before this report was made."""

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if self.failed else 0
