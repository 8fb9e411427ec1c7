"""`v6port lint` end to end: through click's runner and through the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from v6port.cli import cli

ROOT = Path(__file__).resolve().parents[2]
DOCS_EXAMPLE = ROOT / "examples" / "vantage6-docs" / "Dockerfile"
GOOD_EXAMPLE = ROOT / "examples" / "good" / "Dockerfile"

GOOD = 'FROM scratch\nEXPOSE 8888\nLABEL p8888="com"\n'
BAD = "FROM scratch\nEXPOSE 8888\n"


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.output


def write(tmp_path: Path, text: str, name: str = "Dockerfile") -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def test_vantage6_docs_example_gets_v6p004_on_both_labels() -> None:
    code, out = run("lint", "--format", "json", str(DOCS_EXAMPLE))
    report = json.loads(out)
    v6p004 = [f for f in report["findings"] if f["rule"] == "V6P004"]
    assert [f["line"] for f in v6p004] == [13, 15]
    assert "'= com'" in v6p004[0]["message"]
    assert code == 1


def test_good_example_is_clean() -> None:
    code, out = run("lint", str(GOOD_EXAMPLE))
    assert code == 0
    assert "All checks passed" in out


def test_text_report_marks_the_word(tmp_path: Path) -> None:
    code, out = run("lint", write(tmp_path, BAD))
    assert code == 1
    assert ":2:8: V6P001 [error] port 8888/tcp has no label p8888" in out
    assert "2 | EXPOSE 8888" in out
    assert "  |        ^^^^" in out
    assert "Found 1 error in 1 target." in out


def test_json_report_shape(tmp_path: Path) -> None:
    path = write(tmp_path, BAD)
    _code, out = run("lint", "--format", "json", path)
    report = json.loads(out)
    assert set(report) == {"version", "findings", "errors", "summary"}
    assert report["version"] == 1
    (finding,) = report["findings"]
    assert finding == {
        "rule": "V6P001",
        "name": "port-without-label",
        "severity": "error",
        "path": path,
        "line": 2,
        "column": 8,
        "end_column": 12,
        "message": finding["message"],
    }
    assert report["summary"]["error"] == 1 and report["summary"]["exit_code"] == 1


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [("error", 0), ("warning", 1), ("info", 1), ("never", 0)],
)
def test_fail_on_threshold(tmp_path: Path, fail_on: str, expected: int) -> None:
    # V6P007 (warning) only.
    path = write(tmp_path, 'FROM scratch\nEXPOSE 8888/udp\nLABEL p8888="com"\n')
    assert run("lint", "--fail-on", fail_on, path)[0] == expected


def test_info_findings_pass_by_default(tmp_path: Path) -> None:
    code, out = run("lint", write(tmp_path, "FROM scratch\n"))
    assert "V6P013 [info]" in out
    assert code == 0


def test_select_and_ignore(tmp_path: Path) -> None:
    path = write(tmp_path, "FROM scratch\nEXPOSE 8888/udp\n")
    _, out = run("lint", "--format", "json", "--select", "V6P007", path)
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["V6P007"]
    _, out = run("lint", "--format", "json", "--ignore", "V6P007", path)
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["V6P001"]


def test_unknown_code_is_a_usage_error(tmp_path: Path) -> None:
    code, _out = run("lint", "--select", "V6P999", write(tmp_path, GOOD))
    assert code == 2


def test_build_arg_and_target(tmp_path: Path) -> None:
    text = (
        "FROM scratch AS base\nARG PORT\nEXPOSE $PORT\nLABEL p${PORT}=com\n"
        "FROM base AS other\nEXPOSE 1234\n"
    )
    path = write(tmp_path, text)
    code, out = run(
        "lint", "--format", "json", "--build-arg", "PORT=9000", "--target", "base", path
    )
    assert code == 0, out
    code, out = run("lint", "--format", "json", "--build-arg", "PORT=9000", path)
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["V6P001"]
    code, _ = run("lint", "--target", "nope", path)
    assert code == 2


def test_many_files_one_report_and_unreadable_is_exit_2(tmp_path: Path) -> None:
    good = write(tmp_path, GOOD, "a/Dockerfile")
    bad = write(tmp_path, BAD, "b/Dockerfile")
    code, out = run("lint", "--format", "json", good, bad, str(tmp_path / "missing"))
    report = json.loads(out)
    assert [f["path"] for f in report["findings"]] == [bad]
    assert report["errors"] == [
        {"path": str(tmp_path / "missing"), "line": None, "reason": "no such file"}
    ]
    assert code == 2


def test_directory_search_finds_dockerfile_names_and_skips_git(tmp_path: Path) -> None:
    for name in ("Dockerfile", "Containerfile", "api.Dockerfile", "Dockerfile.dev", "README.md"):
        write(tmp_path, BAD, f"src/{name}")
    write(tmp_path, BAD, ".git/Dockerfile")
    write(tmp_path, BAD, "node_modules/x/Dockerfile")
    _, out = run("lint", "--format", "json", str(tmp_path))
    paths = {f["path"] for f in json.loads(out)["findings"]}
    found = sorted(os.path.basename(p) for p in paths)
    assert found == ["Containerfile", "Dockerfile", "Dockerfile.dev", "api.Dockerfile"]


def test_default_path_is_dockerfile_in_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, BAD)
    monkeypatch.chdir(tmp_path)
    code, out = run("lint")
    assert code == 1 and "Dockerfile:2:8" in out


def test_stdin_with_filename() -> None:
    code, out = run(
        "lint", "--format", "json", "--stdin-filename", "algo/Dockerfile", "-", input=BAD
    )
    assert json.loads(out)["findings"][0]["path"] == "algo/Dockerfile"
    assert code == 1


def test_output_file_is_written(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out = run("lint", "--format", "json", "--output", str(target), write(tmp_path, BAD))
    assert code == 1
    assert out == ""
    assert json.loads(target.read_text())["summary"]["findings"] == 1


def test_two_formats_need_an_output(tmp_path: Path) -> None:
    code, _ = run("lint", "--format", "json", "--format", "text", write(tmp_path, GOOD))
    assert code == 2


def test_config_file_applies(tmp_path: Path) -> None:
    (tmp_path / ".v6port.toml").write_text('ignore = ["V6P001"]\n')
    assert run("lint", write(tmp_path, BAD))[0] == 0
    assert run("lint", "--no-config", write(tmp_path, BAD))[0] == 1


def test_bad_config_is_exit_2_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / ".v6port.toml").write_text('colour = "red"\n')
    result = CliRunner().invoke(cli, ["lint", write(tmp_path, GOOD)])
    assert result.exit_code == 2


def test_rules_and_explain() -> None:
    code, out = run("rules")
    assert code == 0 and "V6P001" in out and "port-without-label" in out
    code, out = run("explain", "v6p004")
    assert code == 0 and "## Why is this bad?" in out and 'LABEL p8888="com"' in out
    assert run("explain", "V6P999")[0] == 2


CONSOLE = shutil.which("v6port", path=os.path.dirname(sys.executable)) or shutil.which("v6port")


@pytest.mark.skipif(
    CONSOLE is None, reason="the v6port console script is not installed (pip install -e .)"
)
class TestConsoleScript:
    def sh(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        assert CONSOLE is not None
        return subprocess.run(
            [CONSOLE, *args],
            capture_output=True,
            text=True,
            input=input,
            timeout=60,
            env={**os.environ, "NO_COLOR": "1"},
        )

    def test_lint_findings_exit_1(self) -> None:
        result = self.sh("lint", str(DOCS_EXAMPLE))
        assert result.returncode == 1
        assert "V6P004 [error]" in result.stdout

    def test_unreadable_input_is_one_line_and_exit_2(self, tmp_path: Path) -> None:
        result = self.sh("lint", "--format", "json", str(tmp_path / "nope"))
        assert result.returncode == 2
        assert "Traceback" not in result.stderr + result.stdout

    def test_usage_error_exit_2_without_traceback(self) -> None:
        result = self.sh("lint", "--fail-on", "sometimes")
        assert result.returncode == 2
        assert "Traceback" not in result.stderr

    def test_python_dash_m(self) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "v6port", "lint", "-"],
            input=GOOD,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert "All checks passed" in result.stdout

    def test_no_color_on_a_pipe(self) -> None:
        result = self.sh("lint", "-", input=BAD)
        assert "\x1b[" not in result.stdout

    def test_force_color(self) -> None:
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        assert CONSOLE is not None
        result = subprocess.run(
            [CONSOLE, "lint", "-"],
            input=BAD,
            capture_output=True,
            text=True,
            timeout=60,
            env={**env, "FORCE_COLOR": "1"},
        )
        assert "\x1b[" in result.stdout


def test_jobs_give_the_same_report_as_one_process(tmp_path: Path) -> None:
    texts = [GOOD, BAD, "FROM scratch\nEXPOSE 1/udp\n", 'FROM x\nLABEL p1 = "a"\nEXPOSE 1\n']
    for i in range(450):  # enough files for two workers (MIN_FILES_PER_JOB = 200)
        write(tmp_path, texts[i % len(texts)], f"d{i:03d}/Dockerfile")
    write(tmp_path, "FROM a\nLABEL a=b c\n", "z/Dockerfile")
    one = run("lint", "--format", "json", "--no-config", "--jobs", "1", str(tmp_path))
    two = run("lint", "--format", "json", "--no-config", "--jobs", "2", str(tmp_path))
    auto = run("lint", "--format", "json", "--no-config", str(tmp_path))
    assert one == two == auto
    assert json.loads(one[1])["summary"]["checked"] == 451


@pytest.mark.parametrize(
    ("jobs", "cpus", "files", "workers"),
    [
        (0, 2, 450, 2),  # auto: one per usable CPU
        (0, 2, 399, None),  # ... but 200 files per worker at least
        (0, 1, 600, None),  # one CPU: no pool
        (0, 64, 1600, 8),  # at most MAX_AUTO_JOBS
        (1, 8, 600, None),  # --jobs 1: never
        (3, 1, 600, 3),  # an explicit --jobs is taken as given
    ],
)
def test_how_many_workers_a_batch_gets(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    jobs: int,
    cpus: int,
    files: int,
    workers: int | None,
) -> None:
    from v6port import lint

    paths = [write(tmp_path, GOOD, f"d{i:04d}/Dockerfile") for i in range(files)]
    used: list[int] = []
    monkeypatch.setattr(lint, "usable_cpus", lambda: cpus)
    monkeypatch.setattr(lint, "_in_processes", lambda f, o, n: used.append(n) or [])
    lint.run(paths, lint.LintOptions(overrides=overrides_none(), no_config=True, jobs=jobs))
    assert used == ([] if workers is None else [workers])


def overrides_none() -> Any:
    from v6port.cli.common import overrides

    return overrides(None, None, None, (), None)


def test_usable_cpus_is_at_least_one() -> None:
    from v6port.lint import usable_cpus

    assert usable_cpus() >= 1
