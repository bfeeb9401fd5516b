"""Declining out-of-scope and unsafe requests, and keeping the system prompt private.

The guard is data in ``prompts/``:

- ``guard_examples.yaml``: labelled messages, ``in_scope`` or a decline category. A multinomial
  logistic regression (scikit-learn) learns them from the sentence embedding of the coach's own
  embedding model, with word tf-idf features beside it, so the guard follows meaning, not one
  wording: a medicine question asked without the word "dose" is still medical, and a planning
  question about "side effects" of a policy is still planning.
- ``guard.yaml``: per category the reason given and a planning-shaped way back; a few narrow
  rules for what is certain; the classifier's recipe and its operating point.
- *Screens* (``guard.yaml``'s ``screens``): a category learnt apart, by a second classifier of the
  same kind over its own labelled file (its requests, and in-scope questions on the same subjects)
  and every in-scope example of ``guard_examples.yaml``. It is asked only about messages the first
  classifier would not decline, with its own, stricter bound on declined in-scope messages, so a
  category whose requests read like ordinary planning (wording a consultation, a letter, a report)
  neither moves the other categories' threshold nor their recall.

Every message gets one of three decisions from the probability that it is in scope: *decline*
(naming the likeliest decline category), *clarify* (the low-margin band: a question back rather
than a refusal) or *answer*. The two thresholds are chosen by measurement when the classifier is
trained: five-fold cross-validation over the labelled data gives each message an out-of-fold
probability, the decline threshold is the highest that keeps declined in-scope messages within
``max_over_refusal``, and the clarify band is as wide as ``max_clarify`` more in-scope messages
allow. Training is deterministic (fixed folds, lbfgs) and its result is cached under
``COACH_GUARD_CACHE_DIR`` (default: the data directory) by the hash of the examples, the recipe
and the embedding model, so start-up reads a small JSON file instead of training.

After generation, an answer that repeats a long stretch of the system prompt is replaced by the
refusal, whatever the model.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from string import Template

import numpy as np
import yaml

from .filelock import exclusive
from .prompts import PromptError, PromptLibrary

IN_SCOPE = "in_scope"
RECIPE_VERSION = 2  # bump when the training recipe changes, so cached classifiers are rebuilt


@dataclass
class Verdict:
    """The guard's decision on a message that is not simply answered."""

    decision: str  # "decline" | "clarify"
    category: str
    message: str
    p_in_scope: float | None = None  # None when a rule decided
    source: str = "classifier"  # "rule" | "classifier" | "leak" | "context"

    @property
    def declined(self) -> bool:
        return self.decision == "decline"


@dataclass
class GuardCategory:
    name: str
    reason: str
    way_back: str
    clarify: str
    patterns: list = field(default_factory=list)


# --- the labelled data ----------------------------------------------------------------------------


def load_examples(path: Path, categories: set[str], in_scope: bool = True) -> list[tuple[str, str]]:
    """``(text, label)`` pairs from a labelled file (labels: ``categories``, and ``in_scope``
    unless told not to); a bad entry is named by its position."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PromptError(f"labelled examples missing: {path}") from exc
    except yaml.YAMLError as exc:
        raise PromptError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, list):
        raise PromptError(f"{path}: expected a list of {{label, text}} entries")
    allowed = categories | ({IN_SCOPE} if in_scope else set())
    examples, seen = [], set()
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise PromptError(f"{path}: entry {i} needs a non-empty 'text'")
        label = item.get("label")
        if label not in allowed:
            raise PromptError(f"{path}: entry {i} has label {label!r}; allowed: {', '.join(sorted(allowed))}")
        key = " ".join(item["text"].lower().split())
        if key in seen:
            raise PromptError(f"{path}: entry {i} repeats an earlier message: {item['text'][:60]!r}")
        seen.add(key)
        examples.append((item["text"].strip(), label))
    counts = {label: sum(1 for _, lab in examples if lab == label) for label in allowed}
    thin = [label for label, n in counts.items() if n < 5]
    if thin:
        raise PromptError(f"{path}: too few examples (fewer than 5) for {', '.join(sorted(thin))}")
    return examples


# --- the classifier --------------------------------------------------------------------------------


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def _threshold_at(p_in: np.ndarray, is_in: np.ndarray, share: float) -> float:
    """The highest threshold t such that at most ``share`` of in-scope messages have p < t."""
    inside = np.sort(p_in[is_in])
    allowed = int(np.floor(share * len(inside) + 1e-9))
    return float(inside[allowed]) if allowed < len(inside) else 1.0


def choose_thresholds(
    p_in: np.ndarray, is_in: np.ndarray, max_over_refusal: float, max_clarify: float
) -> tuple[float, float]:
    """The decline and answer thresholds on p(in scope): in-scope messages declined stay within
    ``max_over_refusal`` (which maximises decline recall under that bound), and those asked to
    clarify within ``max_clarify`` more."""
    decline_below = _threshold_at(p_in, is_in, max_over_refusal)
    answer_from = max(decline_below, _threshold_at(p_in, is_in, max_over_refusal + max_clarify))
    return decline_below, answer_from


def _fit(X: np.ndarray, y: np.ndarray, C: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=5000, tol=1e-6).fit(X, y)


def _word_vectorizer(texts: list[str]):
    """Word counts (sublinear tf-idf, words seen at least twice) beside the embedding: they add
    the lexical evidence the sentence embedding blurs."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(min_df=2, sublinear_tf=True).fit(texts)


