"""Issue 17, item 6: junk forms that reached digests of held-out clusters, each on text this
test writes itself, and sentences cut at a title's abbreviation."""

from __future__ import annotations

import pytest

from storybrief.pipeline import Summarizer
from storybrief.pipeline.clean import strip_dateline
from storybrief.text.furniture import furniture_or_caption_many, is_furniture_or_caption
from storybrief.text.sentences import split_sentences

JUNK = [
    "EMBED More News Videos",
    "EMBED </> More News Videos",
    "Get push notifications with breaking news, features and more.",
    "Follow Jane Roe on Twitter @janeroe.",
    'Follow "The Evening Show" on Twitter HERE.',
    "Follow @hillvalleynews on Twitter.",
    "Reach the reporter on Twitter at @janeroe.",
    "Reporter Jane Roe has an exclusive report.",
    "Channel 9's Jane Roe has the story.",
    "He will be greatly missed. — Jim Doe (@jimdoe) June 20, 2017",
    "Rest in peace, king — Ann Smith (@annsmith) Oct. 3, 2016",
    # second pass: crawl and hosting notices
    "Crawl of outlinks from example.org started June, 2015.",
    "This page was captured in a wide crawl of the web in 2014.",
    "Your custom domain mapping may take up to 24 hours to resolve.",
    "These files are currently not publicly accessible.",
    "Properties of this collection.",
    "This time the seed list was built from all 865 collections.",
]

NEWS = [
    "Police said the man had followed the victim on Twitter for months before the attack.",
    "The company said it would follow its rivals on Facebook pricing next year.",
    "The band will embed a video crew on its tour, its manager said.",
    "Jane Roe has more than 40 years of experience in the Senate, her office said.",
    "The app sends push notifications, a feature critics say drains batteries.",
    "The mayor wrote on Twitter that the bridge would reopen on Monday.",
    "Traffic slowed to a crawl on the bridge after the crash, police said.",
    "The registrar sold the custom domain for $2 million, the company said.",
]


@pytest.mark.parametrize("text", JUNK)
def test_junk_forms_are_furniture(text: str) -> None:
    assert is_furniture_or_caption(text)[0], text


@pytest.mark.parametrize("text", NEWS)
def test_news_sentences_are_not_furniture(text: str) -> None:
    assert is_furniture_or_caption(text) == (False, False), text


def test_batch_screen_agrees_with_single() -> None:
    texts = JUNK + NEWS
    assert furniture_or_caption_many(texts) == [any(is_furniture_or_caption(t)) for t in texts]


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("Washington (CNN) -- The storm hit the coast.", "The storm hit the coast."),
        ("New York (AP) — Police arrested two men.", "Police arrested two men."),
        ("Port Ellery, Maine (Reuters) - The bridge closed.", "The bridge closed."),
        ("WASHINGTON (CNN) -- The Senate voted.", "The Senate voted."),
        ("(CNN) -- The Senate voted.", "The Senate voted."),
        # not datelines: a name with a party label, a sentence with a dash
        ("Sen. Lindsey Graham (R-S.C.) - who chairs it - objected.", None),
        ("The mayor -- who had promised a review -- resigned.", None),
    ],
)
def test_datelines_are_stripped(text: str, stripped: str | None) -> None:
    assert strip_dateline(text) == (stripped if stripped is not None else text)


def test_dateline_inside_a_paragraph_never_reaches_the_digest() -> None:
    docs = [
        "Storm closes schools. Washington (CNN) -- A winter storm closed every school in the "
        "capital on Tuesday, officials said. The storm dropped 14 inches of snow overnight.",
        "A winter storm closed schools across the capital on Tuesday after 14 inches of snow "
        "fell overnight, the school district said.",
    ]
    summary = Summarizer(max_words=60).summarize(docs)
    assert summary.sentences
    assert "(CNN)" not in summary.text


@pytest.mark.parametrize(
    "text",
    [
        "The council heard from Ald. Ed Burke on Monday. He objected to the plan.",
        "Wisconsin Gov. Scott Walker signed the bill. It takes effect in May.",
        "The bill's sponsor, Sen. Ann Ray, spoke first. Her rival spoke next.",
        "He wore No. 23 for the Bulls. The team retired the number in 1999.",
        "Atty. Gen. Lisa Moe filed the suit. The company denied the claims.",
        "Reps. Ann Ray and Tom Bell voted no. The bill failed by one vote.",
    ],
)
def test_sentences_are_not_cut_at_abbreviations(text: str) -> None:
    first, second = split_sentences(text)
    assert first.split()[-1].endswith(".") and len(first.split()) >= 5, first
    assert second[0].isupper()


def test_a_crawl_collections_page_gives_the_digest_nothing() -> None:
    crawl = (
        "Crawl of outlinks from example.org started June, 2015. These files are currently not "
        "publicly accessible. Properties of this collection. It has been several years since "
        "the last time we did this. For this collection, several things were done: 1. Turned "
        "off duplicate detection. 2. For the first time, did all the different wikis. The "
        "seed list was built from all 412 collections."
    )
    news = [
        "The city council approved a $2.1 billion budget on Monday after a debate of nine "
        "hours. Council members voted 7 to 4 in favour of the plan, which raises spending on "
        "schools. Opponents said the plan would raise property taxes next year.",
        "The council approved the budget on Monday with a vote of 7 to 4, officials said. "
        "The mayor said the schools would hire 40 teachers with the new money.",
    ]
    summary = Summarizer(max_words=150).summarize([*news, crawl])
    assert summary.sentences
    assert all(2 not in s.sources for s in summary.sentences), summary.text
