"""Apply the rule catalog to a Declaration, whatever source it came from."""

from __future__ import annotations

from collections.abc import Iterable

from v6port.config import Settings
from v6port.findings import Finding, Severity
from v6port.model import Declaration
from v6port.rules import catalog


def judge(decl: Declaration, settings: Settings) -> list[Finding]:
    findings: list[Finding] = []
    for code, rule in catalog().items():
        check = rule.check
        if check is None or not settings.enabled(code, decl.subject):
            continue
        severity = settings.severity_of(code, rule.severity)
        for v in check(decl):
            findings.append(
                Finding(
                    code=code,
                    name=rule.name,
                    severity=severity,
                    message=v.message,
                    path=decl.subject,
                    span=v.span,
                    digest=decl.digest,
                    fix=v.fix,
                    image=decl.kind == "image",
                )
            )
    findings.sort(key=_order)
    return findings


def _order(f: Finding) -> tuple[int, int, str]:
    return (f.span.line if f.span else 0, f.span.column if f.span else 0, f.code)


def failing(findings: Iterable[Finding], fail_on: Severity | None) -> bool:
    return fail_on is not None and any(f.severity >= fail_on for f in findings)
