"""A document's own date and its mentions: the evidence a text gives (metadata, publication
labels, datelines, lead and weekday dates, captions, tweets, elapsed-time framings) and the
date it adds up to (:func:`date_document`).

Over 500 lines because the kinds of evidence are weighed against each other in
:func:`own_date`: each rule is read with the word lists at the top of the module and with the
weight it gets there; apart, a reviewer would read one without the other."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from storybrief.analysis.dates.parse import (
    _ISO,
    _YEAR,
    _full_date_ending,
    _month_end,
    _safe_date,
    parse_date,
    resolve_weekday,
)
from storybrief.text.words import has_case_specials

SAME_STORY_DAYS = 7
"""Documents dated within this many days of each other report the same news."""

MAX_DATE_CHARS = 200_000
"""Characters of a document searched for dates (the reader's per-document cap)."""

KIND_WEIGHT = {
    "metadata": 4.0,
    "published label": 3.0,
    "dateline": 2.0,
    "lead date": 1.0,
    "weekday date": 1.0,
    "caption date": 1.0,
    "tweet": 1.0,
    "own url": 2.0,
}
"""How far each kind of evidence dates the document it is in.  A "caption date" (a photo
caption dated with its weekday, not a file photo: "... on Sunday, Feb. 26, 2017. (AP Photo)")
and a "tweet" (an embedded tweet's date) are *hints*: they count towards the story date when
another document agrees, but are not shown as the document's own date (the photo or tweet
may be days older than the article).  Other mentions ("caption", "mention") and
elapsed-time framing ("elapsed") do not date a document (weight 0)."""

HINT_KINDS = frozenset({"caption date", "tweet"})

# -- lexicon: the words of the context cues below, in the order their patterns try them -----

# a label that makes the date after it the page's own ("Published: Nov. 3, 2015"); one entry
# is a pattern ("date", "dated")
_PUBLISHED_LABELS = r"published posted updated modified filed created date(?:d)?".split()
_LABEL_QUALIFIERS = "originally first last".split()  # "first published", "last updated"
# words that make a date after them announced rather than reported ("scheduled for Nov. 8,
# 2016", "will vote on Tuesday, Nov. 8"); entries of more than one word are patterns
_ANNOUNCING = (
    r"will would shall scheduled expected due set\s+(?:for|to) deadline upcoming planned "
    r"postponed slated next\s+(?:week|month|year)"
).split()
_UNTIL = "by until till through starting".split()  # "until Nov. 8": a date still to come
# words after which a date is a past reference point, not the report's time ("since March
# 2011", "born on July 4, 1990", "on this day in 1969")
_PAST_ANCHORS = r"since from between after before born in\s+this on\s+this\s+day\s+in".split()
# what marks a line as a photo caption or credit (each entry a pattern: "AP Photo" as a
# credit, "photo" as a word)
_CAPTION_MARKS = (
    r"\(AP Photo",
    r"\bAP Photo\b",
    r"\(Photo\b",
    r"\bPhoto:",
    r"\bPhotograph",
    r"\bphoto\b",
    r"\bImage copyright",
    r"\bImage caption",
    r"\bGetty Images",
    r"\bREUTERS/",
    r"\bReuters/",
    r"\(Associated Press\)",
    r"/AP\)",
    r"\bfile photo\b",
    r"^FILE\b",
    r"\bTop image\b",
    r"\bpictured\b",
    r"\bCaption\b",
    r"\bpicture\b",
    r"\bAFP\b(?:/| via)",
    r"\bEPA\b",
    r"\bphotographer\b",
)

# context cues, read from the text just before a date
_PUBLISHED = re.compile(
    rf"(?:^|[(/|•·\-–—]\s*|\n\s*)(?:(?:{'|'.join(_LABEL_QUALIFIERS)})\s+)?"
    rf"(?:{'|'.join(_PUBLISHED_LABELS)})\b(?:\s+(?:on|at))?\s*:?\s*"
    r"(?:\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?\s*(?:[a-z]{2,4}\s*)?[,|]?\s*)?$",
    re.IGNORECASE,
)
_TWEET = re.compile(r"\(@\w{1,30}\)\s*$")
_FUTURE = re.compile(
    rf"(?:\b(?:{'|'.join(_ANNOUNCING)})\b[^.!?\n]{{0,60}}"
    rf"|\b(?:{'|'.join(_UNTIL)})\s+(?:on\s+)?)$",
    re.IGNORECASE,
)
_PAST_ANCHOR = re.compile(rf"\b(?:{'|'.join(_PAST_ANCHORS)})\s+(?:on\s+)?$", re.IGNORECASE)
_CAPTION = re.compile("|".join(_CAPTION_MARKS), re.IGNORECASE | re.MULTILINE)
_FILE = re.compile(r"\bfile\b|\barchive\b|\bhandout\b", re.IGNORECASE)
_REPORTED_YEAR = (
    re.compile(  # ("[iI](?<=\b[iI])" is "\bi", the look-behind after a literal, as in parse._ISO)
        r"[iI](?<=\b[iI])n\s+((?:19|20)\d\d)\b(?!\s*(?:-|–|to|and)\s*\d)(?![%\d])", re.I
    )
)
# the page's own address, as news sites print it under the article ("Read or Share this
# story: https://.../2017/07/08/..."); other addresses in a text link to other pages
_OWN_URL = re.compile(r"share this (?:story|article):\s*https?://\S+/$", re.IGNORECASE)
_URL_DATE = re.compile(r"https?://\S+?/((?:19|20)\d\d)/([01]\d)/([0-3]\d)/")
_LINK_LINE = re.compile(r"^\s*(?:[-•►*»]|\d+\.\s|related\b|previously\b|more\b|read\b)", re.I)

# elapsed-time framing: "the 23-month civil war", "the four-year-old conflict"
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
}
_ELAPSED = re.compile(
    r"\b(?P<n>\d{1,2}|"
    + "|".join(_NUMBER_WORDS)
    + r")[- ](?P<unit>month|year)(?:s?[- ]old|[- ]long)?\s+"
    r"(?:(?:\w+[- ])?(?:civil\s+)?)(?P<what>war|conflict)\b",
    re.IGNORECASE,
)
CONFLICT_STARTS: dict[str, tuple[int, int]] = {
    "syria": (2011, 3),
    "yemen": (2014, 9),
    "libya": (2011, 2),
    "iraq": (2003, 3),
    "afghanistan": (2001, 10),
    "ukraine": (2014, 4),
    "south sudan": (2013, 12),
    "somalia": (1991, 1),
    "sri lanka": (1983, 7),
    "darfur": (2003, 2),
    "mali": (2012, 1),
    "central african republic": (2012, 12),
}
"""Start (year, month) of long conflicts, for elapsed-time framing ("the 23-month civil war")."""
_PLACE = re.compile(r"\b(" + "|".join(CONFLICT_STARTS) + r")(?:n|ns|i|is)?\b", re.IGNORECASE)
_WEEKDAY_WORD = re.compile(
    r"\b(?:on\s+|last\s+|this\s+)?(?P<wd>mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I
)


