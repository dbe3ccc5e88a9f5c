"""The checks' third pass on what editorial graders count (issue 17): each rule on text the
test writes, with the near miss it must leave alone."""

from __future__ import annotations

from storybrief.evaluate.checks import check_summary, fragment_reason, furniture_reason


def findings(sentences, sources=None, documents=("",)):
    result = check_summary(sentences, sources, list(documents))
    return [(f.kind, f.sentence, f.detail) for f in result.findings]


def of_kind(kind, sentences, sources=None, documents=("",)):
    return [(i, detail) for k, i, detail in findings(sentences, sources, documents) if k == kind]


# -- repeats: the same fact in other words ------------------------------------------------


def test_same_fact_in_other_words_is_restated():
    digest = [
        "A judge spent the night in a jail cell with the veteran he had sentenced for a "
        "probation violation.",
        "District Court Judge Lou Olivera sentenced a retired Green Beret to a night in jail "
        "for a probation violation and then served the night in the cell with him.",
    ]
    found = of_kind("restated", digest)
    assert [i for i, _ in found] == [1]
    assert "in other words" in found[0][1]


def test_two_facts_of_one_story_are_not_restated():
    digest = [
        "Marty Balin, a co-founder of Jefferson Airplane, died Thursday at 76.",
        "The band played its first show at the Matrix club in San Francisco, which Balin "
        "helped open.",
        "His rep said he died at home in Tampa after a long illness.",
    ]
    assert of_kind("restated", digest) == []


# -- dangling: referents the digest never shows -------------------------------------------


def test_demonstrative_in_mid_sentence_points_at_nothing_shown():
    digest = [
        "According to these reports, which include a map of the base, Area 51 was a testing "
        "site for spy planes."
    ]
    assert [i for i, _ in of_kind("referent", digest)] == [0]


def test_demonstrative_after_its_noun_or_of_time_is_not_a_referent():
    digest = [
        "The CIA released two reports on Thursday.",
        "According to these reports, Area 51 was a testing site for spy planes.",
        "The CIA published the files this week after a request.",
    ]
    assert of_kind("referent", digest) == []
    assert of_kind("referent", ["Share this story with a friend who flies."]) == []


ARTICLE = (
    "Alan Kazdin, a psychology professor at Yale, now teaches a free online course on "
    "parenting.\n"
    "The six-week class covers praise, timeouts and rewards. The key to the course and "
    "learning the techniques is practice."
)


def test_definite_description_its_article_introduced_earlier_is_a_referent():
    digest = [
        "Alan Kazdin teaches parents with praise, timeouts and rewards.",
        "The key to the course and learning the techniques is practice.",
    ]
    found = of_kind("referent", digest, [[0], [0]], [ARTICLE])
    assert [i for i, _ in found] == [1] and "the course" in found[0][1]


def test_definite_description_the_digest_introduced_is_not():
    digest = [
        "Alan Kazdin, a psychology professor at Yale, now teaches a free online course on "
        "parenting.",
        "The key to the course and learning the techniques is practice.",
    ]
    assert of_kind("referent", digest, [[0], [0]], [ARTICLE]) == []


SPEECH = (
    "Anthony Weiner stood in the campaign office on Friday and addressed the interns.\n"
    '"I always say that on every campaign, there are one or two volunteers who really make a '
    'difference," he began.'
)


def test_pronoun_tagged_quote_whose_speaker_the_digest_never_names_is_dangling():
    digest = [
        "The campaign office was busy on the last weekend before the vote.",
        '"I always say that on every campaign, there are one or two volunteers who really make '
        'a difference," he began.',
    ]
    found = of_kind("dangling", digest, [[0], [0]], [SPEECH])
    assert [i for i, _ in found] == [1]


def test_pronoun_tagged_quote_after_its_speaker_is_not():
    digest = [
        "Anthony Weiner stood in the campaign office on Friday and addressed the interns.",
        '"I always say that on every campaign, there are one or two volunteers who really make '
        'a difference," he began.',
    ]
    assert of_kind("dangling", digest, [[0], [0]], [SPEECH]) == []


def test_first_name_only_when_the_sources_give_the_surname_is_unintroduced():
    docs = [
        "Josh Duggar has entered a long-term treatment center, his parents said. Duggar said "
        "he had been unfaithful."
    ]
    found = of_kind(
        "unintroduced", ["His parents said Josh checked himself in on Thursday."], None, docs
    )
    assert found and "first name only" in found[0][1]
    # a place before a common noun is no first name ("Ipswich Police", "Ipswich police said")
    docs = [
        "The rescue was off Crane Beach. Ipswich Police said the swimmer, 58, was safe; "
        "Ipswich police said fog was a factor. Police said he was taken to a hospital."
    ]
    assert (
        of_kind("unintroduced", ["A swimmer was rescued off a beach in Ipswich."], None, docs) == []
    )


# -- unsupported: an opinion page's claims in the digest's own voice ----------------------

REVIEW = (
    "I went in expecting little. I was surprised to find it enthralling, and I don't believe "
    "in ghosts. My view is that the film earns its slow pace, and I left moved. "
    "Importance is earned, shot by shot, scene by scene."
)
NEWS = (
    "The film opened in 2,000 theaters on Friday. Importance is earned, shot by shot, scene by "
    "scene."
)


def test_general_claim_from_an_opinion_page_is_opinion():
    digest = ["Importance is earned, shot by shot, scene by scene."]
    assert [i for i, _ in of_kind("opinion", digest, [[0]], [REVIEW])] == [0]


def test_the_same_claim_from_news_or_attributed_is_not():
    digest = ["Importance is earned, shot by shot, scene by scene."]
    assert of_kind("opinion", digest, [[0]], [NEWS]) == []
    attributed = ["Another reviewer found the film enthralling and slow in the right way."]
    assert of_kind("opinion", attributed, [[0]], [REVIEW]) == []


# -- junk: captions, clauses standing alone, attributions without their quotation ---------


def test_wire_photo_caption_ending_with_its_date_is_furniture():
    caption = (
        "People pray before placing flowers at a sidewalk memorial in San Bernardino, Calif., "
        "Tuesday, April 11, 2017."
    )
    assert furniture_reason(caption) == "photo caption"
    assert furniture_reason("The memorial was held on Tuesday in San Bernardino.") is None


def test_subordinate_clause_or_bare_speech_tag_is_a_fragment():
    assert fragment_reason('Though Yu and Soni have also called it a "secret sauce."')
    assert fragment_reason("Stylish because of its cool and bloodless demeanor.")
    assert fragment_reason("Weiner said loudly, though not enthusiastically.")
    assert fragment_reason("Although it rained all day, the game went on.") is None
    assert fragment_reason("Weiner said the campaign would go on.") is None


def test_epithet_with_a_modifier_and_no_name_is_a_referent():
    digest = [
        "Several celebrities have launched lingerie lines at big-box stores.",
        "The Oscar winner's line of $7 panties and $18 bras went on sale at Target last year.",
    ]
    assert [i for i, _ in of_kind("referent", digest)] == [1]
    named = [
        "Several celebrities have launched lingerie lines at big-box stores.",
        "Halle Berry, the Oscar winner, sells $7 panties at Target.",
        "Hours after Kerry Washington's camp confirmed it, the Scandal star's line sold out.",
    ]
    assert of_kind("referent", named) == []
