"""Stage 6, order: arrange the chosen units into readable text.

Story order: articles are taken in order of the most salient sentence chosen from them, and
sentences keep their order within an article, so each article's thread reads as it was
written.  The summary never opens with a sentence that leans on a missing antecedent ("He
added ...", "But ...") when another chosen sentence can open it instead.
"""

from __future__ import annotations

import numpy as np

from storybrief.pipeline.features import starts_with_dangling_reference
from storybrief.types import Cluster


def order(cluster: Cluster, chosen: list[int], scores: np.ndarray) -> list[int]:
    """Reorder the chosen unit indices for reading."""
    if not chosen:
        return []
    sents = cluster.sentences
    rep = {u: sents[cluster.units[u].representative] for u in chosen}
    doc_rank: dict[int, float] = {}
    for u in chosen:
        d = rep[u].doc
        doc_rank[d] = max(doc_rank.get(d, -np.inf), float(scores[u]))
    ordered = sorted(chosen, key=lambda u: (-doc_rank[rep[u].doc], rep[u].doc, rep[u].position))
    if not starts_with_dangling_reference(rep[ordered[0]].text):
        return ordered
    # Bring forward the first article whose thread opens cleanly, keeping each thread intact;
    # failing that, the first clean sentence.
    groups: list[list[int]] = []
    for u in ordered:
        if groups and rep[groups[-1][0]].doc == rep[u].doc:
            groups[-1].append(u)
        else:
            groups.append([u])
    for i, group in enumerate(groups):
        if not starts_with_dangling_reference(rep[group[0]].text):
            groups.insert(0, groups.pop(i))
            return [u for g in groups for u in g]
    for i, u in enumerate(ordered):
        if not starts_with_dangling_reference(rep[u].text):
            ordered.insert(0, ordered.pop(i))
            break
    return ordered
