"""The checks for content said twice: ``repeat`` (a sentence's content words, or a long
quotation, again in another sentence) and ``restated`` (the same fact in other words, by shared
figures and names or by the same-fact score)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from storybrief.evaluate.checks.context import figures_and_names
from storybrief.evaluate.checks.patterns import _QUOTE_SPAN
from storybrief.evaluate.checks.rules import (
    REPEAT_CONTAINMENT,
    REPEAT_LOOSE_CONTAINMENT,
    REPEAT_MIN_WORDS,
    REPEAT_QUOTE_WORDS,
    REPEAT_SHARED_WORDS,
    RESTATED_SHARE,
    RESTATED_SHARED_WORDS,
    SAME_FACT_BIAS,
    SAME_FACT_FLAG,
    SAME_FACT_WEIGHTS,
    Finding,
    _stem_set,
    plain,
)
from storybrief.text.embeddings import embed


def _contained(inner: set[str], outer: set[str]) -> bool:
    """``inner``'s content words are mostly in ``outer`` (the two ``repeat`` thresholds)."""
    if len(inner) < REPEAT_MIN_WORDS:
        return False
    shared = len(inner & outer)
    return shared >= REPEAT_CONTAINMENT * len(inner) or (
        shared >= REPEAT_SHARED_WORDS and shared >= REPEAT_LOOSE_CONTAINMENT * len(inner)
    )


def repeated_sentences(sentences: Sequence[str], compacts: Sequence[str]) -> list[Finding]:
    out: list[Finding] = []
    stems = [_stem_set(s) for s in sentences]
    # quotations compared without case and their own final punctuation: a quote repeated
    # inside a longer sentence may start in lower case and lose its comma
    quotes = [
        [
            "".join(q.split()).lower().rstrip(".,;:!?")
            for q in _QUOTE_SPAN.findall(plain(s))
            if len(q.split()) >= REPEAT_QUOTE_WORDS
        ]
        for s in sentences
    ]
    lowered = [c.lower() for c in compacts]
    for j in range(len(sentences)):
        for i in range(len(sentences)):
            if i == j:
                continue
            if _contained(stems[j], stems[i]) and (i < j or not _contained(stems[i], stems[j])):
                # the later sentence of a mutual pair; the contained one otherwise
                shared = len(stems[j] & stems[i])
                pct = round(100 * shared / len(stems[j]))
                detail = f"{pct}% of its content words ({shared}) are in sentence {i + 1}"
                out.append(Finding("repeat", j, detail, other=i))
                break
            if i < j and any(q in lowered[i] for q in quotes[j]):
                out.append(
                    Finding("repeat", j, f"repeats a quotation of sentence {i + 1}", other=i)
                )
                break
    return out


def restated_facts(sentences: Sequence[str], already: set[int]) -> list[Finding]:
    """``restated``: the same fact again in other words, often from a second source: a later
    sentence sharing a figure, or two names, with an earlier one, and besides them at least
    ``RESTATED_SHARED_WORDS`` content words, ``RESTATED_SHARE`` of the shorter sentence's."""
    out: list[Finding] = []
    stems = [_stem_set(s) for s in sentences]
    anchors = [figures_and_names(s) for s in sentences]
    for j in range(1, len(sentences)):
        if j in already:
            continue
        for i in range(j):
            figures = anchors[i][0] & anchors[j][0]
            names = anchors[i][1] & anchors[j][1]
            if not figures and len(names) < 2:
                continue
            anchor_stems = {w.lower() for w in names} | {f.lower() for f in figures}
            shared = (stems[i] & stems[j]) - anchor_stems
            shorter = min(len(stems[i]), len(stems[j])) or 1
            if len(shared) >= RESTATED_SHARED_WORDS and len(shared) >= RESTATED_SHARE * shorter:
                what = ", ".join(sorted(figures) + sorted(names))
                out.append(
                    Finding(
                        "restated", j, f"states sentence {i + 1}'s fact again ({what})", other=i
                    )
                )
                break
    flagged = already | {f.sentence for f in out}
    out += _same_fact(sentences, stems, anchors, flagged)
    return out


def _same_fact(
    sentences: Sequence[str],
    stems: Sequence[set[str]],
    anchors: Sequence[tuple[set[str], set[str]]],
    flagged: set[int],
) -> list[Finding]:
    """``restated`` in meaning: a later sentence whose probability of stating an earlier
    one's fact (:data:`SAME_FACT_WEIGHTS`: embedding cosine, stem overlaps, shared figures) is
    at least :data:`SAME_FACT_FLAG`; the earlier sentence of highest probability is named."""
    if len(sentences) < 2:
        return []
    vectors = embed(list(sentences))
    cosines = vectors @ vectors.T
    out: list[Finding] = []
    for j in range(1, len(sentences)):
        if j in flagged:
            continue
        best, best_i = 0.0, -1
        for i in range(j):
            shared = len(stems[i] & stems[j])
            inside = shared / max(1, len(stems[j]))
            covers = shared / max(1, len(stems[i]))
            features = (
                float(cosines[i, j]),
                shared / max(1, len(stems[i] | stems[j])),
                max(inside, covers),
                min(inside, covers),
                min(2, len(anchors[i][0] & anchors[j][0])),
            )
            x = SAME_FACT_BIAS + sum(
                w * f for w, f in zip(SAME_FACT_WEIGHTS, features, strict=True)
            )
            p = 1.0 / (1.0 + math.exp(-x))
            if p > best:
                best, best_i = p, i
        if best >= SAME_FACT_FLAG:
            detail = f"states sentence {best_i + 1}'s fact in other words (p = {best:.2f})"
            out.append(Finding("restated", j, detail, other=best_i))
    return out
