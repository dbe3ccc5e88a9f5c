"""Quotes with speakers and roles, merged across sources; disagreements."""

from __future__ import annotations

import storybrief
from storybrief.analysis.quotes import extract_quotes, speaker_key


def test_attribution_after_and_before_the_quote():
    text = (
        '"We will reopen the bridge soon," said Dana Okafor, the mayor of Port Ellery. '
        'Engineer Sam Li told reporters: "The pier is cracked but standing." '
        '"It could take weeks," he added.'
    )
    qs = extract_quotes(text)
    assert [q.speaker for q in qs] == ["Dana Okafor", "Sam Li", "Sam Li"]
    assert qs[0].role == "the mayor of Port Ellery"
    assert qs[2].pronoun


def test_title_words_become_the_role():
    qs = extract_quotes(
        '"Next week, we will invite opposition representatives," said Russian Deputy Foreign '
        "Minister Mikhail Bogdanov."
    )
    assert qs[0].speaker == "Mikhail Bogdanov"
    assert qs[0].role == "Russian Deputy Foreign Minister"


def test_speaker_key_tolerates_spelling_variants():
    assert speaker_key("Maria Zakharova") == speaker_key("Maria Zakharov")
    assert speaker_key("Sergey Lavrov") == speaker_key("Sergei Lavrov")
    assert speaker_key("Dana Okafor") != speaker_key("Sam Li")


def test_same_quote_merged_across_sources_with_variants():
    docs = [
        'Asked about the bridge, spokeswoman Maria Zakharova said: "Absolutely not, we have never '
        'said that the bridge is safe." Traffic was diverted to the ferry.',
        '"Absolutely not, we have never said that the bridge is safe," Maria Zakharov told a '
        "radio station on Tuesday. The ferry was busy.",
        'The spokeswoman was blunt. "We have never said that the bridge is safe," Zakharova '
        "said on Tuesday, adding that engineers were at work.",
    ]
    a = storybrief.analyze(docs)
    merged = [q for q in a.quotes if "never said" in q.text]
    assert len(merged) == 1
    q = merged[0]
    assert q.sources == [0, 1, 2]
    assert q.speaker == "Maria Zakharova"
    assert q.to_dict()["role"] == "spokeswoman"
    names = [d for d in a.disagreements if d.about.startswith("spelling")]
    assert names and {"Maria Zakharova", "Maria Zakharov"} <= {v for v, _ in names[0].values}


def test_number_disagreement_and_no_false_one_across_magnitudes():
    docs = [
        "The war has left more than 240,000 people dead since 2011, monitors said on Monday.",
        "The war has killed some 250,000 people, monitors in the region said.",
        "A plane crash in the desert killed over 200 people, officials said.",
    ]
    a = storybrief.analyze(docs)
    tolls = [d for d in a.disagreements if d.about.startswith("death toll")]
    assert len(tolls) == 1
    assert tolls[0].to_dict()["values"] == [
        {"value": "more than 240,000", "sources": [0]},
        {"value": "some 250,000", "sources": [1]},
    ]


def test_nicknames_are_not_disagreements():
    docs = [
        "Richard Cordray said the agency would act. Cordray spoke in Ohio on Monday evening.",
        "Rich Cordray said the agency would act soon, speaking in Ohio on Monday evening.",
    ]
    a = storybrief.analyze(docs)
    assert not [d for d in a.disagreements if "Cordray" in d.about]
