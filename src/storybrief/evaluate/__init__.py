"""Evaluation of summaries: ROUGE against reference summaries (:mod:`rouge`).

``storybrief.evaluate.evaluate(...)`` is :func:`storybrief.evaluate.rouge.evaluate`.
"""

from storybrief.evaluate.rouge import MEASURES, evaluate

__all__ = ["MEASURES", "evaluate"]
