"""What several machine reporters share: where a finding is, and a stable identity for it."""

from __future__ import annotations

import hashlib
import os
import posixpath
from collections.abc import Iterable

from v6port.findings import Finding

FINGERPRINT_VERSION = "v1"


def is_image(f: Finding) -> bool:
    """A finding about a built image: its path is the image reference."""
    return f.image


def relative_path(path: str, cwd: str | None = None) -> str | None:
    """``path`` relative to the working directory, with ``/`` separators.

    None when the path lies outside the working directory (or on another
    drive), where only an absolute path can name it.
    """
    if path == "-":
        return "-"
    base = cwd or os.getcwd()
    absolute = os.path.abspath(os.path.join(base, path))
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        return None
    rel = rel.replace(os.sep, "/")
    if rel == ".." or rel.startswith("../"):
        return None
    return posixpath.normpath(rel)


def display_path(path: str) -> str:
    """The path as CI systems want it: relative to the working directory when possible."""
    rel = relative_path(path)
    if rel is not None:
        return rel
    return os.path.abspath(path).replace(os.sep, "/")


def subject(f: Finding) -> str:
    """What a finding is about, as it should be identified across runs and commits."""
    return f.path if is_image(f) else display_path(f.path)


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """One fingerprint per finding: stable across commits, unique within a report.

    It hashes the rule, the file (relative) or image reference, and the
    message, never the line number, so moving a line does not make a new
    alert. Messages name the offending port or label, not where it is.
    Identical findings in one file are told apart by their order.
    """
    seen: dict[str, int] = {}
    out: list[str] = []
    for f in findings:
        key = "\0".join((FINGERPRINT_VERSION, f.code, subject(f), f.message))
        n = seen.get(key, 0)
        seen[key] = n + 1
        digest = hashlib.sha256(f"{key}\0{n}".encode()).hexdigest()
        out.append(digest)
    return out
