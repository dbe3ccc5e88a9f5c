"""Issue 12, "Fresh machine and hostile input": one test (or more) per numbered finding.

Each test failed before the fix and passes after it.  The endless and oversized inputs run the
installed command in a subprocess with a wall-clock limit and check its peak memory, since a
hang or unbounded growth is exactly what they guard against.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import storybrief
from storybrief import readers
from storybrief.cli import app
from storybrief.readers import ReadStats, read_clusters

runner = CliRunner()

A = (
    "The city council approved a $2.1 billion budget on Monday after a debate of nine hours.\n"
    "Council members voted 7 to 4 in favour of the plan, which raises spending on schools.\n"
)
B = (
    "The council approved the budget on Monday with a vote of 7 to 4, officials said.\n"
    "Opponents said the plan would raise property taxes for thousands of homeowners next year.\n"
)
STORYBRIEF = [sys.executable, "-m", "storybrief.cli"]


def run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, list(args), input=input)


def run_bounded(cmd: list[str] | str, timeout: float = 30) -> tuple[int, str, float, int]:
    """(exit code, stderr, seconds, peak RSS in MB) of a command that must end by itself.

    The peak is that of this command's own process tree (``os.wait4`` on it: a shell reports
    the largest of the pipeline members it reaped), not of every child the test run ever had.
    On timeout the whole process group is killed and the test fails."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            cmd,
            shell=isinstance(cmd, str),
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
        )
        timer = threading.Timer(timeout, os.killpg, (proc.pid, signal.SIGKILL))
        start = time.monotonic()
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        assert seconds < timeout, f"{cmd!r} did not end within {timeout} s"
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    return proc.returncode, stderr, seconds, usage.ru_maxrss // 1024  # KB on Linux


# -- 1. quick start / web app: HTML needs lxml_html_clean, declared directly ------------------
def test_html_extraction_works_with_the_declared_cleaner() -> None:
    text, meta = readers.html_to_text(
        "<html><head><title>Bridge shut</title></head><body><article><p>The Harbor Bridge "
        "was closed on Tuesday after a barge struck one of its piers, officials said.</p>"
        "<p>Engineers will inspect the damaged pier this week before any decision.</p>"
        "</article></body></html>"
    )
    assert "Harbor Bridge" in text and meta["title"] == "Bridge shut"


