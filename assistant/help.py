"""Questions about the coach itself: exporting the plan, where conversations are kept, sharing,
phones, languages, changing an answer, how long a task takes, what the coach is.

They are data in ``prompts/help.yaml``: each entry has an answer and example questions. A leader's
question gets an entry's answer when one of its examples is at least ``min_similarity`` close in
the coach's own sentence embeddings, and the question reads as one about the coach: a question (a
question mark, or a question word first), with no figure in it (a figure makes it a change to the
plan: "can I change the target to 15%?"), and not about "our", "we" or a service alone ("Should we translate
the consultation into Arabic?" and "Should the new service have a mobile app?" are planning; "Can you give me the
plan in Arabic?" is not).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from .prompts import PromptError

_QUESTION_WORD = re.compile(
    r"(?i)^\s*(?:can|could|will|would|is|are|do|does|did|how|where|who|what|when|which|why|should|may|am)\b"
)
# What leads into a question asked in passing ('Quick question before I answer:', 'One more thing on the side:',
# 'By the way, before I forget -', 'Avant de répondre, une question:'): said of the question, not in it.
_LEAD = re.compile(
    r"(?i)^\s*(?:(?:and|so|oh|also|ok(?:ay)?|sorry|right)\b[,.!]?\s+)*"
    r"(?:[^:?\n]{0,40}?\b(?:question|q|thing|by the way|btw|before I (?:answer|forget)|une question|una pregunta)\b"
    r"[^:?\n]{0,30}?(?:[:\u2013\u2014]|\s-)\s+)?"
)
# What a planning question speaks of: 'we', 'our', or the service and the people and bodies around it ('Should the new
# service have a mobile app?').
_ABOUT_US = re.compile(
    r"(?i)\b(?:we|we're|we've|we'll|our|ours|us)\b|\b(?:the|a|an|our|their|its|new)\s+(?:new\s+)?(?:services?|council|"
    r"residents|citizens|users|customers|patients|staff|website|system|scheme|programme|program|project|department|"
    r"organi[sz]ation|ministry|agency|municipality|city|town)\b"
)
_SPOKEN_TO_THE_COACH = re.compile(
    r"(?i)\b(?:i|i'm|i've|i'd|i'll|me|my|you|your|you're|this (?:chat|conversation|session|tool|app|thing|plan|draft)|"
    r"here|the (?:plan|draft))\b"
)


# How much closer than the floor a question the guard declined must be to an example to get its help answer instead:
# at the floor plus 0.1 none of the guard's labelled declines or eval refusals is answered (README).
DECLINE_MARGIN = 0.1


@dataclass(frozen=True)
class HelpEntry:
    id: str
    answer: str
    examples: tuple[str, ...]


def asked(question: str) -> str:
    """``question`` without what leads into it ('Quick question before I answer: can I ...?' is 'can I ...?')."""
    text = " ".join(question.split())
    lead = _LEAD.match(text)
    return (text[lead.end() :] if lead else text) or text


def about_the_coach(question: str) -> bool:
    """Whether ``question`` could be one about the coach: asked as a question, no figure, and spoken to the coach
    (or of the leader) rather than only of 'our' service."""
    text = asked(question)
    if not text or re.search(r"\d", text):
        return False
    if not ("?" in text or _QUESTION_WORD.match(text)):
        return False
    return bool(_SPOKEN_TO_THE_COACH.search(text)) or not _ABOUT_US.search(text)


class HelpDesk:
    """``prompts/help.yaml``, read when the desk is made (a broken file stops the coach at start-up, naming the file
    and entry), and the embeddings of its examples (computed on first use)."""

    def __init__(self, path: Path, embeddings):
        self.path = Path(path)
        self.embeddings = embeddings
        self._lock = threading.Lock()
        self._read = read_help(self.path)
        self._loaded: tuple[list[HelpEntry], float, np.ndarray, list[int]] | None = None

    def entries(self) -> list[HelpEntry]:
        return self._read[0]

    def warm(self) -> None:
        """Embed the examples now (about a second), not on a leader's first question about the coach."""
        self._load()

    def _load(self) -> tuple[list[HelpEntry], float, np.ndarray, list[int]]:
        with self._lock:
            if self._loaded is None:
                entries, floor = self._read
                texts = [t for e in entries for t in e.examples]
                owners = [n for n, e in enumerate(entries) for _ in e.examples]
                vectors = np.asarray(self.embeddings.embed_documents(texts), dtype=float) if texts else np.zeros((0, 1))
                self._loaded = (entries, floor, vectors, owners)
            return self._loaded

    def match(self, question: str, over_a_decline: bool = False) -> HelpEntry | None:
        """The entry that answers ``question``, or None. ``over_a_decline``: the guard declined the question, and only
        a clear match (``DECLINE_MARGIN`` above the floor) answers it instead."""
        if not about_the_coach(question):
            return None
        entries, floor, vectors, owners = self._load()
        if not len(owners):
            return None
        query = np.asarray(self.embeddings.embed_query(asked(question)), dtype=float)
        similarities = vectors @ query
        best = int(np.argmax(similarities))
        needed = floor + (DECLINE_MARGIN if over_a_decline else 0.0)
        return entries[owners[best]] if similarities[best] >= needed else None


def read_help(path: Path) -> tuple[list[HelpEntry], float]:
    """The entries of a help file and its similarity floor; PromptError naming the file and field."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        return [], 1.0  # no help file: no question is taken as one about the coach
    except yaml.YAMLError as exc:
        raise PromptError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries", []), list):
        raise PromptError(f"{path}: expected a mapping with a list of 'entries'")
    try:
        floor = float(data.get("min_similarity", 0.55))
    except (TypeError, ValueError) as exc:
        raise PromptError(f"{path}: 'min_similarity' must be a number") from exc
    entries = []
    for n, item in enumerate(data.get("entries") or [], 1):
        if not isinstance(item, dict):
            raise PromptError(f"{path}: entry {n} must be a mapping with id, answer and examples")
        answer, examples = item.get("answer"), item.get("examples")
        if not isinstance(answer, str) or not answer.strip():
            raise PromptError(f"{path}: entry {n} ('{item.get('id', '?')}') needs an 'answer'")
        if not isinstance(examples, list) or not examples or not all(isinstance(e, str) for e in examples):
            raise PromptError(f"{path}: entry {n} ('{item.get('id', '?')}') needs a list of 'examples'")
        entries.append(HelpEntry(str(item.get("id") or n), answer.strip(), tuple(examples)))
    return entries, floor
