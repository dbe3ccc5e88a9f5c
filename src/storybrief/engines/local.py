"""The local engine of ``storybrief batch``: jobs summarized in this process or a process pool,
output lines in input order."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Iterable, Iterator
from typing import Any

from storybrief.engines.jobs import BatchOptions, Engine, Job, summarize_job

# -- local engine ----------------------------------------------------------------------------

_worker_summarizer: Any = None


def _init_worker(options: BatchOptions) -> None:
    global _worker_summarizer
    _worker_summarizer = options.summarizer()


def _work(job: Job) -> str:
    return summarize_job(job, _worker_summarizer)


def _throttled(
    jobs: Iterable[Job], window: threading.Semaphore, stop: threading.Event
) -> Iterator[Job]:
    for job in jobs:
        window.acquire()
        if stop.is_set():  # the engine is closing: let the pool's feeder thread finish
            return
        yield job


class LocalEngine(Engine):
    """Output lines for jobs, in input order, in this process (``workers=1``) or in a pool of
    ``workers`` processes, each building the summarizer once.  The pool starts when the
    engine is made (before any progress display starts a thread); ``Pool.imap`` would read
    the whole input ahead, so a semaphore keeps at most ``4 x workers x chunksize`` clusters
    in flight."""

    def __init__(self, options: BatchOptions, workers: int = 1, chunksize: int = 8):
        self.options, self.workers, self.chunksize = options, max(1, workers), max(1, chunksize)
        self.pool = None
        self._stop = threading.Event()
        self._window = threading.Semaphore(4 * self.workers * self.chunksize)
        if self.workers > 1:
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self.pool = ctx.Pool(self.workers, initializer=_init_worker, initargs=(options,))

    def run(self, jobs: Iterable[Job]) -> Iterator[str]:
        if self.pool is None:
            summarizer = self.options.summarizer()
            for job in jobs:
                yield summarize_job(job, summarizer)
            return
        window = self._window
        for line in self.pool.imap(_work, _throttled(jobs, window, self._stop), self.chunksize):
            window.release()
            yield line

    def close(self) -> None:
        if self.pool is not None:
            # a feeder blocked on the window would keep terminate() waiting for it
            self._stop.set()
            self._window.release(4 * self.workers * self.chunksize + 1)
            self.pool.terminate()
            self.pool.join()
            self.pool = None
