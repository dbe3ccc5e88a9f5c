"""Small text utilities shared by several stages: word tokens, stop words, word counts."""

from __future__ import annotations

import re
import string

# A compact English stop-word list (function words only). Used for the stop-word ratio of a
# line (real prose is ~40% stop words, headlines and link lists far fewer) and to keep
# similarity vectors about content words.
STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "ourselves",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "yourself",
        "yourselves",
        "said",
        "says",
        "say",
        "told",
        "according",
    ]
)

MONTH_NAMES = frozenset(
    "january february march april may june july august september october november december".split()
)
WEEKDAY_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """Word tokens (letters/digits, inner apostrophes kept), original case."""
    return _WORD_RE.findall(text)


def word_count(text: str) -> int:
    """Words as the length budget counts them: whitespace-separated tokens.

    This is the same count a reader (and ROUGE's length statistics) sees, so a budget of
    N words never yields more than N whitespace tokens.
    """
    return len(text.split())


def stem(token: str) -> str:
    """A cheap, language-light stem: lower-case prefix of at most six characters.

    Prefix truncation conflates inflections and the spelling variants content farms produce
    ("Zakharova"/"Zakharov", "Russian"/"Russia") at the cost of rare false merges; it is only
    used inside similarity vectors, never shown to the user.
    """
    return token.lower()[:6]


def content_stems(text: str) -> list[str]:
    """Stems of the non-stop-words of ``text``."""
    return [stem(w) for w in words(text) if w.lower() not in STOP_WORDS]


_ASCII_LETTERS = string.ascii_letters.encode()
_ASCII_UPPER = string.ascii_uppercase.encode()


def count_letters(text: str) -> int:
    """``sum(map(str.isalpha, text))``; ASCII text (most of it) is counted by deleting its
    letters from the bytes, several times faster than a call per character."""
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw) - len(raw.translate(None, _ASCII_LETTERS))
    return sum(map(str.isalpha, text))


def count_upper(text: str) -> int:
    """``sum(map(str.isupper, text))``, the same way as :func:`count_letters`."""
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw) - len(raw.translate(None, _ASCII_UPPER))
    return sum(map(str.isupper, text))


# Python's case-insensitive matching equates four non-ASCII letters with ASCII ones (İ ı ſ K):
# a substring screen on lower-cased text can miss a case-blind regex's match in text holding one
_CASE_SPECIALS = re.compile("[\u0130\u0131\u017f\u212a]")


def has_case_specials(text: str) -> bool:
    """Whether ``text`` holds a letter that a case-blind regex equates with an ASCII one."""
    return not text.isascii() and _CASE_SPECIALS.search(text) is not None


def lowers_one_to_one(text: str, low: str) -> bool:
    """Whether ``low = text.lower()`` maps character to character (not so for ``İ`` -> ``i̇``
    or the context-dependent final sigma), so that the words of ``low`` are the lower-cased
    words of ``text``."""
    return len(low) == len(text) and "Σ" not in text


def stopword_ratio(text: str) -> float:
    low = text.lower()
    if lowers_one_to_one(text, low):
        # lower-casing maps character to character: the words of the lower-cased text are
        # the lower-cased words (one lower() for the text, not one a word)
        toks = _WORD_RE.findall(low)
        return sum(map(STOP_WORDS.__contains__, toks)) / len(toks) if toks else 0.0
    toks = words(text)
    if not toks:
        return 0.0
    return sum(1 for t in toks if t.lower() in STOP_WORDS) / len(toks)
