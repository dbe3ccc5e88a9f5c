"""Input: read clusters of articles from a folder, a file or standard input.

Formats (``auto`` detects them; ``input_format`` forces one):

``folder``     a folder of articles, one per file: ``.txt``/``.text``/``.md`` as plain text,
               ``.html``/``.htm`` through trafilatura (main text only); one cluster.
``text``       one plain-text file: one article, a cluster of one.
``html``       one HTML file: one article.
``multinews``  Multi-News line form: one cluster per line, articles separated by ``|||||``,
               newlines written as ``NEWLINE_CHAR``.
``jsonl``      one cluster per line, ``{"id": ..., "documents": [str | {"text", "title",
               "url", "date"}, ...]}``; other keys are passed through. ``.gz``/``.xz`` are
               decompressed on the fly.

Everything streams: clusters are yielded one at a time, and each file is read up to
``MAX_FILE_BYTES``.  Problems the user should know about but that do not stop the run
(an undecodable byte, a skipped binary file) are reported through the ``warn`` callback.
"""

from __future__ import annotations

import gzip
import io
import json
import lzma
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from storybrief.errors import EmptyInputError, InputFormatError, InputNotFoundError

MAX_FILE_BYTES = 5_000_000
"""Bytes read from one article file (a 50 MB file is cut here with a warning)."""

FORMATS = ("auto", "folder", "text", "html", "multinews", "jsonl")
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson"}
MULTINEWS_SEP = "|||||"

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


