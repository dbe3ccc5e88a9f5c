"""Where a feed store is and what can go wrong with it: database URLs and :class:`StoreError`.

A store is SQLite (one file, the default) or PostgreSQL.  Its tables are in
:mod:`storybrief.feed.schema`, its connections and every query in
:mod:`storybrief.feed.repository`; this module has no SQL, so the commands can parse a
``--db`` and report a store's error without loading SQLAlchemy.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from storybrief.errors import OptionError, StorybriefError


class StoreError(StorybriefError):
    """The store cannot be opened, read or written (exit code 3)."""

    exit_code = 3


def database_url(db: str | os.PathLike[str], must_exist: bool = False) -> str:
    """A SQLAlchemy URL for ``db``: a URL as given (``postgresql://`` uses psycopg 3), else a
    SQLite file path (``must_exist``: a missing file is an error, not a new store)."""
    text = os.fspath(db)
    if "://" not in text:
        path = Path(text).expanduser()
        if path.is_dir():
            raise StoreError(f"--db {text}: is a folder; give a database file")
        if must_exist and not path.exists():
            raise StoreError(f"--db {text}: no such feed store (feed ingest creates one)")
        if not path.parent.exists():
            raise StoreError(f"--db {text}: folder {path.parent} does not exist")
        return f"sqlite:///{path.resolve()}"
    scheme = text.split("://", 1)[0].lower()
    if scheme in ("postgresql", "postgres"):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if scheme.startswith(("postgresql+", "sqlite")):
        return text
    raise OptionError(
        f"--db {text}: unsupported database (use a file path, sqlite:///PATH or "
        "postgresql://USER@HOST/DB)"
    )


def reason(err: Exception) -> str:
    """One line from a driver error (SQLAlchemy wraps it with SQL and a link)."""
    orig = getattr(err, "orig", None)
    text = str(orig if orig is not None else err).strip().splitlines()
    return text[0] if text else type(err).__name__


def dumps(value: Any) -> str:
    """JSON as the store keeps it: compact, not ASCII-escaped."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
