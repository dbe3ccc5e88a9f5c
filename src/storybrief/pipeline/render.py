"""Stage 7, render: a Summary as plain text, Markdown with citations, or JSON.

Citations are 1-based article numbers in input order, ``[1][3]``; the JSON keeps 0-based
indices (``sources``) because programs index lists from zero.
"""

from __future__ import annotations

import json
from typing import Any

from storybrief.pipeline.summary import Summary
from storybrief.types import CleanDocument


def _cite(sources: list[int]) -> str:
    return "".join(f"[{i + 1}]" for i in sources)


def _cited_docs(summary: Summary) -> list[int]:
    return sorted({i for s in summary.sentences for i in s.sources})


def _source_line(c: CleanDocument) -> str:
    doc = c.doc
    parts = [c.label]
    if doc.url and doc.url != c.label:
        parts.append(doc.url)
    if doc.date:
        parts.append(doc.date)
    return " — ".join(parts)


def render_text(summary: Summary, citations: bool = True) -> str:
    if not summary.sentences:
        return ""
    if not citations:
        return summary.text
    body = " ".join(f"{s.text} {_cite(s.sources)}" for s in summary.sentences)
    sources = [
        f"[{i + 1}] {_source_line(summary.cluster.cleaned[i])}" for i in _cited_docs(summary)
    ]
    return body + "\n\nSources:\n" + "\n".join(sources)


def render_markdown(summary: Summary) -> str:
    lines = []
    if summary.id:
        lines += [f"## {summary.id}", ""]
    if summary.sentences:
        lines.append(" ".join(f"{s.text} {_cite(s.sources)}" for s in summary.sentences))
    else:
        lines.append("_No summary: nothing summarizable was found in the input._")
    lines += ["", "**Sources**", ""]
    for c in summary.cluster.cleaned:
        doc = c.doc
        title = c.label.replace("[", "\\[").replace("]", "\\]")
        link = f"[{title}]({doc.url})" if doc.url else title
        date = f" ({doc.date})" if doc.date else ""
        lines.append(f"{doc.index + 1}. {link}{date}")
    lines += _analysis(summary).markdown_lines()
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
                "positions": [{"doc": d, "sentence": p} for d, p in s.positions],
                "score": round(s.score, 6),
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
        "warnings": list(cluster.warnings),
    }
    analysis = _analysis(summary).to_dict()
    for key in ("cluster_date", "sources", "quotes", "disagreements"):
        out[key] = analysis[key]
    if cluster.extra:
        out["extra"] = cluster.extra
    return out


def render_json(summary: Summary, indent: int | None = 2) -> str:
    return json.dumps(render_dict(summary), ensure_ascii=False, indent=indent)
