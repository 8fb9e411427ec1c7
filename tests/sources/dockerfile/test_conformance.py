"""The facts of port-semantics.md sections 2-5, each case naming the fact it encodes.

Ports are the final image's ExposedPorts keys and labels its stored values,
as BuildKit (or, where noted, buildah) would produce them.
"""

from __future__ import annotations

import pytest
from helpers import labels, only, ports, problems, where

# --- 2. EXPOSE -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # fact 2.1: each argument is expanded, then split into words after expansion
        pytest.param('ARG P="80 443"\nFROM a\nARG P\nEXPOSE $P', ["80/tcp", "443/tcp"], id="2.1"),
        pytest.param('FROM a\nARG P="80 443"\nEXPOSE $P', ["80/tcp", "443/tcp"], id="2.1 stage"),
        # fact 2.1: a quoted expansion is one word
        pytest.param('FROM a\nARG P=80\nEXPOSE "$P"', ["80/tcp"], id="2.1 quoted"),
        # fact 2.2: ip and host port are dropped, only the container port is exposed
        pytest.param("FROM a\nEXPOSE 8080:80", ["80/tcp"], id="2.2 host:container"),
        pytest.param("FROM a\nEXPOSE 1.2.3.4:8080:80", ["80/tcp"], id="2.2 ip:host:container"),
        pytest.param("FROM a\nEXPOSE ::1:8080:80/udp", ["80/udp"], id="2.2 ipv6 joined back"),
        pytest.param("FROM a\nEXPOSE fe80::1:80:81", ["81/tcp"], id="2.2 longer ipv6"),
        # fact 2.3: protocol after "/", empty means tcp, any case, key is lower case
        pytest.param("FROM a\nEXPOSE 80/", ["80/tcp"], id="2.3 empty proto is tcp"),
        pytest.param("FROM a\nEXPOSE 80/UDP 81/Sctp", ["80/udp", "81/sctp"], id="2.3 casing"),
        # fact 2.4: base-10 ParseInt: leading zeros and "+" are accepted
        pytest.param("FROM a\nEXPOSE 080", ["80/tcp"], id="2.4 leading zero"),
        pytest.param("FROM a\nEXPOSE +80", ["80/tcp"], id="2.4 plus sign"),
        pytest.param("FROM a\nEXPOSE 65535", ["65535/tcp"], id="2.4 highest port"),
        # fact 2.4/2.5: a range a-b expands to one key per port
        pytest.param(
            "FROM a\nEXPOSE 8000-8002/UDP",
            ["8000/udp", "8001/udp", "8002/udp"],
            id="2.5 range",
        ),
        pytest.param("FROM a\nEXPOSE 7-7", ["7/tcp"], id="2.4 range of one"),
        # fact 2.5: keys are unique: the same port twice is one key
        pytest.param("FROM a\nEXPOSE 80 80/tcp 080", ["80/tcp"], id="2.5 one key"),
    ],
)
def test_expose_keys(text: str, expected: list[str]) -> None:
    assert ports(text + "\n") == expected


@pytest.mark.parametrize(
    ("word", "reason"),
    [
        # fact 2.3: anything but tcp/udp/sctp is "invalid proto"
        pytest.param("80/http", "unknown protocol", id="2.3 invalid proto"),
        pytest.param("80/tcpx", "unknown protocol", id="2.3 near miss"),
        # fact 2.4: not base 10, or outside 0-65535, or descending range
        pytest.param("0x50", "not a port number", id="2.4 hex"),
        pytest.param("65536", "outside", id="2.4 too large"),
        pytest.param("9-8", "starts after it ends", id="2.4 descending range"),
    ],
)
def test_expose_invalid(word: str, reason: str) -> None:
    found = only(f"FROM a\nEXPOSE 1 {word}\nLABEL p1=a\n", "V6P006")
    assert where(found) == [(2, 10)]
    assert reason in found[0].message


