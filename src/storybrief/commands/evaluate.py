"""``storybrief evaluate DATA.jsonl``: ROUGE of one or more methods on clusters with summaries,
and (``--checks``) the automatic editor's checks of every summary."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from storybrief.cli import MaxWordsOption

# (column header, ChecksReport attribute): the shares printed by --checks
CHECK_COLUMNS = (
    ("junk %", "junk_share"),
    ("dangling % sent.", "dangling_share"),
    ("dangling % summ.", "dangling_summary_share"),
    ("repeat %", "repeat_share"),
    ("lead open %", "lead_share"),
    ("citations ok %", "citation_share"),
)


def register(app: typer.Typer) -> None:
    @app.command()
    def evaluate(
        path: Annotated[
            str,
            typer.Argument(
                help='JSONL clusters {"id", "documents", "summary"} (.gz/.xz ok); '
                '"summary" may be a list of references (not needed with --checks).',
                show_default=False,
            ),
        ],
        max_words: MaxWordsOption = 260,
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
        checks: Annotated[
            bool,
            typer.Option(
                "--checks",
                help="Also run the automatic editor's checks (furniture, fragments, over-long, "
                "glued, datelines, dangling openers, repeats, lead opening, citations) on every "
                "summary; clusters without a reference summary are then checked too.",
            ),
        ] = False,
        checks_out: Annotated[
            Path | None,
            typer.Option(
                "--checks-out",
                help="Write every flagged sentence (method, cluster id, kind, detail, text) "
                "here as JSONL; implies --checks.",
            ),
        ] = None,
        as_json: Annotated[
            bool,
            typer.Option(
                "--json",
                help="Print the results as one JSON object (per method: ROUGE, and with "
                "--checks the shares, counts and defects per digest in the graders' kinds) "
                "instead of tables.",
            ),
        ] = False,
    ) -> None:
        """ROUGE-1/2/Lsum F1 (95% bootstrap CI), output length and speed per method; with
        --checks, the editor's checks next to them."""
        import json

        from rich.console import Console

        from storybrief.cli import fail
        from storybrief.errors import OptionError, StorybriefError
        from storybrief.evaluate.rouge import evaluate as run_evaluation

        console = Console(highlight=False)
        methods = list(dict.fromkeys(method or ["default"]))
        checks = checks or checks_out is not None
        try:
            from storybrief.pipeline.score import resolve_method

            for m in methods:
                if m != "oracle":
                    resolve_method(m)
            results = run_evaluation(
                path,
                methods=methods,
                max_words=max_words,
                limit=limit,
                keep_outputs=bool(out),
                checks=checks,
                keep_flagged=checks_out is not None,
            )
        except (StorybriefError, OSError) as err:
            raise fail(err) from None
        if not results or results[0].n == 0:
            what = "no cluster" if checks else "no cluster with a reference summary"
            raise fail(OptionError(f"{path}: {what}"), 5)

        if as_json:
            report = {"max_words": max_words, "methods": [res.to_dict() for res in results]}
            print(json.dumps(report, indent=2))
        elif results[0].scored:
            console.print(_rouge_table(results, max_words))
        if checks and not as_json:
            if not results[0].scored:
                console.print("no reference summaries: ROUGE omitted")
            console.print(_checks_table(results, max_words))
            console.print(_counts_table(results))
            console.print(_editor_table(results))
        if out:
            with out.open("w", encoding="utf-8") as f:
                for res in results:
                    for row in res.outputs:
                        f.write(json.dumps(row, ensure_ascii=False) + "\n")
        if checks_out:
            with checks_out.open("w", encoding="utf-8") as f:
                for res in results:
                    for row in res.flagged:
                        f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _rouge_table(results: list[Any], max_words: int) -> Any:
    from rich.table import Table

    from storybrief.evaluate.rouge import MEASURES

    first = results[0]
    scope = (
        f"{first.n} clusters"
        if first.scored == first.n
        else (f"{first.scored} of {first.n} clusters (those with a reference)")
    )
    table = Table(title=f"{scope}, --max-words {max_words}  (F1 %, 95% bootstrap CI)")
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
        table.add_row(res.method, *cells, f"{res.mean_words:.1f}", f"{res.clusters_per_second:.1f}")
    return table


def _pct(x: float) -> str:
    return "n/a" if x != x else f"{x:.1f}"


def _checks_table(results: list[Any], max_words: int) -> Any:
    from rich.table import Table

    n = results[0].n
    table = Table(
        title=f"Editor's checks: {n} clusters, --max-words {max_words}",
        caption="junk: summaries with a furniture, fragment, glued, over-60-word or dateline "
        "sentence; dangling: sentences / summaries opening with an unresolved reference; "
        "repeat, lead open: % of summaries; citations ok: % of citations whose sentence "
        "occurs in the cited article",
    )
    table.add_column("method")
    for label, _ in CHECK_COLUMNS:
        table.add_column(label, justify="right")
    table.add_column("ms/cluster", justify="right")
    for res in results:
        rep = res.checks
        table.add_row(
            res.method,
            *(_pct(getattr(rep, attr)) for _, attr in CHECK_COLUMNS),
            f"{res.check_ms_per_cluster:.2f}",
        )
    return table


def _counts_table(results: list[Any]) -> Any:
    from rich.table import Table

    from storybrief.evaluate.checks import KINDS

    table = Table(title="Flagged sentences per kind (unverified: citations)")
    table.add_column("method")
    table.add_column("sentences", justify="right")
    for kind in KINDS:
        table.add_column(kind, justify="right")
    for res in results:
        rep = res.checks
        table.add_row(res.method, str(rep.sentences), *(str(rep.counts.get(k, 0)) for k in KINDS))
    return table


def _editor_table(results: list[Any]) -> Any:
    from rich.table import Table

    from storybrief.evaluate.checks import EDITOR_KINDS

    table = Table(
        title="Defects per digest in the graders' kinds (benchmarks/editorial.py)",
        caption="repeats: repeat, restated; dangling: dangling, unintroduced, referent, "
        "speakerless; junk: furniture, fragment, glued, dateline; unsupported: opinion, "
        "off_story; bad_citations: unverified, unless the cited article holds it reworded",
    )
    table.add_column("method")
    for kind in EDITOR_KINDS:
        table.add_column(kind, justify="right")
    for res in results:
        per = res.checks.per_digest()
        table.add_row(res.method, *(f"{per[k]:.2f}" for k in EDITOR_KINDS))
    return table
