"""Counts of people stated differently: figures read as intervals, matched by casualty kind,
context, places, scope and time (see the package's docs).

Over 500 lines on purpose: the patterns that tell a count of people from the numbers that
look like one (ages, years, units, animals, updates, parts, other events) are read together
with the frame comparison that uses them; apart, each would be read only beside the other.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from storybrief.analysis.disagree.report import Disagreement, Mention
from storybrief.text.lexicon import any_word
from storybrief.text.words import STOP_WORDS, stem, words
from storybrief.types import Cluster

MIN_CONTEXT = 0.2
MAX_RATIO = 1.6
MAX_MENTIONS = 400

_QUAL = (
    r"(?P<qual>more than|over|nearly|almost|about|around|some|at least|up to|roughly|"
    r"approximately|an estimated|fewer than|less than|as many as|close to|just over|"
    r"just under|under|at most)"
)
# the qualifier is read by looking back from the number (see _qualified): a leading optional
# group would make the regex try every position of every sentence
_QUAL_BEFORE = re.compile(r"\b" + _QUAL + r"\s+(?:[$€£]\s?)?$", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_NUM = re.compile(
    r"(?P<cur>[$€£]\s?)?(?<![\w.,/-])(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?![\w/]|[.,]\d|-\d)(?:\s*(?P<scale>million|billion|trillion|thousand|hundred)\b)?(?P<pct>\s?%|\s+percent\b)?",
    re.IGNORECASE,
)
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# the words of each kind of count of people, as they stand by a figure ("240,000 people
# dead", "has killed some 250,000"), in the order :func:`_kind` tries the kinds
_CASUALTY_WORDS = (
    (
        "death toll",
        r"dead|killed|killing|kills|deaths?|died|die|lives|fatalities|death toll|bodies|"
        r"perished|massacred?",
    ),
    ("injured", r"injured|wounded|injuries|hurt|hospitali[sz]ed"),
    ("displaced", r"displaced|refugees|fled|homeless|evacuated"),
    ("arrested", r"arrested|detained|arrests|detentions|jailed"),
    ("missing", r"missing|unaccounted"),
)
_CASUALTY = [(name, any_word(alternation, re.I)) for name, alternation in _CASUALTY_WORDS]
_CASUALTY_KINDS = {name for name, _ in _CASUALTY}


def _value(m: re.Match[str]) -> float | None:
    try:
        v = float(m.group("num").replace(",", ""))
    except ValueError:
        return None
    scale = (m.group("scale") or "").lower()
    return v * _SCALES.get(scale, 1.0)


def _is_year(m: re.Match[str]) -> bool:
    num = m.group("num")
    return (
        not m.group("scale")
        and not m.group("pct")
        and not m.group("cur")
        and re.fullmatch(r"(?:1[6-9]|20)\d\d", num) is not None
    )


_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_NOT_A_COUNT_AFTER = re.compile(
    rf"^(?:\s*{_MONTH_WORD}\b|\s*[:.]\s?\d\d\b|\s*(?:a\.?m\.?|p\.?m\.?)(?!\w)|\s+block\b|"
    r"[- ](?:day|week|month)s?[- ]old\b|\s+(?:days?|weeks?|months?)\s+old\b)",
    re.IGNORECASE,
)
_NOT_A_COUNT_BEFORE = re.compile(rf"\b{_MONTH_WORD}\s*$|\d\s*[:.]\s?$", re.IGNORECASE)
_AGE_AFTER = re.compile(
    r"^(?:-|\s)?(?:year|yr)s?[- ]old\b|^\s*(?:years?\s+old|,\s+(?:a|an|the|who)\b)", re.I
)


def _kind(sentence: str, m: re.Match[str]) -> str | None:
    """The kind of count a number is: a casualty word just after it ("240,000 people dead")
    or just before it ("has killed some 250,000"); None for anything else."""
    after = sentence[m.end() : m.end() + 60]
    before = sentence[max(0, m.start() - 40) : m.start()]
    if m.group("pct") or m.group("cur") or m.group("scale") in ("hundred",):
        return None
    if _AGE_AFTER.match(after) or re.search(r"\b(?:age|aged)\s+(?:of\s+)?$", before, re.I):
        return None  # an age: "the 41-year-old", "died at age 36"
    if re.search(r"[A-Za-z],\s*$", before) and re.match(r"\s*,", after):
        return None  # an age in apposition: "Farook, 28, and his wife, Malik, 27, killed"
    if _NOT_A_COUNT_AFTER.match(after) or _NOT_A_COUNT_BEFORE.search(before):
        return None  # a date, a time, a street address
    if _NOT_PEOPLE_AFTER.match(after) or _TO_DEATH.match(after):
        return None  # "200 meters below", "169 sheep", "put 200 people to death"
    # the words right after the figure, up to a conjunction ("killed some 250,000 and
    # displaced millions": the 250,000 are dead, not displaced)
    near = []
    for w in words(after)[:3]:
        if w.lower() in ("and", "or", "but", "while"):
            break
        near.append(w)
    near_after = " ".join(near)
    for name, rx in _CASUALTY:
        if rx.search(near_after):
            return name
    # a casualty word before the figure counts only when it governs it ("killed 26 people",
    # "killing all 98", "put the death toll at 152"), not when it ends another clause ("four
    # people were killed and 16 were injured": the 16 are not dead)
    lead = _BEFORE_LEAD.search(before)
    return _LEAD_KIND[lead.group("word").lower()] if lead else None


_LEAD_KIND = {
    **dict.fromkeys(
        ("killed", "killing", "kills", "kill", "claimed", "claiming", "toll", "deaths", "dead"),
        "death toll",
    ),
    **dict.fromkeys(("wounded", "wounding", "injured", "injuring", "hurt"), "injured"),
    **dict.fromkeys(("arrested", "arresting", "detained", "detaining"), "arrested"),
    **dict.fromkeys(("evacuated", "displaced"), "displaced"),
}


_NOT_PEOPLE = (
    r"sheep|cows?|cattle|animals?|birds?|fish|dogs?|cats?|horses?|pigs?|chickens?|dolphins?|"
    r"whales?|seals?|tonnes?|tons?|pounds?|kilos?|kilograms?|kg|lbs?|meters?|metres?|feet|foot|"
    r"miles?|kilometers?|kilometres?|km|yards?|acres?|hectares?|homes?|houses?|buildings?|"
    r"cars?|vehicles?|flights?|trees?|degrees?|inches?|gallons?|barrels?|litres?|liters?"
)
_NOT_PEOPLE_AFTER = re.compile(rf"^\s+(?:[\w-]+\s+)?(?:{_NOT_PEOPLE})\b", re.I)
_TO_DEATH = re.compile(r"^\s+(?:[\w-]+\s+){0,2}to\s+death\b", re.I)
_BEFORE_LEAD = re.compile(
    r"\b(?P<word>killed|killing|kills|kill|claimed|claiming|wounded|wounding|injured|injuring|"
    r"hurt|arrested|arresting|detained|detaining|evacuated|displaced|toll|deaths|dead)"
    r"(?:\s+(?:at|to|of|is|was|stood|stands|rose|all|some|about|around|nearly|almost|over|"
    r"more|than|at least|least|up|as many as|many|as|an estimated|estimated|roughly|"
    r"approximately|just|close))*\s*$",
    re.I,
)


_STEP_DIGITS = re.compile(r"0+$")


def _step(value: float, written: str) -> float:
    """One unit of the last significant digit as written: 240,000 -> 10,000; 1,800 -> 100;
    1.4 (million) -> 0.1 (million)."""
    digits = written.replace(",", "")
    if "." in digits:
        return 10.0 ** -len(digits.split(".")[1]) * (value / float(digits) if float(digits) else 1)
    zeros = len(_STEP_DIGITS.search(digits).group(0)) if _STEP_DIGITS.search(digits) else 0
    return 10.0**zeros * (value / float(digits) if float(digits) else 1)


_LOWER = ("more than", "over", "at least", "just over", "upwards of", "in excess of")
_UPPER = ("fewer than", "less than", "under", "just under", "up to", "at most", "as many as")
_NEAR_BELOW = ("nearly", "almost", "close to")


def _interval(value: float, written: str, qual: str | None) -> tuple[float, float]:
    """The values a figure allows (see the module docs)."""
    q = (qual or "").lower()
    step = _step(value, written)
    if q == "at least":
        return value, float("inf")  # a floor: "at least 16" allows the later 19
    if q in _LOWER:
        return value, value + 0.99 * step  # below the next step: "more than 240,000" < 250,000
    if q in ("up to", "at most", "as many as"):
        return 0.0, value
    if q in _UPPER or q in _NEAR_BELOW:
        return max(0.0, value - 0.99 * step), value
    return value, value


def compatible(a: Mention, b: Mention) -> bool:
    """Do two figures allow a common value (or differ by 2% or less, rounding)?"""
    if a.lo <= b.hi and b.lo <= a.hi:
        return True
    x, y = sorted((a.value, b.value))
    return y <= x * 1.02


_RANGE = re.compile(
    r"(?:between\s+)?(?P<a>\d{1,3}(?:,\d{3})+|\d+)\s*(?:-|–|to|and)\s*(?P<b>\d{1,3}(?:,\d{3})+|\d+)"
    r"(?:\s*(?P<scale>million|billion|thousand)\b)?",
    re.IGNORECASE,
)
_CAPS = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{2,}\b")
_NOT_PLACE = {
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "The",
    "But",
}


# numbers written as words ("two", "dozens")
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?"
)
_NUMBER_WORD = re.compile(rf"\b(?:\d+(?:\.\d+)?|{_NUMBER_WORDS})\b", re.IGNORECASE)


def _other_numbers(text: str, m: Mention) -> set[str]:
    """Numbers other than the figure (and years) in its clause."""
    clause = text[max(0, m.start - 80) : m.start] + " " + text[m.end : m.end + 60]
    return {
        n.lower() for n in _NUMBER_WORD.findall(clause) if not re.fullmatch(r"(?:1[6-9]|20)\d\d", n)
    }


def _scope(text: str, m: Mention) -> set[str]:
    """Capitalised words (places, groups) in the figure's clause: "in Homs" vs "across
    Syria" are different scopes."""
    clause = text[max(0, m.start - 80) : m.end + 60]
    return {w for w in _CAPS.findall(clause) if w not in _NOT_PLACE}


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# the month names that date a figure's clause, but "may" (far more often the verb)
_MONTHS_BUT_MAY = (
    r"january|february|march|april|june|july|august|september|october|november|december"
)
_MONTH = any_word(_MONTHS_BUT_MAY, re.I)
# words that make a figure an update, a part or a different event: "bringing the toll to
# 19", "another 15 deaths", "the toll rose to", "a similar tragedy left 29 dead", "killed 26
# people and himself", "killing 12, including two women"
_NOT_THE_SAME_WORDS = (
    r"another|more(?!\s+than)|additional|further|rose|risen|rising|rises|climbed|climbing|"
    r"jumped|increased|bringing|brought|brings|raised|raising|revised|updated|so far|initially|"
    r"initial|earlier|at first|first reported|preliminary|previous|previously|prior|last year|"
    r"last month|last week|ago|similar|totals?|overall|cumulative|combined|"
    r"including|included|includes|include|excluding|not including|plus|besides|among them|"
    r"himself|herself|themselves|gunman|gunmen|attackers?|bombers?|assailants?|shooter|"
    r"perpetrators?|hijackers?|militants?|suspects?"
)
_NOT_THE_SAME = any_word(_NOT_THE_SAME_WORDS, re.I)
_SCOPE_HEAD = re.compile(
    r"\b(?:in|across|throughout|near|outside|at)\s+((?:[\w'’.-]+\s*){1,5})", re.I
)
# the words after "in", "across" ... that name no place or group ("in the", "at least")
_NOT_A_SCOPE = (
    r"the|a|an|this|that|its|their|his|her|least|all|one|two|three|four|five|which|who|"
    r"what|where|when|after|before|and|or|but|said|says|told|on|of|by|from|to|with|for|as|"
    r"an?|it|is|was|were|are|have|has|had|been|last|early|late|recent|total"
)
_SCOPE_STOP = re.compile(rf"^(?:{_NOT_A_SCOPE})$", re.I)
_EVENT = {
    "attack": "attack",
    "attacks": "attack",
    "bombing": "bomb",
    "bombings": "bomb",
    "bomb": "bomb",
    "bomber": "bomb",
    "blast": "bomb",
    "blasts": "bomb",
    "explosion": "bomb",
    "explosions": "bomb",
    "shooting": "shooting",
    "gunfire": "shooting",
    "crash": "crash",
    "collision": "crash",
    "derailment": "crash",
    "fire": "fire",
    "blaze": "fire",
    "shipwreck": "ship",
    "sinking": "ship",
    "capsized": "ship",
    "earthquake": "quake",
    "quake": "quake",
    "tsunami": "quake",
    "flood": "flood",
    "flooding": "flood",
    "floods": "flood",
    "storm": "storm",
    "tornado": "storm",
    "tornadoes": "storm",
    "hurricane": "storm",
    "typhoon": "storm",
    "stampede": "stampede",
    "collapse": "collapse",
    "riot": "riot",
    "riots": "riot",
    "clashes": "riot",
    "war": "war",
    "conflict": "war",
    "outbreak": "outbreak",
    "epidemic": "outbreak",
    "heatwave": "heat",
}


