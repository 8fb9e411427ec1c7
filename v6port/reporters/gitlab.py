"""GitLab Code Quality JSON: findings show in merge request widgets and diffs.

A JSON array of issues in the Code Climate shape GitLab reads; see
https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO

from v6port.findings import Finding, InputError, Report, Severity
from v6port.reporters._common import display_path, fingerprints, is_image

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
INPUT_ERROR_SEVERITY = "critical"
"""An input that could not be read was not checked at all: worse than any finding."""


def render(report: Report, stream: TextIO, *, color: bool | None = None) -> None:
    json.dump(as_list(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def as_list(report: Report) -> list[dict[str, Any]]:
    issues = [
        _issue(f, fp) for f, fp in zip(report.findings, fingerprints(report.findings), strict=True)
    ]
    seen: dict[str, int] = {}
    for e in report.errors:
        issues.append(_error_issue(e, seen))
    return issues


def _issue(f: Finding, fingerprint: str) -> dict[str, Any]:
    from v6port.rules import catalog

    rule = catalog().get(f.code)
    path = f.path if is_image(f) else display_path(f.path)
    issue: dict[str, Any] = {
        "type": "issue",
        "engine_name": "v6port",
        "check_name": f.code,
        "description": f"{f.code}: {f.message}",
        "categories": ["Bug Risk"],
        "severity": SEVERITIES[f.severity],
        "fingerprint": fingerprint,
        "location": {"path": path, "lines": {"begin": f.span.line if f.span else 1}},
    }
    if f.span is not None:
        issue["location"]["lines"]["end"] = f.span.line
    if rule is not None:
        issue["content"] = {"body": f"{rule.summary}. See {rule.help_uri}"}
    return issue


def _error_issue(e: InputError, seen: dict[str, int]) -> dict[str, Any]:
    key = "\0".join(("v1", "input-error", display_path(e.path), e.reason))
    n = seen.get(key, 0)
    seen[key] = n + 1
    return {
        "type": "issue",
        "engine_name": "v6port",
        "check_name": "v6port/input-error",
        "description": f"cannot check {e.path}: {e.reason}",
        "categories": ["Bug Risk"],
        "severity": INPUT_ERROR_SEVERITY,
        "fingerprint": hashlib.sha256(f"{key}\0{n}".encode()).hexdigest(),
        "location": {"path": display_path(e.path), "lines": {"begin": e.line or 1}},
    }
