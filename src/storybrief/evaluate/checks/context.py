"""What the context checks share: the summary they read (:class:`SummaryContext`), a cheap
proper-name set, and the figures and names that anchor a sentence's fact."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from storybrief.evaluate.checks.documents import CheckedDocuments
from storybrief.evaluate.checks.lexicon import _NOT_NAMES
from storybrief.evaluate.checks.patterns import _NUMBER, _WORD_SPAN


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


def figures_and_names(text: str) -> tuple[set[str], set[str]]:
    """(figures, names) of a sentence: numbers other than years and single digits, and the
    capitalised words :func:`names_in` finds, its first word left out."""
    figures = set()
    for m in _NUMBER.finditer(text):
        n = m.group().rstrip(".,").replace(",", "")
        digits = n.strip("$%")
        if len(digits) < 2 or (len(digits) == 4 and digits[:2] in ("19", "20") and n == digits):
            continue
        figures.add(n)
    first = text.split(" ", 1)
    names = names_in(first[1]) if len(first) > 1 else set()
    return figures, names


@dataclass(frozen=True)
class SummaryContext:
    """One summary as the checks that read its sources see it: the sentences in reading
    order, each one's :func:`~storybrief.evaluate.checks.rules.compact` form, the documents
    each cites (``sources``, None when the summarizer gives none) and the cluster's
    documents."""

    sentences: Sequence[str]
    compacts: Sequence[str]
    sources: Sequence[Sequence[int]] | None
    docs: CheckedDocuments

    def cited(self, i: int) -> Sequence[int] | None:
        """The documents sentence ``i`` cites; None when the sources are unknown."""
        return self.sources[i] if self.sources is not None else None

    def locate(self, i: int) -> tuple[int, int] | None:
        """(document, compact offset) of sentence ``i`` in one of the documents it cites (any
        document when the sources are unknown), or None."""
        cited = self.cited(i)
        for d in cited if cited is not None else range(len(self.docs)):
            off = self.docs.find(d, self.compacts[i])
            if off >= 0:
                return d, off
        return None
