"""HTTP API of the web app (``storybrief serve``): results, limits and every error path."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("multipart")  # python-multipart
pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

import storybrief.web.app as web  # noqa: E402
from storybrief.cli import example_path  # noqa: E402
from storybrief.pipeline import Summarizer  # noqa: E402
from storybrief.web.app import Limits, create_app  # noqa: E402

ARTICLES = [
    "The city council approved a new budget on Monday after a long debate. "
    "The budget raises spending on schools by ten percent. "
    "Critics said the plan ignores rising housing costs.",
    {
        "text": "Council members voted 7-2 on Monday to approve the new city budget. "
        "School spending will rise by ten percent under the plan. "
        "The mayor praised the vote as a win for families.",
        "title": "Council passes budget",
        "url": "https://example.org/budget",
        "date": "2024-05-06",
    },
]


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(), raise_server_exceptions=False)


def small_client(**kw) -> TestClient:
    return TestClient(create_app(Limits(**kw)), raise_server_exceptions=False)


def assert_error(resp, status: int, code: str, *words: str) -> dict:
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert body["error"] == code, body
    assert isinstance(body["message"], str) and body["message"]
    for w in words:
        assert w in body["message"], body["message"]
    return body


# -- results ---------------------------------------------------------------------------------
def test_summarize_json_matches_library_output(client):
    resp = client.post("/api/summarize", json={"documents": ARTICLES, "max_words": 30})
    assert resp.status_code == 200, resp.text
    got = resp.json()
    expected = Summarizer(max_words=30).summarize(ARTICLES).to_dict()
    for key, value in expected.items():
        assert got[key] == value, key
    assert got["n_words"] <= 30 and got["sentences"]
    assert got["documents"][1]["title"] == "Council passes budget"
    assert got["markdown"].startswith(got["sentences"][0]["text"])
    assert "[Council passes budget](https://example.org/budget)" in got["markdown"]
    # per-document kept sentences, with the positions the citations point to
    per_doc = got["document_sentences"]
    assert len(per_doc) == 2
    for s in got["sentences"]:
        for p in s["positions"]:
            texts = {x["sentence"]: x["text"] for x in per_doc[p["doc"]]}
            assert p["sentence"] in texts
    assert "saved" not in got


def test_summarize_method_and_max_sentences(client):
    resp = client.post(
        "/api/summarize",
        json={"documents": ARTICLES, "method": "lead", "max_sentences": 1, "max_words": 100},
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["method"] == "lead"
    assert len(resp.json()["sentences"]) == 1


def test_summarize_multipart_files_in_order(client):
    folder = example_path()
    files = [
        ("documents", (p.name, p.read_bytes(), "application/octet-stream"))
        for p in sorted(folder.iterdir())
        if p.suffix in (".txt", ".html")
    ]
    resp = client.post("/api/summarize", files=files, data={"max_words": "60", "method": "lexrank"})
    assert resp.status_code == 200, resp.text
    got = resp.json()
    assert got["method"] == "lexrank" and got["n_words"] <= 60
    names = [d["name"] for d in got["documents"]]
    assert names == [f[1][0] for f in files]
    html_doc = got["documents"][names.index("04_analysis.html")]
    assert html_doc["title"] == "What the Harbor Bridge closure means for Port Ellery"
    # trafilatura took the main text only: no markup reached the sentences
    assert not any(
        "<" in s["text"] for s in got["document_sentences"][names.index("04_analysis.html")]
    )


def test_multipart_text_fields_and_files_mix(client):
    resp = client.post(
        "/api/summarize",
        data={"documents": ARTICLES[0], "max_words": "20"},
        files=[("files", ("b.txt", ARTICLES[1]["text"].encode("cp1252"), "text/plain"))],
    )
    assert resp.status_code == 200, resp.text
    assert len(resp.json()["documents"]) == 2


def test_health_methods_example(client):
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["save"] is False
    assert health["limits"]["max_documents"] == Limits().max_documents
    methods = client.get("/api/methods").json()
    names = [m["name"] for m in methods["methods"]]
    assert {"lead", "lexrank", "centroid", "hybrid"} <= set(names)
    assert methods["default"] in names
    example = client.get("/api/example").json()
    assert len(example["documents"]) == 4
    assert all(d["text"].strip() for d in example["documents"])
    assert not any("<p>" in d["text"] for d in example["documents"])  # HTML as text


def test_page_docs_and_static_are_self_hosted(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "/static/app.js" in page.text and "/static/app.css" in page.text
    for path in ("/static/app.js", "/static/app.css"):
        assert client.get(path).status_code == 200
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "http://" not in docs.text and "https://" not in docs.text
    spec = client.get("/openapi.json").json()
    assert "/api/summarize" in spec["paths"]
    body = spec["paths"]["/api/summarize"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
    if web._swagger_dir() is not None:
        assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    for text in (page.text, client.get("/static/app.js").text):
        assert "https://" not in text and "http://" not in text


def test_plain_docs_page_without_swagger(monkeypatch):
    monkeypatch.setattr(web, "_swagger_dir", lambda: None)
    c = TestClient(create_app())
    docs = c.get("/docs")
    assert docs.status_code == 200 and "/api/summarize" in docs.text and "openapi.json" in docs.text


# -- limits ----------------------------------------------------------------------------------
def test_too_many_documents():
    c = small_client(max_documents=3)
    body = assert_error(
        c.post("/api/summarize", json={"documents": ["a b c."] * 4}),
        413,
        "too_many_documents",
        "3",
        "--max-documents",
    )
    assert body["limit"] == 3
    files = [("documents", (f"{i}.txt", b"Some text here.", "text/plain")) for i in range(5)]
    assert_error(c.post("/api/summarize", files=files), 413, "too_many_documents", "3")


def test_document_too_long():
    c = small_client(max_document_chars=100)
    body = assert_error(
        c.post("/api/summarize", json={"documents": ["short one.", "x " * 60]}),
        413,
        "document_too_long",
        "document 2",
        "--max-document-chars",
    )
    assert body["limit"] == 100


def test_body_too_large_declared_and_streamed():
    c = small_client(max_body_bytes=1000)
    big = json.dumps({"documents": ["word " * 400]})
    body = assert_error(
        c.post("/api/summarize", content=big, headers={"content-type": "application/json"}),
        413,
        "body_too_large",
        "1,000 bytes",
        "--max-body-bytes",
    )
    assert body["limit"] == 1000

    def chunks():  # no Content-Length: chunked transfer
        for _ in range(10):
            yield b"x" * 200

    assert_error(
        c.post("/api/summarize", content=chunks(), headers={"content-type": "application/json"}),
        413,
        "body_too_large",
    )


def test_max_words_limits(client):
    assert_error(
        client.post("/api/summarize", json={"documents": ARTICLES, "max_words": 0}),
        422,
        "invalid_request",
        "max_words",
    )
    assert_error(
        small_client(max_words=50).post(
            "/api/summarize", json={"documents": ARTICLES, "max_words": 51}
        ),
        422,
        "max_words_too_large",
        "50",
    )


def test_timeout_gives_504(monkeypatch):
    release = threading.Event()

    class Slow(Summarizer):
        def summarize(self, *a, **kw):
            release.wait(5)
            return super().summarize(*a, **kw)

    monkeypatch.setattr(web, "Summarizer", Slow)
    c = small_client(timeout_s=0.2)
    t0 = time.perf_counter()
    body = assert_error(
        c.post("/api/summarize", json={"documents": ARTICLES}), 504, "timeout", "--timeout"
    )
    release.set()
    assert time.perf_counter() - t0 < 3
    assert body["limit"] == 0.2


def test_busy_gives_503(monkeypatch):
    started, release = threading.Event(), threading.Event()

    class Blocking(Summarizer):
        def summarize(self, *a, **kw):
            started.set()
            release.wait(5)
            return super().summarize(*a, **kw)

    monkeypatch.setattr(web, "Summarizer", Blocking)
    with TestClient(create_app(Limits(workers=1, queue=0))) as c:
        first: list = []
        t = threading.Thread(
            target=lambda: first.append(c.post("/api/summarize", json={"documents": ARTICLES}))
        )
        t.start()
        assert started.wait(5)
        resp = c.post("/api/summarize", json={"documents": ARTICLES})
        assert_error(resp, 503, "server_busy", "busy")
        assert resp.headers["retry-after"] == "2"
        release.set()
        t.join(10)
        assert first[0].status_code == 200
        # the slot is free again
        assert c.post("/api/summarize", json={"documents": ARTICLES}).status_code == 200


# -- malformed input -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "status", "code", "word"),
    [
        ("not json", 422, "invalid_json", "JSON"),
        ("[1, 2]", 422, "invalid_request", "JSON object"),
        ('"text"', 422, "invalid_request", "JSON object"),
        ("{}", 422, "invalid_request", "documents"),
        ('{"documents": "one string"}', 422, "invalid_request", "documents"),
        ('{"documents": [1, 2]}', 422, "invalid_request", "documents"),
        ('{"documents": [{"title": "no text"}]}', 422, "invalid_request", "text"),
        ('{"documents": []}', 422, "no_documents", "at least one"),
        ('{"documents": ["a"], "max_words": "many"}', 422, "invalid_request", "max_words"),
        ('{"documents": ["a"], "method": "magic"}', 422, "unknown_method", "magic"),
        ('{"documents": ["a"], "colour": "red"}', 422, "invalid_request", "colour"),
        ('{"documents": ["", "   "]}', 422, "nothing_to_summarize", "nothing"),
        ('{"documents": ["Share\\nAdvertisement"]}', 422, "nothing_to_summarize", "boilerplate"),
        ("[" * 100_000 + "]" * 100_000, 422, "invalid_json", "JSON"),
        (b"\xff\xfe\x00bad".decode("latin-1"), 422, "invalid_json", "JSON"),
    ],
)
def test_malformed_json_bodies(client, body, status, code, word):
    resp = client.post(
        "/api/summarize",
        content=body.encode("latin-1" if "\xff" in body else "utf-8"),
        headers={"content-type": "application/json"},
    )
    assert_error(resp, status, code, word)


def test_unsupported_media_and_files(client):
    assert_error(
        client.post(
            "/api/summarize", content=b"documents=a", headers={"content-type": "text/plain"}
        ),
        415,
        "unsupported_media_type",
    )
    files = [("documents", ("photo.png", b"\x89PNG\r\n", "image/png"))]
    assert_error(
        client.post("/api/summarize", files=files), 415, "unsupported_file_type", "photo.png"
    )
    files = [("documents", ("bin.txt", b"\x00\x01\x02" * 100, "text/plain"))]
    assert_error(client.post("/api/summarize", files=files), 422, "binary_file", "bin.txt")
    files = [
        (
            "documents",
            ("empty.html", b"<html><head><title>t</title></head><body></body></html>", "text/html"),
        )
    ]
    assert_error(client.post("/api/summarize", files=files), 422, "no_text", "empty.html")
    assert_error(
        client.post("/api/summarize", data={"max_words": "ten", "documents": "Some text."}),
        422,
        "invalid_request",
        "max_words",
    )
    assert_error(
        client.post("/api/summarize", files=[("colour", ("a.txt", b"x", "text/plain"))]),
        422,
        "invalid_request",
        "colour",
    )
    assert_error(client.post("/api/summarize", data={"max_words": "10"}), 422, "no_documents")


def test_malformed_multipart_is_400(client):
    resp = client.post(
        "/api/summarize",
        content=b"--xyz\r\nContent-Disposition: form-data\r\n\r\nbroken",
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert resp.status_code in (400, 422), resp.text
    assert "error" in resp.json()


def test_lone_surrogates_and_odd_text_do_not_fail(client):
    resp = client.post(
        "/api/summarize",
        content=b'{"documents": ["The bridge \\ud800 closed on Monday after a crash. '
        b'Repairs will take weeks.\\u0000"]}',
        headers={"content-type": "application/json"},
    )
    assert resp.status_code == 200, resp.text
    assert "\ufffd" in resp.json()["text"]


def test_other_http_errors_are_json(client):
    assert_error(client.get("/api/nope"), 404, "not_found")
    assert_error(client.get("/api/summarize"), 405, "method_not_allowed")
    assert_error(client.get("/api/saved/1"), 404, "save_disabled", "--save-db")
    assert_error(
        client.post("/api/summarize", content=b"{}", headers={"content-length": "abc"}),
        400,
        "bad_request",
    )


def test_fuzzed_bodies_never_500(client):
    import random

    rng = random.Random(5)
    alphabet = '{}[]":,0123456789abc documents text max_words method \\u00e9 null true'
    for _ in range(150):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        if rng.random() < 0.5:
            body = '{"documents": [' + body
        resp = client.post(
            "/api/summarize", content=body.encode(), headers={"content-type": "application/json"}
        )
        assert resp.status_code < 500, (body, resp.text)
        assert "error" in resp.json() or resp.status_code == 200


# -- saving ----------------------------------------------------------------------------------
def test_save_needs_save_db(client):
    assert_error(
        client.post("/api/summarize", json={"documents": ARTICLES, "save": True}),
        409,
        "save_disabled",
        "--save-db",
    )


def test_save_to_sqlite(tmp_path: Path):
    db = tmp_path / "saved.sqlite"
    c = TestClient(create_app(save_db=db), raise_server_exceptions=False)
    assert c.get("/api/health").json()["save"] is True
    # without "save": nothing is stored
    assert c.post("/api/summarize", json={"documents": ARTICLES}).status_code == 200
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM summaries").fetchone()[0] == 0
    resp = c.post("/api/summarize", json={"documents": ARTICLES, "save": True, "max_words": 25})
    assert resp.status_code == 200, resp.text
    sid = resp.json()["saved"]["id"]
    with sqlite3.connect(db) as con:
        row = con.execute(
            "SELECT method, max_words, n_documents, summary, markdown, result_json "
            "FROM summaries WHERE id = ?",
            (sid,),
        ).fetchone()
        docs = con.execute(
            "SELECT idx, title, url, date, text FROM documents WHERE summary_id = ? ORDER BY idx",
            (sid,),
        ).fetchall()
    assert row[0] == resp.json()["method"] and row[1] == 25 and row[2] == 2
    assert row[3] == resp.json()["text"] and row[4] == resp.json()["markdown"]
    assert json.loads(row[5])["sentences"] == resp.json()["sentences"]
    assert docs[0] == (0, None, None, None, ARTICLES[0])
    assert docs[1][1:4] == ("Council passes budget", "https://example.org/budget", "2024-05-06")
    got = c.get(f"/api/saved/{sid}")
    assert got.status_code == 200 and got.json()["text"] == resp.json()["text"]
    assert_error(c.get("/api/saved/999"), 404, "not_found", "999")
    assert_error(c.get("/api/saved/abc"), 422, "invalid_request")
    # multipart form field "save"
    resp = c.post("/api/summarize", data={"documents": ARTICLES[0], "save": "true"})
    assert resp.status_code == 200 and resp.json()["saved"]["id"] == sid + 1


def test_serve_command_is_registered():
    from typer.testing import CliRunner

    from storybrief.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for opt in ("--save-db", "--max-documents", "--max-body-bytes", "--timeout"):
        assert opt in result.output


def test_serve_options_name_every_limit():
    # serve builds Limits and ServerLimits from the options named after their fields: a
    # renamed field without its option would silently keep its default
    from dataclasses import fields

    from storybrief.cli import load_command
    from storybrief.web.limits import Limits
    from storybrief.web.server import ServerLimits

    options = {p.name for p in load_command("serve").params}
    limits = {f.name for cls in (Limits, ServerLimits) for f in fields(cls)}
    assert limits - options == {"keep_alive_s"}


@pytest.mark.parametrize(
    "doc",
    [
        "...",
        "a" * 5000,
        "\u200b\u200b\u200b",
        "<html><body><p>Tags in a JSON string.</p></body></html>",
        "Ünïcödé ✓ 日本語の文章です。これは二番目の文です。",
        "\t\r\n\x0b\x0c" * 50,
        "word " * 3000,
        "Mr. A. B. C. D. E. F. G. H. I. J. K. L. M. N. O. P. Q.",
        "1.2.3.4.5.6.7.8.9" * 20,
        '"""""""""" ((((( [[[[ ]]]] ))))) !!!!!! ??????',
    ],
)
def test_odd_text_never_500(client, doc):
    resp = client.post(
        "/api/summarize", json={"documents": [doc, {"text": doc, "title": doc[:50]}]}
    )
    assert resp.status_code in (200, 422), resp.text
    if resp.status_code == 422:
        assert resp.json()["error"] == "nothing_to_summarize"
    else:
        assert resp.json()["n_words"] <= 150


def test_serve_command_starts_a_server(tmp_path: Path):
    import socket
    import subprocess
    import sys
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "s.sqlite"
    cmd = [sys.executable, "-c", "from storybrief.cli import main; main()", "serve"]
    cmd += ["--port", str(port), "--save-db", str(db), "--max-documents", "7"]
    proc = subprocess.Popen(
        cmd + ["--log-level", "warning"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as r:
                    health = json.loads(r.read())
                break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert health["save"] is True and health["limits"]["max_documents"] == 7
        assert db.is_file()
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_command_reports_bad_save_db(tmp_path: Path):
    from typer.testing import CliRunner

    from storybrief.cli import app

    bad = tmp_path / "missing" / "x.sqlite"
    result = CliRunner().invoke(app, ["serve", "--save-db", str(bad)])
    assert result.exit_code == 3
    assert "--save-db" in result.output