_GENERIC_PLACE = {
    "region",
    "area",
    "areas",
    "country",
    "world",
    "city",
    "town",
    "state",
    "province",
    "capital",
    "village",
    "district",
    "county",
    "nation",
    "place",
    "scene",
    "site",
}


@dataclass
class _Frame:
    """What a figure's clause says it is about (see :func:`_same_quantity`)."""

    years: set[str]
    months: set[str]
    not_same: bool
    scope: set[str]
    events: set[str]
    sentence_words: set[str]


def _frame(text: str, m: Mention) -> _Frame:
    # the figure's clause: 90 characters either side (as for the context vectors)
    clause = text[max(0, m.start - 90) : m.end + 90]
    low = clause.lower()
    scope: set[str] = set()
    for h in _SCOPE_HEAD.finditer(clause):
        for k, w in enumerate(re.findall(r"[\w'’.-]+", h.group(1))):
            w = w.lower().strip(".")
            if k == 0 and w in ("the", "a", "an"):
                continue  # "in the eastern city of Lahore"
            if (w == "of" and k > 0) or w in _GENERIC_PLACE:
                continue  # "the city of Lahore", "in the region"
            if _SCOPE_STOP.match(w) or not w or w[0].isdigit() or _MONTH.fullmatch(w):
                break
            if w in STOP_WORDS or w in _EVENT or w in {"people", "least", "dead", "killed"}:
                break
            scope.add(w)
    toks = set(re.findall(r"[a-z]+", low))
    return _Frame(
        years=set(_YEAR.findall(clause)),
        months={x.lower() for x in _MONTH.findall(clause)},
        not_same=bool(_NOT_THE_SAME.search(clause)),
        scope=scope,
        events={_EVENT[t] for t in toks if t in _EVENT},
        sentence_words=set(re.findall(r"[a-z]+", text.lower())),
    )


