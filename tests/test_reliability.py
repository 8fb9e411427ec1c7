"""Reliability: bounded inputs, odd files in folders, and signals that leave nothing half-written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from v6port.cli import cli


def lint_json(*args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = CliRunner().invoke(cli, ["lint", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def test_a_50_mb_file_is_refused_with_exit_2(tmp_path: Path) -> None:
    big = tmp_path / "Dockerfile"
    with big.open("wb") as fh:
        fh.write(b"FROM scratch\n")
        chunk = b"# " + b"x" * (1024 * 1024 - 3) + b"\n"
        for _ in range(50):
            fh.write(chunk)
    code, report = lint_json(str(big))
    assert code == 2
    assert report["errors"][0]["reason"].startswith("file is larger than 1 MiB")


def test_deeply_nested_defaults_are_a_finding_not_a_crash(tmp_path: Path) -> None:
    nested = "${A:-" * 500 + "80" + "}" * 500
    path = tmp_path / "Dockerfile"
    path.write_text(f"FROM scratch\nEXPOSE {nested}\n")
    code, report = lint_json(str(path))
    assert code == 1
    (finding,) = report["findings"]
    assert finding["rule"] == "V6P020" and "nested deeper" in finding["message"]


def test_symlink_loops_fifos_and_broken_links_are_reported_not_fatal(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "Dockerfile").write_text('FROM scratch\nEXPOSE 1\nLABEL p1="a"\n')
    (root / "loop").symlink_to(root)  # a folder loop: not followed
    (root / "Dockerfile.a").symlink_to(root / "Dockerfile.b")
    (root / "Dockerfile.b").symlink_to(root / "Dockerfile.a")
    (root / "Dockerfile.gone").symlink_to(root / "missing")
    os.mkfifo(root / "Dockerfile.fifo")
    code, report = lint_json(str(root))
    reasons = {Path(e["path"]).name: e["reason"] for e in report["errors"]}
    assert "Too many levels of symbolic links" in reasons["Dockerfile.a"]
    assert reasons["Dockerfile.fifo"] == "not a regular file"
    assert reasons["Dockerfile.gone"] == "no such file"
    assert report["summary"]["checked"] == 1
    assert code == 2


CONSOLE = [sys.executable, "-m", "v6port"]


@pytest.mark.parametrize(
    ("sig", "code", "word"),
    [(signal.SIGTERM, 143, "terminated"), (signal.SIGINT, 130, "interrupted")],
    ids=["SIGTERM", "SIGINT"],
)
def test_signal_exits_cleanly_and_writes_nothing(
    tmp_path: Path, sig: signal.Signals, code: int, word: str
) -> None:
    report = tmp_path / "report.json"
    manifest = tmp_path / "v6-ports.json"
    manifest.write_text("old\n")
    # The run blocks reading stdin, so the signal lands mid-run, before any write.
    proc = subprocess.Popen(
        [*CONSOLE, "lint", "--format", "json", "--output", str(report), "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None
    proc.stdin.write("FROM scratch\nEXPOSE 8888\n")
    proc.stdin.flush()
    time.sleep(3)  # let the interpreter start and install its handlers
    proc.send_signal(sig)
    try:
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == code, err
    assert err.strip() == f"v6port: {word}"
    assert not report.exists()
    assert sorted(os.listdir(tmp_path)) == ["v6-ports.json"]
    assert manifest.read_text() == "old\n"


def test_the_size_limit_is_exact(tmp_path: Path) -> None:
    from v6port.lint import read_input
    from v6port.sources.dockerfile import MAX_FILE_BYTES

    head = b"FROM scratch\nEXPOSE 8888\nLABEL p8888=com\n# "
    fits = tmp_path / "fits.Dockerfile"
    fits.write_bytes(head + b"x" * (MAX_FILE_BYTES - len(head) - 1) + b"\n")
    assert read_input(str(fits), None) == (str(fits), fits.read_bytes())
    over = tmp_path / "over.Dockerfile"
    over.write_bytes(fits.read_bytes() + b"\n")
    with pytest.raises(ValueError, match="larger than 1 MiB"):
        read_input(str(over), None)


@pytest.mark.parametrize("first", [1, 7, 4096, 1 << 20])
def test_reading_past_the_size_hint_gets_the_whole_file(tmp_path: Path, first: int) -> None:
    """A file that grew after fstat is read to its end (or to the limit), whatever the hint."""
    import os

    from v6port.lint import _read_at_most

    path = tmp_path / "Dockerfile"
    data = bytes(range(256)) * 700  # 179,200 bytes: several 64 KiB reads after the hint
    path.write_bytes(data)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert _read_at_most(fd, len(data) + 1, first) == data
        os.lseek(fd, 0, os.SEEK_SET)
        assert _read_at_most(fd, 1000, first) == data[:1000]
    finally:
        os.close(fd)
