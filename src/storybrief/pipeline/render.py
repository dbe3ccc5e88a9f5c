"""Stage 7, render: a Summary as plain text, Markdown with citations, or JSON.

Citations are 1-based article numbers in input order, ``[1][3]``: the articles that hold the
sentence as it is shown.  Articles that report the same fact in other words follow as
``(also [2])``.  The JSON keeps 0-based indices (``sources``, ``similar``) because programs
index lists from zero.

The citations and source lists are written once (:func:`cited_text`,
:func:`cited_markdown`), for a :class:`Summary` and for a summary stored in its JSON form (a
feed story's digest: :func:`stored_text`, :func:`stored_markdown`), so ``summarize`` and
``feed show`` cite alike.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple
from urllib.parse import quote

from storybrief.pipeline.summary import Summary
from storybrief.text.links import safe_url
from storybrief.text.terminal import terminal_safe
from storybrief.types import CleanDocument


class Cited(NamedTuple):
    """A summary sentence as the citation renderers see it (0-based document indices)."""

    text: str
    sources: Sequence[int]
    similar: Sequence[int] = ()


class Source(NamedTuple):
    """A summarized document as the source lists show it."""

    index: int  # 0-based
    label: str
    url: str | None
    date: str | None


def _cite(sources: Sequence[int], similar: Sequence[int] | None = None) -> str:
    marks = "".join(f"[{i + 1}]" for i in sources)
    if similar:
        marks += " (also " + "".join(f"[{i + 1}]" for i in similar) + ")"
    return marks


def _source_line(d: Source) -> str:
    parts = [d.label]
    if d.url and d.url != d.label:
        parts.append(d.url)
    if d.date:
        parts.append(d.date)
    # label, url and date come from the input: shown on a terminal, they must not carry
    # escape sequences (storybrief.text.terminal)
    return " — ".join(terminal_safe(p, one_line=True) for p in parts)


def cited_text(sentences: Sequence[Cited], documents: Sequence[Source]) -> str:
    """The sentences with ``[n]`` citations, then ``Sources:`` -- one line per cited
    document; "" without sentences."""
    if not sentences:
        return ""
    body = " ".join(f"{s.text} {_cite(s.sources, s.similar)}" for s in sentences)
    by_index = {d.index: d for d in documents}
    cited = sorted({i for s in sentences for i in (*s.sources, *s.similar)})
    sources = [f"[{i + 1}] {_source_line(by_index[i])}" for i in cited if i in by_index]
    return body + "\n\nSources:\n" + "\n".join(sources)


def cited_markdown(sentences: Sequence[Cited], documents: Sequence[Source]) -> list[str]:
    """Markdown lines: the sentences with ``[n]`` citations (or a line saying there is no
    summary), then **Sources**, every document numbered and linked (http(s) only)."""
    lines = []
    if sentences:
        lines.append(
            " ".join(f"{md_escape(s.text)} {_cite(s.sources, s.similar)}" for s in sentences)
        )
    else:
        lines.append("_No summary: nothing summarizable was found in the input._")
    lines += ["", "**Sources**", ""]
    for d in documents:
        date = f" ({md_escape(d.date)})" if d.date else ""
        lines.append(f"{d.index + 1}. {md_link(d.label, d.url)}{date}")
    return lines


def _sentences(summary: Summary) -> list[Cited]:
    return [Cited(s.text, s.sources, s.similar) for s in summary.sentences]


def _documents(summary: Summary) -> list[Source]:
    return [_source(c) for c in summary.cluster.cleaned]


def _source(c: CleanDocument) -> Source:
    return Source(c.doc.index, c.label, c.doc.url, c.doc.date)


def render_text(summary: Summary, citations: bool = True) -> str:
    if not summary.sentences:
        return ""
    if not citations:
        return summary.text
    return cited_text(_sentences(summary), _documents(summary))


# -- a summary stored in its JSON form (render_dict; a feed story's digest) --------------------
def _stored(summary: Mapping[str, Any]) -> tuple[list[Cited], list[Source]]:
    # stored text comes from strangers' articles and goes to a terminal: no escape sequences
    sentences = [
        Cited(terminal_safe(s["text"], one_line=True), s["sources"], s.get("similar") or [])
        for s in summary.get("sentences", [])
    ]
    documents = [
        Source(d["index"], d.get("label") or "", d.get("url"), d.get("date"))
        for d in summary.get("documents", [])
    ]
    return sentences, documents


def stored_text(summary: Mapping[str, Any]) -> str:
    """:func:`cited_text` of a summary in its JSON form (``Summary.to_dict()``)."""
    return cited_text(*_stored(summary))


def stored_markdown(summary: Mapping[str, Any]) -> list[str]:
    """:func:`cited_markdown` of a summary in its JSON form (``Summary.to_dict()``)."""
    return cited_markdown(*_stored(summary))


# -- Markdown: everything from the input is escaped (issue 12) ---------------------------------
# Titles, URLs, ids and sentences come from the articles, so they may hold raw HTML
# (``<script>``, ``<img onerror=...>``) or Markdown that would turn into links, images or
# emphasis.  The characters that open Markdown constructs inside a line are backslash-escaped
# (CommonMark: any ASCII punctuation may be), with the few that only matter at the start of a
# line (headings, lists) escaped there; only http(s) URLs become links, and any other scheme
# (``javascript:``, ``data:``) is shown as plain text.
_MD_INLINE = re.compile(r"([\\`*_\[\]<>~])")
_MD_LINE_START = re.compile(r"^(#|[+=-]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown inline text: no HTML, no links, no emphasis, no terminal
    escape sequences; one line."""
    text = terminal_safe(text, one_line=True)  # a newline could start a heading or a list
    text = _MD_INLINE.sub(r"\\\1", text)
    m = _MD_LINE_START.match(text)
    if m:  # "# x" -> "\# x", "- x" -> "\- x", "1. x" -> "1\. x"
        end = m.end()
        text = "\\" + text if not m.group(1)[0].isdigit() else text[:end] + "\\" + text[end:]
    return text


