"""The learned opener (issue 17, item 5): its text cues, the shipped ranker, the hook in
choose_opener, and the training labels."""

from __future__ import annotations

import numpy as np
import pytest

from storybrief import Summarizer
from storybrief.errors import OptionError
from storybrief.evaluate.rouge import FastRouge
from storybrief.pipeline.features import LEAD_POSITIONS
from storybrief.pipeline.opener import CANDIDATE_COLUMNS, load_opener_model, text_cues
from storybrief.pipeline.select import OpenerCandidates
from storybrief.train_opener import first_sentence, opener_rouge, relevance

CUES = [name[4:] for name in CANDIDATE_COLUMNS if name.startswith("cue_")]


def cue(text: str, name: str) -> float:
    return text_cues(text)[CUES.index(name)]


def test_event_cues_read_no_capitals() -> None:
    news = "The State Department said Tuesday that it had closed the fake embassy."
    assert cue(news, "when") == 1.0 and cue(news, "attribution") == 1.0
    assert cue(news.lower(), "when") == 1.0 and cue(news.lower(), "attribution") == 1.0
    assert cue(news, "past_verbs") > cue("The embassy is a fake one in a city.", "past_verbs")


def test_background_and_caption_cues() -> None:
    study = "Victims of bullying are more likely to suffer depression, studies have shown."
    assert cue(study, "generalisation") == 1.0
    assert cue("The agency said on Monday it would appeal.", "generalisation") == 0.0
    assert cue("When Maria Lopez moved to Ohio, she had no job.", "background_opening") == 1.0
    caption = "The building in Accra, Ghana, where a crime ring flew an American flag."
    assert cue(caption, "relative_opening") == 1.0
    # a verb before "that" is a sentence, not a caption
    assert cue("The ministry said that Assad is not essential.", "relative_opening") == 0.0


NEWS = [
    "Studies have shown that people who live near highways are more likely to have asthma. "
    "City officials on Tuesday closed the Route 9 highway after a chemical tanker overturned, "
    "the state police said. "
    "About 200 residents were evacuated from nearby homes.",
    "A chemical tanker overturned on Route 9 on Tuesday, and officials closed the highway, "
    "police said. "
    "Crews worked through the night to clear the spill. "
    "Residents were allowed back on Wednesday morning.",
    "Route 9 was closed Tuesday after a tanker carrying chemicals overturned, officials said. "
    "The driver was taken to a hospital with minor injuries. "
    "The cause of the crash is under investigation.",
]


def test_learned_opener_opens_with_a_lead_sentence_of_the_news() -> None:
    summary = Summarizer(max_words=60, opener="learned").summarize(NEWS)
    first = summary.sentences[0]
    assert min(p for _, p in first.positions) < LEAD_POSITIONS
    assert "Studies have shown" not in first.text
    again = Summarizer(max_words=60, opener="learned").summarize(NEWS)
    assert again.text == summary.text  # deterministic


def test_model_values_only_the_candidates() -> None:
    summarizer = Summarizer(max_words=60)
    cluster, features = summarizer.prepare(NEWS)
    scores = summarizer.scorer.score(features)
    texts = [cluster.unit_text(u) for u in cluster.units]
    candidates = np.flatnonzero(features.column("position") < LEAD_POSITIONS)
    rule = np.linspace(0.0, 1.0, len(texts))
    shown = OpenerCandidates(features, scores, None, texts, candidates, rule)
    value = load_opener_model().value(shown)
    assert value.shape == (len(texts),)
    outside = np.setdiff1d(np.arange(len(texts)), candidates)
    assert np.isneginf(value[outside]).all() and np.isfinite(value[candidates]).all()


def test_unknown_opener_is_a_clear_error() -> None:
    with pytest.raises(OptionError, match="opener"):
        Summarizer(opener="best")


def test_training_labels() -> None:
    assert first_sentence("– Police closed Route 9. Residents left.") == "Police closed Route 9."
    assert first_sentence(None) is None
    rouge = FastRouge()
    ref = "Police closed Route 9 on Tuesday."
    assert opener_rouge(rouge, ref, ref) == pytest.approx(2.0)
    assert opener_rouge(rouge, "Officials closed Route 9 on Tuesday.", ref) > opener_rouge(
        rouge, "Studies have shown asthma is common.", ref
    )
    assert relevance(np.array([0.1, 0.5, 0.4, 0.2])).tolist() == [0, 3, 2, 1]
    assert relevance(np.zeros(3)).tolist() == [0, 0, 0]
