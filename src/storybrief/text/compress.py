"""Compressive extraction that stays verifiable: a sentence shortened by deletions only.

A digest sentence may drop words that carry no fact of the story for its reader, and nothing
else changes: every remaining word comes from the source sentence, in order, so the shortened
sentence is a *subsequence* of its source and its citation stays checkable
(:func:`is_compression`).  The only other change is the case of the first letter when the
sentence's first words were cut ("However, police said" -> "Police said").  Each deletion is a
:class:`Cut` (character span of the source sentence, its text and the rule that made it), so
the source can be rebuilt from the result and the record (:func:`apply_cuts`).

What may be cut (:func:`compress`), each a rule on the sentence alone:

* ``attribution tail`` -- a news outlet credited at the end: "..., the Associated Press
  reports.", "..., reports the New York Times.", "..., CNN reported."  (a *speaker's*
  attribution, "..., police said", is a claim's source and is never cut);
* ``leading connective`` -- "However,", "Meanwhile,", "In addition,", "But" at the start,
  when what is left does not lean on an earlier sentence anyway;
* ``statement framing`` -- "In a statement released on Tuesday,", "In an interview with
  CBS,", "Speaking to reporters on Monday," at the start, when a subject follows;
* ``parenthetical`` -- "(R-Texas)", "(pictured)", "(about 3 miles)"; an acronym being
  defined ("(ISIS)"), a bracketed editorial insertion ("[the company]") and anything holding
  a quotation mark are kept.

And one rule that depends on the digest (:func:`second_mentions`): a person already named in
full by an earlier digest sentence loses, at a later mention, the title before the name and the
first name ("Russian Foreign Minister Sergei Lavrov" -> "Lavrov", ``title at a second
mention``) and an appositive after it ("Lavrov, the foreign minister, said" -> "Lavrov said",
``appositive at a second mention``).

The rules are written from news style (what an editor trims first), not tuned to a data set;
every rule has tests on text the tests write themselves (``tests/test_compress.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from storybrief.text.lexicon import ORG_WORDS, PLACES
from storybrief.text.words import MONTH_NAMES, STOP_WORDS, WEEKDAY_NAMES


@dataclass(frozen=True)
class Cut:
    """One deletion: ``source[start:end]`` (its ``text``) removed, by the rule ``reason``."""

    start: int
    end: int
    text: str
    reason: str

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class Compression:
    """A source sentence, its shortened text and the cuts between them."""

    source: str
    text: str
    cuts: tuple[Cut, ...] = ()

    @property
    def saved_words(self) -> int:
        return len(self.source.split()) - len(self.text.split())


def apply_cuts(source: str, cuts: Iterable[Cut]) -> str:
    """``source`` with the cuts' spans deleted; where two pieces meet, one space is kept
    between words and none before punctuation, and when the first characters were cut the
    new first letter is upper-cased (the only change that is not a deletion).  The text away
    from the cuts is left exactly as it is."""
    spans = sorted((c.start, c.end) for c in cuts)
    if not spans:
        return source
    text, at = "", 0
    for start, end in spans:
        start = max(start, at)
        text = _join(text, source[at:start])
        at = max(at, end)
    text = _join(text, source[at:]).strip()
    if spans[0][0] == 0 and text[:1].islower():
        text = text[0].upper() + text[1:]
    return text


def _join(left: str, right: str) -> str:
    if not left or not right:
        return left + right
    if left[-1].isspace() or right[0].isspace():
        right = right.lstrip()
        if right[:1] in (",", ".", ";", ":", "!", "?"):
            return left.rstrip() + right
        return left.rstrip() + " " + right
    return left + right


_TOKEN = re.compile(r"\w+(?:['’.\-]\w+)*|[^\w\s]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.replace("“", '"').replace("”", '"').replace("’", "'"))


def is_compression(text: str, source: str) -> bool:
    """Whether ``text`` is ``source`` with words and punctuation deleted and nothing else:
    its tokens (words, and each punctuation mark) are a subsequence of the source's, in
    order, compared exactly, except that the first word may differ in the case of its first
    letter.  Nothing looser: a reworded, reordered or added word fails."""
    short, long = _tokens(text), _tokens(source)
    if not short:
        return False
    i = 0
    for j, tok in enumerate(short):
        while i < len(long):
            cand = long[i]
            i += 1
            if cand == tok or (j == 0 and cand[:1].lower() + cand[1:] == tok[:1].lower() + tok[1:]):
                break
        else:
            return False
    return True


# -- rules on one sentence --------------------------------------------------------------------

_END = r"(?=\s*[.!?][\"'”’)\]]*\s*$)"
_OUTLET = r"(?:the\s+)?(?:[A-Z][\w.&'’\-]*\s+){0,4}[A-Z][\w.&'’\-]*(?:['’]s\s+[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)?)?"
_TAIL = re.compile(
    rf",\s+(?:{_OUTLET}\s+(?:reports|reported|has reported|first reported)|"
    rf"(?:reports|reported)\s+{_OUTLET}|(?:as\s+)?(?:first\s+)?reported\s+by\s+{_OUTLET}|"
    rf"per\s+{_OUTLET}|via\s+{_OUTLET}){_END}"
)
# The word lists below are alternations for a "(?:...)" group ("e-?mail": with or without
# the hyphen).  Connectives that open a sentence with a comma after them ("However, ..."),
# and the conjunctions that open one without ("But ..."):
_CONNECTIVES = (
    "However|Meanwhile|Additionally|Moreover|Furthermore|Separately|Indeed|In fact|"
    "In addition|Also|Still|Nonetheless|Nevertheless|Elsewhere|Now|Besides|At the same time|"
    "On the other hand|In turn|Of course|Regardless|Notably|Similarly|Likewise"
)
_CONJUNCTIONS = "But|And|Yet|Plus"
_CONNECTIVE = re.compile(rf"(?:(?:{_CONNECTIVES}),|(?:{_CONJUNCTIONS})\b)\s+(?=[\"“]?[A-Za-z])")
# what a statement was made in ("In a statement released on Tuesday,"), and whom a source
# spoke to ("Speaking to reporters on Monday,")
_STATEMENT_KINDS = (
    "statement|interview|news release|press release|release|post|tweet|letter|e-?mail|video|"
    "speech|news conference|press conference|message|television interview|radio interview"
)
_AUDIENCES = "reporters|journalists|the media|the press"
_FRAMING = re.compile(
    rf"(?:(?:In|Through|During) an? (?:[\w'’\-]+ ){{0,2}}(?:{_STATEMENT_KINDS})|"
    rf"Speaking (?:to|with) (?:{_AUDIENCES}))(?: [^,\"“]{{0,60}})?,\s+(?=[\w\"“])"
)
_PARENTHETICAL = re.compile(r"\s*\(([^()\"“”]{1,80})\)")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&.\-]{1,9}s?")


_QUOTATION = re.compile(r"\"[^\"]*\"|“[^”]*”")
# a photo's position words in parentheses ("(left)", "(pictured)"): not cut, but left for
# the readability screen's caption rule
_CAPTION_MARK_WORDS = "left|right|center|centre|top|bottom|above|below|pictured|inset"
_CAPTION_MARK = re.compile(rf"[LRC]|L-R|R-L|(?i:{_CAPTION_MARK_WORDS})")


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the quotations in ``text`` (an unclosed one runs to the end)."""
    spans = [(m.start(), m.end()) for m in _QUOTATION.finditer(text)]
    last = spans[-1][1] if spans else 0
    rest = text[last:]
    for mark in ('"', "“"):
        i = rest.find(mark)
        if i >= 0:
            spans.append((last + i, len(text)))
            break
    return spans


