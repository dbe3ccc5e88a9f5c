"""Sentence splitting for news text: :func:`split_sentences`.

A rule-based splitter written for news text, because the general-purpose ones are either slow
(pysbd: ~1 ms a sentence) or unmaintained and blind to news conventions.  A boundary is a
``.``, ``!``, ``?`` or ellipsis, optionally followed by closing quotes/brackets, then space
and an upper-case letter, digit or opening quote.  It is *not* a boundary when:

* the word before the period is a title or other abbreviation that never ends a sentence
  (``Maj. Gen.``, ``Dr.``, ``No.``, ``Oct. 30``) or a single initial (``John F. Kennedy``);
* the word is an abbreviation that may end a sentence (``U.S.``, ``U.N.``, ``Jr.``, ``Inc.``,
  ``a.m.``) and the next word is not a typical sentence opener ("The", "He", "But", ...);
* the boundary lies inside a double quotation that closes later in the same paragraph, so a
  multi-sentence quote stays with its attribution (up to ``MAX_QUOTE_WORDS`` words).

Decimals (``8.2``), URLs and e-mail addresses have no space after the period, so they never
split.  Paragraph breaks always split, which handles headlines without final punctuation.

Two repairs for damaged text:

* a lost space before an opening quotation (``to jail."When they``) splits *before* the quote
  mark, so the quotation opens the next sentence instead of closing this one;
* text that was lower-cased and then sentence-cased (the Multi-News "truncated" form, where a
  sentence after a quotation starts in lower case: ``"...affair. " democratic leaders``) is
  recognised by :func:`is_lowercased` and then also splits before a lower-case word.

Accuracy on hand-marked news text is measured in ``benchmarks/segmenter.py``.
"""

from __future__ import annotations

import re

from storybrief.text.words import STOP_WORDS

MAX_QUOTE_WORDS = 80
"""A quotation longer than this is split at its inner sentence boundaries after all."""

_BOUNDARY = re.compile(
    r"""(?:[.!?]+|…|\.\.\.)["'”’»)\]]*(?=\s+["'“‘«(\[]*[A-Z0-9$£€])"""
    # scraped text often lost the space after a period: "a violation.But when", "said.Olivera"
    # (the look-behind follows the punctuation so that every alternative starts with a
    # punctuation mark, which lets the regex engine skip ahead to candidates: 1.6x faster)
    # (a quotation may open with a single quote mark: 'back to primetime."'Dancing With')
    r"""|[.!?](?<=[a-z0-9]{2}[.!?])["”]?(?=["“'‘]?[A-Z][a-z])"""
    # ... or before a quotation opening with "I" or "A": 'locked up with him."I had never'
    r"""|[.!?](?<=[a-z0-9]{2}[.!?])(?=["“][IA]\s)"""
)

# Abbreviations after which a period never ends the sentence (lower-case, no final period).
_NEVER_END = frozenset(
    """mr mrs ms dr prof gen maj lt col sgt cpl pvt capt cmdr adm brig sen rep gov rev hon pres
    supt insp det st mt ft vs v fig figs approx dept est vol pp op ed eds e.g i.e cf messrs mme
    mlle ald alds atty attys sens reps govs gens adms msgr pfc spc asst amb cpt ens""".split()
)
# Abbreviations that may end a sentence: split only when a sentence opener follows.
_MAYBE_END = frozenset(
    "u.s u.n u.k u.s.a e.u jr sr inc corp co ltd llc plc bros etc a.m p.m d.c l.a n.y".split()
)
_MONTHS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
_BEFORE_NUMBER = _MONTHS | {"no", "nos"}  # "Oct. 30", "No. 1": no boundary before a digit
_OPENERS = frozenset(w.capitalize() for w in STOP_WORDS) | frozenset(
    """The A An He She It They We I But And In On This That These Those There His Her Their Its
    As At After When While If For So Yet Some Many Most No Now Officials Police Authorities
    Meanwhile However Still Earlier Later Last Next Despite Although""".split()
)
# Lower-cased text: a boundary may be followed by a lower-case word (see is_lowercased).
# (a closing quote may stand apart, tokenizer-spaced: 'a "sordid affair. " democratic')
_LOWER_BOUNDARY = re.compile(r"""[.!?]+["'”’)\]]*(?:\s+["”’](?=\s))?(?=\s+["'“‘(\[]*[a-z])""")
_MID_WORD = re.compile(r"(?<=[a-z,;] )[A-Za-z]")
LOWERCASED_MIN_WORDS = 30
"""Words after a lower-case word needed before a text is judged lower-cased."""

_WORD_BEFORE = re.compile(r"(\S+)$")
_NEXT_WORD = re.compile(r"\s+[\"'“‘«(\[]*([\w.]+)")


