"""Speed of following feeds (issue 19): fetch, parse and extract, before any store.

    python benchmarks/follow_speed.py                    # the fetcher's default politeness
    python benchmarks/follow_speed.py --interval 0       # no per-host rate limit

100 local feeds of 20 items each, every item linking to its article page, all served by a
separate server process: one ``http.server`` per feed on its own loopback address
(127.0.1.1 ... 127.0.1.100, so the per-host limits apply as they would to 100 outlets).  Each
feed is RSS 2.0 with an ETag; each page is an HTML document with navigation, a footer and the
article's paragraphs, the article text taken from the 690 raw web articles of
``../shared/data/stories/multinews_validation_raw_stream.jsonl.gz`` (mean 1,737 words, cycled;
the project's three fictional test stories when the data is absent).

Two polls with one :class:`storybrief.follow.Follower` (8 workers): the first takes every item
(100 feed requests, 2,000 pages, 100 robots.txt), the second sends the ETags back and gets
100 304s.  Reported for each: wall time, the client's CPU time (the server runs in another
process), HTTP requests made (the follower's count, checked against the server's), articles,
articles/s (wall), and the client's peak resident memory.

Results: printed as Markdown, and ``benchmarks/out/follow_speed.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing as mp
import platform
import resource
import sys
import threading
import time
from datetime import UTC, datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
STREAM = REPO.parent / "shared" / "data" / "stories" / "multinews_validation_raw_stream.jsonl.gz"
OUT = REPO / "benchmarks" / "out"
FEEDS, ITEMS = 100, 20


def texts() -> tuple[list[str], str]:
    if STREAM.is_file():
        with gzip.open(STREAM, "rt", encoding="utf-8") as f:
            out = [json.loads(line)["text"] for line in f if line.strip()]
        return out, f"{len(out)} raw web articles of {STREAM.name}"
    sys.path.insert(0, str(REPO / "tests"))
    from follow_docs import STORIES

    return ["\n".join(s.paragraphs) for s in STORIES], "the 3 fictional test stories"


def page(title: str, text: str, outlet: str) -> bytes:
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in text.split("\n") if p.strip())
    nav = " | ".join(
        f'<a href="/{s}">{s.title()}</a>' for s in ("news", "world", "sport", "weather", "opinion")
    )
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)} | {outlet}</title>'
        f'<meta property="article:published_time" content="2026-11-02T06:40:00Z"></head><body>'
        f"<header><nav>{nav}</nav></header><main><article><h1>{escape(title)}</h1>{paras}"
        f"</article></main><aside><h2>Most read</h2><ul><li><a href='/x'>Another story</a></li></ul>"
        f"</aside><footer><p>Copyright 2026 {outlet}. All rights reserved.</p></footer></body></html>"
    ).encode()


def feed(host: str, port: int, n: int, titles: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{escape(t)}</title><link>http://{host}:{port}/a/{k}.html</link>"
        f'<guid isPermaLink="true">http://{host}:{port}/a/{k}.html</guid>'
        f"<pubDate>Mon, 02 Nov 2026 {k % 24:02d}:{n % 60:02d}:00 GMT</pubDate>"
        f"<description>{escape(t)}.</description></item>"
        for k, t in enumerate(titles)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Outlet {n}</title>'
        f"<link>http://{host}:{port}/</link><description>news</description>{items}</channel></rss>"
    ).encode()


def serve(ready: Any, stop: Any, counts: Any, feeds: int = FEEDS) -> None:
    """The server process: one threaded server per feed, on its own loopback address."""
    bodies, _ = texts()
    servers = []
    lock = threading.Lock()

    def handler_for(content: dict[str, bytes]) -> type[BaseHTTPRequestHandler]:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                with lock:
                    counts.value += 1
                body = content.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if self.path == "/feed.xml" and self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304)
                    self.send_header("ETag", '"v1"')
                    self.end_headers()
                    return
                self.send_response(200)
                kind = (
                    "application/rss+xml"
                    if self.path == "/feed.xml"
                    else "text/html; charset=utf-8"
                )
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if self.path == "/feed.xml":
                    self.send_header("ETag", '"v1"')
                self.end_headers()
                self.wfile.write(body)

        return Handler

    ports = []
    for n in range(feeds):
        host = f"127.0.1.{n + 1}"
        content: dict[str, bytes] = {}
        srv = ThreadingHTTPServer((host, 0), handler_for(content))
        srv.daemon_threads = True
        port = srv.server_address[1]
        titles = []
        for k in range(ITEMS):
            text = bodies[(n * ITEMS + k) % len(bodies)]
            title = " ".join(text.split()[:10]) or f"Story {k}"
            titles.append(title)
            content[f"/a/{k}.html"] = page(title, text, f"Outlet {n}")
        content["/feed.xml"] = feed(host, port, n, titles)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        ports.append(f"http://{host}:{port}/feed.xml")
    ready.put(ports)
    stop.wait()
    for srv in servers:
        srv.shutdown()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--interval",
        type=float,
        default=None,
        help="per-host seconds between requests (default: the fetcher's)",
    )
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--feeds", type=int, default=FEEDS, help="feeds (at most 250)")
    args = parser.parse_args()
    from storybrief.follow import FetchLimits, Follower

    defaults = FetchLimits()
    limits = FetchLimits(
        per_host_interval=defaults.per_host_interval if args.interval is None else args.interval,
        workers=args.workers or defaults.workers,
    )
    _, source = texts()
    ctx = mp.get_context("spawn")
    ready, stop, counts = ctx.Queue(), ctx.Event(), ctx.Value("i", 0)
    server = ctx.Process(target=serve, args=(ready, stop, counts, args.feeds), daemon=True)
    server.start()
    urls = ready.get(timeout=120)
    rows = []
    try:
        with Follower(limits) as follower:
            state: dict[str, Any] = {}
            for name in ("first poll", "second poll (all 304)"):
                before_req, before_srv = follower.requests, counts.value
                wall, cpu = time.perf_counter(), time.process_time()
                articles, state, outcomes = follower.poll(urls, state)
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                statuses: dict[str, int] = {}
                for o in outcomes:
                    statuses[o.status] = statuses.get(o.status, 0) + 1
                from_page = sum(1 for a in articles if a["text_from"] == "page")
                rows.append(
                    {
                        "poll": name,
                        "wall_s": round(wall, 2),
                        "cpu_s": round(cpu, 2),
                        "requests": follower.requests - before_req,
                        "server_requests": counts.value - before_srv,
                        "articles": len(articles),
                        "from_page": from_page,
                        "articles_per_s": round(len(articles) / wall, 1) if wall else 0.0,
                        "feeds": statuses,
                        "peak_rss_mb": round(peak_rss_mb(), 1),
                    }
                )
    finally:
        stop.set()
        server.join(timeout=10)
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {mp.cpu_count()} cores, Python {platform.python_version()}",
        "pages": source,
        "limits": {
            "per_host_interval": limits.per_host_interval,
            "per_host_connections": limits.per_host_connections,
            "workers": limits.workers,
        },
        "rows": rows,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "follow_speed.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"{args.feeds} feeds x {ITEMS} items, pages from {source}; {result['machine']}; {result['date']}"
    )
    print(f"limits: {result['limits']}\n")
    print(
        "| poll | wall s | client CPU s | requests (server saw) | articles (page text) | articles/s | feeds | peak RSS MB |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        feeds = ", ".join(f"{v} {k}" for k, v in r["feeds"].items())
        print(
            f"| {r['poll']} | {r['wall_s']} | {r['cpu_s']} | {r['requests']} ({r['server_requests']}) "
            f"| {r['articles']} ({r['from_page']}) | {r['articles_per_s']} | {feeds} | {r['peak_rss_mb']} |"
        )


if __name__ == "__main__":
    main()
