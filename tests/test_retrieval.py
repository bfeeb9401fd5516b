"""The three search modes, filters, de-duplication, and the bundled corpus."""

from __future__ import annotations

import pytest

from assistant.retrieval import ranked_documents
from tests.conftest import write

pytestmark = pytest.mark.slow


@pytest.fixture
def small(tmp_path, make_components):
    root = tmp_path / "corpus"
    write(
        root / "programme" / "budgeting.md",
        "---\nthemes: [engagement]\n---\n# Budgeting with residents\n\n## Voting\nResidents propose projects and vote "
        "on how to spend part of the capital budget.\n\n## Tracking\nThe city publishes progress on every winning "
        "project.\n\n## Equity\nA share of the money is reserved for poorer districts.\n",
    )
    write(
        root / "case-studies" / "porto.md",
        "---\nthemes: [engagement]\n---\n# Porto Alegre\n\n## What was done\nSince 1989 neighbourhood assemblies "
        "decide investment priorities and residents vote.\n",
    )
    write(
        root / "case-studies" / "estonia.md",
        "---\nthemes: [digital]\n---\n# X-Road\n\n## What was done\nA decentralised data exchange layer lets agencies "
        "share records once only.\n",
    )
    write(
        root / "programme" / "okrs.md",
        "---\nthemes: [objectives]\n---\n# OKRs\n\n## Key results\nAn objective has two to five measurable key "
        "results set each quarter.\n",
    )
    components = make_components(max_chunks_per_doc=1)
    components.index.ingest(root)
    return components


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_each_mode_finds_the_right_document(small, mode):
    hits = small.retriever.search("how do residents vote on spending the budget", k=3, mode=mode)
    assert hits, mode
    assert hits[0].doc_id in ("programme/budgeting.md", "case-studies/porto.md")
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    public = hits[0].public()
    assert set(public) == {"doc_id", "chunk_id", "title", "section", "score", "text"}


def test_dense_understands_paraphrase_bm25_does_not_need_to(small):
    hits = small.retriever.search("sharing citizen records between government agencies", k=1, mode="dense")
    assert hits[0].doc_id == "case-studies/estonia.md"


def test_filters_by_kind_and_theme(small):
    hits = small.retriever.search("residents vote", k=5, kind="case-study")
    assert {h.doc_id for h in hits} <= {"case-studies/porto.md", "case-studies/estonia.md"}
    assert hits[0].doc_id == "case-studies/porto.md"
    for mode in ("hybrid", "dense", "bm25"):
        hits = small.retriever.search("measurable results", k=5, mode=mode, themes=("objectives",))
        assert hits and {h.doc_id for h in hits} == {"programme/okrs.md"}, mode


def test_one_document_does_not_fill_every_slot(small):
    hits = small.retriever.search("residents budget projects vote tracking equity", k=4)
    assert len(ranked_documents(hits)) == len(hits)
    unlimited = small.retriever.search("residents budget projects vote tracking equity", k=4, max_per_doc=0)
    assert sum(h.doc_id == "programme/budgeting.md" for h in unlimited) >= 2


def test_empty_query_and_unknown_mode(small):
    assert small.retriever.search("   ") == []
    with pytest.raises(ValueError, match="unknown search mode"):
        small.retriever.search("x", mode="fuzzy")


def test_bundled_corpus_budget_question(bundled_index):
    hits = bundled_index.retriever.search("how can residents decide how part of the city budget is spent", k=3)
    top3 = ranked_documents(hits)
    assert any("participatory-budget" in d for d in top3), top3


def test_bundled_corpus_has_enough_documents(bundled_index):
    docs = bundled_index.index.snapshot().documents
    assert sum(d["kind"] == "programme" for d in docs.values()) >= 8
    assert sum(d["kind"] == "case-study" for d in docs.values()) >= 16
    for doc_id, doc in docs.items():
        assert doc["sources"], f"{doc_id} lists no sources"
        assert doc["themes"], f"{doc_id} has no themes"


def test_fusion_weight_moves_hybrid_between_the_two_rankings(bundled_index):
    retriever = bundled_index.retriever
    question = "How do we get partners to share what they know without a contract?"

    def ids(**kwargs):
        return [h.chunk_id for h in retriever.search(question, k=8, max_per_doc=0, **kwargs)]

    alone = {"document_boost": 0.0, "document_bm25": 0.0}
    assert ids(dense_weight=1.0, **alone) == ids(mode="dense")
    assert ids(dense_weight=0.0, **alone) == ids(mode="bm25")
    assert ids() == ids(
        dense_weight=retriever.dense_weight,
        document_boost=retriever.document_boost,
        document_bm25=retriever.document_bm25,
    )


def test_fusion_scales_each_ranking_by_its_own_scores():
    from assistant.retrieval import Retriever

    # BM25 barely separates passages 1 and 2; dense puts 2 far ahead of 1.
    bm25 = [(1, 12.0), (2, 11.9), (3, 2.0)]
    dense = [(2, 0.80), (3, 0.41), (1, 0.40)]
    fused = Retriever._fuse([bm25, dense], [0.5, 0.5])
    assert [p for p, _ in fused] == [2, 1, 3]  # rank fusion would tie 1 and 2
    assert fused[0][1] == pytest.approx(0.5 * (9.9 / 10) + 0.5 * 1.0)
    assert dict(fused)[3] == pytest.approx(0.5 * 0.0 + 0.5 * (0.01 / 0.40))
    assert Retriever._fuse([[(7, 3.0)], []], [0.5, 0.5]) == [(7, 0.5)]  # a one-item list scales to 1


def test_document_boost_lifts_a_document_that_matches_in_several_passages(bundled_index):
    retriever = bundled_index.retriever
    snapshot = retriever.index.snapshot()
    same = next(i for i in range(1, len(snapshot.chunks)) if snapshot.chunks[i].doc_id == snapshot.chunks[0].doc_id)
    other = next(i for i in range(len(snapshot.chunks)) if snapshot.chunks[i].doc_id != snapshot.chunks[0].doc_id)
    # one document's single strong passage against another's two slightly weaker ones
    ranked = [(other, 0.050), (0, 0.048), (same, 0.040)]
    boosted = retriever._by_document(snapshot, ranked, 0.2)
    assert [p for p, _ in boosted][:2] == [0, other]
    assert retriever._by_document(snapshot, ranked, 0.0) == ranked
