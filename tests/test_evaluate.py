"""storybrief.evaluate and ``storybrief evaluate``: ROUGE as rouge-score computes it."""

from __future__ import annotations

import json
import sys

import pytest

pytest.importorskip("rouge_score")

from rouge_score import rouge_scorer, tokenizers  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from storybrief.cli import app  # noqa: E402
from storybrief.evaluate.rouge import (
    FastRouge,
    bootstrap_ci,
    evaluate,
    greedy_oracle,
    references_of,
    sentences_of,
)

ARTICLE_A = (
    "Flooding closed the main highway into Millbrook on Monday after two days of heavy rain. "
    "The county sheriff said three families were rescued from their homes by boat. "
    "Forecasters expect the river to crest on Wednesday at nearly twice its normal level. "
    "Schools in the district will stay closed until the water recedes."
)
ARTICLE_B = (
    "Rescue crews pulled three families from flooded homes in Millbrook, the sheriff said. "
    "The governor declared a state of emergency for the county on Monday evening. "
    "Officials opened a shelter at the high school gym for displaced residents. "
    "Power was out for about 4,000 customers across the region."
)
ARTICLE_C = (
    "The city council voted on Tuesday to approve a new budget for the public library. "
    "The plan adds weekend hours at two branches and hires four librarians. "
    "Council members said the money comes from a one-time state grant."
)
SUMMARY_1 = (
    "– Heavy rain flooded Millbrook, closing the main highway and forcing boat rescues of three "
    "families. The governor declared a state of emergency, and the river is expected to crest "
    "Wednesday."
)
SUMMARY_2 = "Millbrook's library gets weekend hours and four new librarians from a state grant."


