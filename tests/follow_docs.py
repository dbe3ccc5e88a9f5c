"""Feeds, article pages and OPML written for the follow tests: fictional news (written for
this project), in every syndication format the follower reads."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from xml.sax.saxutils import quoteattr


@dataclass
class Story:
    slug: str
    title: str
    paragraphs: list[str]
    date: str  # ISO 8601 UTC
    summary: str


STORIES = [
    Story(
        "harbour-fire",
        "Fire guts grain warehouse on Port Ellery waterfront",
        [
            "A fire tore through the Hallam Grain Cooperative warehouse at Pier 9 in Port Ellery "
            "overnight, sending a column of smoke over the harbour, Fire Chief Ramon Castell said "
            "on Monday.",
            "Crews from four stations fought the blaze for six hours before bringing it under "
            "control shortly after dawn. No one was inside the building, and two firefighters "
            "were treated for smoke inhalation at Ellery General Hospital.",
            "The cooperative stored about 3,000 tonnes of barley in the warehouse, most of it "
            "due to be shipped to mills along the coast next week, its manager Owen Hallam said.",
        ],
        "2026-11-02T06:40:00Z",
        "A fire destroyed a grain warehouse at Pier 9.",
    ),
    Story(
        "council-budget",
        "Milbrook council approves leaner budget after long debate",
        [
            "The Milbrook town council approved a budget of 41 million dollars on Tuesday "
            "after a debate that ran past midnight, Mayor Grace Okonkwo said.",
            "The plan cuts spending on road repairs by a tenth and delays the new library "
            "branch in Quarry Hill by a year, while keeping bus fares at their current level.",
            "Councillor Tomas Lindqvist, who voted against it, said the library delay broke "
            "a promise made to families on the east side of town.",
        ],
        "2026-11-03T19:15:00Z",
        "The council approved a 41 million dollar budget.",
    ),
    Story(
        "flood-warning",
        "River Tamsin flood warning lifted as waters recede",
        [
            "Forecasters lifted the flood warning for the River Tamsin on Wednesday as the "
            "water fell below the banks at Lake Tamsin for the first time in five days.",
            "About 200 residents of Brightwater who left their homes over the weekend were "
            "allowed back, county emergency manager Priya Natarajan said.",
            "Engineers will inspect the Varden levee, where water seeped through on Saturday, "
            "before the next storm expected at the end of the month.",
        ],
        "2026-11-04T08:05:00Z",
        "The flood warning for the River Tamsin was lifted.",
    ),
]


def page(
    story: Story, outlet: str = "Ellery Gazette", charset: str | None = "utf-8", date: bool = True
) -> str:
    """An article page with navigation, a footer and the story in an <article>."""
    meta = f'<meta charset="{charset}">' if charset else ""
    published = f'<meta property="article:published_time" content="{story.date}">' if date else ""
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return f"""<!doctype html>
<html><head>{meta}<title>{escape(story.title)} | {escape(outlet)}</title>{published}</head>
<body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a> | <a href="/weather">Weather</a></nav>
<main><article>
<h1>{escape(story.title)}</h1>
{paras}
</article></main>
<footer><p>Subscribe to our newsletter for the day's headlines.</p><p>Copyright 2026 {escape(outlet)}. All rights reserved.</p></footer>
</body></html>"""


def _rfc822(iso: str) -> str:
    from datetime import datetime
    from email.utils import format_datetime

    return format_datetime(datetime.fromisoformat(iso.replace("Z", "+00:00")), usegmt=True)


def rss20(title: str, items: list[dict], encoding: str = "utf-8") -> str:
    """``items``: dicts with optional title, link, guid (str or (str, is_permalink)), date
    (ISO), description, content (HTML for content:encoded)."""
    out = []
    for it in items:
        parts = []
        if "title" in it:
            parts.append(f"<title>{escape(it['title'])}</title>")
        if "link" in it:
            parts.append(f"<link>{escape(it['link'])}</link>")
        if "guid" in it:
            guid, permalink = it["guid"] if isinstance(it["guid"], tuple) else (it["guid"], False)
            parts.append(f'<guid isPermaLink="{str(permalink).lower()}">{escape(guid)}</guid>')
        if "date" in it:
            parts.append(f"<pubDate>{_rfc822(it['date'])}</pubDate>")
        if "description" in it:
            parts.append(f"<description>{escape(it['description'])}</description>")
        if "content" in it:
            parts.append(f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>")
        out.append("<item>" + "".join(parts) + "</item>")
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>http://example.invalid/</link>"
        "<description>news</description>" + "".join(out) + "</channel></rss>"
    )


def rss10(title: str, items: list[dict]) -> str:
    lis = "".join(f"<rdf:li rdf:resource={quoteattr(it['link'])}/>" for it in items)
    body = "".join(
        f"<item rdf:about={quoteattr(it['link'])}><title>{escape(it['title'])}</title>"
        f"<link>{escape(it['link'])}</link><description>{escape(it['description'])}</description>"
        f"<dc:date>{it['date']}</dc:date></item>"
        for it in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<channel rdf:about="http://example.invalid/"><title>{escape(title)}</title>'
        "<link>http://example.invalid/</link><description>news</description>"
        f"<items><rdf:Seq>{lis}</rdf:Seq></items></channel>{body}</rdf:RDF>"
    )


def atom(title: str, items: list[dict]) -> str:
    body = "".join(
        f"<entry><title>{escape(it['title'])}</title><id>{escape(it['id'])}</id>"
        f'<link rel="alternate" href={quoteattr(it["link"])}/>'
        f"<published>{it['date']}</published><updated>{it['date']}</updated>"
        f"<summary>{escape(it['summary'])}</summary></entry>"
        for it in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>"
        f"<updated>2026-11-05T00:00:00Z</updated>{body}</feed>"
    )


def json_feed(title: str, items: list[dict], version: str = "1.1") -> str:
    return json.dumps(
        {"version": f"https://jsonfeed.org/version/{version}", "title": title, "items": items},
        ensure_ascii=False,
    )


def opml(groups: dict[str, list[tuple[str, str]]]) -> str:
    """``groups``: folder name -> [(feed title, xmlUrl)]; a folder named "" is top level."""
    parts = []
    for folder, feeds in groups.items():
        inner = "".join(
            f'<outline type="rss" text={quoteattr(t)} title={quoteattr(t)} xmlUrl={quoteattr(u)}/>'
            for t, u in feeds
        )
        parts.append(f"<outline text={quoteattr(folder)}>{inner}</outline>" if folder else inner)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>My feeds'
        f"</title></head><body>{''.join(parts)}</body></opml>"
    )
