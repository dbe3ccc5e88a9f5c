"""Dates: each document's own date with its evidence, the story date, stale documents.

Every text here is written for the test (a fictional river-treaty story, etc.).
"""

from __future__ import annotations

import json
from datetime import date, datetime

import storybrief
from storybrief.analysis.dates import (
    date_document,
    gather,
    parse_date,
    parse_published,
    resolve_weekday,
)

BODY = (
    "Delegates from both river states met in Geneva to discuss the water treaty, and officials "
    "said the talks on sharing the river would continue for several more weeks. "
)


def _own(text: str, meta: str | None = None) -> tuple[str | None, str, list[str]]:
    d = date_document(0, text, meta)
    return d.iso, d.precision, [e.kind for e in d.own.evidence]


def test_metadata_date_is_the_own_date_with_its_evidence():
    iso, precision, kinds = _own(BODY, "2015-11-03T10:20:00Z")
    assert (iso, precision, kinds) == ("2015-11-03", "day", ["metadata"])
    assert parse_date("2015-11") == (date(2015, 11, 1), date(2015, 11, 30))
    assert parse_date("3 November 2015") == (date(2015, 11, 3), date(2015, 11, 3))
    assert parse_date("2015") is None  # a year alone is never a date


def test_published_time_is_naive_utc_and_never_raises():
    """The one metadata time parser (the feed's too): zones converted to UTC, a full written
    date read at midnight, coarse or unreadable values None, and times that a zone would move
    out of datetime's range None instead of an OverflowError."""
    assert parse_published("2015-11-03T10:20:00+02:00") == datetime(2015, 11, 3, 8, 20)
    assert parse_published("2015-11-03T10:20:00Z") == datetime(2015, 11, 3, 10, 20)
    assert parse_published("Nov. 3, 2015") == datetime(2015, 11, 3)
    assert parse_published("2015-11") is None and parse_published("last week") is None
    assert parse_published("9999-12-31T23:59:59-23:00") is None
    assert parse_published("0001-01-01T00:00:00+23:00") is None
    assert parse_published("9999-12-31T23:59:59") == datetime(9999, 12, 31, 23, 59, 59)


def test_publication_label_and_dateline():
    assert _own("Published on Jul 18, 2017\n" + BODY)[0] == "2017-07-18"
    assert _own("Tuesday, July 18, 2017 (Published Tuesday, July 18, 2017)\n" + BODY)[2] == [
        "published label"
    ]
    iso, _, kinds = _own("GENEVA, Nov. 3, 2015 — " + BODY)
    assert (iso, kinds) == ("2015-11-03", ["dateline"])
    iso, _, kinds = _own("April 10th, 2016\n" + BODY)
    assert (iso, kinds) == ("2016-04-10", ["dateline"])


def test_a_year_alone_is_never_a_date():
    text = (
        BODY + "The treaty was first signed in 2013 and must be renewed by 2030, the year of the "
        "next census. Copyright 2026 River News."
    )
    iso, precision, _ = _own(text)
    assert iso is None and precision == "unknown"
    assert not [e for e in gather(text)[1] if e.kind != "elapsed"]


def test_weekday_must_match_the_date_and_is_resolved_only_against_an_anchor():
    # 3 November 2015 was a Tuesday
    good = BODY * 3 + "The talks resumed on Tuesday, Nov. 3, 2015, officials said."
    bad = BODY * 3 + "The talks resumed on Monday, Nov. 3, 2015, officials said."
    assert _own(good)[2] == ["weekday date"]
    assert _own(bad)[0] is None and not gather(bad)[1]
    assert resolve_weekday(date(2015, 11, 4), "Tuesday") == date(2015, 11, 3)
    assert resolve_weekday(date(2015, 11, 3), "tuesday") == date(2015, 11, 3)
    lead = "Officials said on Tuesday that the river talks would resume. " + BODY
    anchored = date_document(0, lead, "2015-11-04")
    events = [e for e in anchored.mentions if e.kind == "weekday"]
    assert [(e.text, e.lo) for e in events] == [("on Tuesday", date(2015, 11, 3))]
    unanchored = date_document(0, lead)
    assert not [e for e in unanchored.mentions if e.kind == "weekday"] and unanchored.iso is None