@pytest.fixture
def fixture_file(tmp_path):
    path = tmp_path / "clusters.jsonl"
    rows = [
        {"id": "flood", "documents": [ARTICLE_A, ARTICLE_B], "summary": SUMMARY_1},
        {
            "id": "library",
            "documents": [ARTICLE_C],
            "summary": [SUMMARY_2, "The council approved a library budget on Tuesday."],
        },
        {"id": "no-reference", "documents": [ARTICLE_C]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _direct(candidate: list[str], references: list[str]) -> dict[str, float]:
    """rouge-score called directly, as the docstring of storybrief.evaluate describes."""
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    cand = "\n".join(candidate)
    refs = ["\n".join(sentences_of(references_of(r)[0])) for r in references]
    res = scorer.score(refs[0], cand) if len(refs) == 1 else scorer.score_multi(refs, cand)
    return {k: 100 * v.fmeasure for k, v in res.items()}


def test_rouge_equals_rouge_score_called_directly(fixture_file):
    results = evaluate(
        str(fixture_file), methods=["lead", "oracle"], max_words=40, keep_outputs=True
    )
    assert [r.method for r in results] == ["lead", "oracle"]
    for res in results:
        assert res.n == 2  # the cluster without a reference is skipped
        assert [o["id"] for o in res.outputs] == ["flood", "library"]
    lead = results[0]
    summarizer_sentences = [o["summary"] for o in lead.outputs]
    assert all(summarizer_sentences)
    from storybrief.pipeline import Summarizer

    s = Summarizer(method="lead", max_words=40)
    flood = [x.text for x in s.summarize([ARTICLE_A, ARTICLE_B]).sentences]
    expected = _direct(flood, [SUMMARY_1])
    for m, v in expected.items():
        assert lead.scores[m][0] == pytest.approx(v, abs=1e-9)
    assert v > 0
    library = [x.text for x in s.summarize([ARTICLE_C]).sentences]
    expected = _direct(library, [SUMMARY_2, "The council approved a library budget on Tuesday."])
    for m, v in expected.items():
        assert lead.scores[m][1] == pytest.approx(v, abs=1e-9)


def test_references_strip_dash_and_accept_lists():
    assert references_of("– A story.") == ["A story."]
    assert references_of(["One.", "  ", "– Two."]) == ["One.", "Two."]
    assert references_of(None) == []


def test_fast_rouge_tokens_match_rouge_score():
    text = "Officials' 8.2 % increase -- running, ran; U.S. forecasters expected it!"
    assert FastRouge().tokens(text) == tokenizers.DefaultTokenizer(use_stemmer=True).tokenize(text)


def test_oracle_respects_budget_and_beats_any_single_sentence():
    units = [s for a in (ARTICLE_A, ARTICLE_B, ARTICLE_C) for s in sentences_of(a)]
    ref = references_of(SUMMARY_1)[0]
    picked = greedy_oracle(units, ref, 40, FastRouge())
    assert picked and sum(len(units[i].split()) for i in picked) <= 40
    assert not any("library" in units[i] for i in picked)
    oracle = _direct([units[i] for i in picked], [SUMMARY_1])
    for u in units:
        single = _direct([u], [SUMMARY_1])
        assert oracle["rouge1"] + oracle["rouge2"] >= single["rouge1"] + single["rouge2"] - 1e-9


def test_bootstrap_ci_is_deterministic_and_brackets_the_mean():
    values = [10.0, 20.0, 30.0, 40.0, 55.0]
    lo, hi = bootstrap_ci(values)
    assert (lo, hi) == bootstrap_ci(values)
    assert lo < sum(values) / len(values) < hi


def test_cli_prints_table_and_writes_outputs(fixture_file, tmp_path):
    out = tmp_path / "outputs.jsonl"
    result = CliRunner().invoke(
        app,
        [
            "evaluate",
            str(fixture_file),
            "--max-words",
            "40",
            "--method",
            "lead",
            "--method",
            "oracle",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    for text in ("ROUGE-1", "ROUGE-2", "ROUGE-Lsum", "lead", "oracle", "2 clusters"):
        assert text in result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["method"], r["id"]) for r in rows] == [
        ("lead", "flood"),
        ("lead", "library"),
        ("oracle", "flood"),
        ("oracle", "library"),
    ]
    assert all(len(r["summary"].split()) <= 40 for r in rows)


def test_cli_unknown_method_is_a_usage_error(fixture_file):
    result = CliRunner().invoke(app, ["evaluate", str(fixture_file), "--method", "nope"])
    assert result.exit_code == 2


def test_cli_limit(fixture_file):
    result = CliRunner().invoke(app, ["evaluate", str(fixture_file), "--limit", "1", "-m", "lead"])
    assert result.exit_code == 0, result.output
    assert "1 clusters" in result.output


def test_multinews_oracle_above_lead(multinews_dir):
    results = evaluate(
        str(multinews_dir / "validation.jsonl.gz"), methods=["lead", "oracle"], limit=15
    )
    lead, oracle = results
    assert oracle.mean("rouge2") > lead.mean("rouge2")
    assert all(w <= 260 for r in results for w in r.words)


def test_missing_rouge_score_is_a_clear_error(fixture_file, monkeypatch):
    monkeypatch.setitem(sys.modules, "rouge_score", None)
    result = CliRunner().invoke(app, ["evaluate", str(fixture_file), "-m", "lead"])
    assert result.exit_code == 2
    assert "pip install rouge-score nltk" in result.output


def test_checks_hold_an_also_citation_to_support() -> None:
    # `evaluate --checks` passes each sentence's "also [n]" documents to the citation check:
    # a sentence named as also reported by an article that does not hold it is unverified
    from types import SimpleNamespace

    from storybrief.evaluate.rouge import evaluate_systems

    sentence = "The county sheriff said three families were rescued from their homes by boat."
    cluster = SimpleNamespace(id="flood", documents=[ARTICLE_A, ARTICLE_C], extra={})

    def system(similar: list[int]):
        return lambda _: [SimpleNamespace(text=sentence, sources=[0], similar=similar)]

    (wrong,) = evaluate_systems([cluster], {"x": system([1])}, checks=True, keep_flagged=True)
    (right,) = evaluate_systems([cluster], {"x": system([])}, checks=True, keep_flagged=True)
    flagged = [r for r in wrong.flagged if r["kind"] == "unverified"]
    assert [(r["document"], r["detail"][:16]) for r in flagged] == [(1, "also document 2 ")]
    assert not [r for r in right.flagged if r["kind"] == "unverified"]
