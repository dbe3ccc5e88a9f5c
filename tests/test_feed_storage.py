"""The feed's SQL has one home: tables in ``feed/schema.py``, queries in ``feed/repository.py``;
and the tables stay what stores on disk have.

Every other module decides and calls the repository's named methods; none imports
SQLAlchemy, builds a statement, executes one, reaches a table's columns or holds SQL text.
The scan reads the sources (as ``tests/test_layering.py`` does for imports), so a query added
anywhere else fails here with its file and line.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path

import pytest

from storybrief.feed import Feed

PILOTS = (
    "Harbor pilots in Port Ellery went on strike on Wednesday over night-shift pay, halting "
    "traffic through the port. Union leader Ines Moreau said 42 pilots walked out at midnight. "
    "The port authority said ships would wait at anchor outside the harbor."
)

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "storybrief"
FEED = PACKAGE / "feed"
HOMES = {"schema.py", "repository.py"}
TABLES = re.compile(
    r"\bfeed_(meta|articles|copies|keys|stories|digests|subscriptions)\b"  # the schema's names
)
SQL_TEXT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|BEGIN)\b")
STATEMENTS = {"select", "insert", "update", "delete", "text", "func", "and_", "or_"}
# methods of SQLAlchemy connections, results and statements that nothing else in feed/ has
# (not ``where``: numpy's; not ``update``/``insert``: a dict's and a list's)
DATABASE_CALLS = {
    "execute",
    "exec_driver_sql",
    "scalar",
    "scalar_one",
    "scalar_one_or_none",
    "scalars",
    "mappings",
    "select_from",
    "outerjoin",
    "order_by",
    "create_all",
}


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (prose may name a table)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def violations(path: Path) -> list[str]:
    """Every place in ``path`` that speaks SQL, as ``file:line: what``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    rel = path.relative_to(PACKAGE)
    found = []

    def bad(node: ast.AST, what: str) -> None:
        found.append(f"{rel}:{node.lineno}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "sqlalchemy":
                    bad(node, f"imports {a.name}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
            bad(node, f"imports from {node.module}")
        elif isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id in STATEMENTS:
                bad(node, f"calls {f.id}(...)")
            elif isinstance(f, ast.Attribute) and f.attr in DATABASE_CALLS:
                bad(node, f"calls .{f.attr}(...)")
        elif isinstance(node, ast.Attribute) and node.attr in ("c", "t"):
            bad(node, f"reaches .{node.attr} (a table's columns, or the tables)")
        elif (
            isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
        ):
            if SQL_TEXT.search(node.value):
                bad(node, f"SQL text {node.value[:40]!r}")
            elif TABLES.search(node.value):
                bad(node, f"names a table in {node.value[:40]!r}")
    return found


def _outside() -> list[Path]:
    """Every module of the package but the two homes of the feed's SQL."""
    return sorted(p for p in PACKAGE.rglob("*.py") if not (p.parent == FEED and p.name in HOMES))


@pytest.mark.parametrize(
    "path", sorted(p for p in FEED.glob("*.py") if p.name not in HOMES), ids=lambda p: p.name
)
def test_the_feed_speaks_sql_only_in_its_schema_and_repository(path: Path) -> None:
    assert violations(path) == []


def test_no_module_outside_the_feed_names_its_tables() -> None:
    # the web app's saved summaries use SQLAlchemy on their own tables: allowed, but the
    # feed's tables are reached through the repository only
    named = [
        v for p in _outside() if p.parent != FEED for v in violations(p) if "names a table" in v
    ]
    assert named == []


def test_the_scan_finds_the_sql_where_it_lives() -> None:
    """The scan is not blind: the repository's queries, its lock statement and the schema's
    table names are all seen."""
    found = "\n".join(violations(FEED / "repository.py"))
    for what in ("imports from sqlalchemy", "calls select(...)", "calls .execute(...)", "PRAGMA"):
        assert what in found
    assert "names a table" in "\n".join(violations(FEED / "schema.py"))


# schema "1" as stores on disk have it: a store written before the repository must still open
SCHEMA_1 = {
    "feed_meta": ["key", "value"],
    "feed_articles": [
        "seq", "id", "url", "title", "source", "date", "published", "clock", "time_key",
        "arrived_at", "text", "body", "headline", "content_hash", "story_id", "decision",
        "similarity", "runner_up", "runner_up_similarity", "junk", "junk_reasons", "vector",
        "extra",
    ],
    "feed_copies": [
        "seq", "id", "article_seq", "url", "title", "source", "date", "published", "arrived_at",
        "content_hash", "similarity", "text",
    ],
    "feed_keys": ["key", "seq"],
    "feed_stories": [
        "id", "status", "title", "first_seq", "last_seq", "n_articles", "n_copies",
        "first_published", "last_published", "created_at", "updated_at", "digest_version",
    ],
    "feed_digests": [
        "story_id", "version", "created_at", "n_articles", "article_seqs", "text", "summary",
        "changes",
    ],
    "feed_subscriptions": [
        "url", "name", "title", "etag", "last_modified", "last_attempt", "last_success",
        "last_error", "error_count", "items_seen", "seen_ids", "retry_after", "updated_at",
    ],
}  # fmt: skip


def _columns(db: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(db)
    try:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: [r[1] for r in con.execute(f"PRAGMA table_info({n})")] for n in names}
    finally:
        con.close()


def test_a_new_store_has_the_tables_and_columns_of_schema_1(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    Feed(db).close()
    assert _columns(db) == SCHEMA_1


def test_a_store_made_before_an_additive_table_opens_and_gets_it(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    with Feed(db) as feed:
        feed.add([{"id": "a1", "text": PILOTS, "date": "2026-04-01T08:00:00Z"}])
    con = sqlite3.connect(db)
    con.execute("DROP TABLE feed_subscriptions")  # as a store made before issue 19 was
    con.commit()
    con.close()
    with Feed(db) as feed:  # opened for writing: the table is added in place
        assert feed.counts()["articles"] == 1 and feed.story(1).articles == ["a1"]
    assert _columns(db) == SCHEMA_1
    with Feed(db, read_only=True) as feed:
        assert feed.assignments() == {"a1": 1}
