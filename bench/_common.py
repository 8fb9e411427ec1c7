"""What the bench scripts share: running a command, timing it, and its peak memory."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_kb: int
    returncode: int


def run_once(argv: Sequence[str], cwd: Path | None = None) -> Run:
    """Run a command to completion: wall time (perf_counter) and its own peak RSS (wait4)."""
    with open(os.devnull, "wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(list(argv), stdout=sink, stderr=sink, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, int(usage.ru_maxrss), process.returncode)


def alternate(
    commands: dict[str, Sequence[str]],
    runs: int,
    cwd: Path | None = None,
    warmup: int = 1,
    ok: tuple[int, ...] = (0, 1),
    repeat: dict[str, int] | None = None,
) -> dict[str, list[Run]]:
    """Run each command ``runs`` times, interleaved (A B A B ...), after ``warmup`` rounds.

    ``repeat`` runs a command several times per round: a command 30 times shorter than
    the other gets more samples at little cost, so that one noisy moment on a shared
    machine moves its median less.
    """
    out: dict[str, list[Run]] = {name: [] for name in commands}
    for round_ in range(warmup + runs):
        for name, argv in commands.items():
            for _ in range((repeat or {}).get(name, 1)):
                result = run_once(argv, cwd)
                if result.returncode not in ok:
                    raise SystemExit(f"{name}: {' '.join(argv[:4])}... exited {result.returncode}")
                if round_ >= warmup:
                    out[name].append(result)
    return out


def median_s(runs: list[Run]) -> float:
    return statistics.median(r.seconds for r in runs)


def max_rss_mb(runs: list[Run]) -> float:
    return max(r.peak_rss_kb for r in runs) / 1024


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "bench_python": sys.version.split()[0],
    }


def interpreter_of(script: str) -> str:
    """The Python interpreter a console script runs on (its shebang), else this one."""
    try:
        with open(script, "rb") as fh:
            first = fh.readline().decode(errors="replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!") and "python" in first:
        return first[2:].split()[0]
    return sys.executable


def python_version(interpreter: str) -> str:
    done = subprocess.run(
        [interpreter, "-c", "import sys; print(sys.version.split()[0])"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def save(name: str, data: dict[str, Any], out: Path | None) -> Path:
    path = out or RESULTS / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path
