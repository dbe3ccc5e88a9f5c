"""The web page in a real browser: Debian's chromium driven by Playwright for Python.

Skipped cleanly when playwright (pip) or chromium (apt) is missing.  Never downloads a browser:
it launches the system chromium through ``executable_path``.  Screenshots go to
``test-artifacts/`` (git-ignored).

Stability (issue 12): the keyboard-focus highlight step used to fail about one run in three; the
cause was the page (a mouseout during the smooth scroll after a click reset the highlight),
fixed in app.js and checked deterministically below.  20 runs in a row passed on 2026-12-01
under a load average of 5.4-6.6 (BENCHMARKS.md, "Browser test stability").
"""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")

from browser_support import ARTIFACTS, launch_chromium, serve  # noqa: E402

from storybrief.cli import example_path  # noqa: E402


@pytest.fixture(scope="module")
def server_url():
    from storybrief.web.app import create_app

    yield from serve(create_app())


@pytest.fixture(scope="module")
def browser():
    yield from launch_chromium(sync_api)


@pytest.fixture
def page(browser, server_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.external = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on(
        "request",
        lambda r: None if r.url.startswith(server_url) else page.external.append(r.url),
    )
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(server_url + "/")
    yield page
    assert page.external == [], f"requests left the server: {page.external}"
    assert page.errors == [], f"JavaScript errors: {page.errors}"
    context.close()


def test_example_summary_and_citation_highlight(page):
    expect = sync_api.expect
    # methods come from the API
    expect(page.locator("#method option[value=lexrank]")).to_have_count(1)
    # keyboard only: visible focus, real buttons, Enter in a field submits the form
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.get_by_role("button", name="Load example").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#article-list textarea")).to_have_count(4)
    first = page.locator("#article-list textarea").first.input_value()
    assert "Harbor Bridge" in first
    page.get_by_label("Length (words)").fill("100")
    page.keyboard.press("Enter")

    cites = page.locator("#summary button.cite")
    expect(cites.first).to_be_visible(timeout=20_000)
    summary = page.locator("#summary").inner_text()
    assert "Harbor Bridge" in summary
    assert "words" in page.locator("#summary-meta").inner_text()
    assert page.locator("#summary .sum-sent").count() >= 2
    # every article is shown with what was kept and what was removed
    expect(page.locator("#sources article.doc")).to_have_count(4)
    assert "removed" in page.locator("#sources article.doc .counts").first.inner_text()
    assert page.locator("#sources details summary", has_text="Removed as boilerplate").count() >= 1
    assert page.locator("#sources .s.used").count() >= 2

    # clicking a citation pins a highlight on its source sentence in that article
    assert page.locator("#sources .s.hl").count() == 0
    cite = cites.nth(0)
    doc = int(cite.get_attribute("data-doc"))
    sent_idx = cite.get_attribute("data-sent")
    cite.click()
    expect(cite).to_have_attribute("aria-pressed", "true")
    highlighted = page.locator(f"#doc-{doc} .s.hl")
    expect(highlighted.first).to_be_visible()
    summary_sentence = page.locator(f'.sum-sent[data-idx="{sent_idx}"]')
    expect(summary_sentence).to_have_class("sum-sent active")
    # the highlighted source sentence is the cited one: same text or a merged duplicate of it
    sentence_text = summary_sentence.inner_text().split("\u00a0")[0].strip()
    source_text = highlighted.first.inner_text().strip()
    words = set(sentence_text.lower().split())
    overlap = len(words & set(source_text.lower().split())) / max(len(words), 1)
    assert overlap > 0.6, (sentence_text, source_text)
    # only sentences of the cited article are highlighted
    assert page.locator("#sources .s.hl").count() == page.locator(f"#doc-{doc} .s.hl").count()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-summary.png"), full_page=True)

    # Escape releases the pinned highlight; keyboard focus on a citation highlights too.  The
    # pointer is parked in the empty page margin first, as a keyboard user's would be: the
    # click above scrolls the page smoothly, and content passing under a resting pointer
    # fires real mouseover/mouseout events.
    page.mouse.move(1, 1)
    page.keyboard.press("Escape")
    expect(page.locator("#sources .s.hl")).to_have_count(0)
    cites.nth(cites.count() - 1).focus()
    expect(page.locator("#sources .s.hl").first).to_be_visible()
    focus_hl = highlighted_ids(page)
    # The mouse passing over another citation shows that one while it is there; leaving it
    # must bring back the highlight of the citation that still has keyboard focus.  (The
    # page used to reset to the pinned highlight -- none -- on every mouseout: the cause of
    # the flaky failures of this step, issue 12, when the smooth scroll moved the page under
    # the pointer after the focus had moved.)
    cites.nth(0).hover()
    expect(page.locator(f"#doc-{doc} .s.hl").first).to_be_visible()
    page.mouse.move(1, 1)
    expect(page.locator("#sources .s.hl").first).to_be_visible()
    assert highlighted_ids(page) == focus_hl

    # copy-as-Markdown and download-JSON are real buttons that work
    with page.expect_download() as dl:
        page.get_by_role("button", name="Download JSON").click()
    assert dl.value.suggested_filename.endswith(".json")


def highlighted_ids(page) -> list[str]:
    return page.evaluate("[...document.querySelectorAll('#sources .s.hl')].map((e) => e.id)")


def test_files_errors_and_phone_width(page):
    expect = sync_api.expect
    # nothing to send: a clear message, no request
    page.get_by_role("button", name="Summarize").click()
    expect(page.get_by_role("alert")).to_contain_text("Add at least one article")

    # boilerplate only: the server's message is shown
    page.locator("#article-list textarea").first.fill("Share\nAdvertisement")
    page.get_by_role("button", name="Summarize").click()
    expect(page.get_by_role("alert")).to_contain_text("nothing to summarize")

    # files (one .txt, one .html) go as a multipart upload
    page.get_by_role("button", name="Remove article 1").click()
    files = [str(example_path() / "01_wire.txt"), str(example_path() / "04_analysis.html")]
    page.set_input_files("#file-input", files)
    expect(page.locator("#article-list .file-info")).to_have_count(2)
    # a slow answer (held back here) shows a spinner, then "still working"
    held = []
    page.route("**/api/summarize", lambda route: held.append(route))
    page.get_by_role("button", name="Summarize").click()
    expect(page.locator("#status .spinner")).to_be_visible()
    expect(page.get_by_role("button", name="Summarize")).to_be_disabled()
    expect(page.locator("#status")).to_contain_text("Still working", timeout=8_000)
    assert len(held) == 1 and "multipart/form-data" in held[0].request.headers["content-type"]
    held[0].continue_()
    expect(page.locator("#summary button.cite").first).to_be_visible(timeout=20_000)
    expect(page.locator("#status .spinner")).to_have_count(0)
    expect(page.get_by_role("alert")).to_be_hidden()
    expect(page.locator("#sources article.doc")).to_have_count(2)
    assert "What the Harbor Bridge closure means" in page.locator("#sources").inner_text()

    # dropping a file onto the article area adds it; other file types are refused with a message
    page.evaluate(
        """() => {
        const dt = new DataTransfer();
        dt.items.add(new File(["The council met on Monday. It approved the budget."], "c.txt"));
        dt.items.add(new File(["x"], "photo.png"));
        document.querySelector("#dropzone").dispatchEvent(
            new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }"""
    )
    expect(page.locator("#article-list .file-info")).to_have_count(3)
    expect(page.get_by_role("alert")).to_contain_text("photo.png")

    # readable at phone width: nothing wider than the screen
    page.set_viewport_size({"width": 375, "height": 800})
    page.wait_for_timeout(100)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is {width}px wide at a 375px viewport"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-phone.png"))


def test_api_docs_render_without_external_requests(browser, server_url):
    page = browser.new_page()
    external: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(server_url) else external.append(r.url))
    page.goto(server_url + "/docs")
    sync_api.expect(page.get_by_text("/api/summarize").first).to_be_visible(timeout=15_000)
    page.wait_for_timeout(300)
    assert external == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"))
    page.close()
