"""The summarization pipeline, one module a stage.

documents -> :mod:`clean` -> :mod:`segment` -> :mod:`dedup` (units) -> :mod:`features` ->
:mod:`score` (:mod:`learned`) -> :mod:`select` -> :mod:`order` -> :mod:`render`.
:class:`Summarizer` (in :mod:`summarizer`) runs the stages; it uses the source analysis
(:mod:`storybrief.analysis`) to keep junk and stale documents out of the summary.
"""

from storybrief.pipeline.summarizer import Summarizer, analyze, summarize, to_documents
from storybrief.pipeline.summary import Summary, SummarySentence

__all__ = ["Summarizer", "Summary", "SummarySentence", "analyze", "summarize", "to_documents"]
