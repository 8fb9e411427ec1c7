"""Platforms ("os/arch[/variant]") and picking one manifest out of an index."""

from __future__ import annotations

import platform as _platform
from typing import Any, NamedTuple

# platform.machine() spellings to the GOARCH names images use.
_ARCH_ALIASES = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "x64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
    "armv8l": "arm64",
    "armv7l": "arm",
    "armv6l": "arm",
    "i386": "386",
    "i686": "386",
    "ppc64le": "ppc64le",
    "s390x": "s390x",
    "riscv64": "riscv64",
}


class Platform(NamedTuple):
    os: str
    architecture: str
    variant: str | None = None

    def __str__(self) -> str:
        text = f"{self.os}/{self.architecture}"
        return f"{text}/{self.variant}" if self.variant else text


def default_platform() -> Platform:
    machine = _platform.machine().lower()
    return Platform("linux", _ARCH_ALIASES.get(machine, machine))


def parse_platform(text: str | None) -> Platform:
    """ "os/arch[/variant]"; None means linux on this machine's architecture."""
    if text is None:
        return default_platform()
    parts = text.strip().lower().split("/")
    if len(parts) not in (2, 3) or not all(parts):
        raise ValueError(f"platform {text!r} is not os/arch[/variant]")
    arch = _ARCH_ALIASES.get(parts[1], parts[1])
    return Platform(parts[0], arch, parts[2] if len(parts) == 3 else None)


def _normal_variant(arch: str, variant: str | None) -> str | None:
    # containerd's normalisation: arm64 without a variant is v8.
    if arch == "arm64" and variant in (None, "", "v8"):
        return None
    return variant or None


def descriptor_platform(descriptor: dict[str, Any]) -> Platform | None:
    raw = descriptor.get("platform")
    if not isinstance(raw, dict):
        return None
    os_name, arch = raw.get("os"), raw.get("architecture")
    if not isinstance(os_name, str) or not isinstance(arch, str):
        return None
    variant = raw.get("variant")
    return Platform(os_name, arch, variant if isinstance(variant, str) and variant else None)


def pick_manifest(
    descriptors: list[dict[str, Any]], wanted: Platform
) -> tuple[dict[str, Any] | None, list[str]]:
    """The first descriptor for `wanted`, and the platforms on offer (for the error message).

    Without a requested variant, the first entry for the os/arch wins (the order is the
    publisher's preference); attestation entries ("unknown/unknown") never match.
    """
    offered: list[str] = []
    fallback: dict[str, Any] | None = None
    want_variant = _normal_variant(wanted.architecture, wanted.variant)
    for descriptor in descriptors:
        plat = descriptor_platform(descriptor)
        if plat is None:
            continue
        offered.append(str(plat))
        if plat.os != wanted.os or plat.architecture != wanted.architecture:
            continue
        variant = _normal_variant(plat.architecture, plat.variant)
        if variant == want_variant:
            return descriptor, offered
        if wanted.variant is None and fallback is None:
            fallback = descriptor
    return fallback, offered
