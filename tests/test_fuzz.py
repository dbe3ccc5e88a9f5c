"""Property-based fuzzing (Hypothesis) of the readers, cleaner, segmenter, summarizer and HTTP
API: random bytes, random Unicode from every script (control, format and bidi characters
included) and random JSON shapes.  The properties: never an exception other than the
documented :class:`~storybrief.errors.StorybriefError` (one line, an exit code), never a 5xx,
always within the caps and the budget.

Kept fast and deterministic for CI (issue 12): the ``ci`` profile (``conftest.py``) is
derandomized with no example database, so a run explores the same examples every time and a
loaded machine cannot make it flake; ``HYPOTHESIS_PROFILE=dev`` draws new random examples and
``STORYBRIEF_FUZZ_SCALE=10`` runs ten times as many, for fuzzing sessions by hand.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import storybrief
from storybrief import readers
from storybrief.errors import StorybriefError
from storybrief.pipeline.clean import clean_cluster
from storybrief.text.sentences import split_sentences
from storybrief.types import Document

SCALE = max(1, int(os.environ.get("STORYBRIEF_FUZZ_SCALE", "1")))


def examples(n: int):
    """``@settings`` with ``n`` examples (times STORYBRIEF_FUZZ_SCALE) on top of the profile."""
    from hypothesis import settings

    return settings(max_examples=n * SCALE)


# -- strategies ---------------------------------------------------------------------------------
# Every code point but surrogates (str from bytes never holds one; the API replaces them).
ANY_CHAR = st.characters(exclude_categories=("Cs",))
# Characters that trip text handling: controls, bidi and zero-width marks, CJK and RTL
# punctuation, emoji, combining marks, line and paragraph separators.
TRICKY = st.sampled_from(
    list("\x00\x01\x07\x0b\x0c\x1b\x7f\x85\u2028\u2029\u200b\u200c\u200d\u200e\u200f\u202a")
    + list("\u202b\u202c\u202d\u202e\u2066\u2069\ufeff\ufffd\u0301\u20dd。！？、「」٫؟।")
    + ["\U0001f600", "\U0001f44d\ufe0f", "\r\n", "\n\n", "...", "U.S.", "Dr.", '"', "|||||"]
)
WORDS = (
    "The council approved budget Monday officials said bridge closed river flood mayor "
    "police reported 2015 $2.1 billion percent people Syria Russia talks Lavrov government "
    "school spending vote minister storm pier engineers week"
).split()
WORD = st.one_of(st.sampled_from(WORDS), st.text(ANY_CHAR, min_size=1, max_size=8), TRICKY)
END = st.sampled_from([". ", "! ", "? ", ".\n", '." ', "\n", " ", "。", "", ".\u202c "])


@st.composite
def article(draw) -> str:
    """News-like text with hostile pieces mixed in."""
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        words = draw(st.lists(WORD, min_size=1, max_size=25))
        parts.append(" ".join(words) + draw(END))
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), draw(st.text(ANY_CHAR, max_size=60)))
    return "".join(parts)


JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(ANY_CHAR, max_size=40),
)
JSON = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = st.sampled_from(
    ["documents", "max_words", "max_sentences", "method", "save", "text", "title", "url"]
)


@st.composite
def request_body(draw) -> object:
    """A JSON body near the API's shape: the right keys with wrong or odd values, mostly."""
    if draw(st.integers(0, 4)) == 0:
        return draw(JSON)
    body: dict[str, object] = {}
    docs = draw(
        st.lists(
            st.one_of(
                article(),
                st.fixed_dictionaries(
                    {"text": article()},
                    optional={
                        "title": st.one_of(st.text(ANY_CHAR, max_size=30), JSON_SCALARS),
                        "url": st.text(ANY_CHAR, max_size=30),
                        "date": JSON_SCALARS,
                    },
                ),
                JSON,
            ),
            max_size=4,
        )
    )
    if draw(st.booleans()) or not docs:
        body["documents"] = docs
    for key in draw(st.lists(FIELDS, max_size=3, unique=True)):
        if key == "max_words":
            body[key] = draw(st.one_of(st.integers(-3, 3000), JSON_SCALARS))
        elif key != "documents":
            body[key] = draw(JSON_SCALARS)
    return body


def _only_documented_errors(fn):
    try:
        return fn()
    except StorybriefError as err:
        message = str(err)
        assert message and "\n" not in message, repr(message)
        assert err.exit_code in (2, 3, 4, 5, 6), err
        return None


