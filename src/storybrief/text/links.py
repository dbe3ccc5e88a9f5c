"""One URL policy for everything that renders a link from an article.

An article's url comes from a stranger: it may be ``javascript:alert(1)``, ``JaVaScRiPt:``
behind leading whitespace or control characters, ``data:``, or not a URL at all
(``http://[oops/x``).  Every renderer (Markdown, HTML, the pages' JSON, Atom) asks
:func:`safe_url` and shows a link only for what it returns; anything else is plain text.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https")
_MAX_URL_CHARS = 2048


def safe_url(url: object) -> str | None:
    """``url`` stripped, if it is a well-formed http(s) URL with a host; else ``None``.

    Control characters inside the URL disqualify it (browsers strip tabs and newlines before
    reading the scheme, which is how ``java\\tscript:`` gets through naive checks); a space
    is allowed, as renderers percent-encode it.
    """
    if not isinstance(url, str):
        return None
    clean = url.strip()
    if not clean or len(clean) > _MAX_URL_CHARS:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in clean):
        return None
    try:
        parts = urlsplit(clean)
        host = parts.hostname
    except ValueError:  # "http://[oops/x": an unclosed IPv6 bracket
        return None
    if parts.scheme.lower() not in SAFE_SCHEMES or not host:
        return None
    return clean
