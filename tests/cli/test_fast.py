"""The click-free fast path: whatever it accepts, click parses to the same parameters."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from v6port.cli import app, fast, main
from v6port.cli.check import check as check_command
from v6port.cli.lint import lint as lint_command

CLICK = {"lint": lint_command, "check": check_command}


@pytest.fixture(autouse=True)
def sigterm_restored() -> Iterator[None]:
    # main() installs v6port's SIGTERM handler; pytest's process keeps its own.
    before = signal.getsignal(signal.SIGTERM)
    yield
    signal.signal(signal.SIGTERM, before)


GOOD = 'FROM scratch\nEXPOSE 8888\nLABEL p8888="com"\n'
BAD = "FROM scratch\nEXPOSE 8888\n"


def click_params(args: Sequence[str], command: str = "lint") -> dict[str, Any] | None:
    """What click passes to the command, or None when click refuses the line."""
    try:
        with CLICK[command].make_context(command, list(args)) as ctx:
            return dict(ctx.params)
    except click.ClickException:
        return None


def click_option(command: str, name: str) -> click.Option:
    for param in CLICK[command].params:
        if isinstance(param, click.Option) and name in param.opts + param.secondary_opts:
            return param
    raise AssertionError(f"{name} is on the fast path but not an option of `v6port {command}`")


@pytest.mark.parametrize(
    ("command", "name"),
    [(c, name) for c in sorted(fast.COMMANDS) for name in sorted(fast.COMMANDS[c].options)],
)
def test_each_fast_option_is_the_click_option(command: str, name: str) -> None:
    option, theirs = fast.COMMANDS[command].options[name], click_option(command, name)
    assert option.dest == theirs.name
    assert (option.kind == "flag") == theirs.is_flag
    assert (option.kind == "multiple") == theirs.multiple
    if isinstance(theirs.type, click.Choice):
        assert option.convert is not None
        for choice in theirs.type.choices:
            assert option.convert(str(choice)) == choice
        with pytest.raises(ValueError):
            option.convert("no-such-choice")


def test_defaults_are_clicks() -> None:
    assert fast.parse_params(fast.LINT, []) == click_params([])
    assert fast.parse_params(fast.CHECK, ["oci:x"]) == click_params(["oci:x"], "check")


def test_check_needs_an_image_on_both_paths() -> None:
    assert fast.parse_params(fast.CHECK, ["--format", "json"]) is None
    assert click_params(["--format", "json"], "check") is None


CHECK_CASES = [
    ["docker://r/a:1", "docker://r/b:1"],
    ["--format", "json", "--no-config", "--jobs", "16", "oci:x"],
    ["--plain-http", "--tls-verify", "false", "--timeout", "2.5", "a:1"],
    ["--tls-verify=true", "--timeout=10", "--dockerfile", "Dockerfile", "a:1", "--", "-b"],
    ["-f", "sarif", "-o", "out.sarif", "--select", "V6P0", "--fail-on", "error", "x:1"],
]


@pytest.mark.parametrize("args", CHECK_CASES, ids=lambda args: " ".join(args))
def test_fast_check_gives_clicks_parameters(args: list[str]) -> None:
    ours = fast.parse_params(fast.CHECK, args)
    assert ours is not None, "a line the fast path is meant to take"
    assert ours == click_params(args, "check")


@pytest.mark.parametrize(
    "args",
    [
        ["--tls-verify", "yes", "a:1"],
        ["--timeout", "0.05", "a:1"],
        ["--timeout", "1e3", "a:1"],
        ["--platform", "linux/arm64", "a:1"],
        ["--creds", "u:p", "a:1"],
        ["--jobs", "100", "a:1"],
    ],
    ids=lambda args: " ".join(args),
)
def test_fast_check_leaves_the_rest_to_click(args: list[str]) -> None:
    assert fast.parse_params(fast.CHECK, args) is None


CASES = [
    ["Dockerfile"],
    ["--format", "json", "a", "b"],
    ["-f", "json", "-f", "sarif", "-o", "out.sarif", "x/Dockerfile"],
    ["--format=gitlab", "--output=report.json", "Dockerfile"],
    ["a", "--no-config", "b", "--select", "V6P001,V6P004", "--ignore=V6P013"],
    ["--fail-on", "never", "--build-arg", "A=1", "--build-arg", "B=2", "--target", "final"],
    ["--config", "pyproject.toml", "-j", "2", "--jobs", "4", "--stdin-filename", "in", "-"],
    ["--fix", "--diff", "--", "--odd-name", "-"],
    ["--output", "-", "--format", "json"],
    ["--jobs", "0", "-j", "1"],
    ["--target", "--fix"],
]


@pytest.mark.parametrize("args", CASES, ids=lambda args: " ".join(args))
def test_fast_path_gives_clicks_parameters(args: list[str]) -> None:
    ours = fast.parse_params(fast.LINT, args)
    assert ours is not None, "a line the fast path is meant to take"
    assert ours == click_params(args)


DECLINED = [
    ["--help"],
    ["-h"],
    ["--format", "xml"],
    ["--format"],
    ["-fjson"],
    ["--jobs", "-1"],
    ["--jobs", "65"],
    ["--jobs", " 3"],
    ["--no-config=yes"],
    ["--resolve-base", "Dockerfile"],
    ["--platform", "linux/arm64"],
    ["--unknown"],
    ["--config", "."],
    ["--fail-on", "ERROR"],
]


@pytest.mark.parametrize("args", DECLINED, ids=lambda args: " ".join(args))
def test_fast_path_leaves_the_rest_to_click(args: list[str]) -> None:
    assert fast.parse_params(fast.LINT, args) is None


def test_unreadable_paths_are_left_to_click(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, who can read anything: make one file unreadable to everyone.
    secret = tmp_path / "secret.Dockerfile"
    secret.write_text(GOOD)
    real_access = os.access

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        return False if str(path) == str(secret) else real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    for args in ([str(secret)], ["--config", str(secret), "Dockerfile"]):
        assert click_params(args) is None, "click refuses an unreadable path"
        assert fast.parse_params(fast.LINT, args) is None
    assert fast.parse_params(fast.CHECK, ["--dockerfile", str(secret), "a:1"]) is None
    assert fast.parse_params(fast.LINT, [str(tmp_path / "missing")]) is not None


def test_on_windows_click_reads_and_expands_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[Any] = []
    monkeypatch.setattr("sys.platform", "win32")
    monkeypatch.setattr(app, "run", lambda args: seen.append(args) or 0)
    monkeypatch.setattr(fast, "parse", lambda args: pytest.fail("the fast path ran"))
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 0
    assert seen == [None]  # None: click takes sys.argv and expands wildcards


def test_only_lint_and_check_have_a_fast_path() -> None:
    assert fast.parse(["lint", "Dockerfile"]) is not None
    assert fast.parse(["check", "oci:x"]) is not None
    for args in (["--version"], ["rules"], ["manifest"], [], ["--", "lint"], ["check"]):
        assert fast.parse(args) is None


TOKENS = st.sampled_from(
    [
        "--format", "-f", "json", "text", "sarif", "xml", "--output", "-o", "out",
        "--select", "--ignore", "V6P001", "--fail-on", "error", "never", "--config",
        "--no-config", "--build-arg", "A=1", "--target", "--stdin-filename", "--jobs",
        "-j", "2", "0", "99", "--fix", "--diff", "--", "-", "Dockerfile", "a b",
        "--format=json", "--jobs=3", "--fix=1", "-x", "--resolve-base", "",
        "--plain-http", "--tls-verify", "true", "false", "--timeout", "1.5",
        "--dockerfile", "oci:x", "--timeout=0",
    ]
)  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(fast.COMMANDS)), st.lists(TOKENS, max_size=8))
def test_fast_path_never_disagrees_with_click(command: str, args: list[str]) -> None:
    ours = fast.parse_params(fast.COMMANDS[command], args)
    if ours is not None:
        assert ours == click_params(args, command)


def outcome(
    runner: Any, args: list[str], capfd: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    try:
        code = runner(args)
    except SystemExit as exc:
        code = exc.code
    out, err = capfd.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    "extra",
    [
        ["--format", "json"],
        ["--format", "sarif"],
        [],
        ["--select", "V6P001"],
        ["--select", "NOPE"],
        ["--diff"],
        ["--format", "json", "missing-file"],
    ],
    ids=lambda extra: " ".join(extra) or "text",
)
def test_both_paths_print_and_exit_the_same(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    (tmp_path / "Dockerfile").write_text(BAD)
    (tmp_path / "good.Dockerfile").write_text(GOOD)
    args = ["lint", "--no-config", *extra, str(tmp_path)]
    assert fast.parse(args) is not None
    fast_result = outcome(main, args, capfd)
    click_result = outcome(app.run, args, capfd)
    assert fast_result == click_result
    assert fast_result[0] in (0, 1, 2)


INSPECT = Path(__file__).parents[1] / "image" / "fixtures"


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "json", f"inspect:{INSPECT / 'podman-inspect.json'}"],
        ["--format", "sarif", f"inspect:{INSPECT / 'buildah-inspect.json'}", "inspect:missing"],
        ["--select", "NOPE", f"inspect:{INSPECT / 'podman-inspect.json'}"],
    ],
    ids=["json", "sarif and a missing file", "bad select"],
)
def test_both_paths_check_the_same(capfd: pytest.CaptureFixture[str], args: list[str]) -> None:
    argv = ["check", "--no-config", *args]
    assert fast.parse(argv) is not None
    fast_result = outcome(main, argv, capfd)
    assert fast_result == outcome(app.run, argv, capfd)
    assert fast_result[0] in (0, 1, 2)


def test_a_clean_lint_run_imports_neither_click_nor_what_it_does_not_use(
    tmp_path: Path,
) -> None:
    (tmp_path / "Dockerfile").write_text(GOOD)
    probe = (
        "import sys\n"
        "from v6port.cli import main\n"
        "try:\n"
        "    main(['lint', '--format', 'json', '--no-config', sys.argv[1]])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "heavy = ('click', 'dataclasses', 'rich', 'httpx', 'importlib.metadata', 'dockerfile', 'difflib')\n"
        "print('loaded:' + ' '.join(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "Dockerfile")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
        check=True,
    )
    assert '"findings": []' in done.stdout
    assert "loaded:\n" in done.stderr, f"a clean lint run imported: {done.stderr}"