def decode(data: bytes, where: str, warn: Warn) -> str:
    """UTF-8 (with or without BOM); otherwise Windows-1252, with a warning, so no byte is lost
    silently."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        warn(f"{where}: not valid UTF-8 (byte {err.start}); decoded as Windows-1252")
        return data.decode("cp1252", errors="replace")


def is_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    if not head:
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control / len(head) > 0.1


def html_to_text(html: str) -> tuple[str, dict[str, str | None]]:
    """Main text and metadata of an HTML page via trafilatura (comments and boilerplate off)."""
    import trafilatura

    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True
    )
    meta: dict[str, str | None] = {"title": None, "url": None, "date": None}
    try:
        m = trafilatura.extract_metadata(html)
        if m is not None:
            meta = {"title": m.title, "url": m.url, "date": None}
    except Exception:  # metadata is optional; a malformed head must not lose the text
        pass
    meta["date"] = html_date(html, meta["url"])
    return text or "", meta


def html_date(html: str, url: str | None = None) -> str | None:
    """The page's publication date (``YYYY-MM-DD``) from its markup only -- meta tags
    (``article:published_time``, ``date``, ...), JSON-LD, ``<time>`` and dated elements, the
    URL -- via htmldate, without its extensive search of the page text (which guesses from
    any date it finds, a copyright year or a related link's date).  None when the markup
    gives none; the source analysis then reads the text (``storybrief.analysis.dates``)."""
    try:
        import htmldate

        return htmldate.find_date(html, extensive_search=False, original_date=True, url=url)
    except Exception:  # a date is optional; a malformed page must not lose the text
        return None


def _read_bytes(path: Path, warn: Warn) -> bytes:
    with path.open("rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        warn(f"{path}: larger than {MAX_FILE_BYTES:,} bytes; only the beginning was read")
        data = data[:MAX_FILE_BYTES]
    return data


def _article_from_file(path: Path, kind: str, warn: Warn) -> dict[str, Any] | None:
    data = _read_bytes(path, warn)
    if is_binary(data):
        warn(f"{path}: looks like a binary file; skipped")
        return None
    text = decode(data, str(path), warn)
    if not text.strip():
        warn(f"{path}: empty; skipped")
        return None
    doc: dict[str, Any] = {"name": path.name}
    if kind == "html":
        text, meta = html_to_text(text)
        if not text.strip():
            warn(f"{path}: no article text found in the HTML; skipped")
            return None
        doc.update({k: v for k, v in meta.items() if v})
    doc["text"] = text
    return doc


def _read_folder(folder: Path, warn: Warn, stats: ReadStats) -> Iterator[ClusterInput]:
    files = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    docs = []
    for p in files:
        suffix = p.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            kind = "text"
        elif suffix in HTML_SUFFIXES:
            kind = "html"
        else:
            warn(f"{p}: not a .txt or .html article; skipped")
            stats.skipped_files += 1
            continue
        doc = _article_from_file(p, kind, warn)
        if doc is None:
            stats.skipped_files += 1
        else:
            docs.append(doc)
    if not docs:
        raise InputNotFoundError(
            f"no readable articles in folder {folder} (looked for non-empty "
            f"{', '.join(sorted(TEXT_SUFFIXES | HTML_SUFFIXES))} files)"
        )
    yield ClusterInput(folder.name, docs)


def _open_text(path: Path | None, warn: Warn) -> TextIO:
    """A text stream over a file (gz/xz transparently) or stdin, decoding per line with a
    Windows-1252 fallback."""
    if path is None:
        raw = sys.stdin.buffer
    elif path.suffix == ".gz":
        raw = gzip.open(path, "rb")
    elif path.suffix == ".xz":
        raw = lzma.open(path, "rb")
    else:
        raw = path.open("rb")
    return _DecodingLines(raw, str(path) if path else "<stdin>", warn)


class _DecodingLines(io.TextIOBase):
    """Iterate over the lines of a binary stream, decoding each with :func:`decode`."""

    def __init__(self, raw: Any, where: str, warn: Warn):
        self.raw, self.where, self.warn = raw, where, warn
        self._warned = False

    def __iter__(self) -> Iterator[str]:  # type: ignore[override]
        for i, line in enumerate(self.raw, 1):
            try:
                yield line.decode("utf-8-sig" if i == 1 else "utf-8")
            except UnicodeDecodeError:
                yield decode(line, f"{self.where}:{i}", self._warn_once)

    def _warn_once(self, message: str) -> None:
        if not self._warned:
            self.warn(message + " (reported once per file)")
            self._warned = True

    def close(self) -> None:
        if self.raw is not sys.stdin.buffer:
            self.raw.close()


def _parse_jsonl_line(line: str, where: str) -> ClusterInput:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputFormatError(
            f"{where}: malformed JSON ({err.msg} at column {err.colno})"
        ) from None
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


def _read_lines(
    stream: TextIO, fmt: str, name: str, skip_bad: bool, warn: Warn, stats: ReadStats
) -> Iterator[ClusterInput]:
    try:
        for lineno, line in enumerate(stream, 1):
            if not line.strip():
                continue
            where = f"{name}:{lineno}"
            try:
                if fmt == "jsonl":
                    cluster = _parse_jsonl_line(line, where)
                    if cluster.id is None:
                        cluster.id = f"{Path(name).name.split('.')[0]}-{lineno}"
                else:
                    cluster = ClusterInput(
                        f"{Path(name).name.split('.')[0]}-{lineno}", _split_multinews(line)
                    )
            except InputFormatError as err:
                if not skip_bad:
                    raise InputFormatError(f"{err} (use --skip-bad to skip such lines)") from None
                warn(f"{err}; skipped")
                stats.skipped_lines += 1
                continue
            yield cluster
    finally:
        stream.close()


def _sniff(sample: str) -> str:
    s = sample.lstrip()
    if s.startswith("{"):
        return "jsonl"
    if MULTINEWS_SEP in sample or "NEWLINE_CHAR" in sample:
        return "multinews"
    if s[:200].lower().startswith(("<!doctype html", "<html")) or "<body" in s[:5000].lower():
        return "html"
    return "text"


def detect_format(path: Path) -> str:
    if path.is_dir():
        return "folder"
    name = path.name.lower()
    for comp in (".gz", ".xz"):
        if name.endswith(comp):
            name = name[: -len(comp)]
    suffix = Path(name).suffix
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    with _open_text(path, _ignore) as f:
        sample = "".join(line for _, line in zip(range(3), f, strict=False))[:20000]
    return _sniff(sample)


def read_clusters(
    source: str,
    input_format: str = "auto",
    skip_bad: bool = False,
    warn: Warn = _ignore,
    stats: ReadStats | None = None,
) -> Iterator[ClusterInput]:
    """Yield the clusters in ``source`` (a path or ``-`` for standard input)."""
    stats = stats if stats is not None else ReadStats()
    if input_format not in FORMATS:
        raise InputFormatError(
            f"unknown input format {input_format!r}; choose one of: {', '.join(FORMATS)}"
        )
    if source == "-":
        data = sys.stdin.buffer.read()
        text = decode(data, "<stdin>", warn)
        if not text.strip():
            raise EmptyInputError("standard input is empty")
        fmt = _sniff(text[:20000]) if input_format == "auto" else input_format
        stats.format = fmt
        if fmt in ("jsonl", "multinews"):
            lines = io.StringIO(text)
            for c in _read_lines(lines, fmt, "stdin", skip_bad, warn, stats):
                stats.clusters += 1
                yield c
            return
        if fmt == "folder":
            raise InputFormatError("standard input cannot be a folder")
        if fmt == "html":
            text, meta = html_to_text(text)
            yield ClusterInput("stdin", [{"text": text, **{k: v for k, v in meta.items() if v}}])
        else:
            yield ClusterInput("stdin", [text])
        stats.clusters += 1
        return

    path = Path(source)
    if not path.exists():
        raise InputNotFoundError(f"{source}: no such file or folder")
    fmt = detect_format(path) if input_format == "auto" else input_format
    stats.format = fmt
    if fmt == "folder":
        if not path.is_dir():
            raise InputFormatError(f"{source}: --input-format folder needs a folder")
        for c in _read_folder(path, warn, stats):
            stats.clusters += 1
            yield c
        return
    if path.is_dir():
        raise InputFormatError(f"{source} is a folder; --input-format {fmt} needs a file")
    if fmt in ("jsonl", "multinews"):
        n = 0
        for c in _read_lines(_open_text(path, warn), fmt, str(path), skip_bad, warn, stats):
            n += 1
            stats.clusters += 1
            yield c
        if n == 0 and stats.skipped_lines == 0:
            raise EmptyInputError(f"{source}: no clusters in the file")
        return
    doc = _article_from_file(path, "html" if fmt == "html" else "text", warn)
    if doc is None:
        raise EmptyInputError(f"{source}: no article text to summarize")
    stats.clusters += 1
    yield ClusterInput(path.stem, [doc])
