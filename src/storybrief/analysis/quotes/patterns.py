"""The grammar of the quote pass as regular expressions: quotation marks, speech verbs with
their auxiliaries, descriptions, names with prefixes and appositives, the attributions before
and after a quotation, and the titles of works, built from the word lists of
:mod:`.lexicon`; and the sentence splitter whose offsets the attribution uses (kept apart
from :mod:`storybrief.text.sentences` on purpose: it must cut the raw text at the same places
the patterns expect, abbreviations and closing quotes included)."""

from __future__ import annotations

import re

from storybrief.analysis.quotes.lexicon import (
    _ABBREVIATIONS,
    _ATTRIBUTION_CLOSERS,
    _CLAUSE_OPENERS,
    _DESCRIPTION_ENDS,
    _DETERMINERS,
    _OBJECT_LEADS,
    _PARTICIPLES,
    _TITLE_ABBREVIATIONS,
    _WORK_NOUNS,
)
from storybrief.text.lexicon import INITIAL, NAME, NAME_WORD, PARTICLE, ROLE_WORDS, SPEECH_VERBS

MIN_QUOTE_WORDS = 4
MAX_QUOTE_CHARS = 1200

_QUOTE = re.compile(
    r"“(?P<q>[^“”\n]{8," + str(MAX_QUOTE_CHARS) + r"}?)”"
    r"|\"(?P<q2>[^\"\n]{8," + str(MAX_QUOTE_CHARS) + r"}?)\""
    r"|[\"“”](?P<q3>[^\"“”\n]{8," + str(MAX_QUOTE_CHARS) + r"}?)[\"“”]"
    # an opening mark whose quotation runs to the end of its paragraph (no closing mark: the
    # quotation continues in the next paragraph, or the page lost it)
    r"|“(?P<q4>[^“”\n]{8," + str(MAX_QUOTE_CHARS) + r"})(?=\n|$)"
)
_QUOTE_MARK = re.compile(r"[\"“”]")


def _longest_first(word: str) -> tuple[int, str]:
    return -len(word), word


# longest first, so that "says" is not read as "say"; words of one length in alphabetical
# order, so that the pattern is the same in every run (a set's order depends on the hash seed)
_VERB = r"(?:" + "|".join(sorted(set(SPEECH_VERBS), key=_longest_first)) + r")"
_AUX = (
    r"(?:(?:also|then|later|again|once|has|had|have|was|is|would|will|just|even|once|"
    r"\w+ly)\s+)*"
)
_PRONOUN = r"(?:he|she|they|it|He|She|They|It)"
_DET = rf"(?:{'|'.join(_DETERMINERS)})"
# a description: a determiner and up to five words ("the Kentucky Republican", "a TSA
# spokesman", "the department's Web site", "one participant in the stunt")
_STOP_NP = rf"(?:{'|'.join(_DESCRIPTION_ENDS)}|\w+ing)"
_NP_WORD = r"[\w’'\-&]+(?:\.\w+)*\.?(?<![a-z]{3}\.)"
_DESC = rf"(?:{_DET}(?:\s+(?!{_STOP_NP}\b){_NP_WORD}){{0,7}})"
_ORIGIN = (
    r"(?:\s+(?:of|from|with|at)\s+(?:the\s+)?[A-Z][\w.\-’']*"
    r"(?:(?:\s+(?:of|for|and|the|on|in))*,?\s+[A-Z][\w.\-’']*){0,6}"
    r"|\s*\([^()]{1,40}\))?"
)
# an appositive closed by a comma ("Kaylie Hanson, a DNC spokeswoman, said")
_APPOS = _ORIGIN + r"(?:,\s*(?P<appos>[^,;:\"“”]{2,140}?),(?:\s*[^,;:\"“”]{2,140}?,)?)?"
# after "said NAME" it may run to the end of the sentence
_APPOS_OPEN = _ORIGIN + r"(?:,\s*(?P<appos>[^,;:\"“”]{2,140}?)(?=[,.;]|$))?"

# words that may stand before a name: capitalised words, abbreviations ("Dr."), and
# lower-case role words ("spokeswoman Maria Zakharova", "senior author David Kingsley")
_PREFIX_WORD = (
    r"(?:[A-Z][\w’'\-]*(?:\.(?=\s))?|(?:"
    + "|".join(sorted({w for w in ROLE_WORDS if re.fullmatch(r"[a-z\-]+", w)}, key=_longest_first))
    + r")(?![\w\-]))"
)
# "Michael Jackson's eldest daughter", "Lane's Facebook page"
_POSS_DESC = rf"(?:{NAME}['’]s\s+(?:[a-z][\w\-]*\s+){{0,3}}[a-z][\w\-]*)"
_SPEAKER = rf"(?P<np>{_PRONOUN}|{_DESC}|{_POSS_DESC}|(?:{_PREFIX_WORD}\s+){{0,6}}?{NAME})"

