"""The editor's checks for the defect kinds graders count (issue 17): each new rule fires on a
bad case written here and stays silent on its good near-miss, and the per-digest counts in the
graders' kinds add up."""

from __future__ import annotations

import pytest

from storybrief.evaluate.checks import (
    EDITOR_KINDS,
    KINDS,
    CheckedDocuments,
    aggregate,
    check_sentence,
    check_summary,
    fragment_reason,
    furniture_reason,
    glued_at,
)

STORM = (
    "Hurricane Delia struck the coast of Millbrook on Monday, killing 12 people and leaving "
    "$40 million in damage.\n"
    "Mayor Ana Ruiz said the storm was the worst in a century.\n"
    "Emergency crews reported that the hurricane flattened 300 homes near the harbor.\n"
    "Delia killed 12 people and caused $40 million in damage across Millbrook, officials said."
)
ROUNDUP = (
    "Pop singer Lena Park filed for divorce on Friday in Los Angeles, her lawyer said.\n"
    "Park and her husband married in 2015.\n"
    "In other celebrity news, chef Marco Bellini opened a bakery in Denver this week."
)
ROUNDUP_2 = "Lena Park, the pop singer, filed for divorce in Los Angeles on Friday."


def _kinds(result, kind):
    return sorted(f.sentence for f in result.findings if f.kind == kind)


# -- junk forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "EMBED More News Videos Police said the fire started in the kitchen.",
        "Follow Jane Roe on Twitter @janeroe.",
        "Get push notifications with news, features and more.",
        "Reporter Tom Hale has an exclusive report.",
        "CLOSE Police confirmed that two bodies were found near the river on Tuesday.",
        "The video shown here explains the disease and can be shared.",
        "Crawl of outlinks from example.org started March, 2016.",
        "We will not back down — Jane Roe (@janeroe) May 3, 2017",
    ],
)
def test_new_furniture_forms(text):
    assert furniture_reason(text) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "He said he would follow the court's ruling on Twitter's case.",
        "The city will send push alerts when the roads are closed, the mayor said.",
        "The reporter who broke the story has since left the paper.",
        "Close to 300 people attended the vigil on Tuesday.",
    ],
)
def test_new_furniture_forms_spare_prose(text):
    assert furniture_reason(text) is None, text


@pytest.mark.parametrize(
    "text",
    [
        "The motion was backed by Ald.",
        "The bill was signed by Gov.",
        "The team was ranked No.",
        "“The council never asked us about the bridge, not once in ten years.",
        "[For women, heavy drinking has been normalized.",
        "T he most likely person to win the seat is the mayor.",
        "Starring Matt Damon and Cecile De France.",
    ],
)
def test_cut_and_broken_sentences_are_fragments(text):
    assert fragment_reason(text) is not None, text


@pytest.mark.parametrize(
    "text",
    [
        "The motion was backed by Ald. Brendan Reilly on Monday.",
        "The team finished the season ranked No. 3 in the country.",
        "“The council never asked us,” she said.",
        "The film, starring Matt Damon, opens on Friday.",
    ],
)
def test_whole_sentences_are_not_fragments(text):
    assert fragment_reason(text) is None, text


def test_glued_at_a_quotation_that_opens_with_i():
    assert glued_at('The judge was locked up with him."I had never been to jail," he said.')
    assert glued_at('He said "I had never been to jail."') is None


# -- opinion ------------------------------------------------------------------------------


def test_unattributed_first_person_and_verdicts_are_opinion():
    for text in (
        "First, let's consult the dictionary for a definition of the word.",
        "We think the council got this one badly wrong.",
        "The remake has none of the first film's charm or hilarity.",
        "Of course, the plan was never going to work.",
    ):
        assert [f.kind for f in check_sentence(text)] == ["opinion"], text


def test_quoted_or_attributed_opinion_is_not():
    for text in (
        "“We think the council got this one badly wrong,” said Ana Ruiz.",
        "The remake has none of the first film's charm, writes a critic in the Times.",
        "The storm killed 12 people in Millbrook on Monday.",
        "World War I ended in 1918.",
    ):
        assert not [f for f in check_sentence(text) if f.kind == "opinion"], text


