"""Stages 1-3, building a cluster: documents -> clean -> segment -> group near-duplicates.

Everything that reads a cluster starts here and nothing here scores: no features, no sentence
embeddings, no scorer or learned model.

* :func:`segment_documents` -- stages 1-2 (clean, split into sentences, drop boilerplate
  sentences); the feed judges one article with it (:mod:`storybrief.feed.prepare`);
* :func:`build_cluster` -- stages 1-3 with the sentence cap, the :class:`~storybrief.types.Cluster`
  the source analysis reads (``storybrief.analyze``, ``storybrief inspect``) and the TF-IDF
  space its units were grouped in, which :class:`~storybrief.pipeline.Summarizer` turns into
  features to score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from storybrief.analysis import Analysis, analyze_cluster
from storybrief.errors import InputFormatError, OptionError
from storybrief.pipeline.clean import clean_cluster, drop_boilerplate_sentences
from storybrief.pipeline.dedup import DEFAULT_THRESHOLD, group_duplicates
from storybrief.pipeline.segment import segment
from storybrief.text.vectors import TfidfSpace
from storybrief.types import CleanDocument, Cluster, Document, Removal, Sentence

MAX_CLUSTER_SENTENCES = 5000
"""Sentences of one cluster that are scored.  Beyond it, each document contributes its first
k sentences (k as large as fits), which keeps grouping and LexRank, whose cost grows with the
number of similar sentence pairs, bounded for clusters of thousands of articles."""

DocumentLike = str | Mapping[str, Any] | Document


def to_documents(documents: Iterable[DocumentLike]) -> list[Document]:
    """Coerce strings, ``{"text", "title", "url", "date"}`` dicts or Documents to Documents."""
    if isinstance(documents, (str, bytes, Mapping)):
        raise InputFormatError(
            "documents must be a list of articles (strings or {'text': ...} objects), "
            f"not a single {type(documents).__name__}"
        )
    out: list[Document] = []
    for i, d in enumerate(documents):
        if isinstance(d, Document):
            out.append(Document(i, d.text, d.title, d.url, d.date, d.name))
        elif isinstance(d, str):
            out.append(Document(i, d))
        elif isinstance(d, Mapping):
            text = d.get("text")
            if not isinstance(text, str):
                raise InputFormatError(f"document {i + 1} has no 'text' string")

            def opt(key: str, d: Mapping[str, Any] = d) -> str | None:
                v = d.get(key)
                return None if v is None else str(v)

            out.append(Document(i, text, opt("title"), opt("url"), opt("date"), opt("name")))
        else:
            raise InputFormatError(
                f"document {i + 1} is a {type(d).__name__}; expected a string or an object "
                "with a 'text' field"
            )
    return out


def check_dedup_threshold(threshold: float) -> None:
    """Raise :class:`OptionError` unless ``threshold`` is a usable near-duplicate cosine."""
    if not 0.0 < threshold <= 1.01:
        raise OptionError(f"dedup threshold must be in (0, 1] (got {threshold})")


@dataclass
class Segmented:
    """Stages 1-2 of some documents: each cleaned (with what was removed from it, boilerplate
    sentences included), their kept sentences in order, and the splitter's warnings."""

    documents: list[Document]
    cleaned: list[CleanDocument]
    sentences: list[Sentence]
    warnings: list[str]


def segment_documents(documents: Iterable[DocumentLike]) -> Segmented:
    """Clean the documents, split them into sentences and drop boilerplate sentences, each
    drop recorded on its document's ``removed``."""
    docs = to_documents(documents)
    cleaned = clean_cluster(docs)
    sentences, warnings = segment(cleaned)
    removed: list[Removal] = []
    sentences = drop_boilerplate_sentences(sentences, removed)
    for r in removed:
        cleaned[r.doc].removed.append(r)
    return Segmented(docs, cleaned, sentences, warnings)


def _cap_sentences(sentences: list[Sentence], cap: int) -> tuple[list[Sentence], int]:
    """Keep each document's first k sentences, with k the largest that keeps the total <= cap.

    k is 0 when there are more documents than ``cap`` (issue 12: k = 0 used to keep nothing
    and gave an empty summary): then the first sentence of each of the first ``cap``
    documents (in input order) is kept."""
    if len(sentences) <= cap:
        return sentences, -1
    per_doc = np.bincount([s.position for s in sentences])  # sentences at each position
    kept_at = np.cumsum(per_doc)
    k = int(np.searchsorted(kept_at, cap, side="right"))
    if k == 0:
        return [s for s in sentences if s.position == 0][:cap], 0
    return [s for s in sentences if s.position < k], k


def _cap_warning(k: int) -> list[str]:
    if k > 0:
        return [
            f"cluster has more than {MAX_CLUSTER_SENTENCES} sentences: only the first {k} "
            "of each document were scored"
        ]
    if k == 0:
        return [
            f"cluster has more than {MAX_CLUSTER_SENTENCES} documents: only the first "
            f"sentence of each of the first {MAX_CLUSTER_SENTENCES} documents was scored"
        ]
    return []


def build_cluster(
    documents: Iterable[DocumentLike],
    dedup_threshold: float = DEFAULT_THRESHOLD,
    id: str | None = None,
    extra: dict[str, Any] | None = None,
) -> tuple[Cluster, TfidfSpace]:
    """Stages 1-3: the documents cleaned and split, at most :data:`MAX_CLUSTER_SENTENCES`
    sentences kept, near-duplicates (cosine >= ``dedup_threshold``) grouped into units; with
    warnings for what was cut.  Also returns the TF-IDF space of the kept sentences (the
    rows the units were grouped by), which scoring needs and analysis does not."""
    check_dedup_threshold(dedup_threshold)
    read = segment_documents(documents)
    sentences, k = _cap_sentences(read.sentences, MAX_CLUSTER_SENTENCES)
    warnings = read.warnings + _cap_warning(k)
    for c in read.cleaned:
        if c.truncated:
            warnings.append(
                f"document {c.doc.index + 1} ({c.doc.label}) is very long: only its first "
                "200,000 characters were read"
            )
    space = TfidfSpace([s.text for s in sentences])
    units = group_duplicates(sentences, space, dedup_threshold)
    cluster = Cluster(
        read.documents,
        read.cleaned,
        sentences,
        units,
        id=id,
        extra=extra or {},
        stems=space.rows,
        token_counts=space.token_counts,
    )
    cluster.warnings.extend(warnings)
    return cluster, space


def analyze(
    documents: Iterable[DocumentLike], dedup_threshold: float = DEFAULT_THRESHOLD
) -> Analysis:
    """Source analysis of a cluster of articles (strings or ``{"text", "date", ...}``): the
    cluster is built (:func:`build_cluster`), then read by
    :func:`storybrief.analysis.analyze_cluster`; nothing is scored, so no learned model or
    embedding is loaded."""
    cluster, _ = build_cluster(documents, dedup_threshold)
    return analyze_cluster(cluster)
