"""Apply the rule catalog to a Declaration, whatever source it came from."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from v6port.config import Settings
from v6port.findings import Finding, Severity
from v6port.model import Declaration
from v6port.rules import Violation, catalog

Plan = list[tuple[str, str, Severity, Callable[[Declaration], Iterable[Violation]]]]
_plans: dict[int, tuple[Settings, Plan]] = {}


def _plan(settings: Settings, path: str) -> Plan:
    """The rules that run, with their severities: decided once per settings, not per file."""
    cached = _plans.get(id(settings))
    if cached is not None and cached[0] is settings:
        return cached[1]
    plan: Plan = []
    for code, rule in catalog().items():
        check = rule.check
        if check is not None and settings.enabled(code, path):
            plan.append((code, rule.name, settings.severity_of(code, rule.severity), check))
    if not settings.per_file_ignores:  # otherwise the plan depends on the path
        if len(_plans) > 64:  # a run has a few settings; a long-lived caller may make many
            _plans.clear()
        _plans[id(settings)] = (settings, plan)
    return plan


def judge(decl: Declaration, settings: Settings) -> list[Finding]:
    findings: list[Finding] = []
    for code, name, severity, check in _plan(settings, decl.subject):
        for v in check(decl):
            findings.append(
                Finding(
                    code=code,
                    name=name,
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
