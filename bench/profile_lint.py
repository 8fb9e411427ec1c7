"""cProfile of one ``v6port lint --format json`` run over the bench corpus, in one process.

Writes bench/results/lint-profile.txt (cumulative time, top entries), which
``python bench/report.py`` appends to docs/performance.md.

    python bench/profile_lint.py [--v6port PATH] [--files 2000]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from _common import RESULTS, interpreter_of
from corpus import write_corpus
from lint_vs_hadolint import find_tool

# Runs in v6port's interpreter: profile the console script's main() on the files.
PROBE = """
import cProfile, io, os, pstats, sys
from v6port.cli import main
files = sys.argv[1:]
profile = cProfile.Profile()
sys.stdout = open(os.devnull, "w")
profile.enable()
try:
    main(["lint", "--format", "json", "--no-config", *files])
except SystemExit:
    pass
profile.disable()
out = io.StringIO()
stats = pstats.Stats(profile, stream=out)
stats.strip_dirs().sort_stats("cumulative").print_stats(30)
sys.__stdout__.write(out.getvalue())
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--v6port", help="the v6port console script (default: beside python)")
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=RESULTS / "lint-profile.txt")
    args = parser.parse_args()
    v6port = find_tool("v6port", args.v6port)
    if v6port is None:
        raise SystemExit("v6port not found: pip install . and/or give --v6port")
    with tempfile.TemporaryDirectory(prefix="v6port-profile-") as tmp:
        files = [str(p) for p in write_corpus(Path(tmp), args.files)]
        done = subprocess.run(
            [interpreter_of(v6port), "-c", PROBE, *files],
            capture_output=True,
            text=True,
            check=True,
        )
    header = (
        f"cProfile of `v6port lint --format json` over {args.files:,} corpus files "
        "(one process), by cumulative time:"
    )
    body = "\n".join(line.rstrip() for line in done.stdout.strip().splitlines())
    args.out.write_text(f"{header}\n{body}\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
