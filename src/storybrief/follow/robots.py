"""robots.txt for article pages: fetched once per site, cached, read with urllib.robotparser.

Feeds themselves are fetched because the user subscribed to them (as every feed reader
does); the article pages their items link to are fetched the way a crawler would, so the
site's robots.txt decides.  The rules are those of the ``storybrief`` user agent, else ``*``.

What an answer for ``/robots.txt`` means (as Google documents for its crawlers):

* 2xx: the rules it holds (its first ``max_robots_bytes`` bytes; the rest is ignored);
* 4xx other than 429 (there is none, access denied), or a redirect chain that does not end:
  everything is allowed;
* 429, 5xx, a timeout or a network error: the site is not crawled for ``error_ttl`` seconds
  (its pages are taken from the feed's own content meanwhile) -- unless a good copy fetched
  within ``stale_ttl`` is at hand, which is used instead;
* a robots.txt on an address the address policy refuses: the page is refused with the same
  reason (the page would be).

Each site (scheme, host and port) is fetched at most once at a time and cached for ``ttl``
seconds.  ``urllib.robotparser`` applies the first matching rule in file order, not RFC
9309's longest match; ``Crawl-delay`` is not read (the fetcher's per-host interval applies).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from storybrief.follow.fetch import ROBOT_AGENT_TOKEN, ROBOTS, Fetcher, FetchError


@dataclass
class _Entry:
    parser: RobotFileParser | None  # None: ``allow`` applies to every path
    allow: bool
    reason: str  # why everything is allowed or refused
    expires: float
    fetched: float  # when the rules were read (for a stale copy)


class RobotsCache:
    """``check(url)``: None when the page may be fetched, else the one-line reason."""

    def __init__(
        self,
        fetcher: Fetcher,
        ttl: float = 86_400.0,
        error_ttl: float = 3_600.0,
        stale_ttl: float = 30 * 86_400.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.fetcher = fetcher
        self.ttl, self.error_ttl, self.stale_ttl = ttl, error_ttl, stale_ttl
        self.clock = clock
        self._entries: dict[tuple[str, bool], _Entry] = {}
        self._locks: dict[tuple[str, bool], threading.Lock] = {}
        self._lock = threading.Lock()

    def check(self, url: str, trusted: bool = False) -> str | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        entry = self._entry(origin, trusted)
        if entry.parser is None:
            return None if entry.allow else entry.reason
        if entry.parser.can_fetch(ROBOT_AGENT_TOKEN, url):
            return None
        return f"robots.txt of {parts.netloc} disallows {parts.path or '/'}"

    def _entry(self, origin: str, trusted: bool) -> _Entry:
        # trusted and untrusted fetches of one site are apart: a refusal of a stranger's
        # link to a site on the user's network says nothing to the user's own feed there
        key = (origin, trusted)
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:  # one fetch per site at a time; the others wait for its answer
            now = self.clock()
            old = self._entries.get(key)
            if old is not None and old.expires > now:
                return old
            entry = self._fetch(origin, trusted, now, old)
            self._entries[key] = entry
            return entry

    def _fetch(self, origin: str, trusted: bool, now: float, old: _Entry | None) -> _Entry:
        try:
            result = self.fetcher.get(f"{origin}/robots.txt", ROBOTS, trusted=trusted)
        except FetchError as err:
            if err.kind == "blocked":
                return _Entry(None, False, err.reason, now + self.error_ttl, now)
            if err.kind == "redirect" or (
                err.kind == "status"
                and err.status is not None
                and 400 <= err.status < 500
                and err.status != 429
            ):
                return _Entry(None, True, f"no robots.txt ({err.reason})", now + self.ttl, now)
            if old is not None and old.parser is not None and now - old.fetched < self.stale_ttl:
                return _Entry(old.parser, True, old.reason, now + self.error_ttl, old.fetched)
            return _Entry(
                None,
                False,
                f"robots.txt of {urlsplit(origin).netloc} could not be read ({err.reason}); "
                "the site's pages are not fetched for now",
                now + self.error_ttl,
                now,
            )
        parser = RobotFileParser()
        parser.parse(result.body.decode("utf-8", "replace").splitlines())
        return _Entry(parser, True, "robots.txt", now + self.ttl, now)
