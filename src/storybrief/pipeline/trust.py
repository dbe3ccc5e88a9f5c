"""Which units a summary may use, given the source analysis's verdicts on the documents.

Junk documents and documents stale on strong evidence are left out
(:attr:`~storybrief.analysis.SourceVerdict.excluded`); a document stale on weak evidence is
only marked and stays in.
"""

from __future__ import annotations

import numpy as np

from storybrief.analysis import Analysis
from storybrief.types import Cluster


def allowed_units(cluster: Cluster, analysis: Analysis) -> np.ndarray | None:
    """Units a summary may use: those carried by at least one document that is not excluded.
    None when no document is excluded.  When every unit comes from excluded documents, stale
    documents are allowed back (then junk ones too): a summary of flagged text beats none."""
    if not any(s.excluded for s in analysis.sources) or not cluster.units:
        return None
    doc_of = np.fromiter((s.doc for s in cluster.sentences), dtype=np.int64)
    for banned in (
        {s.index for s in analysis.sources if s.excluded},
        {s.index for s in analysis.sources if s.junk},
    ):
        if not banned:
            continue
        ok_doc = np.ones(len(cluster.documents), dtype=bool)
        ok_doc[list(banned)] = False
        mask = np.array([bool(ok_doc[doc_of[u.members]].any()) for u in cluster.units])
        if mask.any():
            return mask
    return None
