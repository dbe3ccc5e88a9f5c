"""Stage 4a, compress: each unit's text shortened by deletions only (issue 17).

The rules are :mod:`storybrief.text.compress`'s; this stage runs them on every unit's
representative with the readability rules as the guard: a cut is undone when the shortened
text would be rejected (a quote left without its speaker), and a leading connective is cut
only when what is left does not lean on the sentence before it.  The selector then counts
each unit at its shortened length, so the words saved buy more facts within the budget.
"""

from __future__ import annotations

from storybrief.pipeline.readability import needs_predecessor, rejection
from storybrief.text.compress import Compression, compress, full_names, second_mentions
from storybrief.types import Cluster


def compress_units(cluster: Cluster, texts: list[str]) -> list[Compression]:
    """One :class:`Compression` per unit (``texts``: the units' own texts).  Lower-cased
    documents (Multi-News's truncated form) are compressed too; their rules read no
    capitals but the connectives'."""
    lowercased = [c.lowercased for c in cluster.cleaned]
    sents = cluster.sentences
    out = []
    for u, text in zip(cluster.units, texts, strict=True):
        lower = lowercased[sents[u.representative].doc]

        def still_reads(trial: str, lower: bool = lower) -> bool:
            return rejection(trial, lower, 1, 10**6) is None

        out.append(compress(text, still_reads, needs_predecessor))
    return out


def second_mention_cuts(
    ordered: list[int], compressions: list[Compression], people: set[str]
) -> dict[int, Compression]:
    """The chosen units' compressions in reading order, each with the title and appositive of
    a person whom an earlier digest sentence named in full cut from it.  ``people`` are the
    surnames the readability screen knows as people's (so "Foreign Minister" is no name)."""
    introduced: set[tuple[str, str]] = set()
    out = {}
    for u in ordered:
        comp = compressions[u]
        if introduced:
            comp = second_mentions(comp, introduced)
        out[u] = comp
        introduced |= {(f, last) for f, last in full_names(comp.text) if last in people}
    return out
