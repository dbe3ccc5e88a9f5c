"""``storybrief feed export``: a digest of the period's stories to a file (README, "Live
stories"; rendering is :mod:`storybrief.feed.syndicate`)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from storybrief.commands.feed import DbOption, StatusOption, _fail, _read, check_status, feed_app


class ExportFormat(StrEnum):
    markdown = "markdown"
    html = "html"
    atom = "atom"
    json = "json"


def register(app: typer.Typer) -> None:
    feed_app.command("export")(export)


def export(
    db: DbOption = ...,  # type: ignore[assignment]
    since: Annotated[
        str,
        typer.Option(
            help="The period: a duration back from now (24h, 7d) or an ISO date or time; "
            "stories whose digest was written since."
        ),
    ] = "24h",
    output_format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="markdown, html, atom or json (JSON Feed)."),
    ] = ExportFormat.markdown,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write (default: standard output).", dir_okay=False
        ),
    ] = None,
    status: StatusOption = None,
    limit: Annotated[int, typer.Option(min=1, max=500, help="At most this many stories.")] = 100,
    base_url: Annotated[
        str | None,
        typer.Option(
            help="Where `storybrief serve` runs (http://host:port): Atom and JSON entries then "
            "link to the stories page."
        ),
    ] = None,
) -> None:
    """Write the period's stories, the ones with most sources first: each story's current
    digest with its citations linked to the source articles."""
    from datetime import UTC, datetime

    from storybrief.errors import OptionError, StorybriefError
    from storybrief.feed import syndicate
    from storybrief.text.links import safe_url

    try:
        now = datetime.now(UTC)
        start = syndicate.parse_since(since, now)
        check_status(status)
        if base_url is not None and not safe_url(base_url):
            raise OptionError(f"--base-url {base_url!r}: give an http(s) URL")
    except StorybriefError as err:
        raise _fail(err) from None
    entries = _read(
        db,
        lambda feed: syndicate.syndicated_stories(
            feed.store, status=status, since=start, limit=limit, order="sources"
        ),
    )
    title = f"Stories since {start:%Y-%m-%d %H:%M} UTC"
    page = base_url.rstrip("/") + "/stories" if base_url else None
    if output_format is ExportFormat.markdown:
        text = syndicate.render_markdown(entries, title)
    elif output_format is ExportFormat.html:
        text = syndicate.render_html(entries, title)
    elif output_format is ExportFormat.atom:
        text = syndicate.render_atom(entries, title=title, page_url=page)
    else:
        text = syndicate.render_json_feed(entries, title=title, page_url=page)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        raise _fail(err) from None
    from storybrief.cli import err_console

    err_console.print(
        f"feed: {len(entries)} stories written to {output}", highlight=False, markup=False
    )
