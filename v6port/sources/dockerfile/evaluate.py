"""Evaluate a parsed Dockerfile into the final image's ports and labels, as BuildKit would.

Facts encoded here (see docs/port-semantics): global ARGs are visible in a
stage only when redeclared; a stage's own default beats the global one and a
--build-arg beats both; ENV beats ARG; ``FROM <stage>`` inherits ENV, ports and
labels; ONBUILD does not apply to the image being built; EXPOSE words split
after expansion; LABEL keys and values are both expanded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from v6port.findings import Span
from v6port.model import (
    NEAR_PORT_LABEL_RE,
    PORT_LABEL_RE,
    Declaration,
    ExposedPort,
    InvalidPort,
    Label,
    ParseProblem,
    Stray,
    Unresolved,
    parse_port_spec,
)
from v6port.sources.dockerfile.expand import ExpansionError, expand
from v6port.sources.dockerfile.parse import Dockerfile, Instruction, unknown_instruction

_NAME_VAL_NEEDS = {"LABEL", "ENV", "EXPOSE", "ARG", "FROM"}
_WS = re.compile(r"\s")


class TargetNotFound(ValueError):
    pass


class _Stage:
    __slots__ = ("args", "base", "env", "index", "labels", "name", "own", "parent", "ports", "span")

    def __init__(
        self,
        index: int,
        name: str | None,
        span: Span,
        parent: int | None,
        base: str | None,
        env: dict[str, str] | None = None,
        args: dict[str, str] | None = None,
        ports: list[ExposedPort] | None = None,
        labels: dict[str, Label] | None = None,
        own: list[Stray] | None = None,
    ) -> None:
        self.index = index
        self.name = name
        self.span = span
        self.parent = parent
        self.base = base
        self.env: dict[str, str] = {} if env is None else env
        self.args: dict[str, str] = {} if args is None else args
        self.ports: list[ExposedPort] = [] if ports is None else ports
        self.labels: dict[str, Label] = {} if labels is None else labels
        self.own: list[Stray] = [] if own is None else own

    @property
    def display(self) -> str:
        return self.name or f"#{self.index}"

    def scope(self) -> dict[str, str]:
        return {**self.args, **self.env}


def evaluate(
    df: Dockerfile,
    build_args: Mapping[str, str] | None = None,
    target: str | None = None,
) -> Declaration:
    build_args = dict(build_args or {})
    decl = Declaration(subject=df.path, kind="dockerfile", escape=df.escape)
    global_args: dict[str, str] = {}
    stages: list[_Stage] = []

    def problem(message: str, ins: Instruction) -> None:
        decl.parse_problems.append(ParseProblem(message, Span(ins.start_line)))

    for ins in df.instructions:
        if ins.keyword in _NAME_VAL_NEEDS and not ins.args:
            problem(f"{ins.keyword} requires at least one argument", ins)
            if ins.keyword == "FROM":  # the build fails, but what follows is in a stage
                stages.append(_Stage(len(stages), None, Span(ins.start_line, 1, None), None, ""))
            continue
        if unknown_instruction(ins):
            problem(f"unknown instruction: {ins.keyword}", ins)
            continue
        try:
            if ins.keyword == "FROM":
                stages.append(_from(df, ins, stages, global_args))
            elif not stages:
                if ins.keyword == "ARG":
                    _arg(ins, global_args, global_args, build_args, None, df.escape)
                else:
                    problem(f"{ins.keyword} before the first FROM: no build stage", ins)
            elif ins.keyword == "ARG":
                stage = stages[-1]
                _arg(ins, stage.args, stage.scope(), build_args, global_args, df.escape)
            elif ins.keyword == "ENV":
                _env(ins, stages[-1], df.escape)
            elif ins.keyword == "EXPOSE":
                _expose(df, ins, stages[-1], decl)
            elif ins.keyword == "LABEL":
                _label(df, ins, stages[-1], decl)
        except ExpansionError as exc:
            problem(f"{ins.keyword}: {exc}", ins)

    if not stages:
        if not decl.parse_problems:
            message = "no FROM instruction" if df.instructions else "file has no instructions"
            decl.parse_problems.append(ParseProblem(message, Span(1)))
        return decl

    final = _pick_target(stages, target)
    chain = {final.index}
    cursor: int | None = final.parent
    while cursor is not None:
        chain.add(cursor)
        cursor = stages[cursor].parent
    for stage in stages:
        if stage.index not in chain:
            decl.stray.extend(stage.own)
    decl.ports = final.ports
    decl.labels = final.labels
    decl.final_span = final.span
    root = final
    while root.parent is not None:
        root = stages[root.parent]
    decl.base_images = (root.base,) if root.base and root.base != "scratch" else ()
    return decl


def _pick_target(stages: list[_Stage], target: str | None) -> _Stage:
    if target is None:
        return stages[-1]
    for stage in stages:
        if stage.name == target.lower():
            return stage
    names = ", ".join(s.name for s in stages if s.name) or "none"
    raise TargetNotFound(f"target stage {target!r} could not be found (stages: {names})")


def _from(
    df: Dockerfile, ins: Instruction, stages: list[_Stage], global_args: dict[str, str]
) -> _Stage:
    try:
        image = expand(ins.args[0], global_args, df.escape).result
    except ExpansionError as exc:
        # The build fails here, but a stage still starts: later instructions belong to it.
        stages.append(_Stage(len(stages), None, Span(ins.start_line, 1, None), None, ins.args[0]))
        raise exc
    name = ins.args[2].lower() if len(ins.args) >= 3 and ins.args[1].lower() == "as" else None
    span = Span(ins.start_line, 1, None)
    parent = next((s for s in reversed(stages) if s.name and s.name == image.lower()), None)
    stage = _Stage(len(stages), name, span, parent.index if parent else None, image)
    if parent is not None:
        stage.base = None
        stage.env = dict(parent.env)
        stage.ports = list(parent.ports)
        stage.labels = dict(parent.labels)
    return stage


def _arg(
    ins: Instruction,
    target: dict[str, str],
    scope: Mapping[str, str],
    build_args: Mapping[str, str],
    global_args: Mapping[str, str] | None,
    escape: str,
) -> None:
    for word in ins.args:
        name, eq, default = word.partition("=")
        if name in build_args:
            target[name] = build_args[name]
        elif eq:
            target[name] = expand(default, scope, escape).result
        elif global_args is not None and name in global_args:
            target[name] = global_args[name]


def _env(ins: Instruction, stage: _Stage, escape: str) -> None:
    scope = stage.scope()
    if len(ins.args) % 2:
        raise ExpansionError("ENV needs name=value pairs")
    pairs = list(zip(ins.args[::2], ins.args[1::2], strict=True))
    for key, value in pairs:
        stage.env[expand(key, scope, escape).result] = expand(value, scope, escape).result


def _expose(df: Dockerfile, ins: Instruction, stage: _Stage, decl: Declaration) -> None:
    scope = stage.scope()
    spans = df.locate_words(ins, ins.args)
    for arg, span in zip(ins.args, spans, strict=True):
        expansion = expand(arg, scope, df.escape)
        if expansion.unset:
            decl.unresolved.append(Unresolved(tuple(sorted(expansion.unset)), "port", arg, span))
        for word in expansion.words:
            stage.own.append(Stray("EXPOSE", word, stage.display, span))
            parsed = parse_port_spec(word)
            if isinstance(parsed, str):
                decl.invalid_ports.append(InvalidPort(word, parsed, span))
                continue
            ports, notes = parsed
            for number, protocol in ports:
                stage.ports.append(
                    ExposedPort(
                        port=number,
                        protocol=protocol,
                        spec=word,
                        label_key=f"p{number}",
                        span=span,
                        stage=stage.display,
                        in_range=bool(notes["range"]),
                        protocol_as_written=str(notes["protocol_as_written"]),
                        host_part=notes["host_part"] if notes["host_part"] else None,  # type: ignore[arg-type]
                        raw=arg,
                        continued=ins.end_line != ins.start_line,
                    )
                )


def _label(df: Dockerfile, ins: Instruction, stage: _Stage, decl: Declaration) -> None:
    scope = stage.scope()
    if len(ins.args) % 2:
        raise ExpansionError("LABEL needs key=value pairs")
    form = "legacy" if _is_legacy(ins, df.escape) else "new"
    spans = df.locate_words(ins, ins.args)
    for i in range(0, len(ins.args), 2):
        raw_key, raw_value = ins.args[i], ins.args[i + 1]
        key_x = expand(raw_key, scope, df.escape)
        value = expand(raw_value, scope, df.escape).result
        key = key_x.result
        key_span, value_span = spans[i], spans[i + 1]
        if value_span.end_column is None:
            value_span = key_span
        if key_x.unset and raw_key.lstrip("\"' ")[:1] in ("p", "P"):
            decl.unresolved.append(
                Unresolved(tuple(sorted(key_x.unset)), "label key", raw_key, key_span)
            )
        label = Label(
            key=key,
            value=value,
            span=key_span,
            value_span=value_span,
            form=form,  # type: ignore[arg-type]
            stage=stage.display,
            raw_key=raw_key,
            raw_value=raw_value,
            continued=ins.end_line != ins.start_line,
        )
        stage.labels[key] = label
        if PORT_LABEL_RE.fullmatch(key) or NEAR_PORT_LABEL_RE.fullmatch(key):
            stage.own.append(Stray("LABEL", f"{key}={value}", stage.display, key_span))


def _is_legacy(ins: Instruction, escape: str) -> bool:
    """BuildKit uses the legacy form when the first word (quote-aware) has no '='."""
    text = ins.original.lstrip()
    text = (
        text[len(ins.keyword) :].lstrip()
        if text[: len(ins.keyword)].upper() == ins.keyword
        else text
    )
    quote = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == escape and quote == '"':
                i += 1
            elif ch == quote:
                quote = ""
        elif ch == escape:
            i += 1
        elif ch in "\"'":
            quote = ch
        elif ch == "=":
            return False
        elif _WS.match(ch):
            return True
        i += 1
    return True
