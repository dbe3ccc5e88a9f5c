"""The server under hostile input (issue 16, findings 1-6 and the serve parts of 14): stored
articles with script in their urls, foreign Host names (DNS rebinding), cross-site writes,
missing security headers, slow and many clients, ids past SQLite's range, and `serve` on a
taken port or off loopback.  Real servers on 127.0.0.1 with real sockets; the browser side of
the same cases is in tests/test_hostile_pages.py."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from fastapi.testclient import TestClient  # noqa: E402

from storybrief.feed import Feed  # noqa: E402
from storybrief.feed.sources import example_stream, read_articles  # noqa: E402
from storybrief.web.app import Limits, create_app  # noqa: E402
from storybrief.web.security import allowed_host_names  # noqa: E402
from storybrief.web.server import ServerLimits, server_config  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
ARTICLE = (
    "The council of Carrow Bay voted on Monday to close the old harbour bridge for repairs. "
    "Engineers found cracks in two of its steel beams during an inspection last month. "
    "The bridge will reopen in the spring, the council said."
)
HOSTILE_URLS = [
    "javascript:alert(document.domain)",
    "JaVaScRiPt:alert(1)",
    "   javascript:alert(2)",
    "\tjava\tscript:alert(3)",
    "data:text/html,<script>alert(4)</script>",
    "vbscript:msgbox(5)",
    "http://[oops/x",
]


# -- a real server -------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(app, limits: ServerLimits | None = None) -> Iterator[int]:
    import uvicorn

    port = _free_port()
    config = server_config(app, "127.0.0.1", port, log_level="warning", limits=limits)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(10)


def _request(port: int, raw: bytes, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    """Send ``raw`` and read the whole answer (the request asks the server to close)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(raw)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


