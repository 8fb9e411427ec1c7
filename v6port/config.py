"""Settings from ``.v6port.toml`` or ``[tool.v6port]`` in ``pyproject.toml``.

The nearest configuration above a linted file applies, as with ruff. Command
line options win over it. Unknown keys and rule codes are errors that name
the file, so a typo never silently turns a rule off.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from v6port.errors import UsageError
from v6port.findings import Severity

if TYPE_CHECKING:
    from pathlib import Path  # imported where used: a run without configuration never needs it

KEYS = ("select", "ignore", "fail-on", "severity", "build-args", "target", "per-file-ignores")


class _NoEntries(Mapping[str, Any]):
    """The empty mapping that a record's mapping field defaults to: it cannot change.

    Unlike ``types.MappingProxyType({})`` it pickles, and settings travel to the
    worker processes of ``lint --jobs``.
    """

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"

    def __reduce__(self) -> str:
        return "NO_ENTRIES"  # unpickles as this module's one instance


NO_ENTRIES: Mapping[str, Any] = _NoEntries()


class Settings(NamedTuple):
    select: frozenset[str] | None = None
    """None means every rule."""
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = NO_ENTRIES
    fail_on: Severity | None = Severity.WARNING
    """None means never fail on findings."""
    build_args: Mapping[str, str] = NO_ENTRIES
    target: str | None = None
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    root: Path | None = None
    """The folder of the configuration file, which per-file-ignores are relative to."""

    def enabled(self, code: str, path: str) -> bool:
        if self.select is not None and code not in self.select:
            return False
        if code in self.ignore:
            return False
        return not any(code in codes for codes in self._file_ignores(path))

    def _file_ignores(self, path: str) -> list[frozenset[str]]:
        if not self.per_file_ignores:
            return []
        from pathlib import Path

        rel = path
        if self.root is not None:
            try:
                rel = Path(os.path.abspath(path)).relative_to(self.root).as_posix()
            except ValueError:
                rel = Path(path).as_posix()
        name = Path(path).name
        return [
            codes
            for pattern, codes in self.per_file_ignores
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(name, pattern)
        ]

    def severity_of(self, code: str, default: Severity) -> Severity:
        return self.severity.get(code, default)


def parse_build_args(values: Sequence[str]) -> dict[str, str]:
    """``--build-arg`` values as docker build reads them: KEY=VALUE, or KEY from the environment."""
    out: dict[str, str] = {}
    for item in values:
        name, eq, value = item.partition("=")
        if not name:
            raise UsageError(f"--build-arg {item!r}: expected KEY=VALUE")
        if not eq:
            if name not in os.environ:
                continue
            value = os.environ[name]
        out[name] = value
    return out


FAIL_ON_LEVELS = ("error", "warning", "info", "never")
"""What --fail-on and `fail-on` accept: a severity, or never."""


def parse_fail_on(text: str) -> Severity | None:
    if text.strip().lower() == "never":
        return None
    try:
        return Severity.parse(text)
    except ValueError:
        raise UsageError(
            f"unknown fail-on level {text!r}: use error, warning, info or never"
        ) from None


def from_table(table: Mapping[str, Any], where: str, root: Path | None) -> Settings:
    from v6port.rules import resolve_codes

    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise UsageError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(KEYS)})")

    def code_list(key: str) -> frozenset[str]:
        value = table[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UsageError(f"{where}: {key} must be a list of rule codes")
        return frozenset(resolve_codes(value, f"{where}: {key}"))

    settings = Settings(root=root)
    if "select" in table:
        settings = settings._replace(select=code_list("select"))
    if "ignore" in table:
        settings = settings._replace(ignore=code_list("ignore"))
    if "fail-on" in table:
        try:
            fail_on = parse_fail_on(str(table["fail-on"]))
        except UsageError as exc:
            raise UsageError(f"{where}: fail-on: {exc}") from None
        settings = settings._replace(fail_on=fail_on)
    if "severity" in table:
        overrides: dict[str, Severity] = {}
        raw = table["severity"]
        if not isinstance(raw, dict):
            raise UsageError(f'{where}: severity must be a table of CODE = "level"')
        for code, level in raw.items():
            for c in resolve_codes([code], f"{where}: severity"):
                try:
                    overrides[c] = Severity.parse(str(level))
                except ValueError as exc:
                    raise UsageError(f"{where}: severity.{code}: {exc}") from None
        settings = settings._replace(severity=overrides)
    if "build-args" in table:
        raw = table["build-args"]
        if not isinstance(raw, dict):
            raise UsageError(f'{where}: build-args must be a table of NAME = "value"')
        settings = settings._replace(build_args={str(k): str(v) for k, v in raw.items()})
    if "target" in table:
        settings = settings._replace(target=str(table["target"]))
    if "per-file-ignores" in table:
        raw = table["per-file-ignores"]
        if not isinstance(raw, dict):
            raise UsageError(f'{where}: per-file-ignores must be a table of "glob" = [codes]')
        pfi = []
        for pattern, codes in raw.items():
            if isinstance(codes, str):
                codes = [codes]
            pfi.append(
                (str(pattern), frozenset(resolve_codes(codes, f"{where}: per-file-ignores")))
            )
        settings = settings._replace(per_file_ignores=tuple(pfi))
    return settings


def _load_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib
    try:
        with path.open("rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
            return data
    except OSError as exc:
        raise UsageError(f"{path}: cannot read configuration: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None


def load_file(path: Path) -> Settings:
    data = _load_toml(path)
    root = path.resolve().parent
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("v6port", {})
        return from_table(table, f"{path} [tool.v6port]", root)
    return from_table(data, str(path), root)


def discover(directory: str | os.PathLike[str]) -> Settings | None:
    """The nearest configuration at or above ``directory``."""
    return nearest(os.path.abspath(directory), {})


def nearest(directory: str, memo: dict[str, Settings | None]) -> Settings | None:
    """``discover`` for an absolute folder, remembering each folder it looks at in ``memo``.

    Files in sibling folders share their parents' lookups, so a run over many
    folders looks at each folder once.
    """
    if directory in memo:
        return memo[directory]
    found: Settings | None = None
    dotfile = os.path.join(directory, ".v6port.toml")
    pyproject = os.path.join(directory, "pyproject.toml")
    if _is_file(dotfile):
        from pathlib import Path

        found = load_file(Path(dotfile))
    elif _is_file(pyproject) and _mentions_v6port(pyproject):
        from pathlib import Path

        if "v6port" in _load_toml(Path(pyproject)).get("tool", {}):
            found = load_file(Path(pyproject))
    if found is None:
        parent = os.path.dirname(directory)
        found = nearest(parent, memo) if parent != directory else None
    memo[directory] = found
    return found


def _mentions_v6port(path: str) -> bool:
    """Most pyproject.toml files have no [tool.v6port]: skip parsing TOML for those."""
    try:
        with open(path, "rb") as fh:
            return b"v6port" in fh.read()
    except OSError:
        return True  # let the TOML reader report it


def _is_file(path: str) -> bool:
    """``Path(path).is_file()`` without importing pathlib: a missing path is not a file."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return False
        raise
    except ValueError:
        return False


class Overrides(NamedTuple):
    """What the command line says; None or empty means "not given"."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    fail_on: Severity | None = None
    fail_on_given: bool = False
    build_args: Mapping[str, str] = NO_ENTRIES
    target: str | None = None


def merge(base: Settings | None, cli: Overrides) -> Settings:
    s = base or Settings()
    return s._replace(
        select=cli.select if cli.select is not None else s.select,
        ignore=s.ignore | cli.ignore,
        fail_on=cli.fail_on if cli.fail_on_given else s.fail_on,
        build_args={**s.build_args, **cli.build_args},
        target=cli.target if cli.target is not None else s.target,
    )
