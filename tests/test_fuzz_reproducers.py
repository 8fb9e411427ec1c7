"""Inputs the fuzz harness (fuzz/fuzz_lint.py) found, kept as regression tests.

Each must lint without an exception, and the fast path (pre-scan and Python
line parser) must give the same Declaration as BuildKit's parser.
"""

from __future__ import annotations

import base64

import pytest

from v6port.config import Settings
from v6port.findings import Report
from v6port.lint import lint_one
from v6port.sources.dockerfile import load

FOUND = {
    # A FROM with no argument: the stage must still start, or the pre-scan (which
    # skips RUN and COPY after any FROM) and the full parse disagree on what
    # stands "before the first FROM".
    "from-without-argument": (
        "IyBlMApGUk9NIApFTlYgWD0ke1BhRU9TRQpFTFYgc2VOQU1FPSJ2Ni1zdW1tYTU1NTU1NTU1NTU1NTU1NTU1"
        "NTU1NTU1NTU1NTU1NXJ5LXB5IgoKQ09QWSAuIC9hcHAKUlVOIHBpcCBpbnN0YWxsIC9hcHAKCkVYUE9TRSA4"
        "ODg4IDg4ODkKTEFCRUwgcDg4ODg9ImNvbSIgQU1FPSR7UEtHX05BTUV9CkNNRCBwIwpFWFBPU0UgJFBYPSR7"
        "UDotMn1BCg=="
    ),
    # "# sceapeeec=asp`" is a well-formed but unknown directive: it ends the directive
    # block, so the "# escape=`" after it is a comment and the escape stays a backslash.
    "unknown-directive-ends-directives": (
        "IyBzY2VhcGVlZWM9YXNwYAojIGVzY2FwZT1gCkZST00gc2NyYXRjaCBlYXBlZWVjPWFzcGAKIyBlc2NhcGU9YAoKRU5WIA=="
    ),
}


@pytest.mark.parametrize("encoded", list(FOUND.values()), ids=list(FOUND))
def test_reproducer(encoded: str) -> None:
    data = base64.b64decode(encoded)
    lint_one("Dockerfile", data, Settings(), Report(), keep=True)
    full = load("Dockerfile", data, {"PORT": "8888"}, None)
    fast = load("Dockerfile", data, {"PORT": "8888"}, None, only_evaluated=True)
    assert full.declaration == fast.declaration


def test_from_expansion_error_still_starts_a_stage() -> None:
    # Found by the differential check over the fuzz corpus: same fact as above.
    data = b'FROM ${A&}\nCMD ["x"]\nRUN y\nEXPOSE 1\n'
    full = load("Dockerfile", data)
    fast = load("Dockerfile", data, only_evaluated=True)
    assert full.declaration == fast.declaration
    assert [p.message for p in full.declaration.parse_problems] == [
        "FROM: unsupported modifier (&) in substitution"
    ]