def md_link(label: str, url: str | None) -> str:
    """``[label](url)`` for an http(s) URL (spaces, parentheses, angle brackets and quotes
    percent-encoded, so Markdown cannot end the link early or break out of it); for any
    other scheme the escaped label and the URL as plain text."""
    if not url:
        return md_escape(label)
    clean = url.strip()
    if safe_url(clean):
        target = quote(clean, safe="/:?#[]@!$&'*+,;=%~-._")  # spaces, <, >, quotes, ( )
        return f"[{md_escape(label)}]({target})"
    shown = md_escape(label)
    return shown if md_escape(clean) == shown else f"{shown} — {md_escape(clean)}"


def render_markdown(summary: Summary) -> str:
    lines = []
    if summary.id:
        lines += [f"## {md_escape(str(summary.id))}", ""]
    lines += cited_markdown(_sentences(summary), _documents(summary))
    # The analysis section writes its own Markdown (bold, [n] citations) around values taken
    # from the text; raw HTML is what must not pass, so angle brackets are escaped there.
    lines += [
        ln.replace("<", "\\<").replace(">", "\\>") for ln in _analysis(summary).markdown_lines()
    ]
    return "\n".join(lines) + "\n"


def _analysis(summary: Summary) -> Any:
    """The summary's source analysis (computed here for a Summary built without one)."""
    if summary.analysis is None:
        from storybrief.analysis import analyze_cluster

        summary.analysis = analyze_cluster(summary.cluster)
    return summary.analysis


def render_dict(summary: Summary) -> dict[str, Any]:
    cluster = summary.cluster
    sents = cluster.sentences
    n_sentences = [0] * len(cluster.documents)
    for s in sents:
        n_sentences[s.doc] += 1
    out: dict[str, Any] = {
        "id": summary.id,
        "method": summary.method,
        "max_words": summary.max_words,
        "max_sentences": summary.max_sentences,
        "n_words": summary.n_words,
        "text": summary.text,
        "sentences": [
            {
                "text": s.text,
                "sources": s.sources,
                "similar": s.similar,
                "positions": [{"doc": d, "sentence": p} for d, p in s.positions],
                "score": round(s.score, 6),
                # compression (issue 17): the sentence as the articles hold it, and the
                # spans of it that were cut (empty when nothing was)
                "original": s.original or s.text,
                "removed": s.removed,
                "named": s.named,
            }
            for s in summary.sentences
        ],
        "documents": [
            {
                "index": c.doc.index,
                "label": c.label,
                "title": c.doc.title or c.headline,
                "url": c.doc.url,
                "date": c.doc.date,
                "name": c.doc.name,
                "n_sentences": n_sentences[c.doc.index],
                "truncated": c.truncated,
            }
            for c in cluster.cleaned
        ],
        "removed": [
            {"doc": r.doc, "line": r.line, "text": r.text, "reason": r.reason}
            for c in cluster.cleaned
            for r in c.removed
        ],
        "duplicates": [
            {
                "text": cluster.unit_text(u),
                "members": [
                    {"doc": sents[m].doc, "sentence": sents[m].position, "text": sents[m].text}
                    for m in u.members
                ],
            }
            for u in cluster.units
            if u.support > 1
        ],
        "screened": _screened(summary),
        # each document's genre (issue 17): news, opinion, review, explainer or roundup
        "genres": [g.to_dict() for g in summary.genres] if summary.genres else [],
        "warnings": list(cluster.warnings),
    }
    analysis = _analysis(summary).to_dict()
    for key in ("cluster_date", "sources", "quotes", "disagreements"):
        out[key] = analysis[key]
    if cluster.extra:
        out["extra"] = cluster.extra
    return out


def _screened(summary: Summary) -> list[dict[str, Any]]:
    """Sentences the readability screen ruled out of any summary, with the reason."""
    screen = summary.screen
    if screen is None:
        return []
    cluster = summary.cluster
    out = []
    for u in cluster.units:
        reason = screen.reasons[u.id]
        if reason is None:
            continue
        rep = cluster.sentences[u.representative]
        out.append({"doc": rep.doc, "sentence": rep.position, "text": rep.text, "reason": reason})
    return out


def render_json(summary: Summary, indent: int | None = 2) -> str:
    return json.dumps(render_dict(summary), ensure_ascii=False, indent=indent)
