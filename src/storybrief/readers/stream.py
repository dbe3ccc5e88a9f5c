"""Streams read once: open (file, FIFO, device or standard input; ``.gz``/``.xz`` by name or
magic bytes), peek past blank lines to tell the format, and read lines with a byte cap that
holds *while* reading, so ``/dev/zero`` or a newline-free multi-gigabyte gzip ends with a
clear error (exit 4) within seconds.  The caps are in :mod:`storybrief.readers.limits`.
"""

from __future__ import annotations

import gzip
import io
import lzma
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from storybrief.errors import InputFormatError, InputNotFoundError
from storybrief.readers import limits

Warn = Callable[[str], None]


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


def peek(raw: BinaryIO, lines: int | None = None) -> bytes:
    """The first ``lines`` (default ``PEEK_LINES``) non-blank lines (the blank lines before them included), at
    most ``PEEK_BYTES`` bytes: enough to tell the format, without waiting for more than a
    line or two of a slow pipe.  Blank lines do not count, so a file that starts with many
    of them is still recognised."""
    head = b""
    found = 0
    wanted = limits.PEEK_LINES if lines is None else lines
    while found < wanted and len(head) < limits.PEEK_BYTES:
        line = raw.readline(limits.PEEK_BYTES - len(head))
        if not line:
            break
        head += line
        if line.strip():
            found += 1
    return head


def open_input(path: Path | None, peek_lines: int | None = None) -> Opened:
    """Open a file, FIFO, device or (``None``) standard input for one pass, decompressing
    ``.gz``/``.xz`` (by name or by magic bytes) and peeking at the start (``peek_lines``
    non-blank lines: a reader that knows the format peeks one, so a slow pipe's first line
    is read as soon as it comes)."""
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
            head = peek(raw, peek_lines)
        except (OSError, EOFError, lzma.LZMAError) as err:
            raise InputFormatError(f"{where}: cannot be decompressed ({err})") from None
    except BaseException:
        for f in reversed(owned):
            f.close()
        raise
    return Opened(io.BufferedReader(_Chain(head, raw), 1 << 16), head, where, owned)


def read_capped(opened: Opened, warn: Warn) -> bytes:
    """All of a one-article input, at most ``MAX_FILE_BYTES`` (with a warning when cut)."""
    data = opened.stream.read(limits.MAX_FILE_BYTES + 1)
    if len(data) > limits.MAX_FILE_BYTES:
        warn(
            f"{opened.where}: larger than {limits.MAX_FILE_BYTES:,} bytes; "
            "only the beginning was read"
        )
        data = data[: limits.MAX_FILE_BYTES]
    return data


def read_file_capped(path: Path, warn: Warn) -> bytes:
    """The bytes of one article file, at most ``MAX_FILE_BYTES`` (with a warning when cut)."""
    with path.open("rb") as f:
        data = f.read(limits.MAX_FILE_BYTES + 1)
    if len(data) > limits.MAX_FILE_BYTES:
        warn(f"{path}: larger than {limits.MAX_FILE_BYTES:,} bytes; only the beginning was read")
        data = data[: limits.MAX_FILE_BYTES]
    return data


def too_long_message(where: str) -> str:
    return (
        f"{where}: line longer than {limits.MAX_LINE_BYTES:,} bytes (one record per line is "
        "expected)"
    )


def skip_rest_of_line(read_more: Callable[[], Any], where: str) -> None:
    """Drop the rest of an over-long line in 1 MB pieces (memory stays bounded), giving up
    with :class:`InputFormatError` after ``MAX_SKIP_BYTES``: a stream without line breaks
    (``/dev/zero``) is not line-based."""
    skipped = limits.MAX_LINE_BYTES
    while True:
        rest = read_more()
        skipped += len(rest)
        if not rest or rest[-1:] in ("\n", b"\n"):
            return
        if skipped > limits.MAX_SKIP_BYTES:
            raise InputFormatError(
                f"{too_long_message(where)}, and no line break in {limits.MAX_SKIP_BYTES:,} "
                "bytes: not a line-based file"
            )


def capped_lines(
    stream: Any, where: str, skip_long: bool, first: int = 1
) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes) of every line of a binary stream, each read up to
    ``MAX_LINE_BYTES``.  An over-long line is :class:`InputFormatError` at once (nothing more
    of it is read), or with ``skip_long`` yields ``None`` after its rest is skipped
    (:func:`skip_rest_of_line`).  ``where`` names the stream in messages (``where:line``)."""
    lineno = first - 1
    while raw := stream.readline(limits.MAX_LINE_BYTES + 1):
        lineno += 1
        if len(raw) > limits.MAX_LINE_BYTES and not raw.endswith(b"\n"):
            if not skip_long:
                raise InputFormatError(
                    f"{too_long_message(f'{where}:{lineno}')} (use --skip-bad to skip such lines)"
                )
            skip_rest_of_line(lambda: stream.readline(1 << 20), f"{where}:{lineno}")
            yield lineno, None
            continue
        yield lineno, raw
