"""Content digests: every blob is named by its hash, so a reader checks it."""

from __future__ import annotations

import hashlib
import re

# Only algorithms registered in the OCI image spec; the hex length is fixed per algorithm,
# which also makes a digest safe to use as a file name under blobs/<alg>/.
_DIGEST_RE = re.compile(r"(sha256):([a-f0-9]{64})|(sha512):([a-f0-9]{128})")


def is_valid_digest(text: str) -> bool:
    return _DIGEST_RE.fullmatch(text) is not None


def split_digest(text: str) -> tuple[str, str]:
    """("sha256", hex) for a valid digest; ValueError with a reason otherwise."""
    match = _DIGEST_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text[:80]!r} is not a sha256 or sha512 digest")
    algorithm = match.group(1) or match.group(3)
    hex_part = match.group(2) or match.group(4)
    return algorithm, hex_part


def compute(data: bytes, algorithm: str = "sha256") -> str:
    return f"{algorithm}:{hashlib.new(algorithm, data).hexdigest()}"


def matches(data: bytes, expected: str) -> bool:
    """Whether `data` hashes to `expected` (a valid digest)."""
    algorithm, _ = split_digest(expected)
    return compute(data, algorithm) == expected
