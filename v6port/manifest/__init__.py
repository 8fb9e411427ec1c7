"""The port manifest: the committed contract of an algorithm's network API.

Schema version 1 (``schema.json`` beside this module, printed by ``v6port schema``)::

    {"schema_version": 1,
     "source": {"type": "dockerfile", "path": "Dockerfile", "target": null, "build_args": {}},
     "ports": [{"port": 8888, "protocol": "tcp", "label": "com"}]}

Output is deterministic: fixed key order, two-space indent, trailing newline,
no timestamps and no tool version.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from v6port.errors import V6portError
from v6port.model import PROTOCOLS, Declaration

SCHEMA_VERSION = 1
NODE_FALLBACK_PORT = "8888"
MANIFEST_NAME = "v6-ports.json"
"""The manifest's conventional name, beside the Dockerfile."""


class ManifestError(V6portError):
    """A manifest that cannot be produced, read or trusted. The message says why."""


class PortEntry(NamedTuple):
    port: int
    protocol: str
    label: str | None


class Manifest(NamedTuple):
    ports: tuple[PortEntry, ...]
    source: Mapping[str, Any]

    def node_ports(self) -> list[dict[str, str | None]]:
        """What a vantage6 4.x node's port discovery yields for this image.

        One entry per exposed key, protocol dropped (``8888/tcp`` and
        ``8888/udp`` give two entries); with no ports, the node's fallback:
        port 8888 with no label.
        """
        if not self.ports:
            return [{"port": NODE_FALLBACK_PORT, "label": None}]
        return [{"port": str(p.port), "label": p.label} for p in self.ports]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "source": dict(self.source),
            "ports": [
                {"port": p.port, "protocol": p.protocol, "label": p.label} for p in self.ports
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"


def from_declaration(decl: Declaration, source: Mapping[str, Any]) -> Manifest:
    """The manifest of a Declaration; refuses one whose ports are not all known."""
    problems = [
        f"line {p.span.line}: {p.message}" if p.span else p.message for p in decl.parse_problems
    ]
    problems += [f"invalid port {bad.spec!r}: {bad.reason}" for bad in decl.invalid_ports]
    problems += [
        f"{u.what} {u.text!r} uses {', '.join('$' + n for n in u.names)} with no value "
        f"(pass --build-arg {u.names[0]}=...)"
        for u in decl.unresolved
        if u.what == "port"
    ]
    if problems:
        raise ManifestError(f"{decl.subject}: cannot tell which ports the image has: {problems[0]}")
    entries: dict[tuple[int, str], PortEntry] = {}
    for port in decl.ports:
        label = decl.labels.get(port.label_key)
        entries.setdefault(
            (port.port, port.protocol),
            PortEntry(port.port, port.protocol, label.value if label else None),
        )
    return Manifest(tuple(entries[k] for k in sorted(entries)), dict(source))


def dockerfile_source(
    path: str, target: str | None, build_args: Mapping[str, str]
) -> dict[str, Any]:
    return {
        "type": "dockerfile",
        "path": path,
        "target": target,
        "build_args": {k: build_args[k] for k in sorted(build_args)},
    }


def image_source(ref: str, digest: str | None) -> dict[str, Any]:
    return {"type": "image", "ref": ref, "digest": digest}


def manifest_from_dockerfile(
    path: str | Path,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
) -> Manifest:
    """Read and evaluate a Dockerfile as BuildKit would, and return its manifest."""
    from v6port.sources.dockerfile import load
    from v6port.sources.dockerfile.evaluate import TargetNotFound

    name = str(path)
    args = dict(build_args or {})
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ManifestError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        loaded = load(name, data, args, target)
    except TargetNotFound as exc:
        raise ManifestError(f"{name}: {exc}") from None
    return from_declaration(
        loaded.declaration, dockerfile_source(Path(name).as_posix(), target, args)
    )


def manifest_from_image_config(
    config: Mapping[str, Any], ref: str = "image", digest: str | None = None
) -> Manifest:
    """The manifest of an image config: the ``Config`` of ``docker inspect`` or an OCI config.

    Accepts the whole OCI config (with a ``config`` member), the whole inspect
    object (with ``Config``) or the runtime config itself.
    """
    from v6port.sources.image_config import declaration_from_config

    runtime = config.get("config") or config.get("Config") or config
    try:
        decl = declaration_from_config(ref, runtime, digest)
    except ValueError as exc:
        raise ManifestError(f"{ref}: {exc}") from None
    return from_declaration(decl, image_source(ref, digest))


def manifest_for_source(
    source: str,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
    read_options: Any = None,
    anchor: str | None = None,
) -> tuple[Manifest, Declaration]:
    """The manifest of a Dockerfile path or an image reference, and the Declaration behind it.

    For a Dockerfile, ``source.path`` is recorded relative to the folder of
    ``anchor`` (the manifest file), or to the working folder without one.
    """
    import os

    from v6port.sources import is_image_reference

    args = dict(build_args or {})
    if is_image_reference(source):
        from v6port.sources.image import ReadOptions, read_image
        from v6port.sources.image_config import declaration_from_config

        image = read_image(source, read_options or ReadOptions())
        try:
            decl = declaration_from_config(source, image.config, image.digest)
        except ValueError as exc:
            raise ManifestError(f"{source}: {exc}") from None
        return from_declaration(decl, image_source(source, image.digest)), decl

    from v6port.sources.dockerfile import load
    from v6port.sources.dockerfile.evaluate import TargetNotFound

    try:
        with open(source, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ManifestError(f"{source}: cannot read: {exc.strerror or exc}") from None
    try:
        decl = load(source, data, args, target).declaration
    except TargetNotFound as exc:
        raise ManifestError(f"{source}: {exc}") from None
    base = os.path.dirname(os.path.abspath(anchor)) if anchor else os.getcwd()
    recorded = os.path.relpath(os.path.abspath(source), base).replace(os.sep, "/")
    return from_declaration(decl, dockerfile_source(recorded, target, args)), decl


def parse_manifest(data: Any, where: str) -> Manifest:
    """Validate a decoded manifest document (mirrors schema.json) and build a Manifest."""

    def fail(why: str) -> ManifestError:
        return ManifestError(f"{where}: not a valid v6port manifest: {why}")

    if not isinstance(data, dict):
        raise fail("the top level must be a JSON object")
    extra = set(data) - {"schema_version", "source", "ports"}
    if extra:
        raise fail(f"unknown key {sorted(extra)[0]!r}")
    if data.get("schema_version") != SCHEMA_VERSION or isinstance(data.get("schema_version"), bool):
        raise fail(f"schema_version must be {SCHEMA_VERSION}")
    source = data.get("source")
    _check_source(source, fail)
    ports = data.get("ports")
    if not isinstance(ports, list):
        raise fail("ports must be a list")
    entries = []
    for i, item in enumerate(ports):
        if not isinstance(item, dict) or set(item) != {"port", "protocol", "label"}:
            raise fail(f"ports[{i}] must have exactly port, protocol and label")
        port, protocol, label = item["port"], item["protocol"], item["label"]
        if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
            raise fail(f"ports[{i}].port must be an integer from 1 to 65535")
        if protocol not in PROTOCOLS:
            raise fail(f"ports[{i}].protocol must be one of tcp, udp, sctp")
        if label is not None and not isinstance(label, str):
            raise fail(f"ports[{i}].label must be a string or null")
        entries.append(PortEntry(port, protocol, label))
    return Manifest(tuple(entries), source)  # type: ignore[arg-type]


def _check_source(source: Any, fail: Any) -> None:
    if not isinstance(source, dict):
        raise fail("source must be an object")
    kind = source.get("type")
    if kind == "dockerfile":
        if set(source) != {"type", "path", "target", "build_args"}:
            raise fail("a dockerfile source has exactly type, path, target and build_args")
        if not isinstance(source["path"], str) or not source["path"]:
            raise fail("source.path must be a non-empty string")
        if source["target"] is not None and not isinstance(source["target"], str):
            raise fail("source.target must be a string or null")
        args = source["build_args"]
        if not isinstance(args, dict) or not all(isinstance(v, str) for v in args.values()):
            raise fail("source.build_args must map names to strings")
    elif kind == "image":
        if set(source) != {"type", "ref", "digest"}:
            raise fail("an image source has exactly type, ref and digest")
        if not isinstance(source["ref"], str) or not source["ref"]:
            raise fail("source.ref must be a non-empty string")
        digest = source["digest"]
        if digest is not None and not (
            isinstance(digest, str)
            and digest.startswith("sha256:")
            and len(digest) == 71
            and all(c in "0123456789abcdef" for c in digest[7:])
        ):
            raise fail("source.digest must be null or sha256:<64 hex digits>")
    else:
        raise fail("source.type must be 'dockerfile' or 'image'")


def load_manifest(path: str | Path) -> Manifest:
    """Read and validate a manifest file. Raises ManifestError with the reason."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ManifestError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ManifestError(f"{name}: not a valid v6port manifest: invalid JSON ({exc})") from None
    return parse_manifest(data, name)


def schema_text() -> str:
    from importlib.resources import files

    return files("v6port.manifest").joinpath("schema.json").read_text(encoding="utf-8")


class Difference(NamedTuple):
    added: tuple[PortEntry, ...]
    removed: tuple[PortEntry, ...]
    relabelled: tuple[tuple[PortEntry, PortEntry], ...]
    source_changed: bool

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.relabelled or self.source_changed)

    def lines(self) -> list[str]:
        out = [f"+ port {_show(p)}" for p in self.added]
        out += [f"- port {_show(p)}" for p in self.removed]
        out += [
            f"~ port {old.port}/{old.protocol}: label {old.label!r} -> {new.label!r}"
            for old, new in self.relabelled
        ]
        if self.source_changed:
            out.append("~ source: the recorded source, target or build args differ")
        return out


def _show(p: PortEntry) -> str:
    return f"{p.port}/{p.protocol} label {p.label!r}"


def diff(committed: Manifest, current: Manifest) -> Difference:
    old = {(p.port, p.protocol): p for p in committed.ports}
    new = {(p.port, p.protocol): p for p in current.ports}
    return Difference(
        added=tuple(new[k] for k in sorted(new.keys() - old.keys())),
        removed=tuple(old[k] for k in sorted(old.keys() - new.keys())),
        relabelled=tuple(
            (old[k], new[k])
            for k in sorted(old.keys() & new.keys())
            if old[k].label != new[k].label
        ),
        source_changed=dict(committed.source) != dict(current.source),
    )
