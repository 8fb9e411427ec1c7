"""GitHub workflow commands: parsed back as the Actions runner parses them."""

from __future__ import annotations

from v6port.findings import Finding, Report, Severity, Span
from v6port.reporters.github import escape_data, escape_property

from .reporter_samples import error_report, image_report, render

github = render("github")


def unescape_property(text: str) -> str:
    # As actions/runner ActionCommand.UnescapeProperty, in the same order.
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def unescape_data(text: str) -> str:
    for escaped, plain in (("%0D", "\r"), ("%0A", "\n"), ("%25", "%")):
        text = text.replace(escaped, plain)
    return text


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as the runner reads it: ::name k=v,k=v::message."""
    assert line.startswith("::")
    end = line.index("::", 2)
    head, message = line[2:end], line[end + 2 :]
    name, _, props = head.partition(" ")
    properties: dict[str, str] = {}
    for pair in props.split(","):
        if pair:
            key, _, value = pair.partition("=")
            properties[key] = unescape_property(value)
    return name, properties, unescape_data(message)


def test_lint_findings_become_annotations(lint_report: Report):
    lines = github(lint_report).splitlines()
    commands = [parse(line) for line in lines if line.startswith("::")]
    assert len(commands) == len(lint_report.findings)
    assert not lines[-1].startswith("::")  # the summary is plain log output
    for (name, props, message), f in zip(commands, lint_report.findings, strict=True):
        assert name == {"error": "error", "warning": "warning", "info": "notice"}[f.severity.label]
        assert props["file"] == "algo/Dockerfile"
        assert f.span is not None
        assert props["line"] == str(f.span.line)
        assert props["col"] == str(f.span.column)
        assert props["title"] == f.code
        assert message == f.message + (" (fixable with v6port lint --fix)" if f.fix else "")
    assert any(f.fix for f in lint_report.findings)
    first = lines[0]
    assert first.startswith("::error file=algo/Dockerfile,line=2,col=8,")
    assert ",title=V6P001::port 8888/tcp has no label p8888" in first


def test_escaping_round_trips():
    nasty = "100% sure: a,b\r\nnext line"
    assert escape_data(nasty) == "100%25 sure: a,b%0D%0Anext line"
    assert escape_property(nasty) == "100%25 sure%3A a%2Cb%0D%0Anext line"
    finding = Finding(
        "V6P004",
        "mangled-label-value",
        Severity.INFO,
        nasty,
        "dir,with:odd%chars/Dockerfile",
        Span(4, 2, 9),
    )
    (line, _summary) = github(Report(findings=[finding], checked=[finding.path])).splitlines()
    assert "\n" not in line and "\r" not in line
    name, props, message = parse(line)
    assert name == "notice"
    assert props["file"] == "dir,with:odd%chars/Dockerfile"
    assert props["endColumn"] == "9"
    assert message == nasty


def test_images_and_errors():
    name, props, message = parse(github(image_report()).splitlines()[0])
    assert name == "error"
    assert "file" not in props
    assert props["title"] == "V6P001"
    assert message.startswith("ghcr.io/example/algo:1.0@sha256:")

    lines = github(error_report()).splitlines()
    errors = [parse(line) for line in lines[1:3]]
    assert errors[0] == (
        "error",
        {"file": "missing/Dockerfile", "title": "unreadable input"},
        "missing/Dockerfile: no such file",
    )
    assert errors[1][1]["line"] == "3"
    assert "1 unreadable input" not in lines[-1] and "2 unreadable inputs" in lines[-1]
