"""JUnit XML: parses, one test case per target, a failure per finding, errors as <error>."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from v6port.findings import Finding, Report, Severity, Span

from .reporter_samples import error_report, image_report, render

junit = render("junit")


def parse(report: Report) -> ET.Element:
    text = junit(report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(text.encode("utf-8"))


def test_lint_findings(lint_report: Report):
    root = parse(lint_report)
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == lint_report.checked
    failures = cases[0].findall("failure")
    assert [f.get("type") for f in failures] == [f.code for f in lint_report.findings]
    assert suite.get("tests") == "1"
    assert suite.get("failures") == str(len(lint_report.findings))
    assert suite.get("errors") == "0"
    assert "algo/Dockerfile:2:8: V6P001" in (failures[0].text or "")


def test_one_case_per_checked_target_clean_ones_pass():
    f = Finding("V6P001", "port-without-label", Severity.ERROR, "m", "b/Dockerfile", Span(2))
    report = Report(findings=[f], checked=["a/Dockerfile", "b/Dockerfile", "c/Dockerfile"])
    cases = parse(report).findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["a/Dockerfile", "b/Dockerfile", "c/Dockerfile"]
    assert [len(list(c)) for c in cases] == [0, 1, 0]


def test_errors_and_images():
    root = parse(error_report())
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"Dockerfile", "missing/Dockerfile"}
    (error,) = cases["missing/Dockerfile"].findall("error")
    assert error.get("message") == "no such file"
    assert len(cases["Dockerfile"].findall("error")) == 1
    assert len(cases["Dockerfile"].findall("failure")) == 1
    assert root.get("errors") == "2" and root.get("tests") == "2"

    image = parse(image_report())
    (case,) = image.iter("testcase")
    assert case.get("name") == "ghcr.io/example/algo:1.0"
    assert len(case.findall("failure")) == 2


def test_markup_and_control_characters_still_parse():
    nasty = 'label "<p8888>" & \x00\x1b[31m ]]> \ud800 done'
    f = Finding("V6P004", "mangled-label-value", Severity.ERROR, nasty, "a&b<c>.Dockerfile")
    root = parse(Report(findings=[f], checked=["a&b<c>.Dockerfile"]))
    (case,) = root.iter("testcase")
    assert case.get("name") == "a&b<c>.Dockerfile"
    message = case.find("failure").get("message")  # type: ignore[union-attr]
    assert message is not None
    assert 'label "<p8888>" &' in message and "done" in message
    assert "\x00" not in message
