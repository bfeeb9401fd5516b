"""Elements of an interview answer recognised by meaning, beside the patterns in :mod:`assistant.slots`.

The patterns name an element in the words someone listed ('if the trust pulls out', 'steering group');
a leader often says it in other words ('the big one is the trust pulling its staff back in winter').
The detector reads each clause of an answer with one small logistic regression per element over the
sentence embeddings, fitted on first use from ``prompts/element_examples.yaml``: for every element,
clauses that hold it (``has``) and clauses that talk around it without holding it (``not``: a hope,
a deferral, a neighbouring element). Every other element's ``has`` examples and the statements
labelled vague in the specificity examples are negatives too, so "risks will be managed robustly"
or a handling step with no risk named does not count as a risk. A clause holds the element when the
probability is at least :data:`THRESHOLD` (figures out of fold: :func:`cross_validate`, the README).

The same object reads whether a whole answer could go in any plan (:class:`VagueReader`): the mean of
the specificity model's probability and a logistic regression over the answer's embedding, trained on
the specificity statements and the labelled answers in ``prompts/answer_examples.yaml``, with a bar
above every labelled specific statement out of fold. The interview probes such an answer and does
not write it down.

It also reads which sentences of an answer were said to the coach in passing (:meth:`ElementDetector.read_remarks`),
with a reader of the same make trained on ``prompts/remark_examples.yaml`` (:mod:`assistant.remarks`).

The coach turns the detector on around an interview step (:func:`using`); without it, only the
patterns count, so the pure interview functions behave the same in tests and tools.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import specificity
from .errors import PromptError

FILE_NAME = "element_examples.yaml"
ANSWERS_FILE = "answer_examples.yaml"
C = 1.0  # the element classifiers' inverse regularisation
THRESHOLD = 0.6  # p(element) a clause needs
VAGUE_C = 2.0  # the vagueness reader's
FOLDS = 5
REMARKS_KEPT = 4096  # sentences whose remark reading is kept
DROP_SPECIFIC_AT_MOST = 0.0  # share of labelled specific statements the vagueness reader may call vague
MIN_EXAMPLES = 5
MIN_NOT = 2

_active: contextvars.ContextVar[ElementDetector | None] = contextvars.ContextVar("element_detector", default=None)


def examples_path(prompts_dir: Path | None = None) -> Path:
    from .config import prompt_file

    return prompt_file(FILE_NAME, prompts_dir)


def answers_path(prompts_dir: Path | None = None) -> Path:
    """Labelled answers for the vagueness reader (:data:`ANSWERS_FILE`)."""
    from .config import prompt_file

    return prompt_file(ANSWERS_FILE, prompts_dir)


def load(path: Path, known: set[str] | None = None) -> dict[str, dict[str, list[str]]]:
    """``{element: {"has": [...], "not": [...]}}`` from ``path``; a problem names the file and entry.
    With ``known``, an element the workflows cannot ask for (a misspelt name) is refused."""
    from .documents import safe_yaml

    try:
        data = safe_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PromptError(f"labelled examples missing: {path}") from exc
    except Exception as exc:  # yaml.YAMLError and the loader's size limits
        raise PromptError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not data:
        raise PromptError(f"{path}: expected a mapping of element names to 'has' and 'not' lists")
    examples: dict[str, dict[str, list[str]]] = {}
    for element, entry in data.items():
        if known is not None and element not in known:
            raise PromptError(f"{path}: unknown element '{element}'; known: {', '.join(sorted(known))}")
        if not isinstance(entry, dict) or set(entry) - {"has", "not"}:
            raise PromptError(f"{path}: element '{element}' needs only 'has' and 'not' lists")
        lists = {}
        for side in ("has", "not"):
            items = entry.get(side) or []
            if not isinstance(items, list) or not all(isinstance(t, str) and t.strip() for t in items):
                raise PromptError(f"{path}: element '{element}': '{side}' must be a list of non-empty texts")
            lists[side] = [" ".join(t.split()) for t in items]
        if len(lists["has"]) < MIN_EXAMPLES or len(lists["not"]) < MIN_NOT:
            raise PromptError(
                f"{path}: element '{element}' needs at least {MIN_EXAMPLES} 'has' and {MIN_NOT} 'not' examples"
            )
        examples[str(element)] = lists
    return examples


_CLAUSE = re.compile(r"(?<=[.!?;:])\s+|\n+|\s+[-\u2013\u2014]\s+")


def clauses(text: str) -> list[str]:
    """The answer's sentences and semicolon-separated parts, and the whole answer when it has several."""
    parts = [p.strip(" ,.;:") for p in _CLAUSE.split(text or "")]
    parts = [p for p in parts if len(p.split()) >= 2]
    whole = " ".join((text or "").split())
    if not whole:
        return []
    return parts + [whole] if len(parts) > 1 or not parts else parts


