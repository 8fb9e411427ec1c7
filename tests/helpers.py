"""Lint Dockerfile text through the real library path, for the rule and conformance tests."""

from __future__ import annotations

from collections.abc import Mapping

from v6port.config import Settings
from v6port.findings import Finding, InputError, Report
from v6port.lint import lint_one
from v6port.model import Declaration
from v6port.sources.dockerfile import load

PATH = "Dockerfile"

Text = str | bytes


def _bytes(text: Text) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def report_for(
    text: Text,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    settings: Settings | None = None,
) -> Report:
    """Run ``lint_one``, the function ``v6port lint`` calls per file."""
    settings = settings or Settings()
    if build_args is not None:
        settings = settings._replace(build_args=dict(build_args))
    if target is not None:
        settings = settings._replace(target=target)
    report = Report()
    lint_one(PATH, _bytes(text), settings, report, keep=False)
    return report


def lint_text(
    text: Text,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    settings: Settings | None = None,
) -> list[Finding]:
    """Findings for a Dockerfile's text; fails the test on an input error."""
    report = report_for(text, build_args, target, settings)
    assert report.errors == [], report.errors
    return report.findings


def errors_for(
    text: Text, build_args: Mapping[str, str] | None = None, target: str | None = None
) -> list[InputError]:
    return report_for(text, build_args, target).errors


def codes(
    text: Text, build_args: Mapping[str, str] | None = None, target: str | None = None
) -> list[str]:
    """The codes of the findings, in report order."""
    return [f.code for f in lint_text(text, build_args, target)]


def only(
    text: Text,
    code: str,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
) -> list[Finding]:
    """The findings with one code."""
    return [f for f in lint_text(text, build_args, target) if f.code == code]


def where(findings: list[Finding]) -> list[tuple[int | None, int | None]]:
    return [(f.line, f.column) for f in findings]


def declaration(
    text: Text, build_args: Mapping[str, str] | None = None, target: str | None = None
) -> Declaration:
    return load(PATH, _bytes(text), build_args, target).declaration


def ports(
    text: Text, build_args: Mapping[str, str] | None = None, target: str | None = None
) -> list[str]:
    """The final image's ExposedPorts keys, in order, without duplicates."""
    return [p.key for p in declaration(text, build_args, target).unique_ports()]


def labels(
    text: Text, build_args: Mapping[str, str] | None = None, target: str | None = None
) -> dict[str, str]:
    """The final image's labels: key to stored value."""
    return {k: v.value for k, v in declaration(text, build_args, target).labels.items()}


def problems(
    text: Text, build_args: Mapping[str, str] | None = None, target: str | None = None
) -> list[str]:
    """V6P020 messages (parse problems) of the declaration."""
    return [p.message for p in declaration(text, build_args, target).parse_problems]
