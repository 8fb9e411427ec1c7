"""One model of what an image exposes and how it labels it.

Both sources fill it: a Dockerfile (evaluated as BuildKit would) and a built
image's config. Every rule reads only this model, so lint and check share them.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from v6port.findings import Span

PROTOCOLS = ("tcp", "udp", "sctp")
# The key the vantage6 4.x node looks up for a port: "p" + the text before "/".
PORT_LABEL_RE = re.compile(r"p(\d+)")
# Keys that look meant for a port label but that the node never looks up.
NEAR_PORT_LABEL_RE = re.compile(r"\s*[pP]\s*0*(\d+)\s*")
MAX_LABEL_LENGTH = 128

SourceKind = Literal["dockerfile", "image"]


class ExposedPort(NamedTuple):
    port: int
    protocol: str
    """Lower case: tcp, udp or sctp."""
    spec: str
    """The word as written (after variable expansion), or the image config key."""
    label_key: str
    """The label key the node looks up for this port."""
    span: Span | None = None
    stage: str | None = None
    in_range: bool = False
    protocol_as_written: str = "tcp"
    host_part: str | None = None
    """An IP and/or host port written before the container port, which is ignored."""
    inherited: bool = False
    """From a base image, not from the Dockerfile being checked."""
    raw: str | None = None
    """The EXPOSE argument as written, before expansion (None when read from an image)."""
    continued: bool = False
    """The EXPOSE instruction spans several lines."""

    @property
    def key(self) -> str:
        return f"{self.port}/{self.protocol}"


class Label(NamedTuple):
    key: str
    value: str
    """The value as stored in the image."""
    span: Span | None = None
    """Where the key stands."""
    value_span: Span | None = None
    form: Literal["new", "legacy"] | None = None
    """How the LABEL was written; None when read from an image."""
    stage: str | None = None
    inherited: bool = False
    raw_key: str | None = None
    """The key as written, before expansion (None when read from an image)."""
    raw_value: str | None = None
    """The value as written, before quote removal and expansion."""
    continued: bool = False
    """The LABEL instruction spans several lines."""


class InvalidPort(NamedTuple):
    spec: str
    reason: str
    span: Span | None = None


class Unresolved(NamedTuple):
    """A port or port-label key that depends on variables without a value."""

    names: tuple[str, ...]
    what: str
    text: str
    span: Span | None = None


class Stray(NamedTuple):
    """An EXPOSE or port label in a stage that the final image does not inherit."""

    instruction: str
    text: str
    stage: str
    span: Span | None = None


class NonstandardKey(NamedTuple):
    """An image ExposedPorts key that the 4.x node would mishandle."""

    key: str
    problem: str


class ParseProblem(NamedTuple):
    message: str
    span: Span | None = None


class Declaration:
    """What the final image exposes and labels, with where each thing came from.

    Mutable (sources fill it in place), so a plain class; equal when every field is.
    """

    __slots__ = _FIELDS = (
        "subject",
        "kind",
        "ports",
        "labels",
        "invalid_ports",
        "unresolved",
        "stray",
        "nonstandard_keys",
        "parse_problems",
        "final_span",
        "digest",
        "base_images",
        "drift",
        "escape",
    )

    def __init__(
        self,
        subject: str,
        kind: SourceKind,
        ports: list[ExposedPort] | None = None,
        labels: dict[str, Label] | None = None,
        invalid_ports: list[InvalidPort] | None = None,
        unresolved: list[Unresolved] | None = None,
        stray: list[Stray] | None = None,
        nonstandard_keys: list[NonstandardKey] | None = None,
        parse_problems: list[ParseProblem] | None = None,
        final_span: Span | None = None,
        digest: str | None = None,
        base_images: tuple[str, ...] = (),
        drift: list[str] | None = None,
        escape: str = "\\",
    ) -> None:
        self.subject = subject
        self.kind: SourceKind = kind
        self.ports: list[ExposedPort] = [] if ports is None else ports
        self.labels: dict[str, Label] = {} if labels is None else labels
        self.invalid_ports: list[InvalidPort] = [] if invalid_ports is None else invalid_ports
        self.unresolved: list[Unresolved] = [] if unresolved is None else unresolved
        self.stray: list[Stray] = [] if stray is None else stray
        self.nonstandard_keys: list[NonstandardKey] = (
            [] if nonstandard_keys is None else nonstandard_keys
        )
        self.parse_problems: list[ParseProblem] = [] if parse_problems is None else parse_problems
        self.final_span = final_span
        """The FROM line of the final stage, where whole-image findings point."""
        self.digest = digest
        self.base_images = base_images
        """External images the final stage builds on (their ports are unknown to lint)."""
        self.drift: list[str] = [] if drift is None else drift
        """How a built image differs from its Dockerfile (V6P022), when both were read."""
        self.escape = escape
        """The Dockerfile's escape character (``# escape=``), for rewriting its text."""

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._FIELDS)

    __hash__ = None  # type: ignore[assignment]  # mutable: unhashable, as a list is

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._FIELDS)
        return f"{type(self).__name__}({shown})"

    def port_labels(self) -> dict[str, Label]:
        """Labels whose key has the shape of a port label (``p<digits>``)."""
        return {k: v for k, v in self.labels.items() if PORT_LABEL_RE.fullmatch(k)}

    def label_for(self, port: ExposedPort) -> Label | None:
        return self.labels.get(port.label_key)

    def unique_ports(self) -> list[ExposedPort]:
        """Ports as the node sees them: one per config key, first declaration kept.

        From a Dockerfile, BuildKit writes one ``port/proto`` key per port. An
        image may hold keys that name the same port differently (``08888/tcp``
        and ``8888``): the node sees each, under its own label key.
        """
        seen: dict[tuple[str, str], ExposedPort] = {}
        for p in self.ports:
            seen.setdefault((p.key, p.label_key), p)
        return list(seen.values())