# -- referents, surnames, quotes --------------------------------------------------------


def test_definite_description_never_introduced_is_a_referent():
    result = check_summary(["The group said it would appeal the ruling on Monday."], None, [STORM])
    assert _kinds(result, "referent") == [0]
    assert "The group" in result.of_kind("referent")[0].detail


def test_introduced_or_restricted_description_is_not():
    for sentences in (
        # introduced in other words: a hurricane is the storm
        ["Hurricane Delia struck Millbrook on Monday.", "The storm flattened 300 homes."],
        # the noun itself came before
        ["A local group sued the city on Monday.", "The group said it would appeal."],
        # a restrictive phrase says which one
        ["The group of residents said it would appeal the ruling on Monday."],
        # a name follows
        ["The group Friends of the Harbor said it would appeal the ruling."],
    ):
        result = check_summary(sentences, None, [STORM])
        assert not result.of_kind("referent"), sentences


def test_surname_before_its_full_name_or_used_as_a_person_is_unintroduced():
    docs = [
        "Ana Molina, a teacher, was crossing the bridge when the river rose. "
        "Molina said she was frightened. Molina's husband waited on the bank."
    ]
    later = check_summary(
        ["Molina's husband waited on the bank.", "Ana Molina was crossing the bridge."],
        None,
        docs,
    )
    assert _kinds(later, "unintroduced") == [0]
    verb = check_summary(["Molina was crossing the bridge when the river rose."], None, docs)
    assert _kinds(verb, "unintroduced") == [0]
    first = check_summary(
        ["Ana Molina was crossing the bridge.", "Molina's husband waited."], None, docs
    )
    assert not first.of_kind("unintroduced")


def test_a_place_is_no_surname():
    docs = [
        "The shooting happened in Upper Darby on Thursday. Darby police said upper floors burned."
    ]
    result = check_summary(["Darby police said the suspect fled."], None, docs)
    assert not result.of_kind("unintroduced")


def test_quotation_with_no_speaker_anywhere_is_speakerless():
    docs = ['"The water came up to the windows in minutes," said Ana Ruiz.']
    alone = check_summary(['"The water came up to the windows in minutes."'], None, docs)
    assert _kinds(alone, "speakerless") == [0]
    spoken = check_summary(
        ["Ana Ruiz, the mayor, described the flood.", '"The water came up in minutes."'],
        None,
        docs,
    )
    assert not spoken.of_kind("speakerless")
    attributed = check_summary(['"The water came up in minutes," Ruiz said.'], None, docs)
    assert not attributed.of_kind("speakerless")


# -- the same fact again, off the story ------------------------------------------------


def test_same_fact_from_a_second_source_is_restated():
    sentences = [
        "Hurricane Delia struck the coast of Millbrook on Monday, killing 12 people and leaving "
        "$40 million in damage.",
        "Mayor Ana Ruiz said the storm was the worst in a century.",
        "Delia killed 12 people and caused $40 million in damage across Millbrook, officials said.",
    ]
    result = check_summary(sentences, None, [STORM])
    assert _kinds(result, "restated") == [2] or _kinds(result, "repeat") == [2]
    assert result.editor_counts()["repeats"] == 1


def test_sentences_sharing_a_figure_but_not_the_fact_are_not_restated():
    sentences = [
        "Hurricane Delia killed 12 people in Millbrook on Monday.",
        "The council has 12 members, and it meets on Thursdays in the old library.",
    ]
    result = check_summary(sentences, None, [STORM])
    assert not result.of_kind("restated") and not result.of_kind("repeat")


def test_roundup_item_is_off_story():
    sentences = [
        "Pop singer Lena Park filed for divorce on Friday in Los Angeles, her lawyer said.",
        "Park and her husband married in 2015.",
        "In other celebrity news, chef Marco Bellini opened a bakery in Denver this week.",
    ]
    result = check_summary(sentences, [[0], [0], [0]], [ROUNDUP, ROUNDUP_2])
    assert _kinds(result, "off_story") == [2]
    on_story = check_summary(sentences[:2], [[0], [0]], [ROUNDUP, ROUNDUP_2])
    assert not on_story.of_kind("off_story")


# -- citations: compression by deletion only ------------------------------------------