def _same_quantity(a: _Frame, b: _Frame) -> bool:
    """Do two figures' clauses describe the same quantity?  Precision first: any sign of a
    different time, place, event or count (an update, a part, a total with the attackers)
    says no."""
    if a.not_same or b.not_same:
        return False
    if a.years and b.years and a.years != b.years:
        return False  # "63,000 ... in 2016" vs "72,000 ... in 2017"
    if a.months and b.months and a.months != b.months:
        return False
    if a.events and b.events and not (a.events & b.events):
        return False  # a shipwreck's toll is not the truck's
    # "in X" scope: a region's toll vs a country's, one city's vs another's
    if a.scope and b.scope and not (a.scope <= b.scope or b.scope <= a.scope):
        return False
    if a.scope and not b.scope and not a.scope & b.sentence_words:
        return False  # "killed 22 in Wake County" vs "killed 25": which county is unsaid
    return not (b.scope and not a.scope and not b.scope & a.sentence_words)


def number_mentions(cluster: Cluster) -> list[Mention]:
    out: list[Mention] = []
    for si, s in enumerate(cluster.sentences):
        text = s.text
        if not _DIGIT.search(text):
            continue
        ranges = [(r.start(), r.end(), r) for r in _RANGE.finditer(text)]
        for m in _NUM.finditer(text):
            if _is_year(m):
                continue
            v = _value(m)
            if v is None or v == 0:
                continue
            if not m.group("scale") and v < 10:
                continue  # small counts are too often unrelated ("2 people", "3 times")
            kind = _kind(text, m)
            if kind is None:
                continue
            start = m.start()
            q = _QUAL_BEFORE.search(text, max(0, start - 24), m.start("num"))
            if q:
                start = q.start()
            rng = next((r for a, b, r in ranges if a <= m.start() < b), None)
            if rng is not None:
                scale = _SCALES.get((rng.group("scale") or m.group("scale") or "").lower(), 1.0)
                lo = float(rng.group("a").replace(",", "")) * scale
                hi = float(rng.group("b").replace(",", "")) * scale
                if lo > hi:
                    continue
                shown = text[rng.start() : max(rng.end(), m.end())].strip()
                if any(x.sentence == si and x.start == rng.start() for x in out):
                    continue  # the range's second number: already read
                out.append(
                    Mention(s.doc, si, (lo + hi) / 2, shown, kind, rng.start(), m.end(), lo, hi)
                )
                continue
            shown = text[start : m.end()].strip()
            lo, hi = _interval(v, m.group("num"), q.group("qual") if q else None)
            out.append(Mention(s.doc, si, v, shown, kind, start, m.end(), lo, hi))
    return out


