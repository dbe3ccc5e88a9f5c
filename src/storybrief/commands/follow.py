"""``storybrief feed follow|subscriptions``: real feeds into the store (README, "Live stories";
fetching and parsing is :mod:`storybrief.follow`, storing :mod:`storybrief.feed`).

A poll's articles are stored first (``Feed.add``: idempotent by article id, one transaction a
batch), then the poll's fetch state (:mod:`storybrief.feed.following`): a run killed anywhere
fetches the items it had not recorded again, and the store keeps each one once.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from storybrief.commands.feed import (
    DbOption,
    ListFormat,
    _fail,
    _n,
    _open,
    _read,
    _warn,
    feed_app,
    stop_signals,
)

if TYPE_CHECKING:
    from storybrief.feed import AddResult
    from storybrief.follow import FeedOutcome

ALL_FAILED = 7
"""Exit code of ``feed follow --once`` when no feed could be read (every one failed)."""


EXAMPLE_PORT = 8765
"""Where the shipped example's OPML says its feeds are (``--example`` serves them there when
the port is free, else on any free port, and follows the same feeds there)."""
_EXAMPLE_TYPES = {
    ".xml": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/feed+json",
    ".opml": "text/x-opml",
    ".html": "text/html; charset=utf-8",
}


def example_folder() -> Path:
    """The shipped example subscriptions (``data/follow-example``: OPML, feeds, pages)."""
    from importlib import resources

    return Path(str(resources.files("storybrief") / "data" / "follow-example"))


@contextmanager
def example_server() -> Iterator[str]:
    """Serve :func:`example_folder` on 127.0.0.1 in a thread; yields its origin."""
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **_EXAMPLE_TYPES}

        def log_message(self, *args: Any) -> None:
            pass

    handler = partial(Quiet, directory=str(example_folder()))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", EXAMPLE_PORT), handler)
    except OSError:  # the port is taken: any free one
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def register(app: typer.Typer) -> None:
    feed_app.command("follow")(follow)
    feed_app.command("subscriptions")(subscriptions)


def follow(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="SUBSCRIPTIONS",
            help="An OPML file (what feed readers export), a text file of feed URLs (one a "
            "line, # comments), or one feed URL.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = ...,  # type: ignore[assignment]
    every: Annotated[
        str, typer.Option("--every", help="Time between polls: 90s, 15m, 2h (at least 1s).")
    ] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once, then exit.")] = False,
    timeout: Annotated[
        float,
        typer.Option(min=0.5, help="Seconds one request may take, redirects and retries included."),
    ] = 60.0,
    host_interval: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            help="Seconds between two requests to one host (politeness; default 1, 0 with "
            "--example).",
        ),
    ] = None,
    max_new_items: Annotated[
        int,
        typer.Option(min=1, help="New items taken from one feed per poll (the rest: next poll)."),
    ] = 100,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only failures and the poll's summary line.")
    ] = False,
    example: Annotated[
        bool,
        typer.Option(
            "--example", help="Follow the shipped example OPML, served on 127.0.0.1 meanwhile."
        ),
    ] = False,
) -> None:
    """Follow RSS, Atom and JSON Feed subscriptions: every new item becomes an article.

    Each poll fetches every feed (conditionally: an unchanged feed costs one 304), then each
    new item's page (robots.txt honoured; main text, else the item's own text), and stores
    the articles as `feed ingest` does.  A feed that fails keeps its state and counts the
    error; the rest go on.  Stop with Ctrl-C or SIGTERM: the poll under way is stored first.
    """
    from storybrief.cli import fail

    if example == (source is not None):
        raise fail("give SUBSCRIPTIONS (an OPML file, a text file or a URL) or --example", 2)
    with ExitStack() as stack:
        if example:
            origin = stack.enter_context(example_server())
            source = str(example_folder() / "feeds.opml")
            host_interval = 0.0 if host_interval is None else host_interval
        else:
            origin = None
        _follow(source, db, every, once, timeout, host_interval, max_new_items, quiet, origin)


def _follow(
    source: str,
    db: str,
    every: str,
    once: bool,
    timeout: float,
    host_interval: float | None,
    max_new_items: int,
    quiet: bool,
    example_origin: str | None,
) -> None:
    from storybrief.cli import err_console
    from storybrief.errors import OptionError, StorybriefError
    from storybrief.feed.following import load_states, save_states
    from storybrief.follow import FetchLimits, Follower, Subscription, read_subscriptions

    try:
        from storybrief.feed.syndicate import parse_duration  # lazy: a fast --help

        interval = parse_duration(every, "--every")
        if interval < 1:
            raise OptionError(f"--every {every}: at least 1s")
    except StorybriefError as err:
        raise _fail(err) from None
    limits = FetchLimits(
        total_timeout=timeout,
        read_timeout=min(FetchLimits.read_timeout, timeout),
        connect_timeout=min(FetchLimits.connect_timeout, timeout),
        per_host_interval=1.0 if host_interval is None else host_interval,
    )
    # SIGINT/SIGTERM ask to stop: the handler only sets a flag (no exception inside a poll or
    # a database transaction); the poll under way finishes, is stored, and follow exits 130.
    # A second signal stops at once (what that poll fetched is fetched again next run).
    polls = 0
    last_ok = True
    with stop_signals("the polls made so far are stored") as signals:
        subs = read_subscriptions(source, warn=_warn)
        if example_origin:  # the example's OPML names port 8765; it may be served elsewhere
            prefix = f"http://127.0.0.1:{EXAMPLE_PORT}"
            subs = [Subscription(s.url.replace(prefix, example_origin, 1), s.title) for s in subs]
        names = {s.url: s.title for s in subs}
        from storybrief.feed.feed import BATCH_SIZE

        feed = _open(db, batch_size=BATCH_SIZE)  # follow writes: created if absent
        try:
            states = load_states(feed.store)
            with Follower(limits, max_new_items=max_new_items) as follower:
                while not signals.stopping:
                    polls += 1
                    started = time.perf_counter()
                    articles, new_state, outcomes = follower.poll(subs, states)
                    total = feed.add(articles, outcomes=False)
                    save_states(feed.store, {s.url: new_state[s.url] for s in subs}, names)
                    states = new_state
                    _report(outcomes, total, polls, time.perf_counter() - started, quiet)
                    last_ok = any(o.status != "failed" for o in outcomes)
                    if once or signals.stopping:
                        break
                    next_at = datetime.now(UTC) + timedelta(seconds=interval)
                    if not quiet:
                        err_console.print(
                            f"follow: next poll at {next_at:%Y-%m-%d %H:%M:%S} UTC",
                            highlight=False,
                            markup=False,
                        )
                    deadline = time.monotonic() + interval
                    while not signals.stopping and time.monotonic() < deadline:
                        time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
        finally:
            feed.close()
    if once and not last_ok:
        from storybrief.cli import fail

        raise fail("no feed could be read (every one failed; see above)", ALL_FAILED)


def _report(
    outcomes: list[FeedOutcome], total: AddResult, poll: int, seconds: float, quiet: bool
) -> None:
    from storybrief.cli import err_console

    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.status] = counts.get(o.status, 0) + 1
        if o.status == "failed":
            _warn(o.line())
        elif not quiet:
            err_console.print(f"follow: {o.line()}", highlight=False, markup=False, soft_wrap=True)
    parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    err_console.print(
        f"follow: poll {poll}: {_n(len(outcomes), 'feed')} ({parts}); "
        f"{_n(total.read, 'new item')}: {total.added:,} added "
        f"({_n(total.new_stories, 'new story', 'new stories')}), "
        f"{_n(total.copies, 'copy', 'copies')}, {total.junk:,} junk, "
        f"{total.duplicates:,} already stored; {_n(total.digests, 'digest')} updated; "
        f"{seconds:.1f} s",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


def subscriptions(
    db: DbOption = ...,  # type: ignore[assignment]
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table, or json (one feed a line).")
    ] = ListFormat.table,
) -> None:
    """List the followed feeds and their fetch state (URL order)."""
    import json

    from storybrief.feed.following import subscription_rows

    rows = _read(db, lambda feed: subscription_rows(feed.store))
    if output_format is ListFormat.json:
        for row in rows:
            record = {k: v for k, v in row.items() if k not in ("seen_ids", "updated_at")}
            record["recent_items"] = len(row["seen_ids"])
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=f"{_n(len(rows), 'feed')}", expand=True)
    table.add_column("feed", ratio=1, overflow="fold")
    table.add_column("items", justify="right")
    table.add_column("last success", no_wrap=True)
    table.add_column("errors", justify="right")
    table.add_column("last error", ratio=1)
    for row in rows:
        name = row["title"] or row["name"] or ""
        table.add_row(
            escape(f"{name}\n{row['url']}" if name else row["url"]),
            f"{row['items_seen']:,}",
            (row["last_success"] or "never").replace("T", " "),
            str(row["error_count"]),
            escape(row["last_error"] or ""),
        )
    Console(highlight=False).print(table)
