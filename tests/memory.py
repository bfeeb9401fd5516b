"""In-memory stand-ins for the two outside systems retrieval needs, for fast unit tests of the
coaching logic: word-hashing embeddings instead of the MiniLM model, and a numpy vector store
instead of Chroma. The real index, BM25, fusion, guard, coach and session store run on top of
them unchanged; answer quality is measured with the real models (slow tests and the eval suite).
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

DIMENSION = 256
_WORD = re.compile(r"[a-z0-9]+")


def _bucket(token: str) -> tuple[int, float]:
    digest = hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest()
    value = int.from_bytes(digest, "little")
    return value % DIMENSION, 1.0 if (value >> 32) & 1 else -1.0


class HashingEmbeddings:
    """Deterministic bag-of-words vectors: each word (cut to its first five letters, a crude stem)
    and each pair of neighbouring words is hashed into one of 256 signed buckets; unit length."""

    name = "hashing-bag-of-words"
    batch_size = 256

    def _vector(self, text: str) -> list[float]:
        words = [w[:5] for w in _WORD.findall(text.casefold()) if len(w) > 2]
        vector = np.zeros(DIMENSION)
        for token in words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]:
            bucket, sign = _bucket(token)
            vector[bucket] += sign
        norm = np.linalg.norm(vector)
        return (vector / norm if norm else vector).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def _matches(meta: dict, where: dict | None) -> bool:
    """Chroma's ``where`` subset the index uses: equality, ``$and`` and ``$or``."""
    if not where:
        return True
    if "$and" in where:
        return all(_matches(meta, clause) for clause in where["$and"])
    if "$or" in where:
        return any(_matches(meta, clause) for clause in where["$or"])
    return all(meta.get(key) == value for key, value in where.items())


class MemoryVectorStore:
    """The vector store boundary (:class:`assistant.vectorstore.ChromaVectorStore`) held in a dict."""

    location = "memory"

    def __init__(self):
        self.vectors: dict[str, np.ndarray] = {}
        self.metadata: dict[str, dict] = {}

    def add(self, ids: list[str], vectors: list[list[float]], metadatas: list[dict], batch: int = 1000) -> None:
        for chunk_id, vector, meta in zip(ids, vectors, metadatas, strict=True):
            self.vectors[chunk_id] = np.asarray(vector, dtype=float)
            self.metadata[chunk_id] = dict(meta)

    def delete(self, ids: list[str], batch: int = 1000) -> None:
        for chunk_id in ids:
            self.vectors.pop(chunk_id, None)
            self.metadata.pop(chunk_id, None)

    def all_ids(self) -> set[str]:
        return set(self.vectors)

    def count(self) -> int:
        return len(self.vectors)

    def query(self, vector: list[float], n: int, where: dict | None = None) -> list[tuple[str, float]]:
        ids = [i for i in self.vectors if _matches(self.metadata[i], where)]
        if n <= 0 or not ids:
            return []
        scores = np.stack([self.vectors[i] for i in ids]) @ np.asarray(vector, dtype=float)
        order = np.argsort(-scores, kind="stable")[:n]
        return [(ids[k], float(scores[k])) for k in order]

    def heartbeat(self) -> str:
        return f"{self.count()} vectors in memory"


def sampled_guard(prompts, embeddings, every: int = 4):
    """The real guard, trained on every ``every``-th labelled example of each label (seconds, not
    the half-minute the full set takes): the coaching logic's tests need a guard that decides,
    not the guard's measured quality (``coach guard --cv`` and the eval suite measure that)."""
    from assistant.guard import Guard

    class SampledGuard(Guard):
        def labelled(self) -> tuple[list[str], list[str]]:
            texts, labels = super().labelled()
            seen: dict[str, int] = {}
            keep = []
            for text, label in zip(texts, labels, strict=True):
                seen[label] = seen.get(label, 0) + 1
                if seen[label] % every == 1:
                    keep.append((text, label))
            return [t for t, _ in keep], [lab for _, lab in keep]

        def data_hash(self) -> str:
            return f"{super().data_hash()}-every-{every}"

    return SampledGuard(prompts, embeddings, None)
