"""A feed's bytes -> its title and items, whatever the syndication format.

RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom are parsed by feedparser: it detects the format and the
character encoding (the HTTP charset, the XML declaration, a BOM, then fallbacks -- a
document declared UTF-8 but written in Windows-1252 is read as Windows-1252), resolves
relative links against the feed's address, sanitizes the HTML in content and summaries, and
recovers what it can from malformed XML with its lenient parser.

**JSON Feed** (1.0 and 1.1) is parsed here with the standard ``json`` module into the same
item shape: feedparser 6 does not read JSON Feed (its 6.0 releases have no JSON parser; a
JSON document is a "not well-formed" XML error to it).  A JSON Feed is recognised by its
content type (``application/feed+json``, ``application/json``) or by a body that starts with
``{``, and must carry a ``version`` of ``https://jsonfeed.org/version/...`` and an ``items``
list.  JSON is UTF-8 (or UTF-16/32, which ``json`` detects); bytes that are not are read as
Windows-1252 rather than refused.

What counts as a problem:

* a document that is no feed at all (an HTML page, JSON that is not a JSON Feed, XML without
  items or a feed element) is :class:`FeedFormatError`, one line;
* a feed read despite a fault (malformed XML read leniently, a wrong charset declaration) is
  a :class:`ParsedFeed` with ``problem`` set to one line saying what was wrong, so the
  caller can log it.

Items keep the feed's order.  Nothing is fetched here: feedparser is given the bytes as a
stream (given a ``str``, feedparser would open it as a URL or a file name).
"""

from __future__ import annotations

import html
import io
import json
import re
import time
import unicodedata
import xml.sax
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from storybrief.readers import sniff_encoding

MAX_TITLE_CHARS = 500
_TAG = re.compile(r"<[^>]*>")
_JSON_FEED = re.compile(r"^https?://jsonfeed\.org/version/")


class FeedFormatError(Exception):
    """The document is not a feed (one-line reason)."""


@dataclass
class FeedItem:
    """One item as the feed gives it.  ``guid`` is its id (RSS ``guid``, Atom ``id``, RSS 1.0
    ``rdf:about``, JSON Feed ``id``) or None; ``link`` an absolute http(s) URL or None;
    ``published`` ISO 8601 UTC (``2026-11-02T06:40:00Z``) from the publication date, else the
    update date, else None; ``content``/``summary`` HTML (``*_html`` True) or plain text."""

    guid: str | None
    link: str | None
    title: str | None
    published: str | None
    content: str | None = None
    content_html: bool = True
    summary: str | None = None
    summary_html: bool = True


@dataclass
class ParsedFeed:
    title: str | None
    format: str  # feedparser's version ("rss20", "rss10", "atom10", ...) or "json1.1"
    items: list[FeedItem]
    problem: str | None = None  # what was wrong with a feed read anyway, one line


def clean_line(text: Any, limit: int = MAX_TITLE_CHARS) -> str | None:
    """A one-line field (a title, an outlet): no markup, no control characters, spaces
    collapsed, at most ``limit`` characters; None when nothing is left."""
    if not isinstance(text, str):
        return None
    if "<" in text:
        text = _TAG.sub(" ", text)
    text = html.unescape(text) if "&" in text else text
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text or None


