"""Several reports in one run: the n-th --output takes the n-th --format, one more goes to stdout."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from v6port.cli import cli
from v6port.errors import UsageError

from .reporter_samples import BAD_DOCKERFILE


@pytest.fixture
def dockerfile(in_tmp: Path) -> Path:
    path = in_tmp / "Dockerfile"
    path.write_text(BAD_DOCKERFILE)
    return path


def test_sarif_to_file_and_text_to_stdout(dockerfile: Path):
    result = CliRunner().invoke(
        cli, ["lint", "--format", "sarif", "--output", "x.sarif", "--format", "text", "Dockerfile"]
    )
    assert result.exit_code == 1, result.output
    log = json.loads((dockerfile.parent / "x.sarif").read_text())
    assert log["version"] == "2.1.0"
    assert {r["ruleId"] for r in log["runs"][0]["results"]} >= {"V6P001", "V6P015"}
    assert "Dockerfile:2:8: V6P001" in result.output
    assert '"version"' not in result.output


def test_every_format_to_its_own_file(dockerfile: Path):
    formats = ["sarif", "github", "gitlab", "junit", "json", "text"]
    args = ["lint", "Dockerfile"]
    for fmt in formats:
        args += ["-f", fmt, "-o", f"report.{fmt}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert result.output == ""
    out = {fmt: (dockerfile.parent / f"report.{fmt}").read_text() for fmt in formats}
    assert json.loads(out["sarif"])["runs"][0]["results"]
    assert out["github"].startswith("::error file=Dockerfile,line=2,col=8,")
    assert json.loads(out["gitlab"])[0]["check_name"] == "V6P001"
    assert ET.fromstring(out["junit"]).tag == "testsuites"
    assert json.loads(out["json"])["summary"]["error"] >= 1
    assert "\x1b[" not in out["text"]


def test_order_of_formats_decides_the_pairing(dockerfile: Path):
    # The first --format pairs with the first --output, wherever the options stand.
    result = CliRunner().invoke(
        cli, ["lint", "-o", "report.xml", "-f", "junit", "-f", "github", "Dockerfile"]
    )
    assert result.exit_code == 1
    assert ET.fromstring((dockerfile.parent / "report.xml").read_text()).tag == "testsuites"
    assert result.output.startswith("::error ")


@pytest.mark.parametrize(
    "args",
    [
        ["-f", "sarif", "-f", "text"],  # two reports for stdout
        ["-f", "sarif", "-o", "a.sarif", "-o", "b.txt"],  # an --output without a format
    ],
)
def test_ambiguous_pairings_are_usage_errors(dockerfile: Path, args: list[str]):
    result = CliRunner().invoke(cli, ["lint", *args, "Dockerfile"])
    # A usage error: exit 2 (or the exception itself, where the group leaves it to main()).
    assert result.exit_code == 2 or isinstance(result.exception, UsageError), result.output
    assert not list(dockerfile.parent.glob("*.sarif"))