def test_web_example_and_html_upload_work() -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from storybrief.cli import example_path
    from storybrief.web.app import create_app

    client = TestClient(create_app(), raise_server_exceptions=False)
    resp = client.get("/api/example")
    assert resp.status_code == 200, resp.text
    names = {d["name"]: d for d in resp.json()["documents"]}
    assert "Harbor Bridge" in names["04_analysis.html"]["text"]
    html = (example_path() / "04_analysis.html").read_bytes()
    resp = client.post(
        "/api/summarize", files=[("documents", ("a.html", html, "text/html"))], data={}
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["documents"][0]["title"]


# -- 2. unbounded memory: /dev/zero, stdin, JSONL lines ----------------------------------------
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize(
    "cmd",
    [
        "{sb} summarize /dev/zero",
        "{sb} summarize -i jsonl /dev/zero",
        "{sb} summarize - < /dev/zero",
        "{sb} summarize -i text - < /dev/zero",
        # an endless line without a line break, even when bad lines are skipped
        "yes abc | tr -d '\\n' | {sb} summarize -i jsonl - --skip-bad",
        # an endless stream of malformed lines, skipped one by one
        "yes '{{}}' | {sb} summarize - --skip-bad",
    ],
)
def test_endless_input_ends_quickly_with_bounded_memory(cmd: str) -> None:
    sb = " ".join(STORYBRIEF)
    code, err, seconds, peak_mb = run_bounded(cmd.format(sb=sb), timeout=60)
    assert code == 4, err
    assert err.count("\n") <= 1 or "skipped" in err, err
    assert "error:" in err and "Traceback" not in err
    assert seconds < 30, seconds
    assert peak_mb < 1500, peak_mb  # the old reader reached 6-14 GB


def test_endless_text_on_stdin_is_cut_at_the_cap() -> None:
    sentence = "The river rose again on Monday, officials said in a statement on the flood.\n"
    code, err, seconds, peak_mb = run_bounded(
        f"yes '{sentence.strip()}' | {' '.join(STORYBRIEF)} summarize - -w 30", timeout=60
    )
    assert code == 0, err
    assert f"larger than {readers.MAX_FILE_BYTES:,} bytes" in err
    assert peak_mb < 1500


def test_jsonl_line_over_the_cap_is_an_error_or_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(readers.limits, "MAX_LINE_BYTES", 1000)
    good = json.dumps({"id": "ok", "documents": [A, B]})
    big = json.dumps({"id": "big", "documents": ["x " * 2000]})
    f = tmp_path / "c.jsonl"
    f.write_text(good + "\n" + big + "\n" + good + "\n", encoding="utf-8")
    r = run("summarize", str(f))
    assert r.exit_code == 4 and "c.jsonl:2: line longer than 1,000 bytes" in r.stderr
    r = run("summarize", str(f), "--skip-bad")
    assert r.exit_code == 0, r.output
    assert r.stdout.count("=== ok ===") == 2 and "skipped 1 malformed line" in r.stderr


def test_folder_caps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers.limits, "MAX_FOLDER_FILES", 2)
    for name, text in (("a.txt", A), ("b.txt", B), ("c.txt", A)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    warnings: list[str] = []
    (cluster,) = read_clusters(str(tmp_path), warn=warnings.append)
    assert [d["name"] for d in cluster.documents] == ["a.txt", "b.txt"]
    assert any("1 more files skipped" in w for w in warnings)


# -- 3. more than 5,000 documents ---------------------------------------------------------------
def test_more_documents_than_the_sentence_cap_still_summarize() -> None:
    docs = [
        f"Flood water rose in district {i} on Monday, officials said in a statement."
        for i in range(5200)
    ]
    s = storybrief.summarize(docs, max_words=40, method="lead")
    assert s.sentences and 0 < s.n_words <= 40
    assert any("more than 5000 documents" in w for w in s.warnings)
    assert all(src < 5000 for x in s.sentences for src in x.sources)


def test_batch_counts_an_empty_summary_as_an_error(tmp_path: Path) -> None:
    from storybrief.engines.batch import run_batch
    from storybrief.engines.jobs import BatchOptions

    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "ok", "documents": [A, B]})
        + "\n"
        + json.dumps({"id": "junk", "documents": ["Share\nAdvertisement"]})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = run_batch(src, out, BatchOptions(method="lead"), workers=1, progress="none")
    records = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert records[0]["text"] and records[1] == {
        "id": "junk",
        "error": f"{src}:2: nothing to summarize: every line was empty or boilerplate",
    }
    assert result.errors == 1 and result.error_ids == ["junk"]


# -- 4. FIFOs and process substitution: detection peeks, the input is read once -----------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_with_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "articles"
    os.mkfifo(fifo)

    def write() -> None:
        with fifo.open("w", encoding="utf-8") as f:
            f.write(A)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    code, err, seconds, _ = run_bounded([*STORYBRIEF, "summarize", str(fifo), "-w", "30"], 30)
    writer.join(5)
    assert code == 0, err
    assert seconds < 25


