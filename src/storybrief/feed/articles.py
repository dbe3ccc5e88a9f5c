"""Articles as they arrive: normalisation, identity keys, and prepared text.

An input article is a JSON object ``{"id", "text"}`` with optional ``"title"``, ``"url"``,
``"date"`` (publication time), ``"source"`` (the outlet), or ``"html"`` instead of
``"text"``; a plain string is an article without metadata.  :func:`normalize` turns either
into an :class:`Article` with three identity keys -- its id, its url and a hash of its
content -- which make ingest idempotent (see :mod:`storybrief.feed.store`).

:func:`prepare` runs the summarizer's first stages on the article alone (boilerplate
removal, sentence splitting; :mod:`storybrief.pipeline`) and the source analysis's junk test
(:mod:`storybrief.analysis.relevance`), once per article: the kept sentences are what the
story clustering compares and what digests are made from.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from storybrief.analysis.dates import parse_published
from storybrief.errors import InputFormatError
from storybrief.readers import html_to_text

MAX_TEXT_CHARS = 200_000
"""Characters of an article's text that are kept (the pipeline reads no more either)."""

Warn = Callable[[str], None]

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


@dataclass
class Article:
    """One arriving article, normalised.  ``id`` is the input id, or ``sha1:<hash>`` of the
    content when the input has none (stable across re-ingests)."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    date: str | None = None  # as given
    source: str | None = None  # outlet; from the url's host when not given
    published: datetime | None = None  # parsed ``date`` (UTC, naive), None if absent/unreadable
    content_hash: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        """Identity keys: an article matching any of them is already stored."""
        keys = [f"id:{self.id}"]
        if self.url:
            keys.append(f"url:{canonical_url(self.url)}")
        keys.append(f"hash:{self.content_hash}")
        return keys


def canonical_url(url: str) -> str:
    """The url without fragment, default port, ``www.`` or a trailing slash, host lower-cased:
    the same page linked two ways is one key."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower() or "http", host, path, parts.query, ""))


def content_hash(text: str) -> str:
    """SHA-1 of the text's words, case and spacing ignored: the same article re-sent with other
    line breaks or quotes' spacing is the same content."""
    norm = unicodedata.normalize("NFKC", text).lower()
    return hashlib.sha1(" ".join(_WORD.findall(norm)).encode("utf-8")).hexdigest()


def _iso_out_of_range(value: str) -> bool:
    """A well-formed ISO 8601 time whose UTC time falls outside years 1-9999
    (``9999-12-31T23:59:59-23:00``): :func:`parse_published` reads it as no date, and the
    feed says so."""
    try:
        datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def url_host(url: str) -> str | None:
    """The url's host, lower-cased without ``www.``; None for a url that has none or cannot
    be parsed (``http://[oops/x``: such a url is kept as text, never linked)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return (host or "").lower().removeprefix("www.") or None


def _opt(obj: Mapping[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def _clean(text: str) -> str:
    # lone surrogates (legal in JSON) cannot be stored as UTF-8; NUL breaks PostgreSQL text
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace").replace("\x00", "")


def normalize(item: Any, where: str = "article", warn: Warn | None = None) -> Article:
    """An :class:`Article` from a dict, a string or an :class:`Article`; raises
    :class:`~storybrief.errors.InputFormatError` (one line, naming ``where``) when the item
    has no text.  A date out of range is kept as given but read as no date, with a warning
    through ``warn``."""
    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        item = {"text": item}
    if not isinstance(item, Mapping):
        raise InputFormatError(
            f"{where}: expected a JSON object with a 'text' or 'html' field, "
            f"got {type(item).__name__}"
        )
    text = item.get("text")
    meta: dict[str, str | None] = {}
    if not isinstance(text, str) or not text.strip():
        html = item.get("html")
        if isinstance(html, str) and html.strip():
            text, meta = html_to_text(_clean(html))
        elif text is not None and not isinstance(text, str):
            raise InputFormatError(f"{where}: 'text' must be a string")
        else:
            raise InputFormatError(f"{where}: no 'text' (or 'html') with article text")
    text = _clean(text)[:MAX_TEXT_CHARS]
    if not text.strip():
        raise InputFormatError(f"{where}: the article has no text")
    title = _opt(item, "title") or meta.get("title")
    url = _opt(item, "url") or meta.get("url")
    date = _opt(item, "date") or meta.get("date")
    source = _opt(item, "source")
    if source is None and url:
        source = url_host(url)
    published = parse_published(date)
    if published is None and date and warn is not None and _iso_out_of_range(date):
        warn(f"{where}: date {date.strip()!r} is out of range; read as no date")
    digest = content_hash(text)
    raw_id = item.get("id")
    article_id = _clean(str(raw_id)).strip() if raw_id is not None else ""
    known = {"id", "text", "html", "title", "url", "date", "source"}
    return Article(
        id=article_id or f"sha1:{digest[:16]}",
        text=text,
        title=_clean(title) if title else None,
        url=_clean(url) if url else None,
        date=_clean(date) if date else None,
        source=_clean(source) if source else None,
        published=published,
        content_hash=digest,
        extra={k: v for k, v in item.items() if k not in known},
    )


def label(title: str | None, text: str, words: int = 12) -> str:
    """A short label for display: the title, else the text's first words."""
    if title:
        return title
    head = _SPACE.sub(" ", text).strip().split(" ")
    return " ".join(head[:words]) + (" ..." if len(head) > words else "")
