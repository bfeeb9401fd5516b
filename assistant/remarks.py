"""Whether a sentence of a leader's answer was said to the coach in passing.

Leaders write around their answers: where they are and how little time they have ("I'm on the
ferry back from the island, so the signal comes and goes"), how the questions feel, stories of
their week, side questions about the tool, hedges standing alone ("Don't hold me to that"). None
of it belongs in the plan. The rules in :mod:`assistant.slots` catch the common shapes; a reader
catches the rest by what such sentences have in common. It is trained on the labelled sentences in
``prompts/remark_examples.yaml`` (``remark`` against ``plan``, with many plan sentences that look
like remarks: meetings, travel and feelings as facts, past-tense evidence, hedged figures, short
plain statements) and made like the interview's vagueness reader (:mod:`assistant.elements`): the
mean of a word model's probability and a logistic regression over the sentence embedding.

Only whole sentences of five words or more are judged: a list item or a note is the leader's content, and so is
a sentence that opens with a label ('Product owner: ...').
Sentences with a figure, a time or a month are judged too: the examples hold 200 remarks with one ("it's 38
degrees and the fan died") beside 475 plan sentences with one ("Above 40 degrees the mobile clinic cannot run its
fridges."), so the reader tells them apart by more than the figure. The threshold is set on
out-of-fold probabilities so that at most ``DROP_PLAN_AT_MOST`` of the plan sentences would be
flagged. Like the element detector, the reader works only while the coach has turned it on around
an interview step (:func:`assistant.elements.using`); without it only the rules count.
"""

from __future__ import annotations

import re
from pathlib import Path

FILE_NAME = "remark_examples.yaml"
LABELS = ("remark", "plan")
DROP_PLAN_AT_MOST = 0.005  # share of plan sentences (out of fold) the threshold may flag
MIN_WORDS = 5


def examples_path(prompts_dir: Path | None = None) -> Path:
    """The examples in ``prompts_dir`` (default: the configured prompts folder), else the bundled ones."""
    from .config import prompt_file

    return prompt_file(FILE_NAME, prompts_dir)


def load(path: Path) -> tuple[list[str], list[str]]:
    from .guard import load_examples

    pairs = load_examples(path, set(LABELS), in_scope=False)
    return [t for t, _ in pairs], [label for _, label in pairs]


def cross_validate(found, path: Path | None = None, folds: int = 5) -> dict:
    """Nested cross-validated shares of remarks caught and plan sentences wrongly flagged, with the
    embeddings of ``found`` (an :class:`~assistant.elements.ElementDetector`): in each outer fold the
    reader and its threshold are fitted on the other folds."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    from .elements import VagueReader

    texts, labels = load(path or examples_path())
    vectors = found.vectors(texts)
    y = np.array(labels) == "remark"
    flags = np.zeros(len(texts), dtype=bool)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=1).split(texts, y):
        reader = VagueReader.train(
            [texts[i] for i in train], [labels[i] for i in train], vectors[train], "remark", DROP_PLAN_AT_MOST
        )
        flags[test] = reader.p_vague([texts[i] for i in test], vectors[test]) > reader.threshold
    return {
        "statements": len(texts),
        "caught": round(float((flags & y).sum() / y.sum()), 3),
        "wrongly": round(float((flags & ~y).sum() / (~y).sum()), 3),
    }


# A sentence that opens with a label ('Product owner: Eleni ..., our Head of Sports.'): a note, the leader's content.
# A label that sets something aside ('Side question: ...', 'PS: ...', 'Off topic: ...') is no such note.
# So is a sentence whose opening words are the leader's own ("I'm slow this morning: ...", 'And the name: ...').
_LABELLED = re.compile(
    r"^(?!(?:P\.?S|N\.?B|BTW|FYI|Aside|Random|Side|Off|Unrelated|Totally|Quick|Sorry|Note to self|I|I'\w+|We|We'\w+|"
    r"You|It|It'\w+|This|That|There|He|She|They|My|And|But|So|Or|Also|Then|Now|Oh|Well|Ok|Okay)\b)"
    r"[A-Z][\w'\u2019()/&-]*(?: [\w'\u2019()/&-]+){0,2}:\s[^?!]*\.$"
)


def judged(sentence: str) -> bool:
    """Whether the classifier may judge ``sentence``: a whole sentence (it ends with a full stop,
    a question or an exclamation mark) of five words or more that does not open with a label."""
    text = sentence.strip()
    return bool(text) and text[-1] in ".!?" and len(text.split()) >= MIN_WORDS and not _LABELLED.match(text)


def remarks(parts: list[str]) -> list[bool]:
    """Which of ``parts`` (sentences of one answer) the reader turned on by the coach reads as remarks."""
    from .elements import remark_flags

    checked = [p.strip() for p in parts if judged(p)]
    if not checked:
        return [False] * len(parts)
    flags = iter(remark_flags(checked))
    return [next(flags) if judged(p) else False for p in parts]
