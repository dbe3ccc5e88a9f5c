"""Following real feeds: subscriptions in, articles out (issue 19).

A library of its own, below the feed store and the interfaces: it fetches, parses and
extracts, and hands back plain article dicts and plain state; the store persists them.

>>> from storybrief.follow import Follower, read_subscriptions
>>> subs = read_subscriptions("feeds.opml")            # OPML, a text list or one URL
>>> with Follower() as follower:
...     articles, state, outcomes = follower.poll(subs, state={})
...     # store the articles and the new state together, print outcome.line() for each

One concern a module:

* :mod:`~storybrief.follow.subscriptions` -- OPML / text list / URL -> :class:`Subscription`;
* :mod:`~storybrief.follow.addresses` -- which addresses a fetch may reach (a stranger's feed
  cannot make storybrief probe the user's network), enforced at connect time;
* :mod:`~storybrief.follow.fetch` -- the polite, bounded HTTP fetcher (httpx);
* :mod:`~storybrief.follow.robots` -- robots.txt for article pages;
* :mod:`~storybrief.follow.syndication` -- RSS 2.0 / RSS 1.0 / Atom (feedparser) and JSON Feed
  (``json``) -> :class:`FeedItem`;
* :mod:`~storybrief.follow.pages` -- a page's main text (``readers.html_to_text``), charsets;
* :mod:`~storybrief.follow.state` -- :class:`FeedState` (a store row) and :class:`FeedOutcome`;
* :mod:`~storybrief.follow.polling` -- one poll of every subscription.

Outcomes are also logged, one line each, on the ``storybrief.follow`` logger.
"""

from storybrief.follow.addresses import AddressPolicy, BlockedAddress, address_problem
from storybrief.follow.fetch import USER_AGENT, Fetcher, FetchError, FetchLimits, FetchResult
from storybrief.follow.polling import MAX_NEW_ITEMS, Follower, PollResult, article_id, poll
from storybrief.follow.state import MAX_SEEN_IDS, FeedOutcome, FeedState
from storybrief.follow.subscriptions import Subscription, read_subscriptions
from storybrief.follow.syndication import FeedFormatError, FeedItem, ParsedFeed, parse_feed

__all__ = [
    "MAX_NEW_ITEMS",
    "MAX_SEEN_IDS",
    "USER_AGENT",
    "AddressPolicy",
    "BlockedAddress",
    "FeedFormatError",
    "FeedItem",
    "FeedOutcome",
    "FeedState",
    "FetchError",
    "FetchLimits",
    "FetchResult",
    "Fetcher",
    "Follower",
    "ParsedFeed",
    "PollResult",
    "Subscription",
    "address_problem",
    "article_id",
    "parse_feed",
    "poll",
    "read_subscriptions",
]
