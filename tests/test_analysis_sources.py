"""Source analysis: junk/off-topic documents, dates and stale documents, JSON and CLI."""

from __future__ import annotations

import json

import storybrief
from storybrief.analysis.relevance import loo_relevance
from storybrief.text.vectors import TfidfSpace

BRIDGE = [
    "The Harbor Bridge in Port Ellery was closed on Tuesday after a grain barge struck a support "
    "pier. Engineers are inspecting the damaged pier. The mayor said the bridge will stay closed "
    "for days. Commuters were told to use the northern ferry while the bridge is shut.",
    "A runaway grain barge hit the Harbor Bridge in Port Ellery early Tuesday. Officials closed "
    "the bridge to all traffic and engineers began to inspect the pier. The barge operator said "
    "the crew lost power before the collision with the bridge pier.",
    "Port Ellery's Harbor Bridge remains closed after Tuesday's barge collision. The mayor said "
    "engineers need days to inspect the pier, and ferry service was doubled for commuters "
    "crossing the harbor while the bridge is closed.",
    "The recipe calls for two cups of flour, a pinch of salt and three eggs. Whisk the batter "
    "until smooth and let it rest for an hour before frying the pancakes in butter. Serve the "
    "pancakes warm with maple syrup and fresh berries for breakfast.",
    "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet "
    "Archive. Flowing in every day, these data are added to the Wayback Machine after an "
    "embargo period.",
]


def test_loo_relevance_is_cosine_to_other_rows_centroid():
    m = TfidfSpace(["bridge barge pier", "bridge barge closed", "pancake flour eggs"]).matrix
    rel = loo_relevance(m)
    dense = m.toarray()
    for i in range(3):
        rest = dense.sum(axis=0) - dense[i]
        expect = dense[i] @ rest / (sum(rest**2) ** 0.5)
        assert abs(rel[i] - expect) < 1e-9
    assert rel[2] < 0.05 < rel[0]


def test_junk_and_off_topic_documents_are_flagged_with_reasons():
    a = storybrief.analyze(BRIDGE)
    verdicts = {s.index: s for s in a.sources}
    assert not any(verdicts[i].junk for i in range(3))
    assert verdicts[3].junk and any("off-topic" in r for r in verdicts[3].reasons)
    assert verdicts[4].junk and any("article text" in r for r in verdicts[4].reasons)


def test_summary_skips_junk_unless_asked_to_keep_it():
    s = storybrief.summarize(BRIDGE, max_words=200, method="hybrid")
    assert all(3 not in x.sources and 4 not in x.sources for x in s.sentences)
    kept = storybrief.Summarizer(max_words=400, filter_sources=False, method="hybrid").summarize(
        BRIDGE
    )
    assert any(3 in x.sources for x in kept.sentences)
    assert kept.to_dict()["sources"][3]["junk"] is True  # still marked


def test_stale_document_is_flagged_and_not_summarized():
    docs = [
        "Officials met in Geneva on March 4, 2021 to discuss the river treaty. The talks on the "
        "river treaty ended without a deal, officials said.",
        "The river treaty talks in Geneva on March 5, 2021 stalled again. Delegates said the "
        "river treaty needs more work before a deal, and that the talks would resume soon.",
        "Delegates left Geneva on March 6, 2021 with no river treaty. The river treaty talks "
        "will resume next month, officials said, after a break for the delegations.",
        {
            "text": "The river treaty talks in Geneva opened with hope for a deal on the river "
            "treaty, delegates said. Both delegations praised the mood in Geneva and said a "
            "river treaty could be signed within weeks of the talks.",
            "date": "2017-06-01",
        },
    ]
    a = storybrief.analyze(docs)
    assert [s.stale for s in a.sources] == [False, False, False, True]
    assert a.sources[3].stale_strength == "strong" and a.sources[3].excluded
    assert a.sources[0].date == "2021-03-04"
    assert a.sources[3].date == "2017-06-01"
    assert any("2017-06" in r and r.startswith("stale") for r in a.sources[3].reasons)
    assert not a.sources[3].junk
    assert a.cluster_date == "2021-03-05" and a.story.precision == "day"
    s = storybrief.summarize(docs, max_words=100, method="hybrid")
    assert all(3 not in x.sources or len(x.sources) > 1 for x in s.sentences)


def test_json_shape_has_the_three_keys():
    d = json.loads(storybrief.summarize(BRIDGE, max_words=60, method="hybrid").to_json())
    assert [x["index"] for x in d["sources"]] == list(range(len(BRIDGE)))
    for x in d["sources"]:
        assert set(x) == {
            "index",
            "relevance",
            "junk",
            "stale",
            "stale_evidence",
            "excluded",
            "date",
            "reasons",
        }
        assert set(x["date"]) == {"value", "precision", "evidence"}
    assert isinstance(d["quotes"], list) and isinstance(d["disagreements"], list)
    a = storybrief.analyze(BRIDGE)
    assert json.loads(a.to_json())["sources"] == d["sources"]


def test_markdown_has_source_analysis_section():
    md = storybrief.summarize(BRIDGE, max_words=60, method="hybrid").to_markdown()
    assert "**Source analysis**" in md and "junk" in md