def test_compressed_sentence_verifies_and_looser_does_not():
    doc = (
        "In a statement released on Tuesday, the company said it would close the plant, "
        "the Associated Press reports."
    )
    compressed = check_summary(["The company said it would close the plant."], [[0]], [doc])
    assert (compressed.citations, compressed.citations_verified) == (1, 1)
    moved = check_summary(["The plant would close, the company said."], [[0]], [doc])
    assert moved.citations_verified == 0
    changed = check_summary(["The firm said it would close the plant."], [[0]], [doc])
    assert changed.citations_verified == 0
    # words from two sentences are no compression of one
    two = "The company met on Tuesday. It said the plant would close."
    across = check_summary(["The company said the plant would close."], [[0]], [two])
    assert across.citations_verified == 0


def test_reworded_citation_is_unverified_but_no_bad_citation():
    doc = "The council approved emergency money for bridge repairs on Wednesday evening."
    result = check_summary(
        ["On Wednesday evening the council approved emergency money for repairs."], [[0]], [doc]
    )
    assert result.of_kind("unverified") and result.of_kind("unverified")[0].supported
    assert result.editor_counts()["bad_citations"] == 0
    unrelated = check_summary(["The mayor resigned over the scandal."], [[0]], [doc])
    assert unrelated.editor_counts()["bad_citations"] == 1


# -- counts in the graders' kinds -------------------------------------------------------


def test_editor_counts_cover_the_graders_kinds_and_the_report_means():
    assert tuple(EDITOR_KINDS) == ("repeats", "dangling", "junk", "unsupported", "bad_citations")
    assert {k for kinds in EDITOR_KINDS.values() for k in kinds} <= set(KINDS)
    docs = CheckedDocuments([STORM])
    bad = check_summary(
        [
            "The group said it would appeal the ruling on Monday.",
            "Get push notifications with news, features and more.",
        ],
        None,
        docs,
    )
    good = check_summary(["Hurricane Delia struck the coast of Millbrook on Monday."], None, docs)
    assert bad.editor_counts() == {
        "repeats": 0,
        "dangling": 1,
        "junk": 1,
        "unsupported": 0,
        "bad_citations": 0,
    }
    assert sum(good.editor_counts().values()) == 0
    report = aggregate([bad, good]).to_dict()
    assert report["per_digest"] == {
        "repeats": 0.0,
        "dangling": 0.5,
        "junk": 0.5,
        "unsupported": 0.0,
        "bad_citations": 0.0,
    }


def test_evaluate_command_reports_defects_per_digest_in_json_and_text(tmp_path):
    import json

    from typer.testing import CliRunner

    from storybrief.cli import app

    data = tmp_path / "clusters.jsonl"
    data.write_text(
        json.dumps({"id": "storm", "documents": [STORM], "summary": "A hurricane hit Millbrook."})
        + "\n",
        encoding="utf-8",
    )
    outputs = tmp_path / "out.jsonl"
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "evaluate",
            str(data),
            "--checks",
            "--method",
            "lead",
            "-w",
            "80",
            "--json",
            "--out",
            str(outputs),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    per = report["methods"][0]["checks"]["per_digest"]
    assert set(per) == set(EDITOR_KINDS)
    rows = [json.loads(line) for line in outputs.read_text(encoding="utf-8").splitlines()]
    assert set(rows[0]["defects"]) == set(EDITOR_KINDS)
    # the file's one summary: its counts are the mean
    assert all(per[k] == rows[0]["defects"][k] for k in EDITOR_KINDS)
    text = runner.invoke(app, ["evaluate", str(data), "--checks", "--method", "lead", "-w", "80"])
    assert text.exit_code == 0 and "graders' kinds" in text.output


def test_he_opening_the_digest_is_dangling():
    result = check_summary(["He said the bridge would reopen in May."], None, [STORM])
    assert result.editor_counts()["dangling"] == 1
    named = check_summary(
        ["Mayor Ana Ruiz spoke on Tuesday.", "She said the bridge would reopen in May."],
        None,
        ["Mayor Ana Ruiz spoke on Tuesday. She said the bridge would reopen in May."],
    )
    assert named.editor_counts()["dangling"] == 0
