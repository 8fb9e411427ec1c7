"""The human report: one line per finding, the source line with the word marked, a summary.

rich is imported only when there is something to show, so a clean run stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from v6port.findings import Finding, Report, Severity

if TYPE_CHECKING:
    from rich.text import Text

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def summary(report: Report) -> str:
    n = len(report.checked)
    targets = f"{n} {'target' if n == 1 else 'targets'}"
    fixed = report.fixed
    done = f"Fixed {fixed} {'finding' if fixed == 1 else 'findings'}. " if fixed else ""
    if not report.findings and not report.errors:
        return f"{done}All checks passed ({targets})."
    parts = []
    for sev in sorted(Severity, reverse=True):
        count = sum(1 for f in report.findings if f.severity is sev)
        if count:
            parts.append(f"{count} {sev.label}{'' if count == 1 else 's'}")
    if report.errors:
        k = len(report.errors)
        parts.append(f"{k} unreadable input{'' if k == 1 else 's'}")
    fixable = sum(1 for f in report.findings if f.fix is not None)
    tail = f"; {fixable} fixable with --fix" if fixable else ""
    return f"{done}Found {', '.join(parts)} in {targets}{tail}."


def render(report: Report, stream: TextIO, *, color: bool | None = None) -> None:
    if not report.findings and not report.errors:
        stream.write(summary(report) + "\n")
        return
    from rich.console import Console

    console = Console(
        file=stream,
        highlight=False,
        soft_wrap=True,
        force_terminal=color,
        no_color=False if color else None,
        emoji=False,
    )
    for f in report.findings:
        console.print(_headline(f))
        snippet = _snippet(f, report.sources.get(f.path))
        if snippet is not None:
            console.print(snippet)
    for e in report.errors:
        from rich.text import Text

        where = f"{e.path}:{e.line}" if e.line else e.path
        console.print(Text.assemble(("error", "bold red"), f": {where}: {e.reason}"))
    from rich.text import Text

    console.print(Text(summary(report), style="bold"))


def _headline(f: Finding) -> Text:
    from rich.text import Text

    where = f.path
    if f.span is not None:
        where += f":{f.span.line}:{f.span.column}"
    elif f.digest:
        where += f"@{f.digest}"
    return Text.assemble(
        (where, "bold"),
        ": ",
        (f.code, _STYLE[f.severity]),
        " ",
        (f"[{f.severity.label}]", _STYLE[f.severity]),
        " ",
        f.message,
        (" [*]" if f.fix is not None else "", "green"),
    )


def _snippet(f: Finding, lines: list[str] | None) -> Text | None:
    from rich.text import Text

    if f.span is None or lines is None or not 0 < f.span.line <= len(lines):
        return None
    source = lines[f.span.line - 1].rstrip("\r").expandtabs(1)
    if len(source) > 200:
        return None
    number = str(f.span.line)
    pad = " " * len(number)
    start = f.span.column - 1
    width = max(1, (f.span.end_column or f.span.column + 1) - f.span.column)
    if f.span.end_column is None:
        start, width = 0, max(1, len(source))
    marker = " " * start + "^" * width
    return Text.assemble(
        (f"{pad} |\n", "blue"),
        (f"{number} | ", "blue"),
        source,
        "\n",
        (f"{pad} | ", "blue"),
        (marker, _STYLE[f.severity]),
    )
