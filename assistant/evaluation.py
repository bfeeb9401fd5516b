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
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import yaml

from .conversation_eval import conversation_summary, run_conversation
from .grounding import groundedness
from .metrics import mean, median, retrieval_scores
from .retrieval import MODES, ranked_documents
from .review import RUBRICS, review

CASE_KEYS = {"id", "question", "workflow", "expected_sources", "must_include", "must_not_include", "expect_refusal", "rubric", "tags",
             "turns", "persona", "min_rubric", "min_probes"}
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


def _validate(raw, where: str, problems: list[str], known_docs: set[str] | None, workflows: list[str]) -> EvalCase | None:
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
    if not isinstance(raw.get("expect_refusal", False), bool):
        problems.append(f"{where}: 'expect_refusal' must be true or false")
    lists = {name: _string_list(raw.get(name), name, problems, where) for name in ("expected_sources", "must_include", "must_not_include", "tags")}
    for name in ("must_include", "must_not_include"):
        for pattern in lists[name]:
            try:
                re.compile(pattern)
            except re.error as exc:
                problems.append(f"{where}: bad regex in '{name}': {pattern!r} ({exc})")
    if known_docs is not None:
        for doc_id in lists["expected_sources"]:
            if doc_id not in known_docs:
                problems.append(f"{where}: expected source '{doc_id}' is not in the corpus")
    if len(problems) > before:
        return None
    return EvalCase(
        id=str(case_id), question=str(question).strip(), workflow=workflow, rubric=rubric,
        expect_refusal=bool(raw.get("expect_refusal", False)), turns=list(turns or []), persona=str(raw.get("persona") or ""),
        min_rubric=raw.get("min_rubric"), min_probes=int(raw.get("min_probes") or 0), **lists,
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


def _matches(patterns: list[str], text: str) -> list[str]:
    return [p for p in patterns if re.search(p, text, re.IGNORECASE)]


def _retrieval(retriever, case: EvalCase) -> dict[str, list[str]]:
    return {mode: ranked_documents(retriever.search(case.question, k=10, mode=mode, max_per_doc=1)) for mode in MODES}


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
    failures += [f"contains /{p}/" for p in _matches(case.must_not_include, answer.answer)]
    return failures


def run_eval(components, cases: list[EvalCase], retrieval_only: bool = False, judge=None, progress: Progress | None = None) -> dict:
    progress = progress or (lambda *_: None)
    retriever = components.retriever
    per_mode: dict[str, list[dict]] = {mode: [] for mode in MODES}
    rows = []
    valid_marks = total_marks = 0
    grounded, rubric_scores, ttfts, totals = [], [], [], []
    refusals_right = 0
    judged: dict[str, list[float]] = {"faithfulness": [], "answer_relevance": [], "faithfulness_spread": [], "answer_relevance_spread": []}
    for n, case in enumerate(cases, 1):
        progress("cases", n - 1, len(cases))
        if case.conversation:
            if not retrieval_only:
                rows.append(run_conversation(components, case))
            continue
        rankings = _retrieval(retriever, case)
        relevant = set(case.expected_sources)
        row = {"id": case.id, "tags": case.tags, "question": case.question, "retrieved": rankings["hybrid"][:5], "passed": True, "failures": [], "answer": "", "latency_s": 0.0}
        if relevant:
            for mode in MODES:
                per_mode[mode].append(retrieval_scores(rankings[mode], relevant))
            row["retrieval"] = {mode: retrieval_scores(rankings[mode], relevant) for mode in MODES}
            if not relevant & set(rankings["hybrid"][:5]):
                row["failures"].append(f"expected {', '.join(sorted(relevant))} not in the hybrid top 5")
        if not retrieval_only:
            started = time.perf_counter()
            answer = components.coach.ask(case.question, workflow=case.workflow)
            row.update(
                answer=answer.answer, latency_s=round(time.perf_counter() - started, 3), refused=answer.refused,
                retrieved=answer.retrieved or row["retrieved"], citations=[c.public() for c in answer.citations],
            )
            answer_failures = _answer_checks(case, answer)
            row["failures"] += answer_failures
            row["answer_passed"] = not answer_failures
            refusals_right += answer.refused == case.expect_refusal
            if not answer.refused and not answer.error:
                total_marks += len(answer.citations) + answer.dropped_citations
                valid_marks += len(answer.citations)
                if answer.passages:
                    grounded.append(groundedness(answer.answer, {p.n: p.text for p in answer.passages}))
                if answer.ttft_s is not None:
                    ttfts.append(answer.ttft_s)
                totals.append(answer.total_s)
                if case.rubric:
                    row["rubric_score"] = review(answer.answer, case.rubric).score
                    rubric_scores.append(row["rubric_score"])
                if judge is not None:
                    scores = judge.score(case.question, answer.answer, [p.text for p in answer.passages])
                    row["judge"] = scores
                    for key, value in scores.items():
                        judged[key].append(value)
        row["passed"] = not row["failures"]
        rows.append(row)
    progress("cases", len(cases), len(cases))
    answered = [r for r in rows if "answer_passed" in r]
    summary = {
        "cases": len(cases),
        "retrieval": {mode: {m: mean([s[m] for s in per_mode[mode]]) for m in SUMMARY_RETRIEVAL} for mode in MODES},
        "answers": None,
        "coaching": None,
        "latency": None,
    }
    if not retrieval_only:
        summary["answers"] = {
            "pass_rate": mean([1.0 if r["answer_passed"] else 0.0 for r in answered]),
            "citation_validity": round(valid_marks / total_marks, 4) if total_marks else 1.0,
            "groundedness": mean(grounded),
            "refusal_accuracy": round(refusals_right / len(answered), 4) if answered else None,
        }
        summary["coaching"] = {"rubric_mean": mean(rubric_scores)}
        summary["latency"] = {"ttft_p50_s": median(ttfts), "total_p50_s": median(totals)}
        summary["conversations"] = conversation_summary(rows)
        if judge is not None:
            summary["judge"] = {
                "model": judge.spec,
                "faithfulness": {"mean": mean(judged["faithfulness"]), "spread": mean(judged["faithfulness_spread"])},
                "answer_relevance": {"mean": mean(judged["answer_relevance"]), "spread": mean(judged["answer_relevance_spread"])},
            }
    return {"summary": summary, "cases": rows}


# --- the eval corpus -------------------------------------------------------------------------


def prepare_corpus(settings, corpus: Path | None, work_dir: Path) -> Path:
    """The folder to evaluate: ``corpus`` as given, or the bundled corpus plus eval-only additions."""
    if corpus is not None:
        if not corpus.is_dir():
            raise CaseError(f"corpus folder not found: {corpus}")
        return corpus
    additions = settings.prompts_dir.parent / "evals" / "corpus-additions"
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
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and key != "cases":
            out[name] = float(value)
    return out


LOWER_IS_BETTER = {"debris", "unsupported_numbers"}


def compare_to_baseline(summary: dict, baseline: dict, tolerance: float = 0.02) -> list[str]:
    """Figures that fell below the baseline by more than ``tolerance`` (latency and the judge are not gated)."""
    base = baseline.get("summary", baseline)
    ours = _figures(summary)
    regressions = []
    for name, value in sorted(_figures(base).items()):
        if name.startswith(("latency.", "judge.")) or name not in ours:
            continue
        if name.rsplit(".", 1)[-1] in LOWER_IS_BETTER:
            if ours[name] > value + tolerance:
                regressions.append(f"{name}: {ours[name]:.3f} > baseline {value:.3f} + {tolerance}")
            continue
        if ours[name] < value - tolerance:
            regressions.append(f"{name}: {ours[name]:.3f} < baseline {value:.3f} - {tolerance}")
    return regressions


def stamp(report: dict, **meta) -> dict:
    report["run"] = {"date": datetime.now(timezone.utc).isoformat(timespec="seconds"), **meta}
    return report
