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
               decompressed on the fly (also on standard input, recognised by their magic bytes).

Bounded resources (README, "Input limits"): everything streams, and every read has a byte
cap, so an endless or oversized input (``/dev/zero``, a multi-gigabyte line) ends with a clear
error within seconds instead of filling memory:

* ``MAX_FILE_BYTES`` of one article (file, FIFO or standard input); the rest is not read;
* ``MAX_LINE_BYTES`` of one JSONL / Multi-News line (one cluster);
* ``MAX_FOLDER_FILES`` articles and ``MAX_FOLDER_BYTES`` bytes of one folder;
* format detection *peeks*: it reads at most ``PEEK_LINES`` lines / ``PEEK_BYTES`` bytes of
  the stream it opened and hands them back to the reader, so FIFOs, ``<(process
  substitution)`` and standard input are read exactly once.

Text is UTF-8 (with or without BOM); a UTF-16/UTF-32 BOM (or UTF-16 without BOM, recognised by
its zero bytes) is honoured; other bytes fall back to Windows-1252 with a warning, so no byte is
lost silently.  Problems the user should know about but that do not stop the run (an
undecodable byte, a skipped binary file) are reported through the ``warn`` callback.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import lzma
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from storybrief.errors import EmptyInputError, InputFormatError, InputNotFoundError

MAX_FILE_BYTES = 5_000_000
"""Bytes read from one article (file, FIFO or standard input); the rest is left unread."""
MAX_LINE_BYTES = 50_000_000
"""Bytes of one JSONL / Multi-News line (one cluster); a longer line is an error (exit 4)."""
MAX_SKIP_BYTES = 500_000_000
"""An over-long line skipped with ``--skip-bad`` is read on (and dropped) up to this many bytes
looking for its end; a stream with no line break that long is not line-based: exit 4."""
MAX_LEADING_BAD_LINES = 1_000
"""With ``--skip-bad``, a stream whose first this-many lines are all malformed is not JSONL:
exit 4 rather than skipping an endless stream of garbage line by line."""
MAX_FOLDER_FILES = 10_000
"""Articles read from one folder (in name order); the rest are skipped with a warning."""
MAX_FOLDER_BYTES = 200_000_000
"""Bytes read from one folder in all; the files after the cap are skipped with a warning."""
PEEK_BYTES = 65_536
PEEK_LINES = 3
"""Format detection looks at most at the first ``PEEK_LINES`` lines / ``PEEK_BYTES`` bytes."""