def parse_port_spec(word: str) -> tuple[list[tuple[int, str]], dict[str, object]] | str:
    """Parse one EXPOSE word as BuildKit does.

    Returns ``([(port, protocol), ...], notes)`` or a reason string when the word
    is not a usable port. Notes: ``range``, ``protocol_as_written``, ``host_part``.
    """
    text, slash, proto = word.partition("/")
    if not slash or proto == "":
        proto = "tcp"
    if proto.lower() not in PROTOCOLS:
        return f"unknown protocol {proto!r} (use tcp, udp or sctp)"
    parts = text.split(":")
    container = parts[-1]
    host_part = ":".join(parts[:-1]) if len(parts) > 1 else None
    first, dash, last = container.partition("-")
    if dash and first == "":
        return f"{container!r} is not a port number"
    start = _port_number(first)
    end = _port_number(last) if dash else start
    if start is None or end is None:
        return f"{container!r} is not a port number"
    if start > end:
        return f"range {container!r} starts after it ends"
    if start == 0 or end > 65535:
        return f"{container!r} is outside 1-65535"
    notes: dict[str, object] = {
        "range": bool(dash),
        "protocol_as_written": proto,
        "host_part": host_part,
    }
    return [(n, proto.lower()) for n in range(start, end + 1)], notes


def _port_number(text: str) -> int | None:
    # strconv.ParseInt semantics: optional sign, decimal digits, leading zeros allowed.
    body = text[1:] if text[:1] in "+-" else text
    if not body.isascii() or not body.isdigit():
        return None
    value = int(text)
    if value < 0 or value > 65535:
        return 65536 if value > 65535 else None
    return value


def is_k8s_port_name(name: str) -> bool:
    """IANA_SVC_NAME as Kubernetes validates container port names."""
    return (
        1 <= len(name) <= 15
        and re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?", name) is not None
        and "--" not in name
        and re.search(r"[a-z]", name) is not None
    )