def _features(vectors, texts: list[str], vectorizer, words_weight: float) -> np.ndarray:
    X = np.asarray(vectors, dtype=float)
    if vectorizer is None or not words_weight:
        return X
    return np.hstack([X, words_weight * vectorizer.transform(texts).toarray()])


def _fit_with_words(X: np.ndarray, texts: list[str], y: np.ndarray, recipe: dict):
    vectorizer = _word_vectorizer(texts) if recipe["words_weight"] else None
    return _fit(_features(X, texts, vectorizer, recipe["words_weight"]), y, recipe["C"]), vectorizer


def out_of_fold(X: np.ndarray, texts: list[str], labels: np.ndarray, recipe: dict, seed: int = 0) -> np.ndarray:
    """Class probabilities for every message from a model that did not see it (stratified
    k-fold with a fixed shuffle); columns in sorted label order."""
    from sklearn.model_selection import StratifiedKFold

    classes = sorted(set(labels))
    probs = np.zeros((len(labels), len(classes)))
    for train, test in StratifiedKFold(recipe["folds"], shuffle=True, random_state=seed).split(X, labels):
        model, vectorizer = _fit_with_words(X[train], [texts[i] for i in train], labels[train], recipe)
        columns = [classes.index(c) for c in model.classes_]
        probs[np.ix_(test, columns)] = model.predict_proba(
            _features(X[test], [texts[i] for i in test], vectorizer, recipe["words_weight"])
        )
    return probs


def decide(probs: np.ndarray, classes: list[str], decline_below: float, answer_from: float) -> list[tuple[str, str]]:
    """``(decision, category)`` per row: answer, clarify or decline, and the likeliest decline category."""
    inside = classes.index(IN_SCOPE)
    out = []
    for row in probs:
        p_in = row[inside]
        others = [(p, c) for p, c in zip(row, classes, strict=True) if c != IN_SCOPE]
        category = max(others)[1]
        decision = "decline" if p_in < decline_below else "clarify" if p_in < answer_from else "answer"
        out.append((decision, category))
    return out


def guard_metrics(labels: list[str], decisions: list[tuple[str, str]]) -> dict:
    """Over-refusal, clarify rates, decline recall and per-category precision and recall."""
    labels = list(labels)
    is_in = [lab == IN_SCOPE for lab in labels]
    n_in, n_out = sum(is_in), len(labels) - sum(is_in)
    declined = [d == "decline" for d, _ in decisions]
    held = [d != "answer" for d, _ in decisions]
    figures: dict = {
        "messages": len(labels),
        "in_scope": n_in,
        "declines": n_out,
        "over_refusal": sum(d and i for d, i in zip(declined, is_in, strict=True)) / max(n_in, 1),
        "in_scope_clarified": sum(d == "clarify" and i for (d, _), i in zip(decisions, is_in, strict=True))
        / max(n_in, 1),
        "decline_recall": sum(d and not i for d, i in zip(declined, is_in, strict=True)) / max(n_out, 1),
        "held_recall": sum(h and not i for h, i in zip(held, is_in, strict=True)) / max(n_out, 1),
        "category_accuracy": (
            sum(c == lab for (d, c), lab in zip(decisions, labels, strict=True) if d == "decline" and lab != IN_SCOPE)
            / max(sum(d and not i for d, i in zip(declined, is_in, strict=True)), 1)
        ),
        "categories": {},
    }
    for category in sorted(set(labels) - {IN_SCOPE}):
        predicted = [d == "decline" and c == category for d, c in decisions]
        actual = [lab == category for lab in labels]
        tp = sum(p and a for p, a in zip(predicted, actual, strict=True))
        figures["categories"][category] = {
            "messages": sum(actual),
            "precision": tp / sum(predicted) if sum(predicted) else None,
            "recall": tp / sum(actual) if sum(actual) else None,
        }
    return figures


