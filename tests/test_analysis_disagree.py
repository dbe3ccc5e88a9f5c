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


def test_quote_credited_to_two_people_is_not_shown():
    # every such flag judged was an attribution error of the quote pass: none is shown
    docs = [
        '"We will never close the harbour to the fishing fleet," said Nora Vance on Monday.',
        '"We will never close the harbour to the fishing fleet," said Ivo Petrov on Monday.',
    ]
    assert not [d for d in storybrief.analyze(docs).disagreements if d.kind == "speaker"]


def test_early_floor_and_later_toll_are_not_a_disagreement():
    docs = [
        "The quake in the mountain valley killed at least 16 people, rescuers said on Sunday.",
        "The quake in the mountain valley killed 19 people, rescuers said on Sunday.",
    ]
    assert not _about(docs)
    update = [
        "The ferry sinking off the coast killed 31 people, the coast guard said on Friday.",
        "The toll of the ferry sinking off the coast rose to 40 people, the coast guard said.",
    ]
    assert not _about(update)
    # a count below a floor still conflicts with it
    below = [
        "The quake in the mountain valley killed at least 30 people, rescuers said on Sunday.",
        "The quake in the mountain valley killed 19 people, rescuers said on Sunday.",
    ]
    assert [x for x in _about(below) if x.startswith("death toll")]


def test_region_and_country_tolls_are_not_a_disagreement():
    docs = [
        "The storm killed 22 people in Carteret County, officials said on Tuesday evening.",
        "The storm killed 31 people, officials said on Tuesday evening as rain kept falling.",
    ]
    assert not _about(docs)
    lower = [
        "The heat wave has killed 852 people in the state of andhra pradesh, officials said.",
        "The heat wave has killed 1,118 people in telangana and andhra pradesh, officials said.",
    ]
    assert not _about(lower)


def test_other_event_year_part_or_attackers_are_not_a_disagreement():
    events = [
        "The shipwreck near the island killed 111 people, the navy said on Thursday.",
        "The bus crash near the island killed 81 people, the navy said on Thursday.",
    ]
    assert not _about(events)
    years = [
        "Overdoses killed 63,000 americans in 2016, the health agency said in a report.",
        "Overdoses killed 72,000 americans in 2017, the health agency said in a report.",
    ]
    assert not _about(years)
    attackers = [
        "The siege of the hotel left 20 people dead, the army said on Saturday.",
        "The siege of the hotel left 17 people dead and the three gunmen, the army said.",
    ]
    assert not _about(attackers)
    part = [
        "Four people were killed and 16 were injured when the train hit the float, police said.",
        "Four people were killed and 12 were hurt when the train hit the float, police said.",
    ]
    assert not [x for x in _about(part) if x.startswith("death toll")]
    animals = [
        "The bear drove 169 sheep over the cliff near the village, shepherds said.",
        "The bear drove the flock over a cliff to their death 200 meters below the village.",
    ]
    assert not _about(animals)


def test_same_toll_stated_differently_is_still_flagged():
    docs = [
        "The fire at the school dormitory killed 24 people, most of them teenagers, police said.",
        "The fire at the school dormitory killed 23 people, most of them teenagers, police said.",
    ]
    tolls = [d for d in storybrief.analyze(docs).disagreements if d.kind == "number"]
    assert len(tolls) == 1 and {v for v, _ in tolls[0].values} == {"24", "23"}


def test_nicknames_are_not_disagreements():
    docs = [
        "Richard Cordray said the agency would act. Cordray spoke in Ohio on Monday evening.",
        "Rich Cordray said the agency would act soon, speaking in Ohio on Monday evening.",
    ]
    a = storybrief.analyze(docs)
    assert not [d for d in a.disagreements if "Cordray" in d.about]
