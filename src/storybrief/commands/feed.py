"""``storybrief feed ingest|stories|show``: live stories from a stream of articles (README,
"Live stories"; the work is done by :mod:`storybrief.feed`).

Over 500 lines because it is the feed's whole command-line surface: three commands whose
options, help, progress, exit codes and renderings of a story are read together; ``feed
follow`` and ``feed export`` live apart (:mod:`storybrief.commands.follow`,
:mod:`storybrief.commands.feed_export`)."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from storybrief.cli import QuietOption

if TYPE_CHECKING:
    from storybrief.feed import AddResult, Feed, Story

feed_app = typer.Typer(
    name="feed",
    help="Live stories: ingest a stream of articles into a store, read its stories.",
    no_args_is_help=True,
)

DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        help="Store: a SQLite file (created if absent) or postgresql://USER@HOST/DB.",
        show_default=False,
    ),
]

StatusOption = Annotated[
    str | None, typer.Option(help="Only stories with this status: open or quiet.")
]


def check_status(status: str | None) -> None:
    """``--status`` (``StatusOption``) is open, quiet or not given; else an
    :class:`~storybrief.errors.OptionError` (exit 2)."""
    if status not in (None, "open", "quiet"):
        from storybrief.errors import OptionError

        raise OptionError(f"--status must be open or quiet (got {status!r})")


class ListFormat(StrEnum):
    table = "table"
    json = "json"


class ShowFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


def register(app: typer.Typer) -> None:
    app.add_typer(feed_app, name="feed")


def _open(db: str, settings: dict[str, Any] | None = None, batch_size: int | None = None) -> Feed:
    """The store for ``feed ingest`` (``batch_size`` given: created if absent), else opened
    read-only: ``feed stories`` and ``feed show`` never create or change a store."""
    from storybrief.feed import Feed

    if batch_size is None:
        return Feed(db, settings=settings, read_only=True)
    return Feed(db, settings=settings, batch_size=batch_size)


_T = TypeVar("_T")


def _read(db: str, query: Callable[[Feed], _T]) -> _T:
    """``query`` of the store at ``db``, opened read-only and closed after; a store error (no
    such store, unknown story) ends the command with its one-line error."""
    from storybrief.errors import StorybriefError

    try:
        with _open(db) as feed:
            return query(feed)
    except StorybriefError as err:
        raise _fail(err) from None


def _fail(err: Exception) -> typer.Exit:
    """One line on stderr and the error's exit code (brackets in it shown as they are)."""
    from storybrief.cli import fail

    return fail(err)


def _warn(message: str) -> None:
    from storybrief.cli import warn

    warn(message)


class StopSignals:
    """What :func:`stop_signals` shares with its block: ``stopping`` once SIGINT or SIGTERM
    came; set ``reading`` while a signal may stop the block at once (no transaction open)."""

    stopping = False
    reading = False


@contextmanager
def stop_signals(stored: str) -> Iterator[StopSignals]:
    """Run a writing command's block with SIGINT/SIGTERM as a request to stop: the handler
    sets ``stopping`` (the block checks it between its steps), and raises
    :class:`KeyboardInterrupt` for a second signal or while ``reading``.  Stopped, the block's
    work so far is kept and the command says so (``interrupted: {stored}``) and exits 130;
    a storybrief or OS error is one line with its exit code."""
    from storybrief.cli import err_console
    from storybrief.errors import StorybriefError

    flag = StopSignals()

    def on_signal(*_: Any) -> None:
        if flag.stopping or flag.reading:
            flag.stopping = True
            raise KeyboardInterrupt
        flag.stopping = True

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield flag
    except KeyboardInterrupt:
        flag.stopping = True
    except (StorybriefError, OSError) as err:
        raise _fail(err) from None
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if flag.stopping:
        err_console.print(f"interrupted: {stored}", highlight=False)
        raise typer.Exit(130)


