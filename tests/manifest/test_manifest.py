"""The port manifest: generation, the schema, loading, diffing, the node's view."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import v6port
from v6port.manifest import Manifest, PortEntry, diff, parse_manifest

SCHEMA = json.loads(files("v6port.manifest").joinpath("schema.json").read_text())


def validate(doc: Any) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)


def dockerfile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "Dockerfile"
    path.write_text(text)
    return path


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_round_trip_dockerfile_to_manifest_to_load(tmp_path: Path) -> None:
    path = dockerfile(
        tmp_path,
        'FROM scratch\nARG P=9000\nEXPOSE 8889/udp 8888 ${P}\nLABEL p8888="com" p8889=data\n',
    )
    manifest = v6port.manifest_from_dockerfile(path)
    assert manifest.ports == (
        PortEntry(8888, "tcp", "com"),
        PortEntry(8889, "udp", "data"),
        PortEntry(9000, "tcp", None),
    )
    out = tmp_path / "v6-ports.json"
    out.write_text(manifest.to_json())
    validate(json.loads(out.read_text()))
    loaded = v6port.load_manifest(out)
    assert loaded.ports == manifest.ports
    assert not diff(loaded, manifest)


def test_build_args_and_target_are_recorded(tmp_path: Path) -> None:
    path = dockerfile(
        tmp_path, "FROM scratch AS a\nARG P\nEXPOSE $P\nFROM scratch AS b\nEXPOSE 1\n"
    )
    manifest = v6port.manifest_from_dockerfile(path, build_args={"P": "7000"}, target="a")
    assert [p.port for p in manifest.ports] == [7000]
    assert manifest.source["build_args"] == {"P": "7000"}
    assert manifest.source["target"] == "a"
    validate(manifest.to_dict())


def test_mangled_label_is_recorded_as_the_node_sees_it(tmp_path: Path) -> None:
    manifest = v6port.manifest_from_dockerfile(
        dockerfile(tmp_path, 'FROM scratch\nEXPOSE 8888\nLABEL p8888 = "com"\n')
    )
    assert manifest.ports == (PortEntry(8888, "tcp", "= com"),)


def test_no_expose_gives_empty_ports_and_node_fallback(tmp_path: Path) -> None:
    manifest = v6port.manifest_from_dockerfile(dockerfile(tmp_path, "FROM scratch\n"))
    assert manifest.ports == ()
    assert manifest.node_ports() == [{"port": "8888", "label": None}]


def test_ranges_expand_as_buildkit_does(tmp_path: Path) -> None:
    manifest = v6port.manifest_from_dockerfile(
        dockerfile(tmp_path, "FROM scratch\nEXPOSE 9000-9002/UDP\n")
    )
    assert [(p.port, p.protocol) for p in manifest.ports] == [
        (9000, "udp"),
        (9001, "udp"),
        (9002, "udp"),
    ]


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("FROM scratch\nEXPOSE $PORT\n", "$PORT"),
        ("FROM scratch\nEXPOSE 80/http\n", "invalid port '80/http'"),
        ('FROM scratch\nLABEL p1="x\n', "line 2"),
    ],
    ids=["unresolved-variable", "invalid-spec", "parse-error"],
)
def test_unresolvable_ports_refuse_a_manifest(tmp_path: Path, text: str, why: str) -> None:
    with pytest.raises(v6port.ManifestError, match=r".*") as info:
        v6port.manifest_from_dockerfile(dockerfile(tmp_path, text))
    assert why in str(info.value)
    assert str(tmp_path / "Dockerfile") in str(info.value)


def test_node_ports_one_entry_per_key_protocol_dropped() -> None:
    manifest = Manifest(
        (
            PortEntry(8888, "tcp", "com"),
            PortEntry(8888, "udp", "com"),
            PortEntry(9000, "tcp", None),
        ),
        {"type": "image", "ref": "x", "digest": None},
    )
    assert manifest.node_ports() == [
        {"port": "8888", "label": "com"},
        {"port": "8888", "label": "com"},
        {"port": "9000", "label": None},
    ]


def test_manifest_from_image_config_accepts_inspect_and_oci_shapes() -> None:
    runtime = {"ExposedPorts": {"8888/tcp": {}, "9000": {}}, "Labels": {"p8888": "com"}}
    for shape in (runtime, {"Config": runtime}, {"config": runtime}):
        manifest = v6port.manifest_from_image_config(shape, ref="reg/algo:1")
        assert manifest.ports == (PortEntry(8888, "tcp", "com"), PortEntry(9000, "tcp", None))
        assert manifest.source == {"type": "image", "ref": "reg/algo:1", "digest": None}
        validate(manifest.to_dict())


def test_image_key_with_leading_zero_gets_the_label_the_node_looks_up() -> None:
    manifest = v6port.manifest_from_image_config(
        {"ExposedPorts": {"08888/tcp": {}}, "Labels": {"p8888": "com", "p08888": "odd"}}
    )
    assert manifest.ports == (PortEntry(8888, "tcp", "odd"),)


def test_output_is_deterministic(tmp_path: Path) -> None:
    path = dockerfile(tmp_path, "FROM scratch\nEXPOSE 2 1\nLABEL p1=a p2=b\n")
    first = v6port.manifest_from_dockerfile(path).to_json()
    assert first == v6port.manifest_from_dockerfile(path).to_json()
    assert first.endswith("}\n")
    assert '\n  "source": {\n    "type": "dockerfile",' in first
    assert list(json.loads(first)) == ["schema_version", "source", "ports"]


VALID = {
    "schema_version": 1,
    "source": {"type": "dockerfile", "path": "Dockerfile", "target": None, "build_args": {}},
    "ports": [{"port": 8888, "protocol": "tcp", "label": "com"}],
}


def _with(path: str, value: Any) -> dict[str, Any]:
    doc = json.loads(json.dumps(VALID))
    *parents, last = path.split(".")
    node = doc
    for p in parents:
        node = node[int(p)] if p.isdigit() else node[p]
    node[last] = value
    return doc


INVALID = {
    "string-port": _with("ports.0.port", "8888"),
    "upper-protocol": _with("ports.0.protocol", "TCP"),
    "port-0": _with("ports.0.port", 0),
    "port-70000": _with("ports.0.port", 70000),
    "bool-port": _with("ports.0.port", True),
    "label-number": _with("ports.0.label", 5),
    "schema-version-2": _with("schema_version", 2),
    "unknown-source": _with("source", {"type": "git"}),
    "bad-digest": _with("source", {"type": "image", "ref": "x", "digest": "sha256:xyz"}),
    "extra-key": {**VALID, "generated": "now"},
    "ports-not-list": _with("ports", {}),
}


@pytest.mark.parametrize("doc", list(INVALID.values()), ids=list(INVALID))
def test_schema_and_loader_both_reject(doc: Any) -> None:
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
    with pytest.raises(v6port.ManifestError, match="not a valid v6port manifest"):
        parse_manifest(doc, "m.json")


def test_schema_and_loader_both_accept_valid() -> None:
    validate(VALID)
    assert parse_manifest(VALID, "m.json").ports == (PortEntry(8888, "tcp", "com"),)


def test_load_manifest_reports_bad_json(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    bad.write_text("{not json")
    with pytest.raises(v6port.ManifestError, match=r"m\.json: not a valid v6port manifest"):
        v6port.load_manifest(bad)


def test_diff_names_added_removed_relabelled() -> None:
    src = {"type": "image", "ref": "x", "digest": None}
    old = Manifest((PortEntry(1, "tcp", "a"), PortEntry(2, "tcp", "b")), src)
    new = Manifest((PortEntry(2, "tcp", "c"), PortEntry(3, "udp", None)), src)
    lines = diff(old, new).lines()
    assert lines == [
        "+ port 3/udp label None",
        "- port 1/tcp label 'a'",
        "~ port 2/tcp: label 'b' -> 'c'",
    ]
