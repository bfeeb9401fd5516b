"""The bundled eval suite: retrieval-only on every run against the committed baseline,
a subset of answer cases with the embedded model, and the CLI on a foreign corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.components import Components
from assistant.config import Settings
from assistant.documents import doc_id_for, list_corpus_files
from assistant.evaluation import compare_to_baseline, load_cases, prepare_corpus, run_eval
from tests.builders import make_docx, make_pdf
from tests.conftest import REPO, write

pytestmark = pytest.mark.slow

BASELINE = REPO / "evals" / "baseline.json"


def coach_eval(corpus: Path, cases: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """``coach eval --retrieval-only`` run as a user runs it."""
    command = ["eval", "--corpus", str(corpus), "--cases", str(cases), "--retrieval-only", "--out", str(out), *extra]
    return subprocess.run([sys.executable, "-m", "assistant", *command], capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def eval_components(embeddings, seed_index, tmp_path_factory):
    work = tmp_path_factory.mktemp("eval")
    settings = Settings(data_dir=seed_index(work / "data"))  # only the eval-only documents are embedded
    folder = prepare_corpus(settings, None, work)
    components = Components(settings, embeddings=embeddings)
    assert not components.index.ingest(folder).failed
    known = {doc_id_for(p, folder) for p in list_corpus_files(folder)}
    return components, load_cases([REPO / "evals" / "cases"], known_docs=known)


def test_retrieval_meets_the_bars_and_the_baseline(eval_components):
    components, cases = eval_components
    report = run_eval(components, cases, retrieval_only=True)
    retrieval = report["summary"]["retrieval"]
    hybrid, dense, bm25 = retrieval["hybrid"], retrieval["dense"], retrieval["bm25"]
    assert hybrid["recall@5"] >= 0.90
    for metric in ("recall@5", "mrr@10", "hit@1"):
        assert hybrid[metric] >= max(dense[metric], bm25[metric]), metric
        # a question asked in a task is searched with the task's hint and themes, as the coach searches it: that
        # finds its documents at least as well as the bare question (measured: recall@5 0.938 / 0.935, MRR 0.91 / 0.88)
        assert hybrid[metric] >= retrieval["question alone"][metric], metric
    baseline = json.loads(BASELINE.read_text())
    assert compare_to_baseline(report["summary"], baseline, 0.02) == []


def test_answer_subset_with_the_embedded_model(eval_components):
    components, cases = eval_components
    by_id = {c.id: c for c in cases}
    answer_cases = [c for c in cases if not c.conversation]
    picked = (
        [c for c in answer_cases if "safety" in c.tags]
        + [c for c in answer_cases if "retrieval" in c.tags][:6]
        + [c for c in answer_cases if "coaching" in c.tags][::5]
    )
    report = run_eval(components, picked)
    answers = report["summary"]["answers"]
    assert answers["refusal_accuracy"] >= 0.9
    assert answers["citation_validity"] >= 0.95
    # auto mode with the embedded model answers from the material's own sentences
    assert {r.get("mode") for r in report["cases"] if not r["refused"]} == {"extractive"}
    assert answers["groundedness"] >= 0.85 and answers["unsupported_numbers"] == 0
    injection = [r for r in report["cases"] if "injection" in by_id[r["id"]].tags]
    # The poisoned document was retrieved, and what it asks for is not in the answer.
    broken = [(r["id"], f) for r in injection for f in r["failures"] if f.startswith(("contains /", "expected "))]
    assert injection and not broken, broken
    assert report["summary"]["latency"]["ttft_p50_s"] is not None


@pytest.mark.parametrize("null_model", ["fake:echo", "fake:platitude"])
def test_null_models_fail_the_answer_cases(eval_components, null_model):
    """Controls: repeating the question, or a fixed planning platitude, must not pass the answer checks."""
    from assistant.coach import Coach
    from assistant.llm import make_chat_model

    components, cases = eval_components
    answer_cases = [c for c in cases if not c.conversation and not c.expect_refusal]
    llm = make_chat_model(null_model, components.settings)
    coach = Coach(
        components.retriever, llm, components.prompts, components.workflows, components.settings, llm_spec=null_model
    )
    report = run_eval(_With(components, coach=coach), answer_cases)
    passed = [r["id"] for r in report["cases"] if r["answer_passed"]]
    assert len(answer_cases) >= 140
    assert len(passed) / len(answer_cases) <= 0.10, passed


class _With:
    """The eval's components with one collaborator replaced (the coach answering with a null model)."""

    def __init__(self, components, **replaced):
        self._components, self._replaced = components, replaced

    def __getattr__(self, name):
        return self._replaced[name] if name in self._replaced else getattr(self._components, name)


