"""A person's full name at the digest's first bare mention of their surname
(storybrief.pipeline.naming).  Text written here."""

from __future__ import annotations

from storybrief.evaluate.checks import check_summary
from storybrief.pipeline import Summarizer
from storybrief.pipeline.naming import first_mention_names
from storybrief.text.compress import Compression, is_compression

DOCS = [
    "Sprint Nextel will begin selling the new iPhone in mid-October, people familiar with the "
    "matter said. The deal fills a huge hole in the carrier's lineup of smartphones. Analyst "
    "Richard Doherty of the research firm Envisioneering said the phone would draw new "
    'customers to the carrier. "Sprint needs it," said Mr. Doherty.',
    "Sprint will sell Apple's iPhone starting next month, according to two people briefed on "
    'the plan. The carrier had 52 million subscribers at the end of June. "Sprint needs the '
    'phone badly," Doherty said on Tuesday.',
    "Judge Lou Olivera sentenced the veteran to a night in jail on Monday in Fayetteville. "
    'Olivera said the veteran had lied about his drug tests. "I had never been to jail '
    'before," the veteran said. Olivera spent the night in the cell beside him.',
]


def _digest(sentences: list[str], docs: list[str] = DOCS) -> list[str]:
    """The digest of ``sentences`` (texts of the cluster's units) in this order, named."""
    cluster, _ = Summarizer().prepare(docs)
    texts = [cluster.unit_text(u) for u in cluster.units]
    ordered = [texts.index(s) for s in sentences]
    comps = [Compression(t, t) for t in texts]
    named = first_mention_names(cluster, ordered, comps, set())
    return [named[u].text for u in ordered]


def test_a_bare_surname_gets_the_full_name_its_article_writes() -> None:
    out = _digest(['"Sprint needs it," said Mr. Doherty.'])
    # the courtesy title gives way to the first name
    assert out == ['"Sprint needs it," said Richard Doherty.']
    # a role in full words that the article puts before the name is kept
    out = _digest(["Olivera said the veteran had lied about his drug tests."])
    assert out == ["Judge Lou Olivera said the veteran had lied about his drug tests."]


def test_later_mentions_and_introduced_people_stay_as_they_are() -> None:
    out = _digest(
        [
            "Olivera said the veteran had lied about his drug tests.",
            "Olivera spent the night in the cell beside him.",
        ]
    )
    assert out[0].startswith("Judge Lou Olivera said")
    assert out[1] == "Olivera spent the night in the cell beside him."
    # introduced by an earlier digest sentence: nothing to add
    intro = "Judge Lou Olivera sentenced the veteran to a night in jail on Monday in Fayetteville."
    out = _digest([intro, "Olivera spent the night in the cell beside him."])
    assert out[1] == "Olivera spent the night in the cell beside him."


def test_only_from_a_cited_article() -> None:
    # the second article never writes "Richard Doherty": its sentence stays as it is
    line = '"Sprint needs the phone badly," Doherty said on Tuesday.'
    assert _digest([line]) == [line]


def test_an_ambiguous_surname_is_left_alone() -> None:
    docs = [
        *DOCS,
        "Mary Doherty, the analyst's sister, said she had switched carriers. Doherty said "
        "Sprint was cheaper.",
    ]
    line = '"Sprint needs it," said Mr. Doherty.'
    assert _digest([line], docs) == [line]


def test_never_inside_a_quotation() -> None:
    docs = [
        "Judge Lou Olivera sentenced the veteran to a night in jail on Monday. Olivera said "
        'the sentence was fair. "Olivera was kind to me and I will never forget it," the '
        "veteran told reporters on Tuesday.",
    ]
    line = '"Olivera was kind to me and I will never forget it," the veteran told reporters on Tuesday.'
    assert _digest([line], docs) == [line]


def test_the_digest_records_the_rewrite_and_its_citation_verifies() -> None:
    summary = Summarizer(max_words=40).summarize(DOCS)
    data = summary.to_dict()
    named = [s for s in data["sentences"] if s["named"]]
    for s in data["sentences"]:
        # undo the namings: the sentence as compression left it, a subsequence of its source
        text = s["text"]
        for n in s["named"]:
            assert n["name"] in DOCS[n["document"]]
            assert n["document"] in s["sources"]
            text = text.replace(n["name"], n["text"], 1)
        assert is_compression(text, s["original"])
    assert summary.n_words <= 40
    checks = check_summary(
        [s["text"] for s in data["sentences"]], [s["sources"] for s in data["sentences"]], DOCS
    )
    assert checks.citations_verified == checks.citations
    # the quote need not wait for the analyst's introduction: it brings his name itself
    assert [n["name"] for s in named for n in s["named"]] == ["Richard Doherty"]
    assert '"Sprint needs it," said Richard Doherty.' in summary.text
    assert not checks.of_kind("unintroduced")


def test_the_checks_verify_a_full_name_only_from_the_article() -> None:
    docs = [
        'Analyst Richard Doherty said the phone would sell. "Sprint needs it," said Mr. Doherty.'
    ]
    ok = '"Sprint needs it," said Richard Doherty.'
    made_up = '"Sprint needs it," said Robert Doherty.'
    checks = check_summary([ok, made_up], [[0], [0]], docs)
    assert checks.citations == 2 and checks.citations_verified == 1
    assert [f.sentence for f in checks.of_kind("unverified")] == [1]


def test_name_introductions_can_be_switched_off() -> None:
    summary = Summarizer(max_words=40, name_introductions=False).summarize(DOCS)
    assert all(not s.named for s in summary.sentences)
