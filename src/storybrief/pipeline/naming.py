"""A person's full name at their first mention in the digest (issue 17: dangling names).

A digest that says "Doherty said ..." or "Mr Carpentier" before it has said who Doherty is
leaves its reader guessing, and an extractive digest does so whenever the sentence that
introduced the person in full was not chosen.  Here the digest's first mention of such a
person, a bare surname, optionally after a courtesy title ("Doherty said", "Mr. Doherty",
"Sen. Graham"), is written as the cited article itself writes the person's full name ("John
Doherty", "Sen. Lindsey Graham"; a role in full words that the article puts before it is
kept: "Judge Lou Olivera"; "Mr."/"Mrs."/"Ms."/"Miss" give way to the first name).  Every word
stays traceable, so the rewrite is made only when:

* the full name occurs in one of the sentence's cited articles (its words come from there);
* the surname has exactly one first name in the whole cluster; the articles show it is a
  person's (a speech verb, a title or an age: "Doherty said", "Mr. Doherty", "Streep, 61,");
  it is never a first name there ("Burke Ramsey"), never written in lower case ("Pink"),
  never after a place preposition ("in Jackson"), no weekday, month, title or organisation
  word; and the first name is never written in lower case ("Like Jimmy", "Young Americans");
* the mention is outside quotations and cuts, stands alone (no capitalised word right
  before or after it: "Kendrick Lamar", "Fey Productions"; no "Kimble v. Marvel"; not a
  modifier: "Trump campaign"; a role in full words before it already introduces: "Judge
  Olivera"), and its sentence names nobody of
  that surname in full (a relative: "Smith's wife, Racquel Smith");
* the mention is the digest's first of the surname: no earlier digest sentence names the
  person in any way, nor does a quotation earlier in the sentence; and the name fits
  the digest's budget.

Later mentions stay as they are.  Each rewrite is a :class:`Naming` (a span of the source
sentence, the name written in its place and the article it comes from), kept with the
sentence's compression; JSON shows them as ``named``.  ``storybrief evaluate --checks``
verifies such a sentence as a citation when the article writes the full name and the sentence
with the name as its surname alone is the article's sentence shortened by deletions.

:func:`nameable_needs` tells the selector which surnames a unit's own first mention can
introduce this way, so that the unit need not wait for another sentence to introduce them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from storybrief.pipeline.readability import Screen
from storybrief.text.compress import Compression, Cut, apply_cuts, full_names, second_mentions
from storybrief.text.lexicon import HONORIFICS, ORG_WORDS, ROLE_TITLES, SAID_VERBS, SIMPLE_NAME
from storybrief.text.words import MONTH_NAMES, WEEKDAY_NAMES
from storybrief.types import Cluster

REASON = "full name at a first mention"

# courtesy titles give way to the first name ("Mr. Doherty" -> "John Doherty"); other
# abbreviations ("Sen.", "Dr.") say what the person is and stay ("Sen. Lindsey Graham")
_COURTESY = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx)\.?\Z")
_HONORIFIC = re.compile(rf"{HONORIFICS}\.?\Z")
_ROLE = re.compile(rf"{ROLE_TITLES}\Z")
_CAPITALISED = re.compile(rf"\b{SIMPLE_NAME}\b")
# nouns after which a name is a modifier, not the person ("the Trump campaign")
_MODIFIED = frozenset(
    """administration campaign camp family era government presidency foundation doctrine
    case trial estate household clan rally rallies supporters voters team aides staff
    policy policies plan tax years""".split()
)
_NOT_SURNAMES = MONTH_NAMES | WEEKDAY_NAMES | ORG_WORDS
# words before a role that make it not the person's present title ("former President")
_NOT_NOW = frozenset("former late then ex acting interim outgoing incoming".split())
_QUOTATION = re.compile(r"\"[^\"]*\"|“[^”]*”")


_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from)\s+\Z")
_FIRST_AFTER = re.compile(rf"\s+(?:[A-Z]\.\s+)?({SIMPLE_NAME})\b")
_NAME_BEFORE = re.compile(rf"\b({SIMPLE_NAME})\s+(?:[A-Z]\.\s+)?\Z")
# what shows a surname is a person's: speech, a title, an age
_PERSON_BEFORE = re.compile(rf"(?:\b{SAID_VERBS}|\b{HONORIFICS}\.?|-year-old)\s+\Z")
_PERSON_AFTER = re.compile(rf"\s+{SAID_VERBS}\b|,\s+\d{{1,3}},")


_INSIDE_WORD = re.compile(r"[\-'’]\w{2}")
# a role in full words right before a person's name ("Judge" in "Judge Lou Olivera"),
# compiled once and read only in the few characters before each match of the name (a
# pattern of the role list and the name compiled per person cost 0.4 ms a surname)
_ROLE_BEFORE = re.compile(rf"\b({ROLE_TITLES})\s+\Z")
_ROLE_REACH = 40  # characters: the longest role and the spaces after it


def _occurrences(text: str, word: str) -> list[int]:
    """Where ``word`` occurs in ``text`` as a whole word (str.find: no regex pass)."""
    out, at = [], text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not text[at - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            out.append(at)
        at = text.find(word, end)
    return out


def _word_before(text: str, at: int) -> tuple[str, int] | None:
    """The word (with its punctuation) right before ``text[at:]`` and where it starts, when
    a space separates them."""
    head = text[:at]
    if not head[-1:].isspace():
        return None
    head = head.rstrip()
    word = head.rsplit(None, 1)[-1] if head else ""
    return (word, len(head) - len(word)) if word else None


def _has_word(text: str, word: str) -> bool:
    return bool(_occurrences(text, word))


@dataclass(frozen=True)
class Naming:
    """One rewrite: ``source[start:end]`` (its ``text``: the surname, with a courtesy title
    when one was dropped) shown as ``name``, the full name as document ``document`` writes it."""

    start: int
    end: int
    text: str
    name: str
    document: int
    reason: str = REASON

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "name": self.name,
            "document": self.document,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Named:
    """A digest sentence: its compression, the names written in full and the text shown."""

    compression: Compression
    namings: tuple[Naming, ...] = ()

    @cached_property
    def text(self) -> str:
        return shown_text(self.compression.source, self.compression.cuts, self.namings)


def shown_text(source: str, cuts: tuple[Cut, ...], namings: tuple[Naming, ...]) -> str:
    """``source`` with each naming's span replaced by its name and the cuts' spans deleted
    (a naming never overlaps a cut)."""
    if not namings:
        return apply_cuts(source, cuts)
    text, shifted, delta, at = "", list(cuts), 0, 0
    for n in sorted(namings, key=lambda n: n.start):
        text += source[at : n.start] + n.name
        grow = len(n.name) - (n.end - n.start)
        shifted = [
            Cut(c.start + grow, c.end + grow, c.text, c.reason) if c.start >= n.end + delta else c
            for c in shifted
        ]
        delta += grow
        at = n.end
    return apply_cuts(text + source[at:], shifted)


def _quoted(text: str) -> list[tuple[int, int]]:
    """Spans of the quotations in ``text``: an unclosed one runs to the end, a closing mark
    with no opening one (a quote begun in the sentence before) quotes from the start."""
    spans = [(m.start(), m.end()) for m in _QUOTATION.finditer(text)]
    rest = _QUOTATION.sub(lambda m: " " * len(m.group(0)), text)
    close = rest.find("”")
    if close >= 0:
        spans.append((0, close + 1))
    for mark in ('"', "“"):
        i = rest.rfind(mark) if mark == '"' else rest.find(mark)
        if i >= 0:
            closes = mark == '"' and i > 0 and not rest[i - 1].isspace()
            spans.append((0, i + 1) if closes else (i, len(text)))
    return spans


class NameBook:
    """The cluster's people as its articles name them, looked up lazily by surname."""

    def __init__(self, cluster: Cluster) -> None:
        lowercased = [c.lowercased for c in cluster.cleaned]
        # (capitals are the evidence: lower-cased text (Multi-News's truncated form) has none)
        self._by_doc: dict[int, list[str]] = {}
        for s in cluster.sentences:
            if not lowercased[s.doc]:
                self._by_doc.setdefault(s.doc, []).append(s.text)
        self._joined = "\n".join(t for texts in self._by_doc.values() for t in texts)
        self._first: dict[str, str | None] = {}
        self._patterns: dict[str, re.Pattern[str]] = {}

    def first_name(self, surname: str) -> str | None:
        """The one first name the cluster gives ``surname``, None when it gives none or
        several, or when the word is not surely a person's surname (see the module)."""
        if surname not in self._first:
            self._first[surname] = self._find_first(surname)
        return self._first[surname]

    def _find_first(self, surname: str) -> str | None:
        joined = self._joined
        if _HONORIFIC.match(surname) or surname.lower() in _NOT_SURNAMES:
            return None  # "Sen.", "Sunday", "Fleet"
        if _has_word(joined, surname.lower()):
            return None  # a word the articles write in lower case ("Pink")
        # every test reads the few characters around each occurrence (a pattern over the
        # whole cluster per surname would cost milliseconds)
        person = False
        firsts: set[str] = set()
        for at in _occurrences(joined, surname):
            before = joined[max(0, at - 40) : at]
            end = at + len(surname)
            after = joined[end : end + 60]
            if _PLACE_BEFORE.search(before):
                return None  # "in Jackson": a place
            nxt = _FIRST_AFTER.match(after)
            if nxt and (surname, nxt.group(1)) in full_names(joined[at : end + 40]):
                return None  # someone's first name too ("Burke Ramsey")
            person = person or bool(_PERSON_BEFORE.search(before) or _PERSON_AFTER.match(after))
            m = _NAME_BEFORE.search(before)
            if m is None:
                continue
            first = m.group(1)
            if (first, surname) not in full_names(joined[at - len(before) + m.start() : end + 40]):
                continue
            if not _has_word(joined, first.lower()):
                firsts.add(first)  # ("Like Jimmy", "Young Americans": a word, no first name)
        if not person:
            return None  # nothing shows a person (speech, a title, an age): "the House"
        return next(iter(firsts)) if len(firsts) == 1 else None

    def written(self, surname: str, docs: list[int]) -> tuple[str, int] | None:
        """The person's full name as ``docs`` write it, and the document: the first mention
        with a role in full words before it ("Judge Lou Olivera") where one has one, else the
        first mention."""
        first = self.first_name(surname)
        if first is None:
            return None
        name = self._patterns.get(surname)
        if name is None:
            name = self._patterns[surname] = re.compile(
                rf"\b{re.escape(first)}\s+(?:[A-Z]\.\s+)?{re.escape(surname)}\b"
            )
        plain = None
        for d in docs:
            for text in self._by_doc.get(d, ()):
                if surname not in text or first not in text:
                    continue
                for m in name.finditer(text):
                    full = " ".join(m.group(0).split())
                    role = _ROLE_BEFORE.search(text, max(0, m.start() - _ROLE_REACH), m.start())
                    if role and _role_is_current(text, role.start()):
                        return f"{role.group(1)} {full}", d  # a role, where one is written
                    plain = plain or (full, d)
        return plain


