"""Live stories through the Python API, on a real SQLite store: clustering at arrival,
copies, junk, quiet stories, idempotent ingest, digests with versions, timelines."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from feed_texts import make_stream

import storybrief
from storybrief.errors import InputFormatError, OptionError
from storybrief.feed import Feed, StoryNotFound
from storybrief.feed.prepare import prepare
from storybrief.feed.sources import example_stream, read_articles
from storybrief.pipeline import Summarizer

FIRE_1 = {
    "id": "wire-1",
    "source": "Coastal Wire",
    "date": "2026-03-02T07:00:00Z",
    "title": "Warehouse fire on the Port Ellery waterfront",
    "text": "A fire destroyed a grain warehouse at Pier 9 on the Port Ellery waterfront "
    "overnight, fire chief Ramon Castell said. Crews from three stations fought the blaze "
    "at the Hallam Grain Cooperative building for four hours. Two apartment blocks on "
    "Harbor Row were evacuated. No one was hurt, Castell said, and the cause is under "
    "investigation.",
}


def fire_updates(n: int, day=lambda k: 2 + k % 3) -> list[dict]:
    """``n`` updates of FIRE_1's report (not copies: each adds a line), an hour apart, on the
    March days ``day(k)`` gives."""
    return [
        dict(
            FIRE_1,
            id=f"wire-{k}",
            date=f"2026-03-{day(k):02d}T{k % 24:02d}:00:00Z",
            text=FIRE_1["text"] + f" Update {k}: crews remained at the scene of the Pier 9 fire.",
        )
        for k in range(n)
    ]


FIRE_1_FOLLOW = {
    "id": "gazette-2",
    "source": "Ellery Gazette",
    "date": "2026-03-03T16:00:00Z",
    "title": "Arson suspected in Pier 9 warehouse fire",
    "text": "Investigators believe the fire that destroyed the Hallam Grain Cooperative "
    "warehouse at Pier 9 in Port Ellery was set on purpose, fire chief Ramon Castell said "
    "on Tuesday. Traces of petrol were found near a loading door of the warehouse. Police "
    "asked anyone who was on the Port Ellery waterfront that night to come forward.",
}
FIRE_2 = {
    "id": "courier-3",
    "source": "Valley Courier",
    "date": "2026-03-03T09:00:00Z",
    "title": "Barn fire kills forty cows near Milbrook",
    "text": "A barn fire on the Okonkwo family dairy farm east of Milbrook killed forty cows "
    "on Monday night, the Milbrook volunteer fire company said. Volunteers pumped water from "
    "a farm pond because the nearest hydrant was two miles away. Farmer Grace Okonkwo said a "
    "heat lamp in the calving pen may have started the fire.",
}
LOGIN_WALL = {
    "id": "wall-4",
    "url": "https://gazette.example/login",
    "text": "Sign in to continue reading\nCreate an account or log in to read this story.\n"
    "Subscriber account required. Purchase a subscription.",
}


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "feed.sqlite")


def dump(path: str) -> dict[str, list]:
    """Every row of every table, for comparing two stores."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}"))) for t in sorted(tables)}
    finally:
        con.close()


def assignment_rows(path: str) -> list[tuple]:
    """What clustering decided, without wall-clock times."""
    con = sqlite3.connect(path)
    try:
        return list(
            con.execute(
                "SELECT seq, id, story_id, decision, similarity, runner_up, runner_up_similarity, "
                "junk FROM feed_articles ORDER BY seq"
            )
        ) + list(
            con.execute("SELECT seq, id, article_seq, similarity FROM feed_copies ORDER BY seq")
        )
    finally:
        con.close()


def test_feed_is_exported_from_the_package(db):
    assert storybrief.Feed is Feed
    with storybrief.Feed(db) as feed:
        assert feed.stories() == []


