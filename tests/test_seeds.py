"""The user's own example: five real articles about Russia and Assad (../shared/seeds).

`storybrief summarize ../shared/seeds --max-words 120 --format markdown` must give a summary
a news editor would accept: no boilerplate, no fact stated twice, sentences from at least
three different articles with correct citations, nothing from the captions or link lists.
"""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from storybrief.cli import app
from storybrief.pipeline import Summarizer
from storybrief.text.compress import is_compression
from storybrief.text.words import content_stems

BOILERPLATE = [
    "Share",
    "Advertisement",
    "Leave a Reply",
    "email address",
    "Recommended Reads",
    "Newsweek:",
    "Top image",
    "AP Photo",
    "Al Zaatari refugee camp",  # photo caption repeated in two articles
    "Photo Internet",
    "first published on CNN",
    "Parts From Reuters",
]


def _docs(seeds: Path) -> list[dict]:
    return [
        {"text": p.read_text(encoding="utf-8"), "name": p.name} for p in sorted(seeds.glob("*.txt"))
    ]


def test_seeds_markdown_summary_is_acceptable(seeds_dir: Path) -> None:
    r = CliRunner().invoke(
        app, ["summarize", str(seeds_dir), "--max-words", "120", "--format", "markdown"]
    )
    assert r.exit_code == 0, r.output
    body = r.stdout.split("**Sources**")[0]
    for junk in BOILERPLATE:
        assert junk not in body, junk
    cited = {int(n) for n in re.findall(r"\[(\d)\]", body)}
    assert len(cited) >= 3, body
    marks = r"\(also (?:\[\d\])+\)|\[\d\]"
    assert len(re.sub(marks, "", body).split()) <= 120 + 3  # + "## seeds" header


def test_seeds_citations_are_correct_and_no_fact_twice(seeds_dir: Path) -> None:
    docs = _docs(seeds_dir)
    summary = Summarizer(max_words=120).summarize(docs)
    assert summary.n_words <= 120
    assert len({d for s in summary.sentences for d in (*s.sources, *s.similar)}) >= 3
    for s in summary.sentences:
        # each cited article holds the sentence (up to spacing), and the digest shows it
        # whole or shortened by deletions only (issue 17)
        assert is_compression(s.text, s.original), (s.text, s.original)
        for d in s.sources:
            assert " ".join(s.original.split()) in " ".join(docs[d]["text"].split()), (s.text, d)
        # each "also" article holds a near-copy sharing most content words
        stems = set(content_stems(s.text))
        for d in s.similar:
            article = set(content_stems(docs[d]["text"]))
            assert len(stems & article) / len(stems) > 0.6, (s.text, d)
    # no fact twice: no two summary sentences share half of their content words
    for i, a in enumerate(summary.sentences):
        for b in summary.sentences[i + 1 :]:
            sa, sb = set(content_stems(a.text)), set(content_stems(b.text))
            assert len(sa & sb) / min(len(sa), len(sb)) < 0.5, (a.text, b.text)