def _role_is_current(text: str, at: int) -> bool:
    """The role at ``text[at:]`` is the person's own, whole title: not after "former" or a
    hyphen, nor the end of a longer one ("Vice President", "Foreign Minister")."""
    before = _word_before(text, at)
    word = before[0] if before else ""
    return not (
        word[:1].isupper() or word.lower().rstrip(",") in _NOT_NOW or text[at - 1 : at] == "-"
    )


def _mentions(source: str, surname: str, blocked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of ``source`` where ``surname`` stands alone as a person (with a courtesy title
    before it when there is one), outside quotations and ``blocked`` spans."""
    out = []
    for start in _occurrences(source, surname):
        end = start + len(surname)
        if source[start - 1 : start] in ("-", "'", "’", "/") or _INSIDE_WORD.match(source, end):
            continue  # "Vogt-Roberts", "O'Mara", "Enoch/Peinovich": another name
        if any(a <= start < b or a < end <= b for a, b in blocked):
            continue
        after = source[end:]
        nxt = after.lstrip()
        if after[:1] == "-" or (after[:1].isspace() and (nxt[:1].isupper() or nxt[:2] == "v.")):
            continue  # "Fey Productions", "Kimble v. Marvel": part of a longer name
        word = re.match(r"[a-z]+", nxt)
        if word and word.group(0) in _MODIFIED and after[:1].isspace():
            continue  # "Trump campaign": a modifier
        before = _word_before(source, start)
        if before:
            word = before[0]
            if _COURTESY.match(word):
                start = before[1]
            elif (
                word in ("the", "The", "v.", "vs.")
                or word[:1].isdigit()
                or (word[:1].isupper() and word[-1:].isalpha() and not _HONORIFIC.match(word))
            ):
                continue  # "the Carpentier heart", "the 7th Fleet", "Kendrick Lamar"
            elif _ROLE.match(word):
                continue  # "Judge Olivera": a role in full words introduces the person
        out.append((start, end))
    return out


def _introduced(text: str) -> set[str]:
    """Surnames ``text`` introduces: after a first name, or after a role in full words."""
    found = {last for _, last in full_names(text)}
    found.update(m.group(1) for m in re.finditer(rf"\b{ROLE_TITLES}\s+({SIMPLE_NAME})\b", text))
    return found


def _candidates(source: str, blocked: list[tuple[int, int]]) -> list[str]:
    """Capitalised words of ``source`` outside quotations and cuts, in order, once each."""
    seen: dict[str, None] = {}
    for m in _CAPITALISED.finditer(source):
        if not any(a <= m.start() < b for a, b in blocked):
            seen.setdefault(m.group(0), None)
    return list(seen)


def name_people(
    compression: Compression,
    docs: list[int],
    book: NameBook,
    known: set[str],
    only: set[str] | None = None,
    room: int | None = None,
) -> Named:
    """The sentence with the first bare mention of each person whom ``known`` (surnames the
    digest introduced before) lacks written as ``docs`` (its cited articles) write the full
    name.  ``only`` restricts the surnames looked at; ``room``: at most this many words are
    added (the digest's budget is never exceeded), and a person whose name does not fit is
    added to ``known`` (a later mention must not introduce them after a bare one)."""
    source = compression.source
    blocked = [(c.start, c.end) for c in compression.cuts]
    quotes = _quoted(source) if ('"' in source or "“" in source or "”" in source) else []
    blocked += quotes
    in_full: set[str] | None = None  # surnames the sentence itself names in full
    namings = []
    for surname in _candidates(source, blocked):
        if surname in known or (only is not None and surname not in only):
            continue
        if book.first_name(surname) is None:
            continue  # (cached: the cheap test first)
        if in_full is None:
            in_full = _introduced(apply_cuts(source, compression.cuts))
        spans = _mentions(source, surname, blocked) if surname not in in_full else []
        if not spans:
            continue
        start, end = spans[0]
        found = book.written(surname, docs)
        if found is None or _occurrences(source, surname)[0] + len(surname) != end:
            known.add(surname)  # the first mention stays bare: so do the later ones
            continue
        name, d = found
        if room is not None:
            added = len(name.split()) - len(source[start:end].split())
            if added > room:
                known.add(surname)
                continue
            room -= added
        namings.append(Naming(start, end, source[start:end], name, d))
        blocked.append((start, end))
    return Named(compression, tuple(namings))


def nameable_needs(
    cluster: Cluster, screen: Screen, texts: list[str], book: NameBook
) -> tuple[list[frozenset[str]], np.ndarray]:
    """Each unit's needs less the surnames its own first mention can introduce by name (the
    screen's noun keys, ``"n:..."``, are left as they are), and the words each unit grows by
    when it does (the selector counts them, so that the names fit the budget)."""
    needs = list(screen.needs)
    grows = np.zeros(len(needs), dtype=np.int64)
    for u, need in enumerate(screen.needs):
        people = {x for x in need if not x.startswith("n:")}
        if not people:
            continue
        unit = cluster.units[u]
        docs = sorted({cluster.sentences[m].doc for m in cluster.verbatim_members(unit)})
        named = name_people(Compression(texts[u], texts[u]), docs, book, set(), only=people)
        if named.namings:
            needs[u] = need - {_surname(n) for n in named.namings}
            grows[u] = _growth(named.namings)
    return needs, grows


def _growth(namings: tuple[Naming, ...]) -> int:
    """Words the namings add to their sentence."""
    return sum(len(n.name.split()) - len(n.text.split()) for n in namings)


def _surname(n: Naming) -> str:
    return n.name.rsplit(None, 1)[-1]


def first_mention_names(
    cluster: Cluster,
    ordered: list[int],
    compressions: list[Compression],
    people: set[str],
    book: NameBook | None = None,
    shorten: bool = True,
    room: int | None = None,
) -> dict[int, Named]:
    """The chosen units in reading order, each shortened at second mentions (as
    :func:`storybrief.pipeline.compression.second_mention_cuts` does) and with a full name at
    each person's first bare mention.  ``people``: the surnames the readability screen knows
    as people's; ``shorten``: False leaves second mentions whole (compression off);
    ``room``: the words the digest may still grow by (its budget less its length)."""
    book = book if book is not None else NameBook(cluster)
    introduced: set[tuple[str, str]] = set()
    known: set[str] = set()  # capitalised words the digest has shown so far
    named_here: set[str] = set()  # surnames a naming introduced
    out = {}
    for u in ordered:
        comp = compressions[u]
        if introduced and shorten:
            comp = second_mentions(comp, introduced)
        unit = cluster.units[u]
        docs = sorted({cluster.sentences[m].doc for m in cluster.verbatim_members(unit)})
        named = name_people(comp, docs, book, known, room=room)
        if room is not None:
            room -= _growth(named.namings)
        out[u] = named
        named_here |= {_surname(n) for n in named.namings}
        introduced |= {
            (f, last) for f, last in full_names(named.text) if last in people or last in named_here
        }
        # a person mentioned in any way is no longer at a first mention
        known |= set(_CAPITALISED.findall(named.text))
    return out
