"""The ``--engine ray`` back end of ``storybrief batch``: the same jobs on a Ray cluster.

Optional (``pip install "storybrief[ray]"``).  Each Ray actor builds the summarizer once and
summarizes batches of clusters; batches go to the actors round-robin with a bounded number in
flight (``IN_FLIGHT_PER_ACTOR`` per actor), and results are collected in submission order, so
the output keeps the input order and memory does not grow with the input.

Which cluster: ``--ray-address`` (or the ``RAY_ADDRESS`` environment variable) connects to an
existing one -- ``auto`` on a node of the cluster, ``ray://head:10001`` through Ray Client;
without either, a local Ray instance is started with ``workers`` CPUs (default: all cores) and
shut down at the end.  An instance that this process already started (``ray.init()`` before
calling) is used as it is.  Every node needs storybrief installed in the same environment.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from storybrief.engines.jobs import BatchOptions, Engine, Job, Log, _stderr, summarize_job
from storybrief.errors import OptionError

BATCH_SIZE = 16
"""Clusters sent to an actor in one call (amortises Ray's per-call overhead, ~1 ms)."""

IN_FLIGHT_PER_ACTOR = 2


class _SummarizerActor:
    """Holds one summarizer; summarizes a batch of jobs into output lines."""

    def __init__(self, options: BatchOptions):
        self.summarizer = options.summarizer()

    def run(self, jobs: list[Job]) -> list[str]:
        return [summarize_job(job, self.summarizer) for job in jobs]


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:  # pragma: no cover - depends on the environment
        raise OptionError('the ray engine needs Ray: pip install "storybrief[ray]"') from None
    return ray


class RayEngine(Engine):
    """Connect to (or start) Ray and create the actors; :meth:`run` streams output lines."""

    def __init__(
        self,
        options: BatchOptions,
        workers: int | None = None,
        address: str | None = None,
        batch_size: int = BATCH_SIZE,
        log: Log = _stderr,
    ):
        ray = self.ray = _import_ray()
        self.batch_size = max(1, batch_size)
        self.started = False
        if not ray.is_initialized():
            address = address or os.environ.get("RAY_ADDRESS") or None
            if address:
                ray.init(address=address, log_to_driver=False)
            else:
                ray.init(
                    num_cpus=workers or os.cpu_count() or 1,
                    include_dashboard=False,
                    log_to_driver=False,
                )
                self.started = True
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        n = min(workers, cpus) if workers else cpus  # an actor holds one CPU
        actor = ray.remote(num_cpus=1)(_SummarizerActor)
        self.actors = [actor.remote(options) for _ in range(n)]
        log(f"batch: ray engine with {n} actor(s)")

    def run(self, jobs: Iterable[Job]) -> Iterator[str]:
        ray = self.ray
        it = iter(jobs)
        pending: deque[Any] = deque()
        limit = IN_FLIGHT_PER_ACTOR * len(self.actors)
        i = 0
        while True:
            batch = list(islice(it, self.batch_size))
            if batch:
                pending.append(self.actors[i % len(self.actors)].run.remote(batch))
                i += 1
            if pending and (len(pending) >= limit or not batch):
                yield from ray.get(pending.popleft())
            if not batch and not pending:
                return

    def close(self) -> None:
        for a in getattr(self, "actors", []):
            self.ray.kill(a)
        self.actors = []
        if self.started:
            self.ray.shutdown()
            self.started = False
