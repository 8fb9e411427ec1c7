"""``v6port init``: render a new vantage6 algorithm from the ``templates/`` directory.

Everything is validated and rendered in memory first (ports, base image, the
generated Dockerfile's lint result, its manifest); only then are files written,
each atomically. The committed ``v6-ports.json`` is produced by the manifest
code from the rendered Dockerfile, never templated.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Literal, NamedTuple

from v6port.errors import UsageError

if TYPE_CHECKING:
    from importlib.abc import Traversable

Language = Literal["python", "r"]
LANGUAGES: tuple[Language, ...] = ("python", "r")
BASE_IMAGES: dict[Language, str] = {
    "python": "python:3.12-slim",
    "r": "r-base:4.4.1",
}
DEFAULT_PORTS = ("com=8888",)
"""Without --port: the port and label of vantage6's own examples (and the node's fallback)."""
MANIFEST_NAME = "v6-ports.json"
_RENAMES = {"dockerfile": "Dockerfile"}
# What a --port value or a base image may contain: nothing a shell or a Dockerfile reads.
_SAFE_PORT_TEXT = re.compile(r"[A-Za-z0-9=._-]*")
_BASE_IMAGE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}")


class InitError(UsageError):
    """Refused input: nothing was written. Exit 2."""


class PortChoice(NamedTuple):
    label: str
    port: int


class Rendered(NamedTuple):
    files: dict[str, str]
    """Relative POSIX path -> content, the manifest included."""


def parse_ports(values: Sequence[str]) -> list[PortChoice]:
    """``LABEL=PORT`` values, checked one by one and together. Raises InitError with a reason."""
    from v6port.model import is_k8s_port_name

    chosen: list[PortChoice] = []
    for raw in values or DEFAULT_PORTS:
        where = f"--port {raw!r}"
        bad = sorted({c for c in raw if not _SAFE_PORT_TEXT.fullmatch(c)})
        if bad:
            shown = ", ".join(repr(c) for c in bad)
            raise InitError(f"{where}: shell-unsafe character(s) {shown}; write LABEL=PORT")
        label, eq, text = raw.partition("=")
        if not eq or not label or not text:
            raise InitError(f"{where}: expected LABEL=PORT, e.g. com=8888")
        if not text.isdigit():
            raise InitError(f"{where}: port {text!r} is not a number")
        if text != str(int(text)):
            raise InitError(
                f"{where}: write the port without leading zeros: the node looks up the "
                f"label 'p{text}', not 'p{int(text)}'"
            )
        port = int(text)
        if not 1 <= port <= 65535:
            raise InitError(f"{where}: port {port} is outside 1-65535")
        if not is_k8s_port_name(label):
            raise InitError(
                f"{where}: label {label!r} is not a valid Kubernetes port name "
                "(1-15 characters of a-z, 0-9 and '-', at least one letter, "
                "no leading, trailing or doubled '-')"
            )
        for earlier in chosen:
            if earlier.label == label:
                raise InitError(f"{where}: label {label!r} is given twice")
            if earlier.port == port:
                raise InitError(f"{where}: port {port} is given twice")
        chosen.append(PortChoice(label, port))
    return chosen


def check_base_image(image: str) -> str:
    if not _BASE_IMAGE_RE.fullmatch(image):
        raise InitError(
            f"--base-image {image!r}: not an image reference (letters, digits and ._/:@- only)"
        )
    return image


def templates_root() -> Traversable:
    """The templates, shipped inside the package (``v6port/templates`` -> ``templates/``)."""
    from importlib.resources import files

    root = files("v6port").joinpath("templates")
    if not root.is_dir():  # pragma: no cover - a broken install
        raise UsageError("the v6port templates are missing from this installation: reinstall")
    return root


def _walk(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found: list[tuple[str, Traversable]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        name = entry.name
        if name.startswith("dot-"):
            name = "." + name[4:]
        if entry.is_dir():
            found += _walk(entry, f"{prefix}{name}/")
        elif name.endswith(".tmpl"):
            stem = name[: -len(".tmpl")]
            found.append((prefix + _RENAMES.get(stem, stem), entry))
    return found


def ports_block(ports: Sequence[PortChoice]) -> str:
    lines = [
        "# The ports the algorithm listens on. A vantage6 4.x node forwards each one and",
        '# finds it by its label: keep every EXPOSE paired with LABEL p<port>="<label>".',
    ]
    for choice in ports:
        lines += [f"EXPOSE {choice.port}", f'LABEL p{choice.port}="{choice.label}"']
    return "\n".join(lines)


def render(language: Language, ports: Sequence[PortChoice], base_image: str) -> Rendered:
    """All files of the new algorithm, in memory."""
    from v6port import __version__

    mapping = {
        "base_image": base_image,
        "ports_block": ports_block(ports),
        "ports_python": "{" + ", ".join(f'"{p.label}": {p.port}' for p in ports) + "}",
        "ports_r": "list(" + ", ".join(f"`{p.label}` = {p.port}L" for p in ports) + ")",
        "port_list": ", ".join(f"{p.label}={p.port}" for p in ports),
        "v6port_version": __version__,
        "language": language,
    }
    root = templates_root()
    files: dict[str, str] = {}
    for part in ("common", language):
        for path, entry in _walk(root.joinpath(part)):
            files[path] = Template(entry.read_text(encoding="utf-8")).substitute(mapping)
    files[MANIFEST_NAME] = _manifest(files["Dockerfile"], ports)
    return Rendered(files)


def _manifest(dockerfile: str, ports: Sequence[PortChoice]) -> str:
    """The manifest of the rendered Dockerfile, checked: lints clean, exactly these ports."""
    from v6port import engine
    from v6port.config import Settings
    from v6port.findings import Severity
    from v6port.manifest import dockerfile_source, from_declaration
    from v6port.sources.dockerfile import load

    decl = load("Dockerfile", dockerfile.encode("utf-8")).declaration
    problems = [f for f in engine.judge(decl, Settings()) if f.severity >= Severity.INFO]
    if problems:  # a template bug, never the user's input: refuse to write it
        raise InitError(f"the rendered Dockerfile does not lint clean: {problems[0].message}")
    manifest = from_declaration(decl, dockerfile_source("Dockerfile", None, {}))
    got = [(p.port, p.protocol, p.label) for p in manifest.ports]
    want = sorted((p.port, "tcp", p.label) for p in ports)
    if got != want:  # pragma: no cover - a template bug
        raise InitError(f"the rendered Dockerfile exposes {got}, not the requested {want}")
    return manifest.to_json()


def write(directory: str | os.PathLike[str], rendered: Rendered, force: bool) -> list[Path]:
    """Write the files under ``directory``; refuses a non-empty one unless ``force``."""
    from v6port.fsutil import atomic_write

    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise InitError(f"{target}: exists and is not a directory")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise InitError(f"{target}: directory is not empty; use --force to write into it anyway")
    written: list[Path] = []
    try:
        for rel, text in sorted(rendered.files.items()):
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, text)
            written.append(path)
    except OSError as exc:
        raise UsageError(f"{target}: cannot write: {exc.strerror or exc}") from None
    return written


def init(
    directory: str | os.PathLike[str],
    language: Language = "python",
    ports: Sequence[str] = (),
    base_image: str | None = None,
    force: bool = False,
) -> list[Path]:
    """Validate, render, then write. Returns the files written."""
    if language not in LANGUAGES:
        raise InitError(f"--language {language!r}: use one of {', '.join(LANGUAGES)}")
    chosen = parse_ports(ports)
    image = check_base_image(base_image) if base_image else BASE_IMAGES[language]
    return write(directory, render(language, chosen, image), force)
