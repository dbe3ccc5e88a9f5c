"""Building a cluster (pipeline stages 1-3) on its own: what the source analysis, ``inspect``
and the feed read, without scoring."""

from __future__ import annotations

import subprocess
import sys

import pytest

from storybrief.cli import example_path
from storybrief.errors import OptionError
from storybrief.pipeline import Summarizer, build_cluster
from storybrief.pipeline.build import segment_documents
from storybrief.readers import read_clusters


def _example_documents() -> list:
    (cluster,) = list(read_clusters(str(example_path())))
    return cluster.documents


def test_build_cluster_is_the_summarizers_cluster() -> None:
    docs = _example_documents()
    built, space = build_cluster(docs, 0.6, id="example")
    prepared, features = Summarizer(dedup_threshold=0.6).prepare(docs, id="example")
    assert [s.text for s in built.sentences] == [s.text for s in prepared.sentences]
    assert [(u.members, u.representative) for u in built.units] == [
        (u.members, u.representative) for u in prepared.units
    ]
    assert built.warnings == prepared.warnings and built.id == "example"
    assert space.matrix.shape[0] == len(built.sentences)
    assert features.unit_matrix.shape[0] == len(built.units)
    # a farm rewrite of the wire's lead is one unit with two sources
    assert any(len(built.unit_sources(u)) > 1 for u in built.units)


def test_a_lower_threshold_groups_more() -> None:
    docs = _example_documents()
    strict, _ = build_cluster(docs, 1.01)
    loose, _ = build_cluster(docs, 0.3)
    assert len(loose.units) < len(strict.units) == len(strict.sentences)


def test_bad_threshold_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="dedup threshold"):
        build_cluster(["One sentence here."], 0.0)


def test_segment_documents_records_dropped_boilerplate() -> None:
    text = (
        "The city council approved the new budget on Monday after a long debate.\n"
        "Click here to subscribe to our newsletter.\n"
        "The budget raises school spending by four percent next year."
    )
    read = segment_documents([text])
    kept = " ".join(s.text for s in read.sentences)
    assert "budget raises school spending" in kept
    assert "subscribe" not in kept
    assert any("subscribe" in r.text.lower() for r in read.cleaned[0].removed)


def test_analysis_loads_no_embedding_model() -> None:
    """``storybrief.analyze`` builds the cluster and analyses it: nothing is scored, so the
    embedding model is never loaded (Summarizer.prepare loads it for the features)."""
    code = (
        "import storybrief, storybrief.text.embeddings as e\n"
        "from storybrief.cli import example_path\n"
        "from storybrief.readers import read_clusters\n"
        "(c,) = read_clusters(str(example_path()))\n"
        "a = storybrief.analyze(c.documents)\n"
        "print(len(a.sources), e._MODEL is None)\n"
        "storybrief.Summarizer(method='hybrid').prepare(c.documents)\n"
        "print(e._MODEL is None)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["4", "True", "False"]
