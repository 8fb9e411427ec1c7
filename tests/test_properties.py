"""Property-based tests of the Dockerfile layer: generated Dockerfiles from a grammar.

Properties: lint never raises; ``--fix`` is idempotent; it changes no byte
outside the spans it rewrites; and the manifest of a Dockerfile equals the
manifest of its fixed version, except for the labels the fix changed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from v6port.autofix import MAX_PASSES, fix_passes
from v6port.config import Settings
from v6port.findings import Edit, Finding, Report
from v6port.fix import apply_fixes, split_bom
from v6port.lint import lint_one
from v6port.manifest import Manifest, ManifestError, dockerfile_source, from_declaration
from v6port.model import Declaration
from v6port.sources.dockerfile import load

PROPERTIES = settings(
    max_examples=int(os.environ.get("V6PORT_HYPOTHESIS_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PATH = "Dockerfile"

# --- The grammar --------------------------------------------------------------

NAMES = st.sampled_from(["P", "PORT", "N", "V", "X_1"])
PORT_NUMBERS = st.sampled_from(["80", "8888", "08888", "1", "443", "65535", "0", "70000"])
PROTOCOLS = st.sampled_from(["", "/tcp", "/TCP", "/Udp", "/udp", "/sctp", "/SCTP", "/foo", "/"])


@st.composite
def variable(draw: st.DrawFn) -> str:
    name = draw(NAMES)
    form = draw(st.sampled_from(["$N", "${N}", "${N:-80}", "${N-x}", "${N:+1}", "${N#8}"]))
    return form.replace("N", name)


@st.composite
def port_word(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(variable())
    if kind == 1:
        return draw(PORT_NUMBERS) + "-" + draw(PORT_NUMBERS) + draw(PROTOCOLS)
    if kind == 2:
        return '"' + draw(PORT_NUMBERS) + draw(PROTOCOLS) + '"'
    if kind == 3:
        return "8080:" + draw(PORT_NUMBERS) + draw(PROTOCOLS)
    if kind == 4:
        return draw(PORT_NUMBERS) + "/" + draw(variable())
    return draw(PORT_NUMBERS) + draw(PROTOCOLS)


@st.composite
def label_key(draw: st.DrawFn) -> str:
    number = draw(PORT_NUMBERS)
    return draw(
        st.sampled_from(
            [
                f"p{number}",
                f"P{number}",
                f"p0{number}",
                f'"p{number}"',
                f'" p{number}"',
                f"p${{{draw(NAMES)}}}",
                "maintainer",
                "a.b-c",
            ]
        )
    )


VALUE_TEXT = st.sampled_from(
    ["com", "data", "a b", " com ", "c$m", 'c"m', "c\\m", "c`m", "=com", ""]
)


@st.composite
def label_value(draw: st.DrawFn, escape: str) -> str:
    text = draw(VALUE_TEXT)
    quoting = draw(st.integers(0, 4))
    if quoting == 0 and text and not any(c in text for c in " \"'$\\`="):
        return text
    if quoting == 1 and "'" not in text:
        return "'" + text + "'"
    if quoting == 2:
        return '"' + draw(variable()) + '"'
    inner = "".join(escape + c if c in {'"', "$", escape} else c for c in text)
    return '"' + inner + '"'


@st.composite
def label_instruction(draw: st.DrawFn, escape: str) -> list[str]:
    form = draw(st.sampled_from(["new", "legacy", "spaced"]))
    key = draw(label_key())
    if form == "new":
        pairs = [f"{key}={draw(label_value(escape))}"]
        for _ in range(draw(st.integers(0, 2))):
            pairs.append(f"{draw(label_key())}={draw(label_value(escape))}")
        return pairs
    if form == "legacy":
        words = [key, draw(label_value(escape))]
        if draw(st.booleans()):
            words.append(draw(st.sampled_from(["more", "p80=x", '"x y"'])))
        return words
    spacing = draw(st.sampled_from([" = ", "   =   ", " =", "= "]))
    return [key + spacing + draw(label_value(escape))]


@st.composite
def instruction(draw: st.DrawFn, escape: str) -> tuple[str, list[str]]:
    kind = draw(
        st.sampled_from(
            ["FROM", "ARG", "ENV", "EXPOSE", "EXPOSE", "LABEL", "LABEL", "LABEL", "RUN"]
        )
    )
    if kind == "FROM":
        words = [draw(st.sampled_from(["scratch", "base", "${IMG:-scratch}", "build"]))]
        if draw(st.booleans()):
            words += ["AS", draw(st.sampled_from(["build", "final", "base"]))]
    elif kind == "ARG":
        name = draw(NAMES)
        words = [name if draw(st.booleans()) else f"{name}={draw(PORT_NUMBERS)}"]
    elif kind == "ENV":
        words = [f"{draw(NAMES)}={draw(st.sampled_from(['8888', '80/udp', 'a b', '$P']))}"]
        if '"' not in words[0] and " " in words[0]:
            words = [words[0].replace("=", '="', 1) + '"']
    elif kind == "EXPOSE":
        words = [draw(port_word()) for _ in range(draw(st.integers(1, 3)))]
    elif kind == "LABEL":
        words = draw(label_instruction(escape))
    else:
        words = [draw(st.sampled_from(["echo hi", "true", "<<EOF", "<<-'EOT' bash"]))]
    return kind, words


def _keyword(draw: st.DrawFn, kind: str) -> str:
    return draw(st.sampled_from([kind, kind.lower(), kind.capitalize()]))


HEREDOC_BODY = st.lists(
    st.sampled_from(["EXPOSE 1/TCP", 'LABEL p1 = "x"', "echo $P", "", "# c"]), max_size=3
)


@st.composite
def dockerfile(draw: st.DrawFn) -> bytes:
    escape = draw(st.sampled_from(["\\", "\\", "`"]))
    lines: list[str] = []
    if escape == "`" or draw(st.booleans()):
        lines.append(f"# escape={escape}")
    if draw(st.booleans()):
        lines.append(f"ARG {draw(NAMES)}={draw(PORT_NUMBERS)}")
    lines.append(f"{_keyword(draw, 'FROM')} {draw(st.sampled_from(['scratch', 'base']))}")
    for _ in range(draw(st.integers(0, 8))):
        extra = draw(st.integers(0, 9))
        if extra == 0:
            lines.append(draw(st.sampled_from(["", "   ", "# a comment", "#EXPOSE 1/TCP"])))
            continue
        kind, words = draw(instruction(escape))
        head = _keyword(draw, kind)
        pieces = [head]
        for word in words:
            # A continuation between words, sometimes with a comment or blank line inside.
            if draw(st.integers(0, 4)) == 0:
                pieces.append(f" {escape}")
                lines.append("".join(pieces))
                if draw(st.booleans()):
                    lines.append(draw(st.sampled_from(["# inside", ""])))
                pieces = ["   " + word]
            else:
                pieces.append(" " + word)
        if draw(st.integers(0, 5)) == 0:
            pieces.append(draw(st.sampled_from(["  ", "\t", " # not a comment"])))
        lines.append("".join(pieces))
        if kind == "RUN" and "<<" in words[0]:
            delimiter = "EOT" if "EOT" in words[0] else "EOF"
            lines.extend(draw(HEREDOC_BODY))
            lines.append(delimiter)
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline.join(lines) + (newline if draw(st.booleans()) else "")
    bom = "\ufeff" if draw(st.integers(0, 5)) == 0 else ""
    return (bom + text).encode("utf-8")


# --- Helpers ------------------------------------------------------------------


def lint(data: bytes) -> Report:
    report = Report()
    lint_one(PATH, data, Settings(), report, False)
    return report


def declaration(data: bytes) -> Declaration:
    return load(PATH, data).declaration


def manifest(data: bytes) -> Manifest | str:
    try:
        return from_declaration(declaration(data), dockerfile_source(PATH, None, {}))
    except ManifestError as exc:
        return f"error: {exc}"


@dataclass
class Pass:
    before: bytes
    after: bytes
    edits: list[Edit]
    fixed: list[Finding]


def passes(data: bytes) -> list[Pass]:
    """``fix_passes``, step by step, keeping which findings each pass fixed."""
    out: list[Pass] = []
    for _ in range(MAX_PASSES):
        findings = lint(data).findings
        fixes = [f.fix for f in findings if f.fix is not None]
        if not fixes:
            break
        bom, text = split_bom(data)
        applied = apply_fixes(text, fixes)
        after = (bom + applied.text).encode("utf-8")
        if not applied.fixes or after == data:
            break
        fixed = [f for f in findings if any(f.fix is a for a in applied.applied)]
        edits = [e for fix in applied.applied for e in fix.edits]
        out.append(Pass(data, after, edits, fixed))
        data = after
    return out


def label_keys_changed(step: Pass) -> set[str]:
    """The label keys whose value a pass's fixes change: rewritten, renamed, and the new key."""
    decl = declaration(step.before)
    by_span = {(lb.span.line, lb.span.column): k for k, lb in decl.labels.items() if lb.span}
    keys: set[str] = set()
    for f in step.fixed:
        # V6P005 and V6P015 keep every stored value: they change no label.
        if f.code in {"V6P004", "V6P009"} and f.span is not None:
            keys.add(by_span[(f.span.line, f.span.column)])
        if f.code == "V6P009" and f.fix is not None:
            keys.add(f.fix.edits[0].replacement)
    return keys


