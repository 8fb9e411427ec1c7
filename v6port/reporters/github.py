"""GitHub Actions workflow commands: findings show inline on pull requests.

One ``::error``, ``::warning`` or ``::notice`` command per finding and per
unreadable input, then a plain summary line for the log. See
https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from typing import TextIO

from v6port.findings import Finding, InputError, Report, Severity
from v6port.reporters._common import display_path, is_image

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message, as the runner's ``escapeData`` expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: also ``:`` and ``,``, which delimit properties."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return (
        f"::{name} {props}::{escape_data(message)}"
        if props
        else f"::{name}::{escape_data(message)}"
    )


def finding_line(f: Finding) -> str:
    props: dict[str, object] = {}
    message = f.message
    if is_image(f):
        message = f"{f.path}@{f.digest}: {message}" if "@" not in f.path else f"{f.path}: {message}"
    else:
        props["file"] = display_path(f.path)
        if f.span is not None:
            props["line"] = f.span.line
            props["col"] = f.span.column
            props["endLine"] = f.span.line
            if f.span.end_column is not None and f.span.end_column > f.span.column:
                props["endColumn"] = f.span.end_column
    props["title"] = f.code
    if f.fix is not None:
        message += " (fixable with v6port lint --fix)"
    return command(COMMANDS[f.severity], props, message)


def error_line(e: InputError) -> str:
    props: dict[str, object] = {"file": display_path(e.path)}
    if e.line is not None:
        props["line"] = e.line
    props["title"] = "unreadable input"
    return command("error", props, f"{e.path}: {e.reason}")


def render(report: Report, stream: TextIO, *, color: bool | None = None) -> None:
    from v6port.reporters.text import summary

    for f in report.findings:
        stream.write(finding_line(f) + "\n")
    for e in report.errors:
        stream.write(error_line(e) + "\n")
    stream.write(summary(report) + "\n")
