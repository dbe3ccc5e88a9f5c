"""The polite, bounded fetcher against a real server on 127.0.0.1 serving every fault: 304s,
error statuses, retries, timeouts and slow bodies, redirect loops, a 200 MB body, a gzip
bomb, wrong content types (storybrief.follow.fetch)."""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest
from follow_server import Site, send, stream

from storybrief.follow import USER_AGENT, Fetcher, FetchError, FetchLimits

LIMITS = FetchLimits(
    connect_timeout=2,
    read_timeout=1,
    total_timeout=3,
    retries=2,
    backoff=0.05,
    max_retry_wait=2,
    per_host_interval=0,
)


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(LIMITS) as f:
        yield f


def _error(fetcher: Fetcher, url: str, kind: str = "page") -> FetchError:
    with pytest.raises(FetchError) as err:
        fetcher.get(url, kind, trusted=True)
    assert "\n" not in err.value.reason and "Traceback" not in err.value.reason
    return err.value


def test_conditional_get_costs_one_304(site: Site, fetcher: Fetcher) -> None:
    url = site.serve(
        "/feed.xml",
        "<rss version='2.0'><channel><title>x</title></channel></rss>",
        content_type="application/rss+xml",
        etag='"abc"',
        last_modified="Mon, 02 Nov 2026 06:40:00 GMT",
    )
    first = fetcher.get(url, "feed", trusted=True)
    assert first.status == 200 and first.etag == '"abc"'
    second = fetcher.get(
        url, "feed", trusted=True, etag=first.etag, last_modified=first.last_modified
    )
    assert second.status == 304 and second.body == b"" and second.requests == 1
    sent = site.hits[-1].headers
    assert sent["if-none-match"] == '"abc"'
    assert sent["if-modified-since"] == "Mon, 02 Nov 2026 06:40:00 GMT"
    assert sent["user-agent"] == USER_AGENT and USER_AGENT.startswith("storybrief/")


@pytest.mark.parametrize("status", [404, 410, 403])
def test_client_errors_are_not_retried(site: Site, fetcher: Fetcher, status: int) -> None:
    url = site.serve("/gone", "no", status=status)
    err = _error(fetcher, url)
    assert err.status == status and err.reason.startswith(f"HTTP {status} ")
    assert site.count("/gone") == 1


def test_server_errors_are_retried_with_backoff_then_reported(site: Site, fetcher: Fetcher) -> None:
    url = site.serve("/broken", "oops", status=500)
    err = _error(fetcher, url)
    assert site.count("/broken") == 3  # one try and two retries
    assert err.reason == "HTTP 500 Internal Server Error (after 3 attempts)"
    gaps = [b.started - a.started for a, b in zip(site.hits, site.hits[1:], strict=False)]
    assert gaps[0] >= 0.05 and gaps[1] >= 0.1  # exponential backoff


def test_retry_after_is_honoured_within_its_cap(site: Site, fetcher: Fetcher) -> None:
    answers = iter([503, 200])

    def flaky(req):  # type: ignore[no-untyped-def]
        if next(answers) == 503:
            send(req, 503, b"busy", {"Retry-After": "1"})
        else:
            send(req, 200, b"<html><body><p>ok</p></body></html>", {"Content-Type": "text/html"})

    url = site.handle("/flaky", flaky)
    start = time.monotonic()
    result = fetcher.get(url, "page", trusted=True)
    assert result.status == 200 and result.requests == 2
    assert time.monotonic() - start >= 0.95
    long = site.serve("/later", "busy", status=429, headers={"Retry-After": "3600"})
    err = _error(fetcher, long)
    assert site.count("/later") == 1 and err.retry_after == 3600
    assert "retry after 3600 s" in err.reason


