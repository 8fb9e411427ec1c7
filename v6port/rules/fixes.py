"""Building the fixes that rules offer, only where the rewrite is certain.

Certain means: the instruction is on one line (no continuation can split a
word), the words were found verbatim where the parser split them, and the
text rewritten holds no variable, so what it stores does not depend on the
build. Anything less gets no fix, and the finding stays as it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from v6port.findings import Edit, Fix, Span
from v6port.fix import quote_value
from v6port.model import ExposedPort, Label
from v6port.sources.dockerfile.expand import ExpansionError, expand


def _verbatim(span: Span | None, text: str | None) -> bool:
    """The span holds exactly the text (the word was found where the parser split it)."""
    return (
        span is not None
        and text is not None
        and span.end_column is not None
        and span.end_column - span.column == len(text)
    )


class _Watch(Mapping[str, str]):
    """An empty scope that remembers every variable looked up in it."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def __contains__(self, key: object) -> bool:
        self.names.add(str(key))
        return False

    def __getitem__(self, key: str) -> str:
        self.names.add(key)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


def literal(raw: str, escape: str) -> bool:
    """Whether the text means the same in any build: no variable is expanded in it."""
    if "$" not in raw:
        return True
    scope = _Watch()
    try:
        expand(raw, scope, escape)
    except ExpansionError:
        return False
    return not scope.names


def label_value(label: Label, value: str, escape: str, description: str) -> Fix | None:
    """Rewrite a label as ``key="value"``, the key kept as written."""
    key, val = label.span, label.value_span
    if label.form is None or label.continued or not value:
        return None
    if not _verbatim(key, label.raw_key) or not _verbatim(val, label.raw_value):
        return None
    assert label.raw_key is not None and label.raw_value is not None
    if not literal(label.raw_key, escape) or not literal(label.raw_value, escape):
        return None
    assert key is not None and val is not None
    assert key.end_column is not None and val.end_column is not None
    quoted = quote_value(value, escape)
    if quoted is None or key.line != val.line:
        return None
    if label.form == "new":
        # key=value: the value starts right after the one "=".
        if val.column != key.end_column + 1:
            return None
        edit = Edit(val.line, val.column, val.end_column, quoted)
    else:
        # key value: the value is the rest of the line, after whitespace.
        if val.column <= key.end_column:
            return None
        edit = Edit(val.line, key.end_column, val.end_column, "=" + quoted)
    return Fix(description, (edit,))


def label_key(label: Label, key: str, description: str) -> Fix | None:
    """Rename a label's key as written to ``key`` (which needs no quoting)."""
    span = label.span
    if label.form is None or label.continued or not _verbatim(span, label.raw_key):
        return None
    if "$" in (label.raw_key or "$"):
        return None
    assert span is not None and span.end_column is not None
    return Fix(description, (Edit(span.line, span.column, span.end_column, key),))


def protocol_case(ports: list[ExposedPort], description: str) -> Fix | None:
    """Lower-case the protocol of each EXPOSE word written literally on one line."""
    edits: dict[tuple[int, int], Edit] = {}
    for port in ports:
        span = port.span
        if port.continued or port.raw != port.spec or not _verbatim(span, port.raw):
            continue
        assert span is not None and span.end_column is not None
        slash = port.spec.find("/")
        if slash < 0:
            continue
        column = span.column + slash + 1
        edits[(span.line, column)] = Edit(
            span.line, column, span.end_column, port.spec[slash + 1 :].lower()
        )
    if not edits:
        return None
    return Fix(description, tuple(edits[k] for k in sorted(edits)))
