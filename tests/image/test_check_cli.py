"""`v6port check` end to end on real images: umoci-written, skopeo-copied, registry-served."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import v6port
from v6port.cli import cli

from .conftest import Images, Published


def check(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["check", "--format", "json", *args])
    assert result.exit_code in (0, 1, 2), result.output
    return result.exit_code, json.loads(result.stdout)


def summary(report: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((f["rule"], f["message"]) for f in report["findings"])


def test_same_findings_from_every_transport(images: Images, published: Published) -> None:
    host = published.host
    refs = [
        f"docker://{host}/v6/good:oci",
        f"docker://{host}/v6/good:v2s2",
        f"oci:{images.layout}:good",
        f"oci-archive:{images.oci_archive}:good",
        f"docker-archive:{images.docker_archive}",
        f"docker-archive:{images.docker_archive_gz}",
    ]
    reports = [check(ref) for ref in refs]
    # good: 8888/tcp labelled com -> clean everywhere.
    assert all(code == 0 for code, _ in reports)
    assert all(report["findings"] == [] for _, report in reports)
    assert all(report["summary"]["checked"] == 1 for _, report in reports)


def test_bad_image_gets_what_the_node_would_do(images: Images, published: Published) -> None:
    code, report = check(f"docker://{published.host}/v6/bad:1")
    assert code == 1
    rules = [f["rule"] for f in report["findings"]]
    messages = " | ".join(f["message"] for f in report["findings"])
    # 8000-8002/UDP: a range key, passed to iptables as text, label p8000-8002 looked up.
    assert "image port key '8000-8002/UDP': a range" in messages
    # 08888/tcp: the node looks up p08888.
    assert "image port key '08888/tcp': not a plain port number" in messages
    assert rules.count("V6P021") == 2
    # Bare 8888 means tcp, so 8888/tcp twice is one key; P8888 is never read.
    assert "V6P009" in rules and "'P8888' is never read" in messages
    assert "V6P015" in rules  # UDP written in upper case
    assert all(f["path"] == f"docker://{published.host}/v6/bad:1" for f in report["findings"])
    assert all(f["line"] is None and f["digest"].startswith("sha256:") for f in report["findings"])
    # The same from the OCI layout.
    _, from_layout = check(f"oci:{images.layout}:bad")
    assert summary(from_layout) == [
        (rule, msg.replace(f"docker://{published.host}/v6/bad:1", f"oci:{images.layout}:bad"))
        for rule, msg in summary(report)
    ]


def test_multi_platform_index_picks_the_platform(published: Published) -> None:
    ref = f"docker://{published.host}/v6/multi:1"
    result = CliRunner().invoke(cli, ["manifest", ref, "--platform", "linux/arm64"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ports"] == [{"port": 8888, "protocol": "tcp", "label": "arm"}]


def test_many_images_one_report_and_an_unreadable_one_is_exit_2(
    images: Images, published: Published, tmp_path: Path
) -> None:
    good = f"docker://{published.host}/v6/good:oci"
    bad = f"docker://{published.host}/v6/bad:1"
    missing = f"docker://{published.host}/v6/nope:1"
    code, report = check("--jobs", "4", good, bad, missing, good)
    assert code == 2
    assert report["summary"]["checked"] == 3
    assert [e["path"] for e in report["errors"]] == [missing]
    assert {f["path"] for f in report["findings"]} == {bad}


def test_cross_check_against_the_dockerfile(images: Images, tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text('FROM scratch\nEXPOSE 8888 9000\nLABEL p8888="api" p9000="data"\n')
    code, report = check(f"oci:{images.layout}:good", "--dockerfile", str(dockerfile))
    drift = [f["message"] for f in report["findings"] if f["rule"] == "V6P022"]
    assert any("exposes 9000/tcp" in m and "the image does not" in m for m in drift)
    assert any("label p8888 is 'com' in the image but 'api'" in m for m in drift)
    assert code == 1


def test_inherited_ports_are_named(images: Images, tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM scratch\n")
    _, report = check(f"oci:{images.layout}:bad", "--dockerfile", str(dockerfile))
    v6p001 = [f["message"] for f in report["findings"] if f["rule"] == "V6P001"]
    assert v6p001 and all("(inherited from the base image)" in m for m in v6p001)


def test_lint_resolve_base_counts_the_base_image(published: Published, tmp_path: Path) -> None:
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(f"FROM {published.host}/v6/good:oci\n")
    runner = CliRunner()
    offline = runner.invoke(cli, ["lint", "--format", "json", str(dockerfile)])
    assert [f["rule"] for f in json.loads(offline.stdout)["findings"]] == ["V6P013"]
    resolved = runner.invoke(cli, ["lint", "--format", "json", "--resolve-base", str(dockerfile)])
    assert resolved.exit_code == 0, resolved.output
    assert json.loads(resolved.stdout)["findings"] == []
    dockerfile.write_text(f"FROM {published.host}/v6/bad:1\nEXPOSE 9000\nLABEL p9000=x\n")
    resolved = runner.invoke(cli, ["lint", "--format", "json", "--resolve-base", str(dockerfile)])
    rules = {f["rule"] for f in json.loads(resolved.stdout)["findings"]}
    assert "V6P001" in rules  # the base image's unlabelled ports


def test_image_manifest_round_trip(published: Published, tmp_path: Path) -> None:
    ref = f"docker://{published.host}/v6/good:oci"
    out = tmp_path / "v6-ports.json"
    result = CliRunner().invoke(cli, ["manifest", ref, "-o", str(out)])
    assert result.exit_code == 0, result.output
    manifest = v6port.load_manifest(out)
    assert manifest.source["type"] == "image" and manifest.source["ref"] == ref
    assert manifest.source["digest"].startswith("sha256:")
    assert [(p.port, p.protocol, p.label) for p in manifest.ports] == [(8888, "tcp", "com")]
    assert CliRunner().invoke(cli, ["manifest", ref, "--check", str(out)]).exit_code == 0


@pytest.mark.parametrize("fmt", ["sarif", "gitlab", "junit", "github", "text"])
def test_every_format_renders_image_findings(published: Published, fmt: str) -> None:
    result = CliRunner().invoke(
        cli, ["check", "--format", fmt, f"docker://{published.host}/v6/bad:1"]
    )
    assert result.exit_code == 1
    assert "V6P021" in result.stdout


def test_progress_hears_of_each_distinct_image_once(images: Images) -> None:
    from v6port.check import CheckOptions, run
    from v6port.config import Settings
    from v6port.sources.image import ReadOptions

    refs = [f"oci:{images.layout}:good", f"oci:{images.layout}:bad", f"oci:{images.layout}:good"]
    heard: list[str] = []
    report = run(refs, CheckOptions(Settings(), ReadOptions(), jobs=2), heard.append)
    assert sorted(heard) == sorted(set(refs))
    assert report.checked == refs
