"""Issue 17, item 2: compressive extraction by deletions only, on text written here."""

from __future__ import annotations

import pytest

from storybrief.pipeline import Summarizer
from storybrief.pipeline.readability import needs_predecessor
from storybrief.text.compress import (
    Compression,
    apply_cuts,
    compress,
    full_names,
    is_compression,
    second_mentions,
)


def _check(c: Compression) -> None:
    """Every compression is its source with the recorded spans deleted, and a subsequence."""
    assert apply_cuts(c.source, c.cuts) == c.text
    assert is_compression(c.text, c.source)
    for cut in c.cuts:
        assert c.source[cut.start : cut.end] == cut.text


@pytest.mark.parametrize(
    ("source", "expected", "reason"),
    [
        (
            "The council approved the budget on Monday, the Associated Press reports.",
            "The council approved the budget on Monday.",
            "attribution tail",
        ),
        (
            "Two officers were wounded in the shooting, the Riverton Gazette reported.",
            "Two officers were wounded in the shooting.",
            "attribution tail",
        ),
        (
            "The mayor will resign next month, reports the Port Ellery Times.",
            "The mayor will resign next month.",
            "attribution tail",
        ),
        (
            "However, police said the suspect had fled the scene on foot.",
            "Police said the suspect had fled the scene on foot.",
            "leading connective",
        ),
        (
            "In addition, the plan hires 40 new teachers for the district.",
            "The plan hires 40 new teachers for the district.",
            "leading connective",
        ),
        (
            "But the council voted 7 to 4 for the plan on Monday.",
            "The council voted 7 to 4 for the plan on Monday.",
            "leading connective",
        ),
        (
            "In a statement released on Tuesday, the company said it would close 40 stores.",
            "The company said it would close 40 stores.",
            "statement framing",
        ),
        (
            "Speaking to reporters on Monday, Mayor Dana Okafor said the bridge would reopen.",
            "Mayor Dana Okafor said the bridge would reopen.",
            "statement framing",
        ),
        (
            "Sen. Tom Ray (R-Texas) said the bill would pass the Senate this week.",
            "Sen. Tom Ray said the bill would pass the Senate this week.",
            "parenthetical",
        ),
        (
            "The bridge carries about a fifth (20 percent) of the trucks leaving the port.",
            "The bridge carries about a fifth of the trucks leaving the port.",
            "parenthetical",
        ),
    ],
)
def test_rules_on_one_sentence(source: str, expected: str, reason: str) -> None:
    c = compress(source, leans=needs_predecessor)
    assert c.text == expected
    assert [cut.reason for cut in c.cuts] == [reason]
    _check(c)


@pytest.mark.parametrize(
    "source",
    [
        # a speaker's attribution is the claim's source: never cut
        "The bridge will stay closed for weeks, police said.",
        "The death toll rose to 12, according to police.",
        # the connective stays when what is left leans on the sentence before anyway
        "However, he said the plan would fail in the spring.",
        # an acronym being defined, a quotation and a caption's marks are kept
        "The Islamic Front (IF) claimed the attack on the base.",
        '"We will rebuild the pier (and the school) this year," the mayor said.',
        "Jane Roe (left) greets John Doe after his release from prison.",
        # a tail after a quotation would leave the quote's comma at the end
        '"We never said that," the Associated Press reports.',
    ],
)
def test_what_is_never_cut(source: str) -> None:
    assert compress(source, leans=needs_predecessor).text == source


def test_guard_undoes_a_cut_the_readability_rules_reject() -> None:
    source = "However, the plan failed."
    assert compress(source, still_reads=lambda t: len(t.split()) > 4).text == source


