"""Background document frequencies for the feed's article vectors.

An arriving article is compared with the stories seen so far, so its term weights cannot
come from the stream itself: early in a stream there is no stream, and weights that change
as the stream grows would change every stored vector.  The feed weighs terms by their
document frequency in a large, fixed news collection instead: the Multi-News *train* split
(124,854 articles; never validation or test).  Terms (:mod:`storybrief.feed.terms`) that
occur in fewer than :data:`MIN_DF` of its documents are left out of the table (they get the
idf of an unseen term, the largest: new names are the most telling words of a new story).

The table ships as ``models/feed-df-v1.json.gz`` (terms and counts only, no text).  Rebuild
it with::

    python -m storybrief.feed.idf ../shared/data/multinews/train.jsonl.xz \\
        src/storybrief/models/feed-df-v1.json.gz
"""

from __future__ import annotations

import gzip
import json
import lzma
import math
import sys
import threading
from collections import Counter
from importlib import resources
from pathlib import Path

from storybrief.feed.terms import terms

TABLE = "feed-df-v1.json.gz"
MIN_DF = 3
"""Terms in fewer background documents than this are not stored (they count as unseen)."""

_LOCK = threading.Lock()
_CACHE: dict[str, float] | None = None
_UNSEEN: float = 0.0
_N = 0


def build(train_path: str | Path, out_path: str | Path, min_df: int = MIN_DF) -> int:
    """Count, per term, the Multi-News train documents holding it; write the table."""
    df: Counter[str] = Counter()
    n = 0
    opener = lzma.open if str(train_path).endswith(".xz") else gzip.open
    with opener(train_path, "rt", encoding="utf-8") as f:
        for line in f:
            for doc in json.loads(line)["documents"]:
                df.update(set(terms(doc)))
                n += 1
    kept = {t: c for t, c in sorted(df.items()) if c >= min_df}
    payload = {
        "name": "feed-df-v1",
        "source": "Multi-News train split (truncated form), documents as given",
        "n_documents": n,
        "min_df": min_df,
        "terms": "storybrief.feed.terms.terms",
        "df": kept,
    }
    with gzip.open(out_path, "wt", encoding="utf-8", compresslevel=9) as f:
        json.dump(payload, f, ensure_ascii=False, separators=(",", ":"))
    return n


def idf_table() -> tuple[dict[str, float], float]:
    """``(idf per term, idf of an unseen term)``: smoothed ``log((1 + N) / (1 + df)) + 1``,
    loaded once per process."""
    global _CACHE, _UNSEEN, _N
    if _CACHE is None:
        with _LOCK:
            if _CACHE is None:
                path = resources.files("storybrief") / "models" / TABLE
                with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
                    payload = json.load(f)
                n = _N = payload["n_documents"]
                _UNSEEN = math.log(1.0 + n) + 1.0
                _CACHE = {
                    t: math.log((1.0 + n) / (1.0 + c)) + 1.0 for t, c in payload["df"].items()
                }
    return _CACHE, _UNSEEN


def n_documents() -> int:
    """Documents the background table was counted on."""
    idf_table()
    return _N


if __name__ == "__main__":  # pragma: no cover - build tool
    if len(sys.argv) != 3:
        sys.exit("usage: python -m storybrief.feed.idf TRAIN.jsonl.xz OUT.json.gz")
    count = build(sys.argv[1], sys.argv[2])
    print(f"{count:,} documents -> {sys.argv[2]}")
