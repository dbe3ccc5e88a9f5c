"""``storybrief evaluate DATA.jsonl``: ROUGE of one or more methods on clusters with summaries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def evaluate(
        path: Annotated[
            str,
            typer.Argument(
                help='JSONL clusters {"id", "documents", "summary"} (.gz/.xz ok); '
                '"summary" may be a list of references.',
                show_default=False,
            ),
        ],
        max_words: Annotated[
            int, typer.Option("--max-words", "-w", min=1, help="Length budget in words.")
        ] = 260,
        method: Annotated[
            list[str] | None,
            typer.Option(
                "--method",
                "-m",
                help="Method to evaluate (repeatable): any of `storybrief methods`, or oracle "
                "(greedy extractive ceiling).  Default: the default method.",
            ),
        ] = None,
        limit: Annotated[
            int | None, typer.Option("--limit", "-n", min=1, help="Only the first N clusters.")
        ] = None,
        out: Annotated[
            Path | None,
            typer.Option("--out", "-o", help="Write every cluster's summary here (JSONL)."),
        ] = None,
    ) -> None:
        """ROUGE-1/2/Lsum F1 (95% bootstrap CI), output length and speed per method."""
        import json

        from rich.console import Console
        from rich.table import Table

        from storybrief.cli import fail
        from storybrief.errors import OptionError, StorybriefError
        from storybrief.evaluate.rouge import MEASURES
        from storybrief.evaluate.rouge import evaluate as run_evaluation

        console = Console(highlight=False)
        methods = list(dict.fromkeys(method or ["default"]))
        try:
            from storybrief.pipeline.score import resolve_method

            for m in methods:
                if m != "oracle":
                    resolve_method(m)
            results = run_evaluation(
                path, methods=methods, max_words=max_words, limit=limit, keep_outputs=bool(out)
            )
        except StorybriefError as err:
            raise fail(err) from None
        except OSError as err:
            raise fail(f"{err.strerror or err}: {err.filename or ''}".rstrip(": "), 3) from None
        if not results or results[0].n == 0:
            raise fail(OptionError(f"{path}: no cluster with a reference summary"), 5)

        table = Table(
            title=f"{results[0].n} clusters, --max-words {max_words}  (F1 %, 95% bootstrap CI)"
        )
        table.add_column("method")
        for label in ("ROUGE-1", "ROUGE-2", "ROUGE-Lsum"):
            table.add_column(label, justify="right")
        table.add_column("words", justify="right")
        table.add_column("clusters/s", justify="right")
        for res in results:
            cells = []
            for m in MEASURES:
                lo, hi = res.ci(m)
                cells.append(f"{res.mean(m):.2f} [{lo:.2f}, {hi:.2f}]")
            table.add_row(
                res.method, *cells, f"{res.mean_words:.1f}", f"{res.clusters_per_second:.1f}"
            )
        console.print(table)
        if out:
            with out.open("w", encoding="utf-8") as f:
                for res in results:
                    for row in res.outputs:
                        f.write(json.dumps(row, ensure_ascii=False) + "\n")