class ElementDetector:
    """Recognises the elements of ``path`` in an answer with ``embeddings``, and reads whether an answer
    as a whole could go in any plan (see the module docstring). The examples are checked when it is
    made; they are embedded (or read from ``cache_dir``) and the classifiers fitted on first use."""

    def __init__(
        self,
        embeddings,
        path: Path,
        statements: tuple[list[str], list[str]] = ([], []),
        threshold: float = THRESHOLD,
        cache_dir: Path | None = None,
        remarks: tuple[list[str], list[str]] = ([], []),
    ):
        self.embeddings = embeddings
        self.path = path
        from .slots import VALIDATORS

        self.examples = load(path, set(VALIDATORS))
        self.statements = (list(statements[0]), list(statements[1]))  # the specificity examples, labelled
        self.remarks = (list(remarks[0]), list(remarks[1]))  # the remark examples, labelled remark / plan
        self.threshold = threshold
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._models: dict[str, Any] | None = None
        self._vague: VagueReader | None = None
        self._remark: VagueReader | None = None
        self._remark_flags: dict[str, bool] = {}  # sentence -> read as a remark; a draft is composed many times
        self._lock = threading.Lock()

    @property
    def vague(self) -> list[str]:
        texts, labels = self.statements
        return [t for t, label in zip(texts, labels, strict=True) if label == "vague"]

    def _embed(self, texts: list[str], one_by_one: bool = False) -> np.ndarray:
        """Vectors of ``texts``; an answer's clauses go one by one through the embeddings' query cache,
        as a turn checks the same clauses for several elements."""
        if one_by_one:
            vectors = np.asarray([self.embeddings.embed_query(t) for t in texts], dtype=np.float32)
        else:
            vectors = np.asarray(self.embeddings.embed_documents(texts), dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)

    def vectors(self, texts: list[str]) -> np.ndarray:
        """The labelled texts' vectors, kept in ``cache_dir`` by the texts and the embedding model."""
        digest = hashlib.sha256(str(getattr(self.embeddings, "name", type(self.embeddings).__name__)).encode())
        digest.update("\n".join(texts).encode())
        path = self.cache_dir / f"element-vectors-{digest.hexdigest()[:16]}.npy" if self.cache_dir else None
        if path and path.is_file():
            try:
                cached = np.load(path, allow_pickle=False)
                if cached.shape[0] == len(texts):
                    return cached
            except (OSError, ValueError):
                pass  # damaged: embed again and replace it
        vectors = self._embed(texts)
        if path:
            tmp = path.with_suffix(f".{os.getpid()}.tmp.npy")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(tmp, vectors, allow_pickle=False)
                os.replace(tmp, path)
            except OSError:  # a full or read-only cache folder: embed again next time, never fail a turn
                with contextlib.suppress(OSError):
                    tmp.unlink(missing_ok=True)
        return vectors

    def training_set(self) -> tuple[np.ndarray, list[tuple[str | None, str]]]:
        """Every example's vector and its (element, side): ``has``, ``not``, or ``vague`` (element None)."""
        rows: list[tuple[str | None, str]] = [
            (name, side) for name, entry in self.examples.items() for side in ("has", "not") for _ in entry[side]
        ]
        rows += [(None, "vague")] * len(self.vague)
        texts = [t for entry in self.examples.values() for side in ("has", "not") for t in entry[side]] + self.vague
        return self.vectors(texts), rows

    def models(self) -> dict[str, Any]:
        with self._lock:
            if self._models is None:
                vectors, rows = self.training_set()
                self._models = {name: fit(vectors, positives(rows, name)) for name in self.examples}
            return self._models

    def vague_reader(self) -> VagueReader | None:
        """The whole-answer vagueness reader, or None without labelled statements."""
        texts, labels = self.statements
        if min(labels.count("vague"), labels.count("specific")) < FOLDS:
            return None  # too few to choose its threshold out of fold
        with self._lock:
            if self._vague is None:
                self._vague = VagueReader.train(texts, labels, self.vectors(texts))
            return self._vague

    def remark_reader(self) -> VagueReader | None:
        """The reader of remarks said in passing, or None without labelled remarks."""
        from .remarks import DROP_PLAN_AT_MOST

        texts, labels = self.remarks
        if min(labels.count("remark"), labels.count("plan")) < FOLDS:
            return None
        with self._lock:
            if self._remark is None:
                vectors = self.vectors(texts)
                self._remark = VagueReader.train(texts, labels, vectors, "remark", DROP_PLAN_AT_MOST)
            return self._remark

    def warm(self) -> None:
        """Embed the examples (or read them from the cache) and fit every classifier now."""
        self.models()
        self.vague_reader()
        self.remark_reader()

    def recognises(self, element: str, text: str) -> bool:
        """Whether some clause of ``text`` holds ``element`` (False for an element with no examples)."""
        if element not in self.examples:
            return False
        parts = clauses(text)
        if not parts:
            return False
        p = self.models()[element].predict_proba(self._embed(parts, one_by_one=True))[:, 1]
        return bool(np.any(p >= self.threshold))

    def reads_vague(self, text: str) -> bool:
        """Whether the answer as a whole reads as one that could go in any plan."""
        reader = self.vague_reader()
        if reader is None or not (text or "").strip():
            return False
        return bool(reader.p_vague([text], self._embed([text], one_by_one=True))[0] > reader.threshold)

    def read_remarks(self, texts: list[str]) -> list[bool]:
        """Which of ``texts`` (sentences) read as said to the coach in passing."""
        reader = self.remark_reader()
        if reader is None or not texts:
            return [False] * len(texts)
        kept = {t: self._remark_flags.get(t) for t in texts}
        known = {t: flag for t, flag in kept.items() if flag is not None}
        new = list(dict.fromkeys(t for t in texts if t not in known))
        if new:
            p = reader.p_vague(new, self._embed(new, one_by_one=True))
            known.update((t, bool(v > reader.threshold)) for t, v in zip(new, p, strict=True))
            with self._lock:
                if len(self._remark_flags) > REMARKS_KEPT:
                    self._remark_flags.clear()
                self._remark_flags.update((t, known[t]) for t in new)
        return [known[t] for t in texts]