def test_read_timeout(site: Site) -> None:
    def silent(req):  # type: ignore[no-untyped-def]
        time.sleep(2.5)

    url = site.handle("/silent", silent)
    with Fetcher(FetchLimits(read_timeout=0.5, total_timeout=5, retries=0)) as fetcher:
        start = time.monotonic()
        err = _error(fetcher, url)
    assert err.kind == "timeout" and err.reason == "no data for 0.5 s"
    assert time.monotonic() - start < 2


def test_slow_body_hits_the_total_timeout(site: Site) -> None:
    """One byte every 0.2 s never trips the read timeout; the total time limit ends it."""

    def drip(req):  # type: ignore[no-untyped-def]
        stream(req, (b"<p>" for _ in range(1000)), {"Content-Type": "text/html"}, delay=0.2)

    url = site.handle("/drip", drip)
    with Fetcher(FetchLimits(read_timeout=1, total_timeout=1.5, retries=0)) as fetcher:
        start = time.monotonic()
        err = _error(fetcher, url)
    assert err.kind == "timeout" and err.reason == "took longer than 1.5 s in all"
    assert time.monotonic() - start < 2.5


def test_slow_headers_hit_the_total_timeout(site: Site) -> None:
    def slow_headers(req):  # type: ignore[no-untyped-def]
        req.wfile.write(b"HTTP/1.1 200 OK\r\n")
        for _ in range(100):
            req.wfile.write(b"X-Pad: 1\r\n")
            req.wfile.flush()
            time.sleep(0.2)

    url = site.handle("/headers", slow_headers)
    with Fetcher(FetchLimits(read_timeout=1, total_timeout=1.5, retries=0)) as fetcher:
        start = time.monotonic()
        err = _error(fetcher, url)
    assert err.kind == "timeout" and time.monotonic() - start < 2.5


def test_redirects_loops_and_limits(site: Site, fetcher: Fetcher) -> None:
    site.serve("/a", status=301, headers={"Location": "/b"})
    site.serve("/b", status=302, headers={"Location": site.url("/a")})
    err = _error(fetcher, site.url("/a"))
    assert err.kind == "redirect" and err.reason.startswith("redirect loop: ")
    assert site.count("/a") == 1 and site.count("/b") == 1
    for i in range(8):
        site.serve(f"/r{i}", status=307, headers={"Location": f"/r{i + 1}"})
    err = _error(fetcher, site.url("/r0"))
    assert err.reason == "more than 5 redirects" and site.count("/r6") == 0
    site.serve("/ftp", status=301, headers={"Location": "ftp://files.example/x"})
    assert _error(fetcher, site.url("/ftp")).reason.startswith("not an http(s) address")
    site.serve("/ok", "<html><body><p>here</p></body></html>", content_type="text/html")
    site.serve("/moved", status=308, headers={"Location": "/ok"})
    result = fetcher.get(site.url("/moved"), "page", trusted=True)
    assert result.url == site.url("/ok") and result.requests == 2


