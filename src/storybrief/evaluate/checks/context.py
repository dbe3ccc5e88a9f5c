"""Helpers the context checks share: a cheap proper-name set, and where a digest sentence
stands in its cited documents."""

from __future__ import annotations

from collections.abc import Sequence

from storybrief.evaluate.checks.documents import CheckedDocuments
from storybrief.evaluate.checks.lexicon import _NOT_NAMES
from storybrief.evaluate.checks.patterns import _WORD_SPAN


def names_in(text: str) -> set[str]:
    """Capitalised words other than stop words, months and titles: a cheap proper-name set
    (it also holds a capitalised first word, which only makes resolution more lenient)."""
    out = set()
    for m in _WORD_SPAN.finditer(text):
        tok = m.group()
        if tok.endswith(("'s", "’s")):
            tok = tok[:-2]
        if tok[:1].isupper() and tok not in _NOT_NAMES and len(tok) > 1:
            out.add(tok)
    return out


def locate(
    docs: CheckedDocuments, text_compact: str, cited: Sequence[int] | None
) -> tuple[int, int] | None:
    """(document, compact offset) of the sentence in one of the cited documents (all of them
    when the sources are unknown), or None."""
    pool = cited if cited is not None else range(len(docs))
    for d in pool:
        off = docs.find(d, text_compact)
        if off >= 0:
            return d, off
    return None
