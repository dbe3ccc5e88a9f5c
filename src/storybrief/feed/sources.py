"""Where arriving articles come from: JSON lines, a folder of files, or standard input.

* **JSON lines** (``.jsonl``, ``.json``, ``.ndjson``; ``.gz``/``.xz`` decompressed on the
  fly): one article a line, ``{"id", "text"}`` plus optional ``"title"``, ``"url"``,
  ``"date"``, ``"source"``, or ``"html"`` instead of ``"text"``.
* **a folder**: one article per ``.txt``/``.md`` (text) or ``.html``/``.htm`` (main text by
  trafilatura) file, in file-name order; the file name is the article's id.
* **standard input** (``-``): JSON lines, or one plain-text article.
* a single ``.txt``/``.html`` file: one article.

With ``follow`` a file or folder is watched after its end: lines appended to the file (a line
counts once its newline is written) and files added to the folder are read as they come, and
:data:`FLUSH` is yielded whenever nothing new has arrived, so the feed commits what it has.
A file that shrinks (rotated or truncated) is read again from its start: articles already
stored are recognised and skipped.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from storybrief.errors import EmptyInputError, InputFormatError, InputNotFoundError
from storybrief.readers import limits
from storybrief.readers.articles import article_from_bytes, article_kind, decode, is_binary
from storybrief.readers.formats import ARTICLE_SUFFIXES, strip_compression, suffix_list
from storybrief.readers.stream import (
    open_input,
    peek,
    read_file_capped,
    skip_rest_of_line,
    too_long_message,
)

SETTLE_SECONDS = 1.0
"""A followed folder's file is read once it has not changed for this long."""

FLUSH = object()
"""Yielded by a followed source when no new article has arrived: commit what you have."""

Warn = Callable[[str], None]


def _ignore(_: str) -> None:
    pass


class BadLine(InputFormatError):
    """A malformed input line (its location is in the message)."""


def read_articles(
    source: str,
    follow: bool = False,
    poll: float = 1.0,
    skip_bad: bool = False,
    warn: Warn = _ignore,
    stop: Callable[[], bool] = lambda: False,
) -> Iterator[Any]:
    """Yield articles (dicts) from ``source`` in arrival order; see the module docstring.
    ``stop`` is checked while following (return True to end)."""
    if source == "-":
        if follow:
            raise InputFormatError("--follow needs a file or folder, not standard input")
        yield from _stdin(skip_bad, warn)
        return
    path = Path(source)
    if not path.exists():
        raise InputNotFoundError(f"{source}: no such file or folder")
    if path.is_dir():
        yield from _folder(path, follow, poll, warn, stop)
        return
    name, compressed = strip_compression(path.name)
    if article_kind(path.name) is not None:
        if follow:
            raise InputFormatError(f"{source}: --follow needs a JSON lines file or a folder")
        article = _file_article(path, warn)
        if article is None:
            raise EmptyInputError(f"{source}: no article text")
        yield article
        return
    if follow and compressed:
        raise InputFormatError(f"{source}: a compressed file cannot be followed")
    yield from _jsonl(path, follow, poll, skip_bad, warn, stop)


def _parse(line: bytes, where: str, warn: Warn) -> dict[str, Any]:
    text = decode(line, where, warn)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as err:
        raise BadLine(f"{where}: malformed JSON ({err.msg} at column {err.colno})") from None
    except RecursionError:
        raise BadLine(f"{where}: JSON nested too deeply") from None
    if not isinstance(obj, dict):
        raise BadLine(f"{where}: expected a JSON object, got {type(obj).__name__}")
    text_ok = isinstance(obj.get("text"), str) and obj["text"].strip()
    html_ok = isinstance(obj.get("html"), str) and obj["html"].strip()
    if not text_ok and not html_ok:
        raise BadLine(f"{where}: no 'text' (or 'html') with article text")
    return obj