def test_two_fires_are_two_stories_and_junk_is_kept_out(db):
    with Feed(db) as feed:
        result = feed.add([FIRE_1, FIRE_2, LOGIN_WALL, FIRE_1_FOLLOW])
        status = {o.id: o for o in result.outcomes}
        assert status["wire-1"].status == "added" and status["wire-1"].new_story
        assert status["courier-3"].new_story, "another fire is another story"
        assert status["courier-3"].story != status["wire-1"].story
        assert status["wall-4"].status == "junk" and status["wall-4"].story is None
        assert status["wall-4"].reasons, "junk is marked with its reason"
        follow = status["gazette-2"]
        assert follow.story == status["wire-1"].story and not follow.new_story
        # every decision records why: similarity to the chosen story and to the runner-up
        assert follow.similarity > feed.settings.threshold
        assert follow.runner_up == status["courier-3"].story
        assert follow.runner_up_similarity < follow.similarity
        assert status["courier-3"].runner_up == status["wire-1"].story
        assert status["courier-3"].runner_up_similarity < feed.settings.threshold
        stories = feed.stories()
        assert sorted(s.n_articles for s in stories) == [1, 2]
        assert "wall-4" not in {a for s in stories for a in s.articles}
        fire = feed.story(follow.story)
        assert fire.articles == ["wire-1", "gazette-2"]
        assert [a["decision"] for a in fire.assignments] == ["new", "joined"]
        assert fire.assignments[1]["runner_up"] == status["courier-3"].story


def test_syndicated_copy_is_one_article_with_two_sources(db):
    copy = dict(FIRE_1, id="radio-9", source="Harbor Radio", title="What we know")
    rewrite = dict(
        FIRE_1,
        id="metro-10",
        source="Metro Ledger",
        text=FIRE_1["text"].replace("overnight", "early on Monday").replace("four", "4"),
    )
    with Feed(db) as feed:
        result = feed.add([FIRE_1, FIRE_2, copy, rewrite])
        status = {o.id: o for o in result.outcomes}
        assert status["radio-9"].status == "copy" and status["radio-9"].similarity == 1.0
        assert status["metro-10"].status == "copy" and status["metro-10"].copy_of == "wire-1"
        assert 0.8 <= status["metro-10"].similarity < 1.0
        story = feed.story(status["wire-1"].story)
        assert story.articles == ["wire-1"] and story.n_copies == 2
        assert {s["source"] for s in story.sources} == {
            "Coastal Wire",
            "Harbor Radio",
            "Metro Ledger",
        }
        # the copy is a source of the article in the timeline, not an article of its own
        (entry,) = story.timeline
        assert {c["id"] for c in entry["copies"]} == {"radio-9", "metro-10"}
        # the digest reads the article once
        assert len(story.summary["documents"]) == 1


def test_second_ingest_changes_nothing(db):
    items = make_stream(6, 3, seed=3)
    with Feed(db) as feed:
        feed.add(items)
    before = dump(db)
    with Feed(db) as feed:
        again = feed.add(items)
    assert again.duplicates == len(items) and again.added == again.copies == 0
    assert dump(db) == before


def test_same_url_or_same_text_is_not_stored_twice(db):
    same_url = dict(FIRE_2, id="courier-3b", text="A different text entirely. " * 5)
    same_text = {"id": "anon", "text": FIRE_2["text"]}
    with Feed(db) as feed:
        feed.add([dict(FIRE_2, url="https://valley.example/barn-fire")])
        result = feed.add([dict(same_url, url="https://www.valley.example/barn-fire/"), same_text])
        assert [o.status for o in result.outcomes] == ["duplicate", "copy"]
        assert feed.counts()["articles"] == 1


def test_decisions_do_not_depend_on_later_articles_or_batches(tmp_path):
    items = make_stream(8, 4, seed=11)
    runs = {}
    for name, size, subset in (
        ("all", 512, items),
        ("one-by-one", 1, items),
        ("prefix", 7, items[:17]),
    ):
        path = str(tmp_path / f"{name}.sqlite")
        with Feed(path, batch_size=size) as feed:
            feed.add(subset)
        runs[name] = assignment_rows(path)
    assert runs["one-by-one"] == runs["all"]
    # no look-ahead: what the first 17 arrivals got does not change when more arrive
    prefix = runs["prefix"]
    assert len(prefix) == 17
    assert sorted(r for r in runs["all"] if r[0] <= 17) == sorted(prefix)


def test_a_dated_story_goes_quiet_after_the_documented_time(db):
    later = dict(FIRE_1_FOLLOW, id="gazette-late", date="2026-03-20T10:00:00Z")
    with Feed(db, settings={"quiet_days": 7}) as feed:
        first = feed.add([FIRE_1, FIRE_2])
        late = feed.add([later]).outcomes[0]
        assert late.new_story, "seventeen days later the story has gone quiet"
        old = feed.story(first.outcomes[0].story)
        assert old.status == "quiet"
        assert feed.story(late.story).status == "open"
        # quiet stories left memory
        assert old.id not in feed.clusterer.stories


