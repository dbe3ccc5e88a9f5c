"""``storybrief feed ...`` on every source, on bad input, following a growing file, and killed
with SIGKILL mid-stream (a restart must end where one clean run ends)."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from feed_texts import make_stream
from typer.testing import CliRunner

from storybrief.cli import app
from storybrief.feed import Feed

runner = CliRunner()

ARTICLES = [
    {
        "id": "a1",
        "source": "Coastal Wire",
        "date": "2026-04-01T08:00:00Z",
        "text": "Harbor pilots in Port Ellery went on strike on Wednesday over night-shift pay, "
        "halting traffic through the port. Union leader Ines Moreau said 42 pilots walked out "
        "at midnight. The port authority said ships would wait at anchor outside the harbor.",
    },
    {
        "id": "a2",
        "source": "Ellery Gazette",
        "date": "2026-04-01T12:00:00Z",
        "text": "Ships queued outside Port Ellery on Wednesday as 42 harbor pilots stayed off "
        "work in a dispute over night-shift pay. Ines Moreau, who leads the pilots' union, said "
        "talks with the port authority had failed. Freight companies warned of delays.",
    },
    {
        "id": "a3",
        "source": "Valley Courier",
        "date": "2026-04-02T09:00:00Z",
        "text": "The Milbrook school board voted on Thursday to close Linden Avenue Elementary at "
        "the end of the year because of falling enrolment. Board chair Kwame Boateng said the "
        "school's 180 pupils would move to two other schools in Milbrook.",
    },
]


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def write_jsonl(path: Path, items: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(item) + "\n")
    return path


def _default_sigint() -> None:
    # A job started in the background of a non-interactive shell (nohup, "cmd &", some CI
    # runners) inherits SIGINT ignored, and Python then never raises KeyboardInterrupt:
    # the child gets the default disposition, as a terminal would give it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cli(*args: str, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    return subprocess.Popen(
        [sys.executable, "-m", "storybrief.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_default_sigint,
        **kw,
    )


def stored_ids(db: Path) -> set[str]:
    if not db.exists():
        return set()
    con = sqlite3.connect(db, timeout=30)
    try:
        rows = con.execute("SELECT id FROM feed_articles UNION ALL SELECT id FROM feed_copies")
        return {r[0] for r in rows}
    except sqlite3.OperationalError:  # tables not created yet
        return set()
    finally:
        con.close()


def commits(db: Path) -> int:
    if not db.exists():
        return 0
    con = sqlite3.connect(db, timeout=30)
    try:
        row = con.execute("SELECT value FROM feed_meta WHERE key = 'commits'").fetchone()
        return int(row[0]) if row else 0
    except sqlite3.OperationalError:
        return 0
    finally:
        con.close()


def assignments(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        arts = con.execute(
            "SELECT seq, id, story_id, decision, similarity, runner_up, runner_up_similarity, junk"
            " FROM feed_articles ORDER BY seq"
        ).fetchall()
        copies = con.execute(
            "SELECT seq, id, article_seq, similarity FROM feed_copies ORDER BY seq"
        ).fetchall()
        stories = con.execute(
            "SELECT id, status, n_articles, n_copies, first_seq, last_seq FROM feed_stories "
            "ORDER BY id"
        ).fetchall()
        digests = con.execute(
            "SELECT s.id, d.text FROM feed_stories s JOIN feed_digests d "
            "ON d.story_id = s.id AND d.version = s.digest_version ORDER BY s.id"
        ).fetchall()
        return [arts, copies, stories, digests]
    finally:
        con.close()


def wait_for(condition, timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


# -- sources -----------------------------------------------------------------------------
def test_ingest_jsonl_then_list_and_show(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", ARTICLES)
    db = tmp_path / "feed.sqlite"
    r = run("feed", "ingest", str(src), "--db", str(db))
    assert r.exit_code == 0, r.output
    assert "3 articles read: 3 added (2 new stories)" in r.stderr
    again = run("feed", "ingest", str(src), "--db", str(db))
    assert again.exit_code == 0 and "3 already stored" in again.stderr

    lines = run("feed", "stories", "--db", str(db), "--format", "json").stdout.splitlines()
    records = [json.loads(x) for x in lines]
    assert len(records) == 2
    for rec in records:
        assert {"id", "articles", "updated", "summary"} <= set(rec)
        assert rec["summary"]["text"] and rec["summary"]["sentences"]
    strike = next(x for x in records if "a1" in x["articles"])
    assert strike["articles"] == ["a1", "a2"]

    table = run("feed", "stories", "--db", str(db))
    assert table.exit_code == 0 and "pilots" in table.stdout.lower()

    shown = run("feed", "show", str(strike["id"]), "--db", str(db))
    assert shown.exit_code == 0, shown.output
    for part in ("Timeline", "first report", "latest development", "Assignments", "runner-up"):
        assert part in shown.stdout
    as_json = json.loads(
        run("feed", "show", str(strike["id"]), "--db", str(db), "-f", "json").stdout
    )
    assert as_json["timeline"][0]["id"] == "a1" and as_json["versions"][0]["version"] == 1
    md = run("feed", "show", str(strike["id"]), "--db", str(db), "-f", "markdown").stdout
    assert md.startswith("# Story")

    missing = run("feed", "show", "999", "--db", str(db))
    assert missing.exit_code == 3 and "no story 999" in missing.stderr


def test_feed_show_cites_and_lists_sources_as_summarize_does(tmp_path: Path) -> None:
    from storybrief.feed.digest import documents
    from storybrief.feed.update import digest_articles
    from storybrief.pipeline import Summarizer

    items = [
        dict(a, title=f"Pilots strike, report {k}", url=f"https://news.example/{a['id']}")
        for k, a in enumerate(ARTICLES[:2], 1)
    ]
    db = tmp_path / "s.sqlite"
    assert (
        run(
            "feed", "ingest", str(write_jsonl(tmp_path / "in.jsonl", items)), "--db", str(db)
        ).exit_code
        == 0
    )
    with Feed(db) as feed:
        (story,) = feed.stories()
        with feed.store.read() as conn:
            inputs = digest_articles(feed.store, conn, story.id)
    # summarize on the documents the digest read: the same sources, cited the same way
    plain = Summarizer(max_words=150).summarize(documents(inputs), id=str(story.id))
    text = run("feed", "show", str(story.id), "--db", str(db)).stdout
    assert "Sources:\n" + plain.to_text().split("Sources:\n")[1] + "\n" in text
    assert "[1] Pilots strike, report 1 — https://news.example/a1 — 2026-04-01T08:00:00Z" in text
    md = run("feed", "show", str(story.id), "--db", str(db), "-f", "markdown").stdout
    summarize_md = plain.to_markdown()
    sources_md = summarize_md[summarize_md.index("**Sources**") :].split("\n\n")[:2]
    assert "\n\n".join(sources_md) in md
    assert "1. [Pilots strike, report 1](https://news.example/a1) (2026-04-01T08:00:00Z)" in md
    for s in story.summary["sentences"]:  # each sentence with its [n] and (also [n]) marks
        marks = "".join(f"[{d + 1}]" for d in s["sources"])
        if s["similar"]:
            marks += " (also " + "".join(f"[{d + 1}]" for d in s["similar"]) + ")"
        assert f"{s['text']} {marks}" in text
    assert "Digest sources" not in text and "Outlets:\nCoastal Wire (1), Ellery Gazette (1)" in text


def test_ingest_folder_gzip_and_stdin(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "01.txt").write_text(ARTICLES[0]["text"], encoding="utf-8")
    (folder / "02.html").write_text(
        "<html><head><title>Pilots strike</title></head><body><nav>Home | News</nav><article>"
        f"<p>{ARTICLES[1]['text']}</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")
    db = tmp_path / "folder.sqlite"
    r = run("feed", "ingest", str(folder), "--db", str(db))
    assert r.exit_code == 0, r.output
    assert "notes.csv" in r.stderr  # skipped with a warning
    with Feed(db) as feed:
        (story,) = feed.stories()
        assert story.articles == ["01.txt", "02.html"]

    gz = tmp_path / "in.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as f:
        for a in ARTICLES:
            f.write(json.dumps(a) + "\n")
    db2 = tmp_path / "gz.sqlite"
    assert run("feed", "ingest", str(gz), "--db", str(db2)).exit_code == 0
    assert stored_ids(db2) == {"a1", "a2", "a3"}

    db3 = tmp_path / "stdin.sqlite"
    lines = "".join(json.dumps(a) + "\n" for a in ARTICLES)
    assert run("feed", "ingest", "-", "--db", str(db3), input=lines).exit_code == 0
    assert stored_ids(db3) == {"a1", "a2", "a3"}
    plain_text = (
        "A new ferry between Carrow Bay and Kestrel Point made its first crossing on Friday, "
        "cutting the trip to forty minutes. Captain Oskar Nyberg said 300 passengers were aboard."
    )
    plain = run("feed", "ingest", "-", "--db", str(db3), input=plain_text)
    assert plain.exit_code == 0 and "1 added (1 new story)" in plain.stderr
    near_copy = run("feed", "ingest", "-", "--db", str(db3), input=ARTICLES[2]["text"] + " More.")
    assert near_copy.exit_code == 0 and "1 copy," in near_copy.stderr


def test_bad_input_is_a_clear_error_and_nothing_read_is_lost(tmp_path: Path) -> None:
    src = tmp_path / "bad.jsonl"
    src.write_text(
        json.dumps(ARTICLES[0]) + "\n{not json\n" + json.dumps(ARTICLES[2]) + "\n", encoding="utf-8"
    )
    db = tmp_path / "bad.sqlite"
    r = run("feed", "ingest", str(src), "--db", str(db))
    assert r.exit_code == 4
    assert f"{src}:2: malformed JSON" in r.stderr and "Traceback" not in r.output
    assert stored_ids(db) == {"a1"}, "the line before the bad one was stored"
    r = run("feed", "ingest", str(src), "--db", str(db), "--skip-bad")
    assert r.exit_code == 0 and "skipped" in r.stderr
    assert stored_ids(db) == {"a1", "a3"}

    assert run("feed", "ingest", str(tmp_path / "nope.jsonl"), "--db", str(db)).exit_code == 3
    assert run("feed", "ingest", "--db", str(db)).exit_code == 2
    assert run("feed", "ingest", str(src), "--example", "--db", str(db)).exit_code == 2
    other = run("feed", "ingest", "--example", "--db", str(db), "--threshold", "0.5")
    assert other.exit_code == 2 and "other settings" in other.stderr
    folder_db = run("feed", "stories", "--db", str(tmp_path))
    assert folder_db.exit_code == 3 and "folder" in folder_db.stderr


def test_postgresql_without_its_driver_is_one_clear_line(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['psycopg'] = None; sys.argv = ['storybrief', 'feed', 'stories',"
        " '--db', 'postgresql://feed@127.0.0.1:1/feed']; from storybrief.cli import main; main()"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2, r.stderr
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and 'pip install "storybrief[postgres]"' in lines[0]


def test_example_stream(tmp_path: Path) -> None:
    db = str(tmp_path / "ex.sqlite")
    r = run("feed", "ingest", "--example", "--db", db)
    assert r.exit_code == 0, r.output
    assert "10 articles read: 8 added (3 new stories), 1 copy, 1 junk" in r.stderr
    out = run("feed", "stories", "--db", db, "-f", "json").stdout
    assert len(out.splitlines()) == 3


# -- following a growing file ------------------------------------------------------------
def test_follow_a_growing_file_and_stop_cleanly(tmp_path: Path) -> None:
    src = tmp_path / "live.jsonl"
    src.write_text(json.dumps(ARTICLES[0]) + "\n", encoding="utf-8")
    db = tmp_path / "live.sqlite"
    proc = cli("feed", "ingest", str(src), "--db", str(db), "--follow", "--poll", "0.1", "-q")
    try:
        wait_for(lambda: stored_ids(db) == {"a1"}, what="the first article")
        line = json.dumps(ARTICLES[1]) + "\n"
        with src.open("a", encoding="utf-8") as f:  # a line written in two pieces
            f.write(line[:40])
            f.flush()
            time.sleep(0.5)
            assert stored_ids(db) == {"a1"}, "half a line is not an article yet"
            f.write(line[40:] + json.dumps(ARTICLES[2]) + "\n")
        wait_for(lambda: stored_ids(db) == {"a1", "a2", "a3"}, what="the appended articles")
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    with Feed(db) as feed:
        assert feed.story(feed.stories()[-1].id).articles


def test_follow_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "001.txt").write_text(ARTICLES[0]["text"], encoding="utf-8")
    db = tmp_path / "inbox.sqlite"
    proc = cli("feed", "ingest", str(folder), "--db", str(db), "--follow", "--poll", "0.1", "-q")
    try:
        wait_for(lambda: stored_ids(db) == {"001.txt"}, what="the first file")
        (folder / "002.txt").write_text(ARTICLES[1]["text"], encoding="utf-8")
        wait_for(lambda: stored_ids(db) == {"001.txt", "002.txt"}, what="the new file")
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130


# -- crash safety ------------------------------------------------------------------------
def test_sigkill_mid_stream_then_restart_equals_a_clean_run(tmp_path: Path) -> None:
    items = make_stream(24, 4, seed=21)
    src = write_jsonl(
        tmp_path / "stream.jsonl", [{k: v for k, v in a.items() if k != "story"} for a in items]
    )
    clean = tmp_path / "clean.sqlite"
    args = ["--batch-size", "4", "-q"]
    assert run("feed", "ingest", str(src), "--db", str(clean), *args).exit_code == 0

    crashed = tmp_path / "crashed.sqlite"
    killed_at = []
    # two kills at different points (a little after a commit: inside the next batch's work or
    # transaction), then a run to the end
    for stop_after, delay in ((3, 0.05), (9, 0.12)):
        proc = cli("feed", "ingest", str(src), "--db", str(crashed), *args)
        try:
            wait_for(
                lambda n=stop_after, p=proc: commits(crashed) >= n or p.poll() is not None,
                what="some commits",
            )
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
        killed_at.append(len(stored_ids(crashed)))
    assert 0 < killed_at[0] < len(items), killed_at
    r = run("feed", "ingest", str(src), "--db", str(crashed), *args)
    assert r.exit_code == 0, r.output
    assert assignments(crashed) == assignments(clean)
    assert stored_ids(crashed) == {a["id"] for a in items}


WORKER = """
import sys, time
from pathlib import Path
barrier = Path(sys.argv[1])
while not barrier.exists():
    time.sleep(0.01)
