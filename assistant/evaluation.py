"""The eval suite: load cases, run retrieval and answers, score, report, gate on a baseline.

Case files are YAML lists (see ``evals/cases/``); the report follows the schema in the design
brief. Retrieval is scored at document level for bm25, dense and hybrid side by side; answers
are checked against their regexes, refusal expectations, citation validity and groundedness
(:func:`assistant.grounding.groundedness`); coaching answers get the rubric score.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import yaml

from .conversation_eval import conversation_summary, run_conversation
from .drafting import counted_numbers, unsupported_numbers
from .grounding import groundedness
from .metrics import QUESTION_ALONE, mean, median, retrieval_scores
from .retrieval import MODES, ranked_documents
from .review import RUBRICS, review

CASE_KEYS = {
    "id",
    "question",
    "workflow",
    "expected_sources",
    "must_include",
    "must_not_include",
    "expect_refusal",
    "rubric",
    "tags",
    "turns",
    "persona",
    "min_rubric",
    "min_probes",
    "expect_no_context",
}
SUMMARY_RETRIEVAL = ("recall@5", "mrr@10", "ndcg@10", "hit@1")


class CaseError(ValueError):
    """One or more eval cases are invalid; the message names each case and the problem."""


@dataclass
class EvalCase:
    id: str
    question: str
    workflow: str | None = None
    expected_sources: list[str] = field(default_factory=list)
    must_include: list[str] = field(default_factory=list)
    must_not_include: list[str] = field(default_factory=list)
    expect_refusal: bool = False
    expect_no_context: bool = False  # in scope, but the corpus has nothing: say so and cite nothing
    rubric: str | None = None
    tags: list[str] = field(default_factory=list)
    turns: list[str] = field(default_factory=list)  # a scripted conversation in ``workflow``
    persona: str = ""
    min_rubric: float | None = None
    min_probes: int = 0

    @property
    def conversation(self) -> bool:
        return bool(self.turns)


def _case_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
        elif path.is_file():
            files.append(path)
        else:
            raise CaseError(f"{path}: no such case file or folder")
    if not files:
        raise CaseError(f"no .yaml case files in {', '.join(map(str, paths))}")
    return files


def _string_list(value, name: str, problems: list[str], where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{where}: '{name}' must be a list of strings")
        return []
    return value


def _default_workflows() -> list[str]:
    from .config import get_settings
    from .workflows import load_workflows

    return list(load_workflows(get_settings().prompts_dir / "workflows"))


def _validate(
    raw, where: str, problems: list[str], known_docs: set[str] | None, workflows: list[str]
) -> EvalCase | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: a case must be a mapping of keys to values")
        return None
    case_id = raw.get("id")
    if not case_id or not isinstance(case_id, (str, int)):
        problems.append(f"{where}: missing 'id'")
        return None
    where = f"{where.split(':')[0]}: case '{case_id}'"
    before = len(problems)
    unknown = sorted(set(raw) - CASE_KEYS)
    if unknown:
        problems.append(f"{where}: unknown key(s) {', '.join(unknown)}")
    turns = raw.get("turns")
    question = raw.get("question")
    workflow, rubric = raw.get("workflow"), raw.get("rubric")
    if turns is not None:
        if not isinstance(turns, list) or not turns or not all(isinstance(t, str) and t.strip() for t in turns):
            problems.append(f"{where}: 'turns' must be a non-empty list of messages")
        if workflow is None:
            problems.append(f"{where}: a conversation ('turns') needs a 'workflow'")
        question = question or (turns[0] if isinstance(turns, list) and turns and isinstance(turns[0], str) else "")
    elif not isinstance(question, str) or not question.strip():
        problems.append(f"{where}: 'question' must be non-empty text")
    for name in ("min_rubric", "min_probes"):
        value = raw.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
            problems.append(f"{where}: '{name}' must be a number of at least 0")
    if workflow is not None and workflow not in workflows:
        problems.append(f"{where}: unknown workflow '{workflow}' (use {', '.join(workflows)})")
    if rubric is not None and rubric not in RUBRICS:
        problems.append(f"{where}: unknown rubric '{rubric}' (use {', '.join(RUBRICS)})")
    for flag in ("expect_refusal", "expect_no_context"):
        if not isinstance(raw.get(flag, False), bool):
            problems.append(f"{where}: '{flag}' must be true or false")
    lists = {
        name: _string_list(raw.get(name), name, problems, where)
        for name in ("expected_sources", "must_include", "must_not_include", "tags")
    }
    for name in ("must_include", "must_not_include"):
        for pattern in lists[name]:
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(f"{where}: bad regex in '{name}': {pattern!r} ({exc})")
    if turns is None and isinstance(question, str) and len(problems) == before:
        problems += [f"{where}: {p}" for p in _toothless(question, lists["must_include"])]
    if known_docs is not None:
        for doc_id in lists["expected_sources"]:
            if doc_id not in known_docs:
                problems.append(f"{where}: expected source '{doc_id}' is not in the corpus")
    if len(problems) > before:
        return None
    return EvalCase(
        id=str(case_id),
        question=str(question).strip(),
        workflow=workflow,
        rubric=rubric,
        expect_refusal=bool(raw.get("expect_refusal", False)),
        expect_no_context=bool(raw.get("expect_no_context", False)),
        turns=list(turns or []),
        persona=str(raw.get("persona") or ""),
        min_rubric=raw.get("min_rubric"),
        min_probes=int(raw.get("min_probes") or 0),
        **lists,
    )


def load_cases(paths: list[Path], known_docs: set[str] | None = None, workflows=None) -> list[EvalCase]:
    """Every case in the files or folders, validated; all problems are reported at once.
    ``workflows`` names the registry's workflows (default: the configured prompts folder's)."""
    workflows = list(workflows) if workflows is not None else _default_workflows()
    problems: list[str] = []
    cases: list[EvalCase] = []
    seen: dict[str, str] = {}
    for path in _case_files([Path(p) for p in paths]):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: not valid YAML ({exc})")
            continue
        if data is None:
            continue
        if not isinstance(data, list):
            problems.append(f"{path}: must be a YAML list of cases")
            continue
        for n, raw in enumerate(data, 1):
            case = _validate(raw, f"{path}: item {n}", problems, known_docs, workflows)
            if case is None:
                continue
            if case.id in seen:
                problems.append(f"{path}: case '{case.id}': duplicate id (also in {seen[case.id]})")
                continue
            seen[case.id] = str(path)
            cases.append(case)
    if problems:
        raise CaseError("invalid eval cases:\n" + "\n".join(f"- {p}" for p in problems))
    if not cases:
        raise CaseError("the case files hold no cases")
    return cases


# --- running ------------------------------------------------------------------------------------

Progress = Callable[[str, int, int], None]


def bounded(pattern: str) -> re.Pattern:
    """A case pattern matched on word boundaries: 'app' does not match inside 'approach'."""
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE)


def _matches(patterns: list[str], text: str) -> list[str]:
    return [p for p in patterns if bounded(p).search(text)]


def _toothless(question: str, must_include: list[str]) -> list[str]:
    """Checks a trivial answer would pass: a pattern the question itself matches (an echo passes
    it), or a list a fixed platitude satisfies."""
    from .llm import PLATITUDE

    problems = [f"must_include /{p}/ is matched by the question itself" for p in _matches(must_include, question)]
    if must_include and len(_matches(must_include, PLATITUDE)) == len(must_include):
        problems.append("must_include is satisfied by a fixed platitude")
    return problems


def _retrieval(components, case: EvalCase) -> dict[str, list[str]]:
    """The case's documents as ranked by each mode, searched as the coach searches: a question asked
    in a task with the task's retrieval hint and themes (see :func:`assistant.answers.searched`); the
    single modes search the terms the hybrid search settled on. ``question alone`` is the hybrid
    ranking of the bare question, kept beside it for comparison."""
    from .answers import searched

    retriever = components.retriever
    flow = components.workflows.get(case.workflow) if case.workflow else None
    search = searched(retriever, case.question, flow, components.settings.min_similarity, k=10, max_per_doc=1)
    rankings = {
        mode: ranked_documents(search.hits)
        if mode == "hybrid"
        else ranked_documents(retriever.search(search.query, k=10, mode=mode, themes=search.themes, max_per_doc=1))
        for mode in MODES
    }
    alone = search.hits if search.query == case.question else retriever.search(case.question, k=10, max_per_doc=1)
    rankings[QUESTION_ALONE] = ranked_documents(alone)
    return rankings


def _answer_checks(case: EvalCase, answer) -> list[str]:
    failures = []
    if answer.error:
        failures.append(f"model error: {answer.error}")
    if case.expect_refusal and not answer.refused:
        failures.append("expected a refusal, got an answer")
    if not case.expect_refusal and answer.refused:
        failures.append(f"refused ({answer.refusal_category}) but should have answered")
    if not case.expect_refusal:
        found = set(_matches(case.must_include, answer.answer))
        missing = [p for p in case.must_include if p not in found]
        failures += [f"missing /{p}/" for p in missing]
    if case.expect_no_context and not answer.refused:
        if not answer.no_context:
            failures.append("expected 'no material' (no_context), but passages cleared the relevance floor")
        if answer.citations:
            failures.append("cited passages although the corpus has no material on this")
    failures += [f"contains /{p}/" for p in _matches(case.must_not_include, answer.answer)]
    return failures


def _answer_row(components, case: EvalCase, row: dict, judge) -> None:
    """Ask the coach and record the answer, its failures and the per-case figures on ``row``."""
    started = time.perf_counter()
    answer = components.coach.ask(case.question, workflow=case.workflow)
    row.update(
        answer=answer.answer,
        latency_s=round(time.perf_counter() - started, 3),
        refused=answer.refused,
        no_context=answer.no_context,
        retrieved=answer.retrieved or row["retrieved"],
        citations=[c.public() for c in answer.citations],
        mode=answer.mode,
        dropped=answer.dropped,
    )
    failures = _answer_checks(case, answer)
    row["failures"] += failures
    figures = {"passed": not failures, "refusal_right": answer.refused == case.expect_refusal}
    if not answer.refused and not answer.error:
        figures["marks"] = (len(answer.citations), len(answer.citations) + answer.dropped_citations)
        if answer.passages:
            figures["groundedness"] = groundedness(answer.answer, {p.n: p.text for p in answer.passages})
        numbers = counted_numbers(answer.answer)
        unsupported = unsupported_numbers(
            answer.answer, [case.question, answer.follow_up, *(c.text for c in answer.citations)]
        )
        figures["numbers"] = (len(unsupported), len(numbers))
        row["unsupported_numbers"] = unsupported
        figures["ttft_s"], figures["total_s"] = answer.ttft_s, answer.total_s
        if case.rubric:
            row["rubric_score"] = figures["rubric"] = review(answer.answer, case.rubric).score
        if judge is not None:
            row["judge"] = judge.score(case.question, answer.answer, [p.text for p in answer.passages])
    row["answer_passed"] = figures["passed"]
    row["figures"] = figures


def run_eval(
    components, cases: list[EvalCase], retrieval_only: bool = False, judge=None, progress: Progress | None = None
) -> dict:
    progress = progress or (lambda *_: None)
    rows = []
    for n, case in enumerate(cases, 1):
        progress("cases", n - 1, len(cases))
        if case.conversation:
            if not retrieval_only:
                rows.append(run_conversation(components, case))
            continue
        rankings = _retrieval(components, case)
        relevant = set(case.expected_sources)
        row: dict = {
            "id": case.id,
            "tags": case.tags,
            "question": case.question,
            "retrieved": rankings["hybrid"][:5],
            "passed": True,
            "failures": [],
            "answer": "",
            "latency_s": 0.0,
        }
        if relevant:
            row["retrieval"] = {mode: retrieval_scores(rankings[mode], relevant) for mode in (*MODES, QUESTION_ALONE)}
            if not relevant & set(rankings["hybrid"][:5]):
                row["failures"].append(f"expected {', '.join(sorted(relevant))} not in the hybrid top 5")
        if not retrieval_only:
            _answer_row(components, case, row, judge)
        row["passed"] = not row["failures"]
        rows.append(row)
    progress("cases", len(cases), len(cases))
    summary = summarise(rows, retrieval_only, judge)
    summary["cases"] = len(cases)
    tags = sorted({t for r in rows for t in r.get("tags", [])})
    summary["by_tag"] = {tag: summarise([r for r in rows if tag in r.get("tags", [])], retrieval_only) for tag in tags}
    return {"summary": summary, "cases": rows}


FUSION_GRID = (0.4, 0.5, 0.6)  # dense weight; both rankings are scaled to 0..1 first, so 0.5 is an even split
BOOST_GRID = (0.0, 0.1, 0.2, 0.3, 0.4)  # document-level aggregation of passages
DOCUMENT_BM25_GRID = (0.0, 0.2, 0.4)  # whole-document BM25


def _fusion_objective(scores: dict[str, float]) -> float:
    return (scores["recall@5"] + scores["mrr@10"] + scores["hit@1"]) / 3


def tune_fusion(
    retriever,
    cases: list[EvalCase],
    grid: tuple[float, ...] = FUSION_GRID,
    boosts: tuple[float, ...] = BOOST_GRID,
    folds: int = 5,
    repeats: int = 3,
    whole: tuple[float, ...] = DOCUMENT_BM25_GRID,
    workflows: dict | None = None,
    floor: float = 0.0,
) -> dict:
    """Hybrid retrieval's settings (dense weight, document boost, whole-document BM25 weight)
    chosen by k-fold cross-validation over the cases with expected sources: in each fold the
    setting that scores best (mean of recall@5, MRR@10 and hit@1) on the other folds is scored
    on this one, so no reported figure comes from settings fitted to its own cases. A setting
    within one case's worth of the best objective (1 / the number of cases it is chosen on) is a
    tie, and ties go to the setting nearest the current one, so a small case set does not chase
    differences a single case could make. The folds are drawn ``repeats`` times and the
    held-fold figures averaged. Returns the cross-validated hybrid figures, the current settings
    and the single modes beside them (nothing to fit), each fold's choice, and the setting
    chosen on all cases (for ``COACH_DENSE_WEIGHT``, ``COACH_DOCUMENT_BOOST`` and
    ``COACH_DOCUMENT_BM25``). A case asked in one of ``workflows`` is searched as the coach searches
    it (:func:`assistant.answers.searched`, relevance ``floor``), with the terms the current settings
    settle on."""
    import random

    from .answers import searched

    scored = [c for c in cases if c.expected_sources and not c.conversation]
    if len(scored) < folds:
        raise CaseError(f"fusion tuning needs at least {folds} cases with expected_sources, found {len(scored)}")
    settings = [(w, b, m) for m in whole for b in boosts for w in grid]
    current = (retriever.dense_weight, retriever.document_boost, retriever.document_bm25)
    flows = workflows or {}
    terms = []
    for c in scored:
        flow = flows.get(c.workflow) if c.workflow else None
        search = searched(retriever, c.question, flow, floor, k=10, max_per_doc=1) if flow else None
        terms.append((search.query, {"themes": search.themes} if search.themes else {}) if search else (c.question, {}))

    def scores(**options) -> list[dict]:
        return [
            retrieval_scores(
                ranked_documents(retriever.search(query, k=10, max_per_doc=1, **where, **options)),
                set(c.expected_sources),
            )
            for c, (query, where) in zip(scored, terms, strict=True)
        ]

    table = {(w, b, m): scores(dense_weight=w, document_boost=b, document_bm25=m) for w, b, m in settings}
    single = {mode: scores(mode=mode) for mode in ("dense", "bm25")}

    def best(indices: list[int]) -> tuple[float, float, float]:
        objective = {p: mean([_fusion_objective(table[p][i]) for i in indices]) or 0.0 for p in settings}
        top = max(objective.values())
        near = [p for p in settings if objective[p] >= top - 1 / len(indices) - 1e-9]
        return min(near, key=lambda p: (sum(abs(a - b) for a, b in zip(p, current, strict=True)), -objective[p]))

    held: list[dict] = []
    chosen = []
    for repeat in range(repeats):
        order = list(range(len(scored)))
        random.Random(repeat).shuffle(order)
        fold_of = {i: n % folds for n, i in enumerate(order)}
        for fold in range(folds):
            pick = best([i for i in range(len(scored)) if fold_of[i] != fold])
            chosen.append(list(pick))
            held.extend(table[pick][i] for i in range(len(scored)) if fold_of[i] == fold)

    def summarise_rows(rows: list[dict]) -> dict:
        return {m: mean([r[m] for r in rows]) for m in SUMMARY_RETRIEVAL}

    weight, boost, bm25 = best(list(range(len(scored))))
    return {
        "cases": len(scored),
        "folds": folds,
        "repeats": repeats,
        "grid": list(grid),
        "boosts": list(boosts),
        "document_bm25_grid": list(whole),
        "fold_choices": chosen,
        "chosen_weight": weight,
        "chosen_boost": boost,
        "chosen_document_bm25": bm25,
        "cross_validated_hybrid": summarise_rows(held),
        "current_hybrid": summarise_rows(scores()),
        "dense": summarise_rows(single["dense"]),
        "bm25": summarise_rows(single["bm25"]),
    }


def compare_modes(
    components, cases: list[EvalCase], modes=("extractive", "generative"), progress: Progress | None = None
) -> dict:
    """The single-turn answer cases run once per answer mode on the same index and model:
    pass rate, groundedness, unsupported numbers, citation validity and latency for each."""
    answerer = components.coach.answerer
    original = answerer.settings
    single = [c for c in cases if not c.conversation]
    figures = {}
    try:
        for mode in modes:
            answerer.settings = original.model_copy(update={"answer_mode": mode})
            summary = run_eval(components, single, progress=progress)["summary"]
            figures[mode] = {"cases": len(single), **summary["answers"], **summary["latency"]}
    finally:
        answerer.settings = original
    return figures


def summarise(rows: list[dict], retrieval_only: bool = False, judge=None) -> dict:
    """The summary figures of a set of case rows (the whole run, or one tag's cases)."""
    scored = [r["retrieval"] for r in rows if "retrieval" in r]
    summary = {
        "cases": len(rows),
        "retrieval": {
            mode: {m: mean([s[mode][m] for s in scored if mode in s]) for m in SUMMARY_RETRIEVAL}
            for mode in (*MODES, QUESTION_ALONE)
        },
        "answers": None,
        "coaching": None,
        "latency": None,
    }
    if retrieval_only:
        return summary
    answered = [r["figures"] for r in rows if "figures" in r]
    marks = [f["marks"] for f in answered if "marks" in f]
    valid, total = sum(m[0] for m in marks), sum(m[1] for m in marks)
    numbers = [f["numbers"] for f in answered if "numbers" in f]
    with_numbers = sum(n[1] for n in numbers)
    summary["answers"] = {
        "pass_rate": mean([1.0 if f["passed"] else 0.0 for f in answered]),
        "citation_validity": round(valid / total, 4) if total else None,  # no citation marks: nothing to validate
        "groundedness": mean([f["groundedness"] for f in answered if "groundedness" in f]),
        "refusal_accuracy": mean([1.0 if f["refusal_right"] else 0.0 for f in answered]),
        "unsupported_numbers": round(sum(n[0] for n in numbers) / with_numbers, 4)
        if with_numbers
        else (0.0 if answered else None),
    }
    summary["coaching"] = {"rubric_mean": mean([f["rubric"] for f in answered if "rubric" in f])}
    summary["latency"] = {
        "ttft_p50_s": median([f["ttft_s"] for f in answered if f.get("ttft_s") is not None]),
        "total_p50_s": median([f["total_s"] for f in answered if "total_s" in f]),
    }
    summary["conversations"] = conversation_summary(rows)
    if judge is not None:
        judged = [r["judge"] for r in rows if "judge" in r]
        summary["judge"] = {
            "model": judge.spec,
            **{
                key: {"mean": mean([j[key] for j in judged]), "spread": mean([j[f"{key}_spread"] for j in judged])}
                for key in ("faithfulness", "answer_relevance")
            },
        }
    return summary


# --- the eval corpus -------------------------------------------------------------------------


def prepare_corpus(settings, corpus: Path | None, work_dir: Path) -> Path:
    """The folder to evaluate: ``corpus`` as given, or the bundled corpus plus eval-only additions."""
    if corpus is not None:
        if not corpus.is_dir():
            raise CaseError(f"corpus folder not found: {corpus}")
        return corpus
    additions = settings.evals_dir / "corpus-additions"
    merged = work_dir / "corpus"
    shutil.rmtree(merged, ignore_errors=True)
    shutil.copytree(settings.corpus_dir, merged)
    if additions.is_dir():
        shutil.copytree(additions, merged, dirs_exist_ok=True)
    return merged


# --- baseline ---------------------------------------------------------------------------------


def _figures(summary: dict, prefix: str = "") -> dict[str, float]:
    out = {}
    for key, value in summary.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_figures(value, f"{name}."))
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and key not in COUNTS:
            out[name] = float(value)
    return out


