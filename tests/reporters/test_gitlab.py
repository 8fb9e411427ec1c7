"""GitLab Code Quality: the fields GitLab requires, and fingerprints unique and stable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from v6port.findings import Finding, Report, Severity, Span

from .reporter_samples import BAD_DOCKERFILE, error_report, image_report, lint, render

gitlab = render("gitlab")

SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def issues(report: Report) -> list[dict[str, Any]]:
    data = json.loads(gitlab(report))
    assert isinstance(data, list)
    for issue in data:
        # What GitLab needs of each issue (docs: "Code Quality report format").
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in SEVERITIES
        assert isinstance(issue["location"]["path"], str) and issue["location"]["path"]
        begin = issue["location"]["lines"]["begin"]
        assert isinstance(begin, int) and begin >= 1
    fps = [i["fingerprint"] for i in data]
    assert len(set(fps)) == len(fps), "fingerprints must be unique"
    return data


def test_lint_findings(lint_report: Report):
    data = issues(lint_report)
    assert len(data) == len(lint_report.findings)
    for issue, f in zip(data, lint_report.findings, strict=True):
        assert issue["check_name"] == f.code
        assert f.message in issue["description"]
        assert issue["location"]["path"] == "algo/Dockerfile"
        assert issue["location"]["lines"]["begin"] == f.line
    by_code = {i["check_name"]: i["severity"] for i in data}
    assert by_code["V6P001"] == "major"
    assert by_code["V6P015"] == "minor"


def test_fingerprints_are_stable_across_commits_and_unique_for_twins(in_tmp: Path):
    dockerfile = in_tmp / "Dockerfile"
    dockerfile.write_text(BAD_DOCKERFILE)
    before = [i["fingerprint"] for i in issues(lint(["Dockerfile"]))]
    dockerfile.write_text("# moved down\n" + BAD_DOCKERFILE)
    after = [i["fingerprint"] for i in issues(lint(["Dockerfile"]))]
    assert before == after

    twin = Finding("V6P001", "port-without-label", Severity.ERROR, "same", "Dockerfile", Span(2))
    moved = Finding("V6P001", "port-without-label", Severity.ERROR, "same", "Dockerfile", Span(7))
    twins = issues(Report(findings=[twin, twin]))
    assert twins[0]["fingerprint"] != twins[1]["fingerprint"]
    # The path is normalized: ./Dockerfile is Dockerfile, whatever the line.
    other = Finding("V6P001", "port-without-label", Severity.ERROR, "same", "./Dockerfile")
    assert issues(Report(findings=[moved]))[0]["fingerprint"] == twins[0]["fingerprint"]
    assert issues(Report(findings=[other]))[0]["fingerprint"] == twins[0]["fingerprint"]


def test_severity_mapping_images_and_errors():
    data = issues(image_report())
    assert [i["severity"] for i in data] == ["major", "info"]
    assert data[0]["location"] == {"path": "ghcr.io/example/algo:1.0", "lines": {"begin": 1}}

    data = issues(error_report())
    assert [i["check_name"] for i in data] == [
        "V6P001",
        "v6port/input-error",
        "v6port/input-error",
    ]
    assert data[1]["severity"] == "critical"
    assert data[2]["location"]["lines"]["begin"] == 3


def test_clean_report_is_an_empty_array():
    assert gitlab(Report(checked=["Dockerfile"])).strip() == "[]"
