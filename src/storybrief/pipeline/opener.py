"""The learned opener (issue 17, item 5): which lead sentence opens the digest.

:func:`storybrief.pipeline.select.choose_opener` narrows the units to the candidates an
opener may be (lead sentences that stand alone, from trusted articles, not a quotation or a
pronoun before a name) and values them by a hand-weighted rule.  With an
:class:`OpenerModel` the value is instead a LightGBM ranker's score (trained by
:mod:`storybrief.train_opener` on Multi-News *train* to rank the candidates by their ROUGE
against the reference summary's first sentence), read from numpy arrays at run time.

Its inputs, per candidate (:data:`OPENER_FEATURES`, none that depends on how many or how
long the articles are): the unit features the rule reads
(salience, the article's centrality, closeness to the other articles' leads, position,
length) and some more, each also scaled within the cluster's candidates (a ranker compares
candidates of one cluster), the rule's own value, and cues read from the text.  Cues read no
capitals: the training form is lower-cased, so "said" and "Tuesday" count, names do not.

* event: a weekday, "yesterday", a date; an attribution verb ("said", "told", "according
  to", "announced"); past-tense verbs;
* background: an anecdote's or explainer's opening ("When ...", "Imagine ..."), a
  generalisation ("studies have shown", "more likely to"), present-tense generic verbs;
* caption: no finite verb among the first words, a noun phrase opening a relative clause
  ("The building in Accra, where ...");
* numbers, quotation marks, a question, a first-person pronoun.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from storybrief.pipeline.features import scale01
from storybrief.pipeline.learned import TreeEnsemble
from storybrief.pipeline.select import OpenerCandidates
from storybrief.text.lexicon import MONTH_STARTS, WEEKDAY_STEMS

OPENER_MODEL = "opener-v1"
_MODELS = Path(__file__).resolve().parent.parent / "models"

_UNIT_COLUMNS = (
    "position",
    "n_words",
    "emb_lead_other",
    "emb_lead",
    "emb_centroid",
    "centroid_sim",
    "lexrank",
    "support_docs",
    "support_frac",
    "n_docs",
    "has_number",
    "mean_idf",
    "doc_relevance",
)
_SCALED = ("salience", "centrality", "emb_lead_other", "emb_centroid", "lexrank", "mean_idf")
_CUES = (
    "when",
    "attribution",
    "past_verbs",
    "background_opening",
    "generalisation",
    "present_verbs",
    "no_early_verb",
    "relative_opening",
    "numbers",
    "quote_marks",
    "question",
    "first_person",
    "colon",
)
CANDIDATE_COLUMNS: tuple[str, ...] = (
    "salience",
    "centrality",
    "rule_value",
    "rule_rank",
    "n_candidates",
    *_UNIT_COLUMNS,
    *(f"{c}_scaled" for c in _SCALED),
    *(f"cue_{c}" for c in _CUES),
)
"""Every column :func:`candidate_matrix` computes (training caches keep them all)."""
SIZE_DEPENDENT = ("n_candidates", "n_docs", "support_docs", "doc_relevance", "centrality")
"""Columns whose range depends on how many and how long the articles are: a truncated
training cluster and a full web cluster differ there (left out as in the salience model;
with them the ranker beat the rule on held-out train clusters and lost on validation_raw)."""
OPENER_FEATURES: tuple[str, ...] = tuple(n for n in CANDIDATE_COLUMNS if n not in SIZE_DEPENDENT)
"""What the ranker reads."""
MODEL_COLUMNS = [CANDIDATE_COLUMNS.index(n) for n in OPENER_FEATURES]

# -- the cues' words: alternations for a "(?:...)" group, lower case like the training form
# (the patterns ignore case all the same) --------------------------------------------------

# words that tell when an event happened, besides a weekday and a date
_TIME_WORDS = "yesterday|today|tonight|last night"
# words that credit a statement to its source
_ATTRIBUTION_WORDS = "said|says|told|according to|announced|reported|reports|confirmed|stated"
# past tenses the "-ed" ending does not find (and a few it does)
_PAST_WORDS = (
    "was|were|had|did|made|took|gave|won|lost|fell|rose|left|came|went|"
    "began|got|found|held|hit|killed|shot|struck|sent|told|said|became|ran|broke|caught"
)
# the present tense and adverbs of a generic statement ("people who ... tend to")
_PRESENT_WORDS = "is|are|has|have|does|do|can|tend|tends|often|usually"
# finite verbs the "-ed" and "-s" endings do not find: auxiliaries, modals, irregular pasts
_FINITE_WORDS = (
    "is|are|was|were|has|have|had|will|would|can|could|may|might|"
    "must|should|did|do|does|said|told|made|took|gave|won|lost|fell|rose|came|went|got|"
    "found|held|hit|shot|sent|became|ran|broke|caught|says|say"
)
# an anecdote's or explainer's first words ("When ...", "Imagine ...", "Years ago ...")
_BACKGROUND_WORDS = (
    "when|as|while|although|though|if|imagine|picture|once upon|it was|it's been|"
    "it’s been|back in|years ago|decades|for years|for decades|like many|unlike"
)
_FIRST_PERSON_WORDS = "i|we|my|our|me|us"

_WHEN = re.compile(
    rf"\b(?:(?:{WEEKDAY_STEMS.lower()})day|{_TIME_WORDS}|"
    rf"this (?:week|morning|afternoon|evening)|(?:{MONTH_STARTS.lower()})[a-z]*\.? \d{{1,2}}\b)",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(rf"\b(?:{_ATTRIBUTION_WORDS})\b", re.IGNORECASE)
_PAST = re.compile(rf"\b(?:\w{{3,}}ed|{_PAST_WORDS})\b", re.IGNORECASE)
_PRESENT = re.compile(rf"\b(?:{_PRESENT_WORDS})\b", re.I)
_FINITE = re.compile(rf"\b(?:\w{{3,}}ed|\w{{3,}}s|{_FINITE_WORDS})\b", re.IGNORECASE)
_BACKGROUND_OPENING = re.compile(rf"[\"“]?(?:{_BACKGROUND_WORDS}|in \d{{4}})\b", re.IGNORECASE)
_GENERALISATION = re.compile(
    r"\b(?:studies (?:have )?(?:shown|show|found|suggest)|research (?:has )?(?:shown|shows|"
    r"suggests)|more likely|less likely|tend to|are known|experts say|it is well known|"
    r"according to (?:experts|research)|people who|those who)\b",
    re.IGNORECASE,
)
_RELATIVE_OPENING = re.compile(
    r"^[\"“]?(?:the|a|an|this|these)\s+(?:[\w'’,-]+\s+){0,8}?(?:where|which|who|"
    r"that)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_FIRST_PERSON = re.compile(rf"\b(?:{_FIRST_PERSON_WORDS})\b", re.IGNORECASE)


def _relative_opening(text: str) -> bool:
    """A noun phrase opening a relative clause with no finite verb before it: a caption."""
    m = _RELATIVE_OPENING.match(text)
    return m is not None and _FINITE.search(text, 0, m.end() - len(m.group(0).split()[-1])) is None


def cue_columns() -> list[int]:
    """The columns of :data:`CANDIDATE_COLUMNS` that :func:`text_cues` fills."""
    return [CANDIDATE_COLUMNS.index(f"cue_{c}") for c in _CUES]


def text_cues(text: str) -> list[float]:
    """The cue values of one sentence, in the order of ``_CUES``."""
    words = text.split()
    n = max(len(words), 1)
    head = " ".join(words[:8])
    return [
        float(_WHEN.search(text) is not None),
        float(_ATTRIBUTION.search(text) is not None),
        len(_PAST.findall(text)) / n,
        float(_BACKGROUND_OPENING.match(text) is not None),
        float(_GENERALISATION.search(text) is not None),
        len(_PRESENT.findall(text)) / n,
        float(_FINITE.search(head) is None),
        float(_relative_opening(text)),
        float(len(_NUMBER.findall(text))),
        float(text.count('"') + text.count("“") + text.count("”")),
        float(text.rstrip().endswith("?")),
        float(_FIRST_PERSON.search(text) is not None),
        float(":" in text),
    ]


def candidate_matrix(shown: OpenerCandidates) -> np.ndarray:
    """One row of :data:`CANDIDATE_COLUMNS` per candidate unit."""
    features, centrality, texts = shown.features, shown.centrality, shown.texts
    c = np.asarray(shown.candidates, dtype=np.int64)
    k = c.size
    salience = np.asarray(shown.scores, dtype=np.float64)[c]
    docs = features.column("doc_index").astype(int)[c]
    if centrality is not None and len(centrality):
        central = np.asarray(centrality, dtype=np.float64)[docs]
    else:
        central = np.zeros(k)
    rule = np.asarray(shown.rule_value, dtype=np.float64)[c]
    rule_rank = np.argsort(np.argsort(-rule, kind="stable"), kind="stable").astype(np.float64)
    columns = {
        "salience": salience,
        "centrality": central,
        "rule_value": rule,
        "rule_rank": rule_rank,
        "n_candidates": np.full(k, float(k)),
    }
    for name in _UNIT_COLUMNS:
        columns[name] = features.column(name)[c]
    for name in _SCALED:
        columns[f"{name}_scaled"] = scale01(columns[name].astype(np.float64))
    cues = np.array([text_cues(texts[u]) for u in c], dtype=np.float64).reshape(k, len(_CUES))
    for j, name in enumerate(_CUES):
        columns[f"cue_{name}"] = cues[:, j]
    return np.column_stack([columns[n] for n in CANDIDATE_COLUMNS])


class OpenerModel:
    """The shipped ranker: higher score = better opener.  ``value`` has the signature of the
    hook in :func:`storybrief.pipeline.select.choose_opener`."""

    def __init__(self, trees: TreeEnsemble, meta: dict | None = None):
        self.trees = trees
        self.meta = meta or {}

    def value(self, shown: OpenerCandidates) -> np.ndarray:
        """The value of every unit (``-inf`` but for the candidates)."""
        out = np.full(len(shown.scores), -np.inf)
        if len(shown.candidates):
            x = candidate_matrix(shown)
            out[shown.candidates] = self.trees.raw_score(x[:, MODEL_COLUMNS])
        return out


@lru_cache(maxsize=1)
def load_opener_model() -> OpenerModel:
    """The model shipped in ``storybrief/models`` (``opener-v1.npz`` and its JSON)."""
    trees = TreeEnsemble.load(_MODELS / f"{OPENER_MODEL}.npz")
    meta_path = _MODELS / f"{OPENER_MODEL}.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    return OpenerModel(trees, meta)
