"""Stale documents: when does each article describe, and which ones describe another time?

Per document, date evidence is gathered with regular expressions (case-insensitive, since the
Multi-News truncated text is lower-cased):

* the document's metadata ``date`` when given (strongest);
* explicit full dates: "November 3, 2015", "Nov. 3, 2015", "3 November 2015", "2015-11-03";
* month-and-day dates without a year ("Feb. 13", "on 13 February") and month-and-year
  ("February 2013") -- a month/day is placed in the year the other evidence points to;
* elapsed-time cues anchored on a known start: "the 23-month civil war" in a text about Syria
  is 23 months after March 2011 (:data:`CONFLICT_STARTS`), "the four-year-old civil war" four
  years after;
* bare years ("in 2013"), weakest; years after "since", "in"+past-only words or inside
  "N years ago" phrases are not the article's own time and are skipped.

Each piece of evidence is an ordinal day with a weight; the document's estimate is the
weighted median of its evidence (month precision when only month-level evidence exists).  The
cluster's date is the median of the documents' estimates, and a document whose estimate lies
more than :data:`STALE_DAYS` before or after the cluster's (with at least one other dated
document agreeing on the cluster's time) is *stale*, with its evidence as the reason.
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
    r"\b"
    + _MONTH.format(n="m")
    + r",?\s+"
    + _YEAR.format(n="y")
    + r"\b",
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


@dataclass
class DocumentDate:
    index: int
    date: date | None = None
    precision: str | None = None  # "day", "month", "year"
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


def _elapsed_evidence(text: str, taken: list, positions: bool = False) -> list[tuple]:
    """Evidence from elapsed-time cues ("the 23-month civil war")."""
    out = []
    for m in _ELAPSED.finditer(text):
        ym = _elapsed(text, m.group("n"), m.group("unit"), m.start())
        if not ym:
            continue
        taken.append((m.start(), m.end()))
        o = _ordinal(ym[0], ym[1], 15)
        if o:
            prec = "month" if m.group("unit").lower() == "month" else "year"
            w = 2.0 if prec == "month" else 1.0
            item = (o, w, m.group(0).strip(), prec)
            out.append((*item, m.start()) if positions else item)
    return out


def _pre_word(text: str, pos: int) -> str:
    m = _PRE_WORD.search(text, max(0, pos - 12), pos)
    return m.group(1).lower() if m else ""


def gather_evidence(text: str) -> list[Evidence]:
    """Date evidence in ``text`` (see the module docstring), in order of appearance."""
    ev: list[tuple[int, Evidence]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    if not _DIGIT.search(text):
        return [
            Evidence(o, w, phrase, prec)
            for o, w, phrase, prec in _elapsed_evidence(text, taken)
        ]
    for rx in (_ISO, _MDY, _DMY):
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            mo = int(g["m"]) if g["m"].isdigit() else _month(g["m"])
            o = _ordinal(int(g["y"]), mo, int(g["d"]))
            if o:
                taken.append((m.start(), m.end()))
                ev.append((m.start(), Evidence(o, 3.0, m.group(0).strip(), "day")))
    for m in _MY.finditer(text):
        if not free(m.start("m"), m.end()):
            continue
        taken.append((m.start(), m.end()))
        if _pre_word(text, m.start()) in ("since", "from", "before", "after"):
            continue  # an anchor in the past, not the article's time
        o = _ordinal(int(m.group("y")), _month(m.group("m")), 15)
        if o:
            ev.append((m.start(), Evidence(o, 1.5, m.group(0).strip(), "month")))
    for o, w, phrase, prec, start in _elapsed_evidence(text, taken, positions=True):
        ev.append((start, Evidence(o, w, phrase, prec)))
    for m in _BARE_YEAR.finditer(text):
        if not free(m.start("y"), m.end("y")) or m.group("post"):
            continue
        pre = _pre_word(text, m.start())
        if pre in ("since", "from", "before", "after", "between", "until", "to", "of"):
            continue
        after = text[m.end() : m.end() + 12].lower()
        if re.match(r"\s*(?:-|to|and)\s*(?:19|20)\d\d", after):
            continue
        y = int(m.group("y"))
        ev.append((m.start(), Evidence(date(y, 7, 1).toordinal(), 0.5, m.group(0).strip(), "year")))
    # month-day without a year: resolved against the other evidence afterwards (year unknown)
    md: list[tuple[int, int, int, str]] = []
    for rx in (_MD, _DM):
        for m in rx.finditer(text):
            if not free(m.start("m"), m.end()):
                continue
            d = int(m.group("d"))
            if not 1 <= d <= 31:
                continue
            md.append((m.start(), _month(m.group("m")), d, m.group(0).strip()))
    ev.sort(key=lambda t: t[0])
    out = [e for _, e in ev]
    if md and out:
        year = date.fromordinal(_weighted_median(out)).year
        for _, mo, d, phrase in md:
            o = _ordinal(year, mo, d)
            if o:
                out.append(Evidence(o, 1.0, phrase, "day"))
    return out


def _weighted_median(ev: list[Evidence]) -> int:
    items = sorted((e.day, e.weight) for e in ev)
    total = sum(w for _, w in items)
    acc = 0.0
    for day, w in items:
        acc += w
        if acc >= total / 2:
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
    for i, doc in enumerate(cluster.documents):
        dd = DocumentDate(i)
        meta = parse_metadata_date(doc.date)
        if meta:
            dd.date, dd.precision = meta, "day"
            dd.evidence.append(Evidence(meta.toordinal(), 10.0, f"date {doc.date}", "day"))
        else:
            ev = gather_evidence(texts[i])
            dd.evidence = ev
            strong = [e for e in ev if e.precision != "year"]
            if strong or len(ev) >= 1:
                use = strong if sum(e.weight for e in strong) >= 1.5 else ev
                day = _weighted_median(use)
                dd.date = date.fromordinal(day)
                precs = {e.precision for e in use}
                dd.precision = (
                    "day" if "day" in precs else ("month" if "month" in precs else "year")
                )
        out.append(dd)
    mark_stale(out)
    return out


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
    """Flag documents far from the consensus of the others.  Needs at least two other dated
    documents, most of them within ``max_days`` of their median (with only two dated
    documents there is no telling which one is out of time)."""
    known = [d for d in dates if d.date]
    if len(known) < 3:
        return
    for d in known:
        others = [o for o in known if o is not d]
        center = cluster_date(others)
        if center is None:
            continue
        gap = d.date.toordinal() - center.toordinal()
        agree = sum(abs(o.date.toordinal() - center.toordinal()) <= max_days for o in others)
        tolerance = max_days + (180 if d.precision == "year" else 0)
        if abs(gap) > tolerance and agree >= max(2, (len(others) + 2) // 2):
            d.stale = True
            strongest = sorted(d.evidence, key=lambda e: -e.weight)[:3]
            cues = ", ".join(f'"{e.text}"' for e in strongest)
            when = "before" if gap < 0 else "after"
            shown = d.iso[:4] if d.precision == "year" else d.iso[:7]
            d.reasons.append(
                f"describes {shown}, {abs(gap) // 30} months {when} the other documents "
                f"({center.isoformat()[:7]}); evidence: {cues}"
            )
