"""``storybrief feed follow`` and ``feed subscriptions`` end to end: an OPML of feeds served by
a real HTTP server on 127.0.0.1, stored in a real SQLite store; a failing feed, a restart
killed mid-run, Ctrl-C between polls (PostgreSQL: tests/test_feed_postgres.py)."""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from follow_docs import STORIES, atom, json_feed, opml, page, rss20
from follow_server import Site, send
from typer.testing import CliRunner

from storybrief.cli import app
from storybrief.feed import Feed

runner = CliRunner()
FAST = ["--host-interval", "0", "--timeout", "5", "-q"]


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


def _serve_feeds(site: Site) -> list[tuple[str, str]]:
    """Three outlets, one format each, each with STORIES' pages; the wire's first story is
    also in the gazette's feed under the same guid (one article whatever its feed)."""
    for st in STORIES:
        site.serve(f"/news/{st.slug}.html", page(st), content_type="text/html; charset=utf-8")
    link = [site.url(f"/news/{st.slug}.html") for st in STORIES]
    wire = rss20(
        "Coastal Wire",
        [
            {"title": st.title, "link": u, "guid": (u, True), "date": st.date}
            for st, u in zip(STORIES[:2], link[:2], strict=True)
        ],
    )
    gazette = atom(
        "Ellery Gazette",
        [
            {"title": st.title, "id": u, "link": u, "date": st.date, "summary": st.summary}
            for st, u in zip(STORIES[:3], link[:3], strict=True)
        ],
    )
    radio = json_feed(
        "Harbor Radio",
        [
            {"id": f"radio-{k}", "url": u, "title": st.title, "date_published": st.date}
            for k, (st, u) in enumerate(zip(STORIES[2:], link[2:], strict=True))
        ],
    )
    return [
        ("Coastal Wire", site.serve("/wire.xml", wire, etag='"w1"', content_type="application/rss+xml")),
        ("Ellery Gazette", site.serve("/gazette.atom", gazette, etag='"g1"', content_type="application/atom+xml")),
        ("Harbor Radio", site.serve("/radio.json", radio, etag='"r1"', content_type="application/feed+json")),
    ]  # fmt: skip


def _opml(tmp_path: Path, feeds: list[tuple[str, str]]) -> Path:
    path = tmp_path / "feeds.opml"
    path.write_text(opml({"News": feeds}), encoding="utf-8")
    return path


def _subs(db: Path) -> dict[str, dict]:
    out = runner.invoke(app, ["feed", "subscriptions", "--db", str(db), "--format", "json"])
    assert out.exit_code == 0, out.output
    return {r["url"]: r for r in map(json.loads, out.stdout.splitlines())}


def _article_ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT id FROM feed_articles UNION ALL SELECT id FROM feed_copies")
        return sorted(r[0] for r in rows)


def test_follow_an_opml_of_local_feeds_then_a_second_poll_costs_304s(
    site: Site, tmp_path: Path
) -> None:
    feeds = _serve_feeds(site)
    subs, db = _opml(tmp_path, feeds), tmp_path / "s.sqlite"
    out = runner.invoke(app, ["feed", "follow", str(subs), "--db", str(db), "--once", *FAST])
    assert out.exit_code == 0, out.output
    assert "poll 1: 3 feeds (3 ok)" in out.output
    ids = _article_ids(db)
    # every story once: the wire's and the gazette's shared guids are one article each
    assert len(ids) == len(STORIES)
    with Feed(db) as feed:
        texts = [s.text for s in feed.stories()]
        assert feed.counts()["stories"] >= 2
    assert any("Hallam Grain" in t for t in texts)  # text from the page, not the feed's title
    state = _subs(db)
    assert sorted(state) == sorted(u for _, u in feeds)
    wire = state[feeds[0][1]]
    assert wire["name"] == "Coastal Wire" and wire["title"] == "Coastal Wire"
    assert wire["etag"] == '"w1"' and wire["error_count"] == 0 and wire["last_success"]
    assert sum(r["items_seen"] for r in state.values()) == 2 + 3 + len(STORIES) - 2

    pages_before = sum(site.count(f"/news/{st.slug}.html") for st in STORIES)
    again = runner.invoke(app, ["feed", "follow", str(subs), "--db", str(db), "--once", *FAST])
    assert again.exit_code == 0, again.output
    assert "3 not-modified" in again.output and "0 new items" in again.output
    assert sum(site.count(f"/news/{st.slug}.html") for st in STORIES) == pages_before
    assert _article_ids(db) == ids
    listing = runner.invoke(app, ["feed", "subscriptions", "--db", str(db)])
    assert listing.exit_code == 0 and "Coastal Wire" in listing.stdout


