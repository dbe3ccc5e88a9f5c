"""Boilerplate removal on text shaped like real web pages (written for these tests)."""

from __future__ import annotations

import pytest

from storybrief.pipeline.clean import clean_cluster, clean_document, fix_spacing
from storybrief.types import Document

PAGE = """Share

City council approves new budget after long debate

Advertisement

The city council approved a $2.1 billion budget on Monday after a debate that lasted more than nine hours.
Council members voted 7 to 4 in favour of the plan, which raises spending on schools and road repairs.
"This budget reflects what residents asked for," council president Ana Ruiz said after the vote.

Related
- Five things to know about the new budget
- Photos: the council chamber through the years

Council members listen during Monday's session (AP Photo/Jane Doe)
This story was first published on Example News, "Council passes budget".
Leave a Reply
Your email address will not be published.
Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.
"""


def _reasons(cdoc):
    return {r.text: r.reason for r in cdoc.removed}


def test_keeps_prose_and_removes_furniture_with_reasons() -> None:
    cdoc = clean_document(Document(0, PAGE))
    kept = " ".join(cdoc.paragraphs)
    assert "approved a $2.1 billion budget" in kept
    assert "voted 7 to 4" in kept
    assert "council president Ana Ruiz said" in kept
    reasons = _reasons(cdoc)
    for junk in (
        "Share",
        "Advertisement",
        "Related",
        "- Five things to know about the new budget",
        "Council members listen during Monday's session (AP Photo/Jane Doe)",
        'This story was first published on Example News, "Council passes budget".',
        "Leave a Reply",
        "Your email address will not be published.",
        "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.",
    ):
        assert junk in reasons, junk
        assert junk not in kept
    assert reasons["- Five things to know about the new budget"] == "list item (link list)"
    assert (
        "caption" in reasons["Council members listen during Monday's session (AP Photo/Jane Doe)"]
    )


def test_headline_is_kept_aside_not_as_a_sentence() -> None:
    cdoc = clean_document(Document(0, PAGE))
    assert cdoc.headline == "City council approves new budget after long debate"
    assert cdoc.label == cdoc.headline
    assert all("approves new budget after long debate" not in p for p in cdoc.paragraphs)


def test_short_line_repeated_across_documents_is_template_text() -> None:
    caption = "Residents gather outside the town hall in the rain"
    a = Document(
        0,
        f"Officials met on Monday to discuss the plan in detail.\n{caption}\nThanks for reading today.",
    )
    b = Document(
        1,
        f"The mayor spoke to reporters after the long meeting.\n{caption}\nThanks for reading today.",
    )
    cleaned = clean_cluster([a, b])
    for cdoc in cleaned:
        assert all(caption not in p and "Thanks for reading" not in p for p in cdoc.paragraphs)
        repeated = [r.text for r in cdoc.removed if "repeated in 2 documents" in r.reason]
        assert repeated == [caption, "Thanks for reading today."]


def test_short_syndicated_sentence_is_content_not_template() -> None:
    fact = "Flood waters rose in the northern district on Monday, officials said."
    cleaned = clean_cluster([Document(0, fact), Document(1, "Rain fell all day.\n" + fact)])
    assert all(fact in c.paragraphs for c in cleaned)


def test_long_syndicated_sentence_is_kept_for_grouping() -> None:
    wire = (
        "A runaway barge struck the bridge early on Tuesday, forcing officials to close the "
        "span while engineers inspect a damaged pier."
    )
    cleaned = clean_cluster([Document(0, wire), Document(1, "Other text here. " + wire)])
    assert all(any(wire in p for p in c.paragraphs) for c in cleaned)


def test_fix_spacing_undoes_tokenizer_artefacts() -> None:
    assert (
        fix_spacing("growth of 8.2 % in 2015 , we ' ll see") == "growth of 8.2% in 2015, we'll see"
    )
    assert (
        fix_spacing('he called it " a disaster " on friday .')
        == 'he called it "a disaster" on friday.'
    )
    assert fix_spacing("it does n't matter ( really )") == "it doesn't matter (really)"


def test_wrapped_lines_are_joined_and_dateline_stripped() -> None:
    text = "MOSCOW (Reuters) - Russia said on Tuesday that it would\nhost talks next week in the capital."
    cdoc = clean_document(Document(0, text))
    assert cdoc.paragraphs == [
        "Russia said on Tuesday that it would host talks next week in the capital."
    ]


def test_control_characters_become_spaces() -> None:
    cdoc = clean_document(Document(0, "The vote was held on Monday.\x00 Members voted 7 to 4.\x1b"))
    assert cdoc.paragraphs == ["The vote was held on Monday. Members voted 7 to 4."]


@pytest.mark.parametrize(
    "line",
    [
        "CAIRO, South Sudan (Reuters) - The talks began on Monday in the capital.",
        "OSAN AIR BASE, South Korea (AFNS) -- The talks began on Monday in the capital.",
        "LONDON, Nov. 3 (Reuters) - The talks began on Monday in the capital.",
        "(HealthDay News) -- The talks began on Monday in the capital.",
        "WASHINGTON, D.C. — The talks began on Monday in the capital.",
    ],
)
def test_datelines_with_long_places_are_stripped(line: str) -> None:
    assert clean_document(Document(0, line)).paragraphs == [
        "The talks began on Monday in the capital."
    ]


def test_sentences_that_look_like_datelines_are_kept() -> None:
    for line in [
        "NASA - the space agency - said the launch would go ahead on Monday.",
        "Mr. Smith - a local baker - said the bridge should reopen soon.",
    ]:
        assert clean_document(Document(0, line)).paragraphs == [line]


def test_dashes_between_words_are_not_collapsed() -> None:
    assert fix_spacing("the bridge - closed since Tuesday - will reopen") == (
        "the bridge - closed since Tuesday - will reopen"
    )
