"""Fixtures for the reporter tests (sample reports are in reporter_samples.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from v6port.findings import Report

from .reporter_samples import BAD_DOCKERFILE, lint


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def lint_report(in_tmp: Path) -> Report:
    (in_tmp / "algo").mkdir()
    (in_tmp / "algo" / "Dockerfile").write_text(BAD_DOCKERFILE)
    report = lint(["algo/Dockerfile"])
    assert report.findings, "the sample Dockerfile should have findings"
    return report
