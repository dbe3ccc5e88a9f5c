"""Pages that are not news articles (storybrief.feed.pagekind): each kind recognised on a page
written here, news that mentions the same things left alone, and the verdict stored as the
junk reason by a real feed."""

from __future__ import annotations

import sqlite3

import pytest

from storybrief.feed import Feed
from storybrief.feed.pagekind import page_kind

NEWS = (
    "Firefighters contained a blaze at the Hallam Grain Cooperative on Tuesday, fire chief "
    "Ramon Castell said. A petition by residents of Harbor Row asking the city to move the "
    "silos has gathered signatures from supporters, Castell told reporters, and a study "
    "published by Smith et al. in 2019 found the dust explosive. "
) * 3

REFERENCE = (
    "From Wikipedia, the free encyclopedia\nJump to navigation Jump to search\n"
    "Port Ellery is a town on the north coast. It was founded in 1823 by fishermen.\n"
    "Early life\nSee also\nExternal links\n"
)

LYRICS = "\n".join(
    [
        "Harbor Lights lyrics",
        "[Verse 1]",
        "Down by the water where the cold winds blow",
        "I waited for you in the evening glow",
        "[Chorus]",
        "Oh harbor lights, bring my love home",
        "Oh harbor lights, I'm standing alone",
        "[Verse 2]",
        "The ships came in but you were not there",
        "Salt on my lips and wind in my hair",
        "[Chorus]",
        "Oh harbor lights, bring my love home",
        "Oh harbor lights, I'm standing alone",
    ]
)

FORM = "\n".join(
    [
        "Join our newsletter to get the latest from the Port Ellery Gazette.",
        "First name",
        "Last name",
        "Email address",
        "Zip code",
        "Fields marked with an * are required",
        "Submit",
    ]
)

PETITION = (
    "Move the silos away from Harbor Row\n"
    "We, the undersigned residents of Port Ellery, call on the city council to relocate "
    "the grain silos. 4,211 of 5,000 signatures. Add your name today.\nSign now"
)

PAPER = "\n".join(
    [
        "Abstract",
        "We measured grain dust explosibility in 41 silos (Smith et al., 2019).",
        "1. Introduction",
        "Dust explosions remain a hazard in storage facilities (Fig. 1).",
        "Methods",
        "Results",
        "Explosibility rose with humidity below 30% (p < 0.01). doi: 10.1016/j.jlp.2020.104",
        "References",
    ]
)

CRAWL_NOTE = (
    "This collection contains crawls of local news sites performed by the Internet Archive. "
    "The Wayback Machine makes these captures available to researchers."
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (REFERENCE, "reference page"),
        (LYRICS, "lyrics"),
        (FORM, "form"),
        (PETITION, "petition"),
        (PAPER, "paper"),
        (CRAWL_NOTE, "crawl note"),
    ],
)
def test_each_kind_of_page_is_recognised_with_its_evidence(text, kind):
    found = page_kind(text)
    assert found is not None and found.kind == kind
    assert found.evidence and found.reason.startswith(f"not a news article: {kind} (")


def test_news_that_mentions_petitions_and_papers_is_news():
    assert page_kind(NEWS) is None
    # a report laid out in short lines is not a song
    lines = "\n".join(f"Crews from station {k} arrived, Castell said" for k in range(12))
    assert page_kind(lines) is None


def test_the_feed_keeps_such_pages_out_of_stories_with_the_reason_stored(tmp_path):
    db = tmp_path / "feed.sqlite"
    with Feed(db) as feed:
        result = feed.add(
            [
                {"id": "news-1", "text": NEWS},
                {"id": "song-2", "text": LYRICS},
                {"id": "petition-3", "text": PETITION},
            ]
        )
        status = {o.id: o for o in result.outcomes}
        assert status["news-1"].status == "added"
        for page, kind in (("song-2", "lyrics"), ("petition-3", "petition")):
            assert status[page].status == "junk" and status[page].story is None
            assert status[page].reasons[0].startswith(f"not a news article: {kind}")
        assert feed.assignments()["song-2"] is None
    con = sqlite3.connect(db)
    try:
        (stored,) = con.execute(
            "select junk_reasons from feed_articles where id = 'song-2'"
        ).fetchone()
    finally:
        con.close()
    assert "lyrics" in stored


def test_the_literal_tested_before_each_marker_is_in_every_match():
    # the literal pre-test (pagekind.required_literal) may only skip a regex that cannot match
    from storybrief.feed.pagekind import _KINDS, required_literal

    assert required_literal(r"\bcaptures?\b") == "capture"
    assert required_literal(r"\bfrom wikipedia, the free encyclopedia\b").startswith("from wiki")
    assert required_literal(r"\bab+c") == "ab"
    assert required_literal(r"^\s*(?:zip|postal) code\s*$") == " code"
    assert required_literal(r"\[edit\]") == "[edit]"
    assert required_literal(r"a|b") == ""
    pages = (NEWS, REFERENCE, LYRICS, FORM, PETITION, PAPER, CRAWL_NOTE)
    matched = 0
    for _, strong, weak in _KINDS:
        for marker in strong + weak:
            for page in pages:
                for m in marker.rx.finditer(page):
                    matched += 1
                    assert marker.literal in m.group(0).lower(), (marker.pattern, m.group(0))
    assert matched > 20


def test_letters_that_only_match_case_insensitively_are_still_seen():
    # dotless and dotted i, long s: the regexes match them, so must the pre-test
    assert page_kind("Sıgn this petıtion to save the pier").kind == "petition"
    assert page_kind("ſign now.\nA petition for the pier").kind == "petition"
    assert page_kind("From WİKİPEDİA, the free encyclopedia").kind == "reference page"
