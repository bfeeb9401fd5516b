"""The embedding boundary: the plain pipeline gives the sentence-transformers library's vectors."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from assistant.embeddings import SentenceTransformerEmbeddings, default_model_path, plain_pipeline
from assistant.errors import EmbeddingError

TEXTS = [
    "How can residents decide how part of the city budget is spent?",
    "a",
    "Résumé of the café's co-design session \u2014 12 residents, 3 officers.",
    " ".join(["Stakeholders with high influence and high interest are managed closely."] * 40),  # > 256 tokens
]


def _library_vectors(folder, texts):
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    return model.encode(texts, normalize_embeddings=True, batch_size=2)


def _variant(tmp_path, pooling: str | None = None, lower_case: bool = False):
    """A copy of the bundled model folder with another pooling mode or settings."""
    folder = tmp_path / "model"
    shutil.copytree(default_model_path(), folder)
    if pooling:
        config = json.loads((folder / "1_Pooling" / "config.json").read_text())
        keys = {"mean": "pooling_mode_mean_tokens", "cls": "pooling_mode_cls_token", "max": "pooling_mode_max_tokens"}
        for name, key in keys.items():
            config[key] = name == pooling
        (folder / "1_Pooling" / "config.json").write_text(json.dumps(config))
    if lower_case:
        (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 256, "do_lower_case": True}))
    return folder


def test_the_bundled_model_is_a_plain_pipeline():
    assert plain_pipeline(default_model_path()) == {"max_seq_length": 256, "pooling": "mean"}


@pytest.mark.slow
def test_the_plain_pipeline_gives_the_library_vectors(embeddings):
    ours = np.array(embeddings.embed_documents(TEXTS))
    assert ours.shape == (4, 384)
    np.testing.assert_allclose(ours, _library_vectors(default_model_path(), TEXTS), atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    for text, vector in zip(TEXTS, ours, strict=True):  # one at a time (the query path) as in a batch
        np.testing.assert_allclose(embeddings.embed_query(text), vector, atol=1e-5)


@pytest.mark.slow
@pytest.mark.parametrize("pooling", ["cls", "max"])
def test_cls_and_max_pooling_match_the_library(tmp_path, pooling):
    folder = _variant(tmp_path, pooling=pooling)
    assert plain_pipeline(folder) == {"max_seq_length": 256, "pooling": pooling}
    ours = np.array(SentenceTransformerEmbeddings(folder, batch_size=3).embed_documents(TEXTS))
    np.testing.assert_allclose(ours, _library_vectors(folder, TEXTS), atol=1e-5)


@pytest.mark.slow
def test_a_folder_outside_the_plain_pipeline_goes_through_the_library(tmp_path):
    folder = _variant(tmp_path, lower_case=True)
    assert plain_pipeline(folder) is None
    ours = np.array(SentenceTransformerEmbeddings(folder).embed_documents(TEXTS[:2]))
    np.testing.assert_allclose(ours, _library_vectors(default_model_path(), TEXTS[:2]), atol=1e-5)


def test_a_broken_model_folder_is_a_clear_error_naming_it(tmp_path):
    folder = _variant(tmp_path)
    (folder / "tokenizer.json").write_text("{not json")
    with pytest.raises(EmbeddingError, match="cannot load the embedding model at .*model"):
        SentenceTransformerEmbeddings(folder).embed_query("budget")
    with pytest.raises(EmbeddingError, match="not found"):
        SentenceTransformerEmbeddings(tmp_path / "missing").embed_query("budget")


def test_the_vocabulary_is_the_tokenizer_word_list_commonest_first_and_empty_without_one(tmp_path):
    words = SentenceTransformerEmbeddings().vocabulary()
    assert len(words) > 20_000 and words.index("the") < words.index("council") < words.index("stakeholders")
    assert SentenceTransformerEmbeddings(tmp_path).vocabulary() == []  # no vocab.txt: nothing to mend with
