"""BM25 lexical search over the chunks of one corpus version.

The index is built once when the corpus changes, saved beside the chunk snapshot, and loaded
by readers; it is never rebuilt per query. Tokens are lower-cased words with English stop
words removed and Snowball stems, so "budgeting" finds "budget".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself yourselves
    s t don shall may might must also us""".split()
)


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """One word's Snowball stem ('meets' and 'meet' are 'meet')."""
    return _stemmer().stemWord(word)


def _unaccented(text: str) -> str:
    """``text`` without accents ('Medellín' is 'Medellin', 'São' is 'Sao', 'Malmö' is 'Malmo'), as leaders often type
    names; a letter that is not an accented Latin one stays."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def tokenize(text: str) -> list[str]:
    """Lower-case word stems without stop words, accents left out."""
    words = (w.split("'")[0] for w in _WORD.findall(_unaccented(text.lower().replace("\u2019", "'"))))
    return [stem(w) for w in words if w not in STOP_WORDS and len(w) > 1]


# How :func:`tokenize` splits text into terms; an index saved with another way is rebuilt from its texts on load.
TOKENIZER = "2: stems, stop words after the apostrophe, no accents"


class LexicalIndex:
    """A BM25 index over a fixed list of texts, addressed by position."""

    def __init__(self, retriever, size: int):
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        import bm25s

        retriever = bm25s.BM25()
        tokens = [tokenize(t) or ["\u2205"] for t in texts]
        if texts:
            retriever.index(tokens, show_progress=False)
        return cls(retriever, len(texts))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if self.size:
            self._retriever.save(str(folder))
        (folder / "size").write_text(str(self.size))
        (folder / "tokenizer").write_text(TOKENIZER)

    @staticmethod
    def current(folder: Path) -> bool:
        """Whether the index saved in ``folder`` splits text into terms as :func:`tokenize` does now."""
        marker = folder / "tokenizer"
        return marker.is_file() and marker.read_text() == TOKENIZER

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        size = int((folder / "size").read_text())
        retriever = bm25s.BM25.load(str(folder), mmap=False) if size else bm25s.BM25()
        return cls(retriever, size)

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The top ``k`` positions with positive scores; ``mask`` (0/1 per text) filters."""
        tokens = tokenize(query)
        if not tokens or not self.size:
            return []
        vocab = self._retriever.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known:
            return []
        scores = self._retriever.get_scores(known)
        if mask is not None:
            scores = scores * mask
        k = min(k, self.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]
