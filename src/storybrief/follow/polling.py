"""One poll of every subscription: new feed items in, articles out.

``poll(subscriptions, state) -> (articles, new_state, outcomes)``:

1. Every feed is fetched (in parallel, a bounded thread pool), conditionally when its state
   has validators; a 304 ends there.  A feed that fails (network, HTTP status, size, not a
   feed) keeps its state -- validators, seen items -- with its ``error_count`` one higher
   and ``last_error`` set; the other feeds go on.  A server's long ``Retry-After`` is kept as
   ``retry_after``, and the feed is not polled before then.
2. Each item gets its article id (:func:`article_id`).  An item whose id was seen before in
   this feed is skipped (an item republished with edits keeps its guid, so it is the same
   article and is not fetched again); a guid repeated within one document gives one article,
   the first.  At most ``max_new_items`` new items per feed and poll; the rest wait for the
   next poll.
3. Each new item's linked page is fetched (robots.txt permitting, through the address
   policy: a feed on a public address cannot send storybrief to the user's own network) and
   its main text extracted.  When the page cannot be had -- no link, refused, failed, not
   HTML, no main text -- or when the item's own text (its content, else its summary) has
   more words than the page's main text (a teaser page, a consent wall, a page built by
   scripts), the item's own text is the article's.  Which one is recorded in the
   article (``text_from``) and, when it is not the page, why (``page_problem``) in the
   outcome's notes.  An item with no text at all gives no article and is tried again next
   poll.
4. Articles come out in time order (publication date; undated last), then subscription
   order, then the feed's own order reversed (feeds list the newest first): the same input
   gives the same output whatever the threads did.

An article is a dict in the shape ``feed ingest`` reads: ``id``, ``text``, ``title``,
``url``, ``date`` (the item's publication time, else the page's markup date, else absent),
``source`` (the feed's title, else the subscription's name) plus ``feed`` (the subscription
URL), ``text_from`` (``page``, ``feed content`` or ``feed summary``) and, when the page was
not used, ``page_problem``.

**Nothing lost.** A feed's validators are replaced only when every item of the document was
taken (or seen before): with an item left for later (no text yet, over the per-poll cap) the
next poll fetches the whole feed again instead of getting a 304.  A caller that stores
articles should save ``new_state`` in the same transaction as the articles (or after them):
then a run killed at any point either took an item (article and seen id both stored) or will
take it again.

Over 500 lines because one poll's steps (conditional fetch, parse, per-item page fetch,
robots, caps, the new state) share one feed's state and their order is what makes the
"nothing lost" rule above hold; apart, each would have to be read with all the others.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from storybrief.follow.addresses import AddressPolicy
from storybrief.follow.fetch import (
    FEED,
    PAGE,
    Fetcher,
    FetchError,
    FetchLimits,
    FetchResult,
    host_of,
)
from storybrief.follow.pages import PageText, fragment_text, fragment_words, page_text
from storybrief.follow.robots import RobotsCache
from storybrief.follow.state import (
    FAILED,
    MAX_SEEN_IDS,
    NOT_MODIFIED,
    OK,
    WAITING,
    FeedOutcome,
    FeedState,
)
from storybrief.follow.subscriptions import Subscription
from storybrief.follow.syndication import FeedFormatError, FeedItem, ParsedFeed, parse_feed
from storybrief.text.times import parse_iso

log = logging.getLogger("storybrief.follow")

MAX_NEW_ITEMS = 100
"""New items taken from one feed in one poll; the rest are taken by the next polls."""
MAX_ID_CHARS = 500
_GLOBAL_ID = re.compile(r"^(https?://|urn:|tag:)\S+$", re.I)
Clock = Callable[[], datetime]


class PollResult(NamedTuple):
    articles: list[dict[str, Any]]
    state: dict[str, FeedState]
    outcomes: list[FeedOutcome]


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def _sha(*parts: str) -> str:
    return hashlib.sha1("\x00".join(parts).encode("utf-8", "replace")).hexdigest()[:20]


def article_id(item: FeedItem, feed_url: str) -> str:
    """The article id of a feed item.  Its guid when that is a global identifier (an
    http(s) URL, ``urn:``, ``tag:``), else the guid within the feed (``FEED_URL#guid``: a
    guid like ``1234`` is unique only in its feed); no guid: its link; neither: a hash of the
    feed, title and date (else of its content) within the feed.  Over-long ids are hashed."""
    if item.guid:
        key = item.guid if _GLOBAL_ID.match(item.guid) else f"{feed_url}#{item.guid}"
    elif item.link:
        key = item.link
    elif item.title or item.published:
        key = f"{feed_url}#item:{_sha(item.title or '', item.published or '')}"
    else:
        key = f"{feed_url}#content:{_sha(item.content or '', item.summary or '')}"
    if len(key) > MAX_ID_CHARS or not key.isprintable():
        key = f"{feed_url[:200]}#sha1:{_sha(key)}"
    return key


@dataclass
class _Feed:
    """One subscription through the poll."""

    index: int
    sub: Subscription
    state: FeedState
    trusted: bool = False
    result: FetchResult | None = None
    error: FetchError | None = None
    parsed: ParsedFeed | None = None
    failure: str | None = None  # one line when the feed gave nothing
    requests: int = 0
    new: list[_Item] = field(default_factory=list)
    duplicates: int = 0
    deferred: int = 0
    seen_now: list[str] = field(default_factory=list)  # ids of this document's items, in order
    complete: bool = False  # every item of the document taken or seen before


@dataclass
class _Item:
    feed: _Feed
    position: int  # in the feed's document
    item: FeedItem
    id: str
    page: PageText | None = None
    page_problem: str | None = None
    requests: int = 0


class Follower:
    """Polls subscriptions with one :class:`Fetcher` and robots.txt cache, kept across polls
    (a long-running follow reuses connections and cached robots.txt).  ``policy`` is the
    address rule (:mod:`storybrief.follow.addresses`); ``clock`` the time stamps' source."""

    def __init__(
        self,
        limits: FetchLimits | None = None,
        policy: AddressPolicy | None = None,
        *,
        max_new_items: int = MAX_NEW_ITEMS,
        clock: Clock = _utcnow,
        robots_ttl: float = 86_400.0,
        robots_error_ttl: float = 3_600.0,
    ):
        self.fetcher = Fetcher(limits or FetchLimits(), policy or AddressPolicy())
        self.robots = RobotsCache(self.fetcher, ttl=robots_ttl, error_ttl=robots_error_ttl)
        self.max_new_items = max_new_items
        self.clock = clock

    def __enter__(self) -> Follower:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.fetcher.close()

    @property
    def requests(self) -> int:
        """HTTP requests made so far (robots.txt included)."""
        return self.fetcher.requests

    def poll(
        self,
        subscriptions: Iterable[Subscription | str],
        state: Mapping[str, FeedState] | None = None,
    ) -> PollResult:
        """Poll every subscription once (see the module's docstring)."""
        now = self.clock()
        state = dict(state or {})
        feeds: list[_Feed] = []
        waiting: dict[int, FeedOutcome] = {}
        seen_urls: set[str] = set()
        for sub in subscriptions:
            sub = Subscription(sub) if isinstance(sub, str) else sub
            if sub.url in seen_urls:
                continue
            seen_urls.add(sub.url)
            feed = _Feed(len(seen_urls) - 1, sub, state.get(sub.url) or FeedState(sub.url))
            until = parse_iso(feed.state.retry_after)
            if until is not None and until > now:
                waiting[feed.index] = FeedOutcome(
                    sub.url,
                    WAITING,
                    f"not polled: the server asked to wait until {feed.state.retry_after}",
                )
            feeds.append(feed)
        active = [f for f in feeds if f.index not in waiting]
        workers = max(1, self.fetcher.limits.workers)
        with ThreadPoolExecutor(workers, thread_name_prefix="storybrief-follow") as pool:
            self._paced(pool, active, lambda f: f.sub.url, self._fetch_feed)
            items = [it for f in active for it in self._new_items(f)]
            self._paced(pool, items, lambda it: it.item.link, self._fetch_page)
        articles: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        outcomes: list[FeedOutcome] = []
        new_state = dict(state)
        for feed in feeds:
            if feed.index in waiting:
                outcome = waiting[feed.index]
            else:
                outcome, made = self._finish(feed, now)
                articles += made
                new_state[feed.sub.url] = self._next_state(feed, outcome, made, now)
            _log(outcome)
            outcomes.append(outcome)
        articles.sort(key=lambda pair: pair[0])
        return PollResult([a for _, a in articles], new_state, outcomes)

    def _paced(
        self,
        pool: ThreadPoolExecutor,
        jobs: list[Any],
        url_of: Callable[[Any], str | None],
        run: Callable[[Any], None],
    ) -> None:
        """``run`` every job on the pool, handing a worker a job only when the job's host may
        take a request now (its per-host slots and interval): a worker never sleeps behind
        one busy host while work for idle hosts waits.  The fetcher's own per-host gate still
        enforces the limits (robots.txt, redirects and retries are requests too)."""
        limits = self.fetcher.limits
        workers = max(1, limits.workers)
        lanes: dict[str, deque[Any]] = {}
        for job in jobs:
            lanes.setdefault(host_of(url_of(job)), deque()).append(job)
        hold: dict[str, float] = {}
        active: dict[str, int] = {}
        running: dict[Future[None], str] = {}
        while lanes or running:
            now = time.monotonic()
            soonest: float | None = None
            for host in list(lanes):
                if len(running) >= workers:
                    break
                if host and active.get(host, 0) >= limits.per_host_connections:
                    continue
                ready = (
                    max(hold.get(host, 0.0), self.fetcher.next_start(url_of(lanes[host][0]) or ""))
                    if host
                    else 0.0
                )
                if ready > now:
                    soonest = ready if soonest is None else min(soonest, ready)
                    continue
                job = lanes[host].popleft()
                if not lanes[host]:
                    del lanes[host]
                hold[host] = now + limits.per_host_interval
                active[host] = active.get(host, 0) + 1
                running[pool.submit(run, job)] = host
            if not running:
                time.sleep(max(0.0, (soonest or now) - time.monotonic()))
                continue
            timeout = None if soonest is None else max(0.0, soonest - time.monotonic())
            done, _ = wait(running, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in done:
                active[running.pop(future)] -= 1
                future.result()  # the jobs catch their own errors; a bug here is a bug

    # -- step 1: the feed ------------------------------------------------------------------
    def _fetch_feed(self, feed: _Feed) -> None:
        try:
            feed.trusted = self.fetcher.trusts(feed.sub.url)
            st = feed.state
            result = self.fetcher.get(
                feed.sub.url,
                FEED,
                trusted=feed.trusted,
                etag=st.etag,
                last_modified=st.last_modified,
            )
            feed.result, feed.requests = result, result.requests
            if result.status != 304:
                feed.parsed = parse_feed(
                    result.body, result.url, result.content_type, result.charset
                )
        except FetchError as err:
            feed.error, feed.requests, feed.failure = err, err.requests, err.reason
        except FeedFormatError as err:
            feed.failure = str(err)
        except Exception as err:  # a bug must cost one feed, not the poll
            log.debug("internal error polling %s", feed.sub.url, exc_info=True)
            feed.failure = (
                f"internal error ({type(err).__name__}: {' '.join(str(err).split())[:200]})"
            )

    # -- step 2: which items are new -------------------------------------------------------
    def _new_items(self, feed: _Feed) -> list[_Item]:
        if feed.parsed is None:
            return []
        seen = set(feed.state.seen_ids)
        ids_here: set[str] = set()
        for position, item in enumerate(feed.parsed.items):
            key = article_id(item, feed.sub.url)
            if key in ids_here:
                feed.duplicates += 1
                continue
            ids_here.add(key)
            feed.seen_now.append(key)
            if key in seen:
                continue
            if len(feed.new) >= self.max_new_items:
                feed.deferred += 1
                continue
            feed.new.append(_Item(feed, position, item, key))
        return feed.new

    # -- step 3: the pages -------------------------------------------------------------------
    def _fetch_page(self, it: _Item) -> None:
        link = it.item.link
        if not link:
            it.page_problem = "the item has no link"
            return
        try:
            refused = self.robots.check(link, trusted=it.feed.trusted)
            if refused:
                it.page_problem = refused
                return
            result = self.fetcher.get(link, PAGE, trusted=it.feed.trusted)
            it.requests = result.requests
            page = page_text(result)
        except FetchError as err:  # a refusal reads the same wherever it happened
            it.requests = err.requests
            it.page_problem = err.reason if err.kind == "blocked" else f"page: {err.reason}"
            return
        except Exception as err:  # an extraction failure costs the page, not the item
            log.debug("page %s could not be read", link, exc_info=True)
            it.page_problem = f"page could not be read ({type(err).__name__})"
            return
        if not page.text:
            it.page_problem = "no article text found on the page"
        it.page = page

    # -- step 4: articles, outcome, state ----------------------------------------------------
    def _article(self, it: _Item) -> tuple[dict[str, Any] | None, str | None]:
        """The item's article (or None) and a note when its text is not from its page."""
        item, feed = it.item, it.feed
        page = it.page.text if it.page else ""
        page_words = len(page.split())
        text, text_from, problem = page, "page", it.page_problem
        for raw, is_html, name in (
            (item.content, item.content_html, "feed content"),
            (item.summary, item.summary_html, "feed summary"),
        ):
            words = fragment_words(raw, is_html) if raw else 0
            if not words:
                continue
            if page and words <= page_words:
                break  # the page's main text is the longer text of the article: it stands
            own = fragment_text(raw or "", is_html)
            if own:
                if page:  # a teaser page, a consent wall, a page built by scripts
                    problem = f"the {name} is longer than the page's main text"
                text, text_from = own, name
                break
        if not text:
            why = problem or "no text"
            return None, f"item {it.id}: no text ({why}); tried again next poll"
        article: dict[str, Any] = {"id": it.id, "text": text}
        title = item.title or (it.page.title if it.page else None)
        date = item.published or (it.page.date if it.page else None)
        source = (feed.parsed.title if feed.parsed else None) or feed.sub.title
        for key, value in (
            ("title", title),
            ("url", item.link),
            ("date", date),
            ("source", source),
        ):
            if value:
                article[key] = value
        article["feed"] = feed.sub.url
        article["text_from"] = text_from
        note = None
        if text_from != "page":
            article["page_problem"] = problem
            note = f"item {it.id}: text from the {text_from} ({problem})"
        elif it.page and it.page.note:
            note = f"item {it.id}: page charset: {it.page.note}"
        return article, note

    def _finish(
        self, feed: _Feed, now: datetime
    ) -> tuple[FeedOutcome, list[tuple[tuple[Any, ...], dict[str, Any]]]]:
        url = feed.sub.url
        status = feed.error.status if feed.error else (feed.result.status if feed.result else None)
        if feed.failure is not None:
            return FeedOutcome(url, FAILED, f"failed: {feed.failure}", status, feed.requests), []
        assert feed.result is not None
        if feed.parsed is None:  # 304
            return FeedOutcome(url, NOT_MODIFIED, "not modified (304)", 304, feed.requests), []
        made: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        notes: list[str] = []
        taken: set[str] = set()
        requests = feed.requests
        for it in feed.new:
            requests += it.requests
            article, note = self._article(it)
            if note:
                notes.append(note)
            if article is not None:
                taken.add(it.id)
                key = (article.get("date") or "~", feed.index, -it.position)
                made.append((key, article))
        before = set(feed.state.seen_ids)
        kept = [k for k in feed.seen_now if k in taken or k in before]
        feed.complete = len(kept) == len(feed.seen_now) and not feed.deferred
        feed.seen_now = kept
        if feed.duplicates:
            notes.append(
                f"{feed.duplicates} items repeat an id already in this feed; kept the first"
            )
        if feed.deferred:
            notes.append(f"{feed.deferred} more new items left for the next poll")
        parsed = feed.parsed
        from_page = sum(1 for _, a in made if a["text_from"] == "page")
        parts = [f"{len(parsed.items)} items, {len(feed.new)} new, {len(made)} articles"]
        if made:
            parts.append(f"{from_page} with the page's text")
        if parsed.problem:
            parts.append(parsed.problem)
        outcome = FeedOutcome(
            url,
            OK,
            "; ".join(parts),
            feed.result.status,
            requests,
            len(feed.new),
            len(made),
            parsed.problem,
            notes,
        )
        return outcome, made

    def _next_state(
        self, feed: _Feed, outcome: FeedOutcome, made: list[Any], now: datetime
    ) -> FeedState:
        st = feed.state
        stamp = _iso(now)
        if outcome.status == FAILED:
            retry_after = st.retry_after
            err = feed.error
            if (
                err is not None
                and err.retry_after
                and err.retry_after > self.fetcher.limits.max_retry_wait
            ):
                retry_after = _iso(now + timedelta(seconds=min(err.retry_after, 7 * 86_400)))
            return replace(
                st,
                last_attempt=stamp,
                last_error=outcome.reason.removeprefix("failed: "),
                error_count=st.error_count + 1,
                retry_after=retry_after,
            )
        result = feed.result
        assert result is not None
        etag, modified = result.etag or st.etag, result.last_modified or st.last_modified
        seen = list(st.seen_ids)
        title = st.title
        if feed.parsed is not None:
            title = feed.parsed.title or st.title
            if not feed.complete:  # an item left for later: the next poll reads it all again
                etag, modified = st.etag, st.last_modified
            else:
                etag, modified = result.etag, result.last_modified
            current = set(feed.seen_now)
            seen = feed.seen_now + [k for k in st.seen_ids if k not in current]
        return replace(
            st,
            title=title,
            etag=etag,
            last_modified=modified,
            last_attempt=stamp,
            last_success=stamp,
            error_count=0,
            items_seen=st.items_seen + len(made),
            seen_ids=tuple(seen[:MAX_SEEN_IDS]),
            retry_after=None,
        )


def _log(outcome: FeedOutcome) -> None:
    level = logging.WARNING if outcome.status == FAILED else logging.INFO
    log.log(level, "%s", outcome.line())
    for note in outcome.notes:
        log.info("%s: %s", outcome.url, note)


def poll(
    subscriptions: Iterable[Subscription | str],
    state: Mapping[str, FeedState] | None = None,
    *,
    follower: Follower | None = None,
    limits: FetchLimits | None = None,
    policy: AddressPolicy | None = None,
) -> PollResult:
    """Poll ``subscriptions`` once: ``(articles, new_state, outcomes)``.  Without a
    ``follower`` a temporary one is made (and closed) with ``limits`` and ``policy``."""
    if follower is not None:
        return follower.poll(subscriptions, state)
    with Follower(limits, policy) as temporary:
        return temporary.poll(subscriptions, state)
