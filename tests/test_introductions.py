"""Issue 17, item 4: a definite description is taken only once the digest has introduced what
it refers to, and never opens the digest.  Text written here."""

from __future__ import annotations

import numpy as np

from storybrief.pipeline import Summarizer
from storybrief.pipeline.introductions import _heads, noun_key
from storybrief.pipeline.readability import screen_units
from storybrief.pipeline.select import SelectionOptions, select


def test_heads_of_definite_descriptions() -> None:
    assert _heads("The group said it would appeal.") == {noun_key("group")}
    assert _heads("Officials said the storm had weakened.") == {noun_key("storm")}
    assert _heads("These findings surprised the researchers.") == {
        noun_key("findings"),
        noun_key("researchers"),
    }
    # an ordinal or quantity opens the description: the noun after it is the head
    assert _heads("The first victim was named on Monday.") == {noun_key("victim")}
    # names and the reader's own world need nothing
    assert _heads("The White House said on Monday the world was watching.") == set()
    assert noun_key("storms") == noun_key("storm")


STORM = [
    # the article introduces the storm by name, then calls it "the storm"
    "Hurricane Maren made landfall near Port Ellery on Tuesday with winds of 120 miles per "
    "hour, the weather service said. Forecasters had warned of a storm surge of ten feet. "
    "The storm knocked out power to 200,000 homes across three counties overnight.",
    # another article about the same event: the rescue, and "the group" it introduced earlier
    "Volunteers from the Ellery Rescue League pulled 40 people from flooded homes on "
    "Wednesday. The league's boats worked through the night in the worst-hit streets. "
    "The group said it would keep searching the coast until every family was found.",
]


def _digest(**options):
    return Summarizer(max_words=60, **options).summarize(STORM)


def test_definite_description_waits_for_its_introduction() -> None:
    summary = _digest()
    texts = [s.text for s in summary.sentences]
    assert texts, summary.warnings
    assert not texts[0].startswith(("The storm", "The group")), texts
    for i, t in enumerate(texts):
        if t.startswith("The storm"):
            assert any("storm" in x.lower() or "Maren" in x for x in texts[:i]), texts
        if t.startswith("The group"):
            assert any("group" in x.lower() or "League" in x for x in texts[:i]), texts


def test_selection_holds_a_description_until_its_noun_is_chosen() -> None:
    """The most salient sentence, "The group said ...", waits: with the introductions rule it
    comes only after a sentence naming the group, without it first."""
    summarizer = Summarizer(max_words=60)
    cluster, features = summarizer.prepare(STORM)
    texts = [cluster.unit_text(u) for u in cluster.units]
    group = next(i for i, t in enumerate(texts) if t.startswith("The group said"))
    scores = np.linspace(0.5, 0.0, len(texts))
    scores[group] = 1.0
    for definites in (True, False):
        screen = screen_units(cluster, definites=definites)
        chosen = select(features, scores, SelectionOptions(max_words=60), screen=screen)
        if definites:
            assert noun_key("group") in screen.needs[group]
            before = [texts[u] for u in chosen[: chosen.index(group)]] if group in chosen else []
            assert group not in chosen or any("League" in t or "group" in t for t in before)
            assert chosen[0] != group
        else:
            assert chosen[0] == group


def test_a_description_its_sentence_introduces_needs_nothing() -> None:
    docs = [
        "Officials met on Monday. A storm that formed over the gulf on Friday, the storm "
        "Maren, reached the coast on Tuesday with winds of 120 miles per hour.",
    ]
    summary = Summarizer(max_words=60).summarize(docs)
    assert any("storm" in s.text for s in summary.sentences)
