"""Quotes with speakers and roles, merged across sources; disagreements.

Every text is written for the test (fictional bridge, river and harbour stories).
"""

from __future__ import annotations

import storybrief
from storybrief.analysis.quotes import extract_quotes, is_title, same_speaker, speaker_key


def _speakers(text: str) -> list[str | None]:
    return [q.speaker for q in extract_quotes(text)]


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


def test_he_said_follows_the_grammatical_subject_not_the_last_speaker():
    text = (
        '"The water rose faster than anyone expected," said Nora Vance, a ferry captain.\n'
        "Tom Brandt, who runs the harbour cafe, said the flood reached his door by noon. "
        '"We moved everything upstairs in twenty minutes," he said.'
    )
    assert _speakers(text) == ["Nora Vance", "Tom Brandt"]


def test_pronoun_skips_a_subject_that_is_not_a_person():
    text = (
        "For Mr. Holm, the Harbor Band was always about playing live. "
        '"We never planned a single show in our lives," he told a radio station.'
    )
    assert _speakers(text) == ["Holm"]


def test_sentence_openers_and_places_are_never_speakers():
    text = (
        '"The levee will hold through the weekend," Meanwhile said. '
        '"Nobody here has ever seen the river like this," North America said. '
        '"We are sending two more pumps tonight," Yet Carla Diaz said.'
    )
    assert _speakers(text) == [None, None, "Carla Diaz"]


def test_titles_of_works_in_quotation_marks_are_not_quotes():
    text = (
        'She starred in the film "The River Keeper of Port Ellery" last year. '
        'The band played "Songs From the Old Harbour Bridge" twice. '
        '"We will rebuild the pier before the summer season," the mayor said.'
    )
    qs = extract_quotes(text)
    assert [q.text for q in qs] == ["We will rebuild the pier before the summer season"]
    assert is_title(text, text.index('"The River'), text.index('" last') + 1, "The River Keeper")


def test_indefinite_and_generic_descriptions_name_nobody():
    text = (
        'Dana Okafor visited the pier on Tuesday. "It is worse than it looks from the shore," '
        'a city engineer said. "I have never seen water this high in my life," said the man '
        "who lives next to the pier."
    )
    assert _speakers(text) == [None, None]


def test_a_description_resolves_to_the_person_introduced_with_that_role():
    text = (
        "District Judge Ana Ruiz ordered the ferry company to pay for the repairs. "
        "The company's lawyers said they would appeal the ruling. "
        '"The company knew about the damage for months," the judge said.'
    )
    assert _speakers(text) == ["Ana Ruiz"]


def test_continuation_quote_keeps_the_speaker_and_a_nobody_stays_nobody():
    text = (
        '"The pier moved three inches overnight," said Sam Li. "We closed it at dawn."\n'
        '"Everyone in our street was scared," one resident said. "Nobody slept here last night."'
    )
    assert _speakers(text) == ["Sam Li", "Sam Li", None, None]


def test_surname_becomes_the_nearest_full_name_not_a_relative():
    docs = [
        "Mira Kessler, 9, was rescued from the water near the pier on Tuesday. Her "
        "grandfather, Otto Kessler, 70, watched from the shore. "
        '"I thought I had lost her for a moment in the waves," Kessler told reporters.'
    ]
    a = storybrief.analyze(docs)
    assert [q.speaker for q in a.quotes] == ["Otto Kessler"]


def test_speaker_key_tolerates_spelling_variants_but_not_other_first_names():
    assert speaker_key("Maria Zakharova") == speaker_key("Maria Zakharov")
    assert same_speaker("Sergey Lavrov", "Sergei Lavrov")
    assert same_speaker("Lavrov", "Sergei Lavrov")
    assert not same_speaker("Otto Kessler", "Mira Kessler")
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


def test_outlet_that_reports_a_quote_is_not_its_speaker():
    text = (
        "Asked about the closure, Dana Okafor, the mayor, told a local radio station, "
        '"The bridge stays shut until the divers are done," the Harbor Times reports.'
    )
    qs = extract_quotes(text)
    assert [(q.speaker, q.role) for q in qs] == [("Dana Okafor", "the mayor")]
