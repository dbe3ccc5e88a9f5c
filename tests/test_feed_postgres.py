"""The feed on a real PostgreSQL server, started here from Debian's ``postgresql`` package.

The fixture runs ``initdb`` and ``pg_ctl`` into a temporary folder on a free port.  PostgreSQL
refuses to run as root, so as root (CI) the server runs as the ``postgres`` user through
``runuser``.  Without the server binaries, or without psycopg, the tests skip and say why.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from feed_texts import make_stream

from storybrief.feed import Feed

psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (the postgres extra)")


def _bindir() -> Path | None:
    found = shutil.which("pg_ctl")
    candidates = [Path(found).resolve().parent] if found else []
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for c in candidates:
        if (c / "initdb").exists() and (c / "pg_ctl").exists():
            return c
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pg_server():
    bindir = _bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found (apt-get install postgresql)")
    prefix: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="storybrief-pg-"))
    if os.geteuid() == 0:  # PostgreSQL will not run as root
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip("running as root and there is no postgres user to run the server")
        runuser = shutil.which("runuser")
        if runuser is None:
            shutil.rmtree(base, ignore_errors=True)
            pytest.skip("running as root and runuser is missing")
        prefix = [runuser, "-u", "postgres", "--"]
        os.chown(base, user.pw_uid, user.pw_gid)
    data, log = base / "data", base / "server.log"
    port = _free_port()

    def run(*cmd: str) -> subprocess.CompletedProcess:
        return subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120)

    init = run(
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
    )
    if init.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr.strip()[-300:]}")
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    start = run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(log),
        "-o",
        options,
        "-w",
        "-t",
        "60",
        "start",
    )
    if start.returncode != 0:
        tail = log.read_text(errors="replace")[-500:] if log.exists() else start.stderr
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {tail.strip()}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(base, ignore_errors=True)


_counter = iter(range(1_000_000))


@pytest.fixture
def pg_url(pg_server: str) -> str:
    """A fresh database on the test server."""
    name = f"feed_{os.getpid()}_{next(_counter)}"
    with psycopg.connect(f"{pg_server}/postgres", autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    return f"{pg_server}/{name}"


def _rows(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as con:
        return [tuple(r) for r in con.execute(sql).fetchall()]


def _clean(items: list[dict]) -> list[dict]:
    return [{k: v for k, v in a.items() if k != "story"} for a in items]


def test_postgresql_assigns_exactly_as_sqlite(pg_url: str, tmp_path: Path) -> None:
    items = _clean(make_stream(10, 4, seed=2))
    with Feed(tmp_path / "ref.sqlite", batch_size=7) as lite, Feed(pg_url, batch_size=7) as pg:
        a = lite.add(items)
        b = pg.add(items)
        assert [(o.id, o.status, o.story, o.similarity, o.runner_up) for o in a.outcomes] == [
            (o.id, o.status, o.story, o.similarity, o.runner_up) for o in b.outcomes
        ]
        assert lite.assignments() == pg.assignments()
        assert [s.text for s in lite.stories()] == [s.text for s in pg.stories()]
        assert pg.story(pg.stories()[0].id).timeline
        # a second ingest changes nothing
        before = _rows(pg_url, "SELECT key, seq FROM feed_keys ORDER BY key")
        again = pg.add(items)
        assert again.duplicates == len(items)
        assert _rows(pg_url, "SELECT key, seq FROM feed_keys ORDER BY key") == before


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


def test_two_concurrent_ingests_lose_and_duplicate_nothing(pg_url: str, tmp_path: Path) -> None:
    items = _clean(make_stream(30, 4, seed=4))  # 120 articles
    first, second = items[:80], items[40:]  # 40 articles in both streams
    paths = []
    for name, part in (("a", first), ("b", second)):
        p = tmp_path / f"{name}.jsonl"
        p.write_text("".join(json.dumps(x) + "\n" for x in part), encoding="utf-8")
        paths.append(p)
    Feed(pg_url).close()  # create the schema once, so both start on the same footing
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
                pg_url,
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
    time.sleep(1.0)  # both have imported storybrief and wait at the barrier
    barrier.touch()
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err

    ids = [
        r[0]
        for r in _rows(pg_url, "SELECT id FROM feed_articles UNION ALL SELECT id FROM feed_copies")
    ]
    assert sorted(ids) == sorted(a["id"] for a in items), "every article exactly once"
    seqs = sorted(
        r[0]
        for r in _rows(
            pg_url, "SELECT seq FROM feed_articles UNION ALL SELECT seq FROM feed_copies"
        )
    )
    assert seqs == list(range(1, len(items) + 1)), "one arrival order, no gaps"
    # both processes really wrote: articles only in one stream come from both
    writers = {x["id"]: "a" for x in items[:40]} | {x["id"]: "b" for x in items[80:]}
    order = [
        writers[r[0]]
        for r in _rows(
            pg_url, "SELECT id FROM feed_articles UNION ALL SELECT id FROM feed_copies ORDER BY 1"
        )
        if r[0] in writers
    ]
    assert set(order) == {"a", "b"}
    # every story's counts agree with its articles; every article's story exists
    stories = dict(_rows(pg_url, "SELECT id, n_articles FROM feed_stories"))
    counts = dict(
        _rows(
            pg_url,
            "SELECT story_id, count(*) FROM feed_articles WHERE story_id IS NOT NULL GROUP BY 1",
        )
    )
    assert counts == stories
    versions = _rows(pg_url, "SELECT story_id, version FROM feed_digests")
    assert len(versions) == len(set(versions))
    summaries = [e for _, e in outs]
    added = sum(int(s.split(" added")[0].split(": ")[-1]) for s in summaries)
    copies = sum(int(s.split(" copies")[0].split(", ")[-1]) for s in summaries)
    junk = sum(int(s.split(" junk")[0].split(", ")[-1]) for s in summaries)
    stored = sum(int(s.split(" already stored")[0].split(", ")[-1]) for s in summaries)
    assert added + copies + junk == len(items)
    assert stored == 40


def test_follow_stores_articles_and_feed_state_in_postgresql(pg_url: str, tmp_path: Path) -> None:
    """``feed follow`` into PostgreSQL: the articles, and each feed's state in
    feed_subscriptions (a failing feed counts its errors there)."""
    from follow_docs import STORIES, page, rss20
    from follow_server import Site
    from typer.testing import CliRunner

    from storybrief.cli import app

    site = Site()
    try:
        items = []
        for st in STORIES[:3]:
            link = site.serve(f"/{st.slug}.html", page(st), content_type="text/html")
            items.append({"title": st.title, "link": link, "guid": (link, True), "date": st.date})
        good = site.serve("/rss.xml", rss20("Wire", items), etag='"1"')
        bad = site.serve("/down.xml", "no", status=503, content_type="text/plain")
        subs = tmp_path / "feeds.txt"
        subs.write_text(f"{good}\n{bad}  # down\n", encoding="utf-8")
        fast = ["--host-interval", "0", "--timeout", "5", "-q", "--once"]
        runner = CliRunner()
        for _ in range(2):
            out = runner.invoke(app, ["feed", "follow", str(subs), "--db", pg_url, *fast])
            assert out.exit_code == 0, out.output
        rows = _rows(
            pg_url,
            "SELECT url, etag, error_count, items_seen FROM feed_subscriptions ORDER BY url",
        )
        assert rows == [(bad, None, 2, 0), (good, '"1"', 0, 3)]
        assert len(_rows(pg_url, "SELECT id FROM feed_articles")) == 3
        listed = runner.invoke(app, ["feed", "subscriptions", "--db", pg_url, "-f", "json"])
        assert [json.loads(line)["url"] for line in listed.stdout.splitlines()] == [bad, good]
    finally:
        site.close()
