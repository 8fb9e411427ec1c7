"""One-line, secret-free V6portError messages for image readers."""

from __future__ import annotations

import re
from collections.abc import Iterable

from v6port.errors import V6portError

# Bound what we echo from servers and tools: a message is one line for a human.
_MAX_DETAIL = 300


def one_line(text: str, limit: int = _MAX_DETAIL) -> str:
    """Collapse whitespace (servers and tools answer with multi-line text) and truncate."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every known secret, defence in depth against a server echoing one back."""
    for secret in secrets:
        if secret and len(secret) >= 3:
            text = text.replace(secret, "***")
    return text


def image_error(reference: str, what: str, todo: str = "") -> V6portError:
    """`<reference>: <what happened>; <what to do>` on one line."""
    message = f"{reference}: {one_line(what, 500)}"
    if todo:
        message += f"; {one_line(todo, 200)}"
    return V6portError(message)
