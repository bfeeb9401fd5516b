"""Whole-document BM25 in hybrid retrieval: the document index lines up with the snapshot's
documents, survives a reload (and is rebuilt for an index written without it), follows the
kind and theme filters, and lifts a document without reordering its passages.

Runs on the in-memory stand-ins (tests/memory.py): what is tested is the index and the ranking
arithmetic, not the embedding model."""

from __future__ import annotations

import shutil

from assistant.retrieval import Retriever


def test_each_document_is_found_by_its_own_words(memory_index):
    snapshot = memory_index.index.snapshot()
    assert snapshot.document_lexical.size == len(snapshot.document_ids) == len(snapshot.documents)
    for doc_id in snapshot.document_ids:
        title = snapshot.documents[doc_id]["title"]
        found = snapshot.document_lexical.search(title, 3)
        assert found, doc_id
        assert doc_id in [snapshot.document_ids[pos] for pos, _ in found], (doc_id, title)


def test_scores_are_scaled_and_follow_the_filters(memory_index):
    snapshot = memory_index.index.snapshot()
    question = "participatory budgeting residents vote on projects"
    scores = Retriever._document_bm25(snapshot, question, None, ())
    assert max(scores.values()) == 1.0 and min(scores.values()) == 0.0
    best = max(scores, key=scores.get)
    assert "budget" in best, best
    cases = Retriever._document_bm25(snapshot, question, "case-study", ())
    assert cases and all(snapshot.documents[d]["kind"] == "case-study" for d in cases)
    assert Retriever._document_bm25(snapshot, "zzzz qqqq", None, ()) == {}


def test_the_document_score_lifts_a_document_and_keeps_its_passage_order(memory_index):
    snapshot = memory_index.index.snapshot()
    first = snapshot.chunks[0].doc_id
    same = next(i for i in range(1, len(snapshot.chunks)) if snapshot.chunks[i].doc_id == first)
    other = next(i for i in range(len(snapshot.chunks)) if snapshot.chunks[i].doc_id != first)
    ranked = [(other, 0.50), (0, 0.45), (same, 0.40)]
    lifted = Retriever._by_document(snapshot, ranked, 0.0, {first: 1.0}, 0.2)
    assert [p for p, _ in lifted] == [0, same, other]
    assert dict(lifted)[0] == 0.45 + 0.2
    assert Retriever._by_document(snapshot, ranked, 0.0, {first: 1.0}, 0.0) == ranked


def test_an_index_without_the_document_bm25_gets_one_built_on_load(memory_index, tmp_path):
    from assistant.index import CorpusIndex

    data = tmp_path / "index"
    shutil.copytree(memory_index.settings.index_dir, data)
    version = memory_index.index.manifest()["version"]
    saved = data / "snapshots" / version / "bm25-documents"
    assert saved.is_dir()
    shutil.rmtree(saved)
    older = CorpusIndex(data, memory_index.embeddings, memory_index.store)
    rebuilt = older.snapshot()
    current = memory_index.index.snapshot()
    assert rebuilt.document_ids == current.document_ids
    question = "how do we share records once only between agencies"
    assert rebuilt.document_lexical.search(question, 5) == current.document_lexical.search(question, 5)
    assert older.verify() == []


def test_words_with_an_apostrophe_are_stop_words_when_their_first_part_is():
    from assistant.lexical import tokenize

    # "we're", "what's", "don't" and "I'm" are "we", "what", "don" and "i": stop words, not search terms
    assert tokenize("We're sure what's next; don't worry, I'm on it") == ["sure", "next", "worri"]
    assert tokenize("We’re moving the council's depot") == ["move", "council", "depot"]


def test_a_name_typed_without_its_accents_finds_the_accented_one():
    from assistant.lexical import LexicalIndex, tokenize

    assert tokenize("Medellín, São Paulo and Malmö") == tokenize("Medellin, Sao Paulo and Malmo")
    index = LexicalIndex.build(["Medellín built cable cars to the hillside barrios", "Paris let residents vote"])
    assert [pos for pos, _ in index.search("medellin cable", 2)] == [0]


def test_an_index_split_into_words_another_way_is_rebuilt_on_load(memory_index, tmp_path):
    from assistant.index import CorpusIndex

    data = tmp_path / "index"
    shutil.copytree(memory_index.settings.index_dir, data)
    version = memory_index.index.manifest()["version"]
    for name in ("bm25", "bm25-documents"):
        marker = data / "snapshots" / version / name / "tokenizer"
        assert marker.is_file()
        marker.unlink()  # written before the words were split this way
    older = CorpusIndex(data, memory_index.embeddings, memory_index.store)
    rebuilt, current = older.snapshot(), memory_index.index.snapshot()
    question = "how do we share records once only between agencies"
    assert rebuilt.lexical.search(question, 5) == current.lexical.search(question, 5)
    assert rebuilt.document_lexical.search(question, 5) == current.document_lexical.search(question, 5)
    assert older.verify() == []