def _get(port: int, path: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    host = host if host is not None else f"127.0.0.1:{port}"
    return _request(
        port, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
    )


def _post(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    head = {"Host": f"127.0.0.1:{port}", "Connection": "close", **headers}
    head["Content-Length"] = str(len(body))
    text = "".join(f"{k}: {v}\r\n" for k, v in head.items())
    return _request(port, f"POST /api/summarize HTTP/1.1\r\n{text}\r\n".encode() + body)


def hostile_stream() -> list[dict]:
    """The example stream with script and junk for urls (the last two keep real ones)."""
    out = []
    for i, article in enumerate(read_articles(str(example_stream()))):
        article = dict(article)
        article["url"] = HOSTILE_URLS[i] if i < len(HOSTILE_URLS) else f"https://news.example/{i}"
        out.append(article)
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("hostile-web") / "feed.sqlite"
    with Feed(db) as feed:
        feed.add(hostile_stream())
    return db


@pytest.fixture(scope="module")
def port(store: Path, tmp_path_factory) -> Iterator[int]:
    save = tmp_path_factory.mktemp("hostile-save") / "saved.sqlite"
    app = create_app(save_db=save, feed_db=store, allowed_hosts=allowed_host_names("127.0.0.1"))
    yield from _run(app)


# -- 1. stored XSS: urls are text; only http(s) becomes a link ------------------------------
def test_story_timelines_link_only_http_urls(port: int):
    status, _, body = _get(port, "/api/stories?limit=100")
    assert status == 200
    stories = json.loads(body)["stories"]
    entries = [e for s in stories for e in s["timeline"]]
    real = "https://news.example/"  # the urls that are not hostile (the feed strips urls)
    hostile = [e for e in entries if not e["url"].startswith(real)]
    assert len(hostile) >= 5  # kept as text
    assert all(e["link"] is None for e in hostile)
    safe = [e for e in entries if e["url"].startswith(real)]
    assert safe and all(e["link"] == e["url"] for e in safe)
    for story in stories:
        status, _, body = _get(port, f"/api/stories/{story['id']}")
        for e in json.loads(body)["timeline"]:
            assert e["link"] == (e["url"] if e["url"].startswith(real) else None)


def test_summaries_give_links_only_for_http_urls():
    client = TestClient(create_app(), raise_server_exceptions=False)
    docs = [{"text": ARTICLE, "url": url} for url in HOSTILE_URLS[:3]]
    docs.append({"text": ARTICLE, "url": "http://news.example/a"})
    resp = client.post("/api/summarize", json={"documents": docs, "max_words": 40})
    assert resp.status_code == 200, resp.text
    assert resp.json()["document_links"] == [None, None, None, "http://news.example/a"]
    assert resp.json()["documents"][0]["url"] == HOSTILE_URLS[0]  # the data is unchanged


# -- 2. Host names -------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example", ""])
def test_foreign_host_names_are_refused(port: int, host: str):
    status, headers, body = _get(port, "/api/saved/1", host=host)
    assert status == 400
    assert headers["content-type"] == "application/json"
    assert json.loads(body)["error"] == "host_not_allowed"


@pytest.mark.parametrize(
    "host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}", "LOCALHOST"]
)
def test_loopback_host_names_are_answered(port: int, host: str):
    status, _, _ = _get(port, "/api/health", host=host.format(port=port))
    assert status == 200


def test_two_host_headers_are_refused(port: int):
    raw = f"GET /api/health HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1:{port}\r\n"
    status, _, body = _request(port, (raw + "Connection: close\r\n\r\n").encode())
    assert status == 400, body


def test_static_redirect_never_echoes_the_host(port: int):
    status, headers, _ = _get(port, "/static", host=f"localhost:{port}")
    assert 300 <= status < 400
    assert headers["location"].startswith("/") and "localhost" not in headers["location"]
    status, _, _ = _get(port, "/static", host="evil.example")
    assert status == 400


def test_in_process_apps_answer_any_name():
    # allowed_hosts=None: the library's own app for a test client; serve always passes names
    assert TestClient(create_app()).get("/api/health").status_code == 200
    names = allowed_host_names("10.1.2.3", ["box.example", "Box2.Example."])
    assert {"127.0.0.1", "localhost", "::1", "10.1.2.3", "box.example", "box2.example"} <= names
    assert "0.0.0.0" not in allowed_host_names("0.0.0.0")


# -- 3. cross-site writes and strict Content-Type --------------------------------------------
BODY = json.dumps({"documents": [ARTICLE], "max_words": 30}).encode()


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://127.0.0.1:1", "Content-Type": "application/json"},
        {"Origin": "http://evil.example", "Content-Type": "application/json"},
        {"Origin": "null", "Content-Type": "application/json"},
        {"Sec-Fetch-Site": "cross-site", "Content-Type": "application/json"},
        {"Sec-Fetch-Site": "same-site", "Content-Type": "application/json"},  # another port
        {"Origin": "http://127.0.0.1:1", "Content-Type": "application/x-www-form-urlencoded"},
    ],
)
def test_cross_origin_writes_are_refused(port: int, headers: dict[str, str]):
    body = b"documents=" + ARTICLE.encode() if "form" in headers["Content-Type"] else BODY
    status, resp_headers, answer = _post(port, body, headers)
    assert status == 403
    assert json.loads(answer)["error"] == "cross_origin"
    assert "content-security-policy" in resp_headers


def test_same_origin_and_originless_writes_are_served(port: int):
    ctype = {"Content-Type": "application/json"}
    assert _post(port, BODY, {**ctype, "Origin": f"http://127.0.0.1:{port}"})[0] == 200
    assert _post(port, BODY, {**ctype, "Sec-Fetch-Site": "same-origin"})[0] == 200
    assert _post(port, BODY, ctype)[0] == 200  # curl and scripts send no Origin


@pytest.mark.parametrize("ctype", [None, "text/plain", "text/plain;charset=UTF-8"])
def test_json_needs_its_content_type(port: int, ctype: str | None):
    # a no-cors fetch can send a JSON body only as text/plain or with no Content-Type
    status, _, body = _post(port, BODY, {"Content-Type": ctype} if ctype else {})
    assert status == 415
    assert json.loads(body)["error"] == "unsupported_media_type"


