"""The input formats: one registry entry each (name, suffixes, how it is recognised, which
reader reads it).  A new format is one entry here and, when it needs one, one reader module.

``folder``     a folder of articles, one per file: ``.txt``/``.text``/``.md`` as plain text,
               ``.html``/``.htm`` through trafilatura (main text only); one cluster.
``text``       one plain-text file: one article, a cluster of one (``.md``: Markdown).
``html``       one HTML file: one article.
``multinews``  Multi-News line form: one cluster per line, articles separated by ``|||||``,
               newlines written as ``NEWLINE_CHAR``.
``jsonl``      one cluster per line, ``{"id": ..., "documents": [...]}``; ``.gz``/``.xz`` are
               decompressed on the fly (also on standard input, recognised by magic bytes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

MULTINEWS_SEP = "|||||"
COMPRESSED_SUFFIXES = (".gz", ".xz")


@dataclass(frozen=True)
class Format:
    """One input format.  ``suffixes`` name it from a file name; ``recognise`` tells it from
    the first lines of a stream (None: never sniffed); ``reader`` is ``lines`` (one record a
    line), ``article`` (the whole input is one article) or ``folder``; ``kind`` is the
    article kind of :func:`storybrief.readers.articles.bytes_to_article` for article formats;
    ``named``: a file with one of ``suffixes`` is this format whatever it holds."""

    name: str
    suffixes: frozenset[str]
    reader: str
    recognise: Callable[[str], bool] | None = None
    kind: str | None = None
    named: bool = True  # the suffix alone decides (False: a .txt holding JSON lines is JSONL)


def _is_json(sample: str) -> bool:
    return sample.lstrip().startswith("{")


def _is_multinews(sample: str) -> bool:
    return MULTINEWS_SEP in sample or "NEWLINE_CHAR" in sample


def _is_html(sample: str) -> bool:
    s = sample.lstrip()
    return s[:200].lower().startswith(("<!doctype html", "<html")) or "<body" in s[:5000].lower()


# in the order they are tried when sniffing; text, last, takes anything
REGISTRY: tuple[Format, ...] = (
    Format("folder", frozenset(), "folder"),
    Format("jsonl", frozenset({".jsonl", ".json", ".ndjson"}), "lines", _is_json),
    Format("multinews", frozenset(), "lines", _is_multinews),
    Format("html", frozenset({".html", ".htm", ".xhtml"}), "article", _is_html, "html"),
    Format("markdown", frozenset({".md"}), "article", None, "markdown", named=False),
    Format("text", frozenset({".txt", ".text"}), "article", lambda _: True, "text", named=False),
)
BY_NAME = {f.name: f for f in REGISTRY}

FORMATS = ("auto", "folder", "text", "html", "multinews", "jsonl")
"""What ``--input-format`` accepts (Markdown is read as ``text`` with its ``.md`` name)."""
TEXT_SUFFIXES = set(BY_NAME["text"].suffixes | BY_NAME["markdown"].suffixes)
MARKDOWN_SUFFIXES = set(BY_NAME["markdown"].suffixes)
HTML_SUFFIXES = set(BY_NAME["html"].suffixes)
JSONL_SUFFIXES = set(BY_NAME["jsonl"].suffixes)
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES


def suffix_list(suffixes: set[str]) -> str:
    """``.htm, .html, .md, ...`` for messages."""
    return ", ".join(sorted(suffixes))


def strip_compression(name: str) -> tuple[str, bool]:
    """``name`` lower-cased without ``.gz``/``.xz``, and whether it had one."""
    name = name.lower()
    for comp in COMPRESSED_SUFFIXES:
        if name.endswith(comp):
            return name[: -len(comp)], True
    return name, False


def format_of_name(name: str) -> Format | None:
    """The format a file name announces (compression suffixes ignored), if any."""
    suffix = PurePath(strip_compression(name)[0]).suffix
    for f in REGISTRY:
        if suffix in f.suffixes:
            return f
    return None


def named_format(name: str) -> str | None:
    """The format a file's name decides on its own (``.jsonl``, ``.html``), else None: the
    content is sniffed."""
    f = format_of_name(name)
    return f.name if f is not None and f.named else None


def kind_of_name(name: str) -> str | None:
    """The article kind (``text``, ``markdown``, ``html``) of an article file's name."""
    f = format_of_name(name)
    if f is None or f.reader != "article" or strip_compression(name)[1]:
        return None
    return f.kind


def sniff(sample: str) -> str:
    """The format of a stream from its first lines (blank lines skipped by the peek)."""
    for f in REGISTRY:
        if f.recognise is not None and f.recognise(sample):
            return f.name
    return "text"
