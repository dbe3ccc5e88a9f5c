"""storybrief.evaluate.checks and ``storybrief evaluate --checks``: each check fires on a
written bad case and stays silent on its good near-misses."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storybrief.cli import app
from storybrief.evaluate.checks import (
    KINDS,
    MAX_WORDS,
    CheckedDocuments,
    aggregate,
    check_sentence,
    check_summary,
    compact,
    dateline_at,
    fragment_reason,
    furniture_reason,
    glued_at,
    opener,
)

# -- texts written for these tests ------------------------------------------------------

MAYOR = (
    "Flooding closed the Harbor Bridge in Millbrook on Monday after two days of heavy rain.\n"
    "Mayor Ana Ruiz visited the bridge on Tuesday morning. She said it would reopen in May.\n"
    "The council approved emergency money for repairs on Wednesday. However, the work will "
    "take at least a year, engineers said.\n"
    '"It was frightening to watch the water rise," said Ruiz, who grew up in the town.'
)
WITNESS = (
    "Ana Molina, a teacher, was crossing the bridge when the river rose.\n"
    '"It was frightening," Molina said. Police said no one was hurt in the flooding, and '
    "police officers closed the road."
)


def kinds(text: str) -> set[str]:
    return {f.kind for f in check_sentence(text)}


def _words(n: int) -> str:
    words = ("the river rose quickly over the old stone wall near the school " * 10).split()
    return " ".join(words[:n]).capitalize() + "."


# -- furniture ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Share this story on Facebook.",
        "Firefighters work at the scene on Monday. (AP Photo/Jane Roe)",
        "Please enable JavaScript to watch this video.",
        "We use cookies to improve your experience on our site.",
        "These crawls are part of an effort to archive pages as they are created.",
        "Reporting by Jane Roe; Editing by John Doe",
        "By Jane Roe and John Doe",
        "Updated 3:15 p.m. ET",
        "Follow us on Twitter for the latest news.",
        "In this May 3, 2015 photo, officers inspect the damaged bridge.",
        "Click here to read the full report.",
        "Sign up for our daily newsletter to get the news in your inbox.",
        "This story has been corrected to show the bridge reopened in May.",
        "Contact us at news@example.com.",
    ],
)
def test_furniture_fires(text):
    assert furniture_reason(text), text


@pytest.mark.parametrize(
    "text",
    [
        "The company changed its privacy policy last year after regulators complained.",
        "She shared a photo on Facebook of the flooded street.",
        "Officers followed him on foot for three blocks.",
        "The newsletter she founded in 1998 now has 40,000 readers.",
        "By Tuesday, the river had crested at twice its normal level.",
        "The photographer, Ana Ruiz, spent a week in the camp.",
        "Residents were asked to share their accounts with investigators.",
    ],
)
def test_furniture_silent_on_prose(text):
    assert furniture_reason(text) is None, text


# -- fragments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Paul.", "one word"),
        ("Source:", "one word"),
        ("2015", "no words"),
        ("An error has occurred.", "page error message"),
        ("The full statement reads as follows:", "lead-in ending with a colon"),
        ("The mayor said the bridge would ...", "cut off with an ellipsis"),
        ("Residents Return Home After Flood", "no final punctuation"),
        ("Storm Hits Millbrook Hard!", "headline ending in '!'"),
        ("“Thank you.”", "short quotation with no speaker"),
        ("FOR TWELVE YEARS THE STATE HAS PAID FOR THE BRIDGE.", "written in capitals"),
        ("(The Rev.", "cut after a title abbreviation"),
    ],
)
def test_fragment_fires(text, reason):
    assert fragment_reason(text) == reason


@pytest.mark.parametrize(
    "text",
    [
        "The mayor said: the bridge will reopen on Monday.",
        '"We will rebuild," she said.',
        'He said the storm was "unlike anything I have seen!"',
        "The U.S. economy grew 2.1 percent in the quarter.",
        "What will happen to the families who lost their homes?",
        "“We will rebuild this town, every house of it.”",
        "He met Sen. Ana Ruiz on Monday.",
    ],
)
def test_fragment_silent_on_sentences(text):
    assert fragment_reason(text) is None, text


# -- over-long ----------------------------------------------------------------------------


def test_over_long_counts_words():
    assert "over_long" in kinds(_words(MAX_WORDS + 1))
    assert "over_long" not in kinds(_words(MAX_WORDS))
    assert "over_long" not in kinds(_words(55))


# -- glued --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "spot"),
    [
        ("The storm hit the town.The mayor declared an emergency.", "town.The"),
        ('She died in 1990."It was a tragic death," the coroner said.', '1990."It'),
        ("He never left the airport.American posted a statement.", "airport.American"),
    ],
)
def test_glued_fires(text, spot):
    assert glued_at(text) == spot


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Army said the bridge was safe.",
        "Bring supplies, e.g. water and blankets.",
        "Read more at example.com or www.example.org.Today.",
        "Mrs.Smith said the water rose 3.5 feet.",
        "Write to news@example.Com for details.",
        "The vote was 7-2. The mayor agreed.",
    ],
)
def test_glued_silent(text):
    assert glued_at(text) is None, text


# -- datelines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "WASHINGTON (AP) — The Senate voted on Monday to fund the repairs.",
        "LAGOS, Nigeria (Reuters) - Gunmen killed four people on Sunday.",
        "FLORENCE, Italy, Feb. 25 (UPI) -- A court cleared the student.",
        "(HealthDay News) -- Babies remember more after a nap, a study says.",
        "WASHINGTON — The president signed the bill.",
        "Tokyo (CNN) Seven sailors are missing after a collision.",
        "SAN FRANCISCO--(BUSINESS WIRE)--The company said it would appeal.",
        "NEWTOWN, Conn.",
    ],
)
def test_dateline_fires(text):
    assert dateline_at(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith said the bridge would reopen.",
        "Obama — who was in Chicago — said nothing.",
        "Sen. Lindsey Graham (R-S.C.) said Sunday that he agreed.",
        "The agency (NASA) said the launch was delayed.",
        "U.S. officials said the talks would resume.",
    ],
)
def test_dateline_silent(text):
    assert dateline_at(text) is None, text


# -- dangling openers ---------------------------------------------------------------------


def test_opener_words():
    assert opener("He said the bridge would reopen.") == ("pronoun", "He")
    assert opener("However, the work will take a year.") == ("connective", "However")
    assert opener("In addition, the state sent money.") == ("connective", "In addition")
    assert opener("It is unclear when the bridge will reopen.") is None
    assert opener("This week, crews began repairs.") is None
    assert opener("So far, no one has been hurt.") is None
    assert opener("Then-mayor Ana Ruiz opened the bridge.") is None
    assert opener('"But we will rebuild," she said.') is None
    assert opener("Hector Ruiz said the bridge was safe.") is None


def test_first_sentence_opener_is_dangling():
    result = check_summary(["She said it would reopen in May."], [[0]], [MAYOR])
    assert result.flagged("dangling") == {0}
    assert result.dangling == 1


def test_pronoun_after_the_sentence_that_names_her_is_resolved():
    sentences = [
        "Mayor Ana Ruiz visited the bridge on Tuesday morning.",
        "She said it would reopen in May.",
    ]
    assert not check_summary(sentences, [[0], [0]], [MAYOR]).flagged("dangling")


def test_pronoun_resolved_by_a_name_from_another_sentence():
    sentences = ["Ana Ruiz, the mayor, toured the damage.", "She said it would reopen in May."]
    other = "Ana Ruiz, the mayor, toured the damage."
    assert not check_summary(sentences, [[1], [0]], [MAYOR, other]).flagged("dangling")


def test_pronoun_after_an_unrelated_sentence_dangles():
    sentences = [
        "Flooding closed the Harbor Bridge in Millbrook on Monday after two days of heavy rain.",
        "She said it would reopen in May.",
    ]
    result = check_summary(sentences, [[0], [0]], [MAYOR])
    assert result.flagged("dangling") == {1}
    (finding,) = result.of_kind("dangling")
    assert "Mayor Ana Ruiz visited the bridge" in finding.detail


def test_connective_without_its_sentence_dangles():
    sentences = [
        "Flooding closed the Harbor Bridge in Millbrook on Monday after two days of heavy rain.",
        "However, the work will take at least a year, engineers said.",
    ]
    assert check_summary(sentences, [[0], [0]], [MAYOR]).flagged("dangling") == {1}
    kept = [
        "The council approved emergency money for repairs on Wednesday.",
        "However, the work will take at least a year, engineers said.",
    ]
    assert not check_summary(kept, [[0], [0]], [MAYOR]).flagged("dangling")


# -- surnames never introduced ------------------------------------------------------------


def test_surname_only_is_reported_and_full_name_is_not():
    bare = check_summary(['"It was frightening," Molina said.'], [[0]], [WITNESS])
    assert [f.kind for f in bare.findings] == ["unintroduced"]
    assert "Ana Molina" in bare.findings[0].detail
    introduced = [
        "Ana Molina, a teacher, was crossing the bridge when the river rose.",
        '"It was frightening," Molina said.',
    ]
    assert not check_summary(introduced, [[0], [0]], [WITNESS]).of_kind("unintroduced")


def test_common_noun_is_not_a_surname():
    result = check_summary(["Police said no one was hurt in the flooding."], [[0]], [WITNESS])
    assert not result.of_kind("unintroduced")


# -- repeats ------------------------------------------------------------------------------


def test_contained_sentence_is_a_repeat():
    sentences = [
        "The storm killed three people in Millbrook on Monday and closed the main highway.",
        "Forecasters expect the river to crest on Wednesday.",
        "Three people were killed by the storm in Millbrook.",
    ]
    result = check_summary(sentences, None, [" ".join(sentences)])
    (finding,) = result.of_kind("repeat")
    assert (finding.sentence, finding.other) == (2, 0)
    assert result.has_repeat


def test_same_quote_twice_is_a_repeat():
    quote = "we will rebuild every house on this street before the winter comes"
    sentences = [
        f'"{quote.capitalize()}," the mayor told residents at a meeting on Tuesday.',
        f"Ruiz, who grew up in Millbrook, promised that “{quote}” and asked for patience.",
    ]
    result = check_summary(sentences, None, [" ".join(sentences)])
    assert [f.sentence for f in result.of_kind("repeat")] == [1]


def test_different_facts_are_not_repeats():
    sentences = [
        "The storm closed the main highway into Millbrook on Monday.",
        "Forecasters expect the river in Millbrook to crest on Wednesday at twice its level.",
        "The storm left 4,000 customers in Millbrook without power.",
    ]
    assert not check_summary(sentences, None, [" ".join(sentences)]).has_repeat


# -- lead opening and citations -----------------------------------------------------------

ARTICLE = (
    "Barge Strikes Harbor Bridge\n"
    "By Jane Roe\n"
    "A runaway barge struck the Harbor Bridge early on Tuesday. Officials closed the span to "
    "traffic. Engineers began an inspection of the damaged pier.\n"
    "The bridge carries 40,000 cars a day. Repairs could take months."
)


def test_lead_opening_counts_prose_sentences_only():
    third = "Engineers began an inspection of the damaged pier."
    assert check_summary([third], [[0]], [ARTICLE]).lead_opening is True
    fourth = "The bridge carries 40,000 cars a day."
    assert check_summary([fourth], [[0]], [ARTICLE]).lead_opening is False
    assert check_summary([], [], [ARTICLE]).lead_opening is None


def test_citations_verified_modulo_whitespace_and_quotes():
    doc = "The mayor said the bridge was “safe for now,”  and  officials agreed.\nMore text."
    ok = check_summary(
        ['The mayor said the bridge was "safe for now," and officials agreed.'], [[0]], [doc]
    )
    assert (ok.citations, ok.citations_verified) == (1, 1)
    changed = check_summary(
        # a word changed ("sound"), not only deleted: a compressed sentence would pass
        ["The mayor said the bridge was sound, and officials agreed."],
        [[0, 1]],
        [doc],
    )
    assert (changed.citations, changed.citations_verified) == (2, 0)
    assert [f.document for f in changed.of_kind("unverified")] == [0, 1]
    assert "does not exist" in changed.of_kind("unverified")[1].detail
    unknown = check_summary(["Anything at all."], None, [doc])
    assert unknown.citations == 0 and not unknown.of_kind("unverified")


def test_compact_drops_whitespace_and_plains_quotes_and_dashes():
    assert compact(" “A”  —\tB ’s ") == '"A"-B\'s'


def test_checked_documents_are_reused_and_accept_dicts():
    docs = CheckedDocuments([{"text": MAYOR}, WITNESS])
    first = check_summary(["She said it would reopen in May."], [[0]], docs)
    again = check_summary(["She said it would reopen in May."], [[0]], docs)
    assert first.findings == again.findings
    with pytest.raises(ValueError):
        check_summary(["One.", "Two."], [[0]], docs)


# -- the aggregate ------------------------------------------------------------------------


def test_aggregate_shares():
    clean = check_summary(
        [
            "Mayor Ana Ruiz visited the bridge on Tuesday morning.",
            "She said it would reopen in May.",
        ],
        [[0], [0]],
        [MAYOR],
    )
    junky = check_summary(
        [
            "However, the work will take at least a year, engineers said.",
            "Share this story on Facebook.",
        ],
        [[0], [0]],
        [MAYOR],
    )
    report = aggregate([clean, junky])
    assert report.summaries == 2 and report.sentences == 4
    assert report.junk_share == 50.0
    assert report.dangling_share == 25.0 and report.dangling_summary_share == 50.0
    assert report.lead_share == 50.0
    assert report.citation_share == 75.0  # the share prompt is not in the article
    assert report.counts["furniture"] == 1 and report.counts["dangling"] == 1
    assert set(report.to_dict()["counts"]) == set(KINDS)


# -- independence from the pipeline -------------------------------------------------------


def test_checks_import_no_pipeline_or_analysis_rules():
    package = Path(__file__).resolve().parents[1] / "src" / "storybrief" / "evaluate" / "checks"
    modules: set[str] = set()
    for path in sorted(package.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    # the package's own modules import each other; anything else of ours is the text layer
    ours = {
        m
        for m in modules
        if m.startswith("storybrief") and not m.startswith("storybrief.evaluate.checks")
    }
    assert ours and all(m.startswith("storybrief.text.") for m in ours), ours
    assert "storybrief.text.furniture" not in ours  # the cleaner's phrase list


# -- the evaluation flow and the command ---------------------------------------------


def test_evaluate_systems_checks_every_summary_and_keeps_flagged_rows():
    from storybrief.evaluate.rouge import CitedSentence, evaluate_systems
    from storybrief.readers import ClusterInput

    clusters = [ClusterInput("flood", [MAYOR]), ClusterInput("witness", [WITNESS])]

    def system(cluster):
        if cluster.id == "flood":
            return [
                CitedSentence("She said it would reopen in May.", [0]),
                CitedSentence("Share this story on Facebook.", [0]),
            ]
        return ['"It was frightening," Molina said.']  # plain strings: no citations

    (res,) = evaluate_systems(clusters, {"fixed": system}, checks=True, keep_flagged=True)
    assert res.n == 2 and res.scored == 0  # no references: no ROUGE, checks still run
    rows = {(r["id"], r["sentence"], r["kind"]) for r in res.flagged}
    assert rows == {
        ("flood", 0, "dangling"),
        ("flood", 1, "furniture"),
        ("flood", 1, "unverified"),
        ("witness", 0, "unintroduced"),
    }
    assert res.checks.citations == 2 and res.checks.citation_share == 50.0
    assert res.to_dict()["checks"]["counts"]["furniture"] == 1


LONG_LEAD = (
    "Flooding closed the Harbor Bridge in Millbrook on Monday after two days of heavy rain, "
    "forcing the county to send hundreds of commuters on a long detour through the hills "
    "while engineers inspected a damaged pier, checked every cable, measured the scour around "
    "the old stone footings, photographed the cracks, tested the steel, and finally told the "
    "mayor and the council that the span could not safely carry any traffic until repairs "
    "were made.\nThe mayor said it would reopen in May."
)


@pytest.fixture
def data_file(tmp_path):
    path = tmp_path / "clusters.jsonl"
    rows = [
        {"id": "flood", "documents": [LONG_LEAD, MAYOR], "summary": "A flood closed a bridge."},
        {"id": "witness", "documents": [WITNESS]},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cli_prints_checks_next_to_rouge(data_file, tmp_path):
    pytest.importorskip("rouge_score")
    flagged, outputs = tmp_path / "flagged.jsonl", tmp_path / "out.jsonl"
    args = ["evaluate", str(data_file), "-m", "lead", "-w", "150", "--out", str(outputs)]
    result = CliRunner().invoke(app, [*args, "--checks-out", str(flagged)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    for text in (
        "ROUGE-1",
        "1 of 2 clusters",
        "Editor's checks",
        "junk %",
        "dangling % sent.",
        "repeat %",
        "lead open %",
        "citations ok %",
        "over_long",
        "unintroduced",
    ):
        assert text in result.output, text
    # the flagged rows are exactly the checks of the summaries the command wrote
    documents = {
        json.loads(line)["id"]: json.loads(line)["documents"]
        for line in data_file.read_text(encoding="utf-8").splitlines()
    }
    expected = set()
    for line in outputs.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        sentences = [s["text"] for s in row["sentences"]]
        sources = [s["sources"] for s in row["sentences"]]
        for f in check_summary(sentences, sources, documents[row["id"]]).findings:
            expected.add((row["id"], f.sentence, f.kind, f.detail))
    rows = [json.loads(line) for line in flagged.read_text(encoding="utf-8").splitlines()]
    assert {(r["id"], r["sentence"], r["kind"], r["detail"]) for r in rows} == expected
    assert all(r["method"] == "lead" and r["text"] for r in rows)
    # the cluster without a reference was summarized and checked too
    written = {json.loads(line)["id"] for line in outputs.read_text(encoding="utf-8").splitlines()}
    assert written == {"flood", "witness"}


def test_cli_checks_without_references(tmp_path):
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps({"id": "w", "documents": [WITNESS]}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(path), "-m", "lead", "--checks"])
    assert result.exit_code == 0, result.output
    assert "ROUGE omitted" in result.output and "Editor's checks" in result.output
    without = CliRunner().invoke(app, ["evaluate", str(path), "-m", "lead"])
    assert without.exit_code == 5


def test_cli_checks_need_no_rouge_without_references(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "rouge_score", None)
    path = tmp_path / "plain.jsonl"
    path.write_text(json.dumps({"id": "w", "documents": [WITNESS]}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(path), "-m", "lead", "--checks"])
    assert result.exit_code == 0, result.output
    assert "Editor's checks" in result.output