def _zeros(total: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    block = b"\0" * chunk
    for _ in range(total // chunk):
        yield block


def test_a_200_mb_body_is_refused_without_reading_it_into_memory(
    site: Site, fetcher: Fetcher
) -> None:
    def endless(req):  # type: ignore[no-untyped-def]
        stream(req, _zeros(200 << 20), {"Content-Type": "text/html"})

    def announced(req):  # type: ignore[no-untyped-def]
        req.send_response(200)
        req.send_header("Content-Type", "text/html")
        req.send_header("Content-Length", str(200 << 20))
        req.end_headers()
        for block in _zeros(200 << 20):
            req.wfile.write(block)

    tracemalloc.start()
    try:
        err = _error(fetcher, site.handle("/big", endless))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.kind == "size" and err.reason == "larger than 5,000,000 bytes"
    assert peak < 40_000_000  # a few copies of the 5 MB cap at most, never the 200 MB
    err = _error(fetcher, site.handle("/big-announced", announced))
    assert err.reason == f"larger than 5,000,000 bytes (Content-Length {200 << 20:,})"


def _gzip_bomb(size: int) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [z.compress(block) for block in _zeros(size)]
    return b"".join(parts) + z.flush()


def test_a_gzip_bomb_is_refused_after_the_cap(site: Site, fetcher: Fetcher) -> None:
    bomb = _gzip_bomb(128 << 20)  # 128 MiB of zeros in about 130 KB
    assert len(bomb) < 200_000
    url = site.serve(
        "/bomb", bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    tracemalloc.start()
    try:
        err = _error(fetcher, url)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.kind == "size" and "after decompression (a compression bomb?)" in err.reason
    assert peak < 40_000_000


def test_gzip_and_deflate_bodies_are_decoded(site: Site, fetcher: Fetcher) -> None:
    html = b"<html><body><p>" + "Grüße aus Port Ellery. ".encode() * 200 + b"</p></body></html>"
    bodies = {
        "gzip": gzip.compress(html),
        "deflate": zlib.compress(html),
        "raw-deflate": zlib.compress(html)[2:-4],  # deflate without its zlib wrapper
        "two-members": gzip.compress(html[:100]) + gzip.compress(html[100:]),
    }
    for name, body in bodies.items():
        encoding = "gzip" if name in ("gzip", "two-members") else "deflate"
        url = site.serve(
            f"/{name}", body, headers={"Content-Type": "text/html", "Content-Encoding": encoding}
        )
        assert fetcher.get(url, "page", trusted=True).body == html, name
    bad = site.serve("/bad-gzip", b"not gzip at all", headers={"Content-Encoding": "gzip"})
    assert _error(fetcher, bad).kind == "encoding"
    br = site.serve("/br", b"\x1b\x00", headers={"Content-Encoding": "br"})
    assert _error(fetcher, br).reason == "unsupported content encoding br"


def test_content_types_are_checked(site: Site, fetcher: Fetcher) -> None:
    png = site.serve("/pic", b"\x89PNG\r\n", content_type="image/png")
    assert _error(fetcher, png).reason == "not a web page: served as image/png"
    assert _error(fetcher, png, "feed").reason == "not a feed: served as image/png"
    pdf = site.serve("/doc", b"%PDF-1.4", content_type="application/pdf")
    assert _error(fetcher, pdf).kind == "type"
    # what a page or a feed may be served as
    xml = site.serve("/feed", b"<rss/>", content_type="text/xml; charset=utf-8")
    assert fetcher.get(xml, "feed", trusted=True).charset == "utf-8"
    plain = site.serve("/plain", b"just text", content_type="text/plain")
    assert fetcher.get(plain, "page", trusted=True).content_type == "text/plain"
    assert _error(fetcher, xml, "page").reason == "not a web page: served as text/xml"


def test_network_errors_are_retried_then_reported(fetcher: Fetcher) -> None:
    closed = Site()
    url = closed.url("/feed.xml")
    closed.close()  # nothing listens on that port any more
    err = _error(fetcher, url)
    assert err.kind == "network" and err.attempts == 3 and err.reason.endswith("(after 3 attempts)")


def test_per_host_concurrency_and_rate(site: Site) -> None:
    def slow(req):  # type: ignore[no-untyped-def]
        time.sleep(0.3)
        send(req, 200, b"<html><body><p>slow</p></body></html>", {"Content-Type": "text/html"})

    for i in range(6):
        site.handle(f"/p{i}", slow)
    limits = FetchLimits(per_host_connections=2, per_host_interval=0.1, workers=6)
    with Fetcher(limits) as fetcher:
        threads = [
            threading.Thread(
                target=fetcher.get, args=(site.url(f"/p{i}"), "page"), kwargs={"trusted": True}
            )
            for i in range(6)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(site.hits) == 6 and site.max_active == 2
    starts = sorted(h.started for h in site.hits)
    assert all(b - a >= 0.09 for a, b in zip(starts, starts[1:], strict=False))