def _word_before(text: str, start: int, end: int) -> tuple[int, str] | None:
    """(offset, text) of the run of non-space characters ending at ``end`` (not before
    ``start``): ``_WORD_BEFORE.search(text, start, end)`` without trying every position
    of the sentence (str.isspace is the regex's \\s)."""
    if end <= start:
        return None
    if not text[end - 1].isspace():
        token = text[start:end].rsplit(None, 1)[-1]
        return end - len(token), token
    if text[end - 1] == "\n":  # "$" also matches before a final newline
        m = _WORD_BEFORE.search(text, start, end)
        return (m.start(), m.group(1)) if m else None
    return None


def _is_boundary(text: str, start: int, punct_start: int, end: int) -> bool:
    """Decide whether the candidate boundary ``text[punct_start:end]`` ends a sentence."""
    if text[punct_start] != ".":
        return True  # ! ? … always end (a lower-case continuation never matched)
    if text[punct_start:end].startswith("..."):
        return True
    before = _word_before(text, start, punct_start)
    token = before[1] if before else ""
    # "Minneapolis-St. Paul": the abbreviation is the last part of a hyphenated word
    token = token.lstrip("\"'“‘«([").lower().rsplit("-", 1)[-1]
    nxt = _NEXT_WORD.match(text, end)
    next_word = nxt.group(1) if nxt else ""
    if token in _BEFORE_NUMBER and next_word[:1].isdigit():
        return False
    if before and token.isdigit() and not text[start : before[0]].strip():
        return False  # a list number opening the sentence: "14. MANY PEOPLE ..."
    if token in _NEVER_END:
        return False
    if len(token) == 1 and token.isalpha():
        return False  # an initial: "John F. Kennedy"
    if token in _MAYBE_END or token in _MONTHS or re.fullmatch(r"(?:[a-z]\.){1,3}[a-z]", token):
        return next_word in _OPENERS or next_word.capitalize() in _OPENERS and next_word.islower()
    return True


def is_lowercased(text: str) -> bool:
    """True for text that was lower-cased and then sentence-cased: no word after a lower-case
    word starts with a capital (ordinary news has 2-30% such words: names, places)."""
    seen = caps = 0
    for m in _MID_WORD.finditer(text):
        seen += 1
        caps += m.group(0).isupper()
        if caps > 0 and caps >= 0.01 * seen and seen >= LOWERCASED_MIN_WORDS:
            return False
    return seen >= LOWERCASED_MIN_WORDS and caps < 0.01 * seen


def _inside_open_quote(
    text: str, start: int, pos: int, last_close: int | None = None, last_straight: int | None = None
) -> bool:
    """True when a double quotation opened before ``pos`` closes later in ``text``.

    ``last_close``/``last_straight`` are ``text.rfind("”")``/``text.rfind('"')``, computed
    once per paragraph by the caller: "a closing mark after pos" is then one comparison, not a
    scan of the rest of the paragraph at every candidate boundary (quadratic in long ones)."""
    opens = text.count("“", start, pos) - text.count("”", start, pos)
    straight = text.count('"', start, pos) % 2 == 1
    if opens > 0:
        return (text.rfind("”") if last_close is None else last_close) >= pos
    if straight:
        return (text.rfind('"') if last_straight is None else last_straight) >= pos
    return False


def _candidates(paragraph: str, lowercased: bool):
    """(punctuation start, boundary end) of every candidate boundary, in order."""
    if not lowercased:
        for m in _BOUNDARY.finditer(paragraph):
            yield m.start(), m.end()
        return
    found = {m.start(): m.end() for m in _BOUNDARY.finditer(paragraph)}
    for m in _LOWER_BOUNDARY.finditer(paragraph):
        found.setdefault(m.start(), m.end())
    yield from sorted(found.items())


def split_sentences(paragraph: str, lowercased: bool = False) -> list[str]:
    """Split one paragraph into sentences (see the module docstring for the rules).
    ``lowercased``: the text was lower-cased (:func:`is_lowercased`), so a sentence may also
    start with a lower-case word."""
    out: list[str] = []
    start = 0
    last_close, last_straight = paragraph.rfind("”"), paragraph.rfind('"')
    for punct, end in _candidates(paragraph, lowercased):
        if punct < start:
            continue
        if (
            paragraph[end - 1] == '"'
            and end < len(paragraph)
            and not paragraph[end].isspace()
            and paragraph.count('"', start, end - 1) % 2 == 0
        ):
            # a lost space before a quote mark: it opens the next sentence when the quotes
            # before it are balanced ('to jail."When they'), else it closes this one
            end -= 1
        if not _is_boundary(paragraph, start, punct, end):
            continue
        if (
            _inside_open_quote(paragraph, start, end, last_close, last_straight)
            and len(paragraph[start:end].split()) < MAX_QUOTE_WORDS
        ):
            continue
        piece = paragraph[start:end].strip()
        if piece:
            out.append(piece)
        start = end
    tail = paragraph[start:].strip()
    if tail:
        out.append(tail)
    return out
