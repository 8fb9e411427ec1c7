"""The README workflow end to end: `v6port init`, `v6port build` (real buildah), commit, check."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from builder_helpers import Builders, make_builders, need

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def builders(tmp_path_factory: pytest.TempPathFactory) -> Builders:
    return make_builders(tmp_path_factory.mktemp("containers"))


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return done.stdout


def offline(dockerfile: Path) -> None:
    """The templates' base images (python:3.12-slim, r-base) cannot be pulled here: no
    registry but the package registries is reachable. Build FROM scratch instead, and
    drop the RUN steps, which need the base image's shell. Ports and labels are untouched,
    so the committed manifest stays valid: that is what this test is about."""
    text = dockerfile.read_text()
    text = re.sub(r"^FROM .*$", "FROM scratch", text, count=1, flags=re.M)
    text = re.sub(r"^RUN .*\n", "", text, flags=re.M)
    dockerfile.write_text(text)


@pytest.mark.parametrize("language", ["python", "r"])
def test_init_build_commit_check(builders: Builders, tmp_path: Path, language: str) -> None:
    need("buildah")
    need("git")
    algo = tmp_path / "algo"
    done = builders.run(
        "init", str(algo), "--language", language, "--port", "com=8888", "--port", "data=9000"
    )
    assert done.returncode == 0, done.stderr
    offline(algo / "Dockerfile")
    git(algo, "init", "-q")
    git(algo, "add", ".")
    git(algo, "commit", "-qm", "new algorithm")

    tag = f"localhost/v6port-test/init-{language}:1"
    built = builders.run("build", "--builder", "buildah", "--tag", tag, ".", cwd=algo)
    assert built.returncode == 0, built.stdout + built.stderr
    # build rewrote v6-ports.json from the image: identical to the committed one.
    assert git(algo, "status", "--porcelain") == ""
    config = builders.tool("buildah", "inspect", "--type", "image", tag)
    assert '"8888/tcp"' in config.stdout and '"9000/tcp"' in config.stdout

    check = builders.run("manifest", "Dockerfile", "--check", "v6-ports.json", cwd=algo)
    assert check.returncode == 0, check.stdout
    hook = builders.run("manifest", "--check-committed", "Dockerfile", cwd=algo)
    assert hook.returncode == 0, hook.stdout + hook.stderr
    lint = builders.run("lint", "Dockerfile", cwd=algo)
    assert lint.returncode == 0, lint.stdout

    # A port added to the Dockerfile but not to the manifest: the check catches it.
    dockerfile = algo / "Dockerfile"
    dockerfile.write_text(dockerfile.read_text() + 'EXPOSE 7000\nLABEL p7000="extra"\n')
    stale = builders.run("manifest", "Dockerfile", "--check", "v6-ports.json", cwd=algo)
    assert stale.returncode == 1
    assert "V6P019" in stale.stdout
