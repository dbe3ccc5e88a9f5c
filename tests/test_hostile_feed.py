"""The feed under hostile input (issue 16): real files, real stores, the real CLI in
subprocesses.  Escaped Markdown, no terminal escapes, poison-pill urls and dates, the one
clock rule, endless and newline-free inputs, read-only commands that never create a store,
Markdown files read as ``summarize`` reads them."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storybrief.feed import Feed
from storybrief.feed.sources import read_articles
from storybrief.feed.store import StoreError
from storybrief.readers import limits

STORYBRIEF = [sys.executable, "-m", "storybrief.cli"]

PILOTS = (
    "Harbor pilots in Port Ellery went on strike on Wednesday over night-shift pay, halting "
    "traffic through the port. Union leader Ines Moreau said 42 pilots walked out at midnight. "
    "The port authority said ships would wait at anchor outside the harbor."
)
PILOTS_2 = (
    "Ships queued outside Port Ellery on Thursday as 42 harbor pilots stayed off work in a "
    "dispute over night-shift pay. Ines Moreau, who leads the pilots' union, said talks with "
    "the port authority had failed. Freight companies warned of delays at the harbor."
)
SCHOOL = (
    "The Milbrook school board voted on Thursday to close Linden Avenue Elementary at the end "
    "of the year because of falling enrolment. Board chair Kwame Boateng said the school's 180 "
    "pupils would move to two other schools in Milbrook."
)
FLOOD = (
    "Heavy rain flooded streets in the river district of Carrow overnight, and officials "
    "opened two shelters for residents. The fire service said it rescued eleven people from "
    "cars stranded in the water near the old mill bridge."
)


def cli(
    *args: str, timeout: float = 120, stdin: bytes | None = None
) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [*STORYBRIEF, *args], input=stdin, capture_output=True, timeout=timeout, env=env
    )


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    return path


# -- 7, 8: feed show escapes what came from the articles --------------------------------------
HOSTILE_TITLE = "<img src=x onerror=alert(1)> [x](javascript:alert(1)) \x1b]0;pwned\x07"


def test_feed_show_markdown_is_escaped_and_text_has_no_terminal_escapes(tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {
                "id": "x<script>alert(1)</script>\x1b[2J",
                "title": HOSTILE_TITLE,
                "source": "<script>s</script>\x1b]8;;http://evil.example\x1b\\",
                "url": "javascript:alert(document.domain)",
                "date": "2026-04-01T08:00:00Z",
                "text": PILOTS,
            }
        ],
    )
    db = tmp_path / "s.sqlite"
    assert cli("feed", "ingest", str(src), "--db", str(db), "-q").returncode == 0
    md = cli("feed", "show", "1", "--db", str(db), "--format", "markdown")
    assert md.returncode == 0, md.stderr
    out = md.stdout.decode()
    assert not re.search(r"(?<!\\)<", out), "an unescaped '<' opens HTML"
    assert not re.search(r"(?<!\\)\]\(javascript", out), "an unescaped link"
    assert "[x](" not in out
    assert "\\<img src=x onerror=alert(1)\\>" in out  # shown, escaped as summarize does
    assert "\x1b" not in out and "\x07" not in out
    for fmt in ("text", "markdown"):
        shown = cli("feed", "show", "1", "--db", str(db), "--format", fmt).stdout
        assert b"\x1b" not in shown and b"\x07" not in shown
    listed = cli("feed", "stories", "--db", str(db))
    assert listed.returncode == 0 and b"\x1b" not in listed.stdout and b"\x07" not in listed.stdout
    assert "pwned" not in listed.stdout.decode() or "]0;" not in listed.stdout.decode()


def test_feed_warning_with_hostile_file_name_reaches_the_terminal_clean(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(PILOTS, encoding="utf-8")
    (folder / "evil\x1b]0;pwned\x07\x1b[2J.bin").write_bytes(b"x")
    r = cli("feed", "ingest", str(folder), "--db", str(tmp_path / "s.sqlite"), "-q")
    assert r.returncode == 0, r.stderr
    assert b"not a .txt" in r.stderr or b"skipped" in r.stderr
    assert b"\x1b" not in r.stderr and b"\x07" not in r.stderr


# -- 9: poison pills ------------------------------------------------------------------------
POISON = [
    {"id": "bad-url", "url": "http://[oops/x", "date": "2026-04-01T08:00:00Z", "text": PILOTS},
    {"id": "late", "date": "9999-12-31T23:59:59-23:00", "text": SCHOOL},
    {"id": "early", "date": "0001-01-01T00:00:00+05:00", "text": FLOOD},
]


@pytest.mark.parametrize("skip_bad", [False, True])
def test_poison_pill_articles_are_stored_and_ingest_goes_on(tmp_path: Path, skip_bad) -> None:
    items = [*POISON, {"id": "good", "date": "2026-04-02T09:00:00Z", "text": PILOTS_2}]
    src = write_jsonl(tmp_path / "in.jsonl", items)
    db = tmp_path / "s.sqlite"
    extra = ["--skip-bad"] if skip_bad else []
    r = cli("feed", "ingest", str(src), "--db", str(db), "-q", *extra)
    err = r.stderr.decode()
    assert r.returncode == 0, err
    assert "internal error" not in err
    assert "'9999-12-31T23:59:59-23:00' is out of range; read as no date" in err
    assert "'0001-01-01T00:00:00+05:00' is out of range" in err
    assert "4 articles read: 4 added" in err
    with Feed(db) as feed:
        assert set(feed.assignments()) == {"bad-url", "late", "early", "good"}
    # the bad url is kept as text, never a link
    show = cli("feed", "show", "1", "--db", str(db), "--format", "json")
    timeline = json.loads(show.stdout)["timeline"]
    assert any(e.get("url") == "http://[oops/x" for e in timeline)
    md = cli("feed", "show", "1", "--db", str(db), "--format", "markdown").stdout.decode()
    assert "](http://[oops" not in md and "http://\\[oops/x" in md
    # a restart on the same file goes on (everything is already stored)
    again = cli("feed", "ingest", str(src), "--db", str(db), "-q", *extra)
    assert again.returncode == 0 and "4 already stored" in again.stderr.decode()


def test_poison_pill_under_follow(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("", encoding="utf-8")
    db = tmp_path / "s.sqlite"
    proc = subprocess.Popen(
        [*STORYBRIEF, "feed", "ingest", str(src), "--db", str(db), "--follow", "--poll", "0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        with src.open("a", encoding="utf-8") as f:
            for item in POISON:
                f.write(json.dumps(item) + "\n")
        deadline = time.time() + 90
        while time.time() < deadline:
            try:
                with Feed(db, read_only=True) as feed:
                    if len(feed.assignments()) == 3:
                        break
            except StoreError:  # not created yet
                pass
            assert proc.poll() is None, proc.stderr.read().decode()
            time.sleep(0.3)
        else:
            pytest.fail("the followed poison pills were not stored")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    assert b"internal error" not in err and b"out of range" in err


# -- 10: the one clock rule -----------------------------------------------------------------
def test_a_far_future_date_does_not_move_the_clock(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    first = {"id": "p1", "date": "2026-04-01T08:00:00Z", "text": PILOTS}
    future = {"id": "y9000", "date": "9000-01-01T00:00:00Z", "text": FLOOD}
    ancient = {"id": "y1900", "date": "1900-01-01", "text": SCHOOL}
    follow_up = {"id": "p2", "date": "2026-04-02T09:00:00Z", "text": PILOTS_2}
    with Feed(db) as feed:
        feed.add([first, future, ancient])
    with Feed(db) as feed:  # a restart rebuilds the clock from the store: same rule
        feed.add([follow_up])
        stories = feed.assignments()
        assert stories["p2"] == stories["p1"], "the genuine follow-up must join its story"
        story = feed.story(stories["p1"])
        assert story.status == "open"
        assert story.last_published.startswith("2026-04-02")
        # the claimed date is kept as given
        dated = {e["id"]: e for e in feed.story(stories["y9000"]).timeline}
        assert dated["y9000"]["date"] == "9000-01-01T00:00:00Z"


# -- 11: endless and newline-free inputs ----------------------------------------------------
def test_dev_zero_and_newline_free_gzip_stop_quickly(tmp_path: Path) -> None:
    db = str(tmp_path / "s.sqlite")
    start = time.perf_counter()
    r = cli("feed", "ingest", "/dev/zero", "--db", db, "-q", timeout=60)
    assert r.returncode == 4 and r.stderr.decode().count("\n") == 1, r.stderr
    assert "binary data" in r.stderr.decode()
    big = tmp_path / "line.jsonl.gz"
    with gzip.open(big, "wb", compresslevel=1) as f:
        chunk = b"a" * 1_000_000
        for _ in range(limits.MAX_LINE_BYTES // len(chunk) + 2):
            f.write(chunk)
    r = cli("feed", "ingest", str(big), "--db", db, "-q", timeout=60)
    err = r.stderr.decode()
    assert r.returncode == 4 and err.count("\n") == 1, err
    assert "line.jsonl.gz:1: line longer than 50,000,000 bytes" in err
    assert time.perf_counter() - start < 60
    b = cli("batch", "/dev/zero", str(tmp_path / "out.jsonl"), "-q", timeout=60)
    assert b.returncode == 4 and b"binary data" in b.stderr


def test_skipping_an_endless_line_is_bounded(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", 1_000)
    monkeypatch.setattr(limits, "MAX_SKIP_BYTES", 100_000)
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"a" * 1_000_000)
    from storybrief.errors import InputFormatError

    with pytest.raises(InputFormatError, match="no line break in 100,000 bytes"):
        list(read_articles(str(src), skip_bad=True))


def test_sigterm_stops_a_long_read_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)
    db = tmp_path / "s.sqlite"
    proc = subprocess.Popen(
        [*STORYBRIEF, "feed", "ingest", str(fifo), "--db", str(db), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    writer = os.open(fifo, os.O_WRONLY)
    try:
        os.write(writer, (json.dumps({"id": "a", "text": PILOTS}) + "\n").encode() + b"{" * 1000)
        time.sleep(8)  # the reader now waits inside a line that never ends
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=15)
    finally:
        os.close(writer)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err
    with Feed(db, read_only=True) as feed:
        assert "a" in feed.assignments()


# -- 12: read-only commands never create or change a store ----------------------------------
def test_read_only_commands_do_not_create_a_store(tmp_path: Path) -> None:
    missing = tmp_path / "typo.sqlite"
    for args in (("feed", "stories"), ("feed", "show", "1")):
        r = cli(*args, "--db", str(missing))
        assert r.returncode == 3, r.stderr
        assert "no such feed store" in r.stderr.decode()
        assert not missing.exists()


def test_read_only_commands_leave_another_database_alone(tmp_path: Path) -> None:
    saved = tmp_path / "saved.sqlite"
    with sqlite3.connect(saved) as conn:
        conn.execute("CREATE TABLE saved (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO saved (text) VALUES ('a saved summary')")
    before = saved.read_bytes()
    for args in (("feed", "stories"), ("feed", "show", "1")):
        r = cli(*args, "--db", str(saved))
        assert r.returncode == 3 and "not a feed store" in r.stderr.decode(), r.stderr
    assert saved.read_bytes() == before
    with sqlite3.connect(saved) as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM sqlite_master")]
    assert names == ["saved"]


# -- issue 18: a Markdown file is read as summarize reads it -------------------------------
def test_markdown_file_loses_heading_marks_and_gives_its_title(tmp_path: Path) -> None:
    md = tmp_path / "pilots.md"
    md.write_text("# Pilots strike in Port Ellery\n\n## Ships wait\n\n" + PILOTS, encoding="utf-8")
    articles = list(read_articles(str(md)))
    assert articles[0]["id"] == "pilots.md"
    assert articles[0]["title"] == "Pilots strike in Port Ellery"
    assert "#" not in articles[0]["text"] and "Ships wait" in articles[0]["text"]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text("# Pilots strike\n\n" + PILOTS, encoding="utf-8")
    (got,) = list(read_articles(str(folder)))
    assert got["title"] == "Pilots strike" and not got["text"].lstrip().startswith("#")
