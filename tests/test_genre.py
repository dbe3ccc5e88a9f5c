"""Issue 17, item 5: genres of articles (opinion, review, explainer, round-up) and the opener
that states the main event.  Text written here."""

from __future__ import annotations

from storybrief.analysis.genre import classify
from storybrief.pipeline import Summarizer
from storybrief.pipeline.readability import rejection

NEWS = (
    "The Riverton city council approved a $2.1 billion budget on Monday after a debate that "
    "lasted nine hours, officials said. Council members voted 7 to 4 for the plan, the clerk "
    "said. The plan raises spending on schools by 8 percent, the mayor's office said. It also "
    "hires 40 new teachers, according to the district. Opponents said property taxes would "
    "rise. The mayor said a review would follow in the spring. The vote came after months of "
    "talks, council members said. The budget takes effect in July, the clerk said."
)
COLUMN = (
    "I have lived in Riverton for thirty years, and I have never seen a budget this reckless. "
    "The council has decided that spending is the answer to every question. My neighbors "
    "cannot afford another tax increase. I think the mayor knows it. The schools deserve "
    "better than a plan written in a hurry. I watched the nine-hour debate, and my patience "
    "ran out long before the vote. Riverton deserves leaders who can count. I will vote "
    "against every one of them in the fall."
)
REVIEW = (
    "The new film from director Ana Ruiz is a quiet triumph. The movie follows a grain barge "
    "captain through one long night on the river. Its pacing is patient and its images are "
    "lovely. The film drags in its second hour. The lead performance carries the story. "
    "Three out of four stars. The score is spare and effective. It opens in theaters Friday."
)
EXPLAINER = (
    "What is the Riverton budget? It is the city's plan for spending next year. Why does it "
    "matter? It sets how much schools get. Who voted for it? Seven of the eleven council "
    "members did. What happens next? The mayor signs it. When does it take effect? In July. "
    "Will taxes rise? Opponents say they will."
)


def _genres(*docs: str) -> list[str]:
    cluster, _ = Summarizer().prepare(list(docs))
    return [g.genre for g in classify(cluster)]


def test_genres_are_recognised() -> None:
    assert _genres(NEWS, COLUMN, REVIEW, EXPLAINER) == ["news", "opinion", "review", "explainer"]


def test_labels_at_the_top_decide() -> None:
    assert _genres(NEWS, "Opinion: Riverton's budget is a mistake\n\n" + NEWS)[1] == "opinion"


def test_an_explainer_label_in_a_caption_does_not_make_an_explainer() -> None:
    # a news report whose photo caption promotes a video ("Here's what you need to know
    # about him") is still news; the same words as its headline label an explainer
    caption = "The mayor spoke on Monday. Here's what you need to know about him. (Photo: AP)\n\n"
    assert _genres(NEWS, caption + NEWS)[1] == "news"
    assert _genres(NEWS, "Riverton's budget: what you need to know\n\n" + NEWS)[1] == "explainer"


def test_a_source_telling_the_reporter_is_attribution_not_reader_address() -> None:
    told = "Sources tell me the singer has not agreed to anything yet and is worried."
    assert rejection(told) is None
    assert rejection("I think the singer should not agree to anything yet.") is not None
    assert rejection("You will not believe what the singer did on the show.") is not None


def test_a_roundup_keeps_only_its_paragraphs_about_the_story() -> None:
    other_items = [
        "A pop star's tour of Europe sold out in an hour, the promoter said on Tuesday.",
        "Scientists in Norway found a new species of deep-sea worm near an oil platform.",
        "A hurricane is expected to strengthen over the Atlantic by the weekend, forecasters said.",
        "A new smartphone with a folding screen goes on sale in Japan next month.",
        "Wheat prices fell for a third straight week as the harvest came in early.",
        "A museum in Madrid returned a stolen painting to a family in Vienna.",
        "Marathon organizers in Boston added a second start wave for next spring's race.",
        "A giant panda at a zoo in Washington gave birth to twins, keepers said.",
    ]
    roundup = "\n\n".join(
        ["Top stories this morning."]
        + other_items[:4]
        + [
            "The Riverton city council approved a $2.1 billion budget on Monday by a vote of 7 to 4."
        ]
        + other_items[4:]
    )
    # (a page is judged against other documents long enough to show what the story is)
    news = [NEWS, NEWS.replace("Riverton", "the city of Riverton", 1)]
    cluster, _ = Summarizer().prepare([*news, roundup])
    genre = classify(cluster)[2]
    assert genre.genre == "roundup"
    summary = Summarizer(max_words=150).summarize([*news, roundup])
    for item in other_items:
        assert item not in summary.text
    assert summary.to_dict()["genres"][2]["genre"] == "roundup"
    # against a single short article nothing can be told
    cluster, _ = Summarizer().prepare([NEWS, roundup])
    assert classify(cluster)[1].genre == "news"


