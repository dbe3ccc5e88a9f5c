"""Stale documents: when does each article describe, and which ones describe another time?

Per document, date evidence is gathered with regular expressions (case-insensitive, since the
Multi-News truncated text is lower-cased), tried only where they can start (month names, day
numbers before them, four-digit years), so the pass is linear and cheap:

* the document's metadata ``date`` when given (strongest);
* explicit full dates: "November 3, 2015", "Nov. 3, 2015", "3 November 2015", "2015-11-03";
* month-and-day dates without a year ("Feb. 13", "on 13 February") -- placed in the
  document's own year, else in the year the other documents agree on -- and month-and-year
  ("February 2013"; not after "since"/"from"/"before"/"after");
* elapsed-time cues anchored on a known start: "the 23-month civil war" in a text about Syria
  is 23 months after March 2011 (:data:`CONFLICT_STARTS`), "the four-year-old civil war" four
  years after;
* bare years ("in 2013"), weakest; years after "since", "from", "by", "until" ... are skipped.

A document's date is the latest explicit or elapsed-time date it gives (an article describes
its present and mentions its past), else the latest bare year.  A document is *stale* when
its date lies more than :data:`STALE_DAYS` before the date at least two other firmly dated
documents agree on, and it carries a cue to its own time (:attr:`Evidence.present`: an
elapsed-time cue, a date with its weekday or in the opening lines, a metadata date) -- the
dates an article merely mentions ("the Dec. 14, 2012 shooting", "in this Feb. 11, 2007 file
photo") do not date it.  The reason lists the evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from storybrief.types import Cluster

STALE_DAYS = 240
"""A document this many days away from the cluster's date describes another time."""

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<{n}>jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|"
    r"aug(?:ust|\.)?|sept?(?:ember|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
_YEAR = r"(?P<{n}>(?:19[5-9]\d|20[0-4]\d))"
_DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?"

_MDY = re.compile(
    r"\b"
    + _MONTH.format(n="m")
    + r"\s+"
    + _DAY.format(n="d")
    + r"(?:\s*,\s*|\s+)"
    + _YEAR.format(n="y")
    + r"\b",
    re.IGNORECASE,
)
_DMY = re.compile(
    r"\b"
    + _DAY.format(n="d")
    + r"\s+(?:of\s+)?"
    + _MONTH.format(n="m")
    + r",?\s+"
    + _YEAR.format(n="y")
    + r"\b",
    re.IGNORECASE,
)
_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
_MD = re.compile(
    r"\b"
    + _MONTH.format(n="m")
    + r"\s+"
    + _DAY.format(n="d")
    + r"\b(?!\s*,?\s*(?:19|20)\d\d)(?![\d:])",
    re.IGNORECASE,
)
_DM = re.compile(
    r"\bon\s+"
    + _DAY.format(n="d")
    + r"\s+(?:of\s+)?"
    + _MONTH.format(n="m")
    + r"\b(?!,?\s+(?:19|20)\d\d)",
    re.IGNORECASE,
)
_MY = re.compile(
    r"\b" + _MONTH.format(n="m") + r",?\s+" + _YEAR.format(n="y") + r"\b",
    re.IGNORECASE,
)
# the word before a year or month-year, read by looking back (a leading optional group would
# make the regex try every position of the text)
_PRE_WORD = re.compile(
    r"\b(since|from|until|before|after|by|between|and|to|of|in|the)\s+$", re.IGNORECASE
)
_BARE_YEAR = re.compile(
    r"(?<![\d$.,/-])(?P<y>(?:19[5-9]\d|20[0-4]\d))(?![\d%]|\s*(?:-|to)\s*\d)(?P<post>s|'s|\s+(?:election|census|law|act|film|movie|album|season|olympics|world cup|deadline|target|campaign))?",
    re.IGNORECASE,
)

# Elapsed-time cues: "the 23-month civil war", "the four-year-old conflict", "two-year uprising".
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
    r"(?:(?:\w+[- ])?(?:civil\s+)?)(?P<what>war|conflict|uprising|insurgency|crisis|revolt|revolution)\b",
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
"""Start (year, month) of long conflicts, for elapsed-time cues ("the 23-month civil war")."""

_PLACE = re.compile(r"\b(" + "|".join(CONFLICT_STARTS) + r")(?:n|ns|i|is)?\b", re.IGNORECASE)