@dataclass(frozen=True)
class DateEvidence:
    """One phrase that dates a document (or an event it reports), as an interval of days."""

    kind: str  # "metadata", "published label", "dateline", "lead date", "weekday date",
    # "caption", "tweet", "mention", "elapsed", "weekday"
    text: str  # the phrase as written
    start: int  # character offset in the document's text (-1: metadata)
    lo: date  # earliest and latest day it allows
    hi: date
    future: bool = False  # announced rather than reported ("scheduled for Nov. 8, 2016")

    @property
    def precision(self) -> str:
        if self.lo == self.hi:
            return "day"
        if (self.lo.year, self.lo.month) == (self.hi.year, self.hi.month):
            return "month"
        return "interval"

    @property
    def weight(self) -> float:
        return KIND_WEIGHT.get(self.kind, 0.0)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "text": self.text, "date": _shown(self)}
        if self.start >= 0:
            out["offset"] = self.start
        return out


def _shown(e: DateEvidence) -> str:
    p = e.precision
    if p == "day":
        return e.lo.isoformat()
    if p == "month":
        return e.lo.isoformat()[:7]
    return f"{e.lo.isoformat()[:7]}/{e.hi.isoformat()[:7]}"


@dataclass
class DatedValue:
    """A date at the precision it is known, with the evidence for it."""

    value: date | None = None
    precision: str = "unknown"  # "day", "month" or "unknown"
    evidence: list[Any] = field(default_factory=list)

    @property
    def shown(self) -> str | None:
        if self.value is None or self.precision == "unknown":
            return None
        return self.value.isoformat()[:7] if self.precision == "month" else self.value.isoformat()

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": self.shown,
            "precision": self.precision,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass
