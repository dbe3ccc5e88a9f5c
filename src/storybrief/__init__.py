"""storybrief: turn a cluster of news articles about one story into a short, attributed summary.

>>> import storybrief
>>> summary = storybrief.summarize([article_1, article_2, article_3], max_words=120)
>>> print(summary.to_markdown())

>>> feed = storybrief.Feed("stories.sqlite")   # live stories (README, "Live stories")
>>> feed.add(articles); feed.stories()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from storybrief.errors import StorybriefError

if TYPE_CHECKING:
    from storybrief.analysis import Analysis
    from storybrief.feed import Feed
    from storybrief.pipeline import Summarizer, Summary, SummarySentence, analyze, summarize
    from storybrief.types import Document

__version__ = "0.1.0"

# The public names that need the pipeline (numpy, scipy, the embedding model) are imported on
# first use, so that ``storybrief --help`` and ``import storybrief.readers`` stay fast (and
# Document with them: its dataclasses are a few milliseconds of every start).
_LAZY = {
    "Analysis": "storybrief.analysis",
    "Document": "storybrief.types",
    "Feed": "storybrief.feed",
    "Summarizer": "storybrief.pipeline",
    "Summary": "storybrief.pipeline",
    "SummarySentence": "storybrief.pipeline",
    "analyze": "storybrief.pipeline",
    "summarize": "storybrief.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'storybrief' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "Analysis",
    "Document",
    "Feed",
    "StorybriefError",
    "Summarizer",
    "Summary",
    "SummarySentence",
    "__version__",
    "analyze",
    "summarize",
]
