"""Disagreements: the same quantity or name stated differently by different sources.

Regex-based, linear in the text plus one sparse product per kind of quantity.

* **Counts and amounts** -- every number ("240,000", "1.4 billion", "$5 million", "12%") is
  read with its qualifier ("more than", "some") and the thing it counts: a casualty word near
  it ("people dead", "has killed", "death toll") makes it a *death toll*, *injured*,
  *displaced* ... figure; otherwise the first content word after it ("38 names",
  "24 targets").  Two figures are about the same thing when they have the same kind, come
  from different documents, their sentences share content words (cosine of the sentences'
  word sets >= :data:`MIN_CONTEXT`), and the values are of the same order (ratio <=
  :data:`MAX_RATIO`; "200 died" in a plane crash is not a rival figure for a war's 250,000).
  Each group with two or more different values is a disagreement.
* **Names** -- the same person spelled differently across documents ("Maria Zakharova" /
  "Maria Zakharov", "Sergey" / "Sergei Lavrov"): full names with the same first three letters
  of the first name and first five of the surname but different spellings.
* **Quotes** -- the same quotation credited to different speakers.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

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
_CASUALTY = [
    (
        "death toll",
        re.compile(
            r"\b(?:dead|killed|killing|kills|deaths?|died|die|lives|fatalities|death toll|bodies|perished|massacred?)\b",
            re.I,
        ),
    ),
    ("injured", re.compile(r"\b(?:injured|wounded|injuries|hurt|hospitali[sz]ed)\b", re.I)),
    ("displaced", re.compile(r"\b(?:displaced|refugees|fled|homeless|evacuated)\b", re.I)),
    ("arrested", re.compile(r"\b(?:arrested|detained|arrests|detentions|jailed)\b", re.I)),
    ("missing", re.compile(r"\b(?:missing|unaccounted)\b", re.I)),
]
_CASUALTY_KINDS = {name for name, _ in _CASUALTY}
_SKIP_NEXT = re.compile(
    r"^(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|times?|a\.m|p\.m|am|pm|"
    r"st|nd|rd|th|percent|per|of|and|or|to|in|on|at|the|a|an|for|with|from|by|as|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)$",
    re.I,
)
_NAME = re.compile(r"\b([A-Z][a-z'’\-]{2,})\s+(?:[A-Z]\.\s+)?([A-Z][a-z'’\-]{3,})\b")
_NOT_FIRST = {
    "the",
    "but",
    "and",
    "in",
    "on",
    "at",
    "for",
    "with",
    "when",
    "while",
    "after",
    "before",
    "president",
    "minister",
    "prime",
    "foreign",
    "deputy",
    "secretary",
    "general",
    "senator",
    "governor",
    "mayor",
    "judge",
    "chief",
    "director",
    "spokesman",
    "spokeswoman",
    "mr",
    "mrs",
    "ms",
    "dr",
    "new",
    "north",
    "south",
    "east",
    "west",
    "united",
    "saudi",
    "san",
    "los",
    "las",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}


@dataclass
class Mention:
    doc: int
    sentence: int  # index into cluster.sentences
    value: float
    shown: str  # the figure as written, with its qualifier
    kind: str  # "death toll", "amount of names", ...
    start: int  # character offsets in the sentence
    end: int


@dataclass
class Disagreement:
    about: str
    values: list[tuple[str, list[int]]]  # (value as written, 0-based documents)
    kind: str = "number"
    mentions: list[Mention] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "about": self.about,
            "values": [{"value": v, "sources": s} for v, s in self.values],
        }


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


def _kind(sentence: str, m: re.Match[str]) -> str | None:
    after = sentence[m.end() : m.end() + 60]
    before = sentence[max(0, m.start() - 40) : m.start()]
    next_words = words(after)[:4]
    if m.group("pct"):
        return None  # percentages: polls and rates differ by design across subgroups
    # casualty words right after the number ("240,000 people dead") or just before it
    # ("has killed some 250,000")
    near_after = " ".join(next_words[:3])
    near_before = " ".join(words(before)[-3:])
    for name, rx in _CASUALTY:
        if rx.search(near_after) or rx.search(near_before):
            return name
    if m.group("cur") or re.match(r"\s*(?:dollars|euros|pounds|yuan|rupees)\b", after, re.I):
        return "amount of money"
    for w in next_words[:2]:
        lw = w.lower()
        if _SKIP_NEXT.match(lw) or lw.isdigit():
            return None
        if lw in STOP_WORDS or lw in ("people", "more", "other", "new", "additional"):
            continue
        if lw in ("point", "points", "percentage", "votes", "cents"):
            return None  # margins and shares: many different ones in one story
        return f"number of {lw}"
    return None


def number_mentions(cluster: Cluster) -> list[Mention]:
    out: list[Mention] = []
    for si, s in enumerate(cluster.sentences):
        text = s.text
        if not _DIGIT.search(text):
            continue
        for m in _NUM.finditer(text):
            if _is_year(m):
                continue
            v = _value(m)
            if v is None or v == 0:
                continue
            if not m.group("scale") and not m.group("pct") and not m.group("cur") and v < 10:
                continue  # small counts are too often unrelated ("2 people", "3 times")
            kind = _kind(text, m)
            if kind is None:
                continue
            start = m.start()
            q = _QUAL_BEFORE.search(text, max(0, start - 24), m.start("num"))
            if q:
                start = q.start()
            shown = text[start : m.end()].strip()
            out.append(Mention(s.doc, si, v, shown, kind, start, m.end()))
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


def name_disagreements(cluster: Cluster) -> list[Disagreement]:
    """The same person spelled differently in different documents."""
    from storybrief.analysis.quotes import _PERSON_NAME, _split_role

    forms: dict[tuple[str, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for s in cluster.sentences:
        for found in _PERSON_NAME.findall(s.text):
            name = _split_role(found)[0] or ""
            toks = name.split()
            if len(toks) < 2 or "’" in name or "'" in name:
                continue
            first, last = toks[-2], toks[-1]
            if (
                first.lower() in _NOT_FIRST
                or len(first) < 3
                or len(last) < 4
                or first.isupper()
                or last.isupper()
            ):
                continue
            key = (first[:3].lower(), last[:5].lower())
            forms[key][f"{first} {last}"].add(s.doc)
    out: list[Disagreement] = []
    for key in sorted(forms):
        variants = forms[key]
        if len(variants) < 2:
            continue
        docs = [d for v in variants.values() for d in v]
        if len(set(docs)) < 2:
            continue
        # plural/possessive or other-word variants are not spellings of one name
        lasts = {v.split()[1].lower() for v in variants}
        firsts = {v.split()[0].lower() for v in variants}
        if any(a != b and (a.startswith(b) and len(a) - len(b) > 2) for a in lasts for b in lasts):
            continue
        if len(lasts) == 1 and len(firsts) == 1:
            continue
        if _variant_forms(firsts, nicknames=True) or _variant_forms(lasts, nicknames=False):
            continue
        values = sorted(((v, sorted(d)) for v, d in variants.items()), key=lambda x: (x[1], x[0]))
        if all(set(values[0][1]) == set(v[1]) for v in values):
            continue
        out.append(Disagreement(f"spelling of a name ({values[0][0]})", values, "name"))
    return out


def _variant_forms(names: set[str], nicknames: bool) -> bool:
    """Two forms that are a nickname/short form ("rich"/"richard", "jon"/"jonathan"), a plural
    or adjective ("award"/"awards", "australia"/"australian") or a British/American spelling
    ("theatre"/"theater") of each other: not a disagreement about who someone is."""
    forms = sorted(names)
    for i, a in enumerate(forms):
        for b in forms[i + 1 :]:
            short, long = sorted((a, b), key=len)
            if nicknames and (long.startswith(short) or long.startswith(short.rstrip("y"))):
                return True
            # Libby/Liberty, Randy/Randall, Sandy/Sander: a short pet form
            if (
                nicknames
                and len(short) <= 5
                and short.endswith(("y", "ie"))
                and short[:3] == long[:3]
            ):
                return True
            # Mario/Maria, Antonio/Antonia: two people, not two spellings
            if (
                nicknames
                and len(a) == len(b)
                and a[:-1] == b[:-1]
                and a[-1] in "aoe"
                and b[-1] in "aoe"
            ):
                return True
            if not nicknames and (not a[-1].isalpha() or not b[-1].isalpha()):
                return True
            if not nicknames and long.endswith("ers") and short.endswith("s"):
                return True
            if long in (short + "s", short + "n", short + "es"):
                return True
            if a.replace("re", "er") == b.replace("re", "er"):
                return True
    return False


def quote_disagreements(merged_quotes: list) -> list[Disagreement]:
    """The same quotation credited to different speakers (different surname keys)."""
    from storybrief.analysis.quotes import speaker_key

    out: list[Disagreement] = []
    for q in merged_quotes:
        by_key: dict[str | None, list[str]] = defaultdict(list)
        for sp_name in q.speaker_variants:
            by_key[speaker_key(sp_name)].append(sp_name)
        if len(by_key) < 2:
            continue
        text = q.text if len(q.text) <= 60 else q.text[:57].rstrip() + "..."
        values = [(name, docs) for name, docs in q.speaker_variants.items()]
        out.append(Disagreement(f'who said "{text}"', values, "speaker"))
    return out


def find_disagreements(cluster: Cluster, merged_quotes: list | None = None) -> list[Disagreement]:
    out = number_disagreements(cluster)
    out += name_disagreements(cluster)
    if merged_quotes:
        out += quote_disagreements(merged_quotes)
    return out