# --- Properties ---------------------------------------------------------------


@PROPERTIES
@given(dockerfile())
def test_lint_never_raises(data: bytes) -> None:
    report = lint(data)
    assert all(isinstance(f, Finding) for f in report.findings)


@PROPERTIES
@given(st.binary(max_size=300))
def test_lint_never_raises_on_any_bytes(data: bytes) -> None:
    lint(data)
    fix_passes(PATH, data, Settings())


@PROPERTIES
@given(dockerfile())
def test_fix_is_idempotent(data: bytes) -> None:
    once = fix_passes(PATH, data, Settings())[0]
    assert fix_passes(PATH, once, Settings()) == (once, 0)
    assert not [f for f in lint(once).findings if f.fix is not None]


@PROPERTIES
@given(dockerfile())
def test_fix_changes_only_the_rewritten_spans(data: bytes) -> None:
    steps = passes(data)
    assert (steps[-1].after if steps else data) == fix_passes(PATH, data, Settings())[0]
    for step in steps:
        bom_before, before = split_bom(step.before)
        bom_after, after = split_bom(step.after)
        assert bom_before == bom_after
        old_lines, new_lines = before.split("\n"), after.split("\n")
        assert len(old_lines) == len(new_lines)
        edited: dict[int, list[Edit]] = {}
        for edit in step.edits:
            assert "\n" not in edit.replacement and "\r" not in edit.replacement
            edited.setdefault(edit.line, []).append(edit)
        for number, (old, new) in enumerate(zip(old_lines, new_lines, strict=True), 1):
            edits = sorted(edited.get(number, []), key=lambda e: e.column)
            if not edits:
                assert old == new
                continue
            # Rebuild the new line from the old one's untouched pieces and the replacements.
            rebuilt, cursor = [], 1
            for e in edits:
                rebuilt.append(old[cursor - 1 : e.column - 1])
                rebuilt.append(e.replacement)
                cursor = e.end_column
            rebuilt.append(old[cursor - 1 :])
            assert new == "".join(rebuilt)
            assert old.endswith("\r") == new.endswith("\r")


