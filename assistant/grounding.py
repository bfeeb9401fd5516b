"""Citations and support: from a model's raw text to a clean answer with valid citations.

Small models cite loosely ("[Document 2]", "[1, 3]", "[7]" when only four passages were
given) and repeat themselves. :func:`clean_answer` normalises citation marks, drops numbers
that were not retrieved (and counts them), removes repeated lines and sentences, and, when
the model cited nothing, attributes each sentence to the passage that supports it, if any.

Support is lexical: the share of a sentence's content words (stems, stop words removed)
that occur in a passage. The eval suite's groundedness uses the same definition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .drafting import unsupported_numbers
from .lexical import tokenize

_CITATION = re.compile(
    r"\[\s*(?:(?:doc(?:ument)?|source|ref)\.?\s*)?(\d{1,3}(?:\s*(?:,|and|&)\s*(?:(?:doc(?:ument)?|source)\.?\s*)?\d{1,3})*)\s*\]",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")

SUPPORT_THRESHOLD = 0.5
MIN_SHARED_WORDS = 3


@dataclass
class CleanAnswer:
    text: str
    cited: list[int] = field(default_factory=list)  # valid citation numbers, in order of first use
    dropped: int = 0  # citation marks that named a passage that was not retrieved
    attributed: bool = False  # citations were added by support matching, not by the model


# Words ending in a full stop that do not end a sentence ("the U.S. Web Design System", "e.g. a
# form", "No. 10"): letter-dot abbreviations and the common short forms below. A single capital
# ("option B.") is taken to end the sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.){2,4}|\b(?:Dr|Mr|Mrs|Ms|Prof|St|No|Nos|p|pp|Fig|Figs|approx|cf|vs|Vol|Dept|Sec|Art|Ch)\.)$"
)


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, each line on its own; a full stop after an abbreviation or an
    initial does not end one."""
    parts: list[str] = []
    for line in text.splitlines():
        start = 0
        for match in _SENTENCE.finditer(line):
            if _ABBREVIATION.search(line, max(start, match.start() - 12), match.start()):
                continue
            parts.append(line[start : match.start()].strip())
            start = match.end()
        parts.append(line[start:].strip())
    return [part for part in parts if part]


def support(sentence: str, passage: str) -> tuple[float, int]:
    """Share of the sentence's content words found in the passage, and how many."""
    words = set(tokenize(_CITATION.sub(" ", sentence)))
    if not words:
        return 0.0, 0
    shared = words & set(tokenize(passage))
    return len(shared) / len(words), len(shared)


def best_support(sentence: str, passages: list[str]) -> tuple[int | None, float]:
    """The 1-based number of the passage that best supports the sentence, if any does."""
    best, best_score = None, 0.0
    for n, passage in enumerate(passages, 1):
        score, shared = support(sentence, passage)
        if shared >= MIN_SHARED_WORDS and score > best_score:
            best, best_score = n, score
    return (best, best_score) if best_score >= SUPPORT_THRESHOLD else (None, best_score)


def _normalise_citations(text: str, valid: int) -> tuple[str, int]:
    dropped = 0

    def replace(match: re.Match) -> str:
        nonlocal dropped
        numbers = [int(n) for n in re.findall(r"\d{1,3}", match.group(1))]
        kept = [n for n in dict.fromkeys(numbers) if 1 <= n <= valid]
        dropped += len(numbers) - len(kept)
        return "".join(f"[{n}]" for n in kept)

    return _CITATION.sub(replace, text), dropped


def _drop_repeats(text: str) -> str:
    seen: set[str] = set()
    lines = []
    for line in text.splitlines():
        sentences = []
        for sentence in _SENTENCE.split(line):
            key = re.sub(r"\W+", " ", _CITATION.sub("", sentence)).strip().lower()
            if key and len(key) > 12 and key in seen:
                continue
            seen.add(key)
            sentences.append(sentence)
        joined = " ".join(s for s in sentences if s.strip()) if sentences else ""
        if joined.strip() or not line.strip():
            lines.append(joined if line.strip() else "")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _attribute(text: str, passages: list[str]) -> str:
    out = []
    for line in text.splitlines():
        pieces = []
        for sentence in _SENTENCE.split(line):
            n, _ = best_support(sentence, passages) if sentence.strip() else (None, 0)
            if n is not None:
                sentence = re.sub(r"([.!?]?)$", lambda m, n=n: f" [{n}]{m.group(1)}", sentence.rstrip(), count=1)
            pieces.append(sentence)
        out.append(" ".join(pieces))
    return "\n".join(out)


ECHO_THRESHOLD = 0.8
_FENCE = re.compile(r'</?document\b[^>\n]*>?|\bdocument n="\d+"', re.IGNORECASE)
_LABEL = re.compile(
    r"^\s*(question|answer|the answer( to (this|your) question)? is|leader'?s? question|documents?)\s*:\s*",
    re.IGNORECASE,
)


def _drop_echoes(text: str, echo_of: list[str]) -> str:
    """Remove sentences that only repeat one of the prompt's parts (the question, an instruction)."""
    sources = [set(tokenize(part)) for part in echo_of if part.strip()]
    if not sources:
        return text
    lines = []
    for line in text.splitlines():
        kept = []
        for sentence in _SENTENCE.split(_LABEL.sub("", line)):
            words = set(tokenize(_CITATION.sub(" ", sentence)))
            if len(words) >= 4 and any(len(words & source) / len(words) >= ECHO_THRESHOLD for source in sources):
                continue
            kept.append(sentence)
        if kept or not line.strip():
            lines.append(" ".join(kept))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def cited_numbers(text: str) -> list[int]:
    return list(dict.fromkeys(int(n) for n in re.findall(r"\[(\d{1,3})\]", text)))


