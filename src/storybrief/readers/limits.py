"""Every byte cap of the input layer, in one place (README, "Input limits").

The readers look these up at call time (``limits.MAX_LINE_BYTES``), so a test can lower one
for a run; the feed (:mod:`storybrief.feed.sources`), the batch engines
(:mod:`storybrief.engines.jobs`) and the web uploads read through the same caps.
"""

from __future__ import annotations

MAX_FILE_BYTES = 5_000_000
"""Bytes read from one article (file, FIFO or standard input); the rest is left unread."""
MAX_LINE_BYTES = 50_000_000
"""Bytes of one JSONL / Multi-News line (one cluster, or one feed article); a longer line is an
error (exit 4), found while reading: the line is never held past this cap."""
MAX_SKIP_BYTES = 500_000_000
"""An over-long line skipped with ``--skip-bad`` (or by ``batch``) is read on (and dropped) up
to this many bytes looking for its end; a stream with no line break that long is not
line-based: exit 4."""
MAX_LEADING_BAD_LINES = 1_000
"""With ``--skip-bad``, a stream whose first this-many lines are all malformed is not JSONL:
exit 4 rather than skipping an endless stream of garbage line by line."""
MAX_FOLDER_FILES = 10_000
"""Articles read from one folder (in name order); the rest are skipped with a warning."""
MAX_FOLDER_BYTES = 200_000_000
"""Bytes read from one folder in all; the files after the cap are skipped with a warning."""
PEEK_BYTES = 65_536
PEEK_LINES = 3
"""Format detection looks at the first ``PEEK_LINES`` non-blank lines, within ``PEEK_BYTES``
bytes (blank lines before them included)."""
