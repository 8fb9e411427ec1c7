"""The JSON report: a stable, documented shape for machines (docs/reports.md)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from v6port.findings import Finding, Report, Severity

VERSION = 1


def finding_dict(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": f.code,
        "name": f.name,
        "severity": f.severity.label,
        "path": f.path,
        "line": f.line,
        "column": f.column,
        "message": f.message,
    }
    if f.span is not None and f.span.end_column is not None:
        out["end_column"] = f.span.end_column
    if f.digest:
        out["digest"] = f.digest
    if f.fix is not None:
        out["fixable"] = True
    return out


def as_dict(report: Report) -> dict[str, Any]:
    counts = {s.label: 0 for s in sorted(Severity, reverse=True)}
    for f in report.findings:
        counts[f.severity.label] += 1
    return {
        "version": VERSION,
        "findings": [finding_dict(f) for f in report.findings],
        "errors": [{"path": e.path, "line": e.line, "reason": e.reason} for e in report.errors],
        "summary": {
            "checked": len(report.checked),
            "findings": len(report.findings),
            **counts,
            "errors": len(report.errors),
            "exit_code": report.exit_code,
        },
    }


def render(report: Report, stream: TextIO, *, color: bool | None = None) -> None:
    json.dump(as_dict(report), stream, indent=2)
    stream.write("\n")