def test_process_substitution(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text(json.dumps({"id": "s1", "documents": [A, B]}) + "\n", encoding="utf-8")
    sb = " ".join(STORYBRIEF)
    proc = subprocess.run(
        ["bash", "-c", f"{sb} summarize <(cat {tmp_path / 'a.txt'}) -w 30"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "council" in proc.stdout.lower()
    proc = subprocess.run(
        ["bash", "-c", f"{sb} summarize <(cat {jsonl}) -w 30"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "=== s1 ===" in proc.stdout


def test_stdin_is_read_once_in_every_format() -> None:
    line = json.dumps({"id": "s", "documents": [A, B]})
    r = run("summarize", "-", "-w", "30", input=line + "\n" + line + "\n")
    assert r.exit_code == 0, r.output
    assert r.stdout.count("=== s ===") == 2
    r = run("summarize", "-", "-w", "30", input=A)
    assert r.exit_code == 0 and "council" in r.stdout.lower()


def test_compressed_stdin_is_recognised() -> None:
    import gzip

    data = gzip.compress((json.dumps({"id": "z", "documents": [A, B]}) + "\n").encode())
    r = run("summarize", "-", "-w", "30", input=data)
    assert r.exit_code == 0, r.output
    assert "=== z ===" in r.stdout


# -- 5. a budget smaller than every sentence ------------------------------------------------------
def test_budget_smaller_than_every_sentence() -> None:
    s = storybrief.summarize([A, B], max_words=3)
    assert s.sentences == [] and s.empty_reason == "budget"
    assert any("no sentence fits the budget of 3 words" in w for w in s.warnings)
    r = run("summarize", "--example", "--max-words", "3")
    assert r.exit_code == 6
    assert "no sentence fits the budget of 3 words" in r.stderr and "--max-words" in r.stderr
    assert "boilerplate" not in r.stderr


def test_api_budget_too_small() -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from storybrief.web.app import create_app

    client = TestClient(create_app(), raise_server_exceptions=False)
    resp = client.post("/api/summarize", json={"documents": [A, B], "max_words": 1})
    assert resp.status_code == 422
    body = resp.json()
    assert body["error"] == "budget_too_small" and "1 word" in body["message"]
    assert body["limit"] == 1


def test_empty_summary_says_why() -> None:
    s = storybrief.summarize(["Share\nAdvertisement\n", "   "])
    assert s.empty_reason == "no_text"
    assert s.warnings == ["nothing to summarize: every line was empty or boilerplate"]


# -- 6. Markdown escapes raw HTML and unsafe links -------------------------------------------------
HOSTILE = {
    "text": A,
    "title": 'Budget <script>alert("t")</script> <img src=x onerror=alert(1)> [x](javascript:y)',
    "url": "javascript:alert(document.cookie)",
    "date": "<b>2024</b>",
}


def _rendered_html(markdown: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(markdown)  # raw HTML allowed, as most renderers do


def _assert_safe(markdown: str) -> None:
    html = _rendered_html(markdown)
    assert "<script" not in html and "<img" not in html and "<b>" not in html, html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith(("http://", "https://")) for h in hrefs), hrefs
    assert "Budget" in html  # the title is still shown, as text


def test_markdown_escapes_titles_urls_and_text() -> None:
    evil_text = "Council members voted <iframe src=//x></iframe> on *Monday* after [a](javascript:x) debate."
    s = storybrief.summarize([HOSTILE, B, evil_text], max_words=150, method="lead")
    md = s.to_markdown()
    _assert_safe(md)
    assert "<iframe" not in _rendered_html(md)
    ok = storybrief.summarize(
        [{"text": A, "title": "Budget (final)", "url": "https://x.test/a (b)"}, B]
    ).to_markdown()
    assert "[Budget (final)](https://x.test/a%20%28b%29)" in ok


def test_api_and_saved_markdown_are_escaped(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from storybrief.web.app import create_app

    client = TestClient(create_app(save_db=tmp_path / "s.sqlite"), raise_server_exceptions=False)
    resp = client.post("/api/summarize", json={"documents": [HOSTILE, B], "save": True})
    assert resp.status_code == 200, resp.text
    _assert_safe(resp.json()["markdown"])
    saved = client.get(f"/api/saved/{resp.json()['saved']['id']}").json()
    _assert_safe(saved["markdown"])


# -- 7. text without ASCII end punctuation is not taken whole as the headline --------------------
@pytest.mark.parametrize(
    "ending",
    ["\u202c", " \U0001f600", "\u200f", "\ufe0f\U0001f44d"],
    ids=["pdf", "emoji", "rlm", "vs"],
)
def test_paragraph_ending_in_a_mark_is_body_text(ending: str) -> None:
    text = (
        "The council approved the new budget on Monday after a long debate. It passed by a "
        "vote of seven to four." + ending
    )
    s = storybrief.summarize([text], max_words=60)
    assert s.sentences, s.to_dict()["removed"]
    assert s.to_dict()["documents"][0]["n_sentences"] == 2


def test_cjk_paragraph_is_not_a_headline_and_a_headline_only_text_says_so() -> None:
    data = storybrief.summarize(["市議会は月曜日に予算を承認した。反対は四票だった。"]).to_dict()
    assert data["documents"][0]["title"] is None  # not taken as the headline
    assert data["removed"], "the dropped text must be reported with its reason"
    data = storybrief.summarize(["Great turnout at the parade downtown today \U0001f389"]).to_dict()
    assert data["documents"][0]["title"].startswith("Great turnout")
    assert data["removed"][0]["reason"].startswith("only a headline")
    assert data["warnings"]


# -- 8. a saved id beyond SQLite's integers -------------------------------------------------------
def test_saved_id_out_of_range_is_404(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from storybrief.web.app import create_app

    client = TestClient(create_app(save_db=tmp_path / "s.sqlite"), raise_server_exceptions=False)
    for sid in ("99999999999999999999999", "0", "-5", str(2**63)):
        resp = client.get(f"/api/saved/{sid}")
        assert resp.status_code == 404, (sid, resp.text)
        assert resp.json()["error"] == "not_found"


# -- 9. UTF-16 with a BOM and a stray NUL are text ----------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_are_read(tmp_path: Path, encoding: str) -> None:
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "a.txt").write_bytes(("Café: " + A).encode(encoding))
    (folder / "b.txt").write_text(B, encoding="utf-8")
    r = run("summarize", str(folder), "-f", "json", "-w", "60")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["documents"][0]["n_sentences"] >= 1
    assert "binary" not in r.stderr
    single = tmp_path / "one.txt"
    single.write_bytes(A.encode(encoding))
    assert run("summarize", str(single), "-w", "40").exit_code == 0


def test_utf16_jsonl_is_read(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    f.write_bytes((json.dumps({"id": "u", "documents": [A, B]}) + "\n").encode("utf-16"))
    r = run("summarize", str(f), "-w", "30")
    assert r.exit_code == 0, r.output
    assert "=== u ===" in r.stdout


def test_stray_nul_is_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(A.encode().replace(b"budget", b"bud\x00get", 1))
    r = run("summarize", str(tmp_path / "a.txt"), "-w", "40")
    assert r.exit_code == 0, r.output
    assert not readers.is_binary(b"text " * 200 + b"\x00" + b"text " * 200)
    assert readers.is_binary(b"\x00" * 100) and readers.is_binary(bytes(range(256)) * 4)


def test_binary_single_file_is_a_format_error(tmp_path: Path) -> None:
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    r = run("summarize", str(f))
    assert r.exit_code == 4 and "binary" in r.stderr


# -- 10. output closed early --------------------------------------------------------------------
def test_closed_output_pipe_is_quiet() -> None:
    proc = subprocess.Popen(
        [*STORYBRIEF, "summarize", "--example", "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader goes away before anything is written, like `| head -c 0`
    err = proc.stderr.read().decode()
    proc.wait(60)
    assert proc.returncode == 141, err
    assert err == ""


# -- 12. smaller findings -------------------------------------------------------------------------
def test_malformed_json_message_reads_well(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    for content, expected in (
        ('{"id": "x", "documents": ["unterminated', "Unterminated string starting at column 27"),
        ('{"id": "x", "documents": ["a\tb"]}\n', "Invalid control character at column 29"),
        ("{not json}\n", "Expecting property name enclosed in double quotes at column 2"),
    ):
        f.write_text(content, encoding="utf-8")
        r = run("summarize", str(f))
        assert r.exit_code == 4
        assert "at at" not in r.stderr
        assert f"bad.jsonl:1: malformed JSON: {expected}" in r.stderr


def test_skip_warning_names_every_article_type(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(A, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    r = run("summarize", str(tmp_path))
    assert r.exit_code == 0
    warning = next(line for line in r.stderr.splitlines() if "notes.pdf" in line)
    for suffix in (".md", ".txt", ".html"):
        assert suffix in warning


def test_markdown_file_title_loses_its_hashes(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Council passes budget\n\n" + A + "\n## Reaction\n\n" + B)
    (tmp_path / "b.txt").write_text(B, encoding="utf-8")
    data = json.loads(run("summarize", str(tmp_path), "-f", "json").stdout)
    assert data["documents"][0]["title"] == "Council passes budget"
    assert data["documents"][0]["label"] == "Council passes budget"
    assert "#" not in json.dumps(data["removed"])


def _serve() -> tuple[str, int, object]:
    import uvicorn

    from storybrief.web.app import create_app
    from storybrief.web.server import server_config

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(server_config(create_app(), "127.0.0.1", port, "warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    return "127.0.0.1", port, server


def test_bad_content_length_gets_the_json_error_shape() -> None:
    pytest.importorskip("uvicorn")
    host, port, server = _serve()
    try:
        for value in (b"abc", b"-1", b"1e3"):
            with socket.create_connection((host, port), timeout=10) as sock:
                sock.sendall(
                    b"POST /api/summarize HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
                    b"\r\nContent-Length: " + value + b"\r\n\r\n{}"
                )
                raw = b""
                while chunk := sock.recv(65536):
                    raw += chunk
            head, _, body = raw.partition(b"\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 400"), raw
            assert b"application/json" in head.lower()
            data = json.loads(body)
            assert data["error"] == "bad_request" and data["message"]
    finally:
        server.should_exit = True  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"documents": [A], "max_words": True}, "max_words"),
        ({"documents": [A], "max_words": 40.0}, "max_words"),
        ({"documents": [A], "max_words": "40"}, "max_words"),
        ({"documents": [A], "save": "yes"}, "save"),
        ({"documents": [A], "save": 1}, "save"),
        ({"documents": [A], "max_sentences": False}, "max_sentences"),
        ({"documents": [A], "method": 5}, "method"),
        ({"documents": [{"text": A, "title": 7}]}, "title"),
    ],
)
def test_api_fields_are_strictly_typed(body: dict, field: str) -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from storybrief.web.app import create_app

    resp = TestClient(create_app(), raise_server_exceptions=False).post("/api/summarize", json=body)
    assert resp.status_code == 422, resp.text
    assert resp.json()["error"] == "invalid_request" and field in resp.json()["message"]


def test_form_yes_no_fields_and_truncated_multipart() -> None:
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from storybrief.web.app import create_app

    client = TestClient(create_app(), raise_server_exceptions=False)
    resp = client.post("/api/summarize", data={"documents": A, "save": "maybe"})
    assert resp.status_code == 422 and "save" in resp.json()["message"]
    resp = client.post("/api/summarize", data={"documents": A, "save": "off"})
    assert resp.status_code == 200, resp.text
    whole = (
        b'--xyz\r\nContent-Disposition: form-data; name="documents"\r\n\r\n'
        + A.encode()
        + b"\r\n--xyz--\r\n"
    )
    headers = {"content-type": "multipart/form-data; boundary=xyz"}
    assert client.post("/api/summarize", content=whole, headers=headers).status_code == 200
    for cut in (whole[:-9], whole[: len(whole) // 2]):
        resp = client.post("/api/summarize", content=cut, headers=headers)
        assert resp.status_code == 400, resp.text
        assert resp.json()["error"] == "bad_multipart" and "cut off" in resp.json()["message"]
    resp = client.post(
        "/api/summarize", content=whole, headers={"content-type": "multipart/form-data"}
    )
    assert resp.status_code == 400 and resp.json()["error"] == "bad_multipart"


def test_read_stats_report_the_format(tmp_path: Path) -> None:
    f = tmp_path / "c.txt"
    f.write_text((A + "|||||" + B).replace("\n", "NEWLINE_CHAR") + "\n", encoding="utf-8")
    stats = ReadStats()
    clusters = list(read_clusters(str(f), stats=stats))
    assert stats.format == "multinews" and len(clusters) == 1 and len(clusters[0].documents) == 2