class DocumentDate:
    """What the analysis knows about one document's time."""

    index: int
    own: DatedValue = field(default_factory=DatedValue)  # the document's own date
    weight: float = 0.0  # how firmly: the weight of the evidence kind (KIND_WEIGHT)
    framing: list[DateEvidence] = field(default_factory=list)  # elapsed-time cues
    mentions: list[DateEvidence] = field(default_factory=list)  # every date found
    hint: DatedValue = field(default_factory=DatedValue)  # a caption date or tweet (HINT_KINDS)
    hint_weight: float = 0.0
    reported_year: int | None = None  # the latest year reported "in YYYY" (not announced)
    stale: bool = False
    stale_strength: str | None = None  # "strong" or "weak"
    reasons: list[str] = field(default_factory=list)

    @property
    def date(self) -> date | None:
        return self.own.value

    @property
    def precision(self) -> str:
        return self.own.precision

    @property
    def iso(self) -> str | None:
        return self.own.shown

    def latest_reported(self) -> DateEvidence | None:
        """The latest date the document reports (not announces): a lower bound on its time."""
        past = [e for e in self.mentions if not e.future and e.kind not in ("elapsed", "weekday")]
        return max(past, key=lambda e: (e.lo, -e.start)) if past else None

    def own_interval(self) -> tuple[date, date, str] | None:
        """The document's own time as (earliest, latest, source): its own date, else the
        elapsed-time framing of its text."""
        if self.own.value is not None and self.weight > 0:
            ev = [e for e in self.own.evidence if isinstance(e, DateEvidence)]
            lo = min((e.lo for e in ev), default=self.own.value)
            hi = max((e.hi for e in ev), default=self.own.value)
            return lo, hi, "date"
        if self.framing:
            # the most precise cue, widened by the others only where they overlap it
            best = min(self.framing, key=lambda e: (e.hi - e.lo, e.start))
            return best.lo, best.hi, "framing"
        return None


@dataclass
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for part in text.split("\n"):
        out.append(_Line(pos, pos + len(part), part))
        pos += len(part) + 1
    return out


def _body_start(lines: list[_Line]) -> int:
    """Offset of the first paragraph of article prose (>= 15 words, not a caption)."""
    for ln in lines:
        words = ln.text.split()
        if len(words) >= 15 and not _CAPTION.search(ln.text[:300]):
            return ln.start
    return 0


DATELINE_CHARS = 800
"""Datelines and publication labels are looked for in the first this many characters."""
LEAD_CHARS = 300
"""A full date this close to the start of the article's prose dates it ("lead date")."""