def _http_link(value: Any, base: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        link = urljoin(base, value.strip())
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    if not link.isprintable() or any(c.isspace() for c in link):
        return None
    return link


def _iso(when: datetime) -> str:
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def _from_struct(value: Any) -> str | None:
    if not isinstance(value, time.struct_time):
        return None
    try:
        return _iso(datetime(*value[:6]))  # feedparser's struct_times are UTC
    except (ValueError, OverflowError):
        return None


def _from_rfc3339(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        return None
    return _iso(when if when.tzinfo else when.replace(tzinfo=UTC))


def _text_of(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value
    return None


def _looks_json(data: bytes, content_type: str | None) -> bool:
    if content_type and "json" in content_type:
        return True
    encoding = sniff_encoding(data[:64])
    head = data[:64].decode(encoding, "ignore") if encoding else data[:64].decode("latin-1")
    return head.lstrip("\ufeff \t\r\n").startswith("{")


def parse_feed(
    data: bytes, url: str, content_type: str | None = None, charset: str | None = None
) -> ParsedFeed:
    """Parse a fetched feed; ``url`` is where it came from (relative links resolve against
    it), ``content_type``/``charset`` what the server said.  Raises :class:`FeedFormatError`."""
    if not data.strip():
        raise FeedFormatError("not a feed: the document is empty")
    if _looks_json(data, content_type):
        return _json_feed(data, url)
    return _xml_feed(data, url, content_type, charset)


# -- RSS / Atom through feedparser ------------------------------------------------------------
def _bozo_line(exc: Any) -> str:
    if isinstance(exc, xml.sax.SAXParseException):
        return f"malformed XML at line {exc.getLineNumber()}: {exc.getMessage()}"
    name = type(exc).__name__
    message = " ".join(str(exc).split())[:200]
    if "Encoding" in name:
        return f"charset: {message}"
    return f"{name}: {message}" if message else name


def _xml_feed(data: bytes, url: str, content_type: str | None, charset: str | None) -> ParsedFeed:
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type + (f"; charset={charset}" if charset else "")
    try:
        d = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as err:  # feedparser recovers from most faults; never let one escape
        raise FeedFormatError(f"not a readable feed ({type(err).__name__})") from None
    version = d.get("version") or ""
    entries = d.get("entries") or []
    problem = _bozo_line(d.get("bozo_exception")) if d.get("bozo") else None
    if not version and not entries:
        head = data.lstrip()[:200].lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            raise FeedFormatError("not a feed: the document is an HTML page")
        raise FeedFormatError(f"not a feed: {problem or 'no RSS, Atom or JSON Feed in it'}")
    items = [_feedparser_item(e, url) for e in entries]
    if problem and problem.startswith("malformed XML"):
        problem += f"; {len(items)} items read by the lenient parser"
    return ParsedFeed(
        clean_line(d.get("feed", {}).get("title")), version or "unknown", items, problem
    )


def _feedparser_item(e: Any, base: str) -> FeedItem:
    link = _http_link(e.get("link"), base)
    content, content_html = None, True
    best = 0
    for part in e.get("content") or []:
        value = _text_of(part.get("value"))
        if value and len(value) > best:
            best = len(value)
            content, content_html = value, "html" in (part.get("type") or "html")
    summary = _text_of(e.get("summary"))
    summary_html = "html" in ((e.get("summary_detail") or {}).get("type") or "html")
    if summary and content and summary.strip() == content.strip():
        summary = None
    guid = e.get("id")
    return FeedItem(
        guid=guid.strip() if isinstance(guid, str) and guid.strip() else None,
        link=link,
        title=clean_line(e.get("title")),
        published=_from_struct(e.get("published_parsed")) or _from_struct(e.get("updated_parsed")),
        content=content,
        content_html=content_html,
        summary=summary,
        summary_html=summary_html,
    )


# -- JSON Feed ---------------------------------------------------------------------------------
def _json_feed(data: bytes, url: str) -> ParsedFeed:
    try:
        try:
            obj = json.loads(data)  # bytes: UTF-8/16/32 detected by json itself
        except UnicodeDecodeError:  # JSON must be UTF-8; a legacy charset is read as such
            obj = json.loads(data.decode("cp1252", "replace"))
    except (ValueError, RecursionError) as err:
        raise FeedFormatError(
            f"not a feed: malformed JSON ({' '.join(str(err).split())[:150]})"
        ) from None
    if not isinstance(obj, dict) or not _JSON_FEED.match(str(obj.get("version", ""))):
        raise FeedFormatError("not a feed: JSON without a JSON Feed version")
    raw_items = obj.get("items")
    if not isinstance(raw_items, list):
        raise FeedFormatError("not a feed: a JSON Feed without an items list")
    version = str(obj["version"]).rstrip("/").rsplit("/", 1)[-1]
    items: list[FeedItem] = []
    skipped = 0
    for raw in raw_items:
        if not isinstance(raw, dict):
            skipped += 1
            continue
        guid = raw.get("id")
        if isinstance(guid, bool) or not isinstance(guid, str | int | float):
            guid = None
        content_html, content_text = (
            _text_of(raw.get("content_html")),
            _text_of(raw.get("content_text")),
        )
        items.append(
            FeedItem(
                guid=str(guid).strip() or None if guid is not None else None,
                link=_http_link(raw.get("url"), url) or _http_link(raw.get("external_url"), url),
                title=clean_line(raw.get("title")),
                published=_from_rfc3339(raw.get("date_published"))
                or _from_rfc3339(raw.get("date_modified")),
                content=content_html or content_text,
                content_html=content_html is not None,
                summary=_text_of(raw.get("summary")),
                summary_html=False,
            )
        )
    problem = f"{skipped} items that are not JSON objects skipped" if skipped else None
    return ParsedFeed(clean_line(obj.get("title")), f"json{version}", items, problem)
