"""The ``coach`` command line. Every command calls the same core as the web app."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Strategy Coach: a planning coach for public-sector leaders.")
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit code 2."""


def _components():
    from .components import Components

    return Components()


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _progress_bar(enabled: bool):
    """A rich progress bar on stderr for long work; a no-op when stderr is not a terminal."""
    if not enabled or not err.is_terminal:
        return None, (lambda *_: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True)
    tasks: dict[str, int] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return bar, update


@app.command()
def ingest(
    folder: Optional[Path] = typer.Argument(None, help="Corpus folder (default: the bundled corpus/)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
):
    """Index a corpus folder incrementally: new and changed files in, removed ones out."""
    components = _components()
    root = folder or components.settings.corpus_dir
    if not root.is_dir():
        raise UserError(f"corpus folder not found: {root}")
    bar, update = _progress_bar(True)
    if bar:
        bar.start()
    try:
        report = components.index.ingest(root, update)
    finally:
        if bar:
            bar.stop()
    if as_json:
        _print_json(report.summary())
    else:
        out.print(
            f"{report.documents} documents, {report.chunks} chunks in the index "
            f"({len(report.added)} added, {len(report.changed)} changed, {report.removed} removed; "
            f"{report.embedded} chunks embedded in {report.seconds:.1f}s)"
        )
        for failure in report.failed:
            err.print(f"[red]failed[/red] {failure['path']}: {failure['error']}", highlight=False)
    raise typer.Exit(1 if report.failed else 0)


@app.command()
def search(
    query: str = typer.Argument(..., help="What to look for."),
    k: int = typer.Option(5, "-k", "--k", min=1, max=100, help="How many passages."),
    mode: str = typer.Option("hybrid", "--mode", help="hybrid, dense or bm25."),
    kind: Optional[str] = typer.Option(None, "--kind", help="Only 'programme' or 'case-study' documents."),
    theme: list[str] = typer.Option([], "--theme", help="Only documents with this theme (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
):
    """Search the indexed corpus."""
    from .retrieval import MODES

    if mode not in MODES:
        raise UserError(f"--mode must be one of {', '.join(MODES)}, not '{mode}'")
    if kind not in (None, "programme", "case-study"):
        raise UserError(f"--kind must be 'programme' or 'case-study', not '{kind}'")
    if not query.strip():
        raise UserError("the query is empty")
    components = _components()
    if components.index.snapshot() is None:
        raise UserError("the index is empty: run 'coach ingest' first")
    hits = components.retriever.search(query, k=k, mode=mode, kind=kind, themes=tuple(theme))
    if as_json:
        _print_json([h.public() for h in hits])
        return
    if not hits:
        out.print("No matching passages.")
    for n, hit in enumerate(hits, 1):
        out.print(f"[bold]{n}. {hit.title}[/bold] — {hit.section}  [dim]{hit.doc_id}  score {hit.score:.4f}[/dim]", highlight=False)
        snippet = " ".join(hit.text.split())
        out.print(f"   {snippet[:240]}{'…' if len(snippet) > 240 else ''}", highlight=False)


@app.command()
def doctor():
    """Say which model, embedding model, index and store are in use, and whether each answers."""
    from .doctor import run_checks

    components = _components()
    ok = True
    for check in run_checks(components):
        mark = "[green]ok[/green]" if check.ok else "[red]FAIL[/red]"
        out.print(f"{mark}  {check.name}: {check.detail}", highlight=False)
        ok &= check.ok
    raise typer.Exit(0 if ok else 1)


def main() -> None:
    """Console-script entry point: user mistakes become one clear line, not a traceback."""
    from .embeddings import EmbeddingError
    from .vectorstore import VectorStoreError

    try:
        app(standalone_mode=False)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (UserError, EmbeddingError, VectorStoreError, FileNotFoundError) as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(1)
        raise