def test_opinion_is_left_out_while_news_remains() -> None:
    summary = Summarizer(max_words=150).summarize([NEWS, COLUMN])
    assert summary.sentences
    assert all(s.sources == [0] or 0 in s.sources for s in summary.sentences)
    # without genres the column's verdicts can come in
    off = Summarizer(max_words=150, genres=False).summarize([NEWS, COLUMN])
    assert any(1 in s.sources for s in off.sentences)


def test_a_cluster_of_reviews_is_summarized_from_its_reviews() -> None:
    summary = Summarizer(max_words=60).summarize([REVIEW])
    assert summary.sentences


def test_captions_and_other_stories_are_rejected() -> None:
    assert (
        rejection(
            "Jane Roe exits the stage after accepting the award at the Riverton Theatre on "
            "Sunday, Feb. 26, 2017, in Port Ellery."
        )
        == "caption"
    )
    assert rejection("Jane Roe poses with the mayor after the ceremony in Riverton.") == "caption"
    assert rejection("In unrelated news, police arrested two men for theft in Riverton.")
    assert rejection("The council met on Sunday to approve the budget for 2017.") is None


def test_the_opener_states_the_event_not_the_background() -> None:
    docs = [
        "When Dana Okafor first ran for mayor of Port Ellery, the Harbor Bridge was already "
        "sixty years old and crumbling. Engineers closed the Harbor Bridge on Tuesday after a "
        "grain barge struck one of its piers, officials said. Repairs could take months.",
        "A grain barge struck the Harbor Bridge in Port Ellery on Tuesday, and engineers closed "
        "the span to all traffic. The bridge carries a fifth of the port's trucks.",
        "The Harbor Bridge was closed on Tuesday after a barge hit a pier, the port authority "
        "said. Freight will be diverted to the north terminal.",
    ]
    first = Summarizer(max_words=80).summarize(docs).sentences[0].text
    assert not first.startswith("When"), first
    assert "Tuesday" in first


def test_a_present_tense_caption_with_place_and_weekday_is_a_caption() -> None:
    caption = (
        "Jane Roe takes part in a hockey match at the Ice Dome in Riverton, Ellonia, on Saturday."
    )
    assert rejection(caption) == "caption"
    news = "Jane Roe took part in a hockey match at the Ice Dome in Riverton, Ellonia, on Saturday."
    assert rejection(news) is None
    assert rejection("Jane Roe says she will play in Riverton, Ellonia, on Saturday.") is None


def test_the_opener_names_who_it_is_about_before_a_pronoun() -> None:
    from storybrief.pipeline.select import pronoun_before_name

    assert pronoun_before_name("Sure, he earned a master's degree at age 17.")
    assert pronoun_before_name("Police said she had left the house before noon.")
    assert not pronoun_before_name("Heath Roe, 18, says he is the slacker of the family.")
    assert not pronoun_before_name("The council approved the budget on Monday.")
    docs = [
        "Sure, he earned a master's degree in computer science at age 17. Heath Roe, 18, of "
        "Port Ellery, says he is the slacker of his nine siblings, his mother said on Monday.",
        "Heath Roe, 18, earned a master's degree in computer science at 17, his mother said on "
        "Monday. Seven of the ten Roe children went to college by the age of twelve.",
    ]
    first = Summarizer(max_words=60).summarize(docs).sentences[0].text
    assert not first.startswith("Sure, he"), first


def test_news_too_long_for_the_budget_leaves_the_other_genres_a_digest() -> None:
    # every news sentence is longer than the whole 16-word budget: a digest from the review
    # beats an empty one (round 4, r4l11; before, the news-only restriction left nothing)
    news = (
        "The Riverton city council approved a $2.1 billion budget on Monday after a debate that "
        "lasted nine hours and ended well after midnight, officials said. Council members voted "
        "seven to four for the plan that raises spending on schools by eight percent and hires "
        "forty new teachers, the clerk said. Opponents on the council said property taxes would "
        "rise for most homeowners in the city next year, according to the district office."
    )
    summary = Summarizer(max_words=16).summarize([news, REVIEW])
    assert [g.genre for g in summary.genres] == ["news", "review"]
    assert summary.sentences and all(s.sources == [1] for s in summary.sentences)
    assert summary.empty_reason is None
