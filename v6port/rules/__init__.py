"""The rule catalog. Each rule is one module here; its docstring is its documentation.

A rule module defines ``CODE``, ``NAME``, ``SEVERITY``, ``SUMMARY`` and
``check(decl) -> Iterable[Violation]``. Codes are a public contract: never
reuse or renumber one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import cache
from types import ModuleType
from typing import NamedTuple

from v6port.findings import Fix, Severity, Span
from v6port.model import Declaration

DOCS_URL = "https://github.com/v6port/v6port/blob/main/docs/rules/{code}.md"

_MODULES = (
    "v6p001_port_without_label",
    "v6p002_label_without_port",
    "v6p003_duplicate_label",
    "v6p004_mangled_label_value",
    "v6p005_legacy_label_form",
    "v6p006_invalid_port",
    "v6p007_non_tcp_port",
    "v6p008_protocol_collision",
    "v6p009_unreachable_label_key",
    "v6p010_empty_label",
    "v6p011_label_too_long",
    "v6p012_unresolved_variable",
    "v6p013_no_exposed_ports",
    "v6p014_host_port_in_expose",
    "v6p015_protocol_casing",
    "v6p016_port_range",
    "v6p017_not_in_final_image",
    "v6p018_label_not_k8s_port_name",
    "v6p019_manifest_out_of_date",
    "v6p020_parse_error",
    "v6p021_nonstandard_image_port_key",
    "v6p022_image_differs_from_dockerfile",
)


class Violation(NamedTuple):
    message: str
    span: Span | None = None
    fix: Fix | None = None


class Rule(NamedTuple):
    code: str
    name: str
    severity: Severity
    summary: str
    module: ModuleType

    @property
    def check(self) -> Callable[[Declaration], Iterable[Violation]] | None:
        return getattr(self.module, "check", None)

    @property
    def doc(self) -> str:
        return (self.module.__doc__ or "").strip()

    @property
    def help_uri(self) -> str:
        return DOCS_URL.format(code=self.code)


@cache
def catalog() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for name in _MODULES:
        module = importlib.import_module(f"v6port.rules.{name}")
        rules[module.CODE] = Rule(module.CODE, module.NAME, module.SEVERITY, module.SUMMARY, module)
    return rules


def resolve_codes(codes: Iterable[str], where: str) -> set[str]:
    """Expand codes and prefixes (``V6P00``, ``ALL``) to rule codes; unknown ones are errors."""
    from v6port.errors import UsageError

    known = catalog()
    out: set[str] = set()
    for raw in codes:
        code = raw.strip().upper()
        if not code:
            continue
        matched = set(known) if code == "ALL" else {c for c in known if c.startswith(code)}
        if not matched:
            raise UsageError(f"{where}: unknown rule code {raw!r} (see `v6port rules`)")
        out |= matched
    return out
