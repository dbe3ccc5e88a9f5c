"""``storybrief serve``: the web app and HTTP API (README, "Web app")."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0 = any free one).")] = 8000,
    save_db: Annotated[
        Path | None,
        typer.Option(
            "--save-db",
            help='SQLite file where requests with "save": true are stored (created if absent). '
            "Without it nothing is kept between requests.",
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Feed store (storybrief feed ingest --db): adds the stories page /stories and "
            "/api/stories.",
        ),
    ] = None,
    max_body_bytes: Annotated[
        int, typer.Option(min=1, help="Largest request body in bytes (413 beyond).")
    ] = 10_000_000,
    max_documents: Annotated[
        int, typer.Option(min=1, help="Most documents in one request (413 beyond).")
    ] = 100,
    max_document_chars: Annotated[
        int, typer.Option(min=1, help="Most characters in one document (413 beyond).")
    ] = 200_000,
    max_words: Annotated[
        int, typer.Option(min=1, help="Largest max_words a request may ask for (422 beyond).")
    ] = 2_000,
    timeout: Annotated[
        float, typer.Option(min=0.001, help="Seconds one summary may take (504 beyond).")
    ] = 30.0,
    workers: Annotated[int, typer.Option(min=1, help="Summaries computed at once.")] = 2,
    queue: Annotated[
        int, typer.Option(min=0, help="Requests that may wait for a worker (503 beyond).")
    ] = 16,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Start the web app and HTTP API (needs the web extra; see README, "Web app")."""
    try:
        from storybrief.web.app import Limits, create_app
        from storybrief.web.server import run
    except ImportError as err:
        typer.echo(
            f'error: the web app needs extra packages ({err.name} is missing): pip install "storybrief[web]"',
            err=True,
        )
        raise typer.Exit(2) from None
    limits = Limits(
        max_body_bytes=max_body_bytes,
        max_documents=max_documents,
        max_document_chars=max_document_chars,
        max_words=max_words,
        timeout_s=timeout,
        workers=workers,
        queue=queue,
    )
    if db is not None:  # fail on a bad --db before the server starts (issue 11)
        from storybrief.errors import StorybriefError
        from storybrief.feed import Feed

        try:
            Feed(db).close()
        except StorybriefError as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(err.exit_code) from None
    try:
        application = create_app(limits, save_db=save_db, feed_db=db)
    except Exception as err:  # e.g. an unwritable --save-db path
        typer.echo(f"error: cannot start: --save-db {save_db}: {err}", err=True)
        raise typer.Exit(3) from None
    typer.echo(f"storybrief web app on http://{host}:{port}/  (API docs: /docs)", err=True)
    if db is not None:
        typer.echo(f"live stories of {db} on http://{host}:{port}/stories", err=True)
    run(application, host=host, port=port, log_level=log_level)