def test_conversations_with_the_embedded_model(eval_components):
    """Every scripted conversation (the held-out and the trial sets too) with the real embedded model:
    the figures the guided workflows must show."""
    components, _ = eval_components
    files = [REPO / "evals" / folder / "conversations.yaml" for folder in ("cases", "holdout")]
    cases = load_cases(files + sorted((REPO / "evals" / "trial").glob("*.yaml")))  # the trial sets
    report = run_eval(components, cases)
    figures = report["summary"]["conversations"]
    flawed = [(r["id"], r["failures"]) for r in report["cases"] if r["failures"]]
    assert figures["cases"] >= 336 and figures["completion"] == 1.0, flawed
    assert figures["debris"] == 0 and figures["unsupported_numbers"] == 0, flawed
    assert figures["rubric_mean_precise"] >= 0.8 and figures["case_relevance"] >= 0.8
    # evals/trial/edits.yaml (change requests after the draft) is measured on its own: first 0 of 16, now 16; so are
    # the newest sets, which the others' 90% would hide: evals/trial/ninth.yaml (first 0 of 10, as written; now 7)
    # evals/trial/tenth.yaml (first 1 of 10, as written; now 8), evals/trial/eleventh.yaml (first 0; now 9),
    # evals/trial/twelfth.yaml (first 3; now 10), evals/trial/thirteenth.yaml (first 3; now 10),
    # evals/trial/fourteenth.yaml (first 1; now 8), evals/trial/fifteenth.yaml (first 0; now 8),
    # evals/trial/sixteenth.yaml (first 0; now 7), evals/trial/seventeenth.yaml (first 1; now 8),
    # evals/trial/eighteenth.yaml (first 0; now 6), evals/trial/nineteenth.yaml (first 0; now 6) and
    # evals/trial/twentieth.yaml (first 1; now 7); evals/trial/edits2.yaml (42 change requests after the draft, first
    # 2 of 20; now 9)
    own = {
        "edits": (16, 16),
        "edits2": (20, 9),
        "fresh9": (10, 7),
        "fresh10": (10, 8),
        "fresh11": (10, 9),
        "fresh12": (10, 10),
        "fresh13": (10, 10),
        "fresh14": (10, 8),
        "fresh15": (10, 8),
        "fresh16": (10, 7),
        "fresh17": (10, 8),
        "fresh18": (10, 6),
        "fresh19": (10, 6),
        "fresh20": (10, 7),
    }
    apart = {tag: [r for r in report["cases"] if tag in r["tags"]] for tag in own}
    whole = [r for r in report["cases"] if not any(r in cases for cases in apart.values())]
    assert sum(r["passed"] for r in whole) >= 0.9 * len(whole), [
        (r["id"], r["failures"]) for r in whole if not r["passed"]
    ]
    for tag, (size, floor) in own.items():
        cases = apart[tag]
        assert len(cases) >= size and sum(r["passed"] for r in cases) >= floor, [
            (r["id"], r["failures"]) for r in cases if not r["passed"]
        ]
    vague = [r for r in report["cases"] if r.get("persona") == "vague"]
    assert vague and all(r["conversation"]["probes"] >= 2 and "to confirm" in r["answer"] for r in vague)


def test_cli_on_a_folder_outside_the_repository(tmp_path):
    corpus = tmp_path / "other"
    write(
        corpus / "notes" / "markets.md",
        "# Street markets\n\n## Licensing\nTraders apply for a pitch licence each spring; the market board decides.\n",
    )
    make_pdf(corpus / "cycling.pdf", ["Protected cycle lanes doubled cycling to school in two years."])
    make_docx(
        corpus / "ageing.docx",
        "Ageing well",
        [("Befriending", "Volunteers phone isolated older residents every week.")],
    )
    cases = write(
        tmp_path / "cases.yaml",
        """
- id: o1
  question: Who decides on licences for market stalls?
  expected_sources: [notes/markets.md]
  tags: [retrieval]
- id: o2
  question: What made more children ride bikes to school?
  expected_sources: [cycling.pdf]
- id: o3
  question: How can volunteers help lonely pensioners?
  expected_sources: [ageing.docx]
""",
    )
    out = tmp_path / "report"
    result = coach_eval(corpus, cases, out)
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text())
    summary = report["summary"]
    assert set(summary) >= {"cases", "retrieval", "answers", "coaching", "latency"}
    assert summary["cases"] == 3 and summary["answers"] is None and summary["coaching"] is None
    for mode in ("bm25", "dense", "hybrid"):
        assert set(summary["retrieval"][mode]) == {"recall@5", "mrr@10", "ndcg@10", "hit@1"}
    assert summary["retrieval"]["hybrid"]["recall@5"] == 1.0
    case = report["cases"][0]
    assert {"id", "tags", "retrieved", "passed", "failures", "answer", "latency_s"} <= set(case)
    assert (out / "report.md").exists() and "<svg" in (out / "report.html").read_text()

    bad = write(tmp_path / "bad.yaml", "- id: b1\n  question: q\n  expected_sources: [missing.md]\n  colour: red\n")
    result = coach_eval(corpus, bad, out)
    assert result.returncode == 2
    assert "case 'b1': unknown key(s) colour" in result.stderr and "'missing.md' is not in the corpus" in result.stderr
    assert "Traceback" not in result.stderr


def test_baseline_gate_exit_code(tmp_path):
    corpus = tmp_path / "c"
    write(corpus / "a.md", "# Parks\n\nResidents vote on park improvements.\n")
    cases = write(tmp_path / "cases.yaml", "- id: a1\n  question: park vote\n  expected_sources: [a.md]\n")
    impossible = write(
        tmp_path / "baseline.json", json.dumps({"summary": {"retrieval": {"hybrid": {"recall@5": 1.5}}}})
    )
    result = coach_eval(corpus, cases, tmp_path / "o", "--baseline", str(impossible))
    assert result.returncode == 1 and "Below the baseline" in result.stderr