def gather(text: str, meta: str | None = None) -> tuple[list[DateEvidence], list[DateEvidence]]:
    """All date evidence of one document: (own-date candidates, mentions).  Mentions include
    every date found (candidates too), captions, tweets and elapsed-time framing."""
    text = text[:MAX_DATE_CHARS]
    candidates: list[DateEvidence] = []
    mentions: list[DateEvidence] = []
    parsed = parse_date(meta)
    if parsed:
        e = DateEvidence("metadata", f"date {meta}", -1, *parsed)
        candidates.append(e)
    lines = _lines(text)
    body = _body_start(lines)
    line_at = _line_finder(lines)
    seen: set[int] = set()
    for y in _YEAR.finditer(text):
        found = _full_date_ending(text, y.end())
        if not found or found[2] in seen:
            continue
        lo, hi, start, weekday = found
        seen.add(start)
        e = _classify(text, lines[line_at(start)], start, y.end(), lo, hi, weekday, body)
        mentions.append(e)
        if e.weight > 0:
            candidates.append(e)
    for m in _ISO.finditer(text):
        d = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
        if d is None or m.start() in seen:
            continue
        e = _classify(text, lines[line_at(m.start())], m.start(), m.end(), d, d, None, body)
        mentions.append(e)
        if e.weight > 0:
            candidates.append(e)
    for m in _URL_DATE.finditer(text) if "http" in text else ():
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        if d is None:
            continue
        pos = m.start(1)
        e = _classify(text, lines[line_at(pos)], pos, m.end(3), d, d, None, body)
        if e.kind != "own url":
            e = DateEvidence("mention", e.text, e.start, d, d)
        mentions.append(e)
        if e.weight > 0:
            candidates.append(e)
    mentions += _framing(text)
    mentions.sort(key=lambda e: e.start)
    return candidates, mentions


def _line_finder(lines: list[_Line]):
    starts = [ln.start for ln in lines]

    def find(pos: int) -> int:
        return max(bisect_right(starts, pos) - 1, 0)

    return find


def _classify(
    text: str,
    line: _Line,
    start: int,
    end: int,
    lo: date,
    hi: date,
    weekday: str | None,
    body: int,
) -> DateEvidence:
    phrase = text[start:end]
    before = text[max(line.start, start - 60) : start]
    future = bool(_FUTURE.search(before))
    day = lo == hi
    if day and _PUBLISHED.search(_before(text, line, start, 50)):
        kind = "published label"
    elif _OWN_URL.search(text[max(line.start, start - 160) : start]):
        kind = "own url"
    elif _TWEET.search(text[max(line.start, start - 40) : start]):
        kind = "tweet"
    elif _CAPTION.search(line.text[:400]) or _CAPTION.search(line.text[-200:]):
        near = text[max(line.start, start - 60) : min(line.end, end + 40)]
        if day and weekday and not future and not _FILE.search(near):
            kind = "caption date"
        else:
            kind = "caption"
    elif _LINK_LINE.match(line.text):
        kind = "mention"
    elif day and start < DATELINE_CHARS and _is_dateline(text, line, start, end):
        kind = "dateline"
    elif (
        day
        and body <= start < body + LEAD_CHARS
        and not future
        and not _PAST_ANCHOR.search(before[-30:])
    ):
        kind = "lead date"
    elif day and weekday and not future and not _PAST_ANCHOR.search(before[-30:]):
        kind = "weekday date"
    else:
        kind = "mention"
    return DateEvidence(kind, phrase, start, lo, hi, future)


def _before(text: str, line: _Line, start: int, chars: int) -> str:
    """Up to ``chars`` characters before ``start`` on its line; "^" in a pattern matches only
    at the real start of the line (a cut window gets a neutral first character)."""
    if start - line.start <= chars:
        return text[line.start : start]
    return "x " + text[start - chars : start]


def _is_dateline(text: str, line: _Line, start: int, end: int) -> bool:
    """A line that is little more than the date ("April 10th, 2016", "Nov 3, 2015 | 10:23
    AM"), or a paragraph opening with place and date ("WASHINGTON, Nov. 3, 2015 --")."""
    rest = (text[line.start : start] + " " + text[end : line.end]).strip()
    if len(rest.split()) <= 5 and not re.search(r"[.!?]\s", rest):
        return True
    head = text[line.start : start]
    tail = text[end : min(line.end, end + 30)]
    return (
        len(head) <= 40
        and (not head.strip() or bool(re.fullmatch(r"[A-Z][A-Z .,'\-]*,?\s*", head)))
        and bool(re.match(r"\s*(?:\([^)]{1,30}\))?\s*[-–—:|]", tail))
    )


