"""The pages under hostile articles in a real browser (issue 16, finding 1): Debian's chromium
through Playwright, as in tests/test_web_browser.py.  Every field of an article that a page
shows (url, title, outlet, text, id, file name) carries script; no dialog may fire on either
page, no link may point anywhere but http(s), and the pages must keep working under the
server's Content-Security-Policy (no violation reported).  Skips without playwright/chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from browser_support import launch_chromium, serve  # noqa: E402

from storybrief.feed import Feed  # noqa: E402
from storybrief.feed.sources import example_stream, read_articles  # noqa: E402

SCRIPT_URLS = [
    "javascript:alert('url')",
    "JaVaScRiPt:alert('mixed case')",
    "   javascript:alert('leading space')",
    "data:text/html,<script>alert('data')</script>",
    "javascript:alert('four')",
    "jAvAsCrIpT:alert('five')",
]
IMG = "<img src=x onerror=alert('{}')>"
SCRIPT = "<script>alert('{}')</script>"


def hostile_articles() -> list[dict]:
    """The example stream with script in every field the stories page shows."""
    out = []
    for i, article in enumerate(read_articles(str(example_stream()))):
        article = dict(article)
        article["url"] = SCRIPT_URLS[i % len(SCRIPT_URLS)]
        article["title"] = SCRIPT.format(f"title {i}") + (article.get("title") or "")
        article["source"] = IMG.format(f"outlet {i}") + (article.get("source") or "")
        article["id"] = f"<svg onload=alert('id {i}')>{article['id']}"
        article["text"] = IMG.format(f"text {i}") + " " + article["text"]
        out.append(article)
    return out


@pytest.fixture(scope="module")
def server_url(tmp_path_factory):
    from storybrief.web.app import create_app

    db = tmp_path_factory.mktemp("hostile-pages") / "feed.sqlite"
    with Feed(db) as feed:
        feed.add(hostile_articles())
    yield from serve(create_app(feed_db=db))


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium(sync_api)


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.problems = []  # type: ignore[attr-defined]

    def on_dialog(dialog) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on(
        "console",
        lambda m: page.problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()


def _click_every_link(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    for link in page.locator("main a[href]").all():
        link.click(no_wait_after=True)  # a javascript: link would run here
    return hrefs


def test_stories_page_runs_no_script_from_articles(page, server_url):
    page.goto(server_url + "/stories?interval=2000")
    cards = page.locator("li.story")
    sync_api.expect(cards.first).to_be_visible(timeout=15_000)
    sync_api.expect(page.locator(".timeline li").first).to_be_visible()
    for details in page.locator("li.story details").all():
        details.evaluate("d => d.open = true")
    text = page.locator("#stories").inner_text()
    assert "<script>alert('title" in text or "onerror=alert('outlet" in text  # shown as text
    hrefs = _click_every_link(page)
    page.wait_for_timeout(300)
    assert page.dialogs == [], f"script ran: {page.dialogs}"
    timeline_links = page.locator(".timeline a")
    assert timeline_links.count() == 0, "a script url became a link"
    assert all(h.startswith(("/", "#", "http://", "https://")) for h in hrefs), hrefs
    assert page.locator("#stories img, #stories script, #stories svg").count() == 0
    page.wait_for_timeout(2500)  # one more poll and re-render
    assert page.dialogs == [], f"script ran: {page.dialogs}"
    assert page.problems == [], page.problems


def test_stories_js_checks_schemes_itself(page, server_url):
    # defence in depth: were the server to send a script url as a link, the page refuses it
    page.goto(server_url + "/stories")
    refused = page.evaluate(
        "urls => urls.map(safeHref)",
        [*SCRIPT_URLS, "\tjava\tscript:alert(1)", "vbscript:x", "http://[oops/x", "", None],
    )
    assert refused == [None] * (len(SCRIPT_URLS) + 5)
    assert page.evaluate("safeHref(' https://news.example/a b')") == "https://news.example/a%20b"


def test_summarize_page_runs_no_script_from_uploads(page, server_url, tmp_path: Path):
    files = []
    for i, article in enumerate(hostile_articles()[:3]):
        html = (
            f"<html><head><title>{article['title']}</title>"
            f'<link rel="canonical" href="{SCRIPT_URLS[i]}">'
            f'<meta property="og:url" content="{SCRIPT_URLS[i]}"></head>'
            f"<body><article><h1>{article['title']}</h1><p>{article['text']}</p>"
            f"<p>{IMG.format('body ' + str(i))} {article['text']}</p></article></body></html>"
        )
        path = tmp_path / f"{IMG.format('file ' + str(i))[:20].replace('/', '_')}{i}.html"
        path.write_text(html, encoding="utf-8")
        files.append(str(path))
    page.goto(server_url + "/")
    page.set_input_files("#file-input", files)
    page.click("#submit")
    sync_api.expect(page.locator("#summary .sent, #summary p").first).to_be_visible(timeout=60_000)
    sync_api.expect(page.locator("#sources article.doc")).to_have_count(3)
    hrefs = _click_every_link(page)
    assert all(h.startswith(("/", "#", "http://", "https://", "blob:")) for h in hrefs), hrefs
    assert page.locator("#results img, #results script, #results svg").count() == 0
    page.click("#copy-md") if page.locator("#copy-md").is_visible() else None
    page.wait_for_timeout(500)
    assert page.dialogs == [], f"script ran: {page.dialogs}"
    assert page.problems == [], page.problems


def test_summarize_page_links_http_urls(page, server_url, tmp_path: Path):
    # the other side of the policy: a real url is still a link
    text = next(iter(read_articles(str(example_stream()))))["text"]
    path = tmp_path / "real.html"
    path.write_text(
        '<html><head><title>Real</title><link rel="canonical" href="https://news.example/a">'
        f"</head><body><article><p>{text}</p></article></body></html>",
        encoding="utf-8",
    )
    page.goto(server_url + "/")
    page.set_input_files("#file-input", [str(path)])
    page.click("#submit")
    link = page.locator("#sources .doc-meta a")
    sync_api.expect(link).to_have_count(1, timeout=60_000)
    assert link.get_attribute("href") == "https://news.example/a"
    assert page.problems == [], page.problems


def test_pages_work_under_the_csp_and_cannot_be_framed(page, server_url):
    page.goto(server_url + "/")
    page.click("#load-example")
    sync_api.expect(page.locator("#article-list li")).not_to_have_count(1, timeout=15_000)
    page.click("#submit")
    sync_api.expect(page.locator("#results")).to_be_visible(timeout=60_000)
    page.goto(server_url + "/docs")
    sync_api.expect(page.get_by_text("/api/summarize").first).to_be_visible(timeout=15_000)
    # a frame of the app (from a page of another origin) stays empty
    page.goto("about:blank")
    page.set_content(f'<iframe id="f" src="{server_url}/"></iframe>')
    page.wait_for_timeout(1500)
    frame = page.frame_locator("#f")
    assert frame.locator("#form").count() == 0
    assert [p for p in page.problems if "frame" not in p.lower()] == [], page.problems
