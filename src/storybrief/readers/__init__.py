"""The input layer: every way storybrief reads articles from files, folders and streams.

* :mod:`~storybrief.readers.formats` -- the format registry (name, suffixes, how each is
  recognised, which reader reads it); a new format is one entry there;
* :mod:`~storybrief.readers.limits` -- every byte cap, in one place;
* :mod:`~storybrief.readers.stream` -- open once (gzip/xz), peek past blank lines, a line
  reader whose cap holds while reading;
* :mod:`~storybrief.readers.articles` -- bytes to an article (encodings, Markdown, HTML);
* :mod:`~storybrief.readers.clusters` -- clusters for ``summarize``, ``inspect``, ``analyze``.

The feed (:mod:`storybrief.feed.sources`), the batch engines (:mod:`storybrief.engines.jobs`)
and the web uploads read through the same modules.
"""

from storybrief.readers.articles import (
    ArticleUnreadable,
    article_from_bytes,
    article_kind,
    bytes_to_article,
    decode,
    html_date,
    html_to_text,
    is_binary,
    markdown_article,
    sniff_encoding,
)
from storybrief.readers.clusters import (
    ClusterInput,
    ReadStats,
    _parse_jsonl_line,
    malformed_json_message,
    read_clusters,
)
from storybrief.readers.formats import (
    ARTICLE_SUFFIXES,
    FORMATS,
    HTML_SUFFIXES,
    JSONL_SUFFIXES,
    MARKDOWN_SUFFIXES,
    MULTINEWS_SEP,
    TEXT_SUFFIXES,
    suffix_list,
)
from storybrief.readers.limits import (
    MAX_FILE_BYTES,
    MAX_FOLDER_BYTES,
    MAX_FOLDER_FILES,
    MAX_LEADING_BAD_LINES,
    MAX_LINE_BYTES,
    MAX_SKIP_BYTES,
    PEEK_BYTES,
    PEEK_LINES,
)
from storybrief.readers.stream import Opened, capped_lines, open_input

__all__ = [
    "ARTICLE_SUFFIXES",
    "FORMATS",
    "HTML_SUFFIXES",
    "JSONL_SUFFIXES",
    "MARKDOWN_SUFFIXES",
    "MAX_FILE_BYTES",
    "MAX_FOLDER_BYTES",
    "MAX_FOLDER_FILES",
    "MAX_LEADING_BAD_LINES",
    "MAX_LINE_BYTES",
    "MAX_SKIP_BYTES",
    "MULTINEWS_SEP",
    "PEEK_BYTES",
    "PEEK_LINES",
    "TEXT_SUFFIXES",
    "ArticleUnreadable",
    "ClusterInput",
    "Opened",
    "ReadStats",
    "_parse_jsonl_line",
    "article_from_bytes",
    "article_kind",
    "bytes_to_article",
    "capped_lines",
    "decode",
    "html_date",
    "html_to_text",
    "is_binary",
    "malformed_json_message",
    "markdown_article",
    "open_input",
    "read_clusters",
    "sniff_encoding",
    "suffix_list",
]
