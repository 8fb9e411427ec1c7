"""Measure the two candidate structure parsers on the facts v6port depends on.

Each case is a fact from docs/port-semantics.md (sections 5 and 6) with the
instructions a correct parser returns: (keyword, start line). Usage:

    pip install dockerfile-parse dockerfile
    python bench/parser_choice.py

The result is recorded in docs/decisions.md.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Expected = list[tuple[str, int]]

CASES: list[tuple[str, str, Expected]] = [
    (
        "heredoc body is not instructions",
        "FROM x\nRUN <<EOF\nEXPOSE 1\nEOF\nEXPOSE 2\n",
        [("FROM", 1), ("RUN", 2), ("EXPOSE", 5)],
    ),
    ("COPY heredoc", "FROM x\nCOPY <<EOF /a\nLABEL p1=a\nEOF\n", [("FROM", 1), ("COPY", 2)]),
    (
        "<<- heredoc",
        "FROM x\nRUN <<-EOF\n\tEXPOSE 1\n\tEOF\nEXPOSE 2\n",
        [("FROM", 1), ("RUN", 2), ("EXPOSE", 5)],
    ),
    (
        "blank line inside continuation",
        "FROM x\nEXPOSE 1 \\\n\n  2\nLABEL a=b\n",
        [("FROM", 1), ("EXPOSE", 2), ("LABEL", 5)],
    ),
    (
        "comment inside continuation",
        "FROM x\nEXPOSE 1 \\\n# c\n  2\nLABEL a=b\n",
        [("FROM", 1), ("EXPOSE", 2), ("LABEL", 5)],
    ),
    (
        "escape directive",
        "# escape=`\nFROM x\nEXPOSE 1 `\n  2\nLABEL a=b\n",
        [("FROM", 2), ("EXPOSE", 3), ("LABEL", 5)],
    ),
    ("lower-case instruction", "from x\nexpose 1\n", [("FROM", 1), ("EXPOSE", 2)]),
    ("empty LABEL does not crash", "FROM x\nLABEL\n", [("FROM", 1), ("LABEL", 2)]),
    ("CRLF", "FROM x\r\nEXPOSE 1\r\n", [("FROM", 1), ("EXPOSE", 2)]),
]


def go_parser(text: str) -> Expected:
    import dockerfile

    return [(c.cmd.upper(), c.start_line) for c in dockerfile.parse_string(text)]


def py_parser(text: str) -> Expected:
    from dockerfile_parse import DockerfileParser

    parser = DockerfileParser(fileobj=__import__("io").BytesIO(text.encode()))
    return [
        (i["instruction"].upper(), i["startline"] + 1)
        for i in parser.structure
        if i["instruction"] != "COMMENT"
    ]


def score(parse: Callable[[str], Expected]) -> tuple[int, list[str]]:
    failed = []
    for name, text, expected in CASES:
        try:
            got = parse(text)
        except Exception as exc:  # the point is to count crashes too
            got = [("raised " + type(exc).__name__, 0)]
        if got != expected:
            failed.append(f"{name}: {got}")
    return len(CASES) - len(failed), failed


def timing(parse: Callable[[str], Expected], rounds: int = 300) -> float:
    text = "".join(
        f"FROM python:3.{i} AS s{i}\nARG P{i}=80{i}\nRUN apt-get update && \\\n    apt-get install -y curl\n"
        f'EXPOSE $P{i}\nLABEL p80{i}="com" \\\n      version="1"\n# comment\n'
        for i in range(6)
    )
    start = time.perf_counter()
    for _ in range(rounds):
        parse(text)
    return (time.perf_counter() - start) / rounds * 1e6


def main() -> None:
    for name, parse in (
        ("dockerfile (BuildKit's Go parser)", go_parser),
        ("dockerfile-parse 2.x", py_parser),
    ):
        passed, failed = score(parse)
        print(
            f"{name}: {passed}/{len(CASES)} structural facts; {timing(parse):.0f} us per 48-line file"
        )
        for line in failed:
            print(f"  FAIL {line}")


if __name__ == "__main__":
    main()
