"""## What it does
Notes a port label that cannot be a Kubernetes container port name
(IANA_SVC_NAME: 1-15 characters, lower-case letters, digits and `-`, at least
one letter, no leading, trailing or doubled `-`).

## Why is this bad?
vantage6 5.x nodes run algorithms as Kubernetes Jobs. A label that is also a
valid port name carries over as the container port's `name` unchanged
(`v6port manifest --format k8s`).

## Example
```dockerfile
EXPOSE 8888
LABEL p8888="Communication_Port"
```

Use instead:
```dockerfile
EXPOSE 8888
LABEL p8888="com"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from v6port.findings import Severity
from v6port.model import Declaration, is_k8s_port_name
from v6port.rules import Violation
from v6port.rules.v6p004_mangled_label_value import intended

CODE = "V6P018"
NAME = "label-not-k8s-port-name"
SEVERITY = Severity.INFO
SUMMARY = "A port label cannot be a Kubernetes port name"

EXPLANATION = (
    "a Kubernetes port name has 1-15 characters: lower-case letters, digits and '-', "
    "at least one letter, no leading, trailing or doubled '-'"
)


def check(decl: Declaration) -> Iterator[Violation]:
    for port in decl.unique_ports():
        label = decl.label_for(port)
        # A mangled value is V6P004's to report; its fix decides the name.
        if label is None or not label.value or intended(label.value) is not None:
            continue
        if not is_k8s_port_name(label.value):
            yield Violation(
                f"label {label.key}={label.value!r} cannot be a Kubernetes port name: "
                f"{EXPLANATION}",
                label.span,
            )
