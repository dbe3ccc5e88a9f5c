"""The learned join-or-open linker (storybrief.feed.link, feed.cluster's learned decision):
the numpy ensemble scores as LightGBM does, years named in the text become features, and a
real feed with the learned linker places articles and records why."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest
from test_feed import FIRE_1, FIRE_1_FOLLOW, FIRE_2, LOGIN_WALL, fire_updates
from test_hostile_feed import PILOTS, PILOTS_2, SCHOOL

from storybrief.errors import OptionError
from storybrief.feed import Feed
from storybrief.feed.cluster import ClusterSettings, OnlineClusterer
from storybrief.feed.link import FEATURES, article_years, load_model
from storybrief.feed.train_link import to_arrays
from storybrief.feed.vectors import article_vector


def test_numpy_trees_score_exactly_as_lightgbm():
    import lightgbm as lgb

    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 4))
    y = (x[:, 0] + 0.5 * x[:, 1] * x[:, 2] > 0).astype(float)
    params = {"objective": "binary", "num_leaves": 7, "verbose": -1, "num_threads": 1}
    booster = lgb.train(params, lgb.Dataset(x, y), 30)
    model = to_arrays(booster.dump_model())
    probe = rng.normal(size=(200, 4))
    assert np.allclose(model.score(probe), booster.predict(probe), atol=1e-9)


def test_years_in_the_text_are_read_from_the_vector_and_conflict():
    text_2008 = "Indian navy commandos captured 23 pirates in the Gulf of Aden in 2008."
    text_2011 = "The INS Sukanya captured 26 pirates in the Gulf of Aden in 2011."
    assert article_years(article_vector(text_2008).terms) == {2008}
    clusterer = OnlineClusterer()
    clusterer.advance(1, None)
    clusterer.add(1, 1, article_vector(text_2008), None)
    clusterer.refresh()
    for text, conflict in ((text_2011, 1.0), (text_2008, 0.0)):
        vec = article_vector(text)
        ranked = clusterer.top(vec, 3)
        row = dict(zip(FEATURES, clusterer.features(vec, ranked, None)[0], strict=True))
        assert row["article names a year"] == 1.0
        assert row["years conflict"] == conflict
        assert row["days since the story's latest article"] == -1.0  # no dates


def test_time_gap_is_a_feature_when_dated():
    clusterer = OnlineClusterer(ClusterSettings(linker="learned"))
    first = article_vector(FIRE_1["text"])
    clusterer.advance(1, datetime(2026, 3, 2, tzinfo=UTC))
    clusterer.add(1, 1, first, datetime(2026, 3, 2, tzinfo=UTC))
    later = datetime(2026, 3, 5, 12, tzinfo=UTC)
    clusterer.advance(2, later)
    vec = article_vector(FIRE_1_FOLLOW["text"])
    row = dict(zip(FEATURES, clusterer.features(vec, clusterer.top(vec, 2), later)[0], strict=True))
    assert row["days since the story's latest article"] == pytest.approx(3.5)


def test_the_shipped_model_loads_and_has_a_decision_threshold():
    model = load_model()
    assert 0.0 < model.decision < 1.0
    assert int(model.feature.max()) < len(FEATURES)


def test_a_feed_with_the_learned_linker_places_articles_and_records_why(tmp_path):
    with Feed(tmp_path / "feed.sqlite", settings={"linker": "learned"}) as feed:
        result = feed.add([FIRE_1, FIRE_2, LOGIN_WALL, FIRE_1_FOLLOW])
        status = {o.id: o for o in result.outcomes}
        assert status["courier-3"].story != status["wire-1"].story
        assert status["wall-4"].status == "junk"
        follow = status["gazette-2"]
        assert follow.story == status["wire-1"].story and not follow.new_story
        assert follow.similarity is not None and follow.runner_up == status["courier-3"].story
    with pytest.raises(OptionError):
        Feed(tmp_path / "other.sqlite", settings={"linker": "guess"})


def test_the_learned_linker_joins_near_identical_updates_into_one_story(tmp_path):
    # test_feed.py's test_listing_trims_long_timelines with the learned linker: eight updates of
    # one report, not copies (copy_threshold above 1), must make one story; the model before the
    # conflict features opened new stories for some (a lone story, a small margin)
    items = fire_updates(8)
    settings = {"linker": "learned", "copy_threshold": 1.01}
    with Feed(tmp_path / "feed.sqlite", settings=settings) as feed:
        result = feed.add(items)
        assert len(feed.stories()) == 1
        assert all(o.similarity is not None for o in result.outcomes[1:])


def test_the_learned_linker_joins_a_follow_up_in_other_words_after_a_restart(tmp_path):
    db = tmp_path / "feed.sqlite"
    with Feed(db, settings={"linker": "learned"}) as feed:
        feed.add([{"id": "p1", "text": PILOTS}, {"id": "s1", "text": SCHOOL}])
    with Feed(db) as feed:
        result = feed.add([{"id": "p2", "text": PILOTS_2}])
        stories = feed.assignments()
        assert stories["p2"] == stories["p1"] != stories["s1"]
        assert not result.outcomes[0].new_story and result.outcomes[0].similarity is not None
