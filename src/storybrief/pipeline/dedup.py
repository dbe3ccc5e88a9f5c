"""Stage 3, group: merge near-duplicate sentences across documents into units of content.

Syndicated copies ("the same sentence on five sites") and content-farm rewrites ("Russia" ->
"Russian Federation", "international" -> "global terrorism") are one fact with several
sources.  Two sentences are near-duplicates when the cosine of their TF-IDF vectors (prefix
stems, so "Zakharova"/"Zakharov" match) reaches ``threshold``; groups are the connected
components of that graph.  The group's shown text is the member closest to the cluster's
centroid (the most typical wording), which prefers the wire original over a synonym-spun copy
("Russian Federation", "global terrorism") whose substitutes are rare in the cluster.
"""

from __future__ import annotations

import numpy as np
from scipy.sparse.csgraph import connected_components

from storybrief.text.vectors import TfidfSpace, cosine_graph
from storybrief.types import Sentence, Unit

DEFAULT_THRESHOLD = 0.6
"""Cosine at or above which two sentences are one unit (measured in BENCHMARKS.md)."""


def group_duplicates(
    sentences: list[Sentence], space: TfidfSpace, threshold: float = DEFAULT_THRESHOLD
) -> list[Unit]:
    """Units over ``sentences`` (whose TF-IDF rows are ``space.matrix``), in order of their
    first member."""
    n = len(sentences)
    if n == 0:
        return []
    if threshold > 1.0:  # grouping switched off
        return [Unit(i, [i], i) for i in range(n)]
    graph = cosine_graph(space.matrix, threshold)
    _, labels = connected_components(graph, directed=False)
    typical = space.matrix @ space.centroid()
    members: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        members.setdefault(label, []).append(i)
    units: list[Unit] = []
    for group in sorted(members.values(), key=lambda g: g[0]):
        if len(group) == 1:
            rep = group[0]
        else:
            # most typical wording; ties go to the earliest sentence (deterministic)
            rep = min(group, key=lambda i: (-round(float(typical[i]), 6), i))
        units.append(Unit(len(units), group, rep))
    return units


def unit_rows(units: list[Unit]) -> np.ndarray:
    """Sentence index of each unit's representative (its row in the sentence matrix)."""
    return np.fromiter((u.representative for u in units), dtype=np.int64, count=len(units))
