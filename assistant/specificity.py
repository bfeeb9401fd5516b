"""Whether a statement says something a reader could check.

"We'll have strong, transparent governance" names a part of a plan without saying anything about
it, and a check that looks for the part's words passes it. The labelled statements in
``prompts/specificity_examples.yaml`` (``specific``: names who, what, when, how much or which
mechanism; ``vague``: could be pasted into almost any plan unchanged) train a small logistic
regression over the words and word pairs of a statement and a few signs of content (a figure, a
name inside the sentence, length). :func:`without_vague` drops the sentences it reads as vague,
so the rubric looks for a part only in sentences that say something. Only statements of six words
or more in the plan's voice are judged; terse notes are kept. The interview asks
:func:`says_nothing`, which judges every sentence of six words or more at a higher bar.

The threshold is set on out-of-fold probabilities so that at most ``DROP_SPECIFIC_AT_MOST`` of
the specific statements would be dropped: a real answer is rarely lost, at the price of letting
some vague sentences through. The classifier is trained on first use (a fraction of a second)
and kept for as long as the file does not change; nothing happens at import time.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .errors import PromptError
from .texting import CURRENCY

LABELS = ("specific", "vague")
FILE_NAME = "specificity_examples.yaml"
DROP_SPECIFIC_AT_MOST = 0.01  # share of specific statements (out of fold) the threshold may drop
C = 4.0  # inverse regularisation of the logistic regression
FOLDS = 5

_DIGIT = re.compile(r"\d")
_INNER_NAME = re.compile(r"(?<=[a-z,;:()] )[A-Z][a-zA-Z]+|(?<=[a-z] )[A-Z]{2,}\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|;\s+|\s+[\u2022*]\s+")


def _normalised(text: str) -> str:
    """Lower case, figures as one token, so '£40,000' and '12 weeks' read as 'a figure'."""
    return _DIGIT.sub("0", text.lower().replace("\u2019", "'"))


def _shape(texts: list[str]) -> np.ndarray:
    rows = []
    for text in texts:
        words = len(text.split())
        rows.append(
            [
                1.0 if _DIGIT.search(text) or re.search(rf"[{CURRENCY}%]", text) else 0.0,
                1.0 if _INNER_NAME.search(text) else 0.0,
                math.log1p(words) / 4,
            ]
        )
    return np.array(rows, dtype=float)


@dataclass
class SpecificityModel:
    """A sentence classifier over words, word pairs and signs of content; its ``positive`` label
    ("vague" here; :mod:`assistant.remarks` trains one for remarks) is flagged above ``threshold``."""

    vectorizer: Any  # a fitted sklearn TfidfVectorizer
    model: Any  # a fitted sklearn LogisticRegression
    threshold: float  # a sentence is flagged when p(positive) is above this
    positive: str = "vague"

    def p_vague(self, texts: list[str]) -> np.ndarray:
        """p(positive label) for each text."""
        from scipy.sparse import hstack

        X = hstack([self.vectorizer.transform([_normalised(t) for t in texts]), _shape(texts)]).tocsr()
        column = list(self.model.classes_).index(self.positive)
        return self.model.predict_proba(X)[:, column]

    def vague(self, texts: list[str], bar: float | None = None) -> list[bool]:
        """Which statements read as vague: p(vague) above ``bar`` (default: the threshold)."""
        if not texts:
            return []
        bar = self.threshold if bar is None else max(bar, self.threshold)
        return [bool(p > bar) for p in self.p_vague(texts)]


def _fit(texts: list[str], labels: list[str]):
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w[\w']*\b")
    words = vectorizer.fit_transform([_normalised(t) for t in texts])
    X = hstack([words, _shape(texts)]).tocsr()
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced").fit(X, labels)
    return vectorizer, model


def out_of_fold(texts: list[str], labels: list[str], seed: int = 0, positive: str = "vague") -> np.ndarray:
    """p(positive) for every statement from a model that did not see it (stratified k-fold)."""
    from sklearn.model_selection import StratifiedKFold

    p = np.zeros(len(texts))
    y = np.array(labels)
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(texts, y):
        vectorizer, model = _fit([texts[i] for i in train], [labels[i] for i in train])
        p[test] = SpecificityModel(vectorizer, model, 0.5, positive).p_vague([texts[i] for i in test])
    return p


def choose_threshold(p_vague: np.ndarray, is_specific: np.ndarray, share: float = DROP_SPECIFIC_AT_MOST) -> float:
    """The lowest threshold that drops at most ``share`` of the specific statements."""
    scores = np.sort(p_vague[is_specific])[::-1]
    allowed = int(math.floor(share * len(scores) + 1e-9))
    return float(scores[allowed]) if allowed < len(scores) else 0.0


def train(texts: list[str], labels: list[str], positive: str = "vague") -> SpecificityModel:
    """The classifier, its threshold set out of fold so that at most :data:`DROP_SPECIFIC_AT_MOST` of the
    other label's statements would be flagged."""
    p = out_of_fold(texts, labels, positive=positive)
    threshold = choose_threshold(p, np.array(labels) != positive)
    vectorizer, model = _fit(texts, labels)
    return SpecificityModel(vectorizer, model, threshold, positive)


