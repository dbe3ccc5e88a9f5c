"""The stories API of ``storybrief serve --db DB``: listing, one story, changes, errors, schema."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from storybrief.feed import Feed  # noqa: E402
from storybrief.feed.sources import example_stream, read_articles  # noqa: E402
from storybrief.web.app import create_app  # noqa: E402


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "feed.sqlite"
    with Feed(db) as feed:
        feed.add(read_articles(str(example_stream())))
    return db


def test_stories_list_detail_and_changes(store: Path) -> None:
    client = TestClient(create_app(feed_db=store), raise_server_exceptions=False)
    listing = client.get("/api/stories").json()
    assert listing["changed"] and listing["total"] == 3 and len(listing["stories"]) == 3
    first = listing["stories"][0]
    for key in ("id", "title", "articles", "sources", "updated", "summary", "timeline"):
        assert key in first
    assert first["summary"]["sentences"], "each story carries its digest"
    assert any(e["first_report"] for e in first["timeline"])
    # the story that grew last comes first
    last_seqs = [max(e["seq"] for e in s["timeline"]) for s in listing["stories"]]
    assert last_seqs == sorted(last_seqs, reverse=True)

    # nothing committed since: a cheap answer
    same = client.get(f"/api/stories?since={listing['version']}").json()
    assert same == {"version": listing["version"], "changed": False, "total": 0, "stories": []}

    detail = client.get(f"/api/stories/{first['id']}").json()
    assert detail["versions"][0]["version"] == 1
    assert [a["id"] for a in detail["assignments"]] == first["articles"]

    # a new article changes the version and brings its story to the top
    with Feed(store) as feed:
        feed.add(
            [
                {
                    "id": "courier-barn-3",
                    "source": "Valley Courier",
                    "date": "2026-11-07T09:00:00Z",
                    "text": "The Okonkwo family began clearing the site of their burned barn near "
                    "Milbrook on Saturday. Grace Okonkwo said neighbours had donated hay and a "
                    "trailer for the surviving cows, and that the new barn will have smoke "
                    "detectors. The county fire marshal confirmed a heat lamp started the fire.",
                }
            ]
        )
    after = client.get(f"/api/stories?since={listing['version']}").json()
    assert after["changed"] and after["version"] > listing["version"]
    top = after["stories"][0]
    assert "courier-barn-3" in top["articles"] and top["digest_version"] == 2


def test_errors_and_openapi(store: Path) -> None:
    client = TestClient(create_app(feed_db=store), raise_server_exceptions=False)
    missing = client.get("/api/stories/999")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    bad = client.get("/api/stories?limit=0")
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_request"
    assert client.get("/api/stories/abc").status_code == 422
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/stories" in paths and "/api/stories/{story_id}" in paths
    page = client.get("/stories")
    assert page.status_code == 200 and "Live stories" in page.text
    assert client.get("/static/stories.js").status_code == 200
    # without --db the stories routes do not exist
    plain = TestClient(create_app(), raise_server_exceptions=False)
    assert plain.get("/api/stories").status_code == 404
