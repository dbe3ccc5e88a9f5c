"""``storybrief serve``: the web app and HTTP API (README, "Web app")."""

from __future__ import annotations

from dataclasses import fields
from typing import Annotated, Any, TypeVar

import typer

_Settings = TypeVar("_Settings")


def register(app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0 = any free one).")] = 8000,
    save_db: Annotated[
        str | None,
        typer.Option(
            "--save-db",
            help="SQLite file (created if absent), sqlite:///PATH or postgresql://USER@HOST/DB "
            'where requests with "save": true are stored. Without it nothing is kept between '
            "requests.",
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
    timeout_s: Annotated[
        float,
        typer.Option("--timeout", min=0.001, help="Seconds one summary may take (504 beyond)."),
    ] = 30.0,
    workers: Annotated[int, typer.Option(min=1, help="Summaries computed at once.")] = 2,
    queue: Annotated[
        int, typer.Option(min=0, help="Requests that may wait for a worker (503 beyond).")
    ] = 16,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="Host name clients may use besides 127.0.0.1, localhost, ::1 and --host "
            "(repeatable; '*' for any). Other names get 400 (a DNS-rebinding guard).",
        ),
    ] = None,
    header_timeout_s: Annotated[
        float,
        typer.Option(
            "--header-timeout",
            min=0.001,
            help="Seconds a client may take to send its headers (408).",
        ),
    ] = 10.0,
    body_timeout_s: Annotated[
        float,
        typer.Option(
            "--body-timeout",
            min=0.001,
            help="Seconds a client may take to send its body (closed).",
        ),
    ] = 60.0,
    max_connections: Annotated[
        int, typer.Option(min=1, help="Connections served at once (503 beyond).")
    ] = 100,
    max_pending_body_bytes: Annotated[
        int,
        typer.Option(min=1, help="Bytes of request bodies read at once, all together (503)."),
    ] = 40_000_000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Start the web app and HTTP API (needs the web extra; see README, "Web app")."""
    from storybrief.cli import fail

    try:
        from storybrief.web.app import Limits, create_app
        from storybrief.web.security import allowed_host_names
        from storybrief.web.server import ServerLimits, bind, is_loopback, run, server_config
    except ImportError as err:
        raise fail(
            f"the web app needs extra packages ({err.name} is missing): "
            'pip install "storybrief[web]"',
            2,
        ) from None
    # the limit options are named after the fields of Limits and ServerLimits (their flags
    # may differ: --timeout is timeout_s), so each limit is taken from its option by name
    limits = _settings(Limits, ctx.params)
    server_limits = _settings(ServerLimits, ctx.params)
    if db is not None:  # fail on a bad --db before the server starts (issue 11)
        from storybrief.errors import StorybriefError
        from storybrief.feed import Feed

        try:
            Feed(db).close()
        except StorybriefError as err:
            raise fail(err) from None
    hosts = allowed_host_names(host, allowed_host or ())
    try:
        application = create_app(limits, save_db=save_db, feed_db=db, allowed_hosts=hosts)
    except Exception as err:  # e.g. an unwritable --save-db path
        raise fail(f"cannot start: --save-db {save_db}: {err}", 3) from None
    try:  # bind first: a taken port is an error before any banner says the server runs
        sock = bind(host, port)
    except OSError as err:
        raise fail(f"cannot listen on {host}:{port}: {err.strerror or err}", 3) from None
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    if not is_loopback(host):
        typer.echo(
            f"warning: listening on {host}: this server has no authentication; anyone who "
            "can reach this address can use it and read saved summaries. Keep it on "
            "127.0.0.1 or behind a proxy that authenticates; clients must use a name "
            "given with --allowed-host.",
            err=True,
        )
    typer.echo(f"storybrief web app on http://{shown}:{port}/  (API docs: /docs)", err=True)
    if db is not None:
        typer.echo(f"live stories of {db} on http://{shown}:{port}/stories", err=True)
    run(server_config(application, host, port, log_level, server_limits), sock)


def _settings(cls: type[_Settings], options: dict[str, Any]) -> _Settings:
    """``cls`` (a dataclass of limits) with each field that an option of the same name gives
    set from it; a field no option gives (``ServerLimits.keep_alive_s``) keeps its default."""
    given = {f.name: options[f.name] for f in fields(cls) if f.name in options}  # type: ignore[arg-type]
    return cls(**given)
