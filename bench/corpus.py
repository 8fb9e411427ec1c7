"""A reproducible corpus of realistic vantage6 algorithm Dockerfiles.

Seeded: the same seed and count always give the same files, byte for byte.
Each file is 20-70 lines and mixes what real algorithm Dockerfiles contain:
multi-stage builds, continued RUN lines, comments (also inside
continuations), ARG/ENV with defaults, EXPOSE and LABEL, heredocs, and some
of the mistakes v6port exists to catch (a port without its label, a
mangled label value, a legacy ``LABEL key value``, a label in a build stage).

    python bench/corpus.py OUT_DIR --count 2000 [--seed 7]
    python bench/corpus.py OUT_FILE --lines 5000      # one file of about N lines
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

BASES = (
    "python:3.11-slim",
    "python:3.10",
    "harbor2.vantage6.ai/infrastructure/algorithm-base:4.7",
    "ubuntu:22.04",
    "r-base:4.3.2",
    "debian:bookworm-slim",
)
PACKAGES = (
    "numpy",
    "pandas",
    "scipy",
    "scikit-learn",
    "vantage6-algorithm-tools",
    "requests",
    "flask",
    "gunicorn",
    "pyarrow",
    "statsmodels",
)
APT = ("curl", "ca-certificates", "git", "build-essential", "libpq-dev", "tini", "jq")
PORT_NAMES = ("com", "api", "web", "grpc", "metrics", "jupyter", "dash")


def _run_block(rng: random.Random) -> list[str]:
    """A continued RUN, sometimes with a comment inside the continuation."""
    pkgs = rng.sample(APT, rng.randint(2, 5))
    lines = ["RUN apt-get update \\", "    && apt-get install -y --no-install-recommends \\"]
    for pkg in pkgs:
        lines.append(f"        {pkg} \\")
    if rng.random() < 0.3:
        lines.append("    # keep the image small")
    lines.append("    && rm -rf /var/lib/apt/lists/*")
    return lines


def _pip_block(rng: random.Random) -> list[str]:
    pkgs = rng.sample(PACKAGES, rng.randint(1, 4))
    if rng.random() < 0.5:
        return [f"RUN pip install --no-cache-dir {' '.join(pkgs)}"]
    lines = ["RUN pip install --no-cache-dir \\"]
    lines += [f"    {p} \\" for p in pkgs[:-1]]
    lines.append(f"    {pkgs[-1]}")
    return lines


def _heredoc(rng: random.Random) -> list[str]:
    """A heredoc whose body looks like instructions (it must not count as any)."""
    if rng.random() < 0.5:
        return [
            "RUN <<EOF",
            "set -e",
            "echo 'EXPOSE 9999' > /tmp/not-an-instruction",
            "mkdir -p /app/data",
            "EOF",
        ]
    return [
        "COPY <<EOF /app/config.ini",
        "[server]",
        "LABEL p1=not-a-label",
        "port = 8080",
        "EOF",
    ]


def _ports(rng: random.Random) -> list[tuple[int, str]]:
    count = rng.choice((0, 1, 1, 1, 2, 2, 3))
    ports = rng.sample((80, 443, 5000, 7000, 8000, 8080, 8888, 9000, 9090, 50051), count)
    return [(p, rng.choice(PORT_NAMES)) for p in ports]


def dockerfile(rng: random.Random, index: int) -> str:
    """One realistic algorithm Dockerfile of 20-70 lines."""
    out: list[str] = []
    if rng.random() < 0.2:
        out.append("# syntax=docker/dockerfile:1")
    out += [f"# Algorithm {index}: federated analysis for vantage6", ""]
    base = rng.choice(BASES)
    out.append(f"ARG BASE={base}")
    out.append(f"ARG PKG_NAME=algo_{index}")
    multi = rng.random() < 0.5
    if multi:
        out += ["", "FROM ${BASE} AS build", "WORKDIR /src"]
        out += _run_block(rng)
        out += ["COPY . /src", "RUN pip wheel --no-deps -w /wheels ."]
        if rng.random() < 0.15:  # a mistake: the label lives in a build stage only
            out.append('LABEL p7000="debug"')
        out += ["", "FROM ${BASE}", "ARG PKG_NAME"]
    else:
        out += ["", "FROM ${BASE}", "ARG PKG_NAME"]
        out += _run_block(rng)
    out.append('LABEL maintainer="team@example.org" \\')
    out.append(f'      org.opencontainers.image.title="algorithm-{index}"')
    ports = _ports(rng)
    env_port = ports and rng.random() < 0.4
    if env_port:
        out.append(f"ENV PORT={ports[0][0]} \\")
        out.append("    PYTHONUNBUFFERED=1")
    else:
        out.append("ENV PYTHONUNBUFFERED=1")
    out += _pip_block(rng)
    if rng.random() < 0.4:
        out += _heredoc(rng)
    if multi:
        out.append("COPY --from=build /wheels /wheels")
        out.append("RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels")
    else:
        out.append("COPY . /app")
        out.append("RUN pip install --no-cache-dir /app")
    out.append("")
    for n, (port, name) in enumerate(ports):
        word = "${PORT}" if env_port and n == 0 else str(port)
        if rng.random() < 0.3:
            word += "/tcp"
        out.append(f"# {name} endpoint")
        out.append(f"EXPOSE {word}")
        mistake = rng.random()
        if mistake < 0.08:
            continue  # a port without its label
        if mistake < 0.12:
            out.append(f'LABEL p{port}="{name.upper()} "')  # mangled value
        elif mistake < 0.16:
            out.append(f"LABEL p{port} {name}")  # legacy form
        else:
            out.append(f'LABEL p{port}="{name}"')
    if rng.random() < 0.05:
        out.append('LABEL p1234="orphan"')  # a label without a port
    filler = rng.randint(0, 14)
    for i in range(filler):
        if i % 3 == 0:
            out.append(f"# step {i}: environment for the algorithm wrapper")
        out.append(f"ENV V6_SETTING_{i}=value_{rng.randint(0, 999)}")
    out += ["WORKDIR /app", 'CMD ["python", "-c", "from vantage6.algorithm.tools import wrap"]']
    while len(out) < 20:
        out.insert(-1, f"# padding {len(out)}")
    return "\n".join(out[:70]) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """Write ``count`` Dockerfiles as folder/NNNNN/Dockerfile; return their paths in order."""
    rng = random.Random(seed)
    paths: list[Path] = []
    for i in range(count):
        sub = folder / f"{i:05d}"
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / "Dockerfile"
        path.write_text(dockerfile(rng, i))
        paths.append(path)
    return paths


def big_dockerfile(lines: int, seed: int = 7) -> str:
    """One file of about ``lines`` lines, under v6port's 1 MiB cap even at 50,000 lines.

    Short lines, in the mix that makes the parser and the evaluator work: long
    continued RUN instructions (continuation joining), continued EXPOSE and
    LABEL instructions (word location), ENV, comments, and new stages.
    """
    rng = random.Random(seed)
    out = ["# a very long Dockerfile", "ARG BASE=python:3.11-slim", "FROM ${BASE} AS s0"]
    block = 0
    while len(out) < lines:
        block += 1
        kind = block % 5
        if kind == 0:
            out.append(f"FROM ${{BASE}} AS s{block}")
        elif kind == 1:
            out.append("RUN set -e \\")
            out += [f"  && mk{i} \\" for i in range(rng.randint(20, 60))]
            out.append("  && done")
        elif kind == 2:
            ports = rng.sample(range(1000, 9999), rng.randint(3, 12))
            out.append("EXPOSE \\")
            out += [f"  {p} \\" for p in ports[:-1]]
            out.append(f"  {ports[-1]}")
            out.append("LABEL \\")
            out += [f"  p{p}=web \\" for p in ports[:-1]]
            out.append(f"  p{ports[-1]}=api")
        elif kind == 3:
            out += [f"ENV V{i}=x{i}" for i in range(rng.randint(3, 10))]
        else:
            out += ["# comment", ""]
    out = out[:lines]
    while out[-1].endswith("\\"):  # never end inside a continuation
        out.pop()
    out += ["# end"] * (lines - len(out))
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--lines", type=int, help="write one file of about this many lines")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    if args.lines:
        args.out.write_text(big_dockerfile(args.lines, args.seed))
        print(f"wrote {args.out} ({args.lines} lines)")
    else:
        write_corpus(args.out, args.count, args.seed)
        print(f"wrote {args.count} Dockerfiles under {args.out}")


if __name__ == "__main__":
    main()
