"""The templates ship inside the installed package, not only in a source checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]


def test_pip_install_into_a_fresh_venv_ships_the_templates(tmp_path: Path) -> None:
    """`pip install --no-deps .` into a new venv, then that venv's `v6port init`.

    The source is copied first so the build leaves nothing in the work tree. pip builds
    the wheel in an isolated environment (setuptools from the package index, as any user
    gets). Only v6port comes from the wheel: its dependencies (click, rich, ...) are
    already installed for this test run, so a .pth file in the new venv points at this
    interpreter's site-packages instead of downloading them again. A .pth line only adds
    a directory to sys.path; the .pth files in it, such as the editable install's hook
    for this checkout, are not run, so `import v6port` finds the installed wheel.
    """
    source = tmp_path / "src"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for name in ("v6port", "templates"):
        shutil.copytree(REPO / name, source / name, symlinks=True, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, source / name)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    pip = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--disable-pip-version-check",
         str(source)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert pip.returncode == 0, pip.stdout + pip.stderr
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "v6port-test-deps.pth").write_text("\n".join(sorted(ours)) + "\n")

    where = subprocess.run(  # not from the checkout: `python -c` puts the cwd on sys.path
        [str(python), "-c", "import v6port; print(v6port.__file__)"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout.strip()  # fmt: skip
    installed = Path(where).parent
    assert installed.is_relative_to(venv), where
    templates = installed / "templates"
    assert templates.is_dir() and not templates.is_symlink()
    assert (templates / "common" / "dot-pre-commit-config.yaml.tmpl").is_file()

    target = tmp_path / "algo"
    done = subprocess.run(
        [str(bindir / "v6port"), "init", str(target), "--language", "r", "--port", "com=8888"],
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for name in ("Dockerfile", "algorithm.R", "v6-ports.json", ".pre-commit-config.yaml",
                 ".github/workflows/v6port.yml"):  # fmt: skip
        assert (target / name).is_file(), name
    assert 'LABEL p8888="com"' in (target / "Dockerfile").read_text()
