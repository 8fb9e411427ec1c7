"""SARIF: valid against the official 2.1.0 schema (vendored in tests/fixtures), and useful."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from v6port.findings import Report
from v6port.rules import catalog

from .reporter_samples import BAD_DOCKERFILE, error_report, fix_report, image_report, lint, render

SCHEMA = Path(__file__).parents[1] / "fixtures" / "sarif-schema-2.1.0.json"
sarif = render("sarif")


@pytest.fixture(scope="module")
def validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def valid(validator: Any, report: Report) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(sarif(report))
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    return log


def test_lint_findings_are_valid_and_carry_rule_metadata(validator: Any, lint_report: Report):
    log = valid(validator, lint_report)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "v6port"
    assert driver["version"]
    assert driver["informationUri"].startswith("https://")
    ids = [r["id"] for r in driver["rules"]]
    assert ids[: len(catalog())] == list(catalog())
    for rule in driver["rules"]:
        assert rule["name"] and rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["helpUri"].endswith(f"/{rule['id']}.md")
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    v6p001 = driver["rules"][ids.index("V6P001")]
    assert "label" in v6p001["fullDescription"]["text"]
    assert v6p001["defaultConfiguration"]["level"] == "error"

    root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert root.startswith("file:///") and root.endswith("/")
    assert run["invocations"][0]["executionSuccessful"] is True

    assert len(run["results"]) == len(lint_report.findings)
    for result, finding in zip(run["results"], lint_report.findings, strict=True):
        assert result["ruleId"] == finding.code
        assert driver["rules"][result["ruleIndex"]]["id"] == finding.code
        assert result["message"]["text"] == finding.message
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"] == {"uri": "algo/Dockerfile", "uriBaseId": "%SRCROOT%"}
        assert finding.span is not None
        region = physical["region"]
        assert region["startLine"] == region["endLine"] == finding.span.line
        assert region["startColumn"] == finding.span.column
        if finding.span.end_column is not None:
            assert region["endColumn"] == finding.span.end_column
        assert list(result["partialFingerprints"]) == ["v6port/v1"]
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels["V6P001"] == "error"
    assert levels["V6P015"] == "warning"


def fingerprints(report: Report) -> dict[str, str]:
    run = json.loads(sarif(report))["runs"][0]
    return {r["partialFingerprints"]["v6port/v1"]: r["ruleId"] for r in run["results"]}


def test_fingerprints_are_unique_and_survive_moved_lines(in_tmp: Path):
    dockerfile = in_tmp / "Dockerfile"
    dockerfile.write_text(BAD_DOCKERFILE + "EXPOSE 8888\n")
    before = lint(["Dockerfile"])
    first = fingerprints(before)
    assert len(first) == len(before.findings)
    # A later commit adds lines above: every finding moves, none is new.
    dockerfile.write_text("# syntax=docker/dockerfile:1\n\n" + BAD_DOCKERFILE + "EXPOSE 8888\n")
    after = lint(["Dockerfile"])
    assert [f.line for f in after.findings] != [f.line for f in before.findings]
    assert fingerprints(after) == first
    # The same run twice gives the same fingerprints, with or without kept sources.
    assert fingerprints(lint(["Dockerfile"], keep_sources=True)) == first


def test_image_findings_are_logical_locations(validator: Any):
    report = image_report()
    run = valid(validator, report)["runs"][0]
    for result in run["results"]:
        location = result["locations"][0]
        assert "physicalLocation" not in location
        (logical,) = location["logicalLocations"]
        assert logical["name"] == "ghcr.io/example/algo:1.0"
        assert logical["fullyQualifiedName"].endswith("@sha256:" + "ab" * 32)
        assert result["properties"]["digest"] == "sha256:" + "ab" * 32
    assert [r["level"] for r in run["results"]] == ["error", "note"]
    assert len({r["partialFingerprints"]["v6port/v1"] for r in run["results"]}) == 2


def test_input_errors_are_notifications_and_fail_the_execution(validator: Any, in_tmp: Path):
    (in_tmp / "Dockerfile").write_text("FROM scratch\n")
    run = valid(validator, error_report())["runs"][0]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    missing, pragma = invocation["toolExecutionNotifications"]
    assert missing["level"] == "error"
    assert "no such file" in missing["message"]["text"]
    assert missing["locations"][0]["logicalLocations"][0]["name"] == "missing/Dockerfile"
    physical = pragma["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == "Dockerfile"
    assert physical["region"] == {"startLine": 3}
    assert len(run["results"]) == 1


def test_fixes_are_offered(validator: Any):
    run = valid(validator, fix_report())["runs"][0]
    relabel, insert = run["results"]
    (fix,) = relabel["fixes"]
    assert fix["description"]["text"] == 'write the label as p8888="com"'
    (change,) = fix["artifactChanges"]
    assert change["artifactLocation"] == {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"}
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 3, "startColumn": 7, "endLine": 3, "endColumn": 20},
            "insertedContent": {"text": 'p8888="com"'},
        },
        {
            "deletedRegion": {"startLine": 2, "startColumn": 12, "endLine": 2, "endColumn": 16},
            "insertedContent": {"text": "tcp"},
        },
    ]
    region = insert["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    assert region["startColumn"] == region["endColumn"] == 1
    assert "endColumn" not in insert["locations"][0]["physicalLocation"]["region"]


def test_uris_are_relative_and_encoded_or_absolute(validator: Any, tmp_path: Path, monkeypatch):
    inside = tmp_path / "work"
    (inside / "my algo").mkdir(parents=True)
    (inside / "my algo" / "Dockerfile").write_text(BAD_DOCKERFILE)
    outside = tmp_path / "elsewhere.Dockerfile"
    outside.write_text(BAD_DOCKERFILE)
    monkeypatch.chdir(inside)
    report = lint([str(inside / "my algo" / "Dockerfile"), str(outside)])
    run = valid(validator, report)["runs"][0]
    locations = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r["locations"][0][
            "physicalLocation"
        ]["artifactLocation"]
        for r in run["results"]
    }
    assert set(locations) == {"my%20algo/Dockerfile", outside.resolve().as_uri()}
    assert locations["my%20algo/Dockerfile"]["uriBaseId"] == "%SRCROOT%"
    assert "uriBaseId" not in locations[outside.resolve().as_uri()]
    assert not urlsplit("my%20algo/Dockerfile").scheme


def test_empty_report_is_valid(validator: Any):
    run = valid(validator, Report(checked=["Dockerfile"]))["runs"][0]
    assert run["results"] == []
    assert run["invocations"][0]["executionSuccessful"] is True
