"""Write docs/performance.md from bench/results/*.json. Never edit that page by hand.

    python bench/lint_vs_hadolint.py      # -> bench/results/lint.json
    python bench/check_vs_skopeo.py       # -> bench/results/check.json
    python bench/report.py                # -> docs/performance.md

``before-lint.json`` (and ``before-check.json`` when present) hold the first
measurements, made before the performance work of issue 7; they stay as the
baseline. ``*-profile.txt`` files in bench/results are quoted as they are.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from _common import RESULTS

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def lint_rows(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    rows = ["| measure | target | before | after | |", "|---|---|---|---|---|"]

    def cell(data: dict[str, Any] | None, path: list[str], fmt: str) -> str:
        value: Any = data
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return "-"
            value = value[key]
        return fmt.format(value)

    single = after.get("single", {})
    if "ratio" in single:
        ratio = single["ratio"]
        rows.append(
            f"| one file, wall time vs hadolint | <= 2x (stretch 1.5x) | "
            f"{cell(before, ['single', 'ratio'], '{:.2f}x')} | {ratio:.2f}x | "
            f"{verdict(ratio <= 2)}{' (stretch met)' if ratio <= 1.5 else ''} |"
        )
    batch = after.get("batch", {})
    if "throughput_ratio" in batch:
        ratio = batch["throughput_ratio"]
        rows.append(
            f"| {batch['files']:,} files, default `--jobs`, throughput vs hadolint | >= 30x | "
            f"{cell(before, ['batch', 'throughput_ratio'], '{:.1f}x')} | {ratio:.1f}x | "
            f"{verdict(ratio >= 30)} |"
        )
    jobs = after.get("jobs", {})
    hadolint_s = batch.get("hadolint", {}).get("seconds")
    # The batch row is v6port's default; these say what one process and two workers do.
    for n, label in (("1", "in one process (`--jobs 1`)"), ("2", "with `--jobs 2`")):
        if hadolint_s and n in jobs:
            ratio_n = hadolint_s / jobs[n]["seconds"]
            rows.append(
                f"| {batch['files']:,} files {label}, throughput vs hadolint | >= 30x | - | "
                f"{ratio_n:.1f}x | {verdict(ratio_n >= 30)} |"
            )
    if "v6port" in batch:
        rss = batch["v6port"]["peak_rss_mb"]
        rows.append(
            f"| {batch['files']:,} files, peak RSS | < 80 MB | "
            f"{cell(before, ['batch', 'v6port', 'peak_rss_mb'], '{:.0f} MB')} | {rss:.0f} MB | "
            f"{verdict(rss < 80)} |"
        )
    return rows


def lint_section(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    out = ["## Lint: v6port vs hadolint", ""]
    out += [
        f"v6port `{after.get('v6port')}` on Python {after.get('v6port_python')}; "
        f"{after.get('hadolint_version') or 'hadolint not found'}. Corpus: "
        f"`bench/corpus.py` (seed 7), {after.get('corpus_lines', 0):.0f} lines per file on "
        "average. Both tools get the same files in one invocation; runs alternate and the "
        "medians are compared.",
        "",
    ]
    out += lint_rows(before, after)
    single = after.get("single")
    if single:
        out += [
            "",
            "### One file",
            "",
            "| | v6port | hadolint | `python -c pass` |",
            "|---|---|---|---|",
            f"| after | {ms(single['v6port'])} | {ms(single.get('hadolint', 0))} | "
            f"{ms(single['python -c pass'])} |",
        ]
        if before and "single" in before:
            b = before["single"]
            out.append(
                f"| before | {ms(b['v6port'])} | {ms(b.get('hadolint', 0))} | "
                f"{ms(b['python -c pass'])} |"
            )
    for label, data in (("after", after), ("before", before)):
        if not data or "batch" not in data:
            continue
        batch = data["batch"]
        if label == "after":
            out += [
                "",
                f"### Batch of {batch['files']:,} files",
                "",
                "Seconds are the median of all samples; the range shows how much single runs "
                "move on this machine.",
                "",
                "| | tool | seconds | range (samples) | files/s | peak RSS |",
                "|---|---|---|---|---|---|",
            ]
        for tool in ("v6port", "hadolint"):
            if tool in batch:
                row = batch[tool]
                low_high = row.get("range_s")
                spread = (
                    f"{low_high[0]:.2f}-{low_high[1]:.2f} ({row['samples']})" if low_high else "-"
                )
                out.append(
                    f"| {label} | {tool} | {row['seconds']:.2f} | {spread} | "
                    f"{row['files_per_s']:.0f} | {row['peak_rss_mb']:.0f} MB |"
                )
    split = after.get("split")
    if split:
        out += [
            "",
            "### A process pool (`--jobs`)?",
            "",
            f"The best a pool could do on this machine ({after['machine']['cores']} cores): "
            f"the {split['files']:,} files split between {split['workers']} v6port processes "
            f"started together, against one process for all of them: "
            f"{split['one_process_s']:.2f} s vs {split['split_s']:.2f} s, "
            f"a speed-up of {split['speedup']:.2f}x before any pool overhead.",
        ]
    for label, data in (("after", after), ("before", before)):
        if data and data.get("scaling"):
            out += ["", f"### Files/s by batch size ({label})", "", "| files | seconds | files/s "
                    "| peak RSS |", "|---|---|---|---|"]  # fmt: skip
            for row in data["scaling"]:
                out.append(
                    f"| {row['files']:,} | {row['seconds']:.2f} | {row['files_per_s']:.0f} | "
                    f"{row['peak_rss_mb']:.0f} MB |"
                )
    for label, data in (("after", after), ("before", before)):
        if data and data.get("grow"):
            out += ["", f"### One file growing ({label})", "",
                    "| lines | v6port | hadolint |", "|---|---|---|"]  # fmt: skip
            for row in data["grow"]:
                had = ms(row["hadolint"]) if "hadolint" in row else "-"
                out.append(f"| {row['lines']:,} | {ms(row['v6port'])} | {had} |")
    for label, data in (("after", after), ("before", before)):
        if data and data.get("imports"):
            imp = data["imports"]
            loaded = ", ".join(f"{k}: {'yes' if v else 'no'}" for k, v in imp["loaded"].items())
            out += [
                "",
                f"### `python -X importtime` of one clean run ({label})",
                "",
                f"{imp['modules']} modules, {imp['total_ms']:.0f} ms in top-level imports. "
                f"Loaded: {loaded}.",
                "",
                "| top-level import | cumulative |",
                "|---|---|",
            ]
            out += [f"| {name} | {value:.1f} ms |" for name, value in imp["top"]]
    return out


def check_section(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    ratio = after["ratio"]
    default = f" ({after['default_jobs']})" if after.get("default_jobs") else ""
    out = [
        "## Check: v6port vs a loop of `skopeo inspect --config`",
        "",
        f"{after['images']} images in a loopback docker-registry behind a proxy that delays "
        f"each request by {after['delay_ms']:.0f} ms; {after['runs']} alternating runs, medians.",
        "",
        "| measure | target | before | after | |",
        "|---|---|---|---|---|",
        f"| speed vs the skopeo loop, default `--jobs`{default} | >= 10x | {before['ratio']:.1f}x | "
        if before
        else f"| speed vs the skopeo loop, default `--jobs`{default} | >= 10x | - | ",
    ]
    out[-1] += f"{ratio:.1f}x | {verdict(ratio >= 10)} |"
    # One row per `--jobs N` variant measured (16 before issue 7's last round, 32 after).
    for key in sorted({k for k in (*after, *(before or {})) if k.startswith("ratio_jobs")}):
        jobs = key.removeprefix("ratio_jobs")
        was = f"{before[key]:.1f}x" if before and key in before else "-"
        now = after.get(key)
        if now is not None:
            shown = f"{now:.1f}x | {verdict(now >= 10)}"
        elif str(after.get("default_jobs")) == jobs:
            shown = "the default now | "
        else:
            shown = "- | "
        out.append(f"| the same with `--jobs {jobs}` | >= 10x | {was} | {shown} |")
    out += [
        "",
        f"v6port check: {after['v6port_s']:.2f} s (peak RSS {after['v6port_rss_mb']:.0f} MB); "
        f"skopeo loop: {after['skopeo_loop_s']:.2f} s.",
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DOC)
    parser.add_argument("--lint", type=Path, default=RESULTS / "lint.json")
    parser.add_argument("--check", type=Path, default=RESULTS / "check.json")
    args = parser.parse_args()
    lint = json.loads(args.lint.read_text()) if args.lint.exists() else None
    check = json.loads(args.check.read_text()) if args.check.exists() else None
    first = lint or check
    if first is None:
        raise SystemExit("no results in bench/results: run the bench scripts first")
    m = first["machine"]
    out = [
        "# Performance",
        "",
        "<!-- Generated by bench/report.py from bench/results/*.json: do not edit by hand. -->",
        "",
        f"Measured {m['date']} on {m['platform']}, {m['cpu']}, {m['cores']} cores "
        f"(shared with other work: ratios of alternating runs are what count). The targets "
        "are those of issue 7.",
        "",
    ]
    if lint:
        out += [*lint_section(load("before-lint"), lint), ""]
    if check:
        out += [*check_section(load("before-check"), check), ""]
    notes = RESULTS / "notes.md"
    if notes.exists():
        out += [notes.read_text().rstrip(), ""]
    for profile in sorted(RESULTS.glob("*-profile.txt")):
        out += [f"### Profile: {profile.stem}", "", "```", profile.read_text().rstrip(), "```", ""]
    args.out.write_text("\n".join(out).rstrip() + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
