"""The CLI under hostile input (issue 16): real files and the real CLI in subprocesses.
Files that start with blank lines, terminal escapes in names and JSON fields, ``inspect |
head`` and the install hint of a missing extra."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

STORYBRIEF = [sys.executable, "-m", "storybrief.cli"]

A = (
    "Harbor pilots in Port Ellery went on strike on Wednesday over night-shift pay, halting "
    "traffic through the port. Union leader Ines Moreau said 42 pilots walked out at midnight. "
    "The port authority said ships would wait at anchor outside the harbor."
)
B = (
    "Ships queued outside Port Ellery on Thursday as 42 harbor pilots stayed off work in a "
    "dispute over night-shift pay. Ines Moreau, who leads the pilots' union, said talks with "
    "the port authority had failed. Freight companies warned of delays at the harbor."
)
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b]8;;http://evil.example\x1b\\hidden\x1b]8;;\x1b\\\u202e"


def cli(*args: str, stdin: bytes | None = None, env: dict | None = None, timeout: float = 120):
    return subprocess.run(
        [*STORYBRIEF, *args],
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


# -- 13: inputs that start with blank lines -------------------------------------------------
BLANK = "\n \n\t\n\n\n"


@pytest.mark.parametrize(
    "name, body",
    [
        ("a.txt", BLANK + A),
        (
            "a.html",
            BLANK + f"<html><body><article><h1>Pilots</h1><p>{A}</p></article></body></html>",
        ),
        ("c.jsonl", BLANK + json.dumps({"id": "c", "documents": [A, B]}) + "\n"),
    ],
)
def test_a_file_that_starts_with_blank_lines_is_read(tmp_path: Path, name: str, body: str) -> None:
    f = tmp_path / name
    f.write_text(body, encoding="utf-8")
    r = cli("summarize", str(f), "--max-words", "60")
    assert r.returncode == 0, r.stderr
    assert b"pilots" in r.stdout.lower()


def test_stdin_that_starts_with_blank_lines_is_read() -> None:
    r = cli("summarize", "-", "--max-words", "60", stdin=(BLANK * 3 + A).encode())
    assert r.returncode == 0, r.stderr
    assert b"pilots" in r.stdout.lower()
    jsonl = (BLANK + json.dumps({"id": "c", "documents": [A, B]}) + "\n").encode()
    r = cli("summarize", "-", "--max-words", "60", stdin=jsonl)
    assert r.returncode == 0 and b"=== c ===" in r.stdout or b"pilots" in r.stdout.lower()


# -- 8: terminal escapes --------------------------------------------------------------------
def test_file_names_and_json_fields_reach_the_terminal_clean(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(A, encoding="utf-8")
    (folder / "b.txt").write_text(B, encoding="utf-8")
    (folder / "evil\x1b]0;pwned\x07\x1b[2J\u202e.bin").write_bytes(b"x")
    r = cli("summarize", str(folder), "--max-words", "60")
    assert r.returncode == 0, r.stderr
    assert b"not an article file" in r.stderr
    assert b"\x1b" not in r.stderr and b"\x07" not in r.stderr
    docs = [
        {"text": A, "title": "Pilots" + ESCAPES, "url": "https://example.com/a" + ESCAPES},
        {"text": B, "title": "Ships" + ESCAPES},
    ]
    f = tmp_path / "c.jsonl"
    f.write_text(json.dumps({"id": "c" + ESCAPES, "documents": docs}) + "\n", encoding="utf-8")
    r = cli("summarize", str(f), "--max-words", "60")
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode() + r.stderr.decode()
    assert "Sources:" in out and "Pilots" in out
    for bad in ("\x1b", "\x07", "\u202e"):
        assert bad not in out


def test_errors_reach_the_terminal_clean(tmp_path: Path) -> None:
    r = cli("summarize", str(tmp_path / ("missing" + ESCAPES)))
    assert r.returncode == 3
    assert b"no such file" in r.stderr and b"\x1b" not in r.stderr and b"\x07" not in r.stderr


# -- 14: inspect | head, and the install hint of a missing extra ----------------------------
def test_inspect_into_a_closed_pipe_exits_141(tmp_path: Path) -> None:
    # more tables than a pipe buffer holds, so the reader leaving is seen
    src = tmp_path / "many.jsonl"
    line = json.dumps({"documents": [A, B]}) + "\n"
    src.write_text(line * 150, encoding="utf-8")
    proc = subprocess.Popen(
        [*STORYBRIEF, "inspect", str(src)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    proc.stdout.readline()
    proc.stdout.close()  # what "| head -1" does
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 141, err
    assert err == b""


def test_batch_ray_without_ray_gives_the_real_install_hint(tmp_path: Path) -> None:
    fake = tmp_path / "noray" / "ray"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "c", "documents": [A, B]}) + "\n", encoding="utf-8")
    path = os.pathsep.join(p for p in (str(fake.parent), os.environ.get("PYTHONPATH")) if p)
    r = cli(
        "batch",
        str(src),
        str(tmp_path / "out.jsonl"),
        "--engine",
        "ray",
        "-q",
        env={"PYTHONPATH": path},
    )
    assert r.returncode == 2, r.stderr
    assert b'pip install "storybrief[ray]"' in r.stderr
