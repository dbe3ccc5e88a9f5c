"""Story digests for feed readers and daily digests: Atom, JSON Feed 1.1, Markdown, HTML.

:func:`syndicated_stories` picks the stories (status, a time since which their digest
changed, a limit) and :func:`render_atom`, :func:`render_json_feed`, :func:`render_markdown`
and :func:`render_html` write them.  One entry per story:

* its **id** ``urn:storybrief:story:N`` never changes, so a reader shows the story again,
  updated, when it develops instead of adding a new item;
* its **updated** time is when the current digest *text* was first written: a digest version
  recomputed to the same text (a copy arrived, an article said nothing new) does not move it;
* its **content** is the digest with every ``[n]`` citation a link to the source article, and
  the list of the digest's sources (outlet, title, time).  Only http(s) links are written
  (:func:`storybrief.text.links.safe_url`); any other url is shown as text or left out.

XML is written by :mod:`xml.etree.ElementTree` and HTML through :func:`html.escape`, so
hostile titles and urls stay text.  Stories whose digest has no sentence are left out.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from storybrief.errors import OptionError
from storybrief.feed.read import Story
from storybrief.feed.repository import Repository
from storybrief.pipeline.render import md_escape, md_link
from storybrief.text.links import safe_url
from storybrief.text.times import parse_iso

ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
MAX_ENTRIES = 500
EPOCH = "1970-01-01T00:00:00Z"

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$", re.I)
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# XML 1.0 cannot hold most control characters even escaped; a stranger's title may have them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse_duration(text: str, option: str) -> float:
    """``90``, ``30s``, ``15m``, ``24h``, ``7d``, ``2w`` -> seconds (an option error else)."""
    match = _DURATION.match(text or "")
    if not match:
        raise OptionError(f"{option} {text!r}: give a duration such as 90s, 15m, 24h or 7d")
    return float(match.group(1)) * _UNIT[match.group(2).lower()]


def parse_since(text: str, now: datetime | None = None, option: str = "--since") -> datetime:
    """A duration back from ``now`` (``24h``, ``7d``) or an ISO 8601 date or time (UTC when
    it has no offset)."""
    now = now or datetime.now(UTC)
    if _DURATION.match(text or ""):
        return now - timedelta(seconds=parse_duration(text, option))
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        raise OptionError(
            f"{option} {text!r}: give a duration (24h, 7d) or an ISO date or time"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rfc3339(stored: str | None) -> str | None:
    """A stored time (ISO, maybe naive, maybe with microseconds) as ``...Z`` (UTC)."""
    when = parse_iso(stored)
    return None if when is None else _iso(when)


def _xml_text(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


@dataclass
class Entry:
    """One story as a feed entry: the story and when its current digest text was written."""

    story: Story
    updated: str  # RFC 3339, UTC

    @property
    def id(self) -> str:
        return f"urn:storybrief:story:{self.story.id}"

    @property
    def title(self) -> str:
        return self.story.title or f"Story {self.story.id}"

    @property
    def n_sources(self) -> int:
        return len(self.story.sources)

    def sources(self) -> list[dict[str, Any]]:
        """The digest's documents: number (1-based), outlet, title, time, url (http(s) only)."""
        summary = self.story.summary or {}
        return [
            {
                "n": d["index"] + 1,
                "outlet": d.get("name") or "",
                "title": d.get("title") or d.get("label") or "",
                "date": d.get("date") or "",
                "url": safe_url(d.get("url")),
            }
            for d in summary.get("documents", [])
        ]

    def sentences(self) -> list[tuple[str, list[int]]]:
        """The digest's sentences with their 1-based citations."""
        summary = self.story.summary or {}
        return [(s["text"], [d + 1 for d in s["sources"]]) for s in summary.get("sentences", [])]

    def content_html(self) -> str:
        links = {s["n"]: s["url"] for s in self.sources()}
        parts = []
        for text, cites in self.sentences():
            marks = "".join(_cite_html(n, links.get(n)) for n in cites)
            parts.append(f"{html.escape(text)} {marks}" if marks else html.escape(text))
        out = [f"<p>{' '.join(parts)}</p>"]
        items = [_source_html(s) for s in self.sources()]
        if items:
            out.append("<p>Sources:</p><ol>" + "".join(items) + "</ol>")
        return "".join(out)

    def content_text(self) -> str:
        return " ".join(
            text + " " + "".join(f"[{n}]" for n in cites) if cites else text
            for text, cites in self.sentences()
        )


def _cite_html(n: int, url: str | None) -> str:
    if url:
        return f'<a href="{html.escape(url, quote=True)}">[{n}]</a>'
    return f"[{n}]"


def _source_html(s: dict[str, Any]) -> str:
    label = html.escape(s["title"] or s["url"] or f"article {s['n']}")
    title = f'<a href="{html.escape(s["url"], quote=True)}">{label}</a>' if s["url"] else label
    meta = " — ".join(html.escape(x) for x in (s["outlet"], s["date"][:16]) if x)
    return f"<li>{title}" + (f" ({meta})" if meta else "") + "</li>"


