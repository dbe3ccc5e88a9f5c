"""Soak test of ``storybrief serve``: many mixed good and hostile requests, on loopback only.

Starts the server in a subprocess (``python -m storybrief.cli serve``, niced, a free port on
127.0.0.1, ``--max-body-bytes 1000000``, no ``--save-db``), sends ``-n`` requests (default
10,000) from ``-c`` keep-alive connections, about half well-formed and half malformed, and
checks every answer against the status and error code it must get.  It stops by itself.

Records: wrong answers ("errors": an unexpected status or error code, a 5xx, a body that is
not JSON, a dropped connection, a timeout), latency p50/p95/p99 (all, good summaries, bad
requests), and the server's memory (VmRSS from /proc): at start (ready, no request yet),
after the warm-up (the first 5% of requests), every 5% during the run, at the end, and after
an idle period; plus the peak (VmHWM).  "Flat" means the end is within a few MB of the
warm-up figure and the samples do not climb with the request count.

    nice -n 10 python benchmarks/soak.py                 # 10,000 requests, 4 connections
    python benchmarks/soak.py -n 500 --json benchmarks/out/soak.json
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
from dataclasses import dataclass, replace
from pathlib import Path

HOST = "127.0.0.1"  # loopback only, by design
MAX_BODY = 1_000_000

WORDS = (
    "port bridge barge council river traffic engineers inspection freight closure mayor "
    "officials repair pier tug storm wheat shipping trucks commuters ferry crossing budget "
    "damage safety divers agency governor detour schedule cargo"
).split()


@dataclass(frozen=True)
class Req:
    kind: str
    method: str
    path: str
    body: bytes
    ctype: str | None
    expect: tuple[int, str | None]  # status, error code (None: 200 or any code)
    good: bool
    raw: bytes | None = None  # sent as is on a fresh socket (malformed HTTP)


DAYS = "Monday Tuesday Wednesday Thursday Friday".split()


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def proc_status(pid: int, key: str) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def multipart(parts: list[tuple[str, str | None, bytes]], cut: bool = False) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = b""
    for name, filename, data in parts:
        disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{boundary}\r\nContent-Disposition: {disp}\r\n\r\n".encode() + data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    if cut:
        out = out[: len(out) * 2 // 3]
    return out, f"multipart/form-data; boundary={boundary}"


class Mix:
    """Draws requests: well-formed ones (must get 200) and hostile ones (must get the
    documented 4xx error)."""

    def __init__(self, seed: int):
        from storybrief.cli import example_path
        from storybrief.web.app import _example_documents

        self.rng = random.Random(seed)
        self.example = [{"text": d["text"], "title": d.get("title")} for d in _example_documents()]
        folder = example_path()
        self.files = [(p.name, p.read_bytes()) for p in sorted(folder.iterdir()) if p.is_file()]
        self.sentences = [
            s.strip().rstrip(".") + "."
            for d in self.example
            for s in d["text"].replace("\n", " ").split(". ")
            if len(s.split()) > 5
        ]
        kinds = [
            # (weight, name, builder)
            (20, "good_json_example", self.good_json_example),
            (14, "good_json_generated", self.good_json_generated),
            (8, "good_multipart", self.good_multipart),
            (4, "good_get", self.good_get),
            (4, "good_odd_unicode", self.good_odd_unicode),
            (
                4,
                "bad_json_syntax",
                lambda: self.json_raw(b'{"documents": ["a",', 422, "invalid_json"),
            ),
            (
                2,
                "bad_json_nested",
                lambda: self.json_raw(b"[" * 50_000 + b"]" * 50_000, 422, "invalid_json"),
            ),
            (3, "bad_not_object", lambda: self.json_body([1, 2], 422, "invalid_request")),
            (3, "bad_types", self.bad_types),
            (
                3,
                "bad_unknown_field",
                lambda: self.json_body({"documents": ["a"], "colour": 1}, 422, "invalid_request"),
            ),
            (
                3,
                "bad_method",
                lambda: self.json_body(
                    {"documents": self.example, "method": "magic"}, 422, "unknown_method"
                ),
            ),
            (
                2,
                "bad_max_words",
                lambda: self.json_body(
                    {"documents": self.example, "max_words": 5000}, 422, "max_words_too_large"
                ),
            ),
            (
                3,
                "bad_budget",
                lambda: self.json_body(
                    {"documents": self.example, "max_words": 1}, 422, "budget_too_small"
                ),
            ),
            (2, "bad_no_documents", lambda: self.json_body({"documents": []}, 422, "no_documents")),
            (
                3,
                "bad_boilerplate",
                lambda: self.json_body(
                    {"documents": ["Share\nAdvertisement", " "]}, 422, "nothing_to_summarize"
                ),
            ),
            (
                2,
                "bad_too_many",
                lambda: self.json_body({"documents": ["a b c."] * 101}, 413, "too_many_documents"),
            ),
            (
                1,
                "bad_too_long",
                lambda: self.json_body({"documents": ["word " * 40_001]}, 413, "document_too_long"),
            ),
            (
                1,
                "bad_body_too_large",
                lambda: self.json_raw(
                    b'{"documents": ["' + b"x" * (MAX_BODY + 10) + b'"]}', 413, "body_too_large"
                ),
            ),
            (2, "bad_binary_upload", self.bad_binary_upload),
            (2, "bad_file_type", self.bad_file_type),
            (3, "bad_cut_multipart", self.bad_cut_multipart),
            (
                2,
                "bad_media_type",
                lambda: Req(
                    "bad_media_type",
                    "POST",
                    "/api/summarize",
                    b"hello",
                    "text/plain",
                    (415, "unsupported_media_type"),
                    False,
                ),
            ),
            (2, "bad_random_bytes", self.bad_random_bytes),
            (
                2,
                "bad_path",
                lambda: Req(
                    "bad_path",
                    "GET",
                    f"/api/{uuid.uuid4().hex[:8]}",
                    b"",
                    None,
                    (404, "not_found"),
                    False,
                ),
            ),
            (
                2,
                "bad_verb",
                lambda: Req(
                    "bad_verb",
                    "GET",
                    "/api/summarize",
                    b"",
                    None,
                    (405, "method_not_allowed"),
                    False,
                ),
            ),
            (
                2,
                "bad_saved_id",
                lambda: Req(
                    "bad_saved_id",
                    "GET",
                    "/api/saved/99999999999999999999999",
                    b"",
                    None,
                    (404, "save_disabled"),
                    False,
                ),
            ),
            (2, "bad_content_length", self.bad_content_length),
        ]
        self.weights = [w for w, _, _ in kinds]
        self.kinds = [(name, b) for _, name, b in kinds]

    def draw(self) -> Req:
        name, build = self.rng.choices(self.kinds, self.weights)[0]
        return replace(build(), kind=name)

    # -- well-formed -------------------------------------------------------------------------
    def _generated(self, n: int) -> str:
        out = []
        for _ in range(n):
            if self.rng.random() < 0.3:
                out.append(self.rng.choice(self.sentences))
            else:  # a made-up news sentence (function words included: word salad would be
                # dropped by the cleaner as a tag list, rightly)
                w = [self.rng.choice(WORDS) for _ in range(5)]
                out.append(
                    f"The {w[0]} {w[1]} said on {self.rng.choice(DAYS)} that the {w[2]} of the "
                    f"{w[3]} would cost {self.rng.randint(2, 900)} million for the {w[4]}."
                )
        return " ".join(out)

    def json_body(self, obj: object, status: int, code: str | None, kind: str | None = None) -> Req:
        good = status == 200
        name = kind or ("good" if good else "bad")
        return Req(
            name,
            "POST",
            "/api/summarize",
            json.dumps(obj).encode(),
            "application/json",
            (status, code),
            good,
        )

    def json_raw(self, body: bytes, status: int, code: str) -> Req:
        return Req("bad", "POST", "/api/summarize", body, "application/json", (status, code), False)

    def good_json_example(self) -> Req:
        method = self.rng.choice(["default", "default", "lead", "lexrank", "centroid", "hybrid"])
        body = {"documents": self.example, "max_words": self.rng.randint(40, 150), "method": method}
        return self.json_body(body, 200, None, "good_json_example")

    def good_json_generated(self) -> Req:
        docs = [self._generated(self.rng.randint(3, 15)) for _ in range(self.rng.randint(2, 6))]
        return self.json_body(
            {"documents": docs, "max_words": 100}, 200, None, "good_json_generated"
        )

    def good_odd_unicode(self) -> Req:
        text = "The bridge \u202eclosed\u202c on Monday after a barge struck it, officials said. \U0001f309 "
        text += "Engineers will inspect the pier\u200b this week before any decision. 日本語の文。"
        body = (
            '{"documents": ["'
            + json.dumps(text)[1:-1]
            + ' \\ud800", '
            + json.dumps(self.example[0])
            + "]}"
        )
        return Req(
            "good_odd_unicode",
            "POST",
            "/api/summarize",
            body.encode(),
            "application/json",
            (200, None),
            True,
        )

    def good_multipart(self) -> Req:
        chosen = self.rng.sample(self.files, k=self.rng.randint(1, len(self.files)))
        body, ctype = multipart(
            [("documents", n, d) for n, d in chosen] + [("max_words", None, b"80")]
        )
        return Req("good_multipart", "POST", "/api/summarize", body, ctype, (200, None), True)

    def good_get(self) -> Req:
        path = self.rng.choice(["/api/health", "/api/methods", "/api/example"])
        return Req("good_get", "GET", path, b"", None, (200, None), True)

    # -- hostile -----------------------------------------------------------------------------
    def bad_types(self) -> Req:
        field, value = self.rng.choice(
            [
                ("max_words", True),
                ("max_words", "40"),
                ("save", "yes"),
                ("method", 5),
                ("documents", "x"),
            ]
        )
        return self.json_body({"documents": self.example, field: value}, 422, "invalid_request")

    def bad_binary_upload(self) -> Req:
        body, ctype = multipart(
            [("documents", "a.txt", bytes(self.rng.randrange(256) for _ in range(2000)))]
        )
        return Req(
            "bad_binary_upload", "POST", "/api/summarize", body, ctype, (422, "binary_file"), False
        )

    def bad_file_type(self) -> Req:
        body, ctype = multipart([("documents", "photo.png", b"\x89PNG\r\n\x1a\n")])
        return Req(
            "bad_file_type",
            "POST",
            "/api/summarize",
            body,
            ctype,
            (415, "unsupported_file_type"),
            False,
        )

    def bad_cut_multipart(self) -> Req:
        body, ctype = multipart([("documents", n, d) for n, d in self.files[:2]], cut=True)
        return Req(
            "bad_cut_multipart",
            "POST",
            "/api/summarize",
            body,
            ctype,
            (400, "bad_multipart"),
            False,
        )

    def bad_random_bytes(self) -> Req:
        body = bytes(self.rng.randrange(256) for _ in range(self.rng.randint(1, 500)))
        return Req(
            "bad_random_bytes",
            "POST",
            "/api/summarize",
            body,
            "application/json",
            (422, None),
            False,
        )

    def bad_content_length(self) -> Req:
        raw = (
            b"POST /api/summarize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + self.rng.choice([b"abc", b"-1", b"1e3", b"0x10"]) + b"\r\n\r\n{}"
        )
        return Req(
            "bad_content_length",
            "POST",
            "/api/summarize",
            b"",
            None,
            (400, "bad_request"),
            False,
            raw,
        )


class Client:
    """One keep-alive connection; reconnects after the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.conn: http.client.HTTPConnection | None = None

    def send(self, req: Req) -> tuple[int, bytes]:
        if req.raw is not None:
            with socket.create_connection((HOST, self.port), timeout=60) as s:
                s.sendall(req.raw)
                data = b""
                while chunk := s.recv(65536):
                    data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            return int(head.split()[1]), body
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            try:
                headers = {"Content-Type": req.ctype} if req.ctype else {}
                self.conn.request(req.method, req.path, body=req.body or None, headers=headers)
                resp = self.conn.getresponse()
                body = resp.read()
                if resp.getheader("connection", "").lower() == "close":
                    self.close()
                return resp.status, body
            except (ConnectionError, http.client.HTTPException):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def check(req: Req, status: int, body: bytes) -> str | None:
    """Why the answer is wrong, or None."""
    want_status, want_code = req.expect
    if status >= 500:
        return f"{status} (server error)"
    try:
        data = json.loads(body)
    except ValueError:
        return f"{status}: body is not JSON"
    if want_status == 422 and want_code is None:  # random bytes: any documented 4xx JSON error
        ok = 400 <= status < 500 and isinstance(data, dict) and "error" in data
        return None if ok else f"{status} {data!r:.80}"
    if status != want_status:
        return f"{status} instead of {want_status}: {body[:120]!r}"
    if want_code is not None and data.get("error") != want_code:
        return f"error {data.get('error')!r} instead of {want_code!r}"
    if status == 200 and req.path == "/api/summarize" and not data.get("sentences"):
        return "200 with an empty summary"
    if status != 200 and ("\n" in data.get("message", "\n")):
        return "error message missing or not one line"
    return None


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("-n", "--requests", type=int, default=10_000)
    ap.add_argument("-c", "--concurrency", type=int, default=4)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--idle", type=float, default=5.0, help="seconds idle before the last RSS")
    ap.add_argument("--max-seconds", type=float, default=1800, help="stop after this long")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args()

    mix = Mix(args.seed)
    requests = [mix.draw() for _ in range(args.requests)]
    port = free_port()
    server = subprocess.Popen(
        [
            "nice",
            "-n",
            "10",
            sys.executable,
            "-m",
            "storybrief.cli",
            "serve",
            "--port",
            str(port),
            "--max-body-bytes",
            str(MAX_BODY),
            "--log-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                c = http.client.HTTPConnection(HOST, port, timeout=2)
                c.request("GET", "/api/health")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit("server did not start")
            time.sleep(0.2)
        rss = {"start": proc_status(server.pid, "VmRSS")}
        samples: list[tuple[int, float]] = []
        every = max(1, args.requests // 20)

        lock = threading.Lock()
        next_i = 0
        done = 0
        results: list[tuple[Req, float, str | None]] = []
        stop_at = time.monotonic() + args.max_seconds

        def worker() -> None:
            nonlocal next_i, done
            client = Client(port)
            while True:
                with lock:
                    if next_i >= len(requests) or time.monotonic() > stop_at:
                        break
                    req = requests[next_i]
                    next_i += 1
                t0 = time.perf_counter()
                try:
                    status, body = client.send(req)
                    problem = check(req, status, body)
                except (OSError, http.client.HTTPException, ValueError) as err:
                    problem = f"connection: {type(err).__name__}: {err}"
                    client.close()
                elapsed = time.perf_counter() - t0
                with lock:
                    results.append((req, elapsed, problem))
                    done += 1
                    if done % every == 0:
                        samples.append((done, proc_status(server.pid, "VmRSS")))
                        if done == every:
                            rss["after_warmup"] = samples[-1][1]
            client.close()

        start = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - start
        rss["end"] = proc_status(server.pid, "VmRSS")
        time.sleep(args.idle)
        rss["after_idle"] = proc_status(server.pid, "VmRSS")
        rss["peak"] = proc_status(server.pid, "VmHWM")
    finally:
        server.terminate()
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()

    errors = [(r.kind, p) for r, _, p in results if p]
    lat_all = [e for _, e, _ in results]
    lat_good = [e for r, e, _ in results if r.good and r.path == "/api/summarize"]
    lat_bad = [e for r, e, _ in results if not r.good]
    by_kind: dict[str, int] = {}
    for r, _, _ in results:
        by_kind[r.kind] = by_kind.get(r.kind, 0) + 1
    half = len(samples) // 2
    report = {
        "requests": len(results),
        "good": sum(r.good for r, _, _ in results),
        "bad": sum(not r.good for r, _, _ in results),
        "errors": len(errors),
        "error_examples": errors[:10],
        "seconds": round(seconds, 1),
        "requests_per_s": round(len(results) / seconds, 1),
        "latency_ms": {
            name: {p: round(1000 * pct(v, int(p[1:])), 1) for p in ("p50", "p95", "p99")}
            for name, v in (("all", lat_all), ("good_summaries", lat_good), ("bad", lat_bad))
        },
        "rss_mb": {k: round(v, 1) for k, v in rss.items()},
        "rss_samples_mb": [(n, round(v, 1)) for n, v in samples],
        "rss_first_half_mean_mb": round(statistics.mean(v for _, v in samples[:half]), 1)
        if half
        else None,
        "rss_second_half_mean_mb": round(statistics.mean(v for _, v in samples[half:]), 1)
        if half
        else None,
        "kinds": dict(sorted(by_kind.items())),
        "concurrency": args.concurrency,
        "seed": args.seed,
        "server_stderr_tail": server.stderr.read().decode(errors="replace")[-2000:]
        if server.stderr
        else "",
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average_end": os.getloadavg(),
    }
    print(
        json.dumps({k: v for k, v in report.items() if k not in ("server_stderr_tail",)}, indent=2)
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