@dataclass
class Evidence:
    day: int  # proleptic ordinal of the (approximate) date
    weight: float
    text: str  # the phrase it came from
    precision: str  # "day", "month" or "year"
    # a cue to the article's own time rather than to a past event it mentions: an elapsed-time
    # cue ("the 23-month war"), a date with its weekday, or a date in the opening lines
    present: bool = False


@dataclass
class DocumentDate:
    index: int
    date: date | None = None
    precision: str | None = None  # "day", "month", "year"
    firm: bool = False  # dated by explicit dates or elapsed-time cues, not by bare years only
    evidence: list[Evidence] = field(default_factory=list)
    stale: bool = False
    reasons: list[str] = field(default_factory=list)

    @property
    def iso(self) -> str | None:
        return self.date.isoformat() if self.date else None


def _month(token: str) -> int:
    return _MONTHS[token.lower().rstrip(".")[:3]]


def _ordinal(y: int, m: int, d: int) -> int | None:
    try:
        return date(y, m, d).toordinal()
    except ValueError:
        return None


def parse_metadata_date(value: str | None) -> date | None:
    """A metadata date in ISO form or any form the text patterns understand."""
    if not value:
        return None
    m = _ISO.search(value) or _MDY.search(value) or _DMY.search(value)
    if m:
        g = m.groupdict()
        mo = int(g["m"]) if g["m"].isdigit() else _month(g["m"])
        o = _ordinal(int(g["y"]), mo, int(g["d"]))
        if o:
            return date.fromordinal(o)
    m = re.search(r"\b((?:19|20)\d\d)\b", value)
    return date(int(m.group(1)), 7, 1) if m else None


def _elapsed(text: str, n: str, unit: str, pos: int) -> tuple[int, int] | None:
    count = int(n) if n.isdigit() else _NUMBER_WORDS[n.lower()]
    window = text[max(0, pos - 300) : pos + 200]
    places = [p.group(1).lower() for p in _PLACE.finditer(window)]
    if not places:
        places = [p.group(1).lower() for p in _PLACE.finditer(text)]
    if not places:
        return None
    place = max(set(places), key=lambda p: (places.count(p), p))
    y, m = CONFLICT_STARTS[place]
    months = count if unit.lower() == "month" else count * 12
    total = y * 12 + (m - 1) + months
    return total // 12, total % 12 + 1


_DIGIT = re.compile(r"\d")
_CONFLICT_WORDS = ("war", "conflict", "uprising", "insurgency", "crisis", "revol")
_MONTH_START = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)
_DAY_BEFORE = re.compile(r"(?:\bon\s+)?\b[0-3]?\d(?:st|nd|rd|th)?\s+(?:of\s+)?$", re.IGNORECASE)
_YEARISH = re.compile(r"(?<!\d)(?:19[5-9]|20[0-4])\d(?!\d)")


def _elapsed_evidence(text: str, taken: list, positions: bool = False) -> list[tuple]:
    """Evidence from elapsed-time cues ("the 23-month civil war")."""
    out: list[tuple] = []
    low = text.lower()
    if ("month" not in low and "year" not in low) or not any(w in low for w in _CONFLICT_WORDS):
        return out
    for m in _ELAPSED.finditer(text):
        ym = _elapsed(text, m.group("n"), m.group("unit"), m.start())
        if not ym:
            continue
        taken.append((m.start(), m.end()))
        o = _ordinal(ym[0], ym[1], 15)
        if o:
            prec = "month" if m.group("unit").lower() == "month" else "year"
            w = 2.0 if prec == "month" else 1.0
            item = (o, w, m.group(0).strip(), prec, True)
            out.append((*item, m.start()) if positions else item)
    return out


_WEEKDAY_BEFORE = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*(?:\(\w+\)\s*)?$", re.IGNORECASE
)
_FILE_PHOTO = re.compile(r"\bfile\b|\bphoto\b|\bpictured\b|\bcaption\b", re.IGNORECASE)
OPENING_CHARS = 300


def _present(text: str, m: re.Match[str]) -> bool:
    """Is this date a cue to the article's own time?  In its opening lines (a dateline, the
    lead) or right after a weekday ("Friday Oct. 30, 2015") -- but not in a photo caption
    ("in this Feb. 11, 2007, file photo")."""
    start = m.start()
    around = text[max(0, start - 40) : m.end() + 25]
    if _FILE_PHOTO.search(around):
        return False
    return start < OPENING_CHARS or bool(_WEEKDAY_BEFORE.search(text, max(0, start - 14), start))


def _pre_word(text: str, pos: int) -> str:
    m = _PRE_WORD.search(text, max(0, pos - 12), pos)
    return m.group(1).lower() if m else ""