@dataclass
class ScopeClassifier:
    classes: list[str]
    coef: np.ndarray
    intercept: np.ndarray
    decline_below: float
    answer_from: float
    cross_validation: dict
    data_hash: str = ""
    vocabulary: dict[str, int] = field(default_factory=dict)
    idf: list[float] = field(default_factory=list)
    words_weight: float = 0.0

    @cached_property
    def _vectorizer(self):
        if not self.vocabulary:
            return None
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(vocabulary=self.vocabulary, sublinear_tf=True)
        vectorizer.idf_ = np.asarray(self.idf, dtype=float)
        return vectorizer

    def rows(self, vectors, texts: list[str], in_scope_odds: float = 1.0) -> np.ndarray:
        """Class probabilities (columns in ``classes`` order) for messages given by their
        embeddings and texts; ``in_scope_odds`` multiplies the prior odds of the in-scope class."""
        features = _features(np.asarray(vectors, dtype=float), list(texts), self._vectorizer, self.words_weight)
        logits = features @ self.coef.T + self.intercept
        if in_scope_odds != 1.0:
            logits[:, self.classes.index(IN_SCOPE)] += np.log(in_scope_odds)
        return _softmax(logits)

    def probabilities(self, vector, text: str = "", in_scope_odds: float = 1.0) -> dict[str, float]:
        """One message's class probabilities by class name."""
        return dict(zip(self.classes, self.rows([vector], [text], in_scope_odds)[0].tolist(), strict=True))

    def to_json(self) -> dict:
        return {
            "classes": self.classes,
            "coef": self.coef.tolist(),
            "intercept": self.intercept.tolist(),
            "decline_below": self.decline_below,
            "answer_from": self.answer_from,
            "cross_validation": self.cross_validation,
            "data_hash": self.data_hash,
            "vocabulary": self.vocabulary,
            "idf": self.idf,
            "words_weight": self.words_weight,
        }

    @classmethod
    def from_json(cls, data: dict) -> ScopeClassifier:
        return cls(
            list(data["classes"]),
            np.asarray(data["coef"], dtype=float),
            np.asarray(data["intercept"], dtype=float),
            float(data["decline_below"]),
            float(data["answer_from"]),
            data["cross_validation"],
            data.get("data_hash", ""),
            {str(k): int(v) for k, v in data.get("vocabulary", {}).items()},
            list(data.get("idf", [])),
            float(data.get("words_weight", 0.0)),
        )


def train_classifier(texts: list[str], labels: list[str], vectors, recipe: dict) -> ScopeClassifier:
    """Fit on all examples; thresholds and reported figures come from out-of-fold probabilities."""
    X, y = np.asarray(vectors, dtype=float), np.asarray(labels)
    classes = sorted(set(labels))
    oof = out_of_fold(X, texts, y, recipe)
    is_in = y == IN_SCOPE
    decline_below, answer_from = choose_thresholds(
        oof[:, classes.index(IN_SCOPE)], is_in, recipe["max_over_refusal"], recipe["max_clarify"]
    )
    figures = guard_metrics(labels, decide(oof, classes, decline_below, answer_from))
    figures.update(
        folds=recipe["folds"], C=recipe["C"], decline_below=round(decline_below, 4), answer_from=round(answer_from, 4)
    )
    model, vectorizer = _fit_with_words(X, texts, y, recipe)
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # one row for the second class; as two softmax logits, the first is 0
        coef, intercept = np.vstack([np.zeros_like(coef), coef]), np.concatenate([[0.0], intercept])
    order = [list(model.classes_).index(c) for c in classes]
    vocabulary = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()} if vectorizer else {}
    idf = vectorizer.idf_.tolist() if vectorizer else []
    return ScopeClassifier(
        classes,
        coef[order],
        intercept[order],
        decline_below,
        answer_from,
        figures,
        vocabulary=vocabulary,
        idf=idf,
        words_weight=recipe["words_weight"] if vectorizer else 0.0,
    )


