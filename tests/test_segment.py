"""Sentence splitting on hand-written news text with the usual traps."""

from __future__ import annotations

import pytest

from storybrief.pipeline.segment import MAX_SENTENCES_PER_DOC, segment
from storybrief.text.sentences import is_lowercased, split_sentences
from storybrief.types import CleanDocument, Document

CASES = [
    # abbreviations that never end a sentence
    (
        "Maj. Gen. Mohammad Ali Jafari spoke on Oct. 30 in Tehran. He was brief.",
        ["Maj. Gen. Mohammad Ali Jafari spoke on Oct. 30 in Tehran.", "He was brief."],
    ),
    # U.S. / U.N. inside a sentence and at its end
    (
        "The U.N. envoy met U.S. officials. The talks ended in the U.S. The next day he left.",
        [
            "The U.N. envoy met U.S. officials.",
            "The talks ended in the U.S.",
            "The next day he left.",
        ],
    ),
    # initials and Jr.
    (
        "John F. Kennedy Jr. was there. Martin Luther King Jr. Day is in January.",
        ["John F. Kennedy Jr. was there.", "Martin Luther King Jr. Day is in January."],
    ),
    # decimals, percentages, money, times
    (
        "Growth was 8.2% in 2015, up from 7.9%. Shares rose $1.50 at 4:40 a.m. on Tuesday.",
        ["Growth was 8.2% in 2015, up from 7.9%.", "Shares rose $1.50 at 4:40 a.m. on Tuesday."],
    ),
    # a quotation of two sentences stays with its attribution
    (
        '"We will not leave. This is our home," she said. Officials disagreed.',
        ['"We will not leave. This is our home," she said.', "Officials disagreed."],
    ),
    # curly quotes, period outside the quote
    (
        "He said: “Absolutely not, we’ve never said that”. Moscow agreed.",
        ["He said: “Absolutely not, we’ve never said that”.", "Moscow agreed."],
    ),
    # question and exclamation inside quotes followed by lower-case attribution
    (
        "“Why now?” he asked. “Because it matters!” she replied.",
        ["“Why now?” he asked.", "“Because it matters!” she replied."],
    ),
    # ellipsis mid-sentence and at a boundary
    (
        "The meeting… will possibly include officials. He paused... Then he left.",
        ["The meeting… will possibly include officials.", "He paused...", "Then he left."],
    ),
    # headline-like text without final punctuation is returned whole
    ("Russia Says Assad Not Essential", ["Russia Says Assad Not Essential"]),
    # No. and Dr.
    (
        "Dr. Smith ranked No. 1 in the poll. Voters were surprised.",
        ["Dr. Smith ranked No. 1 in the poll.", "Voters were surprised."],
    ),
    # a lost space after the period still splits; "no." ends a sentence unless a number follows
    (
        "He was sentenced for a violation.But the judge joined him. Just a big fat no. It was not.",
        [
            "He was sentenced for a violation.",
            "But the judge joined him.",
            "Just a big fat no.",
            "It was not.",
        ],
    ),
    # URLs and e-mail addresses do not split
    (
        "Details are at www.example.com/news.html today. Write to desk@example.org for more.",
        ["Details are at www.example.com/news.html today.", "Write to desk@example.org for more."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_paragraphs_always_split_and_positions_count_up() -> None:
    doc = Document(0, "")
    cleaned = CleanDocument(doc, ["First one. Second one.", "Third one without a period"])
    sentences, warnings = segment([cleaned])
    assert [s.text for s in sentences] == [
        "First one.",
        "Second one.",
        "Third one without a period",
    ]
    assert [s.position for s in sentences] == [0, 1, 2]
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    assert warnings == []


def test_sentence_cap_per_document_warns() -> None:
    doc = Document(0, "", name="long.txt")
    para = " ".join(f"Sentence number {i} is here." for i in range(MAX_SENTENCES_PER_DOC + 50))
    sentences, warnings = segment([CleanDocument(doc, [para])])
    assert len(sentences) == MAX_SENTENCES_PER_DOC
    assert len(warnings) == 1 and "long.txt" in warnings[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a lost space before an opening quote: the quote opens the next sentence
        (
            'He spent the night in jail."When they close that door, you are shut off," he said.',
            [
                "He spent the night in jail.",
                '"When they close that door, you are shut off," he said.',
            ],
        ),
        # ... also after a number
        (
            'She crossed the road on April 1, 1990."It was a tragic day," he said.',
            ["She crossed the road on April 1, 1990.", '"It was a tragic day," he said.'],
        ),
        # ... but a closing quote glued to the next sentence stays with its own
        (
            'He said "we are shut off."Olivera agreed with him.',
            ['He said "we are shut off."', "Olivera agreed with him."],
        ),
        # ... and before a quotation that opens with a single quote mark (a title)
        (
            "He may be back in primetime.\"'Dancing With the Stars' wants him,\" an insider said.",
            [
                "He may be back in primetime.",
                "\"'Dancing With the Stars' wants him,\" an insider said.",
            ],
        ),
        # an abbreviation at the end of a hyphenated name
        (
            "The flight from Minneapolis-St. Paul landed late. Nobody was hurt.",
            ["The flight from Minneapolis-St. Paul landed late.", "Nobody was hurt."],
        ),
    ],
)
def test_damaged_text_splits(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_lower_cased_text_splits_before_lower_case_words() -> None:
    para = (
        'it was a "sordid affair. " democratic leaders turned on weiner. "i will not resign," '
        "weiner said outside his home. weiner has been the center of speculation."
    )
    assert is_lowercased(para * 2)
    assert split_sentences(para, lowercased=True) == [
        'it was a "sordid affair. "',
        "democratic leaders turned on weiner.",
        '"i will not resign," weiner said outside his home.',
        "weiner has been the center of speculation.",
    ]
    # ordinary text is never judged lower-cased, and keeps "e.g. the" together
    news = "Russian Foreign Minister Sergei Lavrov met U.N. envoy Staffan de Mistura. " * 5
    assert not is_lowercased(news)
    assert split_sentences("they use many tools, e.g. the drill. it works.", True) == [
        "they use many tools, e.g. the drill.",
        "it works.",
    ]
