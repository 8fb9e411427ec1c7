"""The manifest as Kubernetes sees ports: a container ``ports:`` list and a NetworkPolicy.

vantage6 5.x nodes run algorithms as Kubernetes Jobs in a namespace with a
deny-all NetworkPolicy; these are the pieces that let peers in.
"""

from __future__ import annotations

from v6port.manifest import Manifest, ManifestError
from v6port.model import is_k8s_port_name
from v6port.rules.v6p018_label_not_k8s_port_name import EXPLANATION


def render(manifest: Manifest, subject: str, policy_name: str = "v6-algorithm-ports") -> str:
    for p in manifest.ports:
        if p.label is not None and not is_k8s_port_name(p.label):
            raise ManifestError(
                f"{subject}: label {p.label!r} of port {p.port}/{p.protocol} cannot be a "
                f"Kubernetes port name (V6P018): {EXPLANATION}"
            )
    lines = ["# Container ports (for the algorithm container's spec)", "ports:"]
    if not manifest.ports:
        lines[-1] = "ports: []"
    for p in manifest.ports:
        lines.append(f"  - containerPort: {p.port}")
        if p.label is not None:
            lines.append(f"    name: {p.label}")
        lines.append(f"    protocol: {p.protocol.upper()}")
    lines += [
        "---",
        "apiVersion: networking.k8s.io/v1",
        "kind: NetworkPolicy",
        "metadata:",
        f"  name: {policy_name}",
        "spec:",
        "  podSelector: {}",
        "  policyTypes:",
        "    - Ingress",
    ]
    if manifest.ports:
        lines += ["  ingress:", "    - ports:"]
        for p in manifest.ports:
            lines += [f"        - port: {p.port}", f"          protocol: {p.protocol.upper()}"]
    else:
        lines.append("  ingress: []")
    return "\n".join(lines) + "\n"
