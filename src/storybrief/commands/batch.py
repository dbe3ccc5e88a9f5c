"""``storybrief batch IN OUT``: summarize every cluster of large JSONL inputs, in parallel,
resumably (see :mod:`storybrief.engines.batch`)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from storybrief.cli import (
    DedupThresholdOption,
    MaxSentencesOption,
    MaxWordsOption,
    MethodOption,
    QuietOption,
    RedundancyOption,
)


class Engine(StrEnum):
    local = "local"
    ray = "ray"


def register(app: typer.Typer) -> None:
    @app.command()
    def batch(
        source: Annotated[
            str,
            typer.Argument(
                help="JSONL clusters (.gz/.xz ok), a folder of them, or a quoted glob.",
                metavar="IN",
                show_default=False,
            ),
        ],
        output: Annotated[
            str,
            typer.Argument(
                help="Output JSON Lines file (appended to: resumable).",
                metavar="OUT",
                show_default=False,
            ),
        ],
        workers: Annotated[
            int | None,
            typer.Option(
                "--workers",
                "-j",
                min=1,
                help="Processes (local) or actors (ray). Default: all cores.",
            ),
        ] = None,
        engine: Annotated[Engine, typer.Option("--engine", help="Where to run.")] = Engine.local,
        ray_address: Annotated[
            str | None,
            typer.Option(
                "--ray-address",
                help="Ray cluster to use (default: $RAY_ADDRESS, else a local Ray is started).",
            ),
        ] = None,
        max_words: MaxWordsOption = 150,
        max_sentences: MaxSentencesOption = None,
        method: MethodOption = "default",
        dedup_threshold: DedupThresholdOption = 0.6,
        redundancy: RedundancyOption = 0.5,
        resume: Annotated[
            bool,
            typer.Option(
                "--resume/--no-resume",
                help="Skip clusters already in OUT (default) or start OUT afresh.",
            ),
        ] = True,
        quiet: QuietOption = False,
        log_every: Annotated[
            float,
            typer.Option(
                "--log-every", min=0.1, help="Seconds between progress lines (no terminal)."
            ),
        ] = 10.0,
    ) -> None:
        """Summarize every cluster of IN into OUT, one JSON line each, in input order.

        A cluster that fails becomes {"id": ..., "error": ...}; the run goes on and reports
        the count at the end.  Re-running with the same OUT skips the clusters already there.
        """
        from storybrief.cli import err_console, fail
        from storybrief.engines.batch import run_batch
        from storybrief.engines.jobs import BatchOptions
        from storybrief.errors import StorybriefError

        def log(message: str) -> None:
            err_console.print(message, soft_wrap=True, highlight=False, markup=False)

        try:
            result = run_batch(
                source,
                output,
                BatchOptions(
                    method=method,
                    max_words=max_words,
                    max_sentences=max_sentences,
                    dedup_threshold=dedup_threshold,
                    redundancy=redundancy,
                ),
                workers=workers,
                engine=engine.value,
                ray_address=ray_address,
                resume=resume,
                progress="none" if quiet else "auto",
                log_every=log_every,
                log=log,
            )
        except (StorybriefError, OSError) as err:
            raise fail(err) from None
        skipped = f", {result.skipped:,} already done" if result.skipped else ""
        log(
            f"batch: wrote {result.written:,} records to {output} ({result.errors:,} errors"
            f"{skipped}) in {result.seconds:.1f} s, {result.rate:.1f} clusters/s"
        )
        if result.errors:
            shown = ", ".join(result.error_ids)
            more = ", ..." if result.errors > len(result.error_ids) else ""
            log(f"batch: clusters with errors: {shown}{more} (see their records in {output})")