def compress(
    source: str,
    still_reads: Callable[[str], bool] | None = None,
    leans: Callable[[str], bool] | None = None,
) -> Compression:
    """The sentence shortened by the rules on one sentence (see the module docstring).
    ``still_reads(text)``, when given, must hold for the shortened text, else the rule's cut
    is not made (the caller's readability rules: a cut that leaves a quote without its
    speaker is undone).  ``leans(text)`` says whether a text leans on the sentence before it:
    a leading connective or framing is cut only when what is left does not ("However, he
    said" keeps its "However")."""
    cuts: list[Cut] = []

    def attempt(new: list[Cut], independent: bool = False) -> None:
        if not new:
            return
        trial = apply_cuts(source, [*cuts, *new])
        if len(trial.split()) < 4:
            return
        if still_reads is not None and not still_reads(trial):
            return
        if independent and leans is not None and leans(trial):
            return
        cuts.extend(new)

    if "report" in source or "per " in source or "via " in source:
        m = _TAIL.search(source)
        if m:
            attempt([Cut(m.start(), m.end(), m.group(0), "attribution tail")])
    m = _FRAMING.match(source)
    if m:
        attempt([Cut(0, m.end(), m.group(0), "statement framing")], independent=True)
    else:
        m = _CONNECTIVE.match(source)
        if m:
            attempt([Cut(0, m.end(), m.group(0), "leading connective")], independent=True)
    if "(" in source:
        new = []
        quoted = _quoted_spans(source)
        for m in _PARENTHETICAL.finditer(source):
            if any(a <= m.start() < b for a, b in quoted):
                continue  # a quotation is never shortened
            if _CAPTION_MARK.fullmatch(m.group(1).strip()):
                continue  # "(L)", "(left)": a caption's marks are left for the caption rule
            inner = m.group(1).strip()
            if _ACRONYM.fullmatch(inner):
                continue  # "the Islamic State (ISIS)": the digest may use the acronym later
            if m.start() == 0 or m.end() >= len(source.rstrip()) - 1:
                continue  # a sentence opening or ending on a parenthesis is something else
            new.append(Cut(m.start(), m.end(), m.group(0), "parenthetical"))
        attempt(new)
    if not cuts:
        return Compression(source, source)
    cuts.sort(key=lambda c: c.start)
    return Compression(source, apply_cuts(source, cuts), tuple(cuts))


# -- second mentions ---------------------------------------------------------------------------

