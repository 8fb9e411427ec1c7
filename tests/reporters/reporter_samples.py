"""Reports to render: real lint findings, image findings, unreadable inputs, fixes."""

from __future__ import annotations

import io
from collections.abc import Callable

from v6port import config
from v6port.findings import Edit, Finding, Fix, InputError, Report, Severity, Span
from v6port.lint import LintOptions, run
from v6port.reporters import get

BAD_DOCKERFILE = """\
FROM python:3.12-slim
EXPOSE 8888
EXPOSE 9999/TCP
LABEL p9999 "com"
LABEL p7777="x"
"""

DIGEST = "sha256:" + "ab" * 32


def lint(paths: list[str], keep_sources: bool = False) -> Report:
    options = LintOptions(overrides=config.Overrides(), no_config=True, keep_sources=keep_sources)
    return run(paths, options)


def image_report() -> Report:
    ref = "ghcr.io/example/algo:1.0"
    return Report(
        findings=[
            Finding(
                "V6P001",
                "port-without-label",
                Severity.ERROR,
                "port 8888/tcp has no label p8888",
                ref,
                digest=DIGEST,
                image=True,
            ),
            Finding(
                "V6P021",
                "nonstandard-image-port-key",
                Severity.INFO,
                "port key '8888' has no protocol",
                ref,
                digest=DIGEST,
                image=True,
            ),
        ],
        checked=[ref],
        failed=True,
    )


def error_report() -> Report:
    return Report(
        findings=[
            Finding(
                "V6P001",
                "port-without-label",
                Severity.ERROR,
                "port 8888/tcp has no label p8888",
                "Dockerfile",
                Span(2, 8, 12),
            )
        ],
        errors=[
            InputError("missing/Dockerfile", "no such file"),
            InputError("Dockerfile", "unknown rule code 'V6P999' in a v6port pragma", 3),
        ],
        checked=["Dockerfile"],
        failed=True,
    )


def fix_report() -> Report:
    fix = Fix(
        'write the label as p8888="com"',
        (Edit(3, 7, 20, 'p8888="com"'), Edit(2, 12, 16, "tcp")),
    )
    insertion = Fix("insert a label", (Edit(4, 1, 1, 'LABEL p9999="data"\n'),))
    return Report(
        findings=[
            Finding(
                "V6P004",
                "mangled-label-value",
                Severity.ERROR,
                "label p8888 stores '= com'",
                "Dockerfile",
                Span(3, 7, 20),
                fix=fix,
            ),
            Finding(
                "V6P001",
                "port-without-label",
                Severity.ERROR,
                "port 9999/tcp has no label p9999",
                "Dockerfile",
                Span(2, 8),
                fix=insertion,
            ),
        ],
        checked=["Dockerfile"],
        failed=True,
    )


def render(fmt: str) -> Callable[[Report], str]:
    def do(report: Report) -> str:
        buffer = io.StringIO()
        get(fmt)(report, buffer, color=False)
        return buffer.getvalue()

    return do
