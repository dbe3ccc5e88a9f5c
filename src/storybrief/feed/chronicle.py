"""A developing story's digest in the order things happened (issue 19, item 4).

The summarizer orders a digest for one event: the opener, then facts in the inverted-pyramid
order of the articles.  A story that develops over days needs the order of events instead,
or its digest mixes Monday's first report with Thursday's finding and Friday's arrest.

How the order is decided (README, "Live stories", "Digests"):

1. **Developments.**  The times of the articles the digest cites (publication, else arrival
   clock) are cut into developments wherever one starts :data:`DEVELOPMENT_GAP` or more
   after the start of the development before it: a second outlet's write-up of the same
   night is not a development, the next day's finding is.  A digest whose articles all fall
   in one development keeps the summarizer's order (it is one event's report).
2. **When a sentence happened**: the development of the earliest article that carries it
   (the articles it is cited to and those that report the same fact in other words,
   ``sources`` and ``similar``), so a fact first reported on Monday stays with Monday even
   when Thursday's article phrased it better.
3. **The latest development first where it changes the story.**  A news article puts what
   changed in its lead sentence, so a development *changes the story* when the digest holds
   the lead sentence of one of its articles.  Those lead sentences open the digest (whatever
   earlier article also carried the fact: the new article reports it as news), then the
   development's other sentences; a development that only adds details takes its place in
   time like the others.
4. **Then what came before, in time order**: developments from the first report on; within
   one, the summarizer's order.  A sentence that opens with a pronoun or connective (it leans
   on the one before) stays right after the sentence the summarizer put before it.

Each sentence gains ``development`` (0 = the first report's) and ``reported`` (the time of
its earliest article); the summary gains ``chronology`` (``developing``, ``latest_first``:
whether the latest development opens it, ``developments``: how many).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from storybrief.pipeline.features import starts_with_dangling_reference
from storybrief.text.times import parse_iso

DEVELOPMENT_GAP = timedelta(hours=12)
"""Time after a development's first report from which a report starts the next one."""


def _when(value: str | None) -> datetime | None:
    when = parse_iso(value)
    return None if when is None else when.replace(tzinfo=None)  # time keys are UTC


def order_by_development(summary: dict[str, Any], times: Sequence[str]) -> dict[str, Any]:
    """``summary`` (``Summary.to_dict()``) with its sentences in development order;
    ``times[i]`` is document i's time key (ISO; "" when unknown).  A digest with a sentence
    none of whose articles has a time keeps the summarizer's order."""
    sentences = list(summary.get("sentences", []))
    doc_time = [_when(t) for t in times]
    cited = sorted({doc_time[d] for s in sentences for d in s.get("sources", []) if doc_time[d]})
    starts: list[datetime] = []
    for t in cited:
        if not starts or t - starts[-1] >= DEVELOPMENT_GAP:
            starts.append(t)

    def development(t: datetime) -> int:
        return max((k for k, start in enumerate(starts) if start <= t), default=0)

    latest = len(starts) - 1
    devs: list[int | None] = []
    leads: list[bool] = []
    reported: list[datetime | None] = []
    for s in sentences:
        docs = [d for d in (*s.get("sources", []), *s.get("similar", [])) if doc_time[d]]
        first = min((doc_time[d] for d in docs), default=None)
        reported.append(first)
        lead = latest > 0 and any(
            p.get("sentence") == 0
            and doc_time[p["doc"]] is not None
            and development(doc_time[p["doc"]]) == latest
            for p in s.get("positions", [])
        )
        leads.append(lead and not starts_with_dangling_reference(s["text"]))
        devs.append(latest if leads[-1] else (development(first) if first else None))
    for k in range(1, len(sentences)):  # a dependent sentence travels with its predecessor
        if starts_with_dangling_reference(sentences[k]["text"]):
            devs[k] = devs[k - 1]
    for s, t, d in zip(sentences, reported, devs, strict=True):
        s["development"] = d
        s["reported"] = t.isoformat() if t else None
    out = dict(summary)
    chronology = {"developing": latest > 0, "latest_first": False, "developments": len(starts)}
    out["chronology"] = chronology
    if latest <= 0 or any(d is None for d in devs):
        return out
    order = sorted(range(len(sentences)), key=lambda k: (devs[k], k))
    if any(leads):
        first_part = [k for k in order if leads[k]]
        first_part += [k for k in order if devs[k] == latest and not leads[k]]
        order = first_part + [k for k in order if devs[k] != latest]
        chronology["latest_first"] = True
    out["sentences"] = [sentences[k] for k in order]
    out["text"] = " ".join(s["text"] for s in out["sentences"])
    return out