# --- 3. LABEL --------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        # fact 3.1: new form, every word has "="; quotes are removed
        pytest.param('k=v k2="v 2"', {"k": "v", "k2": "v 2"}, id="3.1 new form"),
        pytest.param("k=v\\ 2", {"k": "v 2"}, id="3.1 escaped space"),
        # fact 3.2: legacy form: key is the first token, value the rest of the line
        pytest.param('p8888 = "com"', {"p8888": "= com"}, id="3.2 spaced = stores '= com'"),
        pytest.param("p8888 com data", {"p8888": "com data"}, id="3.2 rest of line"),
        pytest.param('p8888 "com" p9999="x"', {"p8888": "com p9999=x"}, id="3.2 swallows next"),
        # fact 3.3: double quotes expand and take escapes, single quotes are literal
        pytest.param("p1=\"$V\" p2='$V'", {"p1": "v", "p2": "$V"}, id="3.3 quotes"),
        pytest.param('p1="a\\"b"', {"p1": 'a"b'}, id="3.3 escaped quote in double"),
        pytest.param("p1='a\\b'", {"p1": "a\\b"}, id="3.3 single quotes keep escape"),
        pytest.param('"p 1"=x', {"p 1": "x"}, id="3.3 quoted key"),
        # fact 3.3: keys are expanded too
        pytest.param("p${PORT}=com", {"p8888": "com"}, id="3.3 key p${PORT}"),
        pytest.param("p${NOPE:-80}=com", {"p80": "com"}, id="3.3 key p${NOPE:-80}"),
        pytest.param("p${PORT:-80}=com", {"p8888": "com"}, id="3.3 key default unused"),
    ],
)
def test_label_values(label: str, expected: dict[str, str]) -> None:
    assert labels(f"FROM a\nARG V=v PORT=8888\nLABEL {label}\n") == expected


def test_later_label_overrides_earlier() -> None:
    # fact 3 (LABEL semantics): a key set twice keeps the last value
    assert labels("FROM a\nLABEL p1=a\nLABEL p1=b\n") == {"p1": "b"}


# --- 4. Variables ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "build_args", "expected"),
    [
        # fact 4.1: a global ARG is visible in a stage only when redeclared
        pytest.param("ARG P=1\nFROM a\nEXPOSE $P", None, [], id="4.1 not redeclared"),
        pytest.param("ARG P=1\nFROM a\nARG P\nEXPOSE $P", None, ["1/tcp"], id="4.1 redeclared"),
        pytest.param("ARG P=1\nFROM a\nARG P\nFROM b\nEXPOSE $P", None, [], id="4.1 per stage"),
        # fact 4.1: the stage's own default beats the global one
        pytest.param("ARG P=1\nFROM a\nARG P=2\nEXPOSE $P", None, ["2/tcp"], id="4.1 stage wins"),
        # fact 4.1: --build-arg beats both
        pytest.param(
            "ARG P=1\nFROM a\nARG P=2\nEXPOSE $P", {"P": "3"}, ["3/tcp"], id="4.1 build-arg"
        ),
        pytest.param("ARG P=1\nFROM a\nARG P\nEXPOSE $P", {"P": "3"}, ["3/tcp"], id="4.1 global"),
        # fact 4.1: a build arg applies only to a declared ARG
        pytest.param("FROM a\nEXPOSE $P", {"P": "3"}, [], id="4.1 undeclared"),
        # fact 4.2: ENV beats ARG, whichever comes first
        pytest.param("FROM a\nARG P=1\nENV P=2\nEXPOSE $P", None, ["2/tcp"], id="4.2 env>arg"),
        pytest.param("FROM a\nENV P=2\nARG P=1\nEXPOSE $P", {"P": "3"}, ["2/tcp"], id="4.2 env"),
        # fact 4.2: ENV and in-stage ARG apply from the next instruction on
        pytest.param("FROM a\nENV P=1 Q=${P:-9}\nEXPOSE $Q", None, ["9/tcp"], id="4.2 env next"),
        pytest.param("FROM a\nARG P=1 Q=${P:-9}\nEXPOSE $Q", None, ["9/tcp"], id="4.2 arg next"),
        pytest.param("FROM a\nENV P=1\nENV Q=$P\nEXPOSE $Q", None, ["1/tcp"], id="4.2 env chain"),
        pytest.param("FROM a\nENV P 1\nEXPOSE $P", None, ["1/tcp"], id="4.2 legacy env"),
        # fact 4.2: FROM <stage> inherits its ENV (not its ARGs)
        pytest.param("FROM a AS b\nENV P=5\nFROM b\nEXPOSE $P", None, ["5/tcp"], id="4.2 inherit"),
        pytest.param("FROM a AS b\nARG P=5\nFROM b\nEXPOSE $P", None, [], id="4.2 arg not"),
        # fact 4.3: ${V:-d} ${V-d} ${V:+a} ${V+a} ${V:?m} ${V?m}; unset is empty
        pytest.param("FROM a\nEXPOSE ${P:-80}", None, ["80/tcp"], id="4.3 colon-dash"),
        pytest.param("FROM a\nARG P=\nEXPOSE ${P-80}1", None, ["1/tcp"], id="4.3 dash empty"),
        pytest.param("FROM a\nARG P=1\nEXPOSE ${P:+80}", None, ["80/tcp"], id="4.3 colon-plus"),
        pytest.param("FROM a\nARG P=\nEXPOSE ${P+80}", None, ["80/tcp"], id="4.3 plus"),
        pytest.param("FROM a\nARG P=7\nEXPOSE ${P:?x} ${P?x}", None, ["7/tcp"], id="4.3 question"),
        # fact 4 (FROM): global ARGs expand in FROM, and a --build-arg replaces them
        pytest.param(
            "ARG B=base\nFROM a AS base\nEXPOSE 1\nFROM $B", None, ["1/tcp"], id="4 FROM $ARG"
        ),
        pytest.param(
            "ARG B=x\nFROM a AS base\nEXPOSE 1\nFROM $B", {"B": "base"}, ["1/tcp"], id="4 FROM bd"
        ),
    ],
)
def test_variables(text: str, build_args: dict[str, str] | None, expected: list[str]) -> None:
    assert ports(text + "\n", build_args=build_args) == expected