class _Progress:
    """A live bar on a terminal (articles, articles/s, stories open); elsewhere a line every
    ``every`` seconds."""

    def __init__(self, enabled: bool, every: float = 10.0):
        from storybrief.cli import err_console

        self.console = err_console
        self.start = time.perf_counter()
        self.last = self.start
        self.every = every
        self.live = None
        self.task = None
        if enabled and err_console.is_terminal:
            from rich.progress import (
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self.live = Progress(
                SpinnerColumn(),
                TextColumn("{task.completed:,} articles"),
                TextColumn("{task.fields[rate]:.1f} articles/s"),
                TextColumn("{task.fields[open]:,} stories open"),
                TextColumn("{task.fields[junk]:,} junk, {task.fields[copies]:,} copies"),
                TimeElapsedColumn(),
                console=err_console,
                transient=True,
            )
            self.live.start()
            self.task = self.live.add_task("ingest", rate=0.0, open=0, junk=0, copies=0)
        self.enabled = enabled

    def update(self, total: AddResult) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        rate = total.read / max(now - self.start, 1e-9)
        if self.live is not None:
            self.live.update(
                self.task,
                completed=total.read,
                rate=rate,
                open=total.open_stories,
                junk=total.junk,
                copies=total.copies,
            )
        elif now - self.last >= self.every:
            self.last = now
            self.console.print(
                f"feed: {total.read:,} articles, {rate:.1f} articles/s, "
                f"{total.open_stories:,} stories open",
                highlight=False,
                markup=False,
            )

    def stop(self) -> None:
        if self.live is not None:
            self.live.stop()


@feed_app.command()
def ingest(
    source: Annotated[
        str | None,
        typer.Argument(
            help="JSON lines file (.gz/.xz ok), a folder of .txt/.html articles, or - for "
            "standard input.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = ...,  # type: ignore[assignment]
    follow: Annotated[
        bool, typer.Option("--follow", "-F", help="Keep reading a growing file or folder.")
    ] = False,
    poll: Annotated[
        float, typer.Option(min=0.05, help="Seconds between checks for new data (--follow).")
    ] = 1.0,
    example: Annotated[
        bool, typer.Option("--example", help="Ingest the built-in example stream.")
    ] = False,
    batch_size: Annotated[
        int,
        typer.Option(
            "--batch-size", min=1, help="Articles per commit (digests recomputed once per batch)."
        ),
    ] = 1000,
    skip_bad: Annotated[
        bool, typer.Option("--skip-bad", help="Skip malformed lines instead of stopping.")
    ] = False,
    quiet: QuietOption = False,
    threshold: Annotated[
        float | None,
        typer.Option(
            min=0.0, max=1.0, help="Similarity to join a story (new store only; default 0.2)."
        ),
    ] = None,
    linker: Annotated[
        str | None,
        typer.Option(
            help="How an article is placed: rule (centroid cosine) or learned (new store only).",
        ),
    ] = None,
    quiet_days: Annotated[
        float | None,
        typer.Option(min=0.0, help="Days without articles before a dated story goes quiet (7)."),
    ] = None,
    quiet_articles: Annotated[
        int | None,
        typer.Option(
            min=1, help="Arrivals without articles before an undated story goes quiet (10,000)."
        ),
    ] = None,
    max_words: Annotated[
        int | None, typer.Option("--max-words", "-w", min=1, help="Digest length in words (150).")
    ] = None,
    method: Annotated[
        str | None, typer.Option("--method", "-m", help="Digest scoring method (default).")
    ] = None,
) -> None:
    """Read articles, in arrival order, into the store at --db.

    Each article joins a story or opens one, and the digests of changed stories are
    recomputed.  Running it again on the same articles changes nothing; a run stopped at any
    moment can simply be run again.
    """
    from storybrief.cli import err_console, fail
    from storybrief.feed.sources import example_stream, read_articles

    if example:
        if source is not None:
            raise fail("give either SOURCE or --example, not both", 2)
        source = str(example_stream())
    if source is None:
        raise fail("missing SOURCE (a JSON lines file, a folder or -); try --example", 2)
    if linker is not None and linker not in ("rule", "learned"):
        raise fail(f"--linker must be rule or learned, not {linker!r}", 2)
    settings = {
        k: v
        for k, v in {
            "threshold": threshold,
            "linker": linker,
            "quiet_days": quiet_days,
            "quiet_articles": quiet_articles,
            "digest_words": max_words,
            "method": method,
        }.items()
        if v is not None
    }

    # SIGINT/SIGTERM ask to stop: the articles read so far are committed and ingest exits 130.
    # Between articles the handler only sets a flag, checked between articles and while
    # following, so no exception lands inside a database transaction; while an article is
    # being read (no transaction is open then: a long line, a slow pipe) it stops at once, as
    # does a second signal.
    def until_stopped(articles: Any) -> Any:
        items = iter(articles)
        while not signals.stopping:
            signals.reading = True
            try:
                article = next(items)
            except StopIteration:
                return
            finally:
                signals.reading = False
            if signals.stopping:
                return
            yield article

    start = time.perf_counter()
    total = None
    with stop_signals("the articles read so far are stored") as signals:
        feed = _open(db, settings or None, batch_size)
        progress = _Progress(not quiet)
        articles = read_articles(
            source,
            follow=follow,
            poll=poll,
            skip_bad=skip_bad,
            warn=_warn,
            stop=lambda: signals.stopping,
        )
        try:
            total = feed.add(
                until_stopped(articles), on_batch=progress.update, outcomes=False, warn=_warn
            )
        finally:
            progress.stop()
            feed.close()
    seconds = time.perf_counter() - start
    err_console.print(_summary_line(total, seconds), highlight=False, markup=False, soft_wrap=True)


def _summary_line(total: AddResult | None, seconds: float) -> str:
    if total is None:
        return "feed: nothing read"
    rate = total.read / seconds if seconds > 0 else 0.0
    return (
        f"feed: {_n(total.read, 'article')} read: {total.added:,} added "
        f"({_n(total.new_stories, 'new story', 'new stories')}), "
        f"{_n(total.copies, 'copy', 'copies')}, {total.junk:,} junk, "
        f"{total.duplicates:,} already stored; {_n(total.open_stories, 'story', 'stories')} open; "
        f"{_n(total.digests, 'digest')} updated; {seconds:.1f} s, {rate:.1f} articles/s"
    )


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def story_record(story: Story) -> dict[str, Any]:
    """The JSON line of ``feed stories --format json``."""
    return {
        "id": story.id,
        "articles": story.articles,
        "updated": story.updated,
        "summary": story.summary,
        "title": story.title,
        "status": story.status,
        "n_articles": story.n_articles,
        "copies": story.copies,
        "sources": story.sources,
        "first_published": story.first_published,
        "last_published": story.last_published,
        "digest_version": story.digest_version,
    }


@feed_app.command()
def stories(
    db: DbOption = ...,  # type: ignore[assignment]
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table, or json (one story a line).")
    ] = ListFormat.table,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many stories.")] = None,
    status: StatusOption = None,
) -> None:
    """List the stories, the ones that grew last first."""
    import json

    from storybrief.errors import StorybriefError

    try:
        check_status(status)
    except StorybriefError as err:
        raise _fail(err) from None
    found = _read(db, lambda feed: feed.stories(limit=limit, status=status))
    if output_format is ListFormat.json:
        out = sys.stdout
        for s in found:
            out.write(json.dumps(story_record(s), ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    from storybrief.cli import out_console

    table = Table(title=f"{len(found)} stories", show_lines=False, expand=True)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("last article", no_wrap=True)
    table.add_column("articles", justify="right")
    table.add_column("sources", justify="right")
    table.add_column("status")
    table.add_column("story", ratio=1)
    for s in found:
        when = (s.last_published or "")[:16].replace("T", " ") or "-"
        head = s.title or ""
        text = s.text
        snippet = (text[:140] + " ...") if len(text) > 140 else text
        table.add_row(
            str(s.id),
            when,
            f"{s.n_articles}" + (f"+{s.n_copies}" if s.n_copies else ""),
            str(len(s.sources)),
            s.status,
            f"[bold]{_escape(head)}[/bold]\n{_escape(snippet)}" if snippet else _escape(head),
        )
    out_console(highlight=False).print(table)


def _escape(text: str) -> str:
    """Text from the input as a Rich table cell: no markup, no escape sequences."""
    from rich.markup import escape

    from storybrief.text.terminal import terminal_safe

    return escape(terminal_safe(text))


@feed_app.command()
def show(
    story_id: Annotated[int, typer.Argument(metavar="STORY", help="Story id (feed stories).")],
    db: DbOption = ...,  # type: ignore[assignment]
    output_format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="text, markdown or json.")
    ] = ShowFormat.text,
) -> None:
    """Show one story: digest, sources, timeline, versions, assignments.

    The digest has [n] citations (n = the digest's article number); the assignments say why
    each article joined (its similarity to the story and to the runner-up).
    """
    import json

    story = _read(db, lambda feed: feed.story(story_id))
    if output_format is ShowFormat.json:
        sys.stdout.write(json.dumps(story.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    sys.stdout.write(render_story(story, markdown=output_format is ShowFormat.markdown))


def render_story(story: Story, markdown: bool = False) -> str:
    """A story as text or Markdown: the digest with ``[n]`` citations (n = the digest's
    article number) and its sources, as ``summarize`` writes them
    (:func:`storybrief.pipeline.render.stored_text`, ``stored_markdown``), then the story's
    outlets, timeline, digest versions and assignments.

    Titles, sources, ids, urls and sentences come from the articles: in Markdown they go
    through the same escaping as ``summarize --format markdown`` (``md_escape``; a link only
    for a url that ``safe_url`` accepts, through ``md_link``), and in both forms through
    ``terminal_safe`` (no escape sequences reach a terminal)."""
    from storybrief.pipeline.render import md_escape, md_link, stored_markdown, stored_text
    from storybrief.text.terminal import terminal_safe

    def t(value: Any) -> str:  # one field from the input, safe for the chosen form
        clean = terminal_safe("" if value is None else value, one_line=True)
        return md_escape(clean) if markdown else clean

    def link(label: Any, url: Any) -> str:
        label = terminal_safe("" if label is None else label, one_line=True)
        if not markdown:
            return label
        return md_link(label, terminal_safe(url, one_line=True) if url else None)

    summary = story.summary or {}
    h1, h2 = ("# ", "## ") if markdown else ("", "")
    copies = f" + {_n(story.n_copies, 'copy', 'copies')}" if story.n_copies else ""
    lines = [
        f"{h1}Story {story.id}: {t(story.title) if story.title else '(untitled)'}",
        "",
        f"{story.status}, {_n(story.n_articles, 'article')}{copies}, "
        f"{_n(len(story.sources), 'source')}; "
        f"first {t((story.first_published or '-')[:16])}, "
        f"latest {t((story.last_published or '-')[:16])}; "
        f"digest version {story.digest_version}, updated {story.updated[:19]}",
        "",
    ]
    if markdown:
        lines += stored_markdown(summary)
    else:
        lines.append(stored_text(summary) or "(no digest: nothing summarizable in these articles)")
    # the digest lists its sources (the articles it cites); these are the story's outlets
    lines += ["", f"{h2}Outlets" if markdown else "Outlets:"]
    lines.append(", ".join(f"{t(s['source'])} ({s['articles']})" for s in story.sources))
    lines += ["", f"{h2}Timeline" if markdown else "Timeline:"]
    for e in story.timeline or []:
        marks = [
            m
            for m, on in (
                ("first report", e["first_report"]),
                ("latest development", e["latest_development"]),
            )
            if on
        ]
        when = t((e.get("time") or "")[:16].replace("T", " ")) or "-"
        also = ""
        if e["copies"]:
            also = " (also: " + ", ".join(t(c["source"] or c["id"]) for c in e["copies"]) + ")"
        mark = (
            f" **{', '.join(marks)}**"
            if markdown and marks
            else (f"  <{', '.join(marks)}>" if marks else "")
        )
        title = link(e.get("title") or e["id"], e.get("url"))
        lines.append(f"- {when}  {t(e.get('source') or '?')}: {title}{also}{mark}")
    lines += ["", f"{h2}Digest versions" if markdown else "Digest versions:"]
    for v in story.versions or []:
        c = v["changes"]
        lines.append(
            f"- v{v['version']} {v['created_at'][:19]}: {v['n_articles']} articles; "
            f"+{len(c['added_articles'])} articles in, -{len(c['dropped_articles'])} out; "
            f"+{len(c['added_sentences'])}/-{len(c['dropped_sentences'])} sentences"
        )
    lines += ["", f"{h2}Assignments" if markdown else "Assignments:"]
    for a in story.assignments or []:
        sim = "-" if a["similarity"] is None else f"{a['similarity']:.3f}"
        runner = (
            "none"
            if a["runner_up"] is None
            else f"story {a['runner_up']} at {a['runner_up_similarity']:.3f}"
        )
        lines.append(f"- {t(a['id'])}: {a['decision']}, similarity {sim}, runner-up {runner}")
    return "\n".join(lines) + "\n"
