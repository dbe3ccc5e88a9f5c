"""Disagreements: only real conflicts between sources.  Texts written for the test."""

from __future__ import annotations

import storybrief


def _about(docs: list[str]) -> list[str]:
    return [d.about for d in storybrief.analyze(docs).disagreements]


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


def test_ranges_bounds_and_rounding_are_compatible():
    ranges = [
        "The flood has killed 1,500 to 2,500 people in the valley, aid groups said.",
        "The flood has killed more than 1,800 people in the valley, aid groups said.",
    ]
    assert not [x for x in _about(ranges) if x.startswith("death toll")]
    rounding = [
        "The storm injured 340 people along the coast, the ministry said on Friday.",
        "The storm injured 342 people along the coast, the ministry said on Friday.",
    ]
    assert not [x for x in _about(rounding) if x.startswith("injured")]
    conflict = [
        "The storm injured 340 people along the coast, the ministry said on Friday.",
        "The storm injured 510 people along the coast, the ministry said on Friday.",
    ]
    assert [x for x in _about(conflict) if x.startswith("injured")]


def test_different_scopes_periods_and_ages_are_not_conflicts():
    scope = [
        "Across Syria, 125 people were killed on Monday, activists said.",
        "In Homs, 104 people were killed on Monday, activists said.",
    ]
    assert not _about(scope)
    periods = [
        "Five days of unrest have left 50 people dead in the port city, doctors said.",
        "Four days of unrest have left at least 40 people dead in the port city, doctors said.",
    ]
    assert not _about(periods)
    ages = [
        "The singer died at age 36 after a long illness, his family said.",
        "The 41-year-old singer died on Wednesday after a long illness, his family said.",
    ]
    assert not _about(ages)


def test_name_spellings_but_not_nicknames_or_common_nouns():
    docs = [
        "Jonathan Magwood coached the team for six years before the accident in the park.",
        "Jonathon Magwood coached the team for six years before the accident in the park.",
    ]
    assert any(x.startswith("spelling of a name") for x in _about(docs))
    nick = [
        "Stephen Bannon met the donors on Monday evening at the hotel in the city.",
        "Steve Bannon met the donors on Monday evening at the hotel in the city.",
    ]
    assert not _about(nick)
    nouns = [
        "Fire Marshal reports were filed on Monday, and the fire marshal spoke later.",
        "Fire Marshall reports were filed on Monday, and the team spoke to reporters.",
    ]
    assert not _about(nouns)


def test_same_quote_credited_to_different_people():
    docs = [
        '"We will never close the harbour to the fishing fleet," said Nora Vance on Monday.',
        '"We will never close the harbour to the fishing fleet," said Ivo Petrov on Monday.',
    ]
    who = [d for d in storybrief.analyze(docs).disagreements if d.kind == "speaker"]
    assert len(who) == 1
    assert {v for v, _ in who[0].values} == {"Nora Vance", "Ivo Petrov"}
    joint = [
        '"We will never close the harbour to the fishing fleet," said Nora Vance and Ivo '
        "Petrov in a joint statement.",
        '"We will never close the harbour to the fishing fleet," said Ivo Petrov on Monday.',
    ]
    assert not [d for d in storybrief.analyze(joint).disagreements if d.kind == "speaker"]


def test_nicknames_are_not_disagreements():
    docs = [
        "Richard Cordray said the agency would act. Cordray spoke in Ohio on Monday evening.",
        "Rich Cordray said the agency would act soon, speaking in Ohio on Monday evening.",
    ]
    a = storybrief.analyze(docs)
    assert not [d for d in a.disagreements if "Cordray" in d.about]
