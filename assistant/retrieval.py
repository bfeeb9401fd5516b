"""Search over the corpus: dense, BM25, and their relative-score fusion.

Every mode returns :class:`SearchHit` objects taken from the current index snapshot, so a
reader never sees a chunk that the manifest does not name. Results are de-duplicated so that
one document does not fill every slot (``max_per_doc``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .index import CorpusIndex, Snapshot
from .vectorstore import VectorFilter

MODES = ("hybrid", "dense", "bm25")


@dataclass
class SearchHit:
    doc_id: str
    chunk_id: str
    title: str
    section: str
    score: float
    text: str
    kind: str = ""
    page: int | None = None
    similarity: float | None = None  # cosine similarity to the query, when the dense side saw it

    def public(self) -> dict:
        """The fields of ``coach search --json``."""
        data = asdict(self)
        return {k: data[k] for k in ("doc_id", "chunk_id", "title", "section", "score", "text")}


class Retriever:
    """Hybrid retrieval over a :class:`CorpusIndex`."""

    def __init__(
        self,
        index: CorpusIndex,
        embeddings,
        store,
        max_per_doc: int = 2,
        depth: int = 50,
        dense_weight: float = 0.5,
        document_boost: float = 0.2,
        document_bm25: float = 0.4,
    ):
        self.index = index
        self.embeddings = embeddings
        self.store = store
        self.dense_weight = dense_weight  # the dense ranking's share of the fusion (0.5: equal weights)
        self.document_boost = (
            document_boost  # share of a document's other strong passages added to each of its passages
        )
        self.document_bm25 = document_bm25  # weight of the whole document's BM25 score, scaled 0..1
        self.max_per_doc = max_per_doc
        self.depth = depth

    def search(
        self,
        query: str,
        k: int = 5,
        mode: str = "hybrid",
        kind: str | None = None,
        themes: tuple[str, ...] | list[str] = (),
        max_per_doc: int | None = None,
        dense_weight: float | None = None,
        document_boost: float | None = None,
        document_bm25: float | None = None,
    ) -> list[SearchHit]:
        if mode not in MODES:
            raise ValueError(f"unknown search mode '{mode}'; use one of {', '.join(MODES)}")
        snapshot = self.index.snapshot()
        if snapshot is None or not query.strip() or k <= 0:
            return []
        themes = tuple(themes)
        depth = max(self.depth, k * 4)
        dense = self._dense(snapshot, query, depth, kind, themes) if mode != "bm25" else []
        if mode == "bm25":
            ranked = self._bm25(snapshot, query, depth, kind, themes)
        elif mode == "dense":
            ranked = dense
        else:
            weight = self.dense_weight if dense_weight is None else dense_weight
            ranked = self._fuse([self._bm25(snapshot, query, depth, kind, themes), dense], [1 - weight, weight])
            boost = self.document_boost if document_boost is None else document_boost
            whole = self.document_bm25 if document_bm25 is None else document_bm25
            if boost or whole:
                matches = self._document_bm25(snapshot, query, kind, themes) if whole else {}
                ranked = self._by_document(snapshot, ranked, boost, matches, whole)
        limit = self.max_per_doc if max_per_doc is None else max_per_doc
        return self._diversify(snapshot, ranked, k, limit, dict(dense))

    def _bm25(self, snapshot: Snapshot, query: str, depth: int, kind, themes) -> list[tuple[int, float]]:
        return snapshot.lexical.search(query, depth, snapshot.mask(kind, themes))

    def _dense(self, snapshot: Snapshot, query: str, depth: int, kind, themes) -> list[tuple[int, float]]:
        vector = self.embeddings.embed_query(query)
        where = VectorFilter(kind, themes).where()
        hits = self.store.query(vector, depth, where)
        return [(snapshot.position[cid], score) for cid, score in hits if cid in snapshot.position]

    @staticmethod
    def _document_bm25(snapshot: Snapshot, query: str, kind, themes) -> dict[str, float]:
        """Each document's BM25 score for the query over its whole text, scaled over the documents
        that match at all as :meth:`_fuse` scales a ranking (best 1, last 0)."""
        mask = snapshot.document_mask(kind, themes)
        found = snapshot.document_lexical.search(query, len(snapshot.document_ids), mask)
        return {snapshot.document_ids[pos]: score for pos, score in _scaled(found)}

    @staticmethod
    def _fuse(rankings: list[list[tuple[int, float]]], weights: list[float]) -> list[tuple[int, float]]:
        """Weighted relative-score fusion: each ranking's scores are scaled to 0..1 over its own
        list (best 1, last 0), and a passage gains ``weight * scaled score`` from each ranking it is
        in. Unlike rank fusion, a passage far ahead in one ranking stays far ahead, so a confident
        dense match is not pulled down by a weak lexical one."""
        fused: dict[int, float] = {}
        for ranking, weight in zip(rankings, weights, strict=True):
            for pos, score in _scaled(ranking):
                fused[pos] = fused.get(pos, 0.0) + weight * score
        return sorted(fused.items(), key=lambda item: (-item[1], item[0]))

    @staticmethod
    def _by_document(
        snapshot: Snapshot,
        ranked: list[tuple[int, float]],
        boost: float,
        matches: dict[str, float] | None = None,
        whole: float = 0.0,
    ) -> list[tuple[int, float]]:
        """Document-level evidence: each passage gains ``boost`` times the fused scores of its
        document's next two strongest passages, so a document that answers the question in
        several places ranks above one that matches in a single passage, and ``whole`` times its
        document's BM25 score over the whole text (``matches``, 0..1), so the words of the question
        spread across a document count as well as those in one passage. Within a document the
        order of passages does not change."""
        matches = matches or {}
        by_doc: dict[str, list[float]] = {}
        for pos, score in ranked:
            by_doc.setdefault(snapshot.chunks[pos].doc_id, []).append(score)  # ranked is in descending order
        adjusted = []
        for pos, score in ranked:
            others = list(by_doc[snapshot.chunks[pos].doc_id])
            others.remove(score)
            doc_id = snapshot.chunks[pos].doc_id
            adjusted.append((pos, score + boost * sum(others[:2]) + whole * matches.get(doc_id, 0.0)))
        return sorted(adjusted, key=lambda item: (-item[1], item[0]))

    @staticmethod
    def _diversify(
        snapshot: Snapshot, ranked: list[tuple[int, float]], k: int, max_per_doc: int, similarity: dict
    ) -> list[SearchHit]:
        hits: list[SearchHit] = []
        per_doc: dict[str, int] = {}
        for pos, score in ranked:
            chunk = snapshot.chunks[pos]
            if max_per_doc and per_doc.get(chunk.doc_id, 0) >= max_per_doc:
                continue
            per_doc[chunk.doc_id] = per_doc.get(chunk.doc_id, 0) + 1
            hits.append(
                SearchHit(
                    doc_id=chunk.doc_id,
                    chunk_id=chunk.chunk_id,
                    title=chunk.title,
                    section=chunk.section,
                    score=round(float(score), 6),
                    text=chunk.text,
                    kind=chunk.kind,
                    page=chunk.page,
                    similarity=round(similarity[pos], 6) if pos in similarity else None,
                )
            )
            if len(hits) == k:
                break
        return hits


def ranked_documents(hits: list[SearchHit]) -> list[str]:
    """Document ids in the order of their best chunk."""
    seen: list[str] = []
    for hit in hits:
        if hit.doc_id not in seen:
            seen.append(hit.doc_id)
    return seen


def _scaled(ranking: list[tuple[int, float]]) -> list[tuple[int, float]]:
    """A ranking's scores scaled to 0..1 over its own list (best 1, last 0; all 1 when equal)."""
    if not ranking:
        return []
    scores = [score for _, score in ranking]
    low, high = min(scores), max(scores)
    span = high - low
    return [(pos, (score - low) / span if span > 0 else 1.0) for pos, score in ranking]