@dataclass
class VagueReader:
    """p(vague) of a whole answer: the mean of a specificity model (words) and a logistic regression over
    the answer's sentence embedding, both trained on the labelled statements (the specificity examples
    and the labelled answers). Its threshold calls at most :data:`DROP_SPECIFIC_AT_MOST` of the labelled
    specific statements vague out of fold (none: the bar is above the highest of them). Trained on other
    labels (``positive``: the remark examples' ``remark``), it reads that label the same way."""

    words: Any  # specificity.SpecificityModel
    meaning: Any  # sklearn LogisticRegression over embeddings
    threshold: float

    def p_vague(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        return (self.words.p_vague(texts) + self.meaning.predict_proba(vectors)[:, 1]) / 2

    @classmethod
    def train(
        cls,
        texts: list[str],
        labels: list[str],
        vectors: np.ndarray,
        positive: str = "vague",
        share: float = DROP_SPECIFIC_AT_MOST,
    ) -> VagueReader:
        y = np.array(labels) == positive
        oof = cls.out_of_fold(texts, labels, vectors, positive)
        threshold = specificity.choose_threshold(oof, ~y, share)
        return cls(specificity.train(texts, labels, positive), fit(vectors, y, VAGUE_C), threshold)

    @classmethod
    def out_of_fold(
        cls, texts: list[str], labels: list[str], vectors: np.ndarray, positive: str = "vague", seed: int = 0
    ) -> np.ndarray:
        """p(positive) for every text from readers that did not see it."""
        from sklearn.model_selection import StratifiedKFold

        y = np.array(labels) == positive
        oof = np.zeros(len(texts))
        for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(texts, y):
            words = specificity.train([texts[i] for i in train], [labels[i] for i in train], positive)
            meaning = fit(vectors[train], y[train], VAGUE_C)
            oof[test] = cls(words, meaning, 0.5).p_vague([texts[i] for i in test], vectors[test])
        return oof


def positives(rows: list[tuple[str | None, str]], element: str) -> np.ndarray:
    return np.array([name == element and side == "has" for name, side in rows])


def fit(vectors: np.ndarray, labels: np.ndarray, c: float | None = None):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C if c is None else c, class_weight="balanced", max_iter=3000).fit(vectors, labels)


