"""Batch jobs: the input of ``storybrief batch`` as a stream of jobs, and one job's output line.

:func:`read_jobs` streams one file (``.jsonl``, ``.gz``, ``.xz``), a folder or a glob of them,
line by line, each line read up to ``MAX_LINE_BYTES`` (a longer one is skipped without being
held in memory and becomes an error record); :func:`summarize_job` turns one job into its
output line.  The engines (:mod:`~storybrief.engines.local`, :mod:`~storybrief.engines.ray`)
and :mod:`~storybrief.engines.batch` build on these.
"""

from __future__ import annotations

import glob
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Self

from storybrief.errors import InputFormatError, InputNotFoundError, StorybriefError
from storybrief.pipeline.summary import Summary
from storybrief.readers import _parse_jsonl_line, decode, limits, malformed_json_message
from storybrief.readers.articles import is_binary
from storybrief.readers.formats import COMPRESSED_SUFFIXES, JSONL_SUFFIXES, strip_compression
from storybrief.readers.stream import capped_lines, open_input

COMPRESSED = COMPRESSED_SUFFIXES

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


class Engine:
    """Where ``storybrief batch`` runs: :meth:`run` turns jobs into output lines in input
    order; used as a context manager, it is closed (workers, pool or cluster released) at the
    end of the block."""

    def run(self, jobs: Iterable[Job]) -> Iterator[str]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- input -----------------------------------------------------------------------------------


def _is_jsonl_name(name: str) -> bool:
    return Path(strip_compression(name)[0]).suffix in JSONL_SUFFIXES


def input_files(source: str | os.PathLike[str]) -> list[Path]:
    """The files of ``source``: a file, a folder (its JSONL files, sorted by name) or a glob
    pattern (its matches, sorted)."""
    path = Path(source)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and _is_jsonl_name(p.name))
        if not files:
            raise InputNotFoundError(f"{source}: folder holds no .jsonl(.gz/.xz) files")
        return files
    if path.exists():  # a file, or a FIFO or device (/dev/stdin, <(...), /dev/zero)
        return [path]
    matches = sorted(Path(p) for p in glob.glob(str(source), recursive=True))
    files = [p for p in matches if p.is_file()]
    if not files:
        raise InputNotFoundError(f"{source}: no such file, folder or matching files")
    return files


def _raw_lines(path: Path) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of every line, through the input layer's one open and capped line
    reader; ``None`` for a line over ``MAX_LINE_BYTES`` (its rest skipped, memory bounded; a
    stream with no line break in ``MAX_SKIP_BYTES`` stops with exit 4, as binary data does)."""
    opened = open_input(path, peek_lines=1)
    try:
        if is_binary(opened.head):
            raise InputFormatError(
                f"{path} looks like binary data, not text (is it the right file?)"
            )
        yield from capped_lines(opened.stream, str(path), skip_long=True)
    finally:
        opened.close()


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
                    f"{where}: cluster too large (line over {limits.MAX_LINE_BYTES:,} bytes)",
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
        return Job(default_id, None, where, malformed_json_message(where, err))
    except RecursionError:
        return Job(default_id, None, where, f"{where}: JSON nested too deeply")
    if not isinstance(obj, dict):
        return Job(default_id, None, where, f"{where}: expected a JSON object")
    cid = obj.get("id")
    return Job(default_id if cid is None else str(cid), text, where)


def count_lines(files: list[Path], max_bytes: int = 2_000_000_000) -> int | None:
    """Number of lines when it is cheap to know (uncompressed files, 2 GB in all at most),
    else ``None``."""
    if any(p.name.endswith(COMPRESSED) or not p.is_file() for p in files):
        return None  # compressed, or a FIFO or device: counting would read it (for ever)
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
        if not summary.sentences:
            # an empty summary is a cluster that could not be summarized: an error record,
            # counted in the report (issue 12), with the reason the summary carries
            reason = summary.warnings[-1] if summary.warnings else "nothing to summarize"
            return dumps(error_record(job.id, f"{job.where}: {reason}"))
        return dumps(summary_record(summary))
    except StorybriefError as err:
        return dumps(error_record(job.id, str(err)))
    except Exception as err:  # one bad cluster must not stop a batch of thousands
        return dumps(error_record(job.id, f"{job.where}: {type(err).__name__}: {err}"))
