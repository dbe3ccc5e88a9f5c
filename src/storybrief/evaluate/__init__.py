"""Evaluation of summaries: ROUGE against reference summaries (:mod:`rouge`) and the automatic
editor's checks (:mod:`checks`).

``storybrief.evaluate.evaluate(...)`` is :func:`storybrief.evaluate.rouge.evaluate`;
``check_summary`` and ``aggregate`` are :mod:`storybrief.evaluate.checks`'.
"""

from storybrief.evaluate.checks import ChecksReport, SummaryChecks, aggregate, check_summary
from storybrief.evaluate.rouge import MEASURES, evaluate

__all__ = ["MEASURES", "ChecksReport", "SummaryChecks", "aggregate", "check_summary", "evaluate"]
