"""The learned salience scorer: shipped model, default method, length policy, determinism."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from storybrief import Summarizer
from storybrief.pipeline.features import FEATURE_NAMES
from storybrief.pipeline.learned import (
    DERIVED_NAMES,
    MODEL_NAME,
    LearnedScorer,
    derived_features,
    load_model,
    model_dir,
    model_inputs,
)
from storybrief.pipeline.score import DEFAULT_METHOD, SCORERS, resolve_method

FLOOD = [
    "Flooding closed the main highway into Millbrook on Monday after two days of heavy rain. "
    "The county sheriff said three families were rescued from their homes by boat. "
    "Forecasters expect the river to crest on Wednesday at nearly twice its normal level. "
    "Schools in the district will stay closed until the water recedes. "
    "He said the damage would take weeks to assess.",
    "Rescue crews pulled three families from flooded homes in Millbrook, the sheriff said. "
    "The governor declared a state of emergency for the county on Monday evening. "
    "Officials opened a shelter at the high school gym for displaced residents. "
    "Power was out for about 4,000 customers across the region.",
    "Heavy rain flooded Millbrook on Monday, closing the main highway into town. "
    "A state of emergency was declared by the governor for the county. "
    "The river is expected to crest Wednesday, forecasters said.",
]


def test_learned_is_registered_and_default():
    assert SCORERS["learned"] is LearnedScorer
    assert DEFAULT_METHOD == "learned"
    assert resolve_method("default") == "learned"


def test_model_files_and_metadata():
    assert (model_dir() / f"{MODEL_NAME}.txt").is_file()
    meta = json.loads((model_dir() / f"{MODEL_NAME}.json").read_text())
    for key in ("training_data", "created", "params", "heldout_rouge_at_260", "selection"):
        assert key in meta
    assert "train" in meta["training_data"]["file"]
    assert 0.5 <= meta["selection"]["length_fraction"] <= 1.0
    assert set(meta["features"]) <= set(FEATURE_NAMES) | set(DERIVED_NAMES)
    total = sum(p.stat().st_size for p in model_dir().glob(f"{MODEL_NAME}.*"))
    assert total < 5_000_000


def test_model_loads_fast_in_a_fresh_process():
    code = (
        "import time; from storybrief.pipeline.learned import load_model; t=time.perf_counter(); "
        "load_model(); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout.strip()) < 0.5


def test_numpy_trees_equal_lightgbm():
    lgb = pytest.importorskip("lightgbm")
    ensemble, meta = load_model()
    booster = lgb.Booster(model_file=str(model_dir() / f"{MODEL_NAME}.txt"))
    assert booster.num_trees() == ensemble.feature.shape[0]
    _, features = Summarizer(method="learned").prepare(FLOOD)
    x = model_inputs(features, meta["features"])
    rng = np.random.default_rng(0)
    noisy = np.vstack([x, x * rng.uniform(0.5, 1.5, size=x.shape)])
    np.testing.assert_allclose(ensemble.predict(noisy), booster.predict(noisy), atol=1e-12)


def test_load_is_cached():
    assert load_model() is load_model()


def test_scores_are_finite_and_rank_a_late_pronoun_sentence_low():
    summarizer = Summarizer(method="learned", max_words=60)
    cluster, features = summarizer.prepare(FLOOD)
    scores = summarizer.scorer.score(features)
    assert scores.shape == (len(cluster.units),) and np.isfinite(scores).all()
    # predicted reference density (ROUGE n-grams per word) minus the lead prior
    assert scores.max() < 3.0 and scores.min() > -5.0
    ranking = np.argsort(-scores, kind="stable").tolist()
    weak = next(
        i for i, u in enumerate(cluster.units) if cluster.unit_text(u).startswith("He said")
    )
    assert ranking.index(weak) >= len(ranking) // 2


def test_length_policy_fills_to_the_tuned_target_and_never_past_the_cap():
    _, meta = load_model()
    fraction = meta["selection"]["length_fraction"]
    for budget in (20, 45, 80):
        summary = Summarizer(method="learned", max_words=budget).summarize(FLOOD)
        assert summary.sentences
        assert summary.n_words <= max(1, round(fraction * budget)) <= budget
    options = Summarizer(method="learned", max_words=200).selection
    assert options.target_words == round(fraction * 200)
    # other methods keep filling to the cap
    assert Summarizer(method="hybrid", max_words=200).selection.target_words is None


def test_explicit_redundancy_is_kept():
    options = Summarizer(method="learned", max_words=100, redundancy=0.3).selection
    assert options.redundancy == 0.3


def test_deterministic():
    a = Summarizer(max_words=60).summarize(FLOOD).to_json()
    b = Summarizer(max_words=60).summarize(FLOOD).to_json()
    assert a == b


def test_derived_features_are_cluster_relative():
    _, features = Summarizer(method="learned").prepare(FLOOD)
    derived = derived_features(features)
    assert set(derived) == set(DERIVED_NAMES)
    n = features.values.shape[0]
    for name, col in derived.items():
        assert col.shape == (n,), name
        assert np.isfinite(col).all(), name
    assert derived["centroid_rank"].max() == 1.0
    assert derived["inv_position"].max() == 1.0


def test_single_sentence_cluster():
    summary = Summarizer(max_words=50).summarize(["Only one sentence in this article here."])
    assert summary.text == "Only one sentence in this article here."


@pytest.mark.parametrize("raw", [False, True])
def test_learned_beats_lead_on_multinews_sample(multinews_dir, raw):
    pytest.importorskip("rouge_score")
    from storybrief.evaluate.rouge import evaluate

    name = "validation_raw.jsonl.gz" if raw else "validation.jsonl.gz"
    results = evaluate(str(multinews_dir / name), methods=["learned", "lead"], limit=40)
    learned, lead = results
    assert learned.mean("rouge1") + learned.mean("rouge2") > lead.mean("rouge1") + lead.mean(
        "rouge2"
    )


def test_training_without_lightgbm_is_one_line_with_the_install_hint(tmp_path) -> None:
    """LightGBM is in the ``train`` extra only: without it the command stops before the
    (long) feature extraction, with one line and exit 2.  Its import is blocked in the
    child interpreter, as a fresh environment without the extra would have it."""
    code = (
        "import sys; sys.modules['lightgbm'] = None\n"
        "from storybrief.train import main\n"
        f"main(['--data', {str(tmp_path / 'none.jsonl')!r}, '--cache', {str(tmp_path)!r}])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip() == 'error: training needs LightGBM: pip install "storybrief[train]"'
