"""Coverage-guided fuzzing of the Dockerfile layer with atheris.

    pip install atheris
    mkdir -p /tmp/v6port-corpus
    python fuzz/fuzz_lint.py /tmp/v6port-corpus fuzz/seeds -max_total_time=1800

Any exception out of lint_one, or out of the manifest generator other than
ManifestError, is a crash, and so is a Declaration from the fast path (pre-scan and
Python line parser) that differs from the one BuildKit's parser gives. atheris then
stops and writes the input to crash-<hash>: commit a reproducer test for each one in
tests/test_fuzz_reproducers.py.
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    # v6port imports lazily; import what a lint runs here so it is instrumented.
    import v6port.engine
    import v6port.pragmas
    import v6port.rules
    import v6port.sources.dockerfile.evaluate
    import v6port.sources.dockerfile.expand
    import v6port.sources.dockerfile.fastparse
    import v6port.sources.dockerfile.parse
    import v6port.sources.dockerfile.prescan
    from v6port.config import Settings
    from v6port.findings import Report
    from v6port.lint import lint_one
    from v6port.manifest import ManifestError, from_declaration
    from v6port.sources.dockerfile import load

SETTINGS = Settings()


v6port.rules.catalog()


def one_input(data: bytes) -> None:
    report = Report()
    lint_one("Dockerfile", data, SETTINGS, report, keep=True)
    # The fast path (pre-scan and Python line parser) must agree with BuildKit's parser.
    full = load("Dockerfile", data, {"PORT": "8888"}, None)
    fast = load("Dockerfile", data, {"PORT": "8888"}, None, only_evaluated=True)
    if full.declaration != fast.declaration:
        raise AssertionError(f"fast path differs:\n{full.declaration}\n{fast.declaration}")
    with contextlib.suppress(ManifestError):
        from_declaration(full.declaration, {"type": "dockerfile"})


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
