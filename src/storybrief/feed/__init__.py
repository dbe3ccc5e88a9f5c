"""Live stories: a stream of articles in, stories with digests that stay current out.

:class:`Feed` is the entry point (``storybrief.Feed``); ``storybrief feed ...`` and the web
app's stories page use it.  One module a concern:

* :mod:`~storybrief.feed.sources` -- reading JSON lines, folders, standard input, following;
* :mod:`~storybrief.feed.articles` -- normalising an arriving article, its identity keys;
* :mod:`~storybrief.feed.prepare` -- its kept sentences and junk verdict (pipeline stages);
* :mod:`~storybrief.feed.vectors`, :mod:`~storybrief.feed.terms`, :mod:`~storybrief.feed.idf`
  -- the vector stories are compared with;
* :mod:`~storybrief.feed.cluster` -- the online clustering decision;
* :mod:`~storybrief.feed.digest` -- digests, their versions and the story timeline;
* :mod:`~storybrief.feed.schema` -- the store's tables;
* :mod:`~storybrief.feed.repository` -- every query on them (SQLite or PostgreSQL through
  SQLAlchemy), the connections and the writers' lock; :mod:`~storybrief.feed.store` -- database
  URLs and the store's error;
* :mod:`~storybrief.feed.read`, :mod:`~storybrief.feed.update` -- what a reader is shown and
  what a batch changes in its stories, through the repository;
* :mod:`~storybrief.feed.feed` -- :class:`Feed`, which runs them: it decides, the repository
  persists.
"""

from storybrief.feed.feed import AddResult, ArticleOutcome, Feed, FeedSettings, Story, StoryNotFound
from storybrief.feed.store import StoreError

__all__ = [
    "AddResult",
    "ArticleOutcome",
    "Feed",
    "FeedSettings",
    "StoreError",
    "Story",
    "StoryNotFound",
]
