"""Reporters render one Report. Each lives in its own module, imported only when used."""

from __future__ import annotations

import importlib
from typing import Protocol, TextIO

from v6port.findings import Report

# name -> module; each module has render(report, stream, *, color) -> None
FORMATS: dict[str, str] = {
    "text": "v6port.reporters.text",
    "json": "v6port.reporters.json",
    "sarif": "v6port.reporters.sarif",
    "github": "v6port.reporters.github",
    "gitlab": "v6port.reporters.gitlab",
    "junit": "v6port.reporters.junit",
}


class Renderer(Protocol):
    def __call__(self, report: Report, stream: TextIO, *, color: bool | None = None) -> None: ...


def get(name: str) -> Renderer:
    module = importlib.import_module(FORMATS[name])
    render: Renderer = module.render
    return render
