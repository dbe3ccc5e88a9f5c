"""The summarization pipeline, one module a stage.

documents -> :mod:`clean` -> :mod:`segment` -> :mod:`dedup` (units) -> :mod:`features` ->
:mod:`score` (:mod:`learned`) -> :mod:`select` -> :mod:`order` -> :mod:`render`.
:func:`build_cluster` (in :mod:`build`) runs the first three, all that the source analysis
and the feed need; :class:`Summarizer` (in :mod:`summarizer`) runs them all; it uses the
source analysis (:mod:`storybrief.analysis`) to keep junk and stale documents out of the
summary.
"""

from storybrief.pipeline.build import analyze, build_cluster, to_documents
from storybrief.pipeline.summarizer import Summarizer, summarize
from storybrief.pipeline.summary import Summary, SummarySentence

__all__ = [
    "Summarizer",
    "Summary",
    "SummarySentence",
    "analyze",
    "build_cluster",
    "summarize",
    "to_documents",
]