_detectors: dict[tuple, ElementDetector] = {}
_detectors_lock = threading.Lock()


def detector(embeddings, prompts_dir: Path | None = None, cache_dir: Path | None = None) -> ElementDetector:
    """The detector for the prompts folder's examples and ``embeddings``, made once per version of the files:
    the element examples, for the vagueness reader the specificity statements and the labelled answers, and
    the remark examples."""
    from . import remarks

    paths = [
        examples_path(prompts_dir),
        specificity.examples_path(prompts_dir),
        answers_path(prompts_dir),
        remarks.examples_path(prompts_dir),
    ]
    try:
        key = (id(embeddings), *((str(p.resolve()), p.stat().st_mtime_ns, p.stat().st_size) for p in paths))
    except OSError as exc:
        raise PromptError(f"labelled examples missing: {exc.filename}") from exc
    with _detectors_lock:
        if key not in _detectors:
            texts, labels = specificity.load(paths[1])
            more_texts, more_labels = specificity.load(paths[2])
            statements = (texts + more_texts, labels + more_labels)
            said = remarks.load(paths[3])
            _detectors[key] = ElementDetector(embeddings, paths[0], statements, cache_dir=cache_dir, remarks=said)
        return _detectors[key]


@contextlib.contextmanager
def using(found: ElementDetector | None):
    """Turn ``found`` on for what runs inside (an interview step)."""
    token = _active.set(found)
    try:
        yield
    finally:
        _active.reset(token)


def recognised(element: str, text: str) -> bool:
    """Whether the detector turned on by :func:`using`, if any, finds ``element`` in ``text``."""
    found = _active.get()
    return found is not None and found.recognises(element, text)


def vocabulary() -> list[str]:
    """The word list of the embedding model of the detector turned on by :func:`using` (commonest first); empty when
    none is on or the model has none."""
    found = _active.get()
    words = getattr(found.embeddings, "vocabulary", None) if found is not None else None
    return words() if callable(words) else []


def reads_vague(text: str) -> bool:
    """Whether the detector turned on by :func:`using`, if any, reads the whole answer as vague."""
    found = _active.get()
    return found is not None and found.reads_vague(text)


def remark_flags(texts: list[str]) -> list[bool]:
    """Which of ``texts`` the detector turned on by :func:`using`, if any, reads as remarks said in passing."""
    found = _active.get()
    return found.read_remarks(texts) if found is not None else [False] * len(texts)


def nearer(text: str, first: str, second: str) -> bool | None:
    """Whether ``text`` is nearer in meaning to ``first`` than to ``second`` by the embeddings of the detector
    turned on by :func:`using`; None when none is."""
    found = _active.get()
    if found is None:
        return None
    vectors = found._embed([text, first, second], one_by_one=True)
    return bool(vectors[0] @ vectors[1] > vectors[0] @ vectors[2])


def cross_validate(found: ElementDetector, folds: int = FOLDS, seed: int = 0) -> dict[str, np.ndarray]:
    """Out-of-fold probabilities: each example scored by classifiers fitted without it, for every element.
    Returns the probabilities (examples x elements) and, per example, its element and side."""
    vectors, rows = found.training_set()
    fold = np.random.default_rng(seed).integers(0, folds, len(rows))
    names = list(found.examples)
    p = np.zeros((len(rows), len(names)))
    for k, name in enumerate(names):
        labels = positives(rows, name)
        for f in range(folds):
            train, test = fold != f, fold == f
            p[test, k] = fit(vectors[train], labels[train]).predict_proba(vectors[test])[:, 1]
    return {"p": p, "names": np.array(names, dtype=object), "rows": np.array(rows, dtype=object)}


def rates(table: dict[str, np.ndarray], threshold: float) -> dict[str, float]:
    """Shares taken for an element: its own ``has`` examples (should be), its ``not`` examples, the
    vague statements and the other elements' ``has`` examples (should not be)."""
    counts = {side: [0, 0] for side in ("has", "not", "vague", "other")}
    for k, name in enumerate(table["names"]):
        for (element, side), p in zip(table["rows"], table["p"][:, k], strict=True):
            kind = side if side == "vague" or element == name else "other" if side == "has" else None
            if kind:
                counts[kind][0] += int(p >= threshold)
                counts[kind][1] += 1
    return {side: round(hit / total, 3) if total else 0.0 for side, (hit, total) in counts.items()}