def gather_evidence(text: str, year: int | None = None) -> list[Evidence]:
    """Date evidence in ``text`` (see the module docstring).  Month-day dates without a year
    are placed in ``year``, else in the year the other evidence points to."""
    ev, md = _gather(text)
    return ev + _place_month_days(md, year if year is not None else _doc_year(ev))


def _doc_year(ev: list[Evidence]) -> int | None:
    est = _estimate(ev)
    return est[0].year if est else None


def _place_month_days(md: list[tuple], year: int | None) -> list[Evidence]:
    if year is None:
        return []
    out = []
    for _, mo, d, phrase, present in md:
        o = _ordinal(year, mo, d)
        if o:
            out.append(Evidence(o, 1.0, phrase, "day", present))
    return out


def _estimate(ev: list[Evidence]) -> tuple[date, str, bool] | None:
    """A document's date from its evidence: the latest explicit or elapsed-time date it gives
    -- an article describes its present and mentions its past, so the dates it cites are
    mostly before its own -- or, with only bare years, the latest year it mentions."""
    strong = [e for e in ev if e.precision != "year" or e.weight >= 1.0]
    if strong:
        fine = [e for e in strong if e.precision != "year"] or strong
        day = max(e.day for e in fine)
        near = [e.precision for e in strong if abs(e.day - day) <= 45]
        prec = "day" if "day" in near else ("month" if "month" in near else "year")
        return date.fromordinal(day), prec, True
    if ev:
        return date.fromordinal(max(e.day for e in ev)), "year", False
    return None


