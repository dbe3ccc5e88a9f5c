"""Subscriptions in: OPML (nested folders), a text list of URLs, one URL (storybrief.follow)."""

from __future__ import annotations

from pathlib import Path

import pytest
from follow_docs import opml

from storybrief.errors import EmptyInputError, InputFormatError, InputNotFoundError
from storybrief.follow import Subscription, read_subscriptions


def test_opml_nested_outlines(tmp_path: Path) -> None:
    doc = opml(
        {
            "": [("Coastal Wire", "https://wire.example/rss")],
            "Local": [
                ("Ellery Gazette", "http://gazette.example/feed.xml"),
                ("Harbor Radio", "feed://radio.example/atom"),
            ],
        }
    )
    # a folder inside a folder, an xmlUrl in odd case, a duplicate, a non-feed outline
    doc = doc.replace(
        "</body>",
        '<outline text="Deep"><outline text="Deeper">'
        '<outline text="Milbrook Times" xmlurl="https://times.example/feed.json"/>'
        '<outline text="again" xmlUrl="https://wire.example/rss"/>'
        '<outline text="a web page" htmlUrl="https://example.org/"/>'
        "</outline></outline></body>",
    )
    path = tmp_path / "feeds.opml"
    path.write_text(doc, encoding="utf-8")
    assert read_subscriptions(str(path)) == [
        Subscription("https://wire.example/rss", "Coastal Wire"),
        Subscription("http://gazette.example/feed.xml", "Ellery Gazette"),
        Subscription("http://radio.example/atom", "Harbor Radio"),
        Subscription("https://times.example/feed.json", "Milbrook Times"),
    ]


def test_opml_bad_urls_are_warned_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "feeds.opml"
    path.write_text(
        opml({"": [("ftp one", "ftp://files.example/feed"), ("ok", "https://ok.example/rss")]}),
        encoding="utf-8",
    )
    warnings: list[str] = []
    assert read_subscriptions(str(path), warnings.append) == [
        Subscription("https://ok.example/rss", "ok")
    ]
    assert len(warnings) == 1 and "ftp://files.example/feed" in warnings[0]
    assert "\n" not in warnings[0]


def test_text_list_with_comments_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text(
        "# my feeds\n\nhttps://wire.example/rss\n   \n"
        "http://gazette.example/feed.xml   # the local paper\n"
        "not a url\nhttps://wire.example/rss\nhttps://example.org/page#section\n",
        encoding="utf-8",
    )
    warnings: list[str] = []
    subs = read_subscriptions(str(path), warnings.append)
    assert [s.url for s in subs] == [
        "https://wire.example/rss",
        "http://gazette.example/feed.xml",
        "https://example.org/page#section",  # a '#' inside a URL is not a comment
    ]
    assert warnings == [f"{path}:6: not an http(s) feed URL: 'not a url'; skipped"]


def test_one_url() -> None:
    assert read_subscriptions("https://wire.example/rss") == [
        Subscription("https://wire.example/rss")
    ]
    assert read_subscriptions("feed:https://wire.example/rss") == [
        Subscription("https://wire.example/rss")
    ]
    with pytest.raises(InputFormatError):
        read_subscriptions("http://")


def test_errors_are_one_line_with_exit_codes(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError) as missing:
        read_subscriptions(str(tmp_path / "nope.opml"))
    assert missing.value.exit_code == 3
    bad = tmp_path / "bad.opml"
    bad.write_text("<opml><body><outline xmlUrl='https://a.example/'></body>", encoding="utf-8")
    with pytest.raises(InputFormatError) as broken:
        read_subscriptions(str(bad))
    assert broken.value.exit_code == 4 and "not a readable OPML" in str(broken.value)
    rss = tmp_path / "feed.xml"
    rss.write_text("<rss version='2.0'><channel/></rss>", encoding="utf-8")
    with pytest.raises(InputFormatError, match="not OPML"):
        read_subscriptions(str(rss))
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n\n", encoding="utf-8")
    with pytest.raises(EmptyInputError) as nothing:
        read_subscriptions(str(empty))
    assert nothing.value.exit_code == 5
    binary = tmp_path / "x.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(InputFormatError, match="binary"):
        read_subscriptions(str(binary))