def _context_matrix(cluster: Cluster, ms: list[Mention], chars: int = 90) -> sp.csr_matrix:
    """L2-normalised binary vectors of the content stems around each mention (the clause
    the figure sits in, not the whole sentence: long sentences share too many words)."""
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for r, m in enumerate(ms):
        text = cluster.sentences[m.sentence].text
        window = text[max(0, m.start - chars) : m.end + chars]
        toks = {
            stem(w)
            for w in words(window)
            if not w[0].isdigit() and w.lower() not in STOP_WORDS and len(w) > 2
        }
        for t in toks:
            rows.append(r)
            cols.append(vocab.setdefault(t, len(vocab)))
    m = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(ms), max(len(vocab), 1)))
    norms = np.sqrt(np.asarray(m.sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.diags(1.0 / norms) @ m


def _shared_words(cluster: Cluster, ms: list[Mention], limit: int = 3) -> list[str]:
    sets = [
        [
            w
            for w in words(cluster.sentences[m.sentence].text)
            if w.lower() not in STOP_WORDS and len(w) > 3 and not w[0].isdigit()
        ]
        for m in ms
    ]
    common = set(w.lower() for w in sets[0])
    for s in sets[1:]:
        common &= {w.lower() for w in s}
    out: list[str] = []
    for w in sets[0]:
        if w.lower() in common and w.lower() not in out:
            out.append(w.lower())
    return out[:limit]


def number_disagreements(
    cluster: Cluster, min_context: float = MIN_CONTEXT, max_ratio: float = MAX_RATIO
) -> list[Disagreement]:
    mentions = number_mentions(cluster)
    by_kind: dict[str, list[Mention]] = defaultdict(list)
    seen: set[tuple[str, int, float]] = set()
    for m in mentions:
        # one mention per (kind, document, value) and at most MAX_MENTIONS per kind: bounded
        # work however many syndicated copies repeat a figure
        key = (m.kind, m.doc, m.value)
        if key in seen or len(by_kind[m.kind]) >= MAX_MENTIONS:
            continue
        seen.add(key)
        by_kind[m.kind].append(m)
    out: list[Disagreement] = []
    for kind, ms in sorted(by_kind.items()):
        if len({m.doc for m in ms}) < 2 or len({m.value for m in ms}) < 2:
            continue
        ctx = _context_matrix(cluster, ms)
        sim = (ctx @ ctx.T).tocoo()
        vals = np.array([m.value for m in ms])
        docs = np.array([m.doc for m in ms])
        r, c, v = sim.row, sim.col, sim.data
        ratio = np.maximum(vals[r], vals[c]) / np.minimum(vals[r], vals[c])
        need = min_context / 4 if kind in _CASUALTY_KINDS else min_context
        ok = (r < c) & (v >= need) & (ratio <= max_ratio) & (docs[r] != docs[c])
        # the same scope: the places and groups named next to the figures agree, and so do
        # the other numbers of their clauses ("four days" vs "five days": other periods)
        scopes = [_scope(cluster.sentences[m.sentence].text, m) for m in ms]
        others = [_other_numbers(cluster.sentences[m.sentence].text, m) for m in ms]
        frames = [_frame(cluster.sentences[m.sentence].text, m) for m in ms]
        for idx in np.flatnonzero(ok):
            a, b = scopes[r[idx]], scopes[c[idx]]
            if a and b and not (a <= b or b <= a):
                ok[idx] = False
            if others[r[idx]] != others[c[idx]]:
                ok[idx] = False
            if not _same_quantity(frames[r[idx]], frames[c[idx]]):
                ok[idx] = False
        linked = {(int(r[i]), int(c[i])) for i in np.flatnonzero(ok)}
        linked |= {(j, i) for i, j in linked}
        n = len(ms)
        graph = sp.csr_matrix((np.ones(int(ok.sum())), (r[ok], c[ok])), shape=(n, n))
        _, labels = connected_components(graph, directed=False)
        groups: dict[int, list[int]] = defaultdict(list)
        for i, lab in enumerate(labels.tolist()):
            groups[lab].append(i)
        for members in groups.values():
            group = [ms[i] for i in members]
            if len({m.doc for m in group}) < 2 or len({m.value for m in group}) < 2:
                continue
            # a real conflict: two figures of two documents, linked directly (the same
            # quantity, not through a third), that allow no common value
            if not any(
                (i, j) in linked and not compatible(ms[i], ms[j]) for i in members for j in members
            ):
                continue
            # one document stating two of the values means they measure different things
            # ("up 4.5% from $29,858 the previous year", "a 27-inch ... a 36-inch prototype")
            per_doc: dict[int, set[float]] = defaultdict(set)
            for m in group:
                per_doc[m.doc].add(m.value)
            if any(len(v) > 1 for v in per_doc.values()):
                continue
            by_value: dict[float, list[Mention]] = defaultdict(list)
            for m in sorted(group, key=lambda m: (m.doc, m.sentence, m.start)):
                by_value[m.value].append(m)
            # a value differs only when another document does not also state it
            value_docs = {val: sorted({m.doc for m in g}) for val, g in by_value.items()}
            if all(set(d) == set(next(iter(value_docs.values()))) for d in value_docs.values()):
                continue
            values = [(g[0].shown, value_docs[val]) for val, g in by_value.items()]
            shared = _shared_words(cluster, group)
            about = kind + (f" ({', '.join(shared)})" if shared else "")
            out.append(Disagreement(about, values, "number", group))
    return out
