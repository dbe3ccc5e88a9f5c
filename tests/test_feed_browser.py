"""The stories page in a real browser (Debian's chromium through Playwright, as in
tests/test_web_browser.py): stories with digests, sources and timelines, updated without a
reload while articles are ingested.  Skips cleanly without playwright or chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from browser_support import ARTIFACTS, launch_chromium, serve  # noqa: E402

from storybrief.feed import Feed  # noqa: E402
from storybrief.feed.sources import example_stream, read_articles  # noqa: E402

NEW_STORY = {
    "id": "ridge-ferry-1",
    "source": "Ridge Post",
    "date": "2026-11-08T07:00:00Z",
    "title": "New ferry links Carrow Bay and Kestrel Point",
    "text": "A new passenger ferry between Carrow Bay and Kestrel Point made its first crossing "
    "on Sunday, cutting the journey from two hours by road to forty minutes. Captain Oskar "
    "Nyberg said 300 passengers were aboard the Tern, which will sail six times a day. The "
    "service is run by the Kestrel Ferry Company with a grant from the regional council.",
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("feed-browser") / "feed.sqlite"
    with Feed(db) as feed:
        feed.add(read_articles(str(example_stream())))
    return db


@pytest.fixture(scope="module")
def server_url(store: Path):
    from storybrief.web.app import create_app

    yield from serve(create_app(feed_db=store))


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium(sync_api)


def test_stories_page_updates_without_reload(browser, server_url, store):
    expect = sync_api.expect
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    external: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server_url) else external.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server_url + "/stories?interval=300")

    cards = page.locator("li.story")
    expect(cards).to_have_count(3, timeout=15_000)
    warehouse = cards.filter(has_text="warehouse").first
    expect(warehouse.locator(".digest")).to_contain_text("Pier 9")
    expect(warehouse.locator(".sources")).to_contain_text("Coastal Wire")
    expect(warehouse.locator(".sources")).to_contain_text("Harbor Radio")  # the copy's outlet
    expect(warehouse.locator(".timeline .mark.first")).to_have_count(1)
    expect(warehouse.locator(".timeline .mark.latest")).to_have_count(1)
    expect(warehouse.locator("time.updated")).to_have_count(1)
    assert "login" not in page.locator("#stories").inner_text().lower()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "stories.png"), full_page=True)

    # articles arrive while the page is open: it updates in place
    page.evaluate("window.__stillHere = true")
    with Feed(store) as feed:
        feed.add([NEW_STORY])
    expect(cards).to_have_count(4, timeout=15_000)
    newest = cards.first
    expect(newest).to_contain_text("New ferry links Carrow Bay")
    expect(newest.locator(".badge.new")).to_be_visible()
    follow_up = dict(
        NEW_STORY,
        id="metro-ferry-2",
        source="Metro Ledger",
        date="2026-11-09T08:00:00Z",
        title="Ferry Tern sells out on its second day",
        text="Every seat on the Tern ferry between Carrow Bay and Kestrel Point was sold on its "
        "second day, the Kestrel Ferry Company said. Captain Oskar Nyberg said the company "
        "may add a seventh daily crossing. Commuters in Carrow Bay said the forty-minute trip "
        "had already changed their mornings.",
    )
    with Feed(store) as feed:
        feed.add([follow_up])
    expect(newest.locator(".badge.updated")).to_be_visible(timeout=15_000)
    expect(newest.locator(".meta")).to_contain_text("2 articles")
    assert page.evaluate("window.__stillHere") is True, "the page was not reloaded"

    # keyboard: the skip link works; phone width: nothing wider than the screen
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_timeout(100)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is {width}px wide at a 375px viewport"
    page.screenshot(path=str(ARTIFACTS / "stories-phone.png"))
    assert external == [], f"requests left the server: {external}"
    assert errors == [], f"JavaScript errors: {errors}"
    context.close()


def test_citations_show_their_article_and_the_page_links_its_atom_feed(browser, server_url):
    expect = sync_api.expect
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server_url + "/stories?interval=300")
    # feed readers find the Atom (and JSON Feed) twin from the page itself
    atom = page.locator('head link[rel="alternate"][type="application/atom+xml"]')
    expect(atom).to_have_count(1)
    href = atom.get_attribute("href")
    assert href == "/stories.atom"
    feed = page.request.get(server_url + href)
    assert feed.ok and "<feed" in feed.text()

    warehouse = page.locator("li.story").filter(has_text="grain warehouse").first
    expect(warehouse.locator(".digest button.cite").first).to_be_visible(timeout=15_000)
    # the developing fire story leads with its latest development, marked as such
    expect(warehouse.locator(".digest .mark.dev").first).to_have_text("Latest")
    cite = warehouse.locator(".digest button.cite").first
    n = int(cite.inner_text().strip("[]"))
    target = warehouse.locator(f"ol.docs li[data-doc='{n - 1}']")
    expect(target.locator("a")).to_have_attribute("href", re.compile(r"^https://"))
    expect(target).not_to_have_class(re.compile("hl"))
    cite.click()
    expect(cite).to_have_attribute("aria-pressed", "true")
    expect(target).to_have_class(re.compile(r"\bhl\b"))
    expect(target.locator("time")).to_have_count(1)  # outlet, title, time, link
    assert warehouse.locator("ol.docs li.hl").count() == 1
    page.mouse.move(0, 0)
    expect(target).to_have_class(re.compile(r"\bhl\b"))  # pinned: stays after the hover
    page.keyboard.press("Escape")
    expect(target).not_to_have_class(re.compile(r"\bhl\b"))
    expect(cite).to_have_attribute("aria-pressed", "false")
    # keyboard: Enter on a focused citation pins it too
    cite.focus()
    page.keyboard.press("Enter")
    expect(target).to_have_class(re.compile(r"\bhl\b"))
    assert errors == [], f"JavaScript errors: {errors}"
    context.close()