# -- 4. headers on every response; bounded polling ------------------------------------------
@pytest.mark.parametrize(
    "path", ["/", "/stories", "/static/app.js", "/api/health", "/api/nope", "/docs"]
)
def test_security_headers_on_every_response(port: int, path: str):
    _, headers, _ = _get(port, path)
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"


def test_refusals_carry_the_headers_too(port: int):
    _, headers, _ = _get(port, "/", host="evil.example")
    assert headers["x-frame-options"] == "DENY" and "content-security-policy" in headers


@pytest.mark.parametrize(
    "asked, bounded",
    [("0", 2000), ("-5", 2000), ("300", 2000), ("abc", 3000), ("nan", 3000), ("1e12", 3600000)],
)
def test_poll_interval_is_bounded(port: int, asked: str, bounded: int):
    status, headers, _ = _get(port, f"/stories?interval={asked}")
    assert status == 307
    assert headers["location"] == f"/stories?interval={bounded}"
    assert _get(port, f"/stories?interval={bounded}")[0] == 200


def test_stories_js_clamps_the_interval_too():
    js = (REPO / "src/storybrief/web/static/stories.js").read_text()
    assert "Math.min(Math.max(asked, 2000), 3600000)" in js and "Number.isFinite" in js


# -- 6. ids and offsets past SQLite's int64 ------------------------------------------------
@pytest.mark.parametrize(
    "path, status",
    [
        ("/api/stories/9223372036854775808", 404),
        ("/api/stories/-1", 404),
        ("/api/stories/0", 404),
        ("/api/stories?offset=9223372036854775808", 422),
        ("/api/stories?offset=-1", 422),
        ("/api/stories?since=9223372036854775808", 422),
        ("/api/stories?limit=9223372036854775808", 422),
        ("/api/saved/9223372036854775808", 404),
        ("/api/saved/-9223372036854775809", 404),
    ],
)
def test_ids_past_int64_are_json_errors(port: int, path: str, status: int):
    got, headers, body = _get(port, path)
    assert got == status, body
    assert headers["content-type"] == "application/json"
    assert b"Traceback" not in body and "error" in json.loads(body)


# -- 5. slow and many clients --------------------------------------------------------------
@pytest.fixture
def tight() -> Iterator[int]:
    limits = ServerLimits(header_timeout_s=0.5, body_timeout_s=0.5, max_connections=50)
    yield from _run(create_app(Limits(max_body_bytes=1_000_000)), limits)


def _closed_within(s: socket.socket, seconds: float) -> tuple[float, bytes]:
    start = time.monotonic()
    s.settimeout(seconds)
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    return time.monotonic() - start, data


def test_slow_headers_are_closed(tight: int):
    with socket.create_connection(("127.0.0.1", tight)) as s:
        s.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
        took, data = _closed_within(s, 5)
    assert took < 3
    assert data.startswith(b"HTTP/1.1 408") and b"request_timeout" in data


def test_silent_connections_are_closed(tight: int):
    with socket.create_connection(("127.0.0.1", tight)) as s:
        took, _ = _closed_within(s, 5)
    assert took < 3


def test_slow_bodies_are_closed(tight: int):
    with socket.create_connection(("127.0.0.1", tight)) as s:
        s.sendall(
            b"POST /api/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b'Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"documents"'
        )
        took, _ = _closed_within(s, 5)
    assert took < 3


def test_a_trickled_body_is_closed_at_its_deadline(tight: int):
    # one byte every 0.1 s keeps the connection busy but never finishes within 0.5 s
    with socket.create_connection(("127.0.0.1", tight)) as s:
        s.sendall(
            b"POST /api/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
        )
        start = time.monotonic()
        with pytest.raises(OSError):
            while time.monotonic() - start < 5:
                s.sendall(b" ")
                time.sleep(0.1)
                s.settimeout(0.01)
                try:
                    if s.recv(1) == b"":
                        raise ConnectionResetError("closed")
                except TimeoutError:
                    pass
        assert time.monotonic() - start < 3