def test_an_edited_republished_item_is_the_same_article(site: Site, tmp_path: Path) -> None:
    st = STORIES[0]
    link = site.serve("/a.html", page(st), content_type="text/html")
    item = {"title": st.title, "link": link, "guid": "story-1", "date": st.date}
    url = site.serve("/feed.xml", rss20("Wire", [item]), content_type="application/rss+xml")
    db = tmp_path / "s.sqlite"
    assert (
        runner.invoke(app, ["feed", "follow", url, "--db", str(db), "--once", *FAST]).exit_code == 0
    )
    edited = dict(item, title=st.title + " (updated)")
    site.serve("/a.html", page(st).replace("overnight", "late on Sunday"), content_type="text/html")
    site.serve("/feed.xml", rss20("Wire", [edited]), content_type="application/rss+xml")
    # even with the state forgotten the store knows the item by its guid
    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM feed_subscriptions")
    out = runner.invoke(app, ["feed", "follow", url, "--db", str(db), "--once", *FAST])
    assert out.exit_code == 0, out.output
    assert "1 new item: 0 added" in out.output and "1 already stored" in out.output
    assert _article_ids(db) == [f"{url}#story-1"]


def test_a_failing_feed_keeps_its_state_and_counts_errors_while_the_rest_go_on(
    site: Site, tmp_path: Path
) -> None:
    feeds = _serve_feeds(site)
    subs, db = _opml(tmp_path, feeds), tmp_path / "s.sqlite"
    assert (
        runner.invoke(
            app, ["feed", "follow", str(subs), "--db", str(db), "--once", *FAST]
        ).exit_code
        == 0
    )
    before = _subs(db)[feeds[1][1]]
    site.serve("/gazette.atom", "down for maintenance", status=500, content_type="text/plain")
    extra = STORIES[-1]  # republished by the wire at its own address: a copy
    late = site.serve("/wire/late.html", page(extra, "Coastal Wire"), content_type="text/html")
    site.serve("/wire.xml", rss20("Coastal Wire", [
        {"title": extra.title, "link": late, "guid": "late-1", "date": extra.date}
    ]), etag='"w2"', content_type="application/rss+xml")  # fmt: skip
    for attempt in (1, 2):
        out = runner.invoke(app, ["feed", "follow", str(subs), "--db", str(db), "--once", *FAST])
        assert out.exit_code == 0, out.output  # the others were read
        assert "warning:" in out.output and "500" in out.output and "Traceback" not in out.output
        gazette = _subs(db)[feeds[1][1]]
        assert gazette["error_count"] == attempt and "500" in gazette["last_error"]
        for key in ("etag", "items_seen", "last_success", "title"):
            assert gazette[key] == before[key]
    wire = _subs(db)[feeds[0][1]]
    assert wire["etag"] == '"w2"' and wire["error_count"] == 0
    assert f"{feeds[0][1]}#late-1" in _article_ids(db)
    # the feed comes back: its error count is reset, its last error kept as history
    site.serve("/gazette.atom", "<feed", status=200, content_type="application/atom+xml")
    site.serve("/gazette.atom", atom("Ellery Gazette", []), content_type="application/atom+xml")
    assert (
        runner.invoke(
            app, ["feed", "follow", str(subs), "--db", str(db), "--once", *FAST]
        ).exit_code
        == 0
    )
    gazette = _subs(db)[feeds[1][1]]
    assert gazette["error_count"] == 0 and "500" in gazette["last_error"]


def test_every_feed_failing_once_exits_7_and_bad_input_has_its_code(
    site: Site, tmp_path: Path
) -> None:
    url = site.serve("/gone.xml", "gone", status=410, content_type="text/plain")
    db = tmp_path / "s.sqlite"
    out = runner.invoke(app, ["feed", "follow", url, "--db", str(db), "--once", *FAST])
    assert out.exit_code == 7 and "no feed could be read" in out.output
    assert _subs(db)[url]["error_count"] == 1
    assert (
        runner.invoke(
            app, ["feed", "follow", str(tmp_path / "none.opml"), "--db", str(db)]
        ).exit_code
        == 3
    )
    (tmp_path / "bad.opml").write_text("<opml><body><outline", encoding="utf-8")
    assert (
        runner.invoke(
            app, ["feed", "follow", str(tmp_path / "bad.opml"), "--db", str(db)]
        ).exit_code
        == 4
    )
    (tmp_path / "empty.txt").write_text("# nothing yet\n", encoding="utf-8")
    assert (
        runner.invoke(
            app, ["feed", "follow", str(tmp_path / "empty.txt"), "--db", str(db)]
        ).exit_code
        == 5
    )
    bad_every = runner.invoke(app, ["feed", "follow", url, "--db", str(db), "--every", "soon"])
    assert bad_every.exit_code == 2 and "--every" in bad_every.output
    both = runner.invoke(app, ["feed", "follow", url, "--example", "--db", str(db)])
    assert both.exit_code == 2
    assert runner.invoke(app, ["feed", "follow", "--db", str(db)]).exit_code == 2