def _framing(text: str) -> list[DateEvidence]:
    """Elapsed-time cues anchored on a known conflict start named next to them."""
    low = text.lower()
    if ("month" not in low and "year" not in low) or ("war" not in low and "conflict" not in low):
        return []
    if not any(place in low for place in CONFLICT_STARTS) and not has_case_specials(text):
        # no conflict named anywhere: no cue can be placed (unless the text holds one of the
        # letters a case-blind regex equates with an ASCII one, "ſ" with "s", which lower()
        # leaves alone)
        return []
    out = []
    for m in _ELAPSED.finditer(text):
        window = text[max(0, m.start() - 150) : m.end() + 150]
        places = [p.group(1).lower() for p in _PLACE.finditer(window)]
        if not places:
            continue  # no named conflict nearby: the cue cannot be placed
        place = max(set(places), key=lambda p: (places.count(p), p))
        y, mo = CONFLICT_STARTS[place]
        n = int(m["n"]) if m["n"].isdigit() else _NUMBER_WORDS[m["n"].lower()]
        months = n if m["unit"].lower() == "month" else 12 * n
        span = 1 if m["unit"].lower() == "month" else 12  # "two-year": 24 to 35 months
        first = y * 12 + (mo - 1) + months
        last = first + span - 1
        lo = date(first // 12, first % 12 + 1, 1)
        hi = _month_end(last // 12, last % 12 + 1)
        out.append(DateEvidence("elapsed", m.group(0).strip(), m.start(), lo, hi))
    return out


def own_date(candidates: list[DateEvidence]) -> tuple[DatedValue, float]:
    """A document's own date from its candidates: those of the most trusted kind present;
    day precision when they agree within SAME_STORY_DAYS, month when only on the month."""
    if not candidates:
        return DatedValue(), 0.0
    top = max(e.weight for e in candidates)
    best = [e for e in candidates if e.weight == top]
    lo, hi = min(e.lo for e in best), max(e.hi for e in best)
    first = min(best, key=lambda e: e.start)
    if (hi - lo).days <= SAME_STORY_DAYS:
        precision = "day" if first.precision == "day" else "month"
        return DatedValue(first.lo, precision, best), top
    if (lo.year, lo.month) == (hi.year, hi.month):
        return DatedValue(lo, "month", best), top
    return DatedValue(None, "unknown", best), 0.0


def _weekday_events(text: str, anchor: date, body: int) -> list[DateEvidence]:
    """Weekday names in the lead, resolved against the document's own date."""
    out = []
    lead = text[body : body + LEAD_CHARS]
    for m in _WEEKDAY_WORD.finditer(lead):
        d = resolve_weekday(anchor, m["wd"])
        out.append(DateEvidence("weekday", m.group(0).strip(), body + m.start(), d, d))
    return out[:3]


def _reported_year(text: str) -> int | None:
    years = [
        int(m[1])
        for m in _REPORTED_YEAR.finditer(text)
        if not _FUTURE.search(text, max(0, m.start() - 60), m.start())
    ]
    return max(years) if years else None


def date_document(index: int, text: str, meta: str | None = None) -> DocumentDate:
    text = text[:MAX_DATE_CHARS]
    candidates, mentions = gather(text, meta)
    own, weight = own_date([e for e in candidates if e.kind not in HINT_KINDS])
    dd = DocumentDate(index, own, weight)
    dd.hint, dd.hint_weight = own_date([e for e in candidates if e.kind in HINT_KINDS])
    dd.reported_year = _reported_year(text)
    dd.mentions = [e for e in mentions if e.kind != "elapsed"]
    dd.framing = [e for e in mentions if e.kind == "elapsed"]
    if own.value is None and dd.framing:
        # the text's own framing ("the 23-month civil war") shows its time when it is that
        # precise; it never dates the story (weight 0)
        best = min(dd.framing, key=lambda e: (e.hi - e.lo, e.start))
        if best.precision == "month":
            dd.own = DatedValue(best.lo, "month", [best])
    if own.value is not None and own.precision == "day":
        body = _body_start(_lines(text[:MAX_DATE_CHARS]))
        dd.mentions += _weekday_events(text, own.value, body)
    return dd
