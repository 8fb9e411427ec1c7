"""Coverage-guided fuzzing of the Dockerfile layer with atheris.

    pip install atheris
    mkdir -p /tmp/v6port-corpus
    python fuzz/fuzz_lint.py /tmp/v6port-corpus fuzz/seeds -max_total_time=1800

Any exception out of lint_one, or out of the manifest generator other than
ManifestError, is a crash: atheris stops and writes the input to crash-<hash>.
Commit a reproducer test in tests/fuzz/ for each one.
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
    import v6port.sources.dockerfile.parse
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
    loaded = load("Dockerfile", data, {"PORT": "8888"}, None)
    with contextlib.suppress(ManifestError):
        from_declaration(loaded.declaration, {"type": "dockerfile"})


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
