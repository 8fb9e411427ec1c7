"""Applying fixes: pure functions from a Dockerfile's bytes and some Fixes to new bytes.

Only the replaced spans change: line endings, a byte order mark, trailing
whitespace and a missing final newline are all kept. Of two fixes whose
edits overlap, the first (in report order) is applied and the other dropped;
the next pass picks it up again if it still applies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from v6port.findings import Edit, Fix

BOM = "\ufeff"


class Applied(NamedTuple):
    text: str
    applied: tuple[Fix, ...]
    """The fixes applied, each whole; the others overlapped or were out of range."""

    @property
    def fixes(self) -> int:
        return len(self.applied)


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.line != b.line:
        return False
    if a.column == b.column:
        return True
    return max(a.column, b.column) < min(a.end_column, b.end_column)


def _valid(edit: Edit, lines: list[str]) -> bool:
    if not 1 <= edit.line <= len(lines):
        return False
    content = lines[edit.line - 1]
    if content.endswith("\r"):
        content = content[:-1]
    return 1 <= edit.column <= edit.end_column <= len(content) + 1


def apply_fixes(text: str, fixes: Iterable[Fix]) -> Applied:
    """Apply every fix that does not overlap an earlier one; bytes elsewhere are kept."""
    lines = text.split("\n")
    accepted: list[Edit] = []
    applied: list[Fix] = []
    for fix in fixes:
        edits = fix.edits
        if not edits or not all(_valid(e, lines) for e in edits):
            continue
        if any(_overlaps(e, o) for i, e in enumerate(edits) for o in edits[i + 1 :]):
            continue
        if any(_overlaps(e, a) for e in edits for a in accepted):
            continue
        accepted.extend(edits)
        applied.append(fix)
    # Right to left, so that earlier columns on a line stay valid.
    for edit in sorted(accepted, key=lambda e: (e.line, e.column), reverse=True):
        line = lines[edit.line - 1]
        lines[edit.line - 1] = (
            line[: edit.column - 1] + edit.replacement + line[edit.end_column - 1 :]
        )
    return Applied("\n".join(lines), tuple(applied))


def split_bom(data: bytes) -> tuple[str, str]:
    """(BOM or "", text after it); raises UnicodeDecodeError on bytes that are not UTF-8."""
    text = data.decode("utf-8")
    if text.startswith(BOM):
        return BOM, text[1:]
    return "", text


def apply_to_bytes(data: bytes, fixes: Iterable[Fix]) -> tuple[bytes, int]:
    """The fixed bytes and the number of fixes applied; columns count from after a BOM."""
    fixes = list(fixes)
    if not fixes:
        return data, 0
    bom, text = split_bom(data)
    applied = apply_fixes(text, fixes)
    if not applied.fixes:
        return data, 0
    return (bom + applied.text).encode("utf-8"), applied.fixes


def unified_diff(name: str, before: bytes, after: bytes) -> str:
    """A unified diff that ``patch`` applies, with its "no newline" markers."""
    import difflib  # only --diff needs it; rules import this module for quote_value

    old = before.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = after.decode("utf-8", errors="replace").splitlines(keepends=True)
    out: list[str] = []
    for line in difflib.unified_diff(old, new, fromfile=name, tofile=name):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def quote_value(value: str, escape: str) -> str | None:
    """``value`` in double quotes as BuildKit reads them back; None if it cannot be one line."""
    if "\n" in value or "\r" in value:
        return None
    special = {'"', "$", escape}
    return '"' + "".join(escape + ch if ch in special else ch for ch in value) + '"'
