"""``unintroduced``: which capitalised pairs of the sources are a person's full name.

A surname is reported only when the sources give its full name; "Upper Darby" (a place),
"Darby Police" (an organisation), "Seek Jack The Cat" (a headline's capitalised run) and
"Yesterday Josh" (a sentence's first word) are no full names.  Every text is written here."""

from __future__ import annotations

from storybrief.evaluate.checks import check_summary


def _unintroduced(sentences: list[str], docs: list[str]) -> list[int]:
    return [f.sentence for f in check_summary(sentences, None, docs).of_kind("unintroduced")]


PERSON = (
    "Ana Molina, a teacher, was crossing the bridge when the river rose. "
    "Molina said she was frightened."
)


def test_a_full_name_at_a_sentence_start_still_counts():
    assert _unintroduced(["Molina said the water rose fast."], [PERSON]) == [0]


def test_a_place_is_no_full_name():
    docs = ["The shooting happened in Upper Darby on Thursday. Darby police said he fled."]
    assert _unintroduced(["Darby said the suspect fled."], docs) == []
    # the digest's own context says place: "in Darby", "Darby, Pennsylvania"
    docs = ["Officers said Tom Darby was not hurt. Darby said he heard shots."]
    assert _unintroduced(["Darby said he heard shots."], docs) == [0]
    assert _unintroduced(["A gunman opened fire in Darby, Pennsylvania."], docs) == []
    assert _unintroduced(["A gunman opened fire in Darby on Thursday."], docs) == []


def test_an_organisation_or_a_longer_capitalised_phrase_is_no_full_name():
    docs = ["Police said the Kent Molina Foundation paid for the bridge. Molina said so."]
    assert _unintroduced(["Molina said the bridge was paid for."], docs) == []
    headline = "2 Months In, Searchers Still Seek Jack The Cat Lost At JFK\nJack was found."
    assert _unintroduced(["Jack was found inside the airport."], [headline]) == []
    run = "Airport Workers Seek Jack at the terminal. Jack was found on Monday."
    assert _unintroduced(["Jack was found on Monday."], [run]) == []
    team = "For the keepers of Team Nola, the rhino came first. Nola's keepers stayed."
    assert _unintroduced(["Nola died on Sunday."], [team]) == []


def test_a_sentence_opener_is_no_first_name():
    # an adverb of time, and a word the sources also write in lower case
    docs = ["Yesterday Josh checked himself into a treatment center, his parents said."]
    assert _unintroduced(["His parents said Josh had checked himself in."], docs) == []
    docs = ["Searchers mark the trail. Mark Rowan is the name of the search dog."]
    assert _unintroduced(["Rowan was found on Monday."], docs) == []
    # the same pair in mid-sentence is a name, though "mark" is a common word too
    docs = ["Searchers mark the trail. The dog was found by Mark Rowan on Monday."]
    assert _unintroduced(["Rowan said the dog was fine."], docs) == [0]


def test_a_nickname_between_first_name_and_surname_introduces_the_surname():
    docs = ['Liberty "Libby" German, 14, was found near the creek. German was a student.']
    sentence = 'Liberty "Libby" German, 14, was found near the creek.'
    assert _unintroduced([sentence, "German was a student."], docs) == []
    assert _unintroduced(["German was a student."], docs) == [0]