@PROPERTIES
@given(dockerfile())
def test_fix_keeps_the_manifest_except_the_labels_it_changed(data: bytes) -> None:
    steps = passes(data)
    fixed = steps[-1].after if steps else data
    changed: set[str] = set()
    for step in steps:
        changed |= label_keys_changed(step)
    before, after = manifest(data), manifest(fixed)
    if isinstance(before, str) or isinstance(after, str):
        assert isinstance(before, str) and isinstance(after, str), (before, after)
        return
    assert [(p.port, p.protocol) for p in before.ports] == [
        (p.port, p.protocol) for p in after.ports
    ]
    for old, new in zip(before.ports, after.ports, strict=True):
        if old.label != new.label:
            assert f"p{old.port}" in changed, (old, new, changed)
    # Labels outside the port entries: the same, except those the fix changed.
    old_labels, new_labels = declaration(data).labels, declaration(fixed).labels
    for key in (old_labels.keys() | new_labels.keys()) - changed:
        assert (key in old_labels) == (key in new_labels), key
        if key in old_labels:
            assert old_labels[key].value == new_labels[key].value, key


@pytest.mark.parametrize(
    "text",
    [
        'FROM scratch\nEXPOSE 8888 \\\n  9/TCP\nLABEL P8888 = "com"\n',
        "# escape=`\r\nFROM scratch\r\nEXPOSE 1/UDP\r\nLABEL p1 'a`b'",
        'FROM scratch\nRUN <<EOF\nLABEL p1 = "x"\nEOF\nEXPOSE 1\nlabel p01 = " a "\n',
    ],
)
def test_grammar_examples(text: str) -> None:
    data = text.encode()
    test_fix_is_idempotent.hypothesis.inner_test(data)  # type: ignore[attr-defined]
    test_fix_changes_only_the_rewritten_spans.hypothesis.inner_test(data)  # type: ignore[attr-defined]
    test_fix_keeps_the_manifest_except_the_labels_it_changed.hypothesis.inner_test(data)  # type: ignore[attr-defined]


@pytest.mark.parametrize("data", [b"\\", b"# escape=`\n`", b"FROM x\n\\"])
def test_a_lone_continuation_is_no_instruction(data: bytes) -> None:
    lint(data)  # found by test_lint_never_raises_on_any_bytes: the parser gave cmd None
