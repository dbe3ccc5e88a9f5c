"""storybrief: turn a cluster of news articles about one story into a short, attributed summary.

>>> import storybrief
>>> summary = storybrief.summarize([article_1, article_2, article_3], max_words=120)
>>> print(summary.to_markdown())

>>> feed = storybrief.Feed("stories.sqlite")   # live stories (README, "Live stories")
>>> feed.add(articles); feed.stories()
"""

from storybrief.analysis import Analysis
from storybrief.errors import StorybriefError
from storybrief.feed import Feed
from storybrief.pipeline import Summarizer, Summary, SummarySentence, analyze, summarize
from storybrief.types import Document

__version__ = "0.1.0"

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
