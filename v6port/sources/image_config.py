"""The image source's model side: an image config's ports and labels as a Declaration.

This is what the vantage6 4.x node reads (``Config.ExposedPorts`` and
``Config.Labels``): it keeps the text before the first ``/`` of each key and
looks up the label ``"p" + text``. Keys are understood the way BuildKit would
have written them, and every key the node would mishandle is noted (V6P021).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from v6port.model import (
    PORT_LABEL_RE,
    Declaration,
    ExposedPort,
    InvalidPort,
    Label,
    NonstandardKey,
    parse_port_spec,
)


def declaration_from_config(
    subject: str, config: Mapping[str, Any], digest: str | None = None
) -> Declaration:
    decl = Declaration(subject=subject, kind="image", digest=digest)
    exposed = config.get("ExposedPorts") or {}
    labels = config.get("Labels") or {}
    if not isinstance(exposed, Mapping) or not isinstance(labels, Mapping):
        raise ValueError("ExposedPorts and Labels must be JSON objects")
    for key, value in labels.items():
        decl.labels[str(key)] = Label(key=str(key), value=str(value))
    for raw_key in exposed:
        key = str(raw_key)
        text = key.split("/", 1)[0]
        parsed = parse_port_spec(key)
        if isinstance(parsed, str):
            decl.invalid_ports.append(InvalidPort(key, parsed))
            continue
        ports, notes = parsed
        problem = node_problem(key, text, ports, notes)
        if problem:
            decl.nonstandard_keys.append(NonstandardKey(key, problem))
        for number, protocol in ports:
            decl.ports.append(
                ExposedPort(
                    port=number,
                    protocol=protocol,
                    spec=key,
                    label_key="p" + text,
                    # Ranges and host parts are V6P021's to explain for images.
                    protocol_as_written=str(notes["protocol_as_written"]),
                )
            )
    decl.ports.sort(key=lambda p: (p.port, p.protocol))
    return decl


def node_problem(
    key: str, text: str, ports: list[tuple[int, str]], notes: Mapping[str, object]
) -> str | None:
    """What a vantage6 4.x node would do wrong with this key, if anything."""
    if notes["range"]:
        return (
            f"a range: the node passes {text!r} on to iptables as one port and looks up "
            f"the label 'p{text}'; BuildKit would have written one key per port"
        )
    if notes["host_part"]:
        return (
            f"a host part: the node forwards {text!r} and looks up the label 'p{text}'; "
            f"only container port {ports[0][0]} is meant"
        )
    if text != str(ports[0][0]):
        return (
            f"not a plain port number: the node looks up the label 'p{text}', not 'p{ports[0][0]}'"
        )
    return None


def compare_with_dockerfile(image: Declaration, dockerfile: Declaration) -> None:
    """Mark what the image inherited, and note where it drifted from its Dockerfile (V6P022)."""
    declared = {p.key for p in dockerfile.ports}
    image_keys = {p.key for p in image.ports}
    image.ports = [p if p.key in declared else p._replace(inherited=True) for p in image.ports]
    for key, label in list(image.labels.items()):
        if key not in dockerfile.labels:
            image.labels[key] = label._replace(inherited=True)
    # A key the builder stored as written (a range, 08888) is V6P021's to explain.
    for port in dockerfile.unique_ports():
        if port.key not in image_keys:
            image.drift.append(
                f"the Dockerfile exposes {port.key} ({dockerfile.subject} line "
                f"{port.span.line if port.span else '?'}), but the image does not"
            )
    for key, label in dockerfile.labels.items():
        stored = image.labels.get(key)
        if stored is not None and stored.value != label.value and PORT_LABEL_RE.fullmatch(key):
            image.drift.append(
                f"label {key} is {stored.value!r} in the image but {label.value!r} in the "
                "Dockerfile: a --label at build time overrides the Dockerfile"
            )


def inherit_base(dockerfile: Declaration, base: Declaration) -> None:
    """Add a base image's ports and labels under a Dockerfile's own (lint --resolve-base)."""
    own = {p.key for p in dockerfile.ports}
    inherited = [p._replace(inherited=True, span=None) for p in base.ports if p.key not in own]
    dockerfile.ports = inherited + dockerfile.ports
    labels = {k: v._replace(inherited=True) for k, v in base.labels.items()}
    labels.update(dockerfile.labels)
    dockerfile.labels = labels
