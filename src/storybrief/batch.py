"""Batch summarization: a JSONL file (or many) of clusters in, one JSON line per cluster out.

``storybrief batch IN OUT`` (see README, "Batch") is built from three pieces:

* :func:`read_jobs` streams the input -- one file (``.jsonl``, ``.gz``, ``.xz``), a folder or a
  glob of them -- line by line, each line read up to ``MAX_LINE_BYTES`` (a longer one is
  skipped without being held in memory and becomes an error record);
* an engine turns jobs into output lines, in input order: :func:`run_local` (this process, or a
  ``multiprocessing`` pool whose workers each build the summarizer once, fed through a bounded
  window so memory does not grow with the input) or :func:`storybrief.ray_engine.run_ray`;
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

import glob
import gzip
import json
import lzma
import multiprocessing
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from storybrief.errors import InputFormatError, InputNotFoundError, StorybriefError
from storybrief.readers import _parse_jsonl_line, decode
from storybrief.types import Summary

MAX_LINE_BYTES = 50_000_000
"""Bytes of one input line (one cluster) that are read; a longer line becomes an error record."""

JSONL_NAMES = (".jsonl", ".json", ".ndjson")
COMPRESSED = (".gz", ".xz")

Log = Callable[[str], None]


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class BatchOptions:
    """Summarizer options for every cluster of a batch (picklable: sent to each worker)."""

    method: str = "default"
    max_words: int = 150
    max_sentences: int | None = None
    dedup_threshold: float = 0.6
    redundancy: float = 0.5

    def summarizer(self):  # -> Summarizer (imported lazily: workers import on first use)
        from storybrief.pipeline import Summarizer

        return Summarizer(**asdict(self))


@dataclass(frozen=True)
class Job:
    """One input line: the cluster id it will be written under and its raw JSON text."""

    id: str
    line: str | None
    where: str  # file:line, for messages
    error: str | None = None  # already known to fail (unreadable line)


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


# -- input -----------------------------------------------------------------------------------


def _is_jsonl_name(name: str) -> bool:
    name = name.lower()
    for comp in COMPRESSED:
        if name.endswith(comp):
            name = name[: -len(comp)]
    return name.endswith(JSONL_NAMES)


def input_files(source: str | os.PathLike[str]) -> list[Path]:
    """The files of ``source``: a file, a folder (its JSONL files, sorted by name) or a glob
    pattern (its matches, sorted)."""
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and _is_jsonl_name(p.name))
        if not files:
            raise InputNotFoundError(f"{source}: folder holds no .jsonl(.gz/.xz) files")
        return files
    if path.is_file():
        return [path]
    matches = sorted(Path(p) for p in glob.glob(str(source), recursive=True))
    files = [p for p in matches if p.is_file()]
    if not files:
        raise InputNotFoundError(f"{source}: no such file, folder or matching files")
    return files


def _open_binary(path: Path) -> BinaryIO:
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if path.name.endswith(".xz"):
        return lzma.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _raw_lines(path: Path) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of every line; ``None`` for a line over ``MAX_LINE_BYTES``, whose
    rest is skipped in 1 MB pieces (memory stays bounded)."""
    with _open_binary(path) as f:
        lineno = 0
        while True:
            line = f.readline(MAX_LINE_BYTES + 1)
            if not line:
                return
            lineno += 1
            if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
                while True:
                    rest = f.readline(1 << 20)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield lineno, None
            else:
                yield lineno, line


def read_jobs(files: Iterable[Path], log: Log = _stderr) -> Iterator[Job]:
    """One :class:`Job` per non-blank line of ``files``, in order.  The id is the line's
    ``"id"`` or ``<file stem>-<line number>``."""
    for path in files:
        stem = path.name.split(".")[0]
        warned = False

        def warn_once(message: str, path: Path = path) -> None:
            nonlocal warned
            if not warned:
                log(f"warning: {message} (reported once per file)")
                warned = True

        for lineno, raw in _raw_lines(path):
            where = f"{path}:{lineno}"
            default_id = f"{stem}-{lineno}"
            if raw is None:
                yield Job(
                    default_id,
                    None,
                    where,
                    f"{where}: cluster too large (line over {MAX_LINE_BYTES:,} bytes)",
                )
                continue
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                text = decode(raw, where, warn_once)
            yield _job(text, where, default_id)


def _job(text: str, where: str, default_id: str) -> Job:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        return Job(
            default_id, None, where, f"{where}: malformed JSON ({err.msg} at column {err.colno})"
        )
    if not isinstance(obj, dict):
        return Job(default_id, None, where, f"{where}: expected a JSON object")
    cid = obj.get("id")
    return Job(default_id if cid is None else str(cid), text, where)


