"""Dump what the feed stores for fixed streams, to check that a change to the feed's code
changes nothing stored: run it before and after, then ``cmp`` the two files.

    python benchmarks/feed_same_store.py OUT.jsonl [--ecbplus]

Streams: the built-in example stream plus ``tests/feed_texts.make_stream(n_events=12,
per_event=6, seed=3)`` in batches of 7; with ``--ecbplus`` also
``../shared/data/stories/ecbplus_dev.jsonl.gz`` in batches of 1 (a commit and digests after
every article; a few minutes).  Each line is one table row (but the wall-clock stamps
``arrived_at``, ``created_at``, ``updated_at``), then every story as ``Feed.story()`` and the
listing as ``Feed.stories(with_timeline=True)`` give them, without their stamps.  The last
line is the SQLite page count of each store.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ECBPLUS = REPO.parent / "shared" / "data" / "stories" / "ecbplus_dev.jsonl.gz"
TABLES = ("feed_meta", "feed_articles", "feed_copies", "feed_keys", "feed_stories", "feed_digests")
STAMPS = {"arrived_at", "created_at", "updated_at", "created", "updated"}


def _scrub(value):
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if k not in STAMPS}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def dump(db: Path, streams: list[list], batch_size: int, out) -> int:
    from storybrief.feed import Feed

    with Feed(db, batch_size=batch_size) as feed:
        for items in streams:
            feed.add(items, outcomes=False)
        listed = feed.stories(with_timeline=True)
        for story in listed:
            out.write(json.dumps(["story", _scrub(feed.story(story.id).to_dict())]) + "\n")
        out.write(json.dumps(["listing", _scrub([s.to_dict() for s in listed])]) + "\n")
    con = sqlite3.connect(db)
    try:
        for table in TABLES:
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] not in STAMPS]
            for row in con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1, 2"):
                cells = [c.hex() if isinstance(c, bytes) else c for c in row]
                out.write(json.dumps([table, cells], ensure_ascii=False) + "\n")
        return con.execute("PRAGMA page_count").fetchone()[0]
    finally:
        con.close()


def main() -> None:
    sys.path.insert(0, str(REPO / "tests"))
    from feed_texts import make_stream

    from storybrief.feed.sources import example_stream, read_articles

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--ecbplus", action="store_true")
    args = ap.parse_args()
    runs = [
        (
            [
                list(read_articles(str(example_stream()))),
                [{k: v for k, v in a.items() if k != "story"} for a in make_stream(12, 6, 3)],
            ],
            7,
        )
    ]
    if args.ecbplus:
        runs.append(([list(read_articles(str(ECBPLUS)))], 1))
    pages = []
    with tempfile.TemporaryDirectory() as tmp, args.out.open("w", encoding="utf-8") as out:
        for k, (streams, batch_size) in enumerate(runs):
            pages.append(dump(Path(tmp) / f"store{k}.sqlite", streams, batch_size, out))
        out.write(json.dumps(["pages", pages]) + "\n")
    print(f"{args.out}: pages {pages}")


if __name__ == "__main__":
    main()