def test_caption_and_file_photo_dates_do_not_date_the_document():
    caption = (
        BODY + "\nDelegates speak during a press conference in Geneva, Switzerland, on Friday "
        "Oct. 30, 2015. (AP Photo/Jane Roe)\n" + BODY
    )
    d = date_document(0, caption)
    assert d.iso is None  # the photo is from Friday; the article may be from days later
    assert d.hint.shown == "2015-10-30" and d.hint.evidence[0].kind == "caption date"
    filed = "FILE - In this Feb. 11, 2007, file photo, a delegate arrives in Geneva.\n" + BODY
    d = date_document(0, filed)
    assert d.iso is None and d.hint.value is None
    assert [e.kind for e in d.mentions] == ["caption"]


def _docs(*texts: str | dict) -> list[dict]:
    return [t if isinstance(t, dict) else {"text": t} for t in texts]


def test_story_date_needs_a_consensus_and_shows_its_precision():
    lead = "Officials in Geneva on {} said the river treaty talks would go on for weeks. "
    two = _docs(lead.format("March 4, 2021") + BODY, lead.format("March 6, 2021") + BODY)
    a = storybrief.analyze(two)
    assert a.cluster_date == "2021-03-04" or a.cluster_date == "2021-03-06"
    assert a.story.precision == "day" and len(a.story.evidence) == 2
    # one lead date alone is not enough to date the story ...
    one = _docs(lead.format("March 4, 2021") + BODY, BODY + "Delegates were tired.")
    assert storybrief.analyze(one).cluster_date is None
    # ... a publication label is
    label = _docs("Published on March 4, 2021\n" + BODY, BODY + "Delegates were tired.")
    assert storybrief.analyze(label).cluster_date == "2021-03-04"
    # two firm dates of the same month but weeks apart: month precision
    apart = _docs({"text": BODY, "date": "2021-03-02"}, {"text": BODY, "date": "2021-03-25"})
    a = storybrief.analyze(apart)
    assert (a.cluster_date, a.story.precision) == ("2021-03", "month")
    # firm dates that disagree on the month too: unknown
    far = _docs({"text": BODY, "date": "2021-03-02"}, {"text": BODY, "date": "2021-05-25"})
    assert storybrief.analyze(far).story.precision == "unknown"


def test_story_date_is_unknown_when_another_document_reports_later_days():
    later = BODY + "The delegates met again on Monday, June 14, 2021, and reported progress."
    docs = _docs({"text": BODY, "date": "2021-03-04"}, later)
    assert storybrief.analyze(docs).cluster_date is None
    # a later year reported by another document ("in 2019") vetoes an old video page's date
    video = _docs(
        "Published on Sep 2, 2008\nA song about the river.\n" + BODY,
        BODY + ("The singer, who wrote the song in 1967, died in 2019, his family said. " * 2),
    )
    assert storybrief.analyze(video).cluster_date is None


def test_hints_from_two_documents_date_the_story_but_one_does_not():
    caption = (
        "Delegates arrive in Geneva, Switzerland, Tuesday, March 2, 2021. (AP Photo/Jane Roe)\n"
    )
    tweet = "The talks are on. — River Office (@riveroffice) March 3, 2021\n"
    a = storybrief.analyze(_docs(caption + BODY, tweet + BODY))
    assert a.cluster_date == "2021-03-02" and a.story.precision == "day"
    kinds = sorted(e.evidence.kind for e in a.story.evidence)
    assert kinds == ["caption date", "tweet"]
    assert storybrief.analyze(_docs(caption + BODY, BODY)).cluster_date is None