def syndicated_stories(
    store: Repository,
    *,
    status: str | None = None,
    since: datetime | None = None,
    limit: int = 50,
    order: str = "updated",
) -> list[Entry]:
    """Stories with a digest, each with the time its current digest text was written; only
    those with ``status`` and written at or after ``since``.  ``order``: ``updated`` (newest
    first, for feeds) or ``sources`` (most sources first, then most articles: a digest of
    the period)."""
    from storybrief.feed.read import get_story

    if status not in (None, "open", "quiet"):
        raise OptionError(f"status must be open or quiet (got {status!r})")
    limit = max(1, min(int(limit), MAX_ENTRIES))
    with store.read() as conn:
        versions = store.digest_texts(conn, status)
    written: dict[int, str] = {}
    for sid, rows in versions.items():
        current = rows[0][2]
        when = rows[0][1]
        for _, created, text in rows[1:]:  # back through versions of the same text
            if text != current:
                break
            when = created
        stamp = _rfc3339(when)
        if stamp and (since is None or stamp >= _iso(since)):
            written[sid] = stamp
    # newest first: then at most ``limit`` stories are read in full
    ranked = sorted(written, key=lambda sid: (written[sid], sid), reverse=True)
    entries = []
    for sid in ranked:
        story = get_story(store, sid, detail=False)
        if story.summary and story.summary.get("sentences"):
            entries.append(Entry(story, written[sid]))
        if order == "updated" and len(entries) >= limit:
            break
    if order == "sources":
        # stable: among stories as large, the newest digest first
        entries.sort(key=lambda e: (-e.n_sources, -e.story.n_articles))
    return entries[:limit]


def _feed_updated(entries: list[Entry]) -> str:
    return max((e.updated for e in entries), default=EPOCH)


def render_atom(
    entries: list[Entry],
    *,
    title: str = "storybrief: live stories",
    feed_url: str | None = None,
    page_url: str | None = None,
) -> str:
    """An Atom 1.0 document (RFC 4287) of ``entries``."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
        if text is not None:
            node.text = _xml_text(text)
        return node

    root = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(root, "title", title)
    sub(root, "id", safe_url(feed_url) or "urn:storybrief:stories")
    sub(root, "updated", _feed_updated(entries))
    author = sub(root, "author")
    sub(author, "name", "storybrief")
    sub(root, "generator", "storybrief")
    if safe_url(feed_url):
        sub(root, "link", rel="self", href=feed_url or "", type="application/atom+xml")
    if safe_url(page_url):
        sub(root, "link", rel="alternate", href=page_url or "", type="text/html")
    for e in entries:
        node = sub(root, "entry")
        sub(node, "id", e.id)
        sub(node, "title", e.title)
        sub(node, "updated", e.updated)
        published = _rfc3339(e.story.created)
        if published:
            sub(node, "published", published)
        if safe_url(page_url):
            sub(node, "link", rel="alternate", href=f"{page_url}#story-{e.story.id}")
        sub(node, "category", term=e.story.status)
        sub(node, "summary", e.content_text())
        sub(node, "content", e.content_html(), type="html")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode")


def render_json_feed(
    entries: list[Entry],
    *,
    title: str = "storybrief: live stories",
    feed_url: str | None = None,
    page_url: str | None = None,
) -> str:
    """A JSON Feed 1.1 document of ``entries`` (storybrief's own fields under ``_storybrief``,
    as the spec asks of extensions)."""
    doc: dict[str, Any] = {"version": JSON_FEED_VERSION, "title": title}
    if safe_url(page_url):
        doc["home_page_url"] = page_url
    if safe_url(feed_url):
        doc["feed_url"] = feed_url
    doc["authors"] = [{"name": "storybrief"}]
    items = []
    for e in entries:
        item: dict[str, Any] = {"id": e.id}
        if safe_url(page_url):
            item["url"] = f"{page_url}#story-{e.story.id}"
        item.update(
            title=e.title,
            content_html=e.content_html(),
            content_text=e.content_text(),
            date_modified=e.updated,
        )
        published = _rfc3339(e.story.created)
        if published:
            item["date_published"] = published
        item["tags"] = [e.story.status]
        item["_storybrief"] = {
            "story": e.story.id,
            "status": e.story.status,
            "n_articles": e.story.n_articles,
            "n_copies": e.story.n_copies,
            "sources": e.story.sources,
            "digest_version": e.story.digest_version,
            "citations": e.sources(),
        }
        items.append(item)
    doc["items"] = items
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _count(e: Entry) -> str:
    n, k = e.story.n_articles, e.n_sources
    return f"{n} article{'s' * (n != 1)} from {k} source{'s' * (k != 1)}"


def render_markdown(entries: list[Entry], title: str) -> str:
    """A digest of ``entries`` as Markdown: a section a story, citations linked."""
    lines = [f"# {md_escape(title)}", ""]
    if not entries:
        lines.append("No story in this period.")
    for e in entries:
        sources = e.sources()
        links = {s["n"]: s["url"] for s in sources}
        lines += [f"## {md_escape(e.title)}", ""]
        lines.append(f"{e.story.status}, {_count(e)}; digest of {e.updated}")
        lines.append("")
        lines.append(
            " ".join(
                md_escape(text)
                + (
                    ""
                    if not cites
                    else " " + "".join(md_link(f"[{n}]", links.get(n)) for n in cites)
                )
                for text, cites in e.sentences()
            )
        )
        lines.append("")
        for s in sources:
            meta = " — ".join(md_escape(x) for x in (s["outlet"], s["date"][:16]) if x)
            label = md_link(s["title"] or f"article {s['n']}", s["url"])
            lines.append(f"{s['n']}. {label}" + (f" ({meta})" if meta else ""))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_html(entries: list[Entry], title: str) -> str:
    """A digest of ``entries`` as one standalone HTML page."""
    body = [f"<h1>{html.escape(title)}</h1>"]
    if not entries:
        body.append("<p>No story in this period.</p>")
    for e in entries:
        body.append(f'<article id="story-{e.story.id}">')
        body.append(f"<h2>{html.escape(e.title)}</h2>")
        body.append(
            f"<p><small>{html.escape(e.story.status)}, {_count(e)}; "
            f"digest of {html.escape(e.updated)}</small></p>"
        )
        body.append(e.content_html())
        body.append("</article>")
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
