"""Import hygiene: what ``v6port lint`` loads must not pull in ``dataclasses``.

``dataclasses`` imports ``inspect`` (and with it ast, dis, tokenize...), about 15-20 ms
of start-up, and every dataclass exec()s generated code. Records are NamedTuples or
plain slotted classes instead (docs/decisions.md). This checks imports, not timings.
"""

from __future__ import annotations

import json
import subprocess
import sys

LINT_PATH = (
    "v6port.lint",
    "v6port.engine",
    "v6port.rules",
    "v6port.sources.dockerfile",
    "v6port.findings",
    "v6port.model",
    "v6port.config",
    "v6port.pragmas",
    "v6port.reporters.json",
)

# Run in a fresh interpreter. A finder first on sys.meta_path notes, when dataclasses is
# first imported, which modules' code was running (the chain of imports that wanted it).
PROBE = f"""
import json, sys

class Spy:
    chain = None

    def find_spec(self, name, path=None, target=None):
        if name == "dataclasses" and Spy.chain is None:
            names, frame = [], sys._getframe(1)
            while frame is not None:
                module = frame.f_globals.get("__name__", "?")
                if not module.startswith("importlib") and (not names or names[-1] != module):
                    names.append(module)
                frame = frame.f_back
            Spy.chain = names[::-1]
        return None

already = "dataclasses" in sys.modules
sys.meta_path.insert(0, Spy())
import {", ".join(LINT_PATH)}

v6port.rules.catalog()
print(json.dumps({{
    "already": already,
    "loaded": "dataclasses" in sys.modules,
    "chain": Spy.chain,
    "v6port": sorted(m for m in sys.modules if m == "v6port" or m.startswith("v6port.")),
}}))
"""


def test_lint_path_does_not_import_dataclasses() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True
    )
    seen = json.loads(done.stdout)
    assert not seen["already"], "dataclasses is imported at interpreter start-up (a .pth file?)"
    assert not seen["loaded"], (
        "importing the lint path loaded `dataclasses`, which costs 15-20 ms of start-up "
        "(docs/decisions.md: records are NamedTuples or slotted classes).\n"
        f"import chain (outermost first): {' -> '.join(seen['chain'] or ['?'])}\n"
        f"v6port modules loaded: {', '.join(seen['v6port'])}"
    )
