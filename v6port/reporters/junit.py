"""JUnit XML: one test case per checked file or image, one failure per finding.

CI systems (GitLab, Jenkins, Azure Pipelines, ...) render it as test results.
Unreadable inputs are ``<error>`` elements. Characters that XML 1.0 cannot
carry are replaced, so the report always parses.
"""

from __future__ import annotations

import re
from typing import TextIO

from v6port.findings import Finding, InputError, Report

SUITE = "v6port"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Text that XML 1.0 can carry: other characters become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def render(report: Report, stream: TextIO, *, color: bool | None = None) -> None:
    import xml.etree.ElementTree as ET

    targets: list[str] = list(dict.fromkeys(report.checked))
    by_target: dict[str, tuple[list[Finding], list[InputError]]] = {t: ([], []) for t in targets}
    for f in report.findings:
        by_target.setdefault(f.path, ([], []))[0].append(f)
    for e in report.errors:
        by_target.setdefault(e.path, ([], []))[1].append(e)

    failures = sum(len(fs) for fs, _ in by_target.values())
    errors = sum(len(es) for _, es in by_target.values())
    counts = {
        "tests": str(len(by_target)),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": "0",
        "time": "0",
    }
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    for target, (findings, input_errors) in by_target.items():
        case = ET.SubElement(
            suite, "testcase", {"classname": SUITE, "name": clean(target), "time": "0"}
        )
        for f in findings:
            failure = ET.SubElement(
                case,
                "failure",
                {"type": f.code, "message": clean(f"{f.code} [{f.severity.label}] {f.message}")},
            )
            failure.text = clean(_describe(f))
        for e in input_errors:
            error = ET.SubElement(
                case, "error", {"type": "input-error", "message": clean(e.reason)}
            )
            where = f"{e.path}:{e.line}" if e.line else e.path
            error.text = clean(f"{where}: {e.reason}")
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")


def _describe(f: Finding) -> str:
    from v6port.rules import catalog

    where = f.path
    if f.span is not None:
        where += f":{f.span.line}:{f.span.column}"
    elif f.digest and "@" not in f.path:
        where += f"@{f.digest}"
    lines = [f"{where}: {f.code} ({f.name}) [{f.severity.label}] {f.message}"]
    if f.fix is not None:
        lines.append(f"fixable: {f.fix.description}")
    rule = catalog().get(f.code)
    if rule is not None:
        lines.append(f"see {rule.help_uri}")
    return "\n".join(lines)
