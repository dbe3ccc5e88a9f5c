"""Article text: a fetched page's main text, or the text of a feed item's own content.

A page goes through the project's one HTML-to-text path, :func:`storybrief.readers.html_to_text`
(trafilatura's main text, comments and boilerplate off, with the title and the publication
date from the markup), exactly as an HTML file given to ``feed ingest`` does.  A ``text/plain``
page is its own text.

**Characters.** The bytes are decoded by the first of: a byte-order mark; UTF-8, when the
bytes are valid UTF-8 (text in a legacy charset is almost never valid UTF-8, while servers
often declare ISO-8859-1 by default for what is UTF-8); the charset the HTTP header declares;
the one a ``<meta>`` declares; Windows-1252, which decodes every byte.  ISO-8859-1 and ASCII
labels mean Windows-1252, as browsers read them.  A declaration that was wrong, or its
absence on a page that is not UTF-8, is reported in the result's ``note``.

A feed item's HTML content or summary is a fragment, often a sentence or two: trafilatura's
main-text extraction discards so little text, so when it finds nothing the fragment's plain
text (trafilatura's ``html2txt``) is used.
"""

from __future__ import annotations

import codecs
import html
import re
from dataclasses import dataclass

from storybrief.follow.fetch import FetchResult
from storybrief.readers import html_to_text, sniff_encoding

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_TAG = re.compile(r"<[^>]*>")
_WINDOWS_1252_LABELS = {"latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "ascii", "us-ascii"}


@dataclass
class PageText:
    text: str
    title: str | None = None
    date: str | None = None  # the page's own publication date (YYYY-MM-DD), from its markup
    note: str | None = None  # a charset problem met on the way, one line


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_LABELS:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_document(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """The text of an HTML or plain-text document, and a note on its charset (or None)."""
    bom = sniff_encoding(data[:4096])
    if bom is not None:
        return data.decode(bom, "replace").lstrip("\ufeff"), None
    header = _codec(declared)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        wrong = header not in (None, "utf-8") and not data.isascii()
        return text, (f"declared {declared}, but the bytes are UTF-8" if wrong else None)
    m = _META_CHARSET.search(data[:4096])
    meta_label = m.group(1).decode("ascii", "replace") if m else None
    for codec in (header, _codec(meta_label)):
        if codec is None or codec == "utf-8":
            continue
        try:
            return data.decode(codec), None
        except UnicodeDecodeError:
            continue
    said = declared or meta_label
    note = (
        f"declared {said}, but the bytes are not {said}; read as Windows-1252"
        if said
        else "no charset declared and not UTF-8; read as Windows-1252"
    )
    return data.decode("cp1252", "replace"), note


def page_text(result: FetchResult) -> PageText:
    """The main text of a fetched page (``text`` empty when it has none)."""
    text, note = decode_document(result.body, result.charset)
    if result.content_type == "text/plain":
        return PageText(text.strip(), note=note)
    main, meta = html_to_text(text)
    return PageText(main.strip(), meta.get("title"), meta.get("date"), note)


def fragment_words(content: str, is_html: bool) -> int:
    """About how many words a feed item's content or summary holds (its markup stripped; a
    cheap count that decides whether the full extraction is worth running)."""
    if is_html:
        content = html.unescape(_TAG.sub(" ", content))
    return len(content.split())


def fragment_text(content: str, is_html: bool) -> str:
    """The plain text of a feed item's content or summary ("" when there is none, or when
    the markup defeats both extractions)."""
    if not is_html:
        return content.strip()
    wrapped = f"<html><body>{content}</body></html>"
    try:
        text, _ = html_to_text(wrapped)
        if not text.strip():
            import trafilatura

            text = trafilatura.html2txt(wrapped)
    except Exception:  # a stranger's markup must cost its text, not the poll
        return ""
    return text.strip()
