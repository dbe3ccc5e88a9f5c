"""Saved summaries (``serve --save-db``) on a real PostgreSQL server, started as the feed's
PostgreSQL tests start theirs (tests/test_feed_postgres.py: initdb and pg_ctl on a free port;
skips without the server binaries or psycopg)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
psycopg = pytest.importorskip("psycopg", reason="psycopg is not installed (the postgres extra)")

from fastapi.testclient import TestClient  # noqa: E402
from test_feed_postgres import pg_server, pg_url  # noqa: E402, F401  (the fixtures)

from storybrief.web.app import create_app  # noqa: E402

ARTICLES = [
    "The council of Carrow Bay voted on Monday to close the old harbour bridge for repairs. "
    "Engineers found cracks in two of its steel beams during an inspection last month.",
    {
        "text": "Carrow Bay's harbour bridge will close for repairs after engineers found "
        "cracked beams, the council said on Monday. It will reopen in the spring.",
        "title": "Bridge to close",
        "url": "https://news.example/bridge",
        "date": "2026-11-02",
    },
]


def test_saved_summaries_on_postgresql(pg_url: str):  # noqa: F811
    with TestClient(create_app(save_db=pg_url), raise_server_exceptions=False) as client:
        assert client.get("/api/health").json()["save"] is True
        resp = client.post("/api/summarize", json={"documents": ARTICLES, "save": True})
        assert resp.status_code == 200, resp.text
        sid = resp.json()["saved"]["id"]
        got = client.get(f"/api/saved/{sid}")
        assert got.status_code == 200 and got.json()["text"] == resp.json()["text"]
        second = client.post("/api/summarize", data={"documents": ARTICLES[0], "save": "true"})
        assert second.json()["saved"]["id"] == sid + 1
        for missing in (sid + 5, 2**63 - 1, 2**63):
            assert client.get(f"/api/saved/{missing}").json()["error"] == "not_found"
    with psycopg.connect(pg_url) as con:
        row = con.execute(
            "SELECT method, n_documents, summary, result_json FROM summaries WHERE id = %s", (sid,)
        ).fetchone()
        docs = con.execute(
            "SELECT idx, title, url, date, text FROM documents WHERE summary_id = %s ORDER BY idx",
            (sid,),
        ).fetchall()
        kind = con.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'summaries' AND column_name = 'id'"
        ).fetchone()[0]
    assert row[0] == resp.json()["method"] and row[1] == 2 and row[2] == resp.json()["text"]
    assert json.loads(row[3])["sentences"] == resp.json()["sentences"]
    assert docs[1][1:4] == ("Bridge to close", "https://news.example/bridge", "2026-11-02")
    assert kind == "bigint"  # ids up to 2^63-1, as the API's bound says


def test_serve_takes_a_postgresql_url(pg_url: str):  # noqa: F811
    src = str(Path(__file__).resolve().parents[1] / "src")
    cmd = [sys.executable, "-m", "storybrief.cli", "serve", "--port", "0", "--save-db", pg_url]
    proc = subprocess.Popen(
        cmd, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": src}
    )
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if "storybrief web app on" in line:
                base = line.split()[4].rstrip("/")
                break
        else:
            raise AssertionError("serve did not start")
        body = json.dumps({"documents": ARTICLES, "save": True}).encode()
        req = urllib.request.Request(
            base + "/api/summarize", body, {"Content-Type": "application/json"}
        )
        for _ in range(50):  # the banner comes just before uvicorn accepts
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    answer = json.loads(r.read())
                    sid = answer["saved"]["id"]
                break
            except ConnectionError:
                time.sleep(0.1)
        with urllib.request.urlopen(f"{base}/api/saved/{sid}", timeout=10) as r:
            assert json.loads(r.read())["text"] == answer["text"]
    finally:
        proc.terminate()
        proc.wait(20)
    with psycopg.connect(pg_url) as con:
        assert con.execute("SELECT COUNT(*) FROM summaries").fetchone()[0] == 1
