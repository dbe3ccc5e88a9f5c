"""Clusters of articles from a folder, a file or standard input (``summarize``, ``inspect``,
``analyze``): the formats are in :mod:`storybrief.readers.formats`, the streams and their caps
in :mod:`storybrief.readers.stream` and :mod:`storybrief.readers.limits`, bytes to an article
in :mod:`storybrief.readers.articles`.

Bounded resources (README, "Input limits"): everything streams, and every read has a byte
cap, so an endless or oversized input (``/dev/zero``, a multi-gigabyte line) ends with a clear
error within seconds instead of filling memory.  Each input is opened and read exactly once:
format detection *peeks* and hands what it read back to the reader, so FIFOs, ``<(process
substitution)`` and standard input work.  Problems the user should know about but that do not
stop the run (an undecodable byte, a skipped binary file) are reported through ``warn``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storybrief.errors import EmptyInputError, InputFormatError, InputNotFoundError
from storybrief.readers import limits
from storybrief.readers.articles import (
    article_from_bytes,
    article_kind,
    decode,
    is_binary,
    sniff_encoding,
)
from storybrief.readers.formats import (
    ARTICLE_SUFFIXES,
    FORMATS,
    MULTINEWS_SEP,
    named_format,
    sniff,
    suffix_list,
)
from storybrief.readers.stream import (
    Opened,
    capped_lines,
    open_input,
    read_capped,
    read_file_capped,
    skip_rest_of_line,
    too_long_message,
)

Warn = Callable[[str], None]


@dataclass
class ClusterInput:
    """One cluster as read: its documents (str or dict) and pass-through metadata."""

    id: str | None
    documents: list[Any]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReadStats:
    clusters: int = 0
    format: str | None = None  # the detected (or forced) format, set before the first cluster
    skipped_lines: int = 0
    skipped_files: int = 0


def _ignore(_: str) -> None:
    pass


# -- folders -----------------------------------------------------------------------------------
def _read_folder(folder: Path, warn: Warn, stats: ReadStats) -> Iterator[ClusterInput]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    docs: list[dict[str, Any]] = []
    total = 0
    for n, p in enumerate(files):
        kind = article_kind(p.name)
        if kind is None:
            warn(f"{p}: not an article file ({suffix_list(ARTICLE_SUFFIXES)}); skipped")
            stats.skipped_files += 1
            continue
        if len(docs) >= limits.MAX_FOLDER_FILES or total >= limits.MAX_FOLDER_BYTES:
            rest = len(files) - n
            warn(
                f"{folder}: only the first {len(docs):,} articles ({total:,} bytes) were read; "
                f"{rest:,} more files skipped (limits: {limits.MAX_FOLDER_FILES:,} articles, "
                f"{limits.MAX_FOLDER_BYTES:,} bytes per folder)"
            )
            stats.skipped_files += rest
            break
        data = read_file_capped(p, warn)
        total += len(data)
        doc = article_from_bytes(data, p.name, kind, str(p), warn)
        if doc is None:
            stats.skipped_files += 1
        else:
            docs.append(doc)
    if not docs:
        raise InputNotFoundError(
            f"no readable articles in folder {folder} (looked for non-empty "
            f"{suffix_list(ARTICLE_SUFFIXES)} files)"
        )
    yield ClusterInput(folder.name, docs)


# -- line formats ----------------------------------------------------------------------------
def malformed_json_message(where: str, err: json.JSONDecodeError) -> str:
    """``file:3: malformed JSON: Expecting value at column 1``.  Some of ``json``'s messages
    already end in "at" ("Unterminated string starting at"); the column then follows it
    directly instead of giving "at at"."""
    at = " " if err.msg.endswith(" at") else " at "
    return f"{where}: malformed JSON: {err.msg}{at}column {err.colno}"


def _parse_jsonl_line(line: str, where: str) -> ClusterInput:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputFormatError(malformed_json_message(where, err)) from None
    except RecursionError:
        raise InputFormatError(f"{where}: JSON nested too deeply") from None
    if not isinstance(obj, dict):
        raise InputFormatError(f"{where}: expected a JSON object, got {type(obj).__name__}")
    docs = obj.get("documents")
    if isinstance(docs, str) and MULTINEWS_SEP in docs:
        docs = _split_multinews(docs)
    if not isinstance(docs, list):
        raise InputFormatError(f"{where}: missing 'documents' list")
    for j, d in enumerate(docs):
        if not isinstance(d, str) and not (isinstance(d, dict) and isinstance(d.get("text"), str)):
            raise InputFormatError(
                f"{where}: document {j + 1} is neither a string nor an object with a 'text' string"
            )
    extra = {k: v for k, v in obj.items() if k not in ("id", "documents")}
    cid = obj.get("id")
    return ClusterInput(None if cid is None else str(cid), docs, extra)


def _split_multinews(line: str) -> list[str]:
    line = line.replace("NEWLINE_CHAR", "\n")
    return [d.strip() for d in line.split(MULTINEWS_SEP) if d.strip()]


def _text_lines(opened: Opened, skip_bad: bool, warn: Warn) -> Iterator[tuple[int, str | None]]:
    """(line number, text) of every line, each read up to ``MAX_LINE_BYTES``; ``None`` for an
    over-long line that ``skip_bad`` skips (else :class:`InputFormatError`)."""
    encoding = sniff_encoding(opened.head)
    warned = False

    def warn_once(message: str) -> None:
        nonlocal warned
        if not warned:
            warn(message + " (reported once per file)")
            warned = True

    if encoding is not None and encoding != "utf-8-sig":  # UTF-16/32: a text layer decodes
        text_stream = io.TextIOWrapper(opened.stream, encoding=encoding, errors="replace")
        cap = limits.MAX_LINE_BYTES // 2
        lineno = 0
        while line := text_stream.readline(cap + 1):
            lineno += 1
            if len(line) > cap and not line.endswith("\n"):
                where = f"{opened.where}:{lineno}"
                if not skip_bad:
                    raise InputFormatError(
                        f"{too_long_message(where)} (use --skip-bad to skip such lines)"
                    )
                skip_rest_of_line(lambda: text_stream.readline(1 << 20), where)
                yield lineno, None
            else:
                yield lineno, line
        return
    for lineno, raw in capped_lines(opened.stream, opened.where, skip_bad):
        if raw is None:
            yield lineno, None
            continue
        try:
            yield lineno, raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError:
            yield lineno, decode(raw, f"{opened.where}:{lineno}", warn_once)


def _read_lines(
    opened: Opened, fmt: str, name: str, skip_bad: bool, warn: Warn, stats: ReadStats
) -> Iterator[ClusterInput]:
    stem = Path(name).name.split(".")[0] or "stdin"
    good = 0
    try:
        for lineno, line in _text_lines(opened, skip_bad, warn):
            where = f"{name}:{lineno}"
            try:
                if line is None:
                    raise InputFormatError(
                        f"{where}: line longer than {limits.MAX_LINE_BYTES:,} bytes"
                    )
                if not line.strip():
                    continue
                if fmt == "jsonl":
                    cluster = _parse_jsonl_line(line, where)
                    if cluster.id is None:
                        cluster.id = f"{stem}-{lineno}"
                else:
                    cluster = ClusterInput(f"{stem}-{lineno}", _split_multinews(line))
            except InputFormatError as err:
                if not skip_bad:
                    raise InputFormatError(f"{err} (use --skip-bad to skip such lines)") from None
                warn(f"{err}; skipped")
                stats.skipped_lines += 1
                if good == 0 and stats.skipped_lines >= limits.MAX_LEADING_BAD_LINES:
                    raise InputFormatError(
                        f"{name}: the first {limits.MAX_LEADING_BAD_LINES:,} lines are all "
                        "malformed; "
                        f"stopping (is this really {fmt}?)"
                    ) from None
                continue
            good += 1
            yield cluster
    finally:
        opened.close()


# -- detection -------------------------------------------------------------------------------
def _head_text(head: bytes) -> str:
    return decode(head, "", _ignore)[:20000]


def read_clusters(
    source: str,
    input_format: str = "auto",
    skip_bad: bool = False,
    warn: Warn = _ignore,
    stats: ReadStats | None = None,
) -> Iterator[ClusterInput]:
    """Yield the clusters in ``source``: a folder, a file (FIFOs, devices and ``/dev/fd/N``
    included) or ``-`` for standard input.  Each input is opened and read exactly once."""
    stats = stats if stats is not None else ReadStats()
    if input_format not in FORMATS:
        raise InputFormatError(
            f"unknown input format {input_format!r}; choose one of: {', '.join(FORMATS)}"
        )
    path: Path | None = None
    if source != "-":
        path = Path(source)
        if not path.exists():
            raise InputNotFoundError(f"{source}: no such file or folder")
        if path.is_dir():
            if input_format not in ("auto", "folder"):
                raise InputFormatError(
                    f"{source} is a folder; --input-format {input_format} needs a file"
                )
            stats.format = "folder"
            for c in _read_folder(path, warn, stats):
                stats.clusters += 1
                yield c
            return
    if input_format == "folder":
        raise InputFormatError(f"{source}: --input-format folder needs a folder")
    yield from _read_stream(path, source, input_format, skip_bad, warn, stats)


def _read_stream(
    path: Path | None, source: str, input_format: str, skip_bad: bool, warn: Warn, stats: ReadStats
) -> Iterator[ClusterInput]:
    opened = open_input(path)
    name = "stdin" if path is None else str(path)
    try:
        if not opened.head.strip():
            raise EmptyInputError(
                "standard input is empty" if path is None else f"{source}: the file is empty"
            )
        fmt = input_format
        if fmt == "auto":
            fmt = (path and named_format(path.name)) or sniff(_head_text(opened.head))
        stats.format = fmt
        if is_binary(opened.head):
            raise InputFormatError(
                f"{opened.where} looks like binary data, not text (is it the right file?)"
            )
    except BaseException:
        opened.close()
        raise
    if fmt in ("jsonl", "multinews"):
        n = 0
        for c in _read_lines(opened, fmt, name, skip_bad, warn, stats):
            n += 1
            stats.clusters += 1
            yield c
        if n == 0 and stats.skipped_lines == 0:
            raise EmptyInputError(f"{source}: no clusters in the input")
        return
    try:
        data = read_capped(opened, warn)
    finally:
        opened.close()
    if path is None:
        label, kind = "stdin", "html" if fmt == "html" else "text"
    else:
        label = path.stem
        kind = "html" if fmt == "html" else (article_kind(path.name) or "text")
        if kind == "html" and fmt != "html":
            kind = "text"
    doc = article_from_bytes(data, "stdin" if path is None else path.name, kind, opened.where, warn)
    if doc is None:
        raise EmptyInputError(f"{source}: no article text to summarize")
    if path is None:
        doc.pop("name", None)
    stats.clusters += 1
    yield ClusterInput(label, [doc])
