"""docs/rules/*.md and docs/rules.md are generated from the rule docstrings and must be current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from v6port.rules import catalog

ROOT = Path(__file__).resolve().parents[1]


def _generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_rule_docs", ROOT / "tools" / "gen_rule_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rule_pages_are_current() -> None:
    stale = [
        str(path.relative_to(ROOT))
        for path, text in _generator().pages().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run `python tools/gen_rule_docs.py`: stale {stale}"


@pytest.mark.parametrize("code", list(catalog()))
def test_every_rule_doc_has_what_why_and_examples(code: str) -> None:
    doc = catalog()[code].doc
    assert "## What it does" in doc
    assert "## Why is this bad?" in doc
    assert "## Example" in doc
    assert "Use instead" in doc


def test_codes_are_stable_and_named() -> None:
    rules = catalog()
    assert list(rules) == [f"V6P{n:03d}" for n in range(1, 23)]
    assert rules["V6P001"].name == "port-without-label"
    assert rules["V6P020"].name == "parse-error"
    assert all(r.help_uri.endswith(f"docs/rules/{r.code}.md") for r in rules.values())


def test_readme_rule_table_lists_every_rule() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [
        code
        for code, rule in catalog().items()
        if f"| [{code}](docs/rules/{code}.md) | {rule.name} | {rule.severity.label} |" not in readme
    ]
    assert not missing, f"README's rule table lacks {missing}"