def test_inspect_cli_json_and_table(tmp_path):
    from typer.testing import CliRunner

    from storybrief.cli import app

    for i, t in enumerate(BRIDGE):
        (tmp_path / f"{i}.txt").write_text(t, encoding="utf-8")
    r = CliRunner().invoke(app, ["inspect", str(tmp_path), "--format", "json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert [s["junk"] for s in d["sources"]] == [False, False, False, True, True]
    r = CliRunner().invoke(app, ["inspect", str(tmp_path)])
    assert r.exit_code == 0 and "JUNK" in r.output


def test_seeds_stale_document_and_summary(seeds_dir):
    from storybrief.readers import read_clusters

    cluster = next(iter(read_clusters(str(seeds_dir), "auto")))
    s = storybrief.Summarizer(max_words=120, method="hybrid").summarize(cluster.documents)
    a = s.analysis
    stale = [x.index for x in a.sources if x.stale]
    assert stale == [4] and a.sources[4].date == "2013-02"
    assert a.sources[4].stale_strength == "strong"
    assert any("23-month civil war" in r for r in a.sources[4].reasons)
    # the articles are of 3-4 November 2015 but give no date of their own: none is shown
    assert a.cluster_date is None or a.cluster_date.startswith("2015-11")
    assert all(4 not in x.sources for x in s.sentences)
    assert "2013" not in s.text and "Lavrov told the BBC" not in s.text
    about = [d.about for d in a.disagreements]
    assert any(x.startswith("death toll") for x in about)
    vals = {v for d in a.disagreements for v, _ in d.values}
    assert {"more than 240,000", "some 250,000"} <= vals


def test_summarize_cli_keep_flagged(tmp_path):
    from typer.testing import CliRunner

    from storybrief.cli import app

    for i, t in enumerate(BRIDGE):
        (tmp_path / f"{i}.txt").write_text(t, encoding="utf-8")
    args = ["summarize", str(tmp_path), "-f", "json", "-m", "hybrid", "-w", "400"]
    dropped = json.loads(CliRunner().invoke(app, args).output)
    kept = json.loads(CliRunner().invoke(app, [*args, "--keep-flagged"]).output)
    used = lambda d: {i for s in d["sentences"] for i in s["sources"]}  # noqa: E731
    assert 3 not in used(dropped) and 3 in used(kept)
    assert dropped["sources"] == kept["sources"]


def test_photo_gallery_bibliography_and_about_page_are_junk():
    from storybrief.analysis.relevance import page_kind

    gallery = "\n".join(
        f"Actor Number{i} arrives at the premiere of the harbour film in Port Ellery. "
        f"(Photo: Jane Roe/Getty Images)"
        for i in range(12)
    )
    assert page_kind(gallery) == "a photo gallery or caption list"
    refs = "\n".join(
        f"Author{i} A, Writer B, et al. Bridges and barges. Journal of Rivers. 2014;{i}(2):1-9."
        for i in range(10)
    )
    assert page_kind(refs) == "a bibliography or reference list"
    about = (
        "About Us\nWe are a nonprofit founded in 1998. Our mission is to protect the river and "
        "our team works with the harbour towns. Contact us to learn more about who we are and "
        "what we do for the river and the people who live on it."
    )
    assert page_kind(about) == "an about page"
    article = BRIDGE[0] + "\n" + BRIDGE[1] + "\n" + "(Photo: Jane Roe/AP)"
    assert page_kind(article) is None
    a = storybrief.analyze([*BRIDGE[:3], gallery])
    assert a.sources[3].junk and "gallery" in a.sources[3].reasons[0]


def test_one_huge_document_does_not_define_the_centroid():
    from storybrief.analysis.relevance import loo_relevance

    huge = " ".join(["recipe flour sugar butter eggs oven bake pancakes"] * 400)
    m = TfidfSpace([BRIDGE[0], BRIDGE[1], BRIDGE[2], huge]).matrix
    rel = loo_relevance(m)
    # rows are unit vectors, so the huge page counts once: the bridge articles stay close to
    # each other and the huge page stays far from them
    assert rel[3] < 0.05 and min(rel[:3]) > 0.2


def test_html_metadata_date_reaches_the_analysis(tmp_path):
    from storybrief.readers import html_date, read_clusters

    page = (
        '<html><head><meta property="article:published_time" content="2021-03-04T09:00:00Z">'
        "<title>Bridge closed</title></head><body><article><p>"
        + BRIDGE[0]
        + "</p><p>"
        + BRIDGE[1]
        + "</p></article><footer>Copyright 2019</footer></body></html>"
    )
    assert html_date(page) == "2021-03-04"
    assert html_date("<html><body><p>Copyright 2019. No date here.</p></body></html>") is None
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Published on March 5, 2021\n" + BRIDGE[2], encoding="utf-8")
    cluster = next(iter(read_clusters(str(tmp_path), "auto")))
    a = storybrief.analyze(cluster.documents)
    first = a.sources[0].dating.own
    assert first.shown == "2021-03-04" and first.evidence[0].kind == "metadata"
    assert a.cluster_date == "2021-03-04" and a.story.precision == "day"


def test_summary_json_carries_the_story_date_with_precision_and_evidence():
    docs = [{"text": BRIDGE[0], "date": "2021-03-04"}, *BRIDGE[1:3]]
    d = json.loads(storybrief.summarize(docs, max_words=60, method="hybrid").to_json())
    assert d["cluster_date"]["value"] == "2021-03-04"
    assert d["cluster_date"]["precision"] == "day"
    assert d["cluster_date"]["evidence"][0]["kind"] == "metadata"