def test_json_dates_carry_value_precision_and_evidence():
    docs = _docs("Published on March 4, 2021\n" + BODY, {"text": BODY, "date": "2021-03-05"})
    d = json.loads(storybrief.analyze(docs).to_json())
    assert d["cluster_date"]["precision"] == "day"
    assert {e["doc"] for e in d["cluster_date"]["evidence"]} == {0, 1}
    first = d["sources"][0]["date"]
    assert first["value"] == "2021-03-04" and first["precision"] == "day"
    assert first["evidence"][0]["kind"] == "published label"
    assert first["evidence"][0]["text"] == "March 4, 2021"
    assert first["evidence"][0]["offset"] == len("Published on ")


STORY = (
    "Ministers met in Geneva to discuss the river treaty between the two states, and officials "
    "said the talks on sharing the river water would go on. Delegates praised the mood of the "
    "river talks in Geneva and said a treaty could follow within weeks. "
)


def test_stale_on_strong_evidence_is_left_out_of_the_summary():
    docs = _docs(
        {"text": STORY, "date": "2021-03-04"},
        {"text": STORY + "The mood was calm.", "date": "2021-03-05"},
        {"text": STORY + "Delegates were hopeful.", "date": "2021-03-06"},
        {
            "text": "Old talks on the river treaty in Geneva ended without a deal. " + STORY,
            "date": "2017-06-01",
        },
    )
    a = storybrief.analyze(docs)
    old = a.sources[3]
    assert old.stale and old.stale_strength == "strong" and old.excluded
    assert "2017-06-01" in old.reasons[0] and "story date 2021-03-05" in old.reasons[0]
    s = storybrief.summarize(docs, max_words=200, method="hybrid")
    assert all(x.sources != [3] for x in s.sentences)


def test_stale_on_weak_evidence_is_marked_and_kept():
    # two documents: the other side of the comparison is one document only
    docs = _docs(
        {"text": STORY, "date": "2021-03-04"},
        {
            "text": "The old river talks in Geneva collapsed in anger. " + STORY,
            "date": "2017-06-01",
        },
    )
    a = storybrief.analyze(docs)
    old = a.sources[1]
    assert old.stale and old.stale_strength == "weak" and not old.excluded
    assert "weak evidence, kept" in old.reasons[0]
    s = storybrief.summarize(docs, max_words=200, method="hybrid")
    assert any(1 in x.sources for x in s.sentences)
    md = s.to_markdown()
    assert "possibly stale, still used" in md


def test_not_stale_without_a_firm_date_of_its_own_or_when_it_reports_later_days():
    firm = [{"text": STORY, "date": f"2021-03-0{i}"} for i in (4, 5, 6)]
    # an article opening with a past event: a lead date is not firm enough
    opening = "On June 17, 2009, the first river treaty was signed in Geneva. " + STORY
    a = storybrief.analyze(_docs(*firm, opening))
    assert a.sources[3].date == "2009-06-17" and not a.sources[3].stale
    # its metadata says 2017, but it reports a day in 2021: the metadata is wrong, not the text
    reported = {"text": STORY + "The talks resumed on Friday, March 5, 2021.", "date": "2017-06-01"}
    a = storybrief.analyze(_docs(*firm, reported))
    assert not a.sources[3].stale


def test_elapsed_time_framing_dates_an_old_article():
    war = (
        "Ministers discussed the 23-month civil war in Syria at the talks in Geneva, where the "
        "river of refugees was the main subject. " + STORY
    )
    now = "Ministers met again on Tuesday, Nov. 3, 2015, in Geneva to discuss Syria. " + STORY
    framed = "The four-year-old civil war in Syria dominated the talks in Geneva. " + STORY
    a = storybrief.analyze(_docs(war, now, framed))
    old = a.sources[0]
    assert old.date == "2013-02" and old.dating.own.evidence[0].kind == "elapsed"
    assert old.stale and old.stale_strength == "strong"
    assert "23-month civil war" in old.reasons[0]
    assert not a.sources[1].stale and not a.sources[2].stale