def test_without_dates_arrival_order_is_the_clock(db):
    items = [{k: v for k, v in a.items() if k != "date"} for a in (FIRE_1, FIRE_2, FIRE_1_FOLLOW)]
    with Feed(db, settings={"quiet_articles": 1}) as feed:
        out = feed.add(items).outcomes
        # two arrivals since the first fire story's article: it went quiet
        assert out[2].new_story and out[2].story not in (out[0].story, out[1].story)
    with Feed(db.replace(".sqlite", "-2.sqlite"), settings={"quiet_articles": 2}) as feed:
        out = feed.add(items).outcomes
        assert out[2].story == out[0].story


def test_memory_holds_only_open_stories(db):
    items = make_stream(30, 2, seed=5, dated=False)
    with Feed(db, settings={"quiet_articles": 8}, batch_size=16) as feed:
        feed.add(items)
        assert 0 < feed.clusterer.open_stories <= 8
        assert feed.counts()["open_stories"] == feed.clusterer.open_stories
        assert feed.counts()["stories"] > feed.clusterer.open_stories


def test_digest_is_the_pipelines_and_is_versioned_when_articles_change(db):
    with Feed(db) as feed:
        first = feed.add([FIRE_1, FIRE_2])
        sid = first.outcomes[0].story
        v1 = feed.story(sid)
        assert v1.digest_version == 1 and v1.text
        kept = prepare(FIRE_1["text"], FIRE_1["title"]).sentences[:12]
        document = {
            "text": "\n".join(kept),
            "title": FIRE_1["title"],
            "date": FIRE_1["date"],
            "name": FIRE_1["source"],
        }
        expected = Summarizer(max_words=150).summarize([document], id=str(sid))
        assert v1.summary["text"] == expected.text
        # a copy adds a source, not an article: no new digest
        feed.add([dict(FIRE_1, id="radio-9", source="Harbor Radio")])
        assert feed.story(sid).digest_version == 1
        # a new article: a new version that says what changed
        feed.add([FIRE_1_FOLLOW])
        v2 = feed.story(sid)
        assert v2.digest_version == 2
        change = v2.versions[-1]["changes"]
        assert change["previous_version"] == 1
        assert change["added_articles"] == ["gazette-2"]
        assert [v["version"] for v in v2.versions] == [1, 2]
        assert v2.summary["article_ids"] == ["wire-1", "gazette-2"]
        # the other story's digest was not recomputed
        assert feed.story(first.outcomes[1].story).digest_version == 1


def test_timeline_marks_first_report_and_latest_development(db):
    early = dict(FIRE_1_FOLLOW, id="early", date="2026-03-01T05:00:00Z")
    with Feed(db) as feed:
        feed.add([FIRE_1, early])  # the second to arrive was published first
        story = feed.stories()[0]
        story = feed.story(story.id)
        ids = [e["id"] for e in story.timeline]
        assert ids == ["early", "wire-1"]
        assert story.timeline[0]["first_report"] and not story.timeline[1]["first_report"]
        assert sum(e["latest_development"] for e in story.timeline) == 1


def test_example_stream(db):
    with Feed(db) as feed:
        result = feed.add(read_articles(str(example_stream())))
        assert result.read == 10 and result.junk == 1 and result.copies == 1
        stories = {s.title: s for s in feed.stories()}
        assert len(stories) == 3
        warehouse = next(s for t, s in stories.items() if "warehouse" in t.lower())
        assert warehouse.n_articles == 4 and warehouse.n_copies == 1
        barn = next(s for t, s in stories.items() if "barn" in t.lower())
        assert set(barn.articles).isdisjoint(warehouse.articles)


def test_settings_are_fixed_per_store(db):
    Feed(db, settings={"threshold": 0.3}).close()
    with pytest.raises(OptionError, match="threshold"):
        Feed(db, settings={"threshold": 0.2})
    with Feed(db) as feed:
        assert feed.settings.threshold == 0.3
    with pytest.raises(OptionError, match="unknown"):
        Feed(db, settings={"treshold": 0.2})


