"""Write docs/rules/<CODE>.md and docs/rules.md from the rule modules' docstrings.

The docstrings are the one source; tests/test_rule_docs.py fails when the
pages are stale. Run: python tools/gen_rule_docs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pages() -> dict[Path, str]:
    from v6port.cli.rules import rule_markdown
    from v6port.rules import catalog

    out: dict[Path, str] = {}
    index = [
        "# Rule reference",
        "",
        "Generated from the rule modules by `tools/gen_rule_docs.py`.",
        "",
    ]
    for code in catalog():
        page = rule_markdown(code)
        out[ROOT / "docs" / "rules" / f"{code}.md"] = page
        index.append(page.replace("\n## ", "\n### ").replace("# ", "## ", 1))
    out[ROOT / "docs" / "rules.md"] = "\n".join(index).rstrip() + "\n"
    return out


def main() -> int:
    for path, text in pages().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
