"""The pipeline end to end through the Python API, on small clusters written here."""

from __future__ import annotations

import json

import pytest

import storybrief
from storybrief.errors import InputFormatError, OptionError
from storybrief.pipeline import Summarizer

WIRE = (
    "A runaway grain barge struck the Harbor Bridge in Port Ellery early on Tuesday, forcing "
    "officials to close the span to all traffic while engineers inspect a damaged support pier."
)
SPUN = (
    "A runaway grain barge struck the Harbor Bridge in Port Ellery early Tuesday, forcing "
    "authorities to close the span to all vehicles while engineers inspect a damaged support pier."
)
DOCS = [
    {
        "text": WIRE + " No one was injured, the city's emergency office said on Tuesday morning. "
        "About 60,000 vehicles cross the bridge each day and were diverted upstream.",
        "title": "Barge strike shuts bridge",
        "url": "https://example.org/a",
        "date": "2026-11-17",
    },
    "Share\n" + SPUN + "\nThe transit authority said it would add ferry trips every 15 minutes "
    "during rush hours and run free shuttle buses for stranded commuters.",
    "Mayor Dana Okafor said the bridge would stay closed for days while divers survey the pier. "
    "Local businesses said the closure came weeks before the busy holiday shopping season.",
]


def test_summary_respects_budget_and_attributes_every_sentence() -> None:
    for budget in (10, 25, 40, 60, 200):
        s = storybrief.summarize(DOCS, max_words=budget)
        assert s.n_words <= budget
        assert len(s.text.split()) <= budget
        for sent in s.sentences:
            assert sent.sources, sent
            assert sorted({d for d, _ in sent.positions}) == sent.sources
            # every cited document really carries the sentence (or its near-duplicate)
            for d, pos in sent.positions:
                member = next(x for x in s.cluster.sentences if x.doc == d and x.position == pos)
                assert any(member.text in p for p in s.cluster.cleaned[d].paragraphs)
            assert any(sent.text == x.text for x in s.cluster.sentences if x.doc in sent.sources)


def test_max_sentences() -> None:
    s = storybrief.summarize(DOCS, max_words=500, max_sentences=2)
    assert len(s.sentences) == 2


def test_syndicated_sentence_is_one_unit_with_two_sources() -> None:
    s = storybrief.summarize(DOCS, max_words=200)
    barge = [x for x in s.sentences if "runaway grain barge" in x.text]
    assert len(barge) == 1, "the same fact must not be stated twice"
    # cited: the article holding this wording; the other wording is listed as similar
    assert sorted(barge[0].sources + barge[0].similar) == [0, 1]
    assert len(barge[0].sources) == 1
    dup = json.loads(s.to_json())["duplicates"]
    assert any({m["doc"] for m in g["members"]} == {0, 1} for g in dup)


def test_grouping_can_be_switched_off() -> None:
    s = Summarizer(max_words=200, dedup_threshold=1.01, redundancy=1.0).summarize(DOCS)
    assert all(len(x.sources) == 1 for x in s.sentences)


@pytest.mark.parametrize("method", ["default", "lead", "lexrank", "centroid", "hybrid"])
def test_every_method_works_and_is_deterministic(method: str) -> None:
    a = storybrief.summarize(DOCS, max_words=60, method=method)
    b = storybrief.summarize(DOCS, max_words=60, method=method)
    assert a.sentences and a.to_json() == b.to_json()


def test_a_scorer_object_replaces_the_methods_own() -> None:
    # training measures a model it has just fitted this way: the summarizer must use the
    # object given, so the learned method with lead's scorer picks lead's sentences
    from storybrief.pipeline.score import LeadScorer

    lead = Summarizer(method="lead", max_words=60).summarize(DOCS)
    given = Summarizer(method="learned", max_words=60, opener="rule", scorer=LeadScorer())
    assert [x.text for x in given.summarize(DOCS).sentences] == [x.text for x in lead.sentences]
    learned = Summarizer(method="learned", max_words=60).summarize(DOCS)
    assert [x.text for x in learned.sentences] != [x.text for x in lead.sentences]


def test_lead_takes_first_sentences_round_robin() -> None:
    s = storybrief.summarize(DOCS, max_words=200, method="lead", max_sentences=2)
    texts = " ".join(x.text for x in s.sentences)
    assert "runaway grain barge" in texts
    assert "Mayor Dana Okafor" in texts


def test_renderers() -> None:
    s = storybrief.summarize(DOCS, max_words=80)
    md = s.to_markdown()
    assert "[1]" in md and "**Sources**" in md
    assert "[Barge strike shuts bridge](https://example.org/a) (2026-11-17)" in md
    data = json.loads(s.to_json())
    assert data["text"] == s.text
    assert data["n_words"] == s.n_words <= 80
    first = data["sentences"][0]
    assert set(first) == {
        "text",
        "sources",
        "similar",
        "positions",
        "score",
        "original",
        "removed",
        "named",
    }
    assert any(r["text"] == "Share" for r in data["removed"])
    txt = s.to_text()
    assert "Sources:" in txt and "[1]" in txt
    assert s.to_text(citations=False) == s.text


def test_single_document_and_empty_results() -> None:
    s = storybrief.summarize([DOCS[2]], max_words=30)
    assert s.sentences and all(x.sources == [0] for x in s.sentences)
    empty = storybrief.summarize(["Share\nAdvertisement\n", "   "], max_words=30)
    assert empty.sentences == [] and empty.text == ""


def test_bad_arguments_raise_clear_errors() -> None:
    with pytest.raises(OptionError, match="unknown method"):
        storybrief.summarize(DOCS, method="magic")
    with pytest.raises(OptionError, match="max_words"):
        storybrief.summarize(DOCS, max_words=0)
    with pytest.raises(InputFormatError, match="list of articles"):
        storybrief.summarize("just one string")
    with pytest.raises(InputFormatError, match="document 2"):
        storybrief.summarize(["ok text here.", 42])


def test_summary_does_not_open_with_dangling_pronoun() -> None:
    docs = [
        "He said the plan would fail. The governor announced a new flood plan on Monday for the coast.",
        "The governor's flood plan costs $3 billion and covers 40 towns along the coast, officials said.",
    ]
    s = storybrief.summarize(docs, max_words=100)
    assert not s.sentences[0].text.startswith("He ")


def test_large_cluster_is_capped_and_bounded() -> None:
    doc = " ".join(
        f"Officials in town {i} reported flooding of {i} streets on Monday." for i in range(120)
    )
    s = storybrief.summarize([doc] * 60, max_words=50)
    assert s.n_words <= 50
    assert any("5000 sentences" in w for w in s.cluster.warnings)
