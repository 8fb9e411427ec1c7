"""The hooks of .pre-commit-hooks.yaml, run by the real `pre-commit try-repo`.

try-repo clones this repository at its HEAD commit (passed as --ref, so that
other people's uncommitted work does not leak in) and installs v6port from it
into a fresh virtualenv with pip: the hooks file and the code must be
committed, and pip must reach PyPI for the dependencies.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOOD = 'FROM python:3.12-slim\nEXPOSE 8888\nLABEL p8888="com"\n'
BAD = "FROM python:3.12-slim\nEXPOSE 8888\n"
GROWN = 'FROM python:3.12-slim\nEXPOSE 8888 9999\nLABEL p8888="com" p9999="data"\n'

pytestmark = pytest.mark.slow


def pre_commit_command() -> list[str]:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    found = shutil.which("pre-commit")
    if found:
        return [found]
    print("pre-commit is not installed: skipping the pre-commit hook tests")
    pytest.skip("pre-commit is not installed (pip install pre-commit)")


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture(scope="module")
def head() -> str:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        ref = git("rev-parse", "HEAD", cwd=REPO)
    except subprocess.CalledProcessError:
        pytest.skip(f"{REPO} is not a git checkout")
    try:
        git("cat-file", "-e", f"{ref}:.pre-commit-hooks.yaml", cwd=REPO)
    except subprocess.CalledProcessError:
        pytest.skip(".pre-commit-hooks.yaml is not committed yet")
    return ref


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "project"
    root.mkdir()
    git("init", "-q", cwd=root)
    yield root


def try_repo(project: Path, hook: str, head: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        PRE_COMMIT_HOME=str(home),
        PRE_COMMIT_COLOR="never",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        GIT_AUTHOR_NAME="v6port tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="v6port tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
    )
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        env.pop(name, None)
    cmd = [*pre_commit_command(), "try-repo", str(REPO), hook, "--ref", head, "--all-files"]
    done = subprocess.run(
        cmd, cwd=project, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    print(done.stdout, done.stderr, sep="\n")
    return done


def write(project: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git("add", "--", *files, cwd=project)


def test_lint_hook_fails_on_a_port_without_label(project: Path, head: str, pre_commit_home: Path):
    write(project, {"algo/Dockerfile": BAD, "README.md": "EXPOSE 8888\n"})
    done = try_repo(project, "v6port", head, pre_commit_home)
    assert done.returncode == 1, done.stdout
    assert "v6port lint" in done.stdout
    assert "Failed" in done.stdout
    assert "V6P001" in done.stdout


def test_lint_hook_passes_on_a_labelled_port(project: Path, head: str, pre_commit_home: Path):
    write(project, {"algo/Dockerfile": GOOD, "api.Containerfile": GOOD})
    done = try_repo(project, "v6port", head, pre_commit_home)
    assert done.returncode == 0, done.stdout
    assert "Passed" in done.stdout


@pytest.fixture
def check_committed(head: str) -> None:
    """--check-committed is being written: skip until it is in the committed code."""
    from click.testing import CliRunner

    from v6port.cli import cli

    help_text = CliRunner().invoke(cli, ["manifest", "--help"]).output
    if "--check-committed" not in help_text:
        reason = "`v6port manifest --help` lacks --check-committed: the manifest hook can't run yet"
        print(reason)
        pytest.skip(reason)
    try:
        git("cat-file", "-e", f"{head}:v6port/cli/manifest.py", cwd=REPO)
        committed = git("grep", "-l", "check-committed", head, "--", "v6port/cli", cwd=REPO)
    except subprocess.CalledProcessError:
        committed = ""
    if not committed:
        reason = "`v6port manifest --check-committed` is not committed yet (try-repo installs HEAD)"
        print(reason)
        pytest.skip(reason)


def manifest_of(project: Path, dockerfile: str, text: str) -> str:
    """The manifest v6port writes for ``text``, made in a scratch folder like the real one."""
    scratch = project.parent / "scratch" / Path(dockerfile).parent
    scratch.mkdir(parents=True, exist_ok=True)
    (scratch / "Dockerfile").write_text(text)
    out = scratch / "v6-ports.json"
    subprocess.run(
        [sys.executable, "-m", "v6port", "manifest", "Dockerfile", "-o", out.name],
        cwd=scratch,
        check=True,
        capture_output=True,
    )
    return out.read_text()


@pytest.mark.usefixtures("check_committed")
def test_manifest_hook_fails_on_a_stale_manifest(project: Path, head: str, pre_commit_home: Path):
    stale = manifest_of(project, "algo/Dockerfile", GOOD)
    write(project, {"algo/Dockerfile": GROWN, "algo/v6-ports.json": stale})
    done = try_repo(project, "v6port-manifest", head, pre_commit_home)
    assert done.returncode == 1, done.stdout
    assert "V6P019" in done.stdout
    assert "9999" in done.stdout


@pytest.mark.usefixtures("check_committed")
def test_manifest_hook_passes_when_up_to_date(project: Path, head: str, pre_commit_home: Path):
    fresh = manifest_of(project, "algo/Dockerfile", GROWN)
    write(
        project,
        {
            "algo/Dockerfile": GROWN,
            "algo/v6-ports.json": fresh,
            # A Dockerfile with no manifest beside it is not this hook's business.
            "other/Dockerfile": BAD,
        },
    )
    done = try_repo(project, "v6port-manifest", head, pre_commit_home)
    assert done.returncode == 0, done.stdout
    assert "Passed" in done.stdout
