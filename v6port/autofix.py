"""``v6port lint --fix`` and ``--diff``: lint, apply the certain fixes, repeat until stable.

Each pass lints the current bytes and applies the fixes its findings offer;
a fix can make another one possible (``P8888 = "com"`` needs a rename, then
a rewrite), so passes repeat until nothing changes, at most ``MAX_PASSES``.
The report then describes what remains.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from v6port.findings import InputError, Report
from v6port.fix import apply_to_bytes, unified_diff

if TYPE_CHECKING:
    from v6port.config import Settings
    from v6port.model import Declaration

MAX_PASSES = 5


def fix_passes(
    name: str,
    data: bytes,
    settings: Settings,
    resolve_base: Callable[[str], Declaration] | None = None,
) -> tuple[bytes, int]:
    """The fixed bytes and how many fixes were applied in all passes."""
    from v6port.lint import lint_one

    total = 0
    for _ in range(MAX_PASSES):
        scratch = Report()
        lint_one(name, data, settings, scratch, False, resolve_base)
        fixes = [f.fix for f in scratch.findings if f.fix is not None]
        try:
            fixed, count = apply_to_bytes(data, fixes)
        except UnicodeDecodeError:
            break
        if not count or fixed == data:
            break
        data, total = fixed, total + count
    return data, total


class Fixer:
    """One run's fixing: writes files (or only diffs them) and remembers what it did."""

    __slots__ = ("diffs", "files", "fixed", "messages", "stdout", "write")

    def __init__(
        self,
        write: bool,
        fixed: int = 0,
        files: int = 0,
        diffs: list[str] | None = None,
        stdout: bytes | None = None,
        messages: list[str] | None = None,
    ) -> None:
        self.write = write
        """False for --diff: show the changes, write nothing."""
        self.fixed = fixed
        """Fixes applied (or, with --diff, that would be)."""
        self.files = files
        """Inputs that changed (or would)."""
        self.diffs: list[str] = [] if diffs is None else diffs
        self.stdout = stdout
        """The fixed text of stdin ("-"), which --fix prints."""
        self.messages: list[str] = [] if messages is None else messages

    def process(
        self,
        path: str,
        name: str,
        data: bytes,
        settings: Settings,
        report: Report,
        resolve_base: Callable[[str], Declaration] | None = None,
    ) -> bytes:
        """Fix one input; returns the bytes the report should describe."""
        seen = _stamp(path)
        fixed, count = fix_passes(name, data, settings, resolve_base)
        if path == "-" and self.write:
            self.stdout = fixed
        if fixed == data:
            return data
        if not self.write:
            self.diffs.append(unified_diff(name, data, fixed))
            self._count(count)
            return fixed
        if path == "-":
            self._count(count)
            return fixed
        if _stamp(path) != seen or _current(path) != data:
            self.messages.append(f"{name}: changed on disk since it was read; left alone")
            return data
        from v6port.fsutil import atomic_write

        try:
            atomic_write(os.path.realpath(path), fixed)
        except OSError as exc:
            report.errors.append(
                InputError(name, f"cannot write the fixed file: {exc.strerror or exc}")
            )
            return data
        self._count(count)
        return fixed

    def _count(self, fixes: int) -> None:
        self.fixed += fixes
        self.files += 1


def _stamp(path: str) -> tuple[int, int, int] | None:
    if path == "-":
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _current(path: str) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        return None
