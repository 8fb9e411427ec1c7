"""Atomic writes: a failure mid-write leaves the old file and no temp file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from v6port import fsutil


def test_replaces_content(tmp_path: Path) -> None:
    target = tmp_path / "m.json"
    target.write_text("old")
    fsutil.atomic_write(target, "new")
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["m.json"]


def test_failure_mid_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "m.json"
    target.write_text("old")

    def boom(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError):
        fsutil.atomic_write(target, "new" * 1000)
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["m.json"]


def test_interrupt_mid_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "m.json"
    target.write_text("old")

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fsutil.atomic_write(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["m.json"]


def test_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "m.json"
    target.write_text("old")
    target.chmod(0o640)
    fsutil.atomic_write(target, "new")
    assert target.stat().st_mode & 0o777 == 0o640