def test_keep_alive_requests_still_work(tight: int):
    with socket.create_connection(("127.0.0.1", tight), timeout=5) as s:
        for _ in range(3):
            s.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            data = s.recv(65536)
            while b"\r\n\r\n" not in data or not data.endswith(b"}"):
                data += s.recv(65536)
            assert data.startswith(b"HTTP/1.1 200")
            time.sleep(0.3)  # idle less than the keep-alive time, but in sum over 0.5 s


def test_connections_beyond_the_cap_get_503():
    limits = ServerLimits(header_timeout_s=30, max_connections=5)
    for port in _run(create_app(), limits):
        held = [socket.create_connection(("127.0.0.1", port)) for _ in range(5)]
        try:
            time.sleep(0.2)
            with socket.create_connection(("127.0.0.1", port)) as extra:
                _, data = _closed_within(extra, 5)
            assert data.startswith(b"HTTP/1.1 503")
            assert json.loads(data.partition(b"\r\n\r\n")[2])["error"] == "server_busy"
        finally:
            for s in held:
                s.close()
        time.sleep(0.3)
        assert _get(port, "/api/health")[0] == 200  # the slots come back


def _rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_unfinished_big_bodies_do_not_grow_memory():
    # 12 clients each send 7.5 MB of an 8 MB body and stop: without a cap on bodies being read
    # the server would hold 90 MB; with 16 MB for all of them the rest are refused at once
    limits = Limits(max_body_bytes=8_000_000, max_pending_body_bytes=16_000_000)
    for port in _run(create_app(limits), ServerLimits(body_timeout_s=30)):
        before = _rss()
        chunk = b"x" * 500_000
        socks, refused = [], 0
        for _ in range(12):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(
                b"POST /api/summarize HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: 8000000\r\n\r\n"
            )
            try:
                for _ in range(15):
                    s.sendall(chunk)
            except OSError:
                pass
            socks.append(s)
        time.sleep(1)
        grown = _rss() - before
        for s in socks:
            s.settimeout(0.5)
            try:
                if s.recv(65536).startswith(b"HTTP/1.1 503"):
                    refused += 1
            except OSError:
                pass
            s.close()
        assert refused >= 9, refused
        assert grown < 45_000_000, f"the server grew by {grown / 1e6:.0f} MB"


# -- 14. serve: bind before the banner; warn off loopback -----------------------------------
def _serve_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "storybrief.cli", "serve", "--log-level", "warning", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "src")}


def test_serve_on_a_taken_port_fails_before_its_banner():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = subprocess.run(
            _serve_cmd("--port", str(port)), capture_output=True, text=True, timeout=60, env=_env()
        )
    assert run.returncode == 3
    assert "cannot listen on 127.0.0.1" in run.stderr
    assert "storybrief web app on" not in run.stderr
    assert "Traceback" not in run.stderr


def _start(*args: str) -> tuple[subprocess.Popen, list[str], int]:
    proc = subprocess.Popen(
        _serve_cmd(*args), stderr=subprocess.PIPE, text=True, env=_env(), stdout=subprocess.DEVNULL
    )
    lines: list[str] = []
    assert proc.stderr is not None
    for line in proc.stderr:
        lines.append(line)
        if "storybrief web app on" in line:
            return proc, lines, int(line.split("http://")[1].split("/")[0].rsplit(":", 1)[1])
    proc.kill()
    raise AssertionError("".join(lines))


def test_serve_off_loopback_warns_and_takes_allowed_hosts():
    proc, lines, port = _start("--host", "0.0.0.0", "--port", "0", "--allowed-host", "box.example")
    try:
        text = "".join(lines)
        assert "warning:" in text and "no authentication" in text
        time.sleep(0.5)
        assert _get(port, "/api/health", host=f"box.example:{port}")[0] == 200
        assert _get(port, "/api/health", host=f"localhost:{port}")[0] == 200
        assert _get(port, "/api/health", host="evil.example")[0] == 400
    finally:
        proc.terminate()
        proc.wait(20)


def test_serve_on_loopback_does_not_warn():
    proc, lines, port = _start("--port", "0")
    try:
        assert "warning" not in "".join(lines)
        assert _get(port, "/api/health", host="evil.example")[0] == 400
    finally:
        proc.terminate()
        proc.wait(20)
