"""The Dockerfile source: bytes in, a Declaration of the final image out."""

from __future__ import annotations

from collections.abc import Mapping

from v6port.findings import Span
from v6port.model import Declaration, ParseProblem
from v6port.sources.dockerfile.parse import (
    MAX_FILE_BYTES,
    Dockerfile,
    DockerfileSyntaxError,
    decode,
    parse,
)

__all__ = ["MAX_FILE_BYTES", "Loaded", "load"]


class Loaded:
    __slots__ = ("declaration", "dockerfile", "text")

    def __init__(
        self, declaration: Declaration, dockerfile: Dockerfile | None, text: str | None
    ) -> None:
        self.declaration = declaration
        self.dockerfile = dockerfile
        """None when the file could not be parsed at all."""
        self.text = text


def load(
    path: str,
    data: bytes,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    only_evaluated: bool = False,
) -> Loaded:
    """Evaluate a Dockerfile's bytes. Syntax errors become parse problems (V6P020).

    Raises ``TargetNotFound`` when ``target`` names no stage. ``only_evaluated``:
    the Loaded Dockerfile holds only the instructions evaluation reads (faster).
    """
    from v6port.sources.dockerfile.evaluate import evaluate

    text: str | None = None
    try:
        text = decode(data, path)
        df = parse(text, path, only_evaluated)
    except DockerfileSyntaxError as exc:
        decl = Declaration(subject=path, kind="dockerfile")
        decl.parse_problems.append(ParseProblem(str(exc), Span(exc.line or 1)))
        return Loaded(decl, None, text)
    return Loaded(evaluate(df, build_args, target), df, text)