def cross_validate(texts: list[str], labels: list[str]) -> dict:
    """Nested figures: in each outer fold the threshold is chosen on the other folds' out-of-fold
    probabilities, then the shares of this fold's vague statements caught and specific ones
    dropped are counted."""
    from sklearn.model_selection import StratifiedKFold

    y = np.array(labels)
    caught = dropped = vague_n = specific_n = 0
    for train_idx, test_idx in StratifiedKFold(FOLDS, shuffle=True, random_state=1).split(texts, y):
        model = train([texts[i] for i in train_idx], [labels[i] for i in train_idx])
        flags = np.array(model.vague([texts[i] for i in test_idx]))
        truth = y[test_idx]
        caught += int((flags & (truth == "vague")).sum())
        dropped += int((flags & (truth == "specific")).sum())
        vague_n += int((truth == "vague").sum())
        specific_n += int((truth == "specific").sum())
    return {
        "statements": len(texts),
        "vague_caught": round(caught / vague_n, 3),
        "specific_dropped": round(dropped / specific_n, 3),
    }


_lock = threading.Lock()
_models: dict[tuple[str, int, int], SpecificityModel] = {}  # by file, modification time and size


def examples_path(prompts_dir: Path | None = None) -> Path:
    """The examples in ``prompts_dir`` (default: the configured prompts folder), else the bundled ones."""
    from .config import prompt_file

    return prompt_file(FILE_NAME, prompts_dir)


def load(path: Path) -> tuple[list[str], list[str]]:
    from .guard import load_examples

    pairs = load_examples(path, set(LABELS), in_scope=False)
    return [t for t, _ in pairs], [label for _, label in pairs]


def model(path: Path | None = None) -> SpecificityModel:
    """The classifier for ``path`` (default :func:`examples_path`), trained once per version of the
    file: a chat turn asks for it several times, and only looks at the file's modification time."""
    path = path or examples_path()
    try:
        stat = path.stat()
    except OSError as exc:
        raise PromptError(f"labelled examples missing: {path}") from exc
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    with _lock:
        if key not in _models:
            _models[key] = train(*load(path))
        return _models[key]


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences and list items, each with the whitespace that follows it, so
    joining them gives the text back."""
    parts, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        parts.append(text[start : m.end()])
        start = m.end()
    parts.append(text[start:])
    return [p for p in parts if p]


# A sentence the classifier may drop: a statement in the plan's voice ("we'll", "our", "will", "is"),
# six words or more. Notes ("Planning authority - decisive. Developers - strong hand.") name things
# and are kept: the labelled statements are whole sentences, and notes read as vague to a model
# trained on them.
_MIN_WORDS = 6
_VOICE = re.compile(
    r"\b(we|we'll|we're|we've|we'd|our|us|i|i'm|i'll|i'd|it's|it'll|they|they'll|they're|their|that's|there's"
    r"|will|should|must|need to|is|are|be)\b",
    re.IGNORECASE,
)


def _statement(sentence: str) -> bool:
    return len(sentence.split()) >= _MIN_WORDS and bool(_VOICE.search(sentence))


def without_vague(text: str, classifier: SpecificityModel | None = None, bar: float | None = None) -> str:
    """``text`` without the statements that could be pasted into any plan (notes are kept); with
    ``bar``, only those read as vague with a probability above it."""
    parts = sentences(text)
    checked = [p for p in parts if _statement(p.strip())]
    if not checked:
        return text
    flags = dict(zip(checked, (classifier or model()).vague([p.strip() for p in checked], bar), strict=True))
    return "".join(p for p in parts if not flags.get(p, False))


# An interview answer that already names what its question asks for is probed again only when the
# check is surer of every statement in it than it ever is, out of fold, of a labelled specific one
# (at most 0.67-0.69 over three draws of the folds), so an answer in the leader's own plain words
# is not questioned twice.
SURE = 0.75


def says_nothing(text: str, classifier: SpecificityModel | None = None) -> bool:
    """Whether every sentence of ``text`` surely fits any plan. Each must have six words or more,
    in any voice: at this bar a leader's "try something with video, make it more efficient" is
    judged as much as "we will ...", and notes do not reach it."""
    parts = [p.strip() for p in sentences(text) if p.strip()]
    if not parts or any(len(p.split()) < _MIN_WORDS for p in parts):
        return False
    return all((classifier or model()).vague(parts, SURE))