def count_lines(files: list[Path], max_bytes: int = 2_000_000_000) -> int | None:
    """Number of lines when it is cheap to know (uncompressed files, 2 GB in all at most),
    else ``None``."""
    if any(p.name.endswith(COMPRESSED) for p in files):
        return None
    if sum(p.stat().st_size for p in files) > max_bytes:
        return None
    total = 0
    for p in files:
        last = b"\n"
        with p.open("rb") as f:
            while block := f.read(1 << 20):
                total += block.count(b"\n")
                last = block[-1:]
        if last != b"\n":
            total += 1
    return total


# -- one cluster -----------------------------------------------------------------------------


def summary_record(summary: Summary) -> dict[str, Any]:
    """The compact output record of one summary (see the module docstring)."""
    cleaned = summary.cluster.cleaned
    return {
        "id": summary.id,
        "method": summary.method,
        "n_words": summary.n_words,
        "text": summary.text,
        "sentences": [
            {"text": s.text, "sources": s.sources, "score": round(s.score, 6)}
            for s in summary.sentences
        ],
        "documents": [{"index": c.doc.index, "label": c.label, "url": c.doc.url} for c in cleaned],
        "warnings": list(summary.cluster.warnings),
    }


def error_record(cluster_id: str, message: str) -> dict[str, Any]:
    return {"id": cluster_id, "error": message}


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def summarize_job(job: Job, summarizer: Any) -> str:
    """The output line (without newline) for one job: a summary or an error record."""
    if job.error is not None or job.line is None:
        return dumps(error_record(job.id, job.error or "unreadable line"))
    try:
        cluster = _parse_jsonl_line(job.line, job.where)
        summary = summarizer.summarize(cluster.documents, id=job.id, extra=cluster.extra)
        record = summary_record(summary)
        if not summary.sentences:
            record["warnings"].append("nothing to summarize (empty or boilerplate only)")
        return dumps(record)
    except StorybriefError as err:
        return dumps(error_record(job.id, str(err)))
    except Exception as err:  # one bad cluster must not stop a batch of thousands
        return dumps(error_record(job.id, f"{job.where}: {type(err).__name__}: {err}"))


# -- local engine ----------------------------------------------------------------------------

_worker_summarizer: Any = None


def _init_worker(options: BatchOptions) -> None:
    global _worker_summarizer
    _worker_summarizer = options.summarizer()


def _work(job: Job) -> str:
    return summarize_job(job, _worker_summarizer)


def _throttled(
    jobs: Iterable[Job], window: threading.Semaphore, stop: threading.Event
) -> Iterator[Job]:
    for job in jobs:
        window.acquire()
        if stop.is_set():  # the engine is closing: let the pool's feeder thread finish
            return
        yield job


class LocalEngine:
    """Output lines for jobs, in input order, in this process (``workers=1``) or in a pool of
    ``workers`` processes, each building the summarizer once.  The pool starts when the
    engine is made (before any progress display starts a thread); ``Pool.imap`` would read
    the whole input ahead, so a semaphore keeps at most ``4 x workers x chunksize`` clusters
    in flight."""

    def __init__(self, options: BatchOptions, workers: int = 1, chunksize: int = 8):
        self.options, self.workers, self.chunksize = options, max(1, workers), max(1, chunksize)
        self.pool = None
        self._stop = threading.Event()
        self._window = threading.Semaphore(4 * self.workers * self.chunksize)
        if self.workers > 1:
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self.pool = ctx.Pool(self.workers, initializer=_init_worker, initargs=(options,))

    def run(self, jobs: Iterable[Job]) -> Iterator[str]:
        if self.pool is None:
            summarizer = self.options.summarizer()
            for job in jobs:
                yield summarize_job(job, summarizer)
            return
        window = self._window
        for line in self.pool.imap(_work, _throttled(jobs, window, self._stop), self.chunksize):
            window.release()
            yield line

    def close(self) -> None:
        if self.pool is not None:
            # a feeder blocked on the window would keep terminate() waiting for it
            self._stop.set()
            self._window.release(4 * self.workers * self.chunksize + 1)
            self.pool.terminate()
            self.pool.join()
            self.pool = None

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_local(
    jobs: Iterable[Job], options: BatchOptions, workers: int = 1, chunksize: int = 8
) -> Iterator[str]:
    """Output lines for ``jobs`` in input order (see :class:`LocalEngine`)."""
    with LocalEngine(options, workers, chunksize) as engine:
        yield from engine.run(jobs)


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
    engine_: Any
    if engine == "ray":
        from storybrief.ray_engine import RayEngine

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
