"""Batch jobs: the input of ``storybrief batch`` as a stream of jobs, and one job's output line.

:func:`read_jobs` streams one file (``.jsonl``, ``.gz``, ``.xz``), a folder or a glob of them,
line by line, each line read up to ``MAX_LINE_BYTES`` (a longer one is skipped without being
held in memory and becomes an error record); :func:`summarize_job` turns one job into its
output line.  The engines (:mod:`~storybrief.engines.local`, :mod:`~storybrief.engines.ray`)
and :mod:`~storybrief.engines.batch` build on these.
"""

from __future__ import annotations

import glob
import gzip
import json
import lzma
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO

from storybrief.errors import InputNotFoundError, StorybriefError
from storybrief.pipeline.summary import Summary
from storybrief.readers import _parse_jsonl_line, decode, malformed_json_message

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