def _gather(text: str) -> tuple[list[Evidence], list[tuple[int, int, int, str]]]:
    """Evidence with a year, and month-day dates without one (placed later)."""
    ev: list[tuple[int, Evidence]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    if not _DIGIT.search(text):
        elapsed = _elapsed_evidence(text, taken)
        return [Evidence(*item) for item in elapsed], []
    # the patterns are tried only where they can start: at month names, or at a day number
    # just before one (scanning the whole text with each pattern costs several times more)
    months = [m.start() for m in _MONTH_START.finditer(text)]
    day_starts = []
    for p in months:
        d = _DAY_BEFORE.search(text, max(0, p - 16), p)
        if d:
            day_starts.append(d.start())

    def at(rx: re.Pattern[str], starts: list[int]):
        for p in starts:
            m = rx.match(text, p)
            if m:
                yield m

    for rx, starts in ((_ISO, None), (_MDY, months), (_DMY, day_starts)):
        for m in rx.finditer(text) if starts is None else at(rx, starts):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            mo = int(g["m"]) if g["m"].isdigit() else _month(g["m"])
            o = _ordinal(int(g["y"]), mo, int(g["d"]))
            if o:
                taken.append((m.start(), m.end()))
                ev.append(
                    (m.start(), Evidence(o, 3.0, m.group(0).strip(), "day", _present(text, m)))
                )
    for m in at(_MY, months):
        if not free(m.start("m"), m.end()):
            continue
        taken.append((m.start(), m.end()))
        if _pre_word(text, m.start()) in ("since", "from", "before", "after"):
            continue  # an anchor in the past, not the article's time
        o = _ordinal(int(m.group("y")), _month(m.group("m")), 15)
        if o:
            ev.append((m.start(), Evidence(o, 1.5, m.group(0).strip(), "month", _present(text, m))))
    for *item, start in _elapsed_evidence(text, taken, positions=True):
        ev.append((start, Evidence(*item)))
    for m in at(_BARE_YEAR, [y.start() for y in _YEARISH.finditer(text)]):
        if not free(m.start("y"), m.end("y")) or m.group("post"):
            continue
        pre = _pre_word(text, m.start())
        if pre in ("since", "from", "before", "after", "between", "until", "to", "of", "by"):
            continue
        after = text[m.end() : m.end() + 12].lower()
        if re.match(r"\s*(?:-|to|and)\s*(?:19|20)\d\d", after):
            continue
        y = int(m.group("y"))
        ev.append((m.start(), Evidence(date(y, 7, 1).toordinal(), 0.5, m.group(0).strip(), "year")))
    # month-day without a year: resolved against the other evidence afterwards (year unknown)
    md: list[tuple[int, int, int, str]] = []
    for rx, starts in ((_MD, months), (_DM, day_starts)):
        for m in at(rx, starts):
            if not free(m.start("m"), m.end()):
                continue
            d = int(m.group("d"))
            if not 1 <= d <= 31:
                continue
            md.append((m.start(), _month(m.group("m")), d, m.group(0).strip(), _present(text, m)))
    ev.sort(key=lambda t: t[0])
    return [e for _, e in ev], md


def _weighted_median(ev: list[Evidence]) -> int:
    return _weighted_quantile(ev, 0.5)


def _weighted_quantile(ev: list[Evidence], q: float) -> int:
    items = sorted((e.day, e.weight) for e in ev)
    total = sum(w for _, w in items)
    acc = 0.0
    for day, w in items:
        acc += w
        if acc >= total * q:
            return day
    return items[-1][0]


def date_documents(cluster: Cluster, texts: list[str] | None = None) -> list[DocumentDate]:
    """Estimate every document's date, the cluster's date, and mark stale documents."""
    if texts is None:
        from storybrief.analysis.relevance import article_texts

        texts = [
            f"{c.headline or ''}\n{t}"
            for c, t in zip(cluster.cleaned, article_texts(cluster), strict=True)
        ]
    out: list[DocumentDate] = []
    gathered: dict[int, tuple[list[Evidence], list]] = {}
    for i, doc in enumerate(cluster.documents):
        dd = DocumentDate(i)
        meta = parse_metadata_date(doc.date)
        if meta:
            dd.date, dd.precision, dd.firm = meta, "day", True
            dd.evidence.append(Evidence(meta.toordinal(), 10.0, f"date {doc.date}", "day"))
        else:
            ev, md = _gather(texts[i])
            gathered[i] = (ev, md)
            dd.evidence = ev
            est = _estimate(ev)
            if est:
                dd.date, dd.precision, dd.firm = est
        out.append(dd)
    # month-day dates without a year ("on 13 February") go in the document's own year when it
    # has explicit evidence, else in the year the other documents agree on
    firm = [d.date.year for d in out if d.date and d.firm]
    cluster_year = sorted(firm)[len(firm) // 2] if firm else None
    for i, (ev, md) in gathered.items():
        if not md:
            continue
        d = out[i]
        year = d.date.year if d.date and d.firm else cluster_year
        if year is None and d.date:
            year = d.date.year
        d.evidence = ev + _place_month_days(md, year)
        est = _estimate(d.evidence)
        if est:
            d.date, d.precision, d.firm = est
    mark_stale(out)
    return out


def _present_date(d: DocumentDate) -> int | None:
    """The latest of a document's cues to its own time (None without any)."""
    days = [e.day for e in d.evidence if e.present]
    return max(days) if days else None


def cluster_date(dates: list[DocumentDate]) -> date | None:
    known = sorted(d.date.toordinal() for d in dates if d.date)
    if not known:
        return None
    return date.fromordinal(
        known[(len(known) - 1) // 2]
        if len(known) % 2
        else (known[len(known) // 2 - 1] + known[len(known) // 2]) // 2
    )


def mark_stale(dates: list[DocumentDate], max_days: int = STALE_DAYS) -> None:
    """Flag documents far from the time the others agree on.

    Only firm estimates take part (explicit day or month dates, elapsed-time cues): a document
    dated by bare years alone mentions years, it is not dated by them.  A document is stale
    when at least two other firmly dated documents, most of them within ``max_days`` of their
    median, put the story more than ``max_days`` away from it."""
    known = [d for d in dates if d.date and d.firm]
    # the flagged document itself must carry a cue to its own time (see Evidence.present):
    # dates it merely mentions ("the Dec. 14, 2012 shooting") do not date it
    if len(known) < 3:
        return
    for d in known:
        others = [o for o in known if o is not d]
        center = cluster_date(others)
        if center is None:
            continue
        gap = d.date.toordinal() - center.toordinal()
        agree = sum(abs(o.date.toordinal() - center.toordinal()) <= max_days for o in others)
        # only "before": the latest date a document gives is a lower bound on its time, so a
        # document whose latest date is far before the others' describes an earlier time; one
        # whose dates run later may merely be more precise than the others
        if (
            gap < -max_days
            and agree >= max(2, (len(others) + 2) // 2)
            and (d.evidence and d.evidence[0].weight >= 10.0 or _present_date(d) is not None)
        ):
            d.stale = True
            strongest = sorted(d.evidence, key=lambda e: -e.weight)[:3]
            cues = ", ".join(f'"{e.text}"' for e in strongest)
            when = "before"
            d.reasons.append(
                f"describes {d.iso[:7]}, {abs(gap) // 30} months {when} the other documents "
                f"({center.isoformat()[:7]}); evidence: {cues}"
            )
