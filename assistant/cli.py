"""The ``coach`` command line. Every command calls the same core as the web app."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Strategy Coach: a planning coach for public-sector leaders."
)
err = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit code 2."""


def _print_failures(failures: list[dict], label: str = "[yellow]not indexed[/yellow]") -> None:
    """Files an ingest could not read, a line each (paths and errors printed as written)."""
    for failure in failures:
        err.print(f"{label} {escape(failure['path'])}: {escape(failure['error'])}", highlight=False)


def _components(llm: str | None = None):
    from .components import Components
    from .config import check_data_dir, get_settings

    settings = get_settings()
    if llm:
        settings = settings.model_copy(update={"llm": llm})
    check_data_dir(settings.data_dir)
    return Components(settings)


def _ready_coach(components):
    if components.index.snapshot() is None:
        raise UserError("the index is empty: run 'coach ingest' first")
    return components.coach


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _progress_bar(enabled: bool):
    """A rich progress bar on stderr for long work; a no-op when stderr is not a terminal."""
    if not enabled or not err.is_terminal:
        return None, (lambda *_: None)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err, transient=True)
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return bar, update


@app.command()
def ingest(
    folder: Path | None = typer.Argument(None, help="Corpus folder (default: the bundled corpus/)."),
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
        _print_failures(report.failed, "[red]failed[/red]")
        for warning in report.warnings:  # metadata problems; the document went in all the same
            err.print(
                f"[yellow]warning[/yellow] {escape(warning['path'])}: {escape(warning['warning'])}", highlight=False
            )
    raise typer.Exit(1 if report.failed else 0)


@app.command()
def search(
    query: str = typer.Argument(..., help="What to look for."),
    k: int = typer.Option(5, "-k", "--k", min=1, max=100, help="How many passages."),
    mode: str = typer.Option("hybrid", "--mode", help="hybrid, dense or bm25."),
    kind: str | None = typer.Option(None, "--kind", help="Only 'programme' or 'case-study' documents."),
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
        out.print(
            f"[bold]{escape(f'{n}. {hit.title}')}[/bold] — {escape(hit.section)}  "
            f"[dim]{escape(hit.doc_id)}  score {hit.score:.4f}[/dim]",
            highlight=False,
        )
        snippet = " ".join(hit.text.split())
        out.print(f"   {snippet[:240]}{'…' if len(snippet) > 240 else ''}", highlight=False, markup=False)


@app.command()
def ask(
    question: str = typer.Argument(..., help="The leader's question."),
    workflow: str | None = typer.Option(
        None, "--workflow", "-w", help="A guided workflow's name, e.g. objectives (see prompts/workflows/)."
    ),
    llm: str | None = typer.Option(
        None, "--llm", help="Model spec, e.g. llamacpp, ollama:llama3.1, openai:gpt-4o-mini, fake."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
):
    """One grounded answer with citations."""
    components = _components(llm)
    coach_ = _ready_coach(components)
    if as_json:
        answer = coach_.ask(question, workflow=workflow)
        _print_json(answer.public())
        raise typer.Exit(1 if answer.error else 0)
    from .chat import print_stream

    answer = print_stream(
        coach_.ask_stream(question, workflow=workflow),
        components.prompts,
        lambda text: out.print(text, highlight=False, markup=False),
    )
    raise typer.Exit(1 if answer.error else 0)


@app.command()
def chat(
    workflow: str | None = typer.Option(
        None,
        "--workflow",
        "-w",
        help="Start a guided task by its workflow name, e.g. objectives (see prompts/workflows/).",
    ),
    session: str | None = typer.Option(None, "--session", help="Resume a session by id."),
    llm: str | None = typer.Option(None, "--llm", help="Model spec (see 'coach ask --help')."),
):
    """Interactive coaching in the terminal (same engine as the web app)."""
    from .chat import run_chat

    components = _components(llm)
    _ready_coach(components)
    run_chat(components, workflow=workflow, session_id=session, console=out)


@app.command()
def review(
    file: Path = typer.Argument(..., help="A text or Markdown file with the draft."),
    type_: str = typer.Option(
        ..., "--type", "-t", help="A rubric or workflow name, e.g. objectives, partnership, engagement."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
):
    """Score a draft against a planning rubric."""
    from .review import UnknownRubric

    components = _components()
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"file not found: {file}") from None
    except UnicodeDecodeError:
        raise UserError(f"{file} is not UTF-8 text") from None
    if not text.strip():
        raise UserError(f"{file} is empty")
    try:
        card = components.coach.review(text, type_)
    except UnknownRubric as exc:
        raise UserError(f"--type: {exc}") from None
    if as_json:
        _print_json(card.as_dict())
        return
    out.print(f"Score: {card.score:.0%}", highlight=False)
    for line in card.lines():
        out.print(line, highlight=False, markup=False)


@app.command()
def export(
    session: str = typer.Argument(..., help="The session id (see 'coach sessions')."),
    format: str = typer.Option("md", "--format", "-f", help="md or docx."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Where to write (default: plan-<id>.<format>)."),
):
    """Export a session's plan document to Markdown or DOCX."""
    from .export import FORMATS, write_plan
    from .sessions import SessionNotFound

    if format not in FORMATS:
        raise UserError(f"--format must be md or docx, not '{format}'")
    components = _components()
    try:
        path, sections = write_plan(components.sessions, session, format, output, components.workflows)
    except SessionNotFound as exc:
        raise UserError(str(exc)) from exc
    out.print(f"Wrote {path} ({sections} section{'s' if sections != 1 else ''})", highlight=False, markup=False)


@app.command()
def sessions(limit: int = typer.Option(20, "--limit", help="How many, newest first.")):
    """List saved coaching sessions."""
    for record in _components().sessions.list(limit):
        stage = record.state.get("stage") or "-"
        out.print(
            f"{record.id}  {record.updated_at:%Y-%m-%d %H:%M}  {record.title}  "
            f"[{record.state.get('workflow') or 'free'}: {stage}]",
            highlight=False,
            markup=False,
        )


@app.command(name="eval")
def eval_(
    cases: list[Path] = typer.Option([], "--cases", help="Case file or folder (repeatable; default: evals/cases)."),
    corpus: Path | None = typer.Option(
        None, "--corpus", help="Evaluate against this folder (indexed into a temporary index)."
    ),
    llm: str | None = typer.Option(None, "--llm", help="Model spec for the answers."),
    retrieval_only: bool = typer.Option(False, "--retrieval-only", help="Score retrieval only; no generation."),
    out_dir: Path = typer.Option(
        Path("eval-report"), "--out", help="Folder for report.json, report.md and report.html."
    ),
    baseline: Path | None = typer.Option(
        None, "--baseline", help="Exit 1 when a figure falls below this report's by more than the tolerance."
    ),
    tolerance: float = typer.Option(0.02, "--tolerance", help="Allowed drop below the baseline."),
    compare: bool = typer.Option(
        False,
        "--compare-modes",
        help="Also run the single-turn answer cases in extractive and generative mode, side by side.",
    ),
    tune: bool = typer.Option(
        False,
        "--tune-fusion",
        help="Also cross-validate hybrid fusion's dense weight, document boost and whole-document BM25 "
        "weight over the cases (COACH_DENSE_WEIGHT, COACH_DOCUMENT_BOOST, COACH_DOCUMENT_BM25).",
    ),
):
    """Run the eval suite and write reports."""
    import tempfile

    from .components import Components
    from .documents import doc_id_for, list_corpus_files
    from .evaluation import (
        CaseError,
        compare_modes,
        compare_to_baseline,
        load_cases,
        prepare_corpus,
        run_eval,
        stamp,
        tune_fusion,
    )
    from .judge import make_judge
    from .reports import terminal_table, write_reports

    base = _components(llm).settings
    baseline_data = None
    if baseline is not None:
        try:
            baseline_data = json.loads(baseline.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UserError(f"cannot read the baseline {baseline}: {exc}") from exc
    with tempfile.TemporaryDirectory(prefix="coach-eval-") as tmp:
        work = Path(tmp)
        try:
            folder = prepare_corpus(base, corpus, work)
            known = {doc_id_for(p, folder) for p in list_corpus_files(folder)}
            loaded = load_cases(cases or [base.evals_dir / "cases"], known_docs=known)
        except CaseError as exc:
            raise UserError(str(exc)) from exc
        components = Components(base.model_copy(update={"data_dir": work / "data"}))
        bar, update = _progress_bar(True)
        if bar:
            bar.start()
        try:
            ingest_report = components.index.ingest(folder, update)
            judge = None if retrieval_only else make_judge(base, components.prompts)
            report = run_eval(components, loaded, retrieval_only=retrieval_only, judge=judge, progress=update)
            if not retrieval_only:
                report["summary"]["guard"] = components.guard.cross_validate()
            if compare and not retrieval_only:
                report["summary"]["answer_modes"] = compare_modes(components, loaded, progress=update)
            if tune:
                try:
                    report["summary"]["fusion"] = tune_fusion(
                        components.retriever, loaded, workflows=components.workflows, floor=base.min_similarity
                    )
                except CaseError as exc:
                    raise UserError(str(exc)) from exc
        finally:
            if bar:
                bar.stop()
    _print_failures(ingest_report.failed)
    stamp(
        report,
        corpus=str(corpus or "bundled corpus + evals/corpus-additions"),
        documents=ingest_report.documents,
        cases=", ".join(str(c) for c in cases) if cases else "evals/cases",
        model=None if retrieval_only else base.llm,
        retrieval_only=retrieval_only,
        seed=base.seed,
        temperature=base.temperature,
        answer_mode=None if retrieval_only else components.coach.answerer.answer_mode(),
    )
    paths = write_reports(report, out_dir)
    out.print(terminal_table(report))
    out.print("Reports: " + ", ".join(str(p) for p in paths), highlight=False, markup=False)
    if baseline_data is not None:
        regressions = compare_to_baseline(report["summary"], baseline_data, tolerance)
        if regressions:
            err.print(
                "[red]Below the baseline:[/red]\n" + escape("\n".join(f"  {r}" for r in regressions)), highlight=False
            )
            raise typer.Exit(1)
        out.print(f"No figure below the baseline {baseline} (tolerance {tolerance}).", highlight=False, markup=False)


@app.command()
def guard(
    messages: list[str] = typer.Argument(None, help="Messages to check (quote each one)."),
    cv: bool = typer.Option(False, "--cv", help="Cross-validate the classifier on prompts/guard_examples.yaml."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
):
    """Try the scope and safety guard on messages, or cross-validate it on its labelled data."""
    components = _components()
    checker = components.guard
    result: dict = {}
    if messages:
        result["messages"] = []
        for message in messages:
            verdict = checker.check(message)
            result["messages"].append(
                {
                    "message": message,
                    "decision": verdict.decision if verdict else "answer",
                    "category": verdict.category if verdict else None,
                    "p_in_scope": None if not verdict or verdict.p_in_scope is None else round(verdict.p_in_scope, 3),
                    "reply": verdict.message if verdict else None,
                }
            )
    if cv or not messages:
        c = checker.classifier
        result["thresholds"] = {"decline_below": round(c.decline_below, 4), "answer_from": round(c.answer_from, 4)}
        result["cross_validation"] = checker.cross_validate()
    if as_json:
        _print_json(result)
        return
    for row in result.get("messages", []):
        p = "" if row["p_in_scope"] is None else f" (p in scope {row['p_in_scope']:.2f})"
        out.print(
            f"{row['decision']}{' ' + row['category'] if row['category'] else ''}{p}: {row['message']}",
            highlight=False,
            markup=False,
        )
    if "cross_validation" in result:
        g = result["cross_validation"]
        out.print(
            f"Thresholds on p(in scope): decline below {result['thresholds']['decline_below']:.3f}, "
            f"ask to clarify below {result['thresholds']['answer_from']:.3f}",
            highlight=False,
        )
        out.print(
            f"Nested {g['folds']}-fold cross-validation over {g['messages']} messages: "
            f"over-refusal {g['over_refusal']:.3f}, "
            f"in-scope asked to clarify {g['in_scope_clarified']:.3f}, decline recall {g['decline_recall']:.3f}, "
            f"declined or clarified {g['held_recall']:.3f}, category accuracy {g['category_accuracy']:.3f}",
            highlight=False,
        )
        for name, v in g["categories"].items():
            out.print(
                f"  {name:18} precision {v['precision'] or 0:.3f}  recall {v['recall'] or 0:.3f}  "
                f"({v['messages']} messages)",
                highlight=False,
            )
        for name, v in g.get("screens", {}).items():
            out.print(
                f"Screen {name} (its own nested cross-validation over {v['messages']} messages): "
                f"in-scope declined {v['over_refusal']:.3f}, asked to clarify {v['in_scope_clarified']:.3f}, "
                f"recall {v['decline_recall']:.3f}, declined or clarified {v['held_recall']:.3f}",
                highlight=False,
            )


@app.command()
def serve(
    host: str | None = typer.Option(None, "--host", help="Interface to listen on (default 127.0.0.1, COACH_HOST)."),
    port: int | None = typer.Option(None, "--port", help="Port (default 7860, COACH_PORT)."),
    llm: str | None = typer.Option(None, "--llm", help="Model spec (see 'coach ask --help')."),
):
    """Start the web app (Coach, Plan and Corpus tabs, and the API)."""
    from .app import serve as serve_app

    components = _components(llm)
    settings = components.settings
    components.store.heartbeat()  # a configured Chroma server that does not answer stops us here
    if not components.index.is_current(settings.corpus_dir):
        err.print(f"Updating the index from {settings.corpus_dir} …", highlight=False, markup=False)
        report = components.index.ingest(settings.corpus_dir)
        _print_failures(report.failed)
    _ = components.sessions  # open the session store and upgrade its schema
    # Load the embedding model, the index snapshot and the vector index now (over a second at
    # 100k passages), not during the first leader's question.
    components.retriever.search("strategic planning", k=1)
    components.coach.help.warm()  # build the model, and embed the help examples, before the first request
    components.element_detector.warm()  # fit the interview's readers now, not on a leader's first answer
    if not os.environ.get("GRADIO_TEMP_DIR"):
        # Gradio keeps its copies of uploads and exported plans here, not in the shared /tmp/gradio.
        cache = settings.data_dir / "gradio-cache"
        cache.mkdir(parents=True, exist_ok=True)
        cache.chmod(0o700)
        os.environ["GRADIO_TEMP_DIR"] = str(cache)
    serve_app(components, host or settings.host, port or settings.port)


@app.command()
def doctor():
    """Say which model, embedding model, index and store are in use, and whether each answers."""
    from .doctor import run_checks

    components = _components()
    ok = True
    for check in run_checks(components):
        mark = "[green]ok[/green]" if check.ok else "[red]FAIL[/red]"
        out.print(f"{mark}  {escape(check.name)}: {escape(check.detail)}", highlight=False)
        ok &= check.ok
    raise typer.Exit(0 if ok else 1)


corpus_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Check the corpus folder.")
app.add_typer(corpus_app, name="corpus")


@corpus_app.command("check")
def corpus_check(
    folder: Path | None = typer.Argument(None, help="Corpus folder (default: COACH_CORPUS_DIR, the bundled corpus/)."),
    as_json: bool = typer.Option(False, "--json", help="Print the findings as JSON."),
):
    """Check front matter, sources of case studies, duplicate passages, headings and file sizes; exit 1 on any error."""
    from .config import get_settings
    from .corpus_check import check_corpus, summary

    settings = get_settings()
    root = folder or settings.corpus_dir
    if not root.is_dir():
        raise UserError(f"corpus folder not found: {root}")
    findings = check_corpus(root, settings)
    counts = summary(findings)
    if as_json:
        _print_json({"findings": [f.as_dict() for f in findings], **counts})
    else:
        for f in findings:
            out.print(f"{f.level:<7}  {f.path}  {f.kind}: {f.message}", highlight=False, markup=False)
        errors, warnings = counts["errors"], counts["warnings"]
        out.print(
            f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'} in {root}",
            highlight=False,
            markup=False,
        )
    raise typer.Exit(1 if counts["errors"] else 0)


def main() -> None:
    """Console-script entry point: user mistakes become one clear line, not a traceback."""
    from .config import DataDirError
    from .errors import EmbeddingError, ModelError, PromptError, SessionStoreError, VectorStoreError

    try:
        result = app(standalone_mode=False)
        sys.exit(result if isinstance(result, int) else 0)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (
        UserError,
        EmbeddingError,
        VectorStoreError,
        SessionStoreError,
        ModelError,
        DataDirError,
        PromptError,
        FileNotFoundError,
        ValueError,
    ) as exc:
        from .redact import redact

        err.print(f"[red]error:[/red] {escape(redact(str(exc)))}", highlight=False)
        sys.exit(2)
    except OSError as exc:  # disk full, read-only file system, permissions
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        problem = escape(f"{exc.strerror or exc}{where}")
        err.print(f"[red]error:[/red] {problem}; nothing half-written was kept", highlight=False)
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: a missing option, an unknown command, a bad value
        show = getattr(exc, "show", None)
        if show:
            show()
        else:
            err.print(f"error: {exc.format_message()}", highlight=False, markup=False)
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.exit(1)