def _lines(
    raw: BinaryIO, name: str, skip_bad: bool, warn: Warn, first: int = 1
) -> Iterator[tuple[int, dict[str, Any] | None]]:
    """Complete lines of ``raw`` parsed; a cut-off last line is returned as ``None`` with the
    offset to re-read it from."""
    lineno = first - 1
    while True:
        start = raw.tell() if raw.seekable() else None
        line = raw.readline(limits.MAX_LINE_BYTES + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limits.MAX_LINE_BYTES and not line.endswith(b"\n"):
            # the cap holds while reading: without --skip-bad nothing more of the line is
            # read; with it, its rest is skipped up to MAX_SKIP_BYTES (/dev/zero ends there)
            where = f"{name}:{lineno}"
            if not skip_bad:
                raise BadLine(f"{too_long_message(where)} (use --skip-bad to skip such lines)")
            skip_rest_of_line(lambda: raw.readline(1 << 20), where)
            warn(f"{too_long_message(where)}; skipped")
            continue
        if not line.endswith(b"\n") and start is not None:
            yield lineno, None  # maybe still being written
            raw.seek(start)
            return
        if not line.strip():
            continue
        try:
            yield lineno, _parse(line, f"{name}:{lineno}", warn)
        except BadLine as err:
            if not skip_bad:
                raise
            warn(f"{err}; skipped")


def _open(path: Path, follow: bool) -> Any:
    """A followed file as itself (it is re-read from an offset); any other through the input
    layer's one open (gzip/xz by name or magic bytes), refusing binary data at once."""
    if follow:
        return path.open("rb")
    opened = open_input(path, peek_lines=1)
    if is_binary(opened.head):
        opened.close()
        raise InputFormatError(f"{path} looks like binary data, not text (is it the right file?)")
    return _Owned(opened)


class _Owned:
    """An :class:`~storybrief.readers.stream.Opened` input as a closable binary stream."""

    def __init__(self, opened: Any):
        self.opened = opened

    def readline(self, limit: int = -1) -> bytes:
        return self.opened.stream.readline(limit)

    def read(self, n: int = -1) -> bytes:
        return self.opened.stream.read(n)

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:  # pragma: no cover - only called when following
        return 0

    def close(self) -> None:
        self.opened.close()


def _jsonl(
    path: Path, follow: bool, poll: float, skip_bad: bool, warn: Warn, stop: Callable[[], bool]
) -> Iterator[Any]:
    raw = _open(path, follow)
    lineno = 0
    try:
        while True:
            pending = False
            first = lineno + 1
            for number, obj in _lines(raw, str(path), skip_bad, warn, first):
                lineno = number
                if obj is None:
                    pending = True
                    lineno -= 1
                else:
                    yield obj
            if not follow:
                if pending:  # the file ends without a newline: its last line is complete
                    rest = raw.read(limits.MAX_LINE_BYTES + 1)
                    if rest.strip():
                        try:
                            yield _parse(rest, f"{path}:{lineno + 1}", warn)
                        except BadLine as err:
                            if not skip_bad:
                                raise
                            warn(f"{err}; skipped")
                return
            yield FLUSH
            while not stop():
                time.sleep(poll)
                size = path.stat().st_size if path.exists() else 0
                if size < raw.tell():
                    warn(
                        f"{path}: the file shrank (rotated or truncated); reading it from the start"
                    )
                    raw.close()
                    raw = _open(path, follow)
                    lineno = 0
                    break
                if size > raw.tell():
                    break
            else:
                return
    finally:
        raw.close()


def _stdin(skip_bad: bool, warn: Warn) -> Iterator[Any]:
    """JSON lines when the first non-blank line starts with ``{``, else one article."""
    import io

    raw = sys.stdin.buffer
    first = b""
    while not first.strip():  # past blank lines, however many (they are dropped)
        first = peek(raw)
        if not first:
            raise EmptyInputError("standard input is empty")
    if not first.endswith(b"\n"):  # the peek's byte cap cut a line: read the line to its end
        first += raw.readline(limits.MAX_LINE_BYTES + 1)
    if not first.lstrip().startswith(b"{"):
        cap = limits.MAX_FILE_BYTES
        data = first + raw.read(cap + 1)
        if len(data) > cap:
            warn(f"standard input: larger than {cap:,} bytes; only the beginning was read")
            data = data[:cap]
        text = decode(data, "<stdin>", warn)
        if text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
            yield {"html": text}
        else:
            yield {"text": text}
        return
    head = io.BytesIO(first if first.endswith(b"\n") else first + b"\n")
    for _, obj in _lines(head, "<stdin>", skip_bad, warn):
        if obj is not None:
            yield obj
    lineno = first.count(b"\n") or 1
    for _, obj in _lines(_Unseekable(raw), "<stdin>", skip_bad, warn, lineno + 1):
        if obj is not None:
            yield obj


class _Unseekable:
    """A binary stream read line by line to its end (a cut-off last line is a line)."""

    def __init__(self, raw: Any):
        self.raw = raw

    def readline(self, limit: int = -1) -> bytes:
        return self.raw.readline(limit)

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:  # pragma: no cover - only called when seekable
        return 0


def _file_article(path: Path, warn: Warn) -> dict[str, Any] | None:
    """One article file through the input layer's one bytes-to-article path (Markdown loses
    its ``#`` marks and gives its title, as for ``summarize``); the file name is the id."""
    kind = article_kind(path.name) or "text"
    doc = article_from_bytes(read_file_capped(path, warn), path.name, kind, str(path), warn)
    if doc is None:
        return None
    doc.pop("name", None)
    return {"id": path.name, **doc}


def _folder(
    folder: Path, follow: bool, poll: float, warn: Warn, stop: Callable[[], bool]
) -> Iterator[Any]:
    seen: set[str] = set()
    found = False
    while True:
        names = sorted(
            p.name for p in folder.iterdir() if not p.name.startswith(".") and p.name not in seen
        )
        for name in names:
            p = folder / name
            if not p.is_file():
                continue
            if follow and time.time() - p.stat().st_mtime < SETTLE_SECONDS:
                continue  # maybe still being written: read it at a later poll
            seen.add(name)
            if article_kind(p.name) is None:
                warn(f"{p}: not a .txt or .html article; skipped")
                continue
            article = _file_article(p, warn)
            if article is not None:
                found = True
                yield article
        if not follow:
            if not found:
                raise InputNotFoundError(
                    f"no readable articles in folder {folder} (looked for non-empty "
                    f"{suffix_list(ARTICLE_SUFFIXES)} files)"
                )
            return
        yield FLUSH
        while not stop():
            time.sleep(poll)
            if any(not p.name.startswith(".") and p.name not in seen for p in folder.iterdir()):
                break
        else:
            return
        found = True


def example_stream() -> Path:
    """The built-in example stream (fictional articles written for this project)."""
    from importlib import resources

    return Path(str(resources.files("storybrief") / "data" / "feed-example" / "stream.jsonl"))
