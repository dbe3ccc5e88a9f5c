"""Conflict evidence of the learned linker (storybrief.feed.link_features): numbers, years,
months and places read from term ids, specific terms, and the features an open story and an
arriving article give, on written news text and on the ECB+ development stream."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest

from storybrief.feed.cluster import OnlineClusterer
from storybrief.feed.link import FEATURES
from storybrief.feed.link_features import MONTH, NUMBER, PLACE, YEAR, marks, specific
from storybrief.feed.vectors import article_vector, term_id

ECB = Path(__file__).resolve().parents[2] / "shared" / "data" / "stories" / "ecbplus_dev.jsonl.gz"

NAVY_2008 = (
    "The Indian navy captured 23 pirates who tried to take over a merchant vessel in the Gulf "
    "of Aden in December 2008, officials in New Delhi said. The suspects, 12 Somalis and 11 "
    "Yemenis, surrendered after the frigate INS Mysore answered the ship's distress call."
)
NAVY_2008_FOLLOW = (
    "The 23 pirates seized by the INS Mysore in the Gulf of Aden were handed to Yemeni "
    "authorities on Sunday, the Indian navy said. The frigate answered a distress call from "
    "an Ethiopian merchant vessel in December 2008."
)
NAVY_2011 = (
    "The warship INS Sukanya foiled a piracy attempt in the Gulf of Aden in November 2011 and "
    "apprehended 26 Somali pirates, the Indian navy said in Mumbai. It was the fifth anti-piracy "
    "operation of the Sukanya since September."
)


def _row(story_texts: list[str], text: str) -> dict[str, float]:
    clusterer = OnlineClusterer()
    for seq, t in enumerate(story_texts, 1):
        clusterer.advance(seq, None)
        clusterer.add(1, seq, article_vector(t), None)
    clusterer.refresh()
    vec = article_vector(text)
    ranked = clusterer.top(vec, 3)
    assert ranked and ranked[0][0] == 1
    return dict(zip(FEATURES, clusterer.features(vec, ranked, None)[0], strict=True))


def test_numbers_years_months_and_places_are_read_from_term_ids():
    vec = article_vector("In March 2008 the 23 pirates were taken to Kenya, a Baghdad court said.")
    kinds = marks(vec.terms)
    assert kinds[term_id("2008")] == YEAR
    assert kinds[term_id("23")] == NUMBER
    assert kinds[term_id("march")] == MONTH
    assert kinds[term_id("kenya")] == PLACE and kinds[term_id("baghdad")] == PLACE
    assert term_id("pirates") not in kinds


def test_names_are_specific_and_the_vocabulary_of_an_event_kind_is_not():
    ids = np.array([term_id(w) for w in ("sukanya", "teixeira", "navy", "killed", "2008")])
    assert specific(ids).tolist() == [True, True, False, False, False]


def test_another_event_of_the_same_kind_conflicts_where_a_follow_up_does_not():
    same = _row([NAVY_2008], NAVY_2008_FOLLOW)
    other = _row([NAVY_2008], NAVY_2011)
    assert (
        same["numbers conflict"] == 0.0
        and same["share of the article's numbers the story names"] == 1.0
    )
    assert other["numbers conflict"] == 1.0
    assert same["months conflict"] == 0.0 and other["months conflict"] == 1.0
    assert same["years conflict"] == 0.0 and other["years conflict"] == 1.0
    held = "share of the article's specific weight the story holds"
    assert same[held] > other[held]
    assert (
        same["specific part of the centroid cosine"] > other["specific part of the centroid cosine"]
    )
    # the two parts add up to the centroid cosine
    for row in (same, other):
        parts = (
            row["specific part of the centroid cosine"] + row["generic part of the centroid cosine"]
        )
        assert parts == pytest.approx(row["centroid cosine"], abs=1e-5)


@pytest.mark.skipif(not ECB.is_file(), reason="the ECB+ development stream is not here")
def test_on_ecbplus_the_other_event_of_a_topic_shares_fewer_specific_terms():
    with gzip.open(ECB, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    by_event: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        by_event[r["cluster"]].append(r["text"])
    held = "share of the article's specific weight the story holds"
    same, other = [], []
    for event, texts in sorted(by_event.items()):
        if not event.endswith("ecb") or f"{event}plus" not in by_event or len(texts) < 2:
            continue
        sibling = by_event[f"{event}plus"]
        same.append(_row(texts[:1], texts[1])[held])
        other.append(_row(texts[:1], sibling[0])[held] if _shares(texts[0], sibling[0]) else None)
    other_f = [x for x in other if x is not None]
    assert len(same) >= 15 and len(other_f) >= 10
    assert np.mean(same) > np.mean(other_f) + 0.1


def _shares(a: str, b: str) -> bool:
    return article_vector(a).dot(article_vector(b)) > 0


def test_a_reloaded_clusterer_gives_the_same_conflict_features():
    # a store is reloaded from its vectors: the marks a story holds are rebuilt from them
    texts = [NAVY_2008, NAVY_2011, NAVY_2008_FOLLOW]
    live = OnlineClusterer()
    members = []
    for seq, text in enumerate(texts[:2], 1):
        live.advance(seq, None)
        members.append((seq, seq, article_vector(text), None))
        live.add(*members[-1])
    reloaded = OnlineClusterer()
    reloaded.load(members)
    for c in (live, reloaded):  # the feed restores the clock from its store's meta
        c.advance(3, None)
    vec = article_vector(texts[2])
    rows = [c.features(vec, c.top(vec, 2), None) for c in (live, reloaded)]
    assert np.array_equal(rows[0], rows[1])
