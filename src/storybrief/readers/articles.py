"""Bytes to an article: the one path from a file's or upload's bytes to an article dict.

Text is UTF-8 (with or without BOM); a UTF-16/UTF-32 BOM (or UTF-16 without BOM, recognised by
its zero bytes) is honoured; other bytes fall back to Windows-1252 with a warning, so no byte is
lost silently.  Markdown loses its ``#`` heading marks and takes its title from its first
heading; HTML goes through trafilatura (main text only) and htmldate.  ``summarize``, the feed
(:mod:`storybrief.feed.sources`) and the web uploads all call :func:`bytes_to_article`.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from typing import Any

from storybrief.readers.formats import kind_of_name

Warn = Callable[[str], None]

_BOMS = (  # longest first: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class ArticleUnreadable(ValueError):
    """Bytes that hold no article: ``reason`` is ``binary``, ``empty`` or ``no_html_text``;
    ``str(err)`` is the one-line message."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


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


def bytes_to_article(data: bytes, name: str, kind: str, where: str, warn: Warn) -> dict[str, Any]:
    """One article (``{"name", "text"}`` plus ``title``/``url``/``date`` when found) from the
    bytes of a file or upload: ``kind`` is ``text``, ``markdown`` or ``html``.  Raises
    :class:`ArticleUnreadable` when the bytes are binary or hold no text."""
    if is_binary(data):
        raise ArticleUnreadable("binary", f"{where}: looks like a binary file")
    text = decode(data, where, warn)
    if not text.strip():
        raise ArticleUnreadable("empty", f"{where}: empty")
    doc: dict[str, Any] = {"name": name}
    if kind == "html":
        text, meta = html_to_text(text)
        if not text.strip():
            raise ArticleUnreadable("no_html_text", f"{where}: no article text found in the HTML")
        doc.update({k: v for k, v in meta.items() if v})
    elif kind == "markdown":
        text, title = markdown_article(text)
        if title:
            doc["title"] = title
    doc["text"] = text
    return doc


def article_from_bytes(
    data: bytes, name: str, kind: str, where: str, warn: Warn
) -> dict[str, Any] | None:
    """:func:`bytes_to_article`, or None with a warning (``...; skipped``) when the bytes hold
    no article."""
    try:
        return bytes_to_article(data, name, kind, where, warn)
    except ArticleUnreadable as err:
        warn(f"{err}; skipped")
        return None


def article_kind(name: str) -> str | None:
    """``text``, ``markdown`` or ``html`` for an article file's name; None for any other."""
    return kind_of_name(name)
