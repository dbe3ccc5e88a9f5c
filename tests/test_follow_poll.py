"""Polling feeds end to end against real servers on loopback addresses: every syndication
format, OPML, and every fault a feed or its pages can have (storybrief.follow.polling)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from follow_docs import STORIES, Story, atom, json_feed, opml, page, rss10, rss20
from follow_server import Site

from storybrief.follow import (
    AddressPolicy,
    FeedState,
    FetchLimits,
    Follower,
    poll,
    read_subscriptions,
)
from storybrief.follow.addresses import public_addresses

LIMITS = FetchLimits(
    read_timeout=2, total_timeout=5, retries=1, backoff=0.05, max_retry_wait=1, per_host_interval=0
)


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


@pytest.fixture
def follower() -> Iterator[Follower]:
    with Follower(LIMITS) as f:
        yield f


def _pages(site: Site, stories: list[Story] = STORIES, prefix: str = "/news") -> list[str]:
    urls = []
    for st in stories:
        urls.append(
            site.serve(
                f"{prefix}/{st.slug}.html", page(st), content_type="text/html; charset=utf-8"
            )
        )
    return urls


def _rss_items(site: Site, stories: list[Story] = STORIES, prefix: str = "/news") -> list[dict]:
    return [
        {
            "title": st.title,
            "link": site.url(f"{prefix}/{st.slug}.html"),
            "guid": (site.url(f"{prefix}/{st.slug}.html"), True),
            "date": st.date,
            "description": st.summary,
        }
        for st in stories
    ]


def _check_page_text(article: dict, story: Story) -> None:
    assert article["text_from"] == "page"
    for paragraph in story.paragraphs:  # the article's text, every paragraph of it
        assert paragraph in article["text"]
    for furniture in ("Subscribe to our newsletter", "All rights reserved", "Weather"):
        assert furniture not in article["text"]  # the page's boilerplate is not


# -- formats ------------------------------------------------------------------------------------
def test_rss20_items_become_articles_with_their_pages_text(site: Site, follower: Follower) -> None:
    _pages(site)
    url = site.serve(
        "/feed.xml",
        rss20("Ellery Gazette", _rss_items(site)[::-1]),
        content_type="application/rss+xml",
    )
    articles, state, outcomes = follower.poll([url])
    assert [a["title"] for a in articles] == [st.title for st in STORIES]  # oldest first
    for article, story in zip(articles, STORIES, strict=True):
        _check_page_text(article, story)
        assert article["id"] == article["url"] == site.url(f"/news/{story.slug}.html")
        assert article["date"] == story.date and article["source"] == "Ellery Gazette"
        assert article["feed"] == url
    assert outcomes[0].status == "ok" and outcomes[0].articles == 3
    assert outcomes[0].line() == f"{url}: 3 items, 3 new, 3 articles; 3 with the page's text"
    assert state[url].items_seen == 3 and state[url].title == "Ellery Gazette"


def test_rss10_atom_and_json_feed(site: Site, follower: Follower) -> None:
    _pages(site)
    links = [site.url(f"/news/{st.slug}.html") for st in STORIES]
    rdf = site.serve(
        "/rss10.rdf",
        rss10(
            "Coastal Wire",
            [
                {"title": s.title, "link": u, "description": s.summary, "date": s.date}
                for s, u in zip(STORIES, links, strict=True)
            ],
        ),
        content_type="application/rdf+xml",
    )
    atom_url = site.serve(
        "/atom.xml",
        atom(
            "Harbor Radio",
            [
                {
                    "title": s.title,
                    "id": f"tag:radio.example,2026:{s.slug}",
                    "link": u,
                    "date": s.date,
                    "summary": s.summary,
                }
                for s, u in zip(STORIES, links, strict=True)
            ],
        ),
        content_type="application/atom+xml",
    )
    jf = site.serve(
        "/feed.json",
        json_feed(
            "Milbrook Times",
            [
                {
                    "id": n,
                    "url": u,
                    "title": s.title,
                    "date_published": s.date.replace("Z", "+00:00"),
                    "summary": s.summary,
                }
                for n, (s, u) in enumerate(zip(STORIES, links, strict=True))
            ],
        ),
        content_type="application/feed+json",
    )
    articles, _, outcomes = follower.poll([rdf, atom_url, jf])
    assert [o.status for o in outcomes] == ["ok", "ok", "ok"]
    by_source: dict[str, list[dict]] = {}
    for a in articles:
        by_source.setdefault(a["source"], []).append(a)
    assert sorted(by_source) == ["Coastal Wire", "Harbor Radio", "Milbrook Times"]
    for group in by_source.values():
        assert [a["date"] for a in group] == [s.date for s in STORIES]
        for article, story in zip(group, STORIES, strict=True):
            _check_page_text(article, story)
    assert by_source["Coastal Wire"][0]["id"] == links[0]  # rdf:about
    assert by_source["Harbor Radio"][0]["id"] == "tag:radio.example,2026:harbour-fire"
    assert by_source["Milbrook Times"][0]["id"] == f"{jf}#0"  # a JSON Feed id is the feed's own
    # articles come out in time order, then subscription order: the same run gives the same list
    assert [a["date"] for a in articles] == sorted(a["date"] for a in articles)


def test_opml_subscriptions_end_to_end(site: Site, follower: Follower, tmp_path: Path) -> None:
    _pages(site)
    feeds = []
    for n, name in enumerate(["Ellery Gazette", "Coastal Wire"]):
        items = [{**it, "guid": f"{n}-{k}"} for k, it in enumerate(_rss_items(site))]
        feeds.append(
            (
                name,
                site.serve(f"/feed{n}.xml", rss20(name, items), content_type="application/rss+xml"),
            )
        )
    path = tmp_path / "subs.opml"
    path.write_text(opml({"News": feeds}), encoding="utf-8")
    articles, state, outcomes = follower.poll(read_subscriptions(str(path)))
    assert [o.articles for o in outcomes] == [3, 3] and len(articles) == 6
    assert set(state) == {u for _, u in feeds}
    # one page each: the second feed's items link the same pages, fetched again (no
    # cross-feed knowledge here; the store makes them one article by url)
    assert {a["url"] for a in articles} == {site.url(f"/news/{s.slug}.html") for s in STORIES}
    with Follower(FetchLimits(per_host_interval=0, workers=3)) as other:  # other threads, same list
        again, _, _ = other.poll(read_subscriptions(str(path)))
    assert again == articles


# -- reliability --------------------------------------------------------------------------------
def test_second_poll_of_an_unchanged_feed_is_one_304(site: Site, follower: Follower) -> None:
    _pages(site)
    url = site.serve(
        "/feed.xml",
        rss20("Ellery Gazette", _rss_items(site)),
        content_type="application/rss+xml",
        etag='"v1"',
    )
    _, state, _ = follower.poll([url])
    before = len(site.hits)
    articles, state2, outcomes = follower.poll([url], state)
    assert articles == [] and outcomes[0].status == "not-modified" and outcomes[0].requests == 1
    assert site.paths()[before:] == ["/feed.xml"]
    assert state2[url].etag == '"v1"' and state2[url].seen_ids == state[url].seen_ids


def test_republished_item_keeps_its_id_and_is_not_taken_again(
    site: Site, follower: Follower
) -> None:
    _pages(site)
    items = _rss_items(site)
    url = site.serve(
        "/feed.xml", rss20("Gazette", items), content_type="application/rss+xml", etag='"v1"'
    )
    first, state, _ = follower.poll([url])
    edited = [
        {**items[0], "title": items[0]["title"] + " (updated)", "description": "Edited."},
        *items[1:],
    ]
    new = Story("late", "Late item", ["A late item arrived."] * 3, "2026-11-05T10:00:00Z", "Late.")
    _pages(site, [new])
    edited.append(_rss_items(site, [new])[0])
    site.serve(
        "/feed.xml", rss20("Gazette", edited), content_type="application/rss+xml", etag='"v2"'
    )
    second, state2, outcomes = follower.poll([url], state)
    assert [a["id"] for a in second] == [site.url("/news/late.html")]
    assert outcomes[0].new_items == 1 and state2[url].items_seen == 4
    assert site.count("/news/harbour-fire.html") == 1  # the edited item's page is not fetched again


def test_duplicate_guids_give_one_article(site: Site, follower: Follower) -> None:
    _pages(site)
    items = _rss_items(site)
    twice = [items[0], {**items[0], "title": "Same guid again"}, items[1]]
    url = site.serve("/feed.xml", rss20("Gazette", twice), content_type="application/rss+xml")
    articles, _, outcomes = follower.poll([url])
    assert len(articles) == 2 and articles[0]["title"] == STORIES[0].title
    assert "1 items repeat an id already in this feed; kept the first" in outcomes[0].notes


def test_items_without_link_or_date(site: Site, follower: Follower) -> None:
    body = "<p>Ferry services to Kestrel Point resume on Friday after repairs to the pier, the harbour office said.</p>"
    url = site.serve(
        "/feed.xml",
        rss20(
            "Harbour Notices",
            [
                {
                    "title": "Ferries resume",
                    "guid": "n-1",
                    "content": body,
                    "description": "Ferries resume.",
                },
                {
                    "title": "Pier closed",
                    "description": "The north pier is closed for the weekend.",
                },
            ],
        ),
        content_type="application/rss+xml",
    )
    articles, _, outcomes = follower.poll([url])
    assert len(articles) == 2
    second, first = articles  # undated: the feed's order reversed (feeds list the newest first)
    assert first["id"] == f"{url}#n-1" and first["text_from"] == "feed content"
    assert first["text"].startswith("Ferry services to Kestrel Point resume on Friday")
    assert "url" not in first and "date" not in first
    assert (
        second["text_from"] == "feed summary"
        and second["text"] == "The north pier is closed for the weekend."
    )
    assert second["id"].startswith(f"{url}#item:")  # no guid, no link: title within the feed
    assert any("the item has no link" in n for n in outcomes[0].notes)


def test_page_failures_fall_back_to_the_items_own_text(site: Site, follower: Follower) -> None:
    site.serve("/news/gone.html", "gone", status=404)
    site.serve("/news/pic.html", b"\x89PNG", content_type="image/png")
    site.serve(
        "/news/empty.html",
        "<html><body><nav><a href='/'>Home</a></nav></body></html>",
        content_type="text/html",
    )
    items = [
        {
            "title": n,
            "link": site.url(f"/news/{n}.html"),
            "guid": n,
            "description": f"The {n} summary sentence.",
        }
        for n in ("gone", "pic", "empty")
    ]
    url = site.serve("/feed.xml", rss20("Gazette", items), content_type="application/rss+xml")
    articles, _, outcomes = follower.poll([url])
    problems = {a["title"]: a["page_problem"] for a in articles}
    assert all(a["text_from"] == "feed summary" for a in articles)
    assert problems == {
        "gone": "page: HTTP 404 Not Found",
        "pic": "page: not a web page: served as image/png",
        "empty": "the feed summary is longer than the page's main text",  # "Home"
    }
    assert len(outcomes[0].notes) == 3 and all("\n" not in n for n in outcomes[0].notes)


def test_an_item_without_any_text_is_tried_again(site: Site, follower: Follower) -> None:
    site.serve("/news/later.html", "not yet", status=503)
    items = [{"title": "Later", "link": site.url("/news/later.html"), "guid": "later"}]
    url = site.serve(
        "/feed.xml", rss20("Gazette", items), content_type="application/rss+xml", etag='"v1"'
    )
    articles, state, outcomes = follower.poll([url])
    assert articles == [] and state[url].seen_ids == () and state[url].etag is None
    assert (
        "no text (page: HTTP 503 Service Unavailable (after 2 attempts)); tried again next poll"
        in outcomes[0].notes[0]
    )
    _pages(site, [Story("later", "Later", STORIES[0].paragraphs, STORIES[0].date, "")])
    articles, state, _ = follower.poll([url], state)  # a full fetch again, not a 304
    assert [a["title"] for a in articles] == ["Later"] and state[url].etag == '"v1"'


def test_a_failing_feed_keeps_its_state_and_the_others_go_on(
    site: Site, follower: Follower
) -> None:
    _pages(site)
    good = site.serve(
        "/good.xml", rss20("Good", _rss_items(site)[:1]), content_type="application/rss+xml"
    )
    flaky = site.serve(
        "/flaky.xml",
        rss20("Flaky", _rss_items(site)[1:]),
        content_type="application/rss+xml",
        etag='"f1"',
    )
    _, state, _ = follower.poll([good, flaky])
    site.serve("/flaky.xml", "down", status=500)
    site.serve("/good.xml", rss20("Good", _rss_items(site)), content_type="application/rss+xml")
    articles, state2, outcomes = follower.poll([good, flaky], state)
    assert [o.status for o in outcomes] == ["ok", "failed"]
    assert len(articles) == 2  # the good feed's two new items
    failed = state2[flaky]
    assert (
        failed.error_count == 1
        and failed.etag == '"f1"'
        and failed.seen_ids == state[flaky].seen_ids
    )
    assert failed.last_error == "HTTP 500 Internal Server Error (after 2 attempts)"
    assert failed.last_success == state[flaky].last_success
    _, state3, _ = follower.poll([flaky], state2)
    assert state3[flaky].error_count == 2
    site.serve(
        "/flaky.xml",
        rss20("Flaky", _rss_items(site)[1:]),
        content_type="application/rss+xml",
        etag='"f1"',
    )
    _, state4, outcomes = follower.poll([flaky], state3)
    assert outcomes[0].status == "not-modified" and state4[flaky].error_count == 0


def test_a_long_retry_after_is_kept_and_the_feed_waits(site: Site, follower: Follower) -> None:
    url = site.serve("/busy.xml", "busy", status=503, headers={"Retry-After": "7200"})
    _, state, outcomes = follower.poll([url])
    assert outcomes[0].status == "failed" and state[url].retry_after is not None
    _, state2, outcomes = follower.poll([url], state)
    assert outcomes[0].status == "waiting" and site.count("/busy.xml") == 1
    assert state2[url] == state[url]


def test_malformed_feeds(site: Site, follower: Follower) -> None:
    _pages(site)
    broken = rss20("Gazette", _rss_items(site)).replace(
        "<title>Gazette</title>", "<title>Gazette & Co</title>"
    )
    lenient = site.serve("/broken.xml", broken, content_type="application/rss+xml")
    garbage = site.serve(
        "/garbage.xml", "<<<>>> this is not &&& xml", content_type="application/xml"
    )
    html = site.serve(
        "/html",
        "<!doctype html><html><body><p>Our feeds</p></body></html>",
        content_type="text/html",
    )
    json_bad = site.serve("/bad.json", "{not json", content_type="application/feed+json")
    json_other = site.serve("/other.json", '{"version": "1"}', content_type="application/json")
    empty = site.serve("/empty.xml", "", content_type="application/rss+xml")
    articles, state, outcomes = follower.poll([lenient, garbage, html, json_bad, json_other, empty])
    first = outcomes[0]
    assert first.status == "ok" and first.articles == 3 and len(articles) == 3
    assert first.problem is not None and first.problem.startswith("malformed XML at line")
    assert "items read by the lenient parser" in first.problem
    reasons = [o.reason for o in outcomes[1:]]
    assert [o.status for o in outcomes[1:]] == ["failed"] * 5
    assert reasons[1] == "failed: not a feed: the document is an HTML page"
    assert reasons[2].startswith("failed: not a feed: malformed JSON")
    assert reasons[3] == "failed: not a feed: JSON without a JSON Feed version"
    assert reasons[4] == "failed: not a feed: the document is empty"
    assert all(state[o.url].error_count == 1 for o in outcomes[1:])


def test_wrong_or_missing_charsets(site: Site, follower: Follower) -> None:
    story = Story(
        "cafe",
        "Café owner honoured",
        ["Señora Ilunga, who has run the café for 30 years, received the town’s medal on Friday."]
        * 3,
        "2026-11-04T10:00:00Z",
        "",
    )
    html = page(story, charset=None)
    site.serve("/latin-no-charset.html", html.encode("cp1252"), content_type="text/html")
    site.serve(
        "/latin-says-utf8.html", html.encode("cp1252"), content_type="text/html; charset=utf-8"
    )
    site.serve(
        "/utf8-says-latin.html", html.encode("utf-8"), content_type="text/html; charset=iso-8859-1"
    )
    site.serve(
        "/meta-latin.html",
        page(story, charset="windows-1252").encode("cp1252"),
        content_type="text/html",
    )
    names = ["latin-no-charset", "latin-says-utf8", "utf8-says-latin", "meta-latin"]
    items = [{"title": f"Ni\u00f1o {n}", "link": site.url(f"/{n}.html"), "guid": n} for n in names]
    feed_bytes = rss20("Caf\u00e9 Gazette", items, encoding="utf-8").encode(
        "cp1252"
    )  # declared utf-8: wrong
    url = site.serve("/feed.xml", feed_bytes, content_type="application/rss+xml")
    articles, _, outcomes = follower.poll([url])
    assert outcomes[0].problem is not None and outcomes[0].problem.startswith("charset:")
    assert len(articles) == 4
    for a in articles:
        assert a["source"] == "Café Gazette" and a["title"].startswith("Niño ")
        assert (
            "Señora Ilunga, who has run the café for 30 years, received the town’s medal"
            in a["text"]
        ), a["title"]
    notes = " ".join(outcomes[0].notes)
    assert "no charset declared and not UTF-8; read as Windows-1252" in notes
    assert "declared utf-8, but the bytes are not utf-8" in notes
    assert "declared iso-8859-1, but the bytes are UTF-8" in notes


def test_robots_txt_is_honoured_for_pages(site: Site, follower: Follower) -> None:
    stories = STORIES[:2]
    _pages(site, stories[:1], "/news")
    _pages(site, stories[1:], "/private")
    site.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    items = _rss_items(site, stories[:1], "/news") + _rss_items(site, stories[1:], "/private")
    url = site.serve("/feed.xml", rss20("Gazette", items), content_type="application/rss+xml")
    articles, _, outcomes = follower.poll([url])
    assert [a["text_from"] for a in articles] == ["page", "feed summary"]
    assert (
        articles[1]["page_problem"]
        == f"robots.txt of 127.0.0.1:{site.port} disallows /private/council-budget.html"
    )
    assert site.count("/private/council-budget.html") == 0 and site.count("/robots.txt") == 1


def test_robots_txt_for_storybrief_and_unavailable_robots(follower: Follower) -> None:
    down, own = Site("127.0.0.3"), Site("127.0.0.4")
    try:
        for s in (down, own):
            _pages(s)
        down.serve("/robots.txt", "err", status=503)
        own.serve(
            "/robots.txt",
            "User-agent: storybrief\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
            content_type="text/plain",
        )
        feeds = [
            s.serve("/feed.xml", rss20(name, _rss_items(s)), content_type="application/rss+xml")
            for s, name in ((down, "Down"), (own, "Own"))
        ]
        articles, _, _ = follower.poll(feeds)
        assert len(articles) == 6 and all(a["text_from"] == "feed summary" for a in articles)
        problems = {a["source"]: a["page_problem"] for a in articles}
        assert (
            "could not be read (HTTP 503 Service Unavailable (after 2 attempts))"
            in problems["Down"]
        )
        assert problems["Own"].startswith("robots.txt of 127.0.0.4")
        assert down.count("/robots.txt") == 2 and own.count("/robots.txt") == 1  # cached per site
        assert not any(p.startswith("/news/") for p in down.paths() + own.paths())
    finally:
        down.close()
        own.close()


def test_a_strangers_feed_cannot_reach_the_users_network() -> None:
    """The feed is on 127.0.0.2, which this test's policy counts as a public address: its
    links to 127.0.0.1 (the user's own machine) are refused; the same links from a feed on
    127.0.0.1 itself are followed."""
    inside, outside = Site("127.0.0.1"), Site("127.0.0.2")
    try:
        _pages(inside)
        _pages(outside, STORIES[:1], "/own")
        outside.serve(
            "/hop.html", status=302, headers={"Location": inside.url("/news/council-budget.html")}
        )
        links = [
            outside.url("/own/harbour-fire.html"),
            inside.url("/news/council-budget.html"),
            f"http://localhost:{inside.port}/news/flood-warning.html",
            outside.url("/hop.html"),
        ]
        items = [
            {
                "title": f"item {k}",
                "link": u,
                "guid": f"g{k}",
                "description": "Summary sentence of the item.",
            }
            for k, u in enumerate(links)
        ]
        stranger = outside.serve(
            "/feed.xml", rss20("Stranger", items), content_type="application/rss+xml"
        )
        own = inside.serve(
            "/feed.xml", rss20("Own", _rss_items(inside)), content_type="application/rss+xml"
        )
        policy = AddressPolicy(treat_as_public=public_addresses(["127.0.0.2"]))
        articles, _, outcomes = poll([stranger, own], limits=LIMITS, policy=policy)
        mine = [a for a in articles if a["source"] == "Stranger"]
        assert [a["text_from"] for a in mine] == [
            "page",
            "feed summary",
            "feed summary",
            "feed summary",
        ]
        for a in mine[1:]:
            assert a["page_problem"].startswith("refused:") and "loopback" in a["page_problem"], a
        assert [a["text_from"] for a in articles if a["source"] == "Own"] == ["page"] * 3
        # the user's machine saw its own feed's requests only
        assert inside.paths()[0] == "/feed.xml" and inside.count("/news/council-budget.html") == 1
        assert outcomes[0].status == outcomes[1].status == "ok"
    finally:
        inside.close()
        outside.close()


def test_more_new_items_than_the_cap_wait_for_the_next_poll(site: Site) -> None:
    items = [
        {"title": f"n{k}", "guid": f"g{k}", "description": f"Item number {k} of the notices."}
        for k in range(7)
    ]
    url = site.serve(
        "/feed.xml", rss20("Notices", items), content_type="application/rss+xml", etag='"v1"'
    )
    with Follower(LIMITS, max_new_items=5) as follower:
        first, state, outcomes = follower.poll([url])
        assert len(first) == 5 and "2 more new items left for the next poll" in outcomes[0].notes
        assert state[url].etag is None  # not every item taken: read it all next time
        second, state, _ = follower.poll([url], state)
    assert len(second) == 2 and state[url].etag == '"v1"'
    assert {a["id"] for a in first + second} == {f"{url}#g{k}" for k in range(7)}


# -- the shape of what comes out ------------------------------------------------------------------
def test_outcomes_are_logged_one_line_each(
    site: Site, follower: Follower, caplog: pytest.LogCaptureFixture
) -> None:
    ok = site.serve(
        "/ok.xml",
        rss20("Ok", [{"title": "t", "guid": "1", "description": "A short notice."}]),
        content_type="application/rss+xml",
    )
    bad = site.serve("/bad.xml", "no", status=410)
    with caplog.at_level(logging.INFO, logger="storybrief.follow"):
        follower.poll([ok, bad])
    lines = [r for r in caplog.records if r.name == "storybrief.follow"]
    assert any(
        r.levelno == logging.WARNING and r.getMessage() == f"{bad}: failed: HTTP 410 Gone"
        for r in lines
    )
    assert all("\n" not in r.getMessage() and not r.exc_info for r in lines)


def test_feed_state_is_a_row(site: Site, follower: Follower) -> None:
    _pages(site)
    url = site.serve(
        "/feed.xml",
        rss20("Gazette", _rss_items(site)),
        content_type="application/rss+xml",
        etag='"v1"',
        last_modified="Mon, 02 Nov 2026 06:40:00 GMT",
    )
    _, state, _ = follower.poll([url])
    row = state[url].to_dict()
    assert all(isinstance(v, str | int | list | type(None)) for v in row.values())
    assert FeedState.from_dict({**row, "unknown": 1}) == state[url]
    assert row["last_modified"] == "Mon, 02 Nov 2026 06:40:00 GMT" and len(row["seen_ids"]) == 3


def test_articles_ingest_into_the_feed_store(
    site: Site, follower: Follower, tmp_path: Path
) -> None:
    from storybrief.feed import Feed

    _pages(site)
    url = site.serve(
        "/feed.xml", rss20("Ellery Gazette", _rss_items(site)), content_type="application/rss+xml"
    )
    articles, _, _ = follower.poll([url])
    feed = Feed(tmp_path / "stories.sqlite")
    result = feed.add(articles)
    assert result.added == 3 and feed.add(articles).added == 0


def test_oversized_slow_and_bomb_responses_are_outcomes(site: Site) -> None:
    """At the poll's level: a 200 MB feed fails alone; a gzip-bomb page, a page that never
    answers and a 200 MB page cost their pages, and the items keep their own text."""
    import zlib

    from follow_server import stream

    def zeros(n: int):  # type: ignore[no-untyped-def]
        block = b"\0" * (1 << 20)
        for _ in range(n):
            yield block

    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    bomb = b"".join(z.compress(b) for b in zeros(64)) + z.flush()
    site.serve(
        "/bomb.html", bomb, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
    )
    site.handle("/hang.html", lambda req: __import__("time").sleep(3))
    site.handle("/huge.html", lambda req: stream(req, zeros(200), {"Content-Type": "text/html"}))
    site.handle(
        "/huge.xml", lambda req: stream(req, zeros(200), {"Content-Type": "application/rss+xml"})
    )
    items = [
        {
            "title": n,
            "link": site.url(f"/{n}.html"),
            "guid": n,
            "description": f"The {n} item's own summary.",
        }
        for n in ("bomb", "hang", "huge")
    ]
    ok = site.serve("/feed.xml", rss20("Gazette", items), content_type="application/rss+xml")
    limits = FetchLimits(
        read_timeout=1, total_timeout=4, retries=0, per_host_interval=0, max_page_bytes=2_000_000
    )
    with Follower(limits) as follower:
        articles, state, outcomes = follower.poll([site.url("/huge.xml"), ok])
    assert outcomes[0].status == "failed"
    assert outcomes[0].reason == "failed: larger than 10,000,000 bytes"
    assert state[site.url("/huge.xml")].error_count == 1
    problems = {a["title"]: a["page_problem"] for a in articles}
    assert problems == {
        "bomb": "page: larger than 2,000,000 bytes after decompression (a compression bomb?)",
        "hang": "page: no data for 1 s",
        "huge": "page: larger than 2,000,000 bytes",
    }
    assert all(a["text"] == f"The {a['title']} item's own summary." for a in articles)


def test_feeds_without_a_charset_in_legacy_encodings(site: Site, follower: Follower) -> None:
    xml = rss20(
        "Caf\u00e9 Gazette",
        [{"title": "Ni\u00f1o", "guid": "1", "description": "Se\u00f1ora Ilunga won."}],
    )
    xml = xml.replace(' encoding="utf-8"', "")  # no declaration, no header charset
    rss = site.serve("/latin.xml", xml.encode("cp1252"), content_type="application/rss+xml")
    jf = json_feed(
        "Caf\u00e9 Times",
        [{"id": "1", "title": "Ni\u00f1o", "content_text": "Se\u00f1ora Ilunga won."}],
    )
    jurl = site.serve("/latin.json", jf.encode("cp1252"), content_type="application/feed+json")
    articles, _, outcomes = follower.poll([rss, jurl])
    assert [o.status for o in outcomes] == ["ok", "ok"]
    assert sorted((a["source"], a["title"], a["text"]) for a in articles) == [
        ("Café Gazette", "Niño", "Señora Ilunga won."),
        ("Café Times", "Niño", "Señora Ilunga won."),
    ]


def test_work_for_an_idle_host_does_not_wait_behind_a_paced_one() -> None:
    """Two hosts, five pages each, one request at a time per host, half a second apart, two
    workers: the second host's pages are fetched while the first host's wait for their
    turn (queued in item order, the second host would start only after the first's last)."""
    first, second = Site("127.0.0.5"), Site("127.0.0.6")
    try:
        feeds = []
        for s, name in ((first, "First"), (second, "Second")):
            items = []
            for k in range(5):
                st = Story(
                    f"p{k}", f"{name} {k}", STORIES[k % 3].paragraphs, STORIES[k % 3].date, "s"
                )
                _pages(s, [st])
                items.append(_rss_items(s, [st])[0])
            feeds.append(
                s.serve("/feed.xml", rss20(name, items), content_type="application/rss+xml")
            )
        limits = FetchLimits(per_host_connections=1, per_host_interval=0.5, workers=2, retries=0)
        with Follower(limits) as follower:
            articles, _, _ = follower.poll(feeds)
        assert len(articles) == 10
        pages = lambda s: sorted(h.started for h in s.hits if h.path.startswith("/news/"))  # noqa: E731
        a, b = pages(first), pages(second)
        assert b[0] < a[-1] and b[-1] - a[-1] < 1.0  # the two hosts went at once
        for times in (a, b):  # and each kept its pace
            assert all(y - x >= 0.45 for x, y in zip(times, times[1:], strict=False))
    finally:
        first.close()
        second.close()