_NAME_WORD = r"[A-Z][a-z]*(?:['’]?[A-Z])?[a-z]+(?:-[A-Z][a-z]+)?"
_TITLE_WORD = re.compile(r"(?:[A-Z][\w.'’\-]*|of)\Z")
_NOT_TITLE = STOP_WORDS | MONTH_NAMES | WEEKDAY_NAMES
# words that open a name without being a first name: a role ("Pope Francis", "Judge
# Olivera") stays with the name, and places or institutions are not people
_NOT_FIRST_NAME = _NOT_TITLE | frozenset(
    """pope king queen prince princess judge justice president senator governor mayor minister
    chancellor officer coach chief secretary speaker father sister brother rabbi imam sheriff
    detective sergeant captain general colonel ambassador director professor commissioner
    congressman congresswoman councilman councilwoman attorney cardinal bishop saint dr mr mrs
    ms miss sen rep gov lt col capt det rev north south east west new san los las fort lake
    mount united great former late police capitol house senate court""".split()
)
_APPOSITIVE = (
    r",\s+(?:(?:a|an|the)\s+[^,;\"“”()]{3,70}|\d{1,3}(?:,\s+of\s+[^,;\"“”()]{2,40})?),(?=\s+[a-z])"
)


_FULL_NAME = re.compile(rf"\b({_NAME_WORD})(?=\s+(?:[A-Z]\.\s+)?({_NAME_WORD})\b)")


# After "First Last", a further capitalised word means a longer name -- a place, a team, an
# institution ("Union City Football", "American Airlines Center") -- not a person's.
_NAME_GOES_ON = re.compile(r"\s+(?:[A-Z]\.\s+)?[A-Z][a-z]")
# Words that make a capitalised pair a place or an organisation ("Union City", "American
# Airlines"): cutting its first word at a second mention breaks the name (round 4: "City
# Football coach", "Airlines is happy to announce").
_PLACE_WORDS = frozenset(
    """city county state street avenue road island islands river valley beach park square
    bay hill hills springs heights harbor harbour port village town township district
    province region airport station bridge""".split()
)


_NOT_PERSON_WORDS = ORG_WORDS | _PLACE_WORDS


def _not_a_person(first: str, last: str) -> bool:
    first, last = first.lower(), last.lower()
    return first in _NOT_PERSON_WORDS or last in _NOT_PERSON_WORDS or f"{first} {last}" in PLACES


def full_names(text: str) -> set[tuple[str, str]]:
    """(first name, surname) pairs a text names in full ("Sergei Lavrov")."""
    out = set()
    # the surname in a look-ahead, so that overlapping pairs are all seen ("Minister Sergei
    # Lavrov": "Minister Sergei", then "Sergei Lavrov")
    for m in _FULL_NAME.finditer(text):
        first, last = m.group(1), m.group(2)
        if first.lower() in _NOT_FIRST_NAME or last.lower() in STOP_WORDS:
            continue
        if _not_a_person(first, last) or _NAME_GOES_ON.match(text, m.end(2)):
            continue
        out.add((first, last))
    return out


def second_mentions(compression: Compression, introduced: set[tuple[str, str]]) -> Compression:
    """Cut the title and first name, and an appositive, of each person in ``introduced``
    (named in full by an earlier digest sentence) from this sentence's first mention of them.
    The cuts are added to the compression's record."""
    source = compression.source
    text_now = compression.text
    new: list[Cut] = []
    taken = [(c.start, c.end) for c in compression.cuts]

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for first, last in sorted(introduced):
        if last not in text_now:
            continue
        m = re.search(rf"\b{re.escape(first)}\s+(?:[A-Z]\.\s+)?{re.escape(last)}\b", source)
        if m is None or not free(m.start(), m.end()) or _NAME_GOES_ON.match(source, m.end()):
            continue
        # the title: capitalised words (and "of") right before the first name
        start = m.start()
        words = list(re.finditer(r"\S+", source[: m.start()]))
        k = len(words)
        while k > 0:
            w = words[k - 1].group(0)
            if not _TITLE_WORD.match(w) or w.lower().strip(".") in _NOT_TITLE and w != "of":
                break
            if w.endswith(","):
                break
            k -= 1
        while k < len(words) and words[k].group(0) == "of":
            k += 1  # a title never opens with "of"
        if (
            k > 0
            and k < len(words)
            and words[k - 1].group(0)[:1].islower()
            and (words[k - 1].group(0).lower() not in STOP_WORDS)
        ):
            k = len(words)  # "newly elected Pope Francis": the title stays with its modifier
        if k < len(words):
            start = words[k].start()
        surname_at = m.end() - len(last)
        new.append(Cut(start, surname_at, source[start:surname_at], "title at a second mention"))
        after = re.match(_APPOSITIVE, source[m.end() :])
        if after and free(m.end(), m.end() + after.end()):
            end = m.end() + after.end()  # both commas go: "Lavrov, the minister, said"
            new.append(Cut(m.end(), end, source[m.end() : end], "appositive at a second mention"))
    if not new:
        return compression
    cuts = sorted([*compression.cuts, *new], key=lambda c: c.start)
    text = apply_cuts(source, cuts)
    if len(text.split()) < 4:
        return compression
    return Compression(source, text, tuple(cuts))
