"""Dates: when was each article written, when is the story, and which articles are stale?

Precision first: a date is shown only where the articles themselves say it, at the precision
they say it ("2015-11-03", "2015-11" or unknown), with the phrases it came from.

**A document's own date** comes from, in order of trust (:data:`KIND_WEIGHT`):

* its metadata ``date`` (given by the caller, or read from an HTML page's meta tags by
  :func:`storybrief.readers.html_date`);
* a publication label: "Published on Jul 18, 2017", "(Published Tuesday, June 23, 2015)",
  "Updated: Nov. 3, 2015";
* a dateline: a line near the top that is a date ("April 10th, 2016", "Nov 3, 2015 | 10:23
  AM") or opens with one ("WASHINGTON, Nov. 3, 2015 --");
* an explicit full date in the article's first lines, or a full date with its (matching)
  weekday in the body ("on Friday, Oct. 30, 2015").

Dates in photo captions ("FILE - In this Feb. 11, 2007, file photo", "... Vienna, Austria,
on Friday Oct. 30, 2015. (AP Photo/...)"), embedded tweets and the rest of the text are
*mentions*: they date a photo or an event, not the article, and only bound it from below (an
article is not older than the dates it reports, unless it announces them: "scheduled for").
A year alone is never a date ("in 2013", "Copyright 2026", "the 2020 election").  A weekday
name ("on Tuesday") is resolved only against an anchor, the document's own date.  A full
date whose weekday does not match it is ignored.

**The story date** (:func:`story_date`) is a robust consensus of the documents' own dates:
the largest group of documents within :data:`SAME_STORY_DAYS` of each other, carrying most
of the weight and at least :data:`MIN_STORY_WEIGHT` (one publication label or dateline, or
two weaker dates).  A later mention in another document that the group cannot explain (a
caption or tweet dated weeks after it) makes it "unknown".  Day precision when the group
spans at most a week, month precision when the documents agree only on the month.

**Stale documents** (:func:`mark_stale`): a document whose own time -- a firm date of its
own (metadata, publication label, dateline) or its text's framing, an elapsed-time cue such
as "the 23-month civil war" (Syria, March 2011 + 23 months = February 2013;
:data:`CONFLICT_STARTS`) -- lies more than :data:`STALE_DAYS` before what the others show
(the story date without it, else the other documents' own dates, framings and latest
reported days), while no other document shares its time.  A lead or weekday date never makes
a document stale (an article may open with a past event), nor does anything in a document
that reports a day later than its supposed own time.  The flag is *strong* when two or more
other documents show the later time: strong stale documents are left out of the summary
(:mod:`storybrief.pipeline.trust`); *weak* ones (one document against one) are marked and
kept.

The package: :mod:`.parse` (reading a date), :mod:`.evidence` (one document) and
:mod:`.story` (the cluster: story date, stale documents).
"""

from __future__ import annotations

from storybrief.analysis.dates.evidence import (
    CONFLICT_STARTS,
    HINT_KINDS,
    KIND_WEIGHT,
    MAX_DATE_CHARS,
    SAME_STORY_DAYS,
    DatedValue,
    DateEvidence,
    DocumentDate,
    date_document,
    gather,
    own_date,
)
from storybrief.analysis.dates.parse import (
    parse_date,
    parse_published,
    resolve_weekday,
)
from storybrief.analysis.dates.story import (
    MIN_STORY_WEIGHT,
    STALE_DAYS,
    StoryEvidence,
    date_documents,
    mark_stale,
    story_date,
)

__all__ = [
    "CONFLICT_STARTS",
    "DateEvidence",
    "DatedValue",
    "DocumentDate",
    "HINT_KINDS",
    "KIND_WEIGHT",
    "MAX_DATE_CHARS",
    "MIN_STORY_WEIGHT",
    "SAME_STORY_DAYS",
    "STALE_DAYS",
    "StoryEvidence",
    "date_document",
    "date_documents",
    "gather",
    "mark_stale",
    "own_date",
    "parse_date",
    "parse_published",
    "resolve_weekday",
    "story_date",
]
