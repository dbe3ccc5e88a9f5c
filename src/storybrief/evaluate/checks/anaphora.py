"""Referents the digest leans on without introducing them (issue 17's ``dangling`` kinds
that the first rules missed): a demonstrative noun phrase in mid-sentence ("these reports",
"this realm"), a definite description its source article introduced earlier ("the course",
"the silliness"), and a quotation tagged "he said" whose "he" the digest never names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from storybrief.evaluate.checks.context import SummaryContext, names_in
from storybrief.evaluate.checks.lexicon import _NOT_A_HEAD, _RESTRICTIVE, _TIME_WORDS
from storybrief.evaluate.checks.patterns import (
    _ANAPHORIC_DEFINITE,
    _DEMONSTRATIVE_NP,
    _MODIFIED_EPITHET,
    _PRONOUN_TAG,
    _QUOTE_SPAN,
)
from storybrief.evaluate.checks.rules import Finding, plain
from storybrief.text.words import STOP_WORDS, stem

_WORDS = re.compile(r"[a-z]+")
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+(?:['’]s)?\b")


def _seen_stems(text: str) -> set[str]:
    return {stem(w) for w in _WORDS.findall(text.lower())}


def _unquoted(text: str) -> str:
    """The sentence with its quotations blanked (same length, so offsets still hold)."""
    return _QUOTE_SPAN.sub(lambda m: " " * len(m.group()), plain(text))


def demonstratives(sentences: Sequence[str]) -> list[Finding]:
    """ "this/these/those" + a noun after the sentence's start, outside quotations, when no
    earlier text of the digest (or of the sentence) holds the noun: the phrase points back at
    something the reader has not been shown.  Time phrases ("this week") are not judged; an
    opening "This ..." is the opener rule's."""
    out: list[Finding] = []
    before = ""
    for i, s in enumerate(sentences):
        text = _unquoted(s)
        for m in _DEMONSTRATIVE_NP.finditer(text):
            if m.start() == 0 or not text[: m.start()].strip():
                continue
            noun = m.group("noun").lower()
            if noun in STOP_WORDS or noun in _NOT_A_HEAD or noun in _TIME_WORDS:
                continue
            if stem(noun) in _seen_stems(before + " " + text[: m.start()]):
                continue
            out.append(Finding("referent", i, f"'{m.group().strip()}' points at nothing shown"))
            break
        before += " " + s
    return out


def anaphoric_definites(summary: SummaryContext) -> list[Finding]:
    """ "the X" whose head noun X the sentence's own article used before the sentence (so the
    article's "the X" refers back) while nothing earlier in the digest holds X: the digest
    dropped the introduction.  Only nouns of ``_ANAPHORIC_DEFINITE`` (abstract or one-off
    referents: "the course", "the measure", "the silliness"), and not before a restrictive
    phrase or a name ("the course of ...", "the measure, Proposition 37")."""
    out: list[Finding] = []
    before = ""
    for i, s in enumerate(summary.sentences):
        text = _unquoted(s)
        where = None
        for m in _ANAPHORIC_DEFINITE.finditer(text):
            noun = m.group("noun").lower()
            after = (m.group("after") or "").strip(" ,")
            if after.lower() in _RESTRICTIVE or after[:1].isupper():
                continue
            if stem(noun) in _seen_stems(before + " " + text[: m.start()]):
                continue
            if where is None:
                where = summary.locate(i)
                if where is None:
                    break  # not found verbatim (compressed, or paraphrased): cannot judge
            d, off = where
            earlier = summary.docs.plain(d)[: summary.docs.plain_offset(d, off)]
            if not re.search(rf"\b{re.escape(noun)}", earlier, re.IGNORECASE):
                continue  # the article introduces it here: the digest does too
            out.append(
                Finding("referent", i, f"'the {noun}' refers back to a part the digest left out")
            )
            break
        before += " " + s
    return out


def pronoun_speakers(summary: SummaryContext) -> list[Finding]:
    """A quotation tagged with a pronoun ('"...," he said', "he began", "she continued")
    whose speaker the digest does not give: no one named before it in the digest, or the
    source names a speaker just before whom the digest's previous sentence does not name
    (the quotation then reads as the previous speaker's)."""
    sentences = summary.sentences
    out: list[Finding] = []
    for i, s in enumerate(sentences):
        if not _QUOTE_SPAN.search(plain(s)):
            continue
        m = _PRONOUN_TAG.search(plain(s))
        if not m:
            continue
        outside = _QUOTE_SPAN.sub(" ", plain(s))
        if names_in(" ".join(outside.split()[1:])):
            continue  # the sentence names someone outside its quotation
        earlier = " ".join(_QUOTE_SPAN.sub(" ", plain(x)) for x in sentences[:i])
        if not names_in(earlier):
            out.append(Finding("dangling", i, f"'{m.group('tag')}': the digest names no one"))
            continue
        where = summary.locate(i)
        if where is None:
            continue
        antecedent = summary.docs.sentence_before(where[0], where[1])
        if antecedent is None:
            continue
        speakers = names_in(_QUOTE_SPAN.sub(" ", plain(antecedent)))
        if speakers and not speakers & names_in(sentences[i - 1]):
            out.append(
                Finding(
                    "dangling",
                    i,
                    f"'{m.group('tag')}': the source's speaker ({', '.join(sorted(speakers))}) "
                    "is not the sentence before's",
                )
            )
    return out


def modified_epithets(sentences: Sequence[str]) -> list[Finding]:
    """An epithet with a distinguishing modifier ("The Oscar winner", 'the "Anaconda"
    rapper', "the six-time Grammy winner") that no name follows: it stands for one person,
    and the reader is not told whom."""
    out: list[Finding] = []
    for i, s in enumerate(sentences):
        for m in _MODIFIED_EPITHET.finditer(s):
            after = (m.group("after") or "").strip(" ,")
            if after[:1].isupper():
                continue  # "the Oscar winner Halle Berry"
            if _FULL_NAME.search(s[: m.start()]):
                continue  # "Kerry Washington's camp confirmed the Scandal star's ..."
            out.append(Finding("referent", i, f"'{m.group().strip()}' never says who"))
            break
    return out
