"""Digests out: ``/stories.atom`` and ``/stories.json`` of ``storybrief serve --db DB`` and
``storybrief feed export``, parsed back with feedparser and json; hostile titles and urls stay
text, only http(s) links are written, ``updated`` moves when the digest changes."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import feedparser
import pytest
from typer.testing import CliRunner

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

from storybrief.cli import app  # noqa: E402
from storybrief.feed import Feed  # noqa: E402
from storybrief.feed.sources import example_stream, read_articles  # noqa: E402
from storybrief.follow.syndication import parse_feed  # noqa: E402
from storybrief.web.app import create_app  # noqa: E402

runner = CliRunner()
HOSTILE_TITLE = 'Dock strike <script>alert("t")</script> ]]> & "quotes"\x0b'
HOSTILE = [
    {
        "id": "h1",
        "source": "Coastal Wire <b>",
        "title": HOSTILE_TITLE,
        "url": "javascript:alert(1)",
        "date": "2026-11-08T08:00:00Z",
        "text": "Dock workers at Port Ellery walked off the job on Sunday over a new shift rota, "
        "union steward Ines Moreau said. About 300 workers joined the strike at the container "
        "terminal. The port authority said talks would resume on Monday.",
    },
    {
        "id": "h2",
        "source": "Ellery Gazette",
        "title": "Port Ellery dockers strike over shift rota",
        "url": "https://gazette.example/dock strike?a=1&b=<2>",
        "date": "2026-11-08T10:00:00Z",
        "text": "About 300 dock workers at the Port Ellery container terminal went on strike on "
        "Sunday over a new shift rota, said Ines Moreau, a union steward. Ships waited at anchor "
        "as the port authority said talks would resume on Monday.",
    },
]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "feed.sqlite"
    with Feed(db) as feed:
        feed.add(read_articles(str(example_stream())))
        feed.add(HOSTILE)
    return db


def _hrefs(html_text: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html_text)


def test_atom_feed_parses_back_one_entry_per_story_with_cited_links(store: Path) -> None:
    client = TestClient(create_app(feed_db=store), raise_server_exceptions=False)
    got = client.get("/stories.atom")
    assert got.status_code == 200 and got.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(got.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    with Feed(store) as feed:
        stories = {s.id: s for s in feed.stories()}
    assert len(parsed.entries) == len(stories) == 4
    ids = [e.id for e in parsed.entries]
    assert len(set(ids)) == 4 and all(i.startswith("urn:storybrief:story:") for i in ids)
    fire = next(e for e in parsed.entries if "grain warehouse" in e.title)
    html = fire.content[0].value
    # every [n] links to its article: the digest's document n
    story = stories[int(fire.id.rsplit(":", 1)[1])]
    docs = story.summary["documents"]
    cited = re.findall(r'<a href="([^"]+)">\[(\d+)\]</a>', html)
    assert len(cited) == len(story.summary["sentences"])
    for url, n in cited:
        assert docs[int(n) - 1]["url"] == url
    assert "[1]" in fire.summary and "coastalwire.example" in html
    assert fire.link.endswith(f"/stories#story-{story.id}")
    assert any(link.rel == "self" for link in parsed.feed.links)


def test_hostile_titles_and_urls_stay_text_and_only_http_links_are_written(store: Path) -> None:
    client = TestClient(create_app(feed_db=store), raise_server_exceptions=False)
    atom = client.get("/stories.atom").text
    assert "<script>" not in atom and "\x0b" not in atom
    parsed = feedparser.parse(atom)
    assert not parsed.bozo
    strike = next(e for e in parsed.entries if "strike" in e.title.lower())
    assert strike.title == HOSTILE_TITLE.replace("\x0b", "").strip()
    html = strike.content[0].value
    hrefs = _hrefs(html)
    assert hrefs and all(h.startswith("https://") for h in hrefs)
    assert "javascript" not in " ".join(hrefs)
    assert "<script>" not in html  # escaped in the entry's HTML too
    body = json.loads(client.get("/stories.json").text)
    item = next(i for i in body["items"] if "strike" in i["title"].lower())
    assert all(h.startswith("https://") for h in _hrefs(item["content_html"]))
    assert "<script>" not in item["content_html"]
    assert [c["url"] for c in item["_storybrief"]["citations"] if c["url"]] == [
        "https://gazette.example/dock strike?a=1&b=<2>"
    ]


def test_json_feed_is_version_1_1_and_parses_with_feedparser(store: Path) -> None:
    client = TestClient(create_app(feed_db=store), raise_server_exceptions=False)
    got = client.get("/stories.json")
    assert got.headers["content-type"].startswith("application/feed+json")
    doc = json.loads(got.text)
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["feed_url"].endswith("/stories.json") and doc["home_page_url"].endswith("/stories")
    assert len(doc["items"]) == 4
    for item in doc["items"]:
        assert item["id"].startswith("urn:storybrief:story:") and item["content_html"]
        assert item["date_modified"].endswith("Z")
    # feedparser 6.0 reads no JSON Feed: the follower's own JSON Feed reader reads it back
    parsed = parse_feed(got.content, "http://testserver/stories.json", got.headers["content-type"])
    assert parsed.format == "json1.1" and len(parsed.items) == 4
    assert {i.guid for i in parsed.items} == {i["id"] for i in doc["items"]}
    assert all(i.link and "#story-" in i.link and i.published for i in parsed.items)


def test_updated_moves_when_the_digest_changes_and_filters(store: Path) -> None:
    client = TestClient(create_app(feed_db=store), raise_server_exceptions=False)

    def entries(query: str = "") -> dict[str, str]:
        return {
            e.id: e.updated
            for e in feedparser.parse(client.get(f"/stories.atom{query}").content).entries
        }

    before = entries()
    time.sleep(1.1)  # times are to the second
    with Feed(store) as feed:
        barn = next(s for s in feed.stories() if "Barn" in (s.title or ""))
        feed.add(
            [
                {
                    "id": "courier-barn-3",
                    "source": "Valley Courier",
                    "date": "2026-11-07T09:00:00Z",
                    # a development the digest does not hold yet, so its text must change
                    "text": "Insurers put the family's loss at $410,000 on Saturday, the first "
                    "estimate since the fire. "
                    "The Okonkwo family began clearing the site of their burned barn near "
                    "Milbrook on Saturday. Grace Okonkwo said neighbours had donated hay and a "
                    "trailer for the surviving cows, and that the new barn will have smoke "
                    "detectors. The county fire marshal confirmed a heat lamp started the fire.",
                }
            ]
        )
    after = entries()
    key = f"urn:storybrief:story:{barn.id}"
    assert set(after) == set(before)
    assert after[key] > before[key]
    assert all(after[k] == before[k] for k in before if k != key)
    assert list(after)[0] == key  # the newest digest first
    # filters
    assert entries("?status=quiet") == {}
    assert len(entries("?status=open")) == 4
    assert set(entries(f"?since={after[key]}")) == {key}
    assert entries("?since=2999-01-01") == {}
    assert len(entries("?since=1h")) == 4
    assert len(entries("?limit=2")) == 2
    bad = client.get("/stories.atom?since=yesterday")
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_request"
    assert client.get("/stories.json?status=gone").status_code == 422


def test_feed_export_writes_every_format_most_sources_first(store: Path, tmp_path: Path) -> None:
    outputs = {}
    for fmt in ("markdown", "html", "atom", "json"):
        path = tmp_path / f"digest.{fmt}"
        out = runner.invoke(
            app,
            ["feed", "export", "--db", str(store), "--since", "24h", "-f", fmt, "-o", str(path)],
        )
        assert out.exit_code == 0, out.output
        outputs[fmt] = path.read_text(encoding="utf-8")
    parsed = feedparser.parse(outputs["atom"])
    assert not parsed.bozo and len(parsed.entries) == 4
    # most sources first: the fire (3 sources) leads, the one-outlet barn fire is last
    titles = [e.title for e in parsed.entries]
    assert "grain warehouse" in titles[0] and "Barn fire" in titles[-1]
    assert [i["title"] for i in json.loads(outputs["json"])["items"]] == titles
    md_html = MarkdownIt().render(outputs["markdown"])
    assert "<script>" not in md_html and "javascript:" not in " ".join(_hrefs(md_html))
    assert md_html.index("grain warehouse") < md_html.index("Barn fire kills")
    assert "<script>" not in outputs["html"] and "&lt;script&gt;" in outputs["html"]
    assert "javascript:" not in " ".join(_hrefs(outputs["html"]))
    # nothing in the period; a bad period
    future = runner.invoke(app, ["feed", "export", "--db", str(store), "--since", "2999-01-01"])
    assert future.exit_code == 0 and "No story in this period" in future.stdout
    bad = runner.invoke(app, ["feed", "export", "--db", str(store), "--since", "soon"])
    assert bad.exit_code == 2 and "--since" in bad.output