FORMATS = ("auto", "folder", "text", "html", "multinews", "jsonl")
TEXT_SUFFIXES = {".txt", ".text", ".md"}
MARKDOWN_SUFFIXES = {".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".json", ".ndjson"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
MULTINEWS_SEP = "|||||"

Warn = Callable[[str], None]

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


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


def suffix_list(suffixes: set[str]) -> str:
    """``.htm, .html, .md, ...`` for messages."""
    return ", ".join(sorted(suffixes))


# -- bytes to text ---------------------------------------------------------------------------
def sniff_encoding(head: bytes) -> str | None:
    """The encoding a BOM (or UTF-16's tell-tale zero bytes) announces, else None (UTF-8
    with a Windows-1252 fallback)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    sample = head[:4096]
    if len(sample) >= 8:
        even, odd = sample[0::2], sample[1::2]
        # ASCII-heavy UTF-16 without BOM: every other byte is zero, the others are not
        if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le"
        if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be"
    return None


def decode(data: bytes, where: str, warn: Warn) -> str:
    """UTF-8 (with or without BOM), or the UTF-16/32 a BOM announces; otherwise Windows-1252,
    with a warning, so no byte is lost silently."""
    encoding = sniff_encoding(data)
    if encoding is not None and encoding != "utf-8-sig":
        return data.decode(encoding, errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        warn(f"{where}: not valid UTF-8 (byte {err.start}); decoded as Windows-1252")
        return data.decode("cp1252", errors="replace")


def _is_utf8(head: bytes) -> bool:
    try:  # incremental: a character cut at the end of the sample is not an error
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def is_binary(data: bytes) -> bool:
    """True for data that is not text, judged on its first 8 KB: zero bytes over 0.5%, or
    control characters over 10% (2% when the bytes are not UTF-8 either, as in random or
    compressed data).  A stray NUL in a text file and UTF-16/32 text (zero bytes with a BOM
    or in a UTF-16 pattern) are text."""
    head = data[:8192]
    if not head or sniff_encoding(head) is not None:
        return False
    nul = head.count(0)
    if nul > 2 and nul > len(head) / 200:
        return True
    control = sum(1 for b in head if b < 32 and b not in (0, 9, 10, 12, 13, 27))
    ratio = control / len(head)
    return ratio > 0.1 or (ratio > 0.02 and not _is_utf8(head))


_MD_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")


def markdown_article(text: str) -> tuple[str, str | None]:
    """Markdown headings lose their ``#`` marks (they become headline and subhead lines);
    returns the text and the title (the first line, when it is a heading)."""
    title = None
    lines = text.split("\n")
    first = True
    for i, line in enumerate(lines):
        m = _MD_HEADING.match(line)
        if m:
            lines[i] = m.group(1)
            if first and m.group(1).strip():
                title = m.group(1).strip()
        if line.strip():
            first = False
    return "\n".join(lines), title


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


def article_from_bytes(
    data: bytes, name: str, kind: str, where: str, warn: Warn
) -> dict[str, Any] | None:
    """One article from the bytes of a file or upload: ``kind`` is ``text``, ``markdown`` or
    ``html``.  None (with a warning) when the bytes are binary or hold no text."""
    if is_binary(data):
        warn(f"{where}: looks like a binary file; skipped")
        return None
    text = decode(data, where, warn)
    if not text.strip():
        warn(f"{where}: empty; skipped")
        return None
    doc: dict[str, Any] = {"name": name}
    if kind == "html":
        text, meta = html_to_text(text)
        if not text.strip():
            warn(f"{where}: no article text found in the HTML; skipped")
            return None
        doc.update({k: v for k, v in meta.items() if v})
    elif kind == "markdown":
        text, title = markdown_article(text)
        if title:
            doc["title"] = title
    doc["text"] = text
    return doc


def article_kind(name: str) -> str | None:
    suffix = Path(name).suffix.lower()
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    return None


# -- streams that are read once, with a peek ------------------------------------------------
class _Chain(io.RawIOBase):
    """The bytes already read for detection, then the rest of the stream."""

    def __init__(self, head: bytes, rest: io.BufferedReader):
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        # read1: what is there now (a slow pipe's next line), not a full buffer's worth
        data = self._rest.read1(len(b))
        b[: len(data)] = data
        return len(data)


@dataclass
class Opened:
    """An input opened once: ``head`` holds its first bytes (already decompressed) and
    ``stream`` yields every byte, ``head`` included.  ``close`` closes what was opened here
    (never standard input)."""

    stream: io.BufferedReader
    head: bytes
    where: str
    owned: list[Any] = field(default_factory=list)

    def close(self) -> None:
        for f in reversed(self.owned):
            f.close()
        self.owned.clear()


def _peek(raw: BinaryIO) -> bytes:
    """At most ``PEEK_LINES`` lines and ``PEEK_BYTES`` bytes: enough to tell the format,
    without waiting for more than a line or two of a slow pipe."""
    head = b""
    for _ in range(PEEK_LINES):
        line = raw.readline(PEEK_BYTES - len(head))
        head += line
        if not line or len(head) >= PEEK_BYTES:
            break
    return head


def open_input(path: Path | None) -> Opened:
    """Open a file, FIFO, device or (``None``) standard input for one pass, decompressing
    ``.gz``/``.xz`` (by name or by magic bytes) and peeking at the start."""
    where = str(path) if path is not None else "<stdin>"
    owned: list[Any] = []
    if path is None and getattr(sys.stdin, "buffer", None) is None:
        raise InputNotFoundError("standard input is closed; give a file or folder instead of -")
    raw: Any = sys.stdin.buffer if path is None else path.open("rb")
    if path is not None:
        owned.append(raw)
    try:
        if not isinstance(raw, io.BufferedReader):  # a BytesIO stand-in for stdin (tests)
            raw = io.BufferedReader(raw)  # type: ignore[arg-type]
        magic = raw.peek(6)[:6]
        name = path.name.lower() if path is not None else ""
        if name.endswith(".gz") or magic.startswith(b"\x1f\x8b"):
            raw = io.BufferedReader(gzip.GzipFile(fileobj=raw, mode="rb"))  # type: ignore[arg-type]
            owned.append(raw)
        elif name.endswith(".xz") or magic.startswith(b"\xfd7zXZ\x00"):
            raw = io.BufferedReader(lzma.LZMAFile(raw, "rb"))  # type: ignore[arg-type]
            owned.append(raw)
        try:
            head = _peek(raw)
        except (OSError, EOFError, lzma.LZMAError) as err:
            raise InputFormatError(f"{where}: cannot be decompressed ({err})") from None
    except BaseException:
        for f in reversed(owned):
            f.close()
        raise
    return Opened(io.BufferedReader(_Chain(head, raw), 1 << 16), head, where, owned)


def _read_capped(opened: Opened, warn: Warn) -> bytes:
    data = opened.stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        warn(f"{opened.where}: larger than {MAX_FILE_BYTES:,} bytes; only the beginning was read")
        data = data[:MAX_FILE_BYTES]
    return data


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
        if len(docs) >= MAX_FOLDER_FILES or total >= MAX_FOLDER_BYTES:
            rest = len(files) - n
            warn(
                f"{folder}: only the first {len(docs):,} articles ({total:,} bytes) were read; "
                f"{rest:,} more files skipped (limits: {MAX_FOLDER_FILES:,} articles, "
                f"{MAX_FOLDER_BYTES:,} bytes per folder)"
            )
            stats.skipped_files += rest
            break
        with p.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            warn(f"{p}: larger than {MAX_FILE_BYTES:,} bytes; only the beginning was read")
            data = data[:MAX_FILE_BYTES]
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


class _TooLong(Exception):
    pass


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
        lineno = 0
        while line := text_stream.readline(MAX_LINE_BYTES // 2 + 1):
            lineno += 1
            if len(line) > MAX_LINE_BYTES // 2 and not line.endswith("\n"):
                yield (
                    lineno,
                    _too_long(opened, lineno, skip_bad, lambda: text_stream.readline(1 << 20)),
                )
            else:
                yield lineno, line
        return
    lineno = 0
    stream = opened.stream
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        lineno += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            yield lineno, _too_long(opened, lineno, skip_bad, lambda: stream.readline(1 << 20))
            continue
        try:
            yield lineno, raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
        except UnicodeDecodeError:
            yield lineno, decode(raw, f"{opened.where}:{lineno}", warn_once)


def _too_long(opened: Opened, lineno: int, skip_bad: bool, read_more: Callable[[], Any]) -> None:
    message = (
        f"{opened.where}:{lineno}: line longer than {MAX_LINE_BYTES:,} bytes (one cluster per "
        "line is expected)"
    )
    if not skip_bad:
        raise InputFormatError(f"{message} (use --skip-bad to skip such lines)")
    skipped = MAX_LINE_BYTES
    while True:  # drop the rest of the line, in 1 MB pieces (memory stays bounded)
        rest = read_more()
        skipped += len(rest)
        if not rest or rest[-1:] in ("\n", b"\n"):
            return None
        if skipped > MAX_SKIP_BYTES:
            raise InputFormatError(
                f"{message}, and no line break in {MAX_SKIP_BYTES:,} bytes: not a line-based file"
            )


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
                    raise InputFormatError(f"{where}: line longer than {MAX_LINE_BYTES:,} bytes")
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
                if good == 0 and stats.skipped_lines >= MAX_LEADING_BAD_LINES:
                    raise InputFormatError(
                        f"{name}: the first {MAX_LEADING_BAD_LINES:,} lines are all malformed; "
                        f"stopping (is this really {fmt}?)"
                    ) from None
                continue
            good += 1
            yield cluster
    finally:
        opened.close()


# -- detection -------------------------------------------------------------------------------
def _sniff(sample: str) -> str:
    s = sample.lstrip()
    if s.startswith("{"):
        return "jsonl"
    if MULTINEWS_SEP in sample or "NEWLINE_CHAR" in sample:
        return "multinews"
    if s[:200].lower().startswith(("<!doctype html", "<html")) or "<body" in s[:5000].lower():
        return "html"
    return "text"


def _format_from_name(name: str) -> str | None:
    name = name.lower()
    for comp in (".gz", ".xz"):
        if name.endswith(comp):
            name = name[: -len(comp)]
    suffix = Path(name).suffix
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix in HTML_SUFFIXES:
        return "html"
    return None


def _head_text(head: bytes) -> str:
    return decode(head, "", _ignore)[:20000]


def detect_format(path: Path) -> str:
    """The format of a folder or file, from its name or its first lines (opened once)."""
    if path.is_dir():
        return "folder"
    fmt = _format_from_name(path.name)
    if fmt is not None:
        return fmt
    opened = open_input(path)
    try:
        return _sniff(_head_text(opened.head))
    finally:
        opened.close()


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
            fmt = (path and _format_from_name(path.name)) or _sniff(_head_text(opened.head))
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
        data = _read_capped(opened, warn)
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
