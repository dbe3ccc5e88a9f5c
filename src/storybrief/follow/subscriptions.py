"""What to follow: an OPML file, a text file of feed URLs, or one URL.

* **OPML** (what every feed reader exports): every ``<outline>`` with an ``xmlUrl``, however
  deeply nested in folders; its ``title`` (else ``text``) names it.  Attribute names are
  matched without regard to case (``xmlurl`` is seen in the wild).
* **A text file**: one feed URL a line; blank lines and lines starting with ``#`` are
  skipped, and so is a comment after the URL (`` # ...``, with a space before the ``#``).
* **One URL** (``http://`` or ``https://``).

``feed://`` and ``feed:https://`` addresses are read as the http(s) ones they stand for.  An
entry that is not an http(s) URL is skipped with a warning naming it (OPML) or its line (text);
a URL listed twice is followed once.  A missing file is
:class:`~storybrief.errors.InputNotFoundError` (exit 3), an unreadable OPML document
:class:`~storybrief.errors.InputFormatError` (4), a list without any feed
:class:`~storybrief.errors.EmptyInputError` (5).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from storybrief.errors import EmptyInputError, InputFormatError, InputNotFoundError
from storybrief.readers import decode, is_binary

MAX_SUBSCRIPTION_BYTES = 10_000_000
"""Bytes read from a subscription file (an OPML of thousands of feeds is a few MB)."""

Warn = Callable[[str], None]
_COMMENT = re.compile(r"\s#.*$")


@dataclass(frozen=True)
class Subscription:
    """One feed to follow: its URL and the name the user's list gives it (if any)."""

    url: str
    title: str | None = None


def _ignore(_: str) -> None:
    pass


def feed_url(text: str) -> str | None:
    """``text`` as an http(s) URL (``feed:`` forms converted), or None when it is not one."""
    url = text.strip()
    low = url.lower()
    if low.startswith("feed://"):
        url = "http://" + url[7:]
    elif low.startswith("feed:"):
        url = url[5:]
    if not url.isprintable() or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a bad port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def read_subscriptions(source: str, warn: Warn = _ignore) -> list[Subscription]:
    """The subscriptions in ``source``: an http(s) URL, or the path of an OPML or text file."""
    if re.match(r"(?i)(https?|feed):", source.strip()):
        url = feed_url(source)
        if url is None:
            raise InputFormatError(f"{source}: not a valid http(s) feed URL")
        return [Subscription(url)]
    path = Path(source)
    if not path.exists():
        raise InputNotFoundError(f"{source}: no such file (nor an http(s) URL)")
    if path.is_dir():
        raise InputFormatError(
            f"{source} is a folder; give an OPML file, a text file of URLs or a URL"
        )
    try:
        with path.open("rb") as f:
            data = f.read(MAX_SUBSCRIPTION_BYTES + 1)
    except OSError as err:
        raise InputNotFoundError(f"{source}: cannot be read ({err.strerror or err})") from None
    if len(data) > MAX_SUBSCRIPTION_BYTES:
        raise InputFormatError(f"{source}: larger than {MAX_SUBSCRIPTION_BYTES:,} bytes")
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if head.startswith(b"<"):
        subs = _opml(data, source, warn)
    else:
        if is_binary(data):
            raise InputFormatError(f"{source} looks like binary data, not a list of feed URLs")
        subs = _text_list(decode(data, source, warn), source, warn)
    if not subs:
        raise EmptyInputError(f"{source}: no feed URLs in it")
    return subs


def _attr(el: ET.Element, name: str) -> str | None:
    for key, value in el.attrib.items():
        if key.lower() == name and value.strip():
            return value.strip()
    return None


def _opml(data: bytes, source: str, warn: Warn) -> list[Subscription]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise InputFormatError(f"{source}: not a readable OPML document ({err})") from None
    if root.tag.lower() != "opml":
        raise InputFormatError(f"{source}: an XML document, but not OPML (<{root.tag}>)")
    out: list[Subscription] = []
    seen: set[str] = set()
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag.lower() != "outline":
            continue
        raw = _attr(el, "xmlurl")
        if raw is None:
            continue  # a folder (or a link that is not a feed)
        name = _attr(el, "title") or _attr(el, "text")
        url = feed_url(raw)
        if url is None:
            warn(f"{source}: outline {name or raw!r}: not an http(s) feed URL ({raw!r}); skipped")
        elif url not in seen:
            seen.add(url)
            out.append(Subscription(url, " ".join(name.split()) if name else None))
    return out


def _text_list(text: str, source: str, warn: Warn) -> list[Subscription]:
    out: list[Subscription] = []
    seen: set[str] = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        line = _COMMENT.sub("", line).strip()
        if not line or line.startswith("#"):
            continue
        url = feed_url(line)
        if url is None:
            warn(f"{source}:{lineno}: not an http(s) feed URL: {line[:200]!r}; skipped")
        elif url not in seen:
            seen.add(url)
            out.append(Subscription(url))
    return out