def nested_cross_validation(texts: list[str], labels: list[str], vectors, recipe: dict, folds: int = 5) -> dict:
    """Figures where the thresholds of each outer fold are chosen on the other folds only, so no
    threshold is fitted to the messages it is scored on."""
    from sklearn.model_selection import StratifiedKFold

    X, y = np.asarray(vectors, dtype=float), np.asarray(labels)
    decisions: list = [None] * len(y)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=1).split(X, y):
        inner = train_classifier([texts[i] for i in train], list(y[train]), X[train], recipe)
        probs = inner.rows(X[test], [texts[i] for i in test])
        for i, d in zip(test, decide(probs, inner.classes, inner.decline_below, inner.answer_from), strict=True):
            decisions[i] = d
    return guard_metrics(list(y), decisions)


# --- the guard -------------------------------------------------------------------------------------

_MEMO: dict[str, ScopeClassifier] = {}
_MEMO_LOCK = threading.Lock()


def _read_cached(path: Path | None) -> ScopeClassifier | None:
    """The classifier in a cache file, or None when there is none or it is damaged (then it is rebuilt)."""
    if not path or not path.is_file():
        return None
    try:
        return ScopeClassifier.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


@contextmanager
def _file_lock(path: Path | None):
    """An exclusive lock beside ``path`` held by this process (none without a cache file)."""
    if not path:
        yield
        return
    with exclusive(path.with_suffix(".lock")):
        yield