# -- readers ------------------------------------------------------------------------------------
SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".jsonl", ".json", "", ".gz", ".dat"])
FORMATS = st.sampled_from(["auto", "text", "html", "jsonl", "multinews"])
BYTES = st.one_of(
    st.binary(max_size=400),
    article().map(lambda t: t.encode("utf-8")),
    st.tuples(
        article(), st.sampled_from(["utf-16", "utf-16-be", "utf-32", "cp1252", "latin-1"])
    ).map(lambda p: p[0].encode(p[1], errors="replace")),
    st.lists(JSON, max_size=4).map(
        lambda objs: "".join(json.dumps(o) + "\n" for o in objs).encode()
    ),
)


# The readers run with tiny caps here, so that the random inputs do cross them.
SMALL_CAPS = {
    "MAX_FILE_BYTES": 150,
    "MAX_LINE_BYTES": 200,
    "MAX_FOLDER_FILES": 3,
    "MAX_FOLDER_BYTES": 400,
    "MAX_SKIP_BYTES": 2_000,
    "MAX_LEADING_BAD_LINES": 5,
}


@contextlib.contextmanager
def small_caps():
    saved = {k: getattr(readers.limits, k) for k in SMALL_CAPS}
    for k, v in SMALL_CAPS.items():
        setattr(readers.limits, k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(readers.limits, k, v)


def _check_clusters(clusters: list[readers.ClusterInput], fmt: str | None) -> None:
    """Every document is text, and no longer than the cap of the read that produced it."""
    cap = SMALL_CAPS["MAX_LINE_BYTES" if fmt in ("jsonl", "multinews") else "MAX_FILE_BYTES"]
    for c in clusters:
        assert isinstance(c.documents, list)
        if fmt == "folder":
            assert len(c.documents) <= SMALL_CAPS["MAX_FOLDER_FILES"]
        for d in c.documents:
            text = d if isinstance(d, str) else d["text"]
            assert isinstance(text, str)
            assert len(text) <= cap, (fmt, len(text))


def _read(source: str, fmt: str = "auto", skip_bad: bool = False, warn=None):
    stats = readers.ReadStats()
    with small_caps():
        got = _only_documented_errors(
            lambda: list(
                readers.read_clusters(source, fmt, skip_bad, warn or (lambda _: None), stats)
            )
        )
    if got is not None:
        _check_clusters(got, stats.format)
    return got


@examples(60)
@given(data=BYTES, suffix=SUFFIXES, fmt=FORMATS, skip_bad=st.booleans(), gz=st.booleans())
def test_reader_files(data: bytes, suffix: str, fmt: str, skip_bad: bool, gz: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if gz:
            data, suffix = gzip.compress(data), suffix + ".gz"
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        warnings: list[str] = []
        _read(str(path), fmt, skip_bad, warnings.append)
        assert all(isinstance(w, str) and "\n" not in w for w in warnings)


@examples(40)
@given(data=BYTES, fmt=FORMATS)
def test_reader_stdin(data: bytes, fmt: str, monkeypatch_stdin) -> None:
    monkeypatch_stdin(data)
    _read("-", fmt)


@examples(30)
@given(files=st.lists(st.tuples(SUFFIXES, BYTES), min_size=1, max_size=5))
def test_reader_folders(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for i, (suffix, data) in enumerate(files):
            (Path(tmp) / f"f{i}{suffix}").write_bytes(data)
        _read(tmp)


@pytest.fixture
def monkeypatch_stdin():
    """Replace standard input with given bytes (Hypothesis reuses one fixture instance)."""
    saved = sys.stdin

    class _Stdin:
        def __init__(self, data: bytes):
            self.buffer = io.BytesIO(data)

        def isatty(self) -> bool:
            return False

    def set_stdin(data: bytes) -> None:
        sys.stdin = _Stdin(data)  # type: ignore[assignment]

    yield set_stdin
    sys.stdin = saved


# -- cleaner and segmenter ------------------------------------------------------------------------
@examples(80)
@given(texts=st.lists(st.one_of(article(), st.text(ANY_CHAR, max_size=300)), max_size=4))
def test_cleaner(texts: list[str]) -> None:
    docs = [Document(i, t) for i, t in enumerate(texts)]
    cleaned = clean_cluster(docs)
    assert len(cleaned) == len(docs)
    for c in cleaned:
        for line in c.paragraphs:
            assert line and line == line.strip()
            assert not any(ch in line for ch in "\x00\x01\x1b\x7f\n")
        for r in c.removed:
            assert isinstance(r.reason, str) and r.reason


@examples(150)
@given(paragraph=st.one_of(article(), st.text(ANY_CHAR, max_size=400)))
def test_segmenter_keeps_every_character_in_order(paragraph: str) -> None:
    pieces = split_sentences(paragraph)
    assert all(p and p == p.strip() for p in pieces)
    assert "".join("".join(pieces).split()) == "".join(paragraph.split())


# -- summarizer ----------------------------------------------------------------------------------
@examples(40)
@given(
    docs=st.lists(
        st.one_of(
            article(),
            st.fixed_dictionaries(
                {"text": article()},
                optional={
                    "title": st.text(ANY_CHAR, max_size=40),
                    "url": st.text(ANY_CHAR, max_size=40),
                    "date": st.text(max_size=12),
                },
            ),
        ),
        max_size=5,
    ),
    max_words=st.integers(1, 80),
    max_sentences=st.one_of(st.none(), st.integers(1, 4)),
    method=st.sampled_from(["default", "lead", "lexrank", "centroid", "hybrid"]),
)
def test_summarizer(docs, max_words: int, max_sentences, method: str) -> None:
    s = storybrief.summarize(docs, max_words=max_words, max_sentences=max_sentences, method=method)
    assert s.n_words <= max_words
    assert max_sentences is None or len(s.sentences) <= max_sentences
    for sent in s.sentences:
        assert sent.sources and all(0 <= i < len(docs) for i in sent.sources)
    if not s.sentences:
        assert s.empty_reason in ("no_text", "budget") and s.warnings
    data = json.loads(s.to_json())
    assert data["n_words"] == s.n_words
    s.to_markdown()
    s.to_text()


# -- HTTP API -----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client():
    pytest.importorskip("fastapi")
    pytest.importorskip("httpx")
    from fastapi.testclient import TestClient

    from storybrief.web.app import Limits, create_app

    limits = Limits(max_body_bytes=200_000, max_documents=8, max_document_chars=20_000)
    return TestClient(create_app(limits), raise_server_exceptions=False)


def _assert_answer(resp) -> None:
    assert resp.status_code < 500, resp.text
    body = resp.json()
    if resp.status_code == 200:
        assert isinstance(body["text"], str) and body["n_words"] <= body["max_words"]
    else:
        assert isinstance(body["error"], str) and isinstance(body["message"], str)
        assert "\n" not in body["message"]


@examples(50)
@given(body=request_body())
def test_api_json_shapes(client, body) -> None:
    _assert_answer(client.post("/api/summarize", json=body))


CONTENT_TYPES = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-16",
        "text/plain",
        "",
        "multipart/form-data",
        "multipart/form-data; boundary=xyz",
        "application/x-www-form-urlencoded",
        "application/ld+json",
    ]
)


@examples(50)
@given(
    data=st.one_of(st.binary(max_size=300), request_body().map(lambda b: json.dumps(b).encode())),
    ctype=CONTENT_TYPES,
)
def test_api_raw_bodies(client, data: bytes, ctype: str) -> None:
    headers = {"content-type": ctype} if ctype else {}
    _assert_answer(client.post("/api/summarize", content=data, headers=headers))


FILENAMES = st.tuples(
    st.text(ANY_CHAR, max_size=10).map(lambda t: t.replace("/", "_").replace("\\", "_")),
    st.sampled_from([".txt", ".md", ".html", ".htm", ".png", "", ".TXT"]),
).map("".join)


@examples(30)
@given(
    files=st.lists(st.tuples(FILENAMES, BYTES), max_size=3),
    fields=st.dictionaries(
        st.sampled_from(["max_words", "method", "save", "documents", "colour"]),
        st.text(ANY_CHAR, max_size=12),
        max_size=3,
    ),
)
def test_api_multipart(client, files, fields) -> None:
    parts = [
        ("documents", (name or "upload", data, "application/octet-stream")) for name, data in files
    ]
    resp = client.post("/api/summarize", files=parts or None, data=fields or None)
    _assert_answer(resp)


@examples(30)
@given(path=st.text(ANY_CHAR, max_size=30))
def test_api_saved_ids(client, path: str) -> None:
    from urllib.parse import quote

    resp = client.get("/api/saved/" + quote(path, safe=""))
    assert resp.status_code < 500, resp.text