def clean_answer(raw: str, passages: list[str], echo_of: list[str] | None = None) -> CleanAnswer:
    """Normalise and validate citations against ``passages`` (numbered from 1).

    ``echo_of`` lists prompt texts (the question, the instructions) whose repetition in the
    answer is removed: small models often restate the question instead of answering it.
    """
    text = _FENCE.sub("", raw.strip())  # echoed prompt markup is not a citation
    text, dropped = _normalise_citations(text, len(passages))
    text = _drop_echoes(text, echo_of or [])
    text = _drop_repeats(text)
    text = re.sub(r"[ \t]+([.,;:])", r"\1", re.sub(r"[ \t]{2,}", " ", text))
    attributed = False
    if passages and not cited_numbers(text):
        text = _attribute(text, passages)
        attributed = bool(cited_numbers(text))
    return CleanAnswer(text=text, cited=cited_numbers(text), dropped=dropped, attributed=attributed)


def groundedness(answer: str, passages_by_number: dict[int, str]) -> float:
    """Share of answer sentences supported by a passage they cite (or, uncited, by any passage).

    A sentence counts as supported when at least half of its content words (and three or
    more) occur in a cited passage. Sentences with fewer than three content words (greetings,
    questions back to the leader) are left out of the share; an answer with no sentence left
    scores 0, so a reply that says nothing cannot look grounded.
    """
    considered = supported = 0
    for sentence in split_sentences(answer):
        if len(set(tokenize(_CITATION.sub(" ", sentence)))) < MIN_SHARED_WORDS or sentence.rstrip().endswith("?"):
            continue
        considered += 1
        numbers = [n for n in cited_numbers(sentence) if n in passages_by_number]
        candidates = [passages_by_number[n] for n in numbers] or list(passages_by_number.values())
        if best_support(sentence, candidates)[0] is not None:
            supported += 1
    return supported / considered if considered else 0.0  # an answer that states nothing supports nothing


# --- checks on a generated answer, sentence by sentence ----------------------------------------

# Capitalised words that are not names: sentence openers, months and days, planning vocabulary.
_NOT_NAMES = {
    "i",
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "in",
    "on",
    "for",
    "to",
    "of",
    "and",
    "or",
    "but",
    "if",
    "when",
    "where",
    "what",
    "why",
    "how",
    "who",
    "which",
    "as",
    "at",
    "by",
    "with",
    "from",
    "your",
    "you",
    "we",
    "our",
    "they",
    "their",
    "he",
    "she",
    "is",
    "are",
    "be",
    "can",
    "could",
    "should",
    "would",
    "will",
    "may",
    "might",
    "also",
    "first",
    "second",
    "then",
    "finally",
    "for example",
    "however",
    "start",
    "use",
    "ask",
    "set",
    "make",
}


@dataclass
class SentenceCheck:
    sentence: str
    kept: bool
    reason: str = ""  # why it was dropped: unsupported, a figure or a name not in the cited passage
    checked: bool = True  # False for sentences too short to judge (kept as they are)


def _names(sentence: str) -> set[str]:
    """Capitalised words after the first word: the names, places and organisations a sentence states."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]+", _CITATION.sub(" ", sentence))
    return {w.strip("'’-") for w in words[1:] if w[0].isupper() and w.lower() not in _NOT_NAMES and len(w) > 2}


def check_sentences(text: str, passages: dict[int, str], question: str = "") -> list[SentenceCheck]:
    """Each sentence of a generated answer, kept or dropped.

    A sentence with a citation must be supported by a passage it cites (:func:`best_support`, the
    groundedness definition). The figures, years and names of every sentence must appear in the
    passages it cites (any passage, when it cites none) or in the question: an uncited sentence may
    give general advice, but not a fact of its own. Questions back to the leader and sentences with
    fewer than three content words are not judged.
    """
    checks = []
    lowered_question = question.lower()
    for sentence in split_sentences(text):
        words = set(tokenize(_CITATION.sub(" ", sentence)))
        if len(words) < MIN_SHARED_WORDS or sentence.rstrip().endswith("?"):
            checks.append(SentenceCheck(sentence, kept=True, checked=False))
            continue
        cited = [passages[n] for n in cited_numbers(sentence) if n in passages]
        sources = cited or list(passages.values())
        reason = ""
        if cited and best_support(sentence, sources)[0] is None:
            reason = "not supported by the passage it cites"
        elif unsupported_numbers(sentence, [question, *sources]):
            reason = "a figure or date not in the cited passage"
        else:
            said = " ".join(sources).lower() + " " + lowered_question
            missing = [n for n in _names(sentence) if n.lower() not in said]
            if missing:
                reason = f"a name not in the cited passage ({missing[0]})"
        checks.append(SentenceCheck(sentence, kept=not reason, reason=reason))
    return checks


def checked_answer(text: str, passages: dict[int, str], question: str = "") -> tuple[str, list[SentenceCheck]]:
    """The answer with every failing sentence removed (its lines kept), and the checks."""
    checks = check_sentences(text, passages, question)
    dropped = {c.sentence for c in checks if not c.kept}
    lines = []
    for line in text.splitlines():
        kept = [s for s in split_sentences(line) if s not in dropped]
        if kept or not line.strip():
            lines.append(" ".join(kept))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip(), checks
