"""Retrieval on an external corpus nobody on the team wrote: pages of the first GOV.UK Government
Service Design Manual (Open Government Licence v2.0), kept byte-identical with their original
Jekyll front matter, and leader-style cases written from reading them (evals/external/).

The floors are loose on purpose; the real figures are in evals/external/README.md."""

from __future__ import annotations

import pytest

from assistant.components import Components
from assistant.config import Settings
from assistant.documents import SUPPORTED_SUFFIXES, doc_id_for, list_corpus_files
from assistant.evaluation import load_cases, run_eval
from tests.conftest import REPO

pytestmark = pytest.mark.slow

EXTERNAL = REPO / "evals" / "external"
CORPUS = EXTERNAL / "corpus"
CASES = EXTERNAL / "cases.yaml"


@pytest.fixture(scope="module")
def external(embeddings, tmp_path_factory):
    work = tmp_path_factory.mktemp("external")
    components = Components(Settings(data_dir=work / "data"), embeddings=embeddings)
    report = components.index.ingest(CORPUS)
    known = {doc_id_for(p, CORPUS) for p in list_corpus_files(CORPUS)}
    return components, report, load_cases([CASES], known_docs=known)


def test_the_corpus_carries_its_licence_and_original_format():
    licence = EXTERNAL / "LICENCE.md"
    assert licence.is_file() and "Open Government Licence" in licence.read_text(encoding="utf-8")
    assert (EXTERNAL / "README.md").is_file()
    files = [p for p in CORPUS.rglob("*") if p.is_file()]
    assert len(files) >= 30
    for path in files:
        assert path.suffix.lower() in SUPPORTED_SUFFIXES, path
        if path.suffix.lower() in (".md", ".markdown"):
            # the pages keep the front matter they were published with
            assert path.read_bytes().startswith(b"---\n"), path


def test_every_file_is_indexed(external):
    _, report, _ = external
    assert not report.failed, report.failed
    assert report.documents == len(list_corpus_files(CORPUS))


def test_retrieval_on_the_external_corpus(external):
    components, _, cases = external
    assert len(cases) >= 40
    report = run_eval(components, cases, retrieval_only=True)
    retrieval = report["summary"]["retrieval"]
    hybrid, dense, bm25 = retrieval["hybrid"], retrieval["dense"], retrieval["bm25"]
    misses = [(r["id"], r["retrieved"]) for r in report["cases"] if not r["passed"]]
    assert hybrid["recall@5"] >= 0.80, (retrieval, misses)
    assert hybrid["recall@5"] >= max(dense["recall@5"], bm25["recall@5"]) - 0.05, retrieval
