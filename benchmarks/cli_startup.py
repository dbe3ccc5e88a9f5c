"""Start-up time of ``storybrief --help``: the best and median wall time of N runs.

    python benchmarks/cli_startup.py [--runs N] [--rev REV] [--floor]

Each run is a fresh interpreter (``python -m storybrief.cli --help``) with this checkout's
``src/`` first on PYTHONPATH.  ``--rev`` also times the ``src/`` of a git revision (extracted
with ``git archive`` into a temporary folder) in the same run, interleaved, as the baseline.
``--floor`` also times the help of a Typer app of two empty commands (:data:`FLOOR`): the
interpreter, Typer, Click and Rich, which no change to storybrief can make faster.
The best of N is the figure to compare: on a shared machine the median carries the load,
and CPU time (user + system of the child) less so than wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


FLOOR = """
import typer
app = typer.Typer(add_completion=False)
@app.command()
def one() -> None:
    "One."
@app.command()
def two() -> None:
    "Two."
app()
"""
"""A Typer app with Rich help and nothing of storybrief (``--floor``)."""


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run(src: Path | None) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``--help`` (of :data:`FLOOR` when ``src`` is None); CPU
    time (user + system) is what the load of a shared machine inflates least."""
    env = {**os.environ, "PYTHONPATH": str(src or "")}
    program = ["-m", "storybrief.cli"] if src is not None else ["-c", FLOOR]
    cpu = _child_cpu()
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, *program, "--help"],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start, _child_cpu() - cpu


def extract(rev: str, into: Path) -> Path:
    archive = into / "src.tar"
    with archive.open("wb") as f:
        subprocess.run(["git", "-C", str(REPO), "archive", rev, "src"], stdout=f, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--rev", help="a git revision to time as the baseline, in the same run")
    ap.add_argument("--floor", action="store_true", help="also time a bare Typer app")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sources: dict[str, Path | None] = {"this checkout": REPO / "src"}
        if args.rev:
            sources[args.rev] = extract(args.rev, Path(tmp))
        if args.floor:
            sources["floor (Typer app, no storybrief)"] = None
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in sources}
        one_run(REPO / "src")  # warm the file cache
        for _ in range(args.runs):
            for name, src in sources.items():
                times[name].append(one_run(src))
        for name, ts in times.items():
            wall = [t[0] for t in ts]
            cpu = [t[1] for t in ts]
            print(
                f"{name}: --help wall best {min(wall):.3f} s, "
                f"median {statistics.median(wall):.3f} s; CPU best {min(cpu):.3f} s, "
                f"median {statistics.median(cpu):.3f} s ({len(ts)} runs)"
            )


if __name__ == "__main__":
    main()
