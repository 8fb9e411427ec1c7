"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers (docs/reports.md).

Every rule of the catalog is described in ``tool.driver.rules`` (with its
documentation and a link to it), so viewers show more than a bare code.
Dockerfile findings have a physical location relative to ``%SRCROOT%``, the
working directory; image findings name the image as a logical location.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from v6port.findings import Edit, Finding, Fix, InputError, Report, Severity
from v6port.reporters._common import fingerprints, is_image, relative_path

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/v6port/v6port"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "v6port/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, stream: TextIO, *, color: bool | None = None) -> None:
    json.dump(as_dict(report), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def as_dict(report: Report, cwd: str | None = None) -> dict[str, Any]:
    from v6port import __version__

    base = cwd or os.getcwd()
    rules, index = _rules(report.findings)
    results = [
        _result(f, index[f.code], fp, base)
        for f, fp in zip(report.findings, fingerprints(report.findings), strict=True)
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [_notification(e, base) for e in report.errors]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "v6port",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [invocation],
        "originalUriBaseIds": {SRCROOT: {"uri": Path(base).resolve().as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rules(findings: list[Finding]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The whole catalog (and any code it lacks), and each code's index in it."""
    from v6port.rules import catalog

    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for rule in catalog().values():
        index[rule.code] = len(rules)
        doc = rule.doc or rule.summary
        rules.append(
            {
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.summary},
                "fullDescription": {"text": _plain(_first_section(doc))},
                "help": {"text": doc, "markdown": doc},
                "helpUri": rule.help_uri,
                "defaultConfiguration": {"level": LEVELS[rule.severity]},
                "properties": {"tags": ["vantage6", "dockerfile", "ports"]},
            }
        )
    for f in findings:
        if f.code not in index:
            index[f.code] = len(rules)
            rules.append(
                {
                    "id": f.code,
                    "name": f.name,
                    "shortDescription": {"text": f.name},
                    "defaultConfiguration": {"level": LEVELS[f.severity]},
                }
            )
    return rules, index


def _first_section(doc: str) -> str:
    """The body of the doc's first ``## `` section ("What it does"), or the whole doc."""
    lines = doc.strip().splitlines()
    if not lines or not lines[0].startswith("## "):
        return doc.strip()
    body: list[str] = []
    for line in lines[1:]:
        if line.startswith("## "):
            break
        body.append(line)
    return "\n".join(body).strip() or doc.strip()


def _plain(markdown: str) -> str:
    return " ".join(markdown.replace("`", "").split())


def _result(f: Finding, rule_index: int, fingerprint: str, base: str) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
    }
    if is_image(f):
        result["locations"] = [{"logicalLocations": [_image_location(f)]}]
        result["properties"] = {"image": f.path, "digest": f.digest}
    else:
        physical: dict[str, Any] = {"artifactLocation": artifact_location(f.path, base)}
        if f.span is not None:
            region: dict[str, int] = {
                "startLine": f.span.line,
                "startColumn": f.span.column,
                "endLine": f.span.line,
            }
            if f.span.end_column is not None and f.span.end_column >= f.span.column:
                region["endColumn"] = f.span.end_column
            physical["region"] = region
        result["locations"] = [{"physicalLocation": physical}]
        if f.fix is not None and f.fix.edits:
            result["fixes"] = [_fix(f.fix, f.path, base)]
    result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint}
    return result


def _image_location(f: Finding) -> dict[str, Any]:
    qualified = f.path
    if f.digest and "@" not in f.path:
        qualified = f"{f.path}@{f.digest}"
    return {"name": f.path, "fullyQualifiedName": qualified, "kind": "resource"}


def artifact_location(path: str, base: str) -> dict[str, Any]:
    """A URI relative to %SRCROOT% (the working directory), or an absolute file URI."""
    rel = relative_path(path, base)
    if rel is not None:
        return {"uri": quote(rel, safe="/"), "uriBaseId": SRCROOT}
    absolute = Path(os.path.abspath(os.path.join(base, path)))
    return {"uri": absolute.as_uri()}


def _fix(fix: Fix, path: str, base: str) -> dict[str, Any]:
    return {
        "description": {"text": fix.description},
        "artifactChanges": [
            {
                "artifactLocation": artifact_location(path, base),
                "replacements": [_replacement(e) for e in fix.edits],
            }
        ],
    }


def _replacement(edit: Edit) -> dict[str, Any]:
    return {
        "deletedRegion": {
            "startLine": edit.line,
            "startColumn": edit.column,
            "endLine": edit.line,
            "endColumn": edit.end_column,
        },
        "insertedContent": {"text": edit.replacement},
    }


def _notification(e: InputError, base: str) -> dict[str, Any]:
    """An input that could not be read: the run did not do all its work."""
    location: dict[str, Any]
    if e.line is not None or os.path.lexists(os.path.join(base, e.path)) or e.path == "-":
        physical: dict[str, Any] = {"artifactLocation": artifact_location(e.path, base)}
        if e.line is not None and e.line >= 1:
            physical["region"] = {"startLine": e.line}
        location = {"physicalLocation": physical}
    else:
        location = {"logicalLocations": [{"name": e.path}]}
    return {
        "level": "error",
        "message": {"text": f"{e.path}: {e.reason}"},
        "locations": [location],
        "descriptor": {"id": "input-error"},
    }
