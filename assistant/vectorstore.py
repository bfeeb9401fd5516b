"""The one boundary to the vector store (Chroma).

By default Chroma runs embedded (``PersistentClient``) under the data directory; when
``COACH_CHROMA_HOST`` is set it talks to a Chroma server (``HttpClient``). Telemetry is off and
Chroma's own embedding function is never used: vectors always come from our embeddings.
Only ids, vectors and the small metadata needed for filtering are stored here; passage texts
live in the index snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import VectorStoreError


@dataclass
class VectorFilter:
    """Restrict a query to a kind of document and/or any of some themes."""

    kind: str | None = None
    themes: tuple[str, ...] = ()

    def where(self) -> dict | None:
        clauses: list[dict] = []
        if self.kind:
            clauses.append({"kind": self.kind})
        theme_clauses = [{f"theme_{t}": True} for t in self.themes]
        if len(theme_clauses) == 1:
            clauses.append(theme_clauses[0])
        elif theme_clauses:
            clauses.append({"$or": theme_clauses})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def chunk_metadata(kind: str, doc_id: str, themes: list[str]) -> dict:
    meta: dict = {"kind": kind, "doc_id": doc_id}
    for theme in themes:
        meta[f"theme_{theme}"] = True
    return meta


class ChromaVectorStore:
    """Add, delete and query vectors by chunk id in one Chroma collection."""

    def __init__(self, path: Path | None = None, host: str = "", port: int = 8000, collection: str = "coach-chunks"):
        self.path = path
        self.host = host
        self.port = port
        self.collection_name = collection
        self._collection = None

    @property
    def location(self) -> str:
        return f"http://{self.host}:{self.port}" if self.host else str(self.path)

    def _client(self):
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        try:
            if self.host:
                return chromadb.HttpClient(host=self.host, port=self.port, settings=settings)
            self.path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(self.path), settings=settings)
        except Exception as exc:  # chromadb raises several types for an unreachable server
            raise VectorStoreError(f"cannot open the Chroma store at {self.location}: {exc}") from exc

    @property
    def collection(self):
        if self._collection is None:
            client = self._client()
            try:
                self._collection = client.get_or_create_collection(
                    self.collection_name, embedding_function=None, metadata={"hnsw:space": "cosine"}
                )
            except Exception as exc:
                raise VectorStoreError(
                    f"cannot open collection '{self.collection_name}' at {self.location}: {exc}"
                ) from exc
        return self._collection

    def _call(self, what: str, fn, *args, **kwargs):
        """Run a Chroma call; its many error types become one VectorStoreError."""
        try:
            return fn(*args, **kwargs)
        except VectorStoreError:
            raise
        except Exception as exc:
            raise VectorStoreError(f"the Chroma store at {self.location} failed to {what}: {exc}") from exc

    def add(self, ids: list[str], vectors: list[list[float]], metadatas: list[dict], batch: int = 1000) -> None:
        for start in range(0, len(ids), batch):
            end = start + batch
            self._call(
                "store vectors",
                self.collection.upsert,
                ids=ids[start:end],
                embeddings=vectors[start:end],
                metadatas=metadatas[start:end],
            )

    def delete(self, ids: list[str], batch: int = 1000) -> None:
        for start in range(0, len(ids), batch):
            self._call("delete vectors", self.collection.delete, ids=ids[start : start + batch])

    def all_ids(self) -> set[str]:
        return set(self._call("list vectors", self.collection.get, include=[])["ids"])

    def count(self) -> int:
        return self._call("count vectors", self.collection.count)

    def query(self, vector: list[float], n: int, where: dict | None = None) -> list[tuple[str, float]]:
        """The ``n`` nearest chunk ids with cosine similarity (1 - distance)."""
        if n <= 0:
            return []
        result = self._call(
            "search", self.collection.query, query_embeddings=[vector], n_results=n, where=where, include=["distances"]
        )
        ids = result["ids"][0]
        distances = result["distances"][0]
        return [(i, 1.0 - float(d)) for i, d in zip(ids, distances, strict=True)]

    def heartbeat(self) -> str:
        try:
            return f"{self.count()} vectors"
        except VectorStoreError:
            raise
        except Exception as exc:
            raise VectorStoreError(f"Chroma at {self.location} does not answer: {exc}") from exc
