"""Batch summarization: a JSONL file (or many) of clusters in, one JSON line per cluster out.

``storybrief batch IN OUT`` (see README, "Batch") is built from three pieces:

* :func:`read_jobs` streams the input -- one file (``.jsonl``, ``.gz``, ``.xz``), a folder or a
  glob of them -- line by line, each line read up to ``MAX_LINE_BYTES`` (a longer one is
  skipped without being held in memory and becomes an error record);
* an engine turns jobs into output lines, in input order: :class:`LocalEngine` (this
  process, or a ``multiprocessing`` pool whose workers each build the summarizer once, fed
  through a bounded window so memory does not grow with the input) or
  :class:`storybrief.engines.ray.RayEngine`;
* :func:`run_batch` resumes an interrupted run (ids already in OUT are skipped; a half-written
  last line is truncated and redone), writes and flushes every record, and reports progress.

A cluster that cannot be summarized (malformed line, no ``documents``, too large, any error in
the pipeline) becomes ``{"id": ..., "error": "..."}``; the run never stops for one cluster.

Record shape (one line each, keys in this order)::

    {"id": "...", "method": "hybrid", "n_words": 143, "text": "the summary ...",
     "sentences": [{"text": "...", "sources": [0, 2], "score": 0.91}, ...],
     "documents": [{"index": 0, "label": "...", "url": null}, ...],
     "warnings": [...]}

``sources`` are 0-based indices into ``documents`` (as in ``Summary.to_dict()``, of which this
is a compact subset: no removed lines, duplicate groups or analysis).
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storybrief.engines.jobs import (
    BatchOptions,
    Engine,
    Job,
    Log,
    _stderr,
    count_lines,
    input_files,
    read_jobs,
)
from storybrief.engines.local import LocalEngine
from storybrief.errors import InputFormatError, StorybriefError


@dataclass
class BatchResult:
    written: int = 0  # records written by this run
    errors: int = 0  # of which error records
    skipped: int = 0  # input clusters already in OUT (resume)
    truncated: bool = False  # a half-written last line of OUT was removed
    seconds: float = 0.0
    error_ids: list[str] = field(default_factory=list)  # first few, for the report

    @property
    def rate(self) -> float:
        return self.written / self.seconds if self.seconds > 0 else 0.0


# -- output and resume -----------------------------------------------------------------------


def scan_output(path: Path, log: Log = _stderr) -> tuple[Counter[str], bool]:
    """Ids already written to ``path`` (with multiplicity) and whether a half-written last
    line was cut off.  A broken line before the last one is an error: the file is not ours."""
    done: Counter[str] = Counter()
    if not path.exists():
        return done, False
    good_end = 0
    broken: tuple[int, str] | None = None
    with path.open("rb") as f:
        for lineno, raw in enumerate(f, 1):
            if broken is not None:
                raise InputFormatError(
                    f"{path}:{broken[0]}: not a complete JSON record ({broken[1]}); "
                    "refusing to resume into it (use --no-resume to start over)"
                )
            record = None
            if raw.endswith(b"\n"):
                try:
                    record = json.loads(raw)
                except (json.JSONDecodeError, UnicodeDecodeError):
                    record = None
            if not isinstance(record, dict) or "id" not in record:
                broken = (lineno, "cut off" if not raw.endswith(b"\n") else "malformed")
                continue
            done[str(record["id"])] += 1
            good_end = f.tell()
    if broken is None:
        return done, False
    with path.open("r+b") as f:
        f.truncate(good_end)
    log(f"{path}: removed a half-written last line (line {broken[0]}); its cluster is redone")
    return done, True


def _skip_done(jobs: Iterable[Job], done: Counter[str], result: BatchResult) -> Iterator[Job]:
    for job in jobs:
        if done[job.id] > 0:
            done[job.id] -= 1
            result.skipped += 1
            continue
        yield job


# -- progress --------------------------------------------------------------------------------


class _Progress:
    """No progress display (``--quiet``)."""

    def __init__(self, total: int | None, done: int):
        self.total, self.done, self.start = total, done, time.perf_counter()
        self.new = 0

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def advance(self, errors: int) -> None:
        self.done += 1
        self.new += 1


class _LogProgress(_Progress):
    """Plain lines on stderr every ``every`` seconds (stderr is not a terminal)."""

    def __init__(self, total: int | None, done: int, every: float, log: Log):
        super().__init__(total, done)
        self.every, self.log, self.last = every, log, self.start

    def advance(self, errors: int) -> None:
        super().advance(errors)
        now = time.perf_counter()
        if now - self.last >= self.every:
            self.last = now
            rate = self.new / (now - self.start)
            of = f"/{self.total:,}" if self.total is not None else ""
            eta = ""
            if self.total is not None and rate > 0:
                eta = f", ETA {_hms(max(self.total - self.done, 0) / rate)}"
            self.log(
                f"batch: {self.done:,}{of} clusters, {errors} errors, {rate:.1f} clusters/s{eta}"
            )


def _hms(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class _RichProgress(_Progress):
    """A live bar on a terminal: clusters done, clusters/s and, when the total is known, ETA."""

    def __init__(self, total: int | None, done: int):
        super().__init__(total, done)
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        start = self.start
        outer = self

        class RateColumn(ProgressColumn):
            def render(self, task: Any) -> Text:
                elapsed = time.perf_counter() - start
                rate = outer.new / elapsed if elapsed > 0 else 0.0
                return Text(f"{rate:.1f} clusters/s")

        columns: list[Any] = [SpinnerColumn(), TextColumn("summarizing")]
        if total is not None:
            columns += [BarColumn(), MofNCompleteColumn(), RateColumn(), TimeRemainingColumn()]
        else:
            columns += [TextColumn("{task.completed:,} clusters"), RateColumn()]
        columns.append(TimeElapsedColumn())
        self.bar = Progress(*columns, console=Console(stderr=True), transient=False)
        self.task = self.bar.add_task("batch", total=total, completed=done)
        self.errors = 0

    def __enter__(self) -> _RichProgress:
        self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.stop()

    def advance(self, errors: int) -> None:
        super().advance(errors)
        self.bar.advance(self.task)


# -- the run ---------------------------------------------------------------------------------


def run_batch(
    source: str | os.PathLike[str],
    output: str | os.PathLike[str],
    options: BatchOptions | None = None,
    workers: int | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    resume: bool = True,
    progress: str = "auto",
    log_every: float = 10.0,
    log: Log = _stderr,
    chunksize: int = 8,
) -> BatchResult:
    """Summarize every cluster of ``source`` into ``output`` (JSON Lines, input order).

    ``workers`` defaults to every core (local) or every CPU of the Ray cluster (ray).
    ``progress`` is ``"auto"`` (a live bar on a terminal, log lines otherwise), ``"bar"``,
    ``"log"`` or ``"none"``."""
    options = options or BatchOptions()
    if engine not in ("local", "ray"):
        raise StorybriefError(f"unknown engine {engine!r}; choose local or ray")
    files = input_files(source)
    options.summarizer()  # bad options fail here, once, before any worker starts
    out_path = Path(output)
    if out_path.resolve() in {p.resolve() for p in files}:
        raise StorybriefError(f"{output}: the output file is also an input file")
    result = BatchResult()
    if resume:
        done, result.truncated = scan_output(out_path, log)
    else:
        done = Counter()
        out_path.unlink(missing_ok=True)
    already = sum(done.values())

    total = count_lines(files)
    if progress == "auto":
        progress = "bar" if sys.stderr.isatty() else "log"
    bar: _Progress
    if progress == "bar":
        bar = _RichProgress(total, already)
    elif progress == "log":
        bar = _LogProgress(total, already, log_every, log)
    else:
        bar = _Progress(total, already)

    jobs = _skip_done(read_jobs(files, log), done, result)
    engine_: Engine
    if engine == "ray":
        from storybrief.engines.ray import RayEngine

        engine_ = RayEngine(options, workers=workers, address=ray_address, log=log)
    else:
        engine_ = LocalEngine(options, workers=workers or os.cpu_count() or 1, chunksize=chunksize)

    start = time.perf_counter()
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with engine_, out_path.open("a", encoding="utf-8") as out, bar:
        for line in engine_.run(jobs):
            out.write(line + "\n")
            out.flush()
            result.written += 1
            if line.startswith('{"id"') and '"error": ' in line and _is_error(line):
                result.errors += 1
                if len(result.error_ids) < 10:
                    result.error_ids.append(str(json.loads(line)["id"]))
            bar.advance(result.errors)
    result.seconds = time.perf_counter() - start
    return result


def _is_error(line: str) -> bool:
    record = json.loads(line)
    return set(record) == {"id", "error"}