def test_errors_are_clear(db, tmp_path):
    with Feed(db) as feed:
        with pytest.raises(StoryNotFound, match="no story 42"):
            feed.story(42)
        with pytest.raises(InputFormatError, match="article 2"):
            feed.add([FIRE_1, {"id": "x", "text": "   "}])
        assert feed.counts()["articles"] == 1, "the article before the bad one is kept"
    bad = tmp_path / "not-a-db.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(storybrief.StorybriefError, match="cannot open"):
        Feed(str(bad))
    with pytest.raises(OptionError, match="unsupported"):
        Feed("mysql://localhost/x")


def test_story_json_has_the_documented_keys(db):
    from storybrief.commands.feed import story_record

    with Feed(db) as feed:
        feed.add([FIRE_1, FIRE_1_FOLLOW])
        record = story_record(feed.stories()[0])
    assert {"id", "articles", "updated", "summary"} <= set(record)
    assert record["articles"] == ["wire-1", "gazette-2"]
    assert record["summary"]["sentences"] and "documents" in record["summary"]
    json.dumps(record)


def test_html_articles_and_metadata(db):
    page = (
        "<html><head><title>Ferry Tern makes first crossing</title></head><body>"
        "<nav>Home | News | Sport</nav><article><h1>Ferry Tern makes first crossing</h1>"
        "<p>A new passenger ferry between Carrow Bay and Kestrel Point made its first crossing "
        "on Sunday, cutting the journey from two hours by road to forty minutes.</p>"
        "<p>Captain Oskar Nyberg said 300 passengers were aboard the Tern, which will sail six "
        "times a day.</p></article><footer>All rights reserved</footer></body></html>"
    )
    with Feed(db) as feed:
        out = feed.add([{"id": "h1", "html": page, "url": "https://www.ridge.example/ferry"}])
        assert out.outcomes[0].status == "added"
        story = feed.story(out.outcomes[0].story)
        assert story.sources == [{"source": "ridge.example", "articles": 1}]
        assert "All rights reserved" not in story.text and "Carrow Bay" in story.text
        assert story.title == "Ferry Tern makes first crossing"


def test_listing_trims_long_timelines(db):
    from storybrief.feed import read

    items = fire_updates(8)
    with Feed(db, settings={"copy_threshold": 1.01}) as feed:
        feed.add(items)
        (story,) = feed.stories()
        listed = read.list_stories(feed.store, None, 0, None, True)[0]
        full = feed.story(story.id).timeline
    assert len(full) == 8
    kept, omitted = read.trim_timeline(full, 4)
    assert omitted == 4 and kept[0]["first_report"] and kept[-1] == full[-1]
    assert any(e["latest_development"] for e in kept)
    assert listed.timeline == full and listed.timeline_omitted == 0  # 8 <= 25: all listed


def test_listing_trims_a_timeline_longer_than_the_listing_keeps(db):
    from storybrief.feed.read import TIMELINE_IN_LIST

    n = TIMELINE_IN_LIST + 5
    items = fire_updates(n, day=lambda k: 2 + k // 24)
    with Feed(db, settings={"copy_threshold": 1.01}) as feed:
        feed.add(items)
        (listed,) = feed.stories(with_timeline=True)
        full = feed.story(listed.id).timeline
    assert listed.n_articles == n and len(full) == n  # the story's own view has them all
    assert len(listed.timeline) == TIMELINE_IN_LIST and listed.timeline_omitted == 5
    assert listed.timeline[0] == full[0] and listed.timeline[0]["first_report"]
    assert listed.timeline[-1] == full[-1]  # the newest
    latest = next(e for e in full if e["latest_development"])
    assert latest in listed.timeline
    assert [e["seq"] for e in listed.timeline] == sorted(e["seq"] for e in listed.timeline)


def test_a_story_opened_in_a_batch_reads_the_articles_the_store_gives_back(tmp_path):
    # a story the batch opened takes its digest inputs from memory (feed/update.py): they must
    # be the ones read back from the store, in timeline order (copies are not inputs)
    from storybrief.feed.digest import digest_inputs
    from storybrief.feed.update import digest_articles

    items = make_stream(3, 30, seed=3)  # dated, arriving out of time order, with copies
    with Feed(tmp_path / "f.sqlite") as feed:
        feed.add(items)
        stories = feed.stories()
        assert len(stories) == 3 and min(s.n_articles for s in stories) > 1
        with feed.store.read() as conn:
            for story in stories:
                stored = digest_inputs(digest_articles(feed.store, conn, story.id))
                assert story.summary["article_ids"] == [a.id for a in stored]
