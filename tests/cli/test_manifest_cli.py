"""`v6port manifest` and `v6port schema` through the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from v6port.cli import cli

DOCKERFILE = 'FROM scratch\nEXPOSE 8888 8889/udp\nLABEL p8888="com" p8889="data"\n'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def algo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_prints_the_manifest(algo: Path) -> None:
    code, out, _ = run("manifest", "Dockerfile")
    assert code == 0
    doc = json.loads(out)
    assert doc["source"] == {
        "type": "dockerfile",
        "path": "Dockerfile",
        "target": None,
        "build_args": {},
    }
    assert doc["ports"] == [
        {"port": 8888, "protocol": "tcp", "label": "com"},
        {"port": 8889, "protocol": "udp", "label": "data"},
    ]


def test_output_then_check_passes_then_goes_stale(algo: Path) -> None:
    assert run("manifest", "Dockerfile", "-o", "v6-ports.json")[0] == 0
    code, out, _ = run("manifest", "Dockerfile", "--check", "v6-ports.json")
    assert code == 0 and "up to date" in out
    (algo / "Dockerfile").write_text(
        DOCKERFILE.replace('p8888="com"', 'p8888="api"') + "EXPOSE 9000\n"
    )
    code, out, _ = run("manifest", "Dockerfile", "--check", "v6-ports.json")
    assert code == 1
    assert "V6P019" in out
    assert "+ port 9000/tcp label None" in out
    assert "~ port 8888/tcp: label 'com' -> 'api'" in out


def test_path_is_recorded_relative_to_the_manifest(algo: Path) -> None:
    (algo / "sub").mkdir()
    (algo / "sub" / "Dockerfile").write_text(DOCKERFILE)
    assert run("manifest", "sub/Dockerfile", "-o", "sub/v6-ports.json")[0] == 0
    assert (
        json.loads((algo / "sub" / "v6-ports.json").read_text())["source"]["path"] == "Dockerfile"
    )
    # Checked from another folder, it is still up to date.
    os.chdir(algo / "sub")
    assert run("manifest", "Dockerfile", "--check", "v6-ports.json")[0] == 0


def test_check_of_a_corrupt_file_is_exit_2(algo: Path) -> None:
    (algo / "v6-ports.json").write_text('{"schema_version": 1, "ports": "x"}')
    code, _, err = run("manifest", "Dockerfile", "--check", "v6-ports.json")
    assert code == 2
    assert "v6-ports.json: not a valid v6port manifest" in err


def test_unresolved_port_is_exit_2_and_nothing_written(algo: Path) -> None:
    (algo / "Dockerfile").write_text("FROM scratch\nARG PORT\nEXPOSE $PORT\n")
    (algo / "v6-ports.json").write_text("old\n")
    code, _, err = run("manifest", "Dockerfile", "-o", "v6-ports.json")
    assert code == 2
    assert "$PORT" in err and "Dockerfile" in err
    assert (algo / "v6-ports.json").read_text() == "old\n"
    assert run("manifest", "Dockerfile", "--build-arg", "PORT=80")[0] == 0


def test_strict_fails_on_lint_errors_only(algo: Path) -> None:
    (algo / "Dockerfile").write_text('FROM scratch\nEXPOSE 8888\nLABEL p8888 = "com"\n')
    assert run("manifest", "Dockerfile")[0] == 0
    code, _, err = run("manifest", "Dockerfile", "--strict")
    assert code == 1 and "V6P004" in err


def test_check_committed_checks_each_dockerfile_beside_its_manifest(algo: Path) -> None:
    for name in ("a", "b", "c"):
        (algo / name).mkdir()
        (algo / name / "Dockerfile").write_text(DOCKERFILE)
    run("manifest", "a/Dockerfile", "-o", "a/v6-ports.json")
    run("manifest", "b/Dockerfile", "-o", "b/v6-ports.json")
    # c has no manifest: nothing to check.
    assert (
        run("manifest", "--check-committed", "a/Dockerfile", "b/Dockerfile", "c/Dockerfile")[0] == 0
    )
    (algo / "b" / "Dockerfile").write_text("FROM scratch\n")
    code, out, _ = run("manifest", "--check-committed", "a/Dockerfile", "b/Dockerfile")
    assert code == 1 and "b/v6-ports.json" in out and "- port 8888/tcp" in out


def test_k8s_format(algo: Path) -> None:
    (algo / "Dockerfile").write_text('FROM scratch\nEXPOSE 8888\nLABEL p8888="com"\n')
    code, out, _ = run("manifest", "Dockerfile", "--format", "k8s")
    assert code == 0
    assert "  - containerPort: 8888\n    name: com\n    protocol: TCP\n" in out
    assert "kind: NetworkPolicy" in out and "        - port: 8888\n" in out


def test_k8s_refuses_a_label_that_is_no_port_name(algo: Path) -> None:
    (algo / "Dockerfile").write_text('FROM scratch\nEXPOSE 8888\nLABEL p8888="Com_Port"\n')
    code, _, err = run("manifest", "Dockerfile", "--format", "k8s")
    assert code == 2 and "V6P018" in err and "Com_Port" in err


def test_needs_exactly_one_source() -> None:
    assert run("manifest")[0] == 2


def test_schema_command_prints_the_shipped_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    assert json.loads(out)["$schema"] == "https://json-schema.org/draft/2020-12/schema"