LOWER_IS_BETTER = {"debris", "unsupported_numbers", "over_refusal", "in_scope_clarified"}
COUNTS = {"cases", "messages", "in_scope", "declines", "folds", "C", "decline_below", "answer_from"}
NOT_GATED = ("latency.", "judge.", "by_tag.")


def compare_to_baseline(summary: dict, baseline: dict, tolerance: float = 0.02) -> list[str]:
    """Figures that fell below the baseline by more than ``tolerance`` (latency and the judge are not gated)."""
    base = baseline.get("summary", baseline)
    ours = _figures(summary)
    regressions = []
    for name, value in sorted(_figures(base).items()):
        if name.startswith(NOT_GATED) or name not in ours:
            continue
        if name.rsplit(".", 1)[-1] in LOWER_IS_BETTER:
            if ours[name] > value + tolerance:
                regressions.append(f"{name}: {ours[name]:.3f} > baseline {value:.3f} + {tolerance}")
            continue
        if ours[name] < value - tolerance:
            regressions.append(f"{name}: {ours[name]:.3f} < baseline {value:.3f} - {tolerance}")
    return regressions


def stamp(report: dict, **meta) -> dict:
    report["run"] = {"date": datetime.now(UTC).isoformat(timespec="seconds"), **meta}
    return report
