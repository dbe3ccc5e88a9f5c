"""Stage 6, order: arrange the chosen units into a story.

* The opener (the lead of a trusted, central article: :func:`storybrief.pipeline.select.
  choose_opener`) comes first, so the summary states the main event before anything else.
* A dependent sentence ("He added ...", a quote credited to "she") follows the sentence it
  leans on directly: the two travel as one block.  A sentence naming a person by surname
  alone comes after the sentence that introduces them in full.
* The other blocks follow in the inverted-pyramid order of the articles themselves: by their
  relative position in their article (a lead-paragraph fact before a detail from the middle,
  reaction and background, which articles put last, at the end), ties by article order.
* The summary never opens with a sentence that leans on a missing antecedent when another
  block can open it instead.
"""

from __future__ import annotations

import numpy as np

from storybrief.pipeline.features import UnitFeatures, starts_with_dangling_reference
from storybrief.pipeline.readability import Screen
from storybrief.types import Cluster


def _blocks(chosen: list[int], screen: Screen | None) -> list[list[int]]:
    """Chosen units grouped into chains: a dependent unit after its predecessor."""
    chosen_set = set(chosen)
    pred = {}
    if screen is not None:
        for u in chosen:
            p = int(screen.predecessor[u])
            if p >= 0 and p in chosen_set:
                pred[u] = p
    nxt: dict[int, int] = {p: u for u, p in pred.items()}
    blocks = []
    for u in chosen:
        if u in pred:
            continue
        block = [u]
        while block[-1] in nxt:
            block.append(nxt[block[-1]])
        blocks.append(block)
    return blocks


def _introductions_first(blocks: list[list[int]], screen: Screen) -> list[list[int]]:
    """Move each block that uses a surname alone after the first block introducing it."""
    out = list(blocks)
    for _ in range(len(out)):
        moved = False
        for i, block in enumerate(out):
            needed = set().union(*(screen.needs[u] for u in block))
            needed -= set().union(*(screen.introduces[u] for u in block))
            if not needed:
                continue
            seen: set[str] = set()
            for b in out[:i]:
                for u in b:
                    seen |= screen.introduces[u]
            if needed <= seen:
                continue
            later = [
                j
                for j in range(i + 1, len(out))
                if needed & set().union(*(screen.introduces[u] for u in out[j]))
            ]
            if later:
                out.insert(later[0], out.pop(i))  # right after the first introducer
                moved = True
                break
        if not moved:
            break
    return out


def order(
    cluster: Cluster,
    chosen: list[int],
    scores: np.ndarray,
    features: UnitFeatures | None = None,
    screen: Screen | None = None,
    opener: int | None = None,
    texts: list[str] | None = None,
) -> list[int]:
    """Reorder the chosen unit indices for reading (``texts``: the units' texts as shown,
    compressed; their representatives' when None)."""
    if not chosen:
        return []
    sents = cluster.sentences
    rep = {u: sents[cluster.units[u].representative] for u in chosen}
    if features is not None:
        rel_pos = features.column("position_rel")
    else:
        rel_pos = np.zeros(len(cluster.units))

    def key(block: list[int]) -> tuple:
        head = block[0]
        return (head != opener, float(rel_pos[head]), rep[head].doc, rep[head].position)

    blocks = sorted(_blocks(chosen, screen), key=key)
    if screen is not None and len(screen.needs):
        blocks = _introductions_first(blocks, screen)

    def shown(u: int) -> str:
        return rep[u].text if texts is None else texts[u]

    if starts_with_dangling_reference(shown(blocks[0][0])):
        for i, block in enumerate(blocks):
            if not starts_with_dangling_reference(shown(block[0])):
                blocks.insert(0, blocks.pop(i))
                break
    return [u for block in blocks for u in block]
