"""Which units a summary may use, given the source analysis's verdicts on the documents.

Junk documents and documents stale on strong evidence are left out
(:attr:`~storybrief.analysis.SourceVerdict.excluded`); a document stale on weak evidence is
only marked and stays in.  Relative day words ("yesterday", "tonight") are kept consistent
with the opening sentence's article (:func:`same_day_units`).
"""

from __future__ import annotations

import re

import numpy as np

from storybrief.analysis import Analysis
from storybrief.analysis.genre import DocumentGenre, is_verdict
from storybrief.text.words import has_case_specials
from storybrief.types import Cluster


def allowed_units(cluster: Cluster, analysis: Analysis) -> np.ndarray | None:
    """Units a summary may use: those carried by at least one document that is not excluded.
    None when no document is excluded.  When every unit comes from excluded documents, stale
    documents are allowed back (then junk ones too): a summary of flagged text beats none."""
    if not any(s.excluded for s in analysis.sources) or not cluster.units:
        return None
    doc_of = np.fromiter((s.doc for s in cluster.sentences), dtype=np.int64)
    for banned in (
        {s.index for s in analysis.sources if s.excluded},
        {s.index for s in analysis.sources if s.junk},
    ):
        if not banned:
            continue
        ok_doc = np.ones(len(cluster.documents), dtype=bool)
        ok_doc[list(banned)] = False
        mask = np.array([bool(ok_doc[doc_of[u.members]].any()) for u in cluster.units])
        if mask.any():
            return mask
    return None


# "yesterday", "today", "tonight", "this morning", "last night", "tomorrow": a time that means
# something only from the day its article appeared
_RELATIVE_DAY = re.compile(
    r"\b(?:yesterday|today|tonight|tomorrow|(?:this|last|tomorrow|yesterday) "
    r"(?:morning|afternoon|evening|night))\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
# every match holds one of these (lower-cased); a sentence without any is not searched
_RELATIVE_DAY_WORDS = ("yesterday", "today", "tomorrow", "night", "morning", "afternoon", "evening")


def _says_relative_day(text: str) -> bool:
    """A relative day word outside quotations."""
    low = text.lower()
    if not any(w in low for w in _RELATIVE_DAY_WORDS) and not has_case_specials(text):
        return False
    return _RELATIVE_DAY.search(_QUOTED.sub(" ", text)) is not None


def same_day_units(
    cluster: Cluster, analysis: Analysis, opener: int | None, texts: list[str]
) -> np.ndarray | None:
    """Units whose time references agree with the opener's: a unit saying "yesterday" or
    "tonight" outside a quotation may join the summary only from the opener's own article, or
    from one whose date is known to the day and the same as the opener article's -- else two
    articles' "yesterday"s could name different days.  None when there is no opener."""
    if opener is None:
        return None
    sents = cluster.sentences
    home = sents[cluster.units[opener].representative].doc
    dates = [s.dating for s in analysis.sources]

    def day(d: int) -> str | None:
        dating = dates[d] if d < len(dates) else None
        return dating.iso if dating is not None and dating.precision == "day" else None

    home_day = day(home)
    mask = np.ones(len(cluster.units), dtype=bool)
    for u in cluster.units:
        text = texts[u.id]
        if not _says_relative_day(text):
            continue
        doc = sents[u.representative].doc
        mask[u.id] = doc == home or (home_day is not None and day(doc) == home_day)
    return mask


def later_units(cluster: Cluster, analysis: Analysis, opener: int | None) -> np.ndarray | None:
    """Units all of whose articles are dated after the opener's article, both dates known to
    the day (a live story's follow-up reports what happened since).  None when there is no
    opener or its article's date is not known to the day."""
    if opener is None:
        return None
    sents = cluster.sentences
    dates = [s.dating for s in analysis.sources]

    def day(d: int) -> str | None:
        dating = dates[d] if d < len(dates) else None
        return dating.iso[:10] if dating is not None and dating.precision == "day" else None

    home_day = day(sents[cluster.units[opener].representative].doc)
    if home_day is None:
        return None
    out = np.zeros(len(cluster.units), dtype=bool)
    for u in cluster.units:
        days = [day(sents[m].doc) for m in u.members]
        out[u.id] = all(d is not None and d > home_day for d in days)
    return out


def critics_verdicts(cluster: Cluster, genres: list[DocumentGenre]) -> np.ndarray | None:
    """In a cluster about a work (a review is among its articles), the units that judge in
    the writer's voice (:func:`storybrief.analysis.genre.is_verdict`): a critic's verdict
    even in an article read as news (the round-4 "Hereafter" cluster: Ebert's "considers the
    idea of an afterlife with tenderness, beauty").  None when no article is a review."""
    if not any(g.genre == "review" for g in genres):
        return None
    return np.array([is_verdict(cluster.unit_text(u)) for u in cluster.units], dtype=bool)


def news_units(cluster: Cluster, genres: list[DocumentGenre]) -> np.ndarray | None:
    """Units a digest may state as news (issue 17): those with a member in a news document,
    or in a paragraph of a round-up page that is about the story.  Opinion, review and
    explainer documents' sentences are left out -- unless no unit is left, when every unit
    may be used (a cluster of reviews is summarized from its reviews).  None when every
    document is news."""
    if all(g.is_news for g in genres) or not cluster.units:
        return None
    sents = cluster.sentences

    def usable(m: int) -> bool:
        g = genres[sents[m].doc]
        if g.is_news:
            return True
        return g.genre == "roundup" and g.on_topic is not None and sents[m].paragraph in g.on_topic

    mask = np.array([any(usable(m) for m in u.members) for u in cluster.units], dtype=bool)
    if mask.any():
        return mask
    # no news at all (a cluster of reviews or columns): the works' and events' facts may be
    # told, the authors' verdicts may not ("Hereafter plays like a smart and stylish
    # thriller" is a critic's, graders count it unsupported when the digest states it)
    facts = np.array([not is_verdict(cluster.unit_text(u)) for u in cluster.units], dtype=bool)
    return facts if facts.any() else None
