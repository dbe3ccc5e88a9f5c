"""A developing story's digest reads in the order things happened (storybrief.feed.chronicle):
the latest development first where it changes the story, then what came before."""

from __future__ import annotations

from pathlib import Path

from storybrief.feed import Feed
from storybrief.feed.chronicle import order_by_development
from storybrief.feed.digest import documents
from storybrief.feed.sources import example_stream, read_articles
from storybrief.pipeline import Summarizer

MONDAY, MONDAY_LATER, THURSDAY = "2026-11-02T06:40:00", "2026-11-02T09:15:00", "2026-11-05T12:10:00"


def _sentence(text: str, doc: int, position: int, score: float = 1.0, similar=()) -> dict:
    return {
        "text": text,
        "sources": [doc],
        "similar": list(similar),
        "positions": [{"doc": doc, "sentence": position}],
        "score": score,
    }


def _summary(sentences: list[dict]) -> dict:
    return {"text": " ".join(s["text"] for s in sentences), "sentences": sentences}


def test_the_latest_development_leads_then_what_came_before_in_time_order() -> None:
    summary = _summary(
        [
            _sentence("A fire tore through a grain warehouse at Pier 9 overnight.", 0, 0),
            _sentence("Crews from four stations fought the blaze for six hours.", 1, 2),
            _sentence("Investigators said on Thursday the fire was set deliberately.", 2, 0),
            _sentence("No one was hurt, the fire chief said.", 0, 3),
            _sentence("The cooperative said the lost grain was insured.", 2, 3),
        ]
    )
    out = order_by_development(summary, [MONDAY, MONDAY_LATER, THURSDAY])
    assert [s["text"][:12] for s in out["sentences"]] == [
        "Investigator",  # Thursday's lead: the development that changes the story
        "The cooperat",  # the rest of Thursday
        "A fire tore ",  # then Monday, in the summarizer's order
        "Crews from f",
        "No one was h",
    ]
    assert out["chronology"] == {"developing": True, "latest_first": True, "developments": 2}
    assert out["text"] == " ".join(s["text"] for s in out["sentences"])
    assert [s["development"] for s in out["sentences"]] == [1, 1, 0, 0, 0]


def test_a_development_of_details_only_takes_its_place_in_time() -> None:
    summary = _summary(
        [
            _sentence("The cooperative said on Thursday the lost grain was insured.", 2, 4),
            _sentence("A fire tore through a grain warehouse at Pier 9 overnight.", 0, 0),
            _sentence("No one was hurt, the fire chief said.", 0, 3),
        ]
    )
    out = order_by_development(summary, [MONDAY, MONDAY_LATER, THURSDAY])
    assert [s["text"][:6] for s in out["sentences"]] == ["A fire", "No one", "The co"]
    assert out["chronology"]["latest_first"] is False


def test_a_fact_first_reported_earlier_stays_with_the_earlier_development() -> None:
    # Thursday's article repeats Monday's fact in its body: it is Monday's news
    summary = _summary(
        [
            _sentence("Investigators said on Thursday the fire was set deliberately.", 2, 0),
            _sentence("The warehouse held 4,000 tonnes of wheat.", 2, 5, similar=[0]),
            _sentence("A fire tore through a grain warehouse at Pier 9 overnight.", 0, 0),
        ]
    )
    out = order_by_development(summary, [MONDAY, MONDAY_LATER, THURSDAY])
    # Monday's development, in the summarizer's order within it, after Thursday's lead
    assert [s["text"][:6] for s in out["sentences"]] == ["Invest", "The wa", "A fire"]
    assert [s["development"] for s in out["sentences"]] == [1, 0, 0]
    assert out["sentences"][1]["reported"] == MONDAY


def test_one_event_keeps_the_summarizers_order_and_a_dependent_sentence_its_predecessor() -> None:
    same_day = _summary(
        [
            _sentence("Crews from four stations fought the blaze for six hours.", 1, 0),
            _sentence("A fire tore through a grain warehouse at Pier 9 overnight.", 0, 0),
        ]
    )
    out = order_by_development(same_day, [MONDAY, MONDAY_LATER])
    assert out["sentences"] == same_day["sentences"] and out["chronology"]["developing"] is False
    leaning = _summary(
        [
            _sentence("Fire Chief Ramon Castell said the building was a total loss.", 0, 2),
            _sentence("He said the cause would be investigated on Thursday.", 2, 0),
            _sentence("A fire tore through a grain warehouse at Pier 9 overnight.", 0, 0),
        ]
    )
    out = order_by_development(leaning, [MONDAY, MONDAY_LATER, THURSDAY])
    # "He said ..." is Thursday's lead, but it cannot open the digest nor leave Castell
    assert [s["text"][:6] for s in out["sentences"]] == ["Fire C", "He sai", "A fire"]
    assert out["chronology"]["latest_first"] is False
    undated = order_by_development(leaning, ["", "", ""])
    assert undated["sentences"] == leaning["sentences"]


def test_stored_digests_of_a_developing_story_open_with_its_latest_development(
    tmp_path: Path,
) -> None:
    with Feed(tmp_path / "s.sqlite") as feed:
        feed.add(read_articles(str(example_stream())))
        fire = next(s for s in feed.stories() if "grain warehouse" in (s.title or ""))
        summary = fire.summary
    assert summary["chronology"]["latest_first"] is True
    first = summary["sentences"][0]
    latest_dev = summary["chronology"]["developments"] - 1
    assert first["development"] == latest_dev
    assert any(p["sentence"] == 0 for p in first["positions"])  # a later article's lead
    rest = [s["development"] for s in summary["sentences"] if s["development"] != latest_dev]
    assert rest == sorted(rest)
    # the same sentences as the summarizer chose, only reordered
    with Feed(tmp_path / "s.sqlite") as feed:
        from storybrief.feed.update import digest_articles

        with feed.store.read() as conn:
            inputs = digest_articles(feed.store, conn, fire.id)
    plain = Summarizer(max_words=150).summarize(documents(inputs), id=str(fire.id))
    assert sorted(s.text for s in plain.sentences) == sorted(
        s["text"] for s in summary["sentences"]
    )
