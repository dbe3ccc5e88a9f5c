"""Bounded load test of the web server (``storybrief serve``) on loopback only.

Starts the server in a subprocess on 127.0.0.1 (a free port, niced), sends a fixed number of
requests with a fixed concurrency, and stops by itself (at the request count or the time
limit, whichever comes first).  The mix: the built-in example as JSON (small), the example
plus generated articles (medium), 40 generated articles (large), the example files as a
multipart upload, and a few malformed requests that must get a 4xx JSON error.

Records p50/p95/p99 latency, requests/s, errors and the server's RSS before the load (after
one warm-up request), its peak during the load, and after the load plus an idle period.

    python benchmarks/load.py                      # 500 requests, concurrency 16
    python benchmarks/load.py -n 200 -c 8 --json benchmarks/out/load.json
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HOST = "127.0.0.1"  # loopback only, by design

WORDS = (
    "port bridge barge council river traffic engineers inspection freight closure mayor "
    "officials repair pier tug storm wheat shipping trucks commuters ferry crossing budget "
    "damage safety divers agency governor detour schedule cargo"
).split()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def example_docs() -> list[dict]:
    from storybrief.web.app import _example_documents

    return _example_documents()


def make_payloads(rng: random.Random) -> dict[str, list[tuple[str, bytes, str]]]:
    """Request kinds -> list of (content-type, body, expected status class)."""
    from storybrief.cli import example_path

    ex = example_docs()
    sentences = [
        s.strip().rstrip(".") + "."
        for d in ex
        for s in d["text"].replace("\n", " ").split(". ")
        if len(s.split()) > 5
    ]

    def gen_doc(n: int) -> str:
        out = []
        for _ in range(n):
            if rng.random() < 0.3:  # some shared sentences, so grouping has work to do
                out.append(rng.choice(sentences))
            else:
                k = rng.randint(8, 25)
                out.append(" ".join(rng.choice(WORDS) for _ in range(k)).capitalize() + ".")
        return " ".join(out)

    def js(docs: list, **kw) -> tuple[str, bytes, str]:
        return ("application/json", json.dumps({"documents": docs, **kw}).encode(), "2xx")

    small = [js(ex, max_words=rng.randint(40, 160)) for _ in range(8)]
    medium = [js(ex + [gen_doc(15) for _ in range(6)], max_words=120) for _ in range(6)]
    large = [js([gen_doc(30) for _ in range(40)], max_words=200) for _ in range(4)]
    boundary = uuid.uuid4().hex
    parts = []
    for p in sorted(example_path().iterdir()):
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="documents"; '
            f'filename="{p.name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            + p.read_bytes()
            + b"\r\n"
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="max_words"\r\n\r\n100\r\n'
        f"--{boundary}--\r\n".encode()
    )
    upload = [(f"multipart/form-data; boundary={boundary}", b"".join(parts), "2xx")]
    bad = [
        ("application/json", b"{not json", "4xx"),
        ("application/json", b'{"documents": []}', "4xx"),
        ("application/json", b'{"documents": ["a"], "method": "nope"}', "4xx"),
    ]
    return {"small": small, "medium": medium, "large": large, "upload": upload, "bad": bad}


MIX = [("small", 0.55), ("medium", 0.2), ("large", 0.1), ("upload", 0.1), ("bad", 0.05)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-n", "--requests", type=int, default=500)
    ap.add_argument("-c", "--concurrency", type=int, default=16)
    ap.add_argument("--max-seconds", type=float, default=150.0, help="stop sending after this")
    ap.add_argument("--idle", type=float, default=5.0, help="idle seconds before 'after' RSS")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument(
        "--no-release",
        action="store_true",
        help="turn off the server's gc + malloc_trim after a burst (for comparison)",
    )
    args = ap.parse_args()

    rng = random.Random(args.seed)
    payloads = make_payloads(rng)
    kinds = [k for k, _ in MIX]
    plan = rng.choices(kinds, weights=[w for _, w in MIX], k=args.requests)

    port = free_port()
    cmd = [
        sys.executable,
        "-c",
        (
            "import storybrief.web.limits as w; w._release_memory = lambda: None; "
            if args.no_release
            else ""
        )
        + "from storybrief.cli import main; main()",
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(cmd, preexec_fn=lambda: os.nice(10))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                c = http.client.HTTPConnection(HOST, port, timeout=5)
                c.request("GET", "/api/health")
                if c.getresponse().status == 200:
                    c.close()
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                print("server did not start", file=sys.stderr)
                return 1
            time.sleep(0.2)

        local = threading.local()

        def send(kind: str) -> tuple[str, float, int, bool]:
            ctype, body, expect = rng.choice(payloads[kind])
            conn = getattr(local, "conn", None)
            if conn is None:
                conn = local.conn = http.client.HTTPConnection(HOST, port, timeout=60)
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/api/summarize", body=body, headers={"Content-Type": ctype})
                resp = conn.getresponse()
                data = resp.read()
                status = resp.status
                ok = (status < 300) if expect == "2xx" else (400 <= status < 500)
                ok = ok and isinstance(json.loads(data), dict)
            except (OSError, http.client.HTTPException, ValueError):
                local.conn = None
                status, ok = 0, False
            return kind, time.perf_counter() - t0, status, ok

        for kind in kinds:  # warm-up: imports and first use of every code path
            send(kind)
        time.sleep(args.idle)
        rss_before = rss_mb(server.pid)
        peak = [rss_before]
        stop = threading.Event()

        def monitor() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], rss_mb(server.pid))
                stop.wait(0.1)

        mon = threading.Thread(target=monitor, daemon=True)
        mon.start()
        results: list[tuple[str, float, int, bool]] = []
        t_start = time.perf_counter()
        end_by = time.monotonic() + args.max_seconds
        with ThreadPoolExecutor(args.concurrency) as pool:
            futures = []
            for kind in plan:
                if time.monotonic() > end_by:
                    break
                futures.append(
                    pool.submit(lambda k=kind: send(k) if time.monotonic() < end_by else None)
                )
            for f in futures:
                r = f.result()
                if r is not None:
                    results.append(r)
        wall = time.perf_counter() - t_start
        stop.set()
        mon.join()
        rss_end = rss_mb(server.pid)
        time.sleep(args.idle)
        rss_after = rss_mb(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()

    lat = sorted(r[1] * 1000 for r in results)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))] if lat else float("nan")

    by_kind = {}
    for kind in kinds:
        ks = sorted(r[1] * 1000 for r in results if r[0] == kind)
        if ks:
            by_kind[kind] = {
                "n": len(ks),
                "p50_ms": round(statistics.median(ks), 1),
                "max_ms": round(ks[-1], 1),
            }
    out = {
        "requests": len(results),
        "concurrency": args.concurrency,
        "wall_s": round(wall, 2),
        "requests_per_s": round(len(results) / wall, 1) if wall else None,
        "p50_ms": round(pct(50), 1),
        "p95_ms": round(pct(95), 1),
        "p99_ms": round(pct(99), 1),
        "errors": sum(1 for r in results if not r[3]),
        "status_counts": {
            str(s): sum(1 for r in results if r[2] == s) for s in sorted({r[2] for r in results})
        },
        "by_kind": by_kind,
        "rss_mb": {
            "before": round(rss_before, 1),
            "peak_during": round(peak[0], 1),
            "end_of_load": round(rss_end, 1),
            f"after_{args.idle:g}s_idle": round(rss_after, 1),
        },
    }
    print(json.dumps(out, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2) + "\n")
    return 0 if out["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