def _follow_process(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    return subprocess.Popen(
        [sys.executable, "-c", "from storybrief.cli import main; main()", "feed", "follow"]
        + [*args, *FAST],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _slow_pages(site: Site, delay: float) -> None:
    """Every article page answers after ``delay`` seconds (a run can be killed mid-poll)."""
    for st in STORIES:
        body = page(st).encode()

        def slow(req, body=body) -> None:
            time.sleep(delay)
            send(req, 200, body, {"Content-Type": "text/html"})

        site.handle(f"/news/{st.slug}.html", slow)


def test_a_run_killed_mid_poll_and_restarted_loses_and_duplicates_nothing(
    site: Site, tmp_path: Path
) -> None:
    feeds = _serve_feeds(site)
    subs = _opml(tmp_path, feeds)
    clean = tmp_path / "clean.sqlite"
    assert (
        runner.invoke(
            app, ["feed", "follow", str(subs), "--db", str(clean), "--once", *FAST]
        ).exit_code
        == 0
    )
    _slow_pages(site, 0.5)
    # killed while fetching pages, then (later) while storing the articles or the state
    for k, delay in enumerate((0.3, 2.5)):
        db = tmp_path / f"killed-{k}.sqlite"
        start = len(site.paths())
        proc = _follow_process(str(subs), "--db", str(db), "--once")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(
            p.startswith("/news/") for p in site.paths()[start:]
        ):
            time.sleep(0.05)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        out = runner.invoke(app, ["feed", "follow", str(subs), "--db", str(db), "--once", *FAST])
        assert out.exit_code == 0, out.output
        assert _article_ids(db) == _article_ids(clean)
        with Feed(db) as a, Feed(clean) as b:
            assert a.assignments() == b.assignments()
        # and once more: nothing new, nothing twice
        runner.invoke(app, ["feed", "follow", str(subs), "--db", str(db), "--once", *FAST])
        assert _article_ids(db) == _article_ids(clean)


def test_ctrl_c_between_polls_stops_cleanly_with_130(site: Site, tmp_path: Path) -> None:
    feeds = _serve_feeds(site)
    subs, db = _opml(tmp_path, feeds), tmp_path / "s.sqlite"
    proc = _follow_process(str(subs), "--db", str(db), "--every", "1s")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and site.count("/wire.xml") < 2:
        time.sleep(0.05)  # the second poll has started: the first is stored
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    assert len(_article_ids(db)) == len(STORIES)
    assert all(r["error_count"] == 0 for r in _subs(db).values())


def test_readme_following_feeds_block_runs_as_written(tmp_path: Path) -> None:
    """README, "Live stories": the first block (the shipped example OPML, served on 127.0.0.1
    by --example) runs verbatim."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Live stories\n(.*?)(?=^## )", readme, re.M | re.S).group(1)
    block = re.findall(r"^```bash\n(.*?)^```$", section, re.M | re.S)[0]
    assert "feed follow --example" in block
    shim = tmp_path / "bin" / "storybrief"
    shim.parent.mkdir()
    shim.write_text(
        f'#!/bin/sh\nexec {sys.executable} -c "from storybrief.cli import main; main()" "$@"\n'
    )
    shim.chmod(0o755)
    env = dict(
        os.environ,
        PATH=f"{shim.parent}{os.pathsep}{os.environ['PATH']}",
        PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"),
    )
    done = subprocess.run(
        ["bash", "-e", "-c", block], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "4 feeds (4 ok)" in done.stderr and "4 feeds (4 not-modified)" in done.stderr
    assert "Coastal Wire" in done.stdout  # feed subscriptions
    digest = (tmp_path / "digest.md").read_text(encoding="utf-8")
    assert digest.index("grain warehouse") < digest.index("Barn fire")  # most sources first
    with Feed(tmp_path / "following.sqlite") as feed:
        counts = feed.counts()
    assert (counts["stories"], counts["articles"], counts["copies"]) == (3, 8, 1)