class Guard:
    """Rules first (narrow, certain), then the classifier, on every leader message."""

    def __init__(self, prompts: PromptLibrary, embeddings=None, cache_dir: Path | None = None):
        self.prompts = prompts
        self.embeddings = embeddings
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self._classifier: ScopeClassifier | None = None
        self._screens: list[tuple[str, ScopeClassifier]] | None = None
        self._lock = threading.Lock()
        self._vector_key = ""  # the labelled texts last embedded (training, then cross-validation)
        self._vector_cache: list = []

    # configuration (read on first use)

    @property
    def config(self) -> dict:
        return self.prompts.guard_config

    @property
    def categories(self) -> dict[str, GuardCategory]:
        return self.prompts.guard_categories

    @property
    def examples_path(self) -> Path:
        return self.prompts.folder / self.config["classifier"].get("examples", "guard_examples.yaml")

    def recipe(self) -> dict:
        c = self.config["classifier"]
        return {
            "C": float(c.get("C", 4.0)),
            "folds": int(c.get("folds", 5)),
            "max_over_refusal": float(c.get("max_over_refusal", 0.03)),
            "max_clarify": float(c.get("max_clarify", 0.02)),
            "words_weight": float(c.get("words_weight", 0.0)),
        }

    @property
    def screen_specs(self) -> list[dict]:
        """The screens of guard.yaml: ``category`` (one of the categories), ``examples`` (a file in
        prompts/) and the ``recipe``: the first classifier's, with the screen's own ``max_over_refusal``
        and ``max_clarify``."""
        specs = []
        for i, screen in enumerate(self.config.get("screens") or [], start=1):
            if not isinstance(screen, dict) or screen.get("category") not in self.categories:
                raise PromptError(f"guard.yaml screen {i}: 'category' must name one of the categories")
            if not isinstance(screen.get("examples"), str):
                raise PromptError(f"guard.yaml screen {i}: 'examples' must name a labelled file in prompts/")
            recipe = self.recipe()
            recipe.update(
                max_over_refusal=float(screen.get("max_over_refusal", recipe["max_over_refusal"])),
                max_clarify=float(screen.get("max_clarify", recipe["max_clarify"])),
            )
            specs.append(
                {"category": screen["category"], "path": self.prompts.folder / screen["examples"], "recipe": recipe}
            )
        return specs

    @property
    def scope_categories(self) -> set[str]:
        """The categories the first classifier learns (all but the screens')."""
        return set(self.categories) - {spec["category"] for spec in self.screen_specs}

    def data_hash(self) -> str:
        digest = hashlib.sha256()
        digest.update(self.examples_path.read_bytes())
        digest.update(
            json.dumps(
                [self.recipe(), RECIPE_VERSION, Path(getattr(self.embeddings, "name", "")).name], sort_keys=True
            ).encode()
        )
        return digest.hexdigest()[:16]

    def screen_hash(self, spec: dict) -> str:
        """A screen's version: the first classifier's data (its in-scope examples are the screen's
        too), the screen's file and its recipe."""
        try:
            own = hashlib.sha256(spec["path"].read_bytes()).hexdigest()
        except FileNotFoundError as exc:
            raise PromptError(f"labelled examples missing: {spec['path']}") from exc
        version = [self.data_hash(), own, spec["category"], spec["recipe"]]
        return hashlib.sha256(json.dumps(version, sort_keys=True).encode()).hexdigest()[:16]

    # the classifier, trained once per data hash

    @property
    def classifier(self) -> ScopeClassifier:
        if self._classifier is None:
            with self._lock:
                if self._classifier is None:
                    self._classifier = self._load_or_train()
        return self._classifier

    @property
    def screens(self) -> list[tuple[str, ScopeClassifier]]:
        """``(category, classifier)`` per screen, trained once per version like the first classifier."""
        if self._screens is None:
            with self._lock:
                if self._screens is None:
                    self._screens = [
                        (
                            spec["category"],
                            self._load_or_train(self.screen_hash(spec), lambda s=spec: self.train_screen(s)),
                        )
                        for spec in self.screen_specs
                    ]
        return self._screens

    def _cache_file(self, key: str) -> Path | None:
        return self.cache_dir / f"guard-classifier-{key}.json" if self.cache_dir else None

    def _load_or_train(self, key: str | None = None, trainer=None) -> ScopeClassifier:
        if self.embeddings is None:
            raise PromptError("the guard's classifier needs the embedding model")
        key = key or self.data_hash()
        trainer = trainer or self.train
        with _MEMO_LOCK:
            if key in _MEMO:
                return _MEMO[key]
        path = self._cache_file(key)
        classifier = _read_cached(path)
        if classifier is None:
            # Processes sharing the cache folder (replicas on one data volume) train it once: the
            # first holds the lock while it trains, the others then read its file.
            with _file_lock(path):
                classifier = _read_cached(path)
                if classifier is None:
                    classifier = trainer()
                    if path:
                        tmp = path.with_suffix(f".{os.getpid()}.tmp")
                        tmp.write_text(json.dumps(classifier.to_json()), encoding="utf-8")
                        os.replace(tmp, path)
        with _MEMO_LOCK:
            _MEMO[key] = classifier
        return classifier

    def labelled(self) -> tuple[list[str], list[str]]:
        examples = load_examples(self.examples_path, self.scope_categories)
        return [t for t, _ in examples], [lab for _, lab in examples]

    def screen_labelled(self, spec: dict) -> tuple[list[str], list[str]]:
        """A screen's training data: its own file (its category and in-scope questions) and every
        in-scope example of the first classifier. A request of the screen's category that is an
        in-scope example there is an error naming it."""
        texts, labels = self.labelled()
        inside = {" ".join(t.lower().split()): t for t, lab in zip(texts, labels, strict=True) if lab == IN_SCOPE}
        own = load_examples(spec["path"], {spec["category"]})
        for text, label in own:
            key = " ".join(text.lower().split())
            if key in inside and label != IN_SCOPE:
                raise PromptError(f"{spec['path']}: {text[:60]!r} is labelled in_scope in {self.examples_path.name}")
        merged = [(t, IN_SCOPE) for t in inside.values()]
        merged += [(t, lab) for t, lab in own if " ".join(t.lower().split()) not in inside]
        return [t for t, _ in merged], [lab for _, lab in merged]

    def _vectors(self, texts: list[str]):
        key = hashlib.sha256("\n".join(texts).encode()).hexdigest()
        if self._vector_key != key:
            self._vector_key, self._vector_cache = key, self.embeddings.embed_documents(texts)
        return self._vector_cache

    def train(self) -> ScopeClassifier:
        texts, labels = self.labelled()
        classifier = train_classifier(texts, labels, self._vectors(texts), self.recipe())
        classifier.data_hash = self.data_hash()
        return classifier

    def train_screen(self, spec: dict) -> ScopeClassifier:
        texts, labels = self.screen_labelled(spec)
        classifier = train_classifier(texts, labels, self._vectors(texts), spec["recipe"])
        classifier.data_hash = self.screen_hash(spec)
        return classifier

    def cross_validate(self) -> dict:
        """Nested cross-validated figures of the current recipe over the labelled data: over-refusal,
        decline recall, per-category precision and recall (what ``coach eval`` reports). Each screen
        is cross-validated over its own data: its figures are under ``screens``, and its category's
        precision and recall join the others."""
        texts, labels = self.labelled()
        recipe = self.recipe()
        figures = nested_cross_validation(texts, labels, self._vectors(texts), recipe, recipe["folds"])
        figures["screens"] = {}
        for spec in self.screen_specs:
            s_texts, s_labels = self.screen_labelled(spec)
            s_recipe = spec["recipe"]
            screen = nested_cross_validation(s_texts, s_labels, self._vectors(s_texts), s_recipe, s_recipe["folds"])
            figures["screens"][spec["category"]] = {k: v for k, v in screen.items() if k != "categories"}
            figures["categories"][spec["category"]] = screen["categories"][spec["category"]]
        return {**figures, "folds": recipe["folds"]}

    # decisions

    def check(self, message: str, in_workflow: bool = False) -> Verdict | None:
        """None to answer; otherwise a decline or a clarifying question.

        ``in_workflow``: the leader is working through a planning task, and the message is most
        likely an answer to the coach's question (a phrase, a figure, a date) or a question about
        the plan. The classifier's in-scope odds are then multiplied by ``workflow_prior_odds`` from
        guard.yaml: Bayes' rule for a context where off-scope messages are rarer than in the
        labelled data. A confident decline still declines."""
        for rule in self.categories.values():
            if any(p.search(message) for p in rule.patterns):
                return self._verdict("decline", rule.name, None, "rule")
        if not message.strip():
            return None
        classifier = self.classifier
        odds = float(self.config["classifier"].get("workflow_prior_odds", 1.0)) if in_workflow else 1.0
        vector = self.embeddings.embed_query(message)
        row = classifier.rows([vector], [message], in_scope_odds=odds)
        decision, category = decide(row, classifier.classes, classifier.decline_below, classifier.answer_from)[0]
        p_in = float(row[0][classifier.classes.index(IN_SCOPE)])
        if decision != "decline":
            # a screen can decline what the first classifier lets through, or question what it answers
            for name, screen in self.screens:
                s_row = screen.rows([vector], [message], in_scope_odds=odds)
                s_decision, _ = decide(s_row, screen.classes, screen.decline_below, screen.answer_from)[0]
                if s_decision == "decline" or (s_decision == "clarify" and decision == "answer"):
                    decision, category, p_in = s_decision, name, float(s_row[0][screen.classes.index(IN_SCOPE)])
                if decision == "decline":
                    break
        if decision == "answer":
            return None
        return self._verdict(decision, category, p_in, "classifier")

    def plain_material(self, vectors, texts: list[str]) -> list[bool]:
        """For sentences of the material about to be quoted: False for one the classifier would
        confidently decline as a leader's message (an instruction planted in a document, an
        attempt on the system prompt), or one a narrow rule catches."""
        if not texts:
            return []
        classifier = self.classifier
        p_in = classifier.rows(vectors, texts)[:, classifier.classes.index(IN_SCOPE)]
        patterns = [pattern for category in self.categories.values() for pattern in category.patterns]
        return [
            bool(p >= classifier.decline_below) and not any(pattern.search(text) for pattern in patterns)
            for p, text in zip(p_in, texts, strict=True)
        ]

    def covered_by_material(self, verdict: Verdict, similarities: list[float | None]) -> bool:
        """A borderline message is answered after all when the material clearly covers it: a
        retrieved passage at least ``material_similarity`` close (fewer than 2% of the labelled
        declines reach 0.45 on the bundled corpus, a third of in-scope messages do). Never for
        attempts on the instructions."""
        floor = float(self.config["classifier"].get("material_similarity", 1.0))
        return (
            verdict.decision == "clarify"
            and verdict.category != "prompt_extraction"
            and max((s for s in similarities if s is not None), default=0.0) >= floor
        )

    def unsure(self, name: str = "off_topic") -> Verdict:
        """A clarify verdict in ``name`` for a message the caller has its own reason to doubt (a question put on the
        side of an answer): answered only when the material clearly covers it (:meth:`covered_by_material`)."""
        return self._verdict("clarify", name, None, "context")

    def _verdict(self, decision: str, name: str, p_in: float | None, source: str) -> Verdict:
        category = self.categories[name]
        if decision == "decline":
            text = Template(self.config["refusal_template"]).safe_substitute(
                reason=category.reason, way_back=category.way_back
            )
        else:
            text = category.clarify
        return Verdict(decision, name, text, p_in, source)

    def leaks_system_prompt(self, answer: str, window: int = 8) -> bool:
        """True when the answer repeats ``window`` consecutive words of the system prompt."""
        system = " ".join(self.prompts.system.lower().split())
        words = answer.lower().split()
        return any(" ".join(words[i : i + window]) in system for i in range(0, max(0, len(words) - window + 1)))

    def leak_refusal(self) -> Verdict:
        return self._verdict("decline", "prompt_extraction", None, "leak")