def test_required_variable_unset_is_a_parse_error() -> None:
    # fact 4.3: ${V:?message} fails the build when V is unset
    assert problems("FROM a\nEXPOSE ${P:?required}\n") == ["EXPOSE: P: required"]
    assert problems("FROM a\nARG P=\nEXPOSE ${P?required}\n") == []


# --- 5. Stages, inheritance and parsing ------------------------------------


def test_from_stage_inherits_ports_and_labels() -> None:
    # fact 5.1: FROM <stage> inherits everything that stage set
    text = "FROM a AS base\nEXPOSE 1\nLABEL p1=x\nFROM base\nEXPOSE 2\nLABEL p2=y\n"
    assert ports(text) == ["1/tcp", "2/tcp"]
    assert labels(text) == {"p1": "x", "p2": "y"}


def test_stage_names_are_case_insensitive() -> None:
    # fact 5.1: stage names are matched case-insensitively (BuildKit lower-cases them)
    assert ports("FROM a AS Base\nEXPOSE 1\nFROM BASE\n") == ["1/tcp"]


def test_copy_from_inherits_nothing() -> None:
    # fact 5.1: COPY --from inherits nothing
    text = "FROM a AS build\nEXPOSE 1\nLABEL p1=x\nFROM b\nCOPY --from=build /a /a\n"
    assert ports(text) == []
    assert labels(text) == {}


def test_final_image_is_the_last_stage() -> None:
    # fact 5.1: the final image is the last stage, or the --target stage
    text = "FROM a AS one\nEXPOSE 1\nFROM b AS two\nEXPOSE 2\n"
    assert ports(text) == ["2/tcp"]
    assert ports(text, target="one") == ["1/tcp"]
    assert ports(text, target="TWO") == ["2/tcp"]


