"""Citations: the strict rule for a sentence's sources, support for what it paraphrases.

A citation that is not verifiable by deletion is either a paraphrase (the cited article holds
the content in other words: counted, no defect) or wrong (the article does not hold it: a bad
citation).  Every text here is written for the test."""

from __future__ import annotations

import pytest

from storybrief.evaluate.checks import CheckedDocuments, check_summary

FLOOD = (
    "Heavy rain flooded the river town of Millbrook on Sunday night. "
    "Rescue crews in boats pulled 40 residents from their roofs before dawn, the fire chief "
    "said. The mayor declared a state of emergency and opened two shelters at local schools."
)
FLOOD_WIRE = (
    "Millbrook residents spent Monday bailing out homes after the overnight flood. "
    "About 40 people had to be rescued by boat from rooftops, according to fire officials. "
    "Shelters were opened in two schools."
)
BUDGET = (
    "The state senate passed a budget on Thursday that raises teacher pay by 4 percent. "
    "The governor is expected to sign the bill next week, his spokeswoman said."
)


def test_paraphrase_is_counted_apart_and_is_no_bad_citation():
    # a language model's rewording: same facts, other words and order
    paraphrase = "Firefighters used boats to rescue 40 Millbrook residents stranded on roofs."
    result = check_summary([paraphrase], [[0, 1]], [FLOOD, FLOOD_WIRE])
    found = result.of_kind("unverified")
    assert [f.document for f in found] == [0, 1]  # the strict rule: not held by deletion
    assert all(f.supported for f in found)
    assert result.citations_verified == 0
    assert result.paraphrased() == 1
    assert result.editor_counts()["bad_citations"] == 0


def test_citation_of_an_article_without_the_content_is_bad():
    sentence = "Rescue crews in boats pulled 40 residents from their roofs before dawn."
    result = check_summary([sentence], [[0, 1]], [FLOOD, BUDGET])
    (wrong,) = result.of_kind("unverified")  # document 0 holds it compressed
    assert wrong.document == 1 and not wrong.supported
    assert "does not hold it" in wrong.detail
    assert result.editor_counts()["bad_citations"] == 1
    assert result.paraphrased() == 0


def test_similar_articles_are_held_to_support_not_to_deletion():
    # extracted from document 0 (compressed); document 1 says it in other words ("also [2]")
    sentence = "Rescue crews pulled 40 residents from their roofs, the fire chief said."
    docs = CheckedDocuments([FLOOD, FLOOD_WIRE, BUDGET])
    also = check_summary([sentence], [[0]], docs, similar=[[1]])
    assert (also.citations, also.citations_verified) == (1, 1)
    assert not also.of_kind("unverified")
    # naming an article that never reports it as "also" is a bad citation
    wrong = check_summary([sentence], [[0]], docs, similar=[[2]])
    assert [f.document for f in wrong.of_kind("unverified")] == [2]
    assert wrong.editor_counts()["bad_citations"] == 1


def test_storybrief_sources_keep_the_strict_rule():
    # a source citation verifies only verbatim or by deleting words; a reworded sentence is a
    # paraphrase at best, never verified, even when the article holds its content
    docs = CheckedDocuments([FLOOD])
    compressed = check_summary(["Rescue crews pulled 40 residents from their roofs."], [[0]], docs)
    assert compressed.citations_verified == 1 and not compressed.of_kind("unverified")
    moved = check_summary(["From their roofs, rescue crews pulled 40 residents."], [[0]], docs)
    assert moved.citations_verified == 0
    assert moved.of_kind("unverified")[0].supported  # the content is there: a paraphrase


def test_similar_must_match_the_sentences():
    with pytest.raises(ValueError, match="similar lists"):
        check_summary(["One.", "Two."], [[0], [0]], [FLOOD], similar=[[0]])