sys.argv = ["storybrief", "feed", "ingest", *sys.argv[2:]]
from storybrief.cli import main
main()
"""


def test_two_concurrent_ingests_on_one_sqlite_file(tmp_path: Path) -> None:
    items = [{k: v for k, v in a.items() if k != "story"} for a in make_stream(16, 4, seed=8)]
    first, second = items[:40], items[24:]  # 16 articles in both
    paths = [write_jsonl(tmp_path / "a.jsonl", first), write_jsonl(tmp_path / "b.jsonl", second)]
    db = tmp_path / "shared.sqlite"
    Feed(db).close()
    barrier = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                str(barrier),
                str(p),
                "--db",
                str(db),
                "--batch-size",
                "3",
                "-q",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in paths
    ]
    time.sleep(1.0)
    barrier.touch()
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    con = sqlite3.connect(db)
    try:
        ids = [
            r[0]
            for r in con.execute(
                "SELECT id FROM feed_articles UNION ALL SELECT id FROM feed_copies"
            )
        ]
        seqs = sorted(
            r[0]
            for r in con.execute(
                "SELECT seq FROM feed_articles UNION ALL SELECT seq FROM feed_copies"
            )
        )
        counts = dict(
            con.execute(
                "SELECT story_id, count(*) FROM feed_articles WHERE story_id IS NOT NULL GROUP BY 1"
            )
        )
        stories = dict(con.execute("SELECT id, n_articles FROM feed_stories"))
    finally:
        con.close()
    assert sorted(ids) == sorted(a["id"] for a in items)
    assert seqs == list(range(1, len(items) + 1))
    assert counts == stories