def test_later_stage_with_the_same_base_name_does_not_inherit() -> None:
    # fact 5.1: FROM <name> refers to an earlier stage only
    assert ports("FROM x AS x\nEXPOSE 1\nFROM a AS y\nEXPOSE 2\nFROM y\n") == ["2/tcp"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # fact 5.2: ONBUILD EXPOSE does not affect the image being built
        pytest.param("FROM a\nONBUILD EXPOSE 1\nEXPOSE 2", ["2/tcp"], id="5.2 onbuild"),
        # fact 5.3: heredoc bodies are not instructions (RUN, COPY, ADD, <<-)
        pytest.param("FROM a\nRUN <<EOF\nEXPOSE 1\nEOF\nEXPOSE 2", ["2/tcp"], id="5.3 RUN"),
        pytest.param(
            "FROM a\nCOPY <<EOF /x\nEXPOSE 1\nEOF\nEXPOSE 2", ["2/tcp"], id="5.3 COPY heredoc"
        ),
        pytest.param(
            "FROM a\nADD <<EOF /x\nEXPOSE 1\nEOF\nEXPOSE 2", ["2/tcp"], id="5.3 ADD heredoc"
        ),
        pytest.param(
            "FROM a\nRUN <<-EOF\n\tEXPOSE 1\n\tEOF\nEXPOSE 2", ["2/tcp"], id="5.3 dash heredoc"
        ),
        pytest.param(
            "FROM a\nRUN <<A <<B\nEXPOSE 1\nA\nEXPOSE 3\nB\nEXPOSE 2", ["2/tcp"], id="5.3 two"
        ),
        # fact 5.4: comment and empty lines inside a continuation are skipped
        pytest.param("FROM a\nEXPOSE 1 \\\n\n# c\n 2", ["1/tcp", "2/tcp"], id="5.4 continuation"),
        pytest.param("FROM a\nEXPOSE 1 \\\n  # c\n 2", ["1/tcp", "2/tcp"], id="5.4 indented"),
        # fact 5.5: escape directive at the very top
        pytest.param("# escape=`\nFROM a\nEXPOSE 1 `\n 2", ["1/tcp", "2/tcp"], id="5.5 backtick"),
        pytest.param(
            "# syntax=docker/dockerfile:1\n# escape=`\nFROM a\nEXPOSE 1 `\n 2",
            ["1/tcp", "2/tcp"],
            id="5.5 after another directive",
        ),
        # fact 5.6: instruction names are case-insensitive
        pytest.param("from a\nexpose 1\nExPoSe 2", ["1/tcp", "2/tcp"], id="5.6 case"),
    ],
)
def test_structure(text: str, expected: list[str]) -> None:
    assert ports(text + "\n") == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\n# escape=`\nFROM a\nEXPOSE 1 `\n 2\n", id="5.5 after a blank line"),
        pytest.param("# hello\n# escape=`\nFROM a\nEXPOSE 1 `\n 2\n", id="5.5 after a comment"),
        pytest.param("FROM a\n# escape=`\nEXPOSE 1 `\n 2\n", id="5.5 after an instruction"),
    ],
)
def test_escape_directive_counts_only_at_the_top(text: str) -> None:
    # fact 5.5: here the directive is a comment, "`" is an EXPOSE word and "2" an instruction
    assert ports(text) == ["1/tcp"]
    assert "'`'" in only(text, "V6P006")[0].message
    assert problems(text) == ["unknown instruction: 2"]


def test_backtick_escape_makes_backslash_literal() -> None:
    # fact 5.5: with escape=`, a backslash is an ordinary character
    text = '# escape=`\nFROM a\nLABEL p1=C:\\dir p2="a`"b"\n'
    assert labels(text) == {"p1": "C:\\dir", "p2": 'a"b'}


def test_crlf_line_endings() -> None:
    # fact 5.4: a continuation works the same with CRLF line endings
    text = "FROM a\r\nEXPOSE 1 \\\r\n 2\r\nLABEL p1=x\r\n"
    assert ports(text) == ["1/tcp", "2/tcp"]
    assert labels(text) == {"p1": "x"}


# --- Locations: the line of the offending word, and its column --------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("FROM a\nEXPOSE 80 \\\n  81\n", [(2, 8), (3, 3)], id="continued"),
        pytest.param(
            "FROM a\nEXPOSE 80 \\\n# 81 once\n\n    81\n", [(2, 8), (5, 5)], id="comment mentions"
        ),
        pytest.param("FROM a\nEXPOSE 8080 80\n", [(2, 8), (2, 13)], id="prefix word"),
        pytest.param("FROM a\n  expose\t81\n", [(2, 10)], id="indent and tab"),
        pytest.param("FROM a\nEXPOSE EXPOSE1 1\n", [(2, 16)], id="word like keyword"),
        pytest.param("\ufeffFROM a\nEXPOSE 81\n", [(2, 8)], id="after a BOM"),
        pytest.param("FROM a\r\nEXPOSE 80 \\\r\n 81\r\n", [(2, 8), (3, 2)], id="CRLF"),
    ],
)
def test_port_locations(text: str, expected: list[tuple[int, int]]) -> None:
    assert where(only(text, "V6P001")) == expected


def test_label_location_in_a_continued_instruction() -> None:
    text = 'FROM a\nEXPOSE 1 2\nLABEL p1="a" \\\n      p2=" b"\n'
    assert where(only(text, "V6P004")) == [(4, 7)]


@pytest.mark.parametrize(
    ("first", "escape"),
    [
        ("# syntax=docker/dockerfile:1", "`"),  # fact 5: known directives stay directives
        ("# check=skip=all", "`"),
        ("# foo=bar", "\\"),  # an unknown key ends the directive block: escape= is a comment
        ("# just a comment", "\\"),
    ],
)
def test_escape_directive_only_in_the_leading_directive_block(first: str, escape: str) -> None:
    from v6port.sources.dockerfile.parse import escape_directive

    assert escape_directive([first, "# escape=`", "FROM a"]) == escape