# "...," said Maria Zakharova, a spokeswoman / "...," said the Kremlin
_SPEAKER_GREEDY = rf"(?P<np>{_PRONOUN}|{_DESC}|{_POSS_DESC}|(?:{_PREFIX_WORD}\s+){{0,6}}{NAME})"
_POST_VERB_FIRST = re.compile(
    rf"^\s*[,.!?]?\s*(?:\w+ly\s+)?(?P<verb>{_VERB})\s+(?!that\b|to\b|on\b|in\b|at\b)"
    rf"{_SPEAKER_GREEDY}(?=[\s,.;:!?)]|$){_APPOS_OPEN}"
)
# a speaker, an appositive and auxiliaries, then the speech verb: "Maria Zakharova, a
# spokeswoman, (reportedly) said", "the minister added"
_SPEAKER_THEN_VERB = rf"{_SPEAKER}{_APPOS}\s+{_AUX}(?P<verb>{_VERB})"
# "...," Maria Zakharova(, a spokeswoman,) (reportedly) said
_POST_NAME_FIRST = re.compile(rf"^\s*[,.!?]?\s*{_SPEAKER_THEN_VERB}\b")
# after "Name said": the end of an attribution (punctuation, or a time, place or manner)
_ATTRIBUTION_END = re.compile(rf"\s*(?:[.,;!?]|$|(?:{'|'.join(_ATTRIBUTION_CLOSERS)})\b)")
# '"..." were found in his car, the minister added.' (a partial quote, attribution at the end)
_POST_TAIL = re.compile(rf"^[^\"“”.!?]{{0,100}}?,\s*{_SPEAKER_THEN_VERB}\s*[.!]")
_POST_ACCORDING = re.compile(rf"^\s*[,.]?\s*according\s+to\s+{_SPEAKER}")
_POST_QUOTED = re.compile(
    rf"^\s*[,.]?\s*(?:[\w.\-]+\s+){{1,4}}quot(?:ed|es)\s+{_SPEAKER}(?:\s+\w+){{0,3}}?"
    r"\s+as\s+(?:saying|telling)"
)

_STATEMENT_FROM = re.compile(rf"\bstatement\s+(?:from|by|issued\s+by)\s+(?:the\s+)?({NAME})")
_STATEMENT_BY = re.compile(
    rf"({NAME}|{_DESC})\s+(?:said|says|issued|released)\s+(?:in\s+)?a\s+"
    r"(?:written\s+)?statement"
)
_TITLE_CONTEXT = re.compile(
    rf"\b(?P<noun>{_WORK_NOUNS})\b(?:\s+(?!{_VERB}\b)[\w’'\-]+){{0,2}}[\s,:]*$", re.IGNORECASE
)

_INDEFINITE = re.compile(r"^(?:a|an|one|another|some|someone|somebody|one\s+of)\b", re.IGNORECASE)


# -- sentences ------------------------------------------------------------------------------

_SENT_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])")
_ABBREV = re.compile(rf"(?:\b(?:{'|'.join(_ABBREVIATIONS)})|\b[A-Z])\.$")


def sentence_starts(text: str) -> list[int]:
    """Start offsets of the sentences of ``text`` (paragraph starts included)."""
    starts = [0]
    for m in re.finditer(r"\n", text):
        starts.append(m.end())
    for m in _SENT_END.finditer(text):
        if not _ABBREV.search(text, max(0, m.start() - 6), m.start()):
            starts.append(m.end())
    return sorted(set(starts))


_VERB_RE = re.compile(
    rf"\b(?P<verb>{_VERB}|{'|'.join(_PARTICIPLES)}|according to|quoted|quoting)\b"
)
_SUBJECT_BEFORE = re.compile(rf"{_SPEAKER}(?:{_APPOS}\s+{_AUX}|,\s+)")


_ROLE_WORD_BEFORE = re.compile(rf"{_PREFIX_WORD}|[a-z]+(?:man|woman|men|women|person)")
_SUBJECT_LEAD = re.compile(rf"(?:^|[,;:(—–]|\b(?:{'|'.join(_CLAUSE_OPENERS)}))\s*$", re.I)


_OUTLET_REPORT = re.compile(
    rf"^\s*,?\s*(?:{_DESC}|{NAME})\s+(?:reports|reported|reporting|wrote|writes)\b"
    r"|^\s*,?\s*according\s+to\s+(?:the\s+)?[A-Z]"
)


_PREP_BEFORE = re.compile(
    rf"\b(?:{'|'.join(_OBJECT_LEADS)})\s+(?:(?:the|a|an|his|her)\s+)?$", re.IGNORECASE
)
_TITLED = re.compile(rf"\b(?:{'|'.join(_TITLE_ABBREVIATIONS)})\.?\s+([A-Z][\w'’\-]+)")


_ATTRIBUTION_IN = re.compile(rf"(?:^|,\s+|\.\s+){_SPEAKER}{_APPOS}\s+{_AUX}{_VERB}\b")


_TALK_AFTER = re.compile(rf"(?:,[^,.;\"“”]{{2,80}},)?\s+(?:\w+ly\s+)?{_VERB}\b")
_NAME_PIECE = re.compile(rf"{NAME_WORD}|{INITIAL}|{PARTICLE}|\w+\.")