def test_second_mentions_lose_title_first_name_and_appositive() -> None:
    first = "Russian Foreign Minister Sergei Lavrov said on Monday that talks would begin."
    later = compress(
        "Russian Foreign Minister Sergei Lavrov, the country's top diplomat, said no talks were planned."
    )
    assert ("Sergei", "Lavrov") in full_names(first)
    c = second_mentions(later, {("Sergei", "Lavrov")})
    assert c.text == "Lavrov said no talks were planned."
    assert {cut.reason for cut in c.cuts} == {
        "title at a second mention",
        "appositive at a second mention",
    }
    _check(c)
    # someone else named in full is left alone
    other = compress("Mayor Dana Okafor said the bridge would reopen in a month.")
    assert second_mentions(other, {("Sergei", "Lavrov")}).text == other.source
    # a lower-case modifier keeps the title: "soccer star Megan Rapinoe" -> "soccer star Rapinoe"
    c = second_mentions(
        compress("The soccer star Megan Rapinoe knelt before the game."), {("Megan", "Rapinoe")}
    )
    assert c.text == "The soccer star Rapinoe knelt before the game."


def test_roles_are_not_first_names() -> None:
    assert full_names("Pope Francis met Judge Lou Olivera in Rome.") == {("Lou", "Olivera")}


def test_places_and_companies_are_not_people() -> None:
    # a capitalised pair with a place or organisation word, or one that a further capitalised
    # word continues, is not a person's full name: cutting its first word breaks the name
    text = (
        "American Airlines said the Union City Football coach Jonathon Magwood was hurt "
        "at a trampoline park in Peachtree City on Sunday."
    )
    assert full_names(text) == {("Jonathon", "Magwood")}
    later = compress("Union City Football coach Dana Okafor broke two vertebrae.")
    assert second_mentions(later, {("Union", "City")}).text == later.text


@pytest.mark.parametrize(
    ("text", "source", "ok"),
    [
        ("Police said it.", "However, police said it.", True),
        ("The council voted.", "The council voted, CNN reported.", True),
        ("Police said that.", "However, police said it.", False),  # a word changed
        ("It said police.", "However, police said it.", False),  # reordered
        ("Police said it today.", "However, police said it.", False),  # a word added
        ("", "However, police said it.", False),
    ],
)
def test_is_compression_accepts_deletions_and_nothing_looser(text, source, ok) -> None:
    assert is_compression(text, source) is ok


DOCS = [
    "Port Ellery Mayor Dana Okafor said on Tuesday that the Harbor Bridge would stay closed "
    "for weeks after a runaway barge struck one of its piers, the Coastal Wire reports. "
    "In a statement released on Tuesday, the port authority said freight would be diverted "
    "to the north terminal. However, engineers said the pier could be repaired by spring.",
    "A runaway grain barge struck the Harbor Bridge in Port Ellery early on Tuesday, and "
    "Mayor Dana Okafor (a former engineer) closed the span to all traffic. Okafor said "
    "repairs would cost about $4 million. The bridge carries a fifth of the port's trucks.",
]


def test_digest_records_what_compression_removed() -> None:
    summary = Summarizer(max_words=120).summarize(DOCS)
    data = summary.to_dict()
    cut_any = False
    for s, d in zip(summary.sentences, data["sentences"], strict=True):
        assert d["original"] in " ".join(DOCS)  # the source sentence, as the article has it
        assert is_compression(d["text"], d["original"])
        assert apply_cuts_from_json(d) == d["text"]
        cut_any |= bool(d["removed"])
        assert s.text == d["text"]
    assert cut_any
    assert "the Coastal Wire reports" not in summary.text
    assert "In a statement released" not in summary.text


def apply_cuts_from_json(sentence: dict) -> str:
    from storybrief.text.compress import Cut

    cuts = [Cut(c["start"], c["end"], c["text"], c["reason"]) for c in sentence["removed"]]
    return apply_cuts(sentence["original"], cuts)


def test_compression_can_be_switched_off() -> None:
    summary = Summarizer(max_words=120, compress=False).summarize(DOCS)
    for s in summary.sentences:
        assert s.text == s.original and not s.removed
