"""The GitHub Action's shell steps (action/*.sh), run locally with the env GitHub would set.

action.yml passes every input as an INPUT_* variable and the installed
executable as V6PORT; the steps write their outputs to $GITHUB_OUTPUT.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
RUN = REPO / "action" / "run.sh"
INSTALL = REPO / "action" / "install.sh"
SCHEMA = REPO / "tests" / "fixtures" / "sarif-schema-2.1.0.json"

BAD = "FROM python:3.12-slim\nEXPOSE 8888\n"
GOOD = 'FROM python:3.12-slim\nEXPOSE 8888\nLABEL p8888="com"\n'

if shutil.which("bash") is None:
    pytest.skip("bash is not installed", allow_module_level=True)


def v6port_executable() -> str:
    beside = Path(sys.executable).with_name("v6port")
    found = str(beside) if beside.exists() else shutil.which("v6port")
    if not found:
        pytest.skip("the v6port executable is not installed")
    return found


def run_action(workspace: Path, **inputs: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    outputs = workspace / "github_output"
    outputs.write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith("INPUT_")}
    env.update(
        GITHUB_OUTPUT=str(outputs),
        GITHUB_WORKSPACE=str(workspace),
        GITHUB_ACTION_PATH=str(REPO),
        V6PORT=v6port_executable(),
        NO_COLOR="1",
    )
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    done = subprocess.run(
        ["bash", str(RUN)], cwd=workspace, env=env, capture_output=True, text=True, timeout=120
    )
    pairs = [line.partition("=") for line in outputs.read_text().splitlines()]
    return done, {key: value for key, _, value in pairs}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "algo").mkdir()
    (tmp_path / "algo" / "Dockerfile").write_text(BAD)
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "Dockerfile").write_text(GOOD)
    return tmp_path


def validate_sarif(path: Path) -> dict[str, Any]:
    jsonschema = pytest.importorskip("jsonschema")
    log: dict[str, Any] = json.loads(path.read_text())
    jsonschema.Draft4Validator(json.loads(SCHEMA.read_text())).validate(log)
    return log


def test_lint_annotates_fails_and_writes_sarif_for_upload(workspace: Path):
    done, outputs = run_action(workspace, paths="algo", upload_sarif="true")
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("::error file=algo/Dockerfile,line=2,col=8,")
    assert "title=V6P001::" in done.stdout
    assert outputs == {"exit-code": "1", "sarif-file": "v6port.sarif"}
    log = validate_sarif(workspace / "v6port.sarif")
    (result,) = log["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "algo/Dockerfile", "uriBaseId": "%SRCROOT%"}


def test_lint_clean_passes_without_sarif(workspace: Path):
    done, outputs = run_action(workspace, paths="good/Dockerfile", format="text")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All checks passed (1 target)." in done.stdout
    assert outputs == {"exit-code": "0"}
    assert not (workspace / "v6port.sarif").exists()


def test_paths_default_to_the_whole_workspace_and_fail_on_is_passed(workspace: Path):
    done, outputs = run_action(workspace, fail_on="never", sarif_file="out/v6.sarif")
    assert done.returncode == 0, done.stderr
    assert (
        outputs == {"exit-code": "0", "sarif-file": "out/v6.sarif"}
        or not (workspace / "out").exists()
    )
    assert "::error file=algo/Dockerfile" in done.stdout
    assert "2 targets" in done.stdout


def test_paths_one_per_line_may_contain_blanks(workspace: Path):
    (workspace / "my algo").mkdir()
    (workspace / "my algo" / "Dockerfile").write_text(BAD)
    done, outputs = run_action(workspace, paths="good/Dockerfile\n  my algo/Dockerfile  \n")
    assert done.returncode == 1
    assert outputs == {"exit-code": "1"}
    assert "::error file=my algo/Dockerfile,line=2" in done.stdout
    assert "2 targets" in done.stdout


def test_check_reads_images(workspace: Path):
    inspect = [
        {
            "Id": "sha256:" + "1" * 64,
            "RepoDigests": ["example/algo@sha256:" + "2" * 64],
            "Config": {"ExposedPorts": {"8888/tcp": {}}, "Labels": {}},
            "Architecture": "amd64",
            "Os": "linux",
        }
    ]
    (workspace / "inspect.json").write_text(json.dumps(inspect))
    done, outputs = run_action(
        workspace, command="check", images="inspect:inspect.json", upload_sarif="true"
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "::error title=V6P001::inspect:inspect.json" in done.stdout
    assert outputs["exit-code"] == "1"
    log = validate_sarif(workspace / outputs["sarif-file"])
    location = log["runs"][0]["results"][0]["locations"][0]
    assert location["logicalLocations"][0]["name"] == "inspect:inspect.json"


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        ({"command": "build"}, "command must be lint or check"),
        ({"command": "check"}, "command 'check' needs images"),
        ({"format": "xml"}, "format must be"),
        ({"fail_on": "sometimes"}, "fail-on must be"),
        ({"upload_sarif": "yes"}, "upload-sarif must be true or false"),
    ],
)
def test_bad_inputs_are_errors(workspace: Path, inputs: dict[str, str], message: str):
    done, outputs = run_action(workspace, **inputs)
    assert done.returncode == 2
    assert done.stdout.startswith("::error title=v6port action::")
    assert message in done.stdout
    assert outputs == {"exit-code": "2"}


def test_unreadable_input_exits_2_and_still_writes_sarif(workspace: Path):
    done, outputs = run_action(workspace, paths="missing/Dockerfile", upload_sarif="true")
    assert done.returncode == 2
    assert outputs["exit-code"] == "2"
    log = validate_sarif(workspace / outputs["sarif-file"])
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


@pytest.mark.slow
def test_install_step_installs_from_the_action_path(tmp_path: Path):
    outputs = tmp_path / "github_output"
    outputs.write_text("")
    env = dict(
        os.environ,
        GITHUB_ACTION_PATH=str(REPO),
        RUNNER_TEMP=str(tmp_path),
        GITHUB_OUTPUT=str(outputs),
        V6PORT_PYTHON=sys.executable,
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    done = subprocess.run(
        ["bash", str(INSTALL)], env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "v6port" in done.stdout
    (line,) = outputs.read_text().splitlines()
    key, _, exe = line.partition("=")
    assert key == "v6port"
    assert Path(exe).is_relative_to(tmp_path)
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=True)
    assert "v6port" in version.stdout
