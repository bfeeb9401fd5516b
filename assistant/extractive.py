"""Answers composed from the material's own sentences, for models that cannot paraphrase faithfully.

A 135M-parameter model invents figures and cites them to unrelated passages. In extractive mode
the coach writes no new claims: it picks the few sentences of the retrieved passages that best
answer the question, orders them so they read as one answer, cites each to its passage, and ends
with a question for the leader's own plan, taken from the material's "Questions to ask" sections.

- :func:`candidates` splits passages into quotable sentences (no headings, questions or lead-ins).
- :func:`select` scores them by cosine similarity to the question, blended with the passage's own
  relevance and, a little, with how concrete the sentence reads, and chooses by maximal marginal
  relevance: no near-duplicates, nothing far below the best sentence.
- :func:`ordered` groups the chosen sentences by passage, the passage of the best sentence first,
  in reading order; :func:`compose` cites each.
- :func:`follow_up` picks the material's question closest to the leader's, from the quoted
  documents first.

Every step is plain data in, data out, so it is tested without a model or an index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from .grounding import split_sentences

# A sentence that leans on the one before it ("This cut waiting times...") is quoted with it.
_DANGLING = re.compile(
    r"^(it|its|this|that|these|those|they|their|them|he|she|such|both|here|there|then|also|however|but|and"
    r"|in fact|for example|for instance|instead|so|as a result|in addition|similarly|otherwise|yet|still)\b",
    re.IGNORECASE,
)
_MARKUP = re.compile(r"\*\*|__|`|^\s*(?:[-*+]|\d{1,2}[.)])\s+")
_QUESTION_SECTION = re.compile(r"^questions to ask", re.IGNORECASE)

MIN_WORDS, MAX_WORDS = 6, 80


@dataclass
class Candidate:
    text: str
    passage: int  # 1-based number of the passage it comes from
    position: int  # order within that passage
    relevance: float = 0.0


def _plain(line: str) -> str:
    return " ".join(_MARKUP.sub("", line).split())


# A sentence about the document itself ('This module covers ...', 'This case study describes ...'): it
# names topics close to many questions but answers none of them.
_SIGNPOST = re.compile(
    r"^(?:this|the following|in this|the present)\s+(?:module|case study|case|section|guide|chapter|document|page|"
    r"paper|unit|session|note|briefing|toolkit|handbook)\b[^.]{0,40}?\b(?:covers?|describes?|explains?|sets? out|"
    r"looks? at|is about|introduces?|shows?|summari[sz]es?|outlines?|walks? (?:you )?through|presents?|discuss(?:es)?|"
    r"we (?:cover|describe|explain|look at|discuss))\b",
    re.IGNORECASE,
)


def quotable(sentence: str) -> bool:
    """A sentence that stands as a statement: not a heading, table row, question, lead-in or a sentence
    about the document itself."""
    words = sentence.split()
    return (
        MIN_WORDS <= len(words) <= MAX_WORDS
        and not sentence.endswith(("?", ":", ";", ","))
        and not sentence.startswith(("#", "|", ">"))
        and "http" not in sentence
        and "---" not in sentence
        and not _SIGNPOST.match(sentence)
    )


_ITEM = re.compile(r"(?:[-*+]|\d{1,2}[.)])\s+")
_NOT_PROSE = ("#", "|", "---", "```")  # headings, table rows, rules, fences: never quoted
_OWN_LINE = (*_NOT_PROSE, ">")  # ... nor quotes: never joined to the line before
_CLOSED = re.compile(r"[.!?][)\"'\u201d\u2019]?$")


def _lines(text: str) -> list[str]:
    """The passage's lines with wrapped paragraphs and list items joined, as Markdown reads them: a
    line continues the one before unless a blank line, a hard break (two trailing spaces or a
    backslash) or the start of a heading, item, table row, rule, fence or quote comes between."""
    lines: list[str] = []
    joinable = False
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped:
            joinable = False
            continue
        hard = raw.endswith(("  ", "\\"))
        stripped = stripped.rstrip("\\").rstrip()
        if joinable and not stripped.startswith(_OWN_LINE) and not _ITEM.match(stripped):
            lines[-1] = f"{lines[-1]} {stripped}"
        else:
            lines.append(stripped)
        joinable = not hard and not stripped.startswith(_OWN_LINE)
    return lines


def _blocks(text: str) -> list[tuple[str, bool]]:
    """The passage's lines, markup removed, each with whether it is a list item. A lead-in ("An
    agreement should cover:") and the list items under it become one statement when short enough
    to quote whole, so a list is quotable."""
    groups: list[list[str]] = []  # a line, or a lead-in followed by its items
    listed: list[bool] = []
    open_list = False
    for stripped in _lines(text):
        if stripped.startswith(_NOT_PROSE):
            open_list = False
            continue
        item = _ITEM.match(stripped)
        plain = _plain(stripped)
        if item and open_list:
            groups[-1].append(plain)
            continue
        open_list = plain.endswith(":") and not item
        groups.append([plain])
        listed.append(bool(item))
    blocks: list[tuple[str, bool]] = []
    for (lead, *items), is_item in zip(groups, listed, strict=True):
        joined = f"{lead} {'; '.join(i.rstrip('.;,') for i in items)}."
        if items and len(joined.split()) <= MAX_WORDS:
            blocks.append((joined, False))
        else:
            blocks += [(lead, is_item), *((i, True) for i in items)]
    return blocks


def candidates(passages: list[tuple[int, str]]) -> list[Candidate]:
    """The quotable sentences of ``(number, text)`` passages, line by line, markup removed. Outside a
    list, a sentence without closing punctuation is a title, a label or cut off at the passage's
    end, and is not quoted."""
    found: list[Candidate] = []
    for number, text in passages:
        position = 0
        for block, is_item in _blocks(text):
            for sentence in split_sentences(block):
                position += 1
                if quotable(sentence) and (is_item or _CLOSED.search(sentence)):
                    found.append(Candidate(sentence, number, position))
    return found


def questions(sections: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """``(doc_id, question)`` for each question of the material's "Questions to ask ..." sections,
    from ``(doc_id, section, text)`` triples."""
    found: list[tuple[str, str]] = []
    for doc_id, section, text in sections:
        if not _QUESTION_SECTION.match(section.split(" > ")[-1].strip()):
            continue
        for line in text.splitlines():
            plain = _plain(line.strip())
            # a question with a figure would state a number no quoted passage supports
            if (
                plain.endswith("?")
                and len(plain.split()) >= 4
                and not re.search(r"\d", plain)
                and (doc_id, plain) not in found
            ):
                found.append((doc_id, plain))
    return found


def select(
    items: list[Candidate],
    vectors: np.ndarray,
    query: np.ndarray,
    passage_relevance: dict[int, float],
    k: int = 4,
    balance: float = 0.7,
    duplicate: float = 0.88,
    spread: float = 0.15,
    floor: float = 0.2,
    concrete: np.ndarray | None = None,
    concrete_weight: float = 0.1,
) -> list[int]:
    """Indices of up to ``k`` sentences chosen by maximal marginal relevance.

    A sentence's relevance is its cosine similarity to the question (weight 0.75) blended with
    the retrieval similarity of its passage (0.25), so a sentence that happens to echo the
    question's words in an off-topic passage does not win; ``concrete`` (0..1 a sentence: how
    specific it reads, the specificity model's 1 - p(vague)) adds ``concrete_weight`` times itself,
    so of two equally close sentences the one with a figure, a name or a step beats the general
    remark. Sentences below ``floor`` or more than ``spread`` below the best are never chosen, nor
    one ``duplicate``-close to a chosen one.
    """
    if not items:
        return []
    own = vectors @ query
    relevance = np.array(
        [0.75 * s + 0.25 * passage_relevance.get(c.passage, 0.0) for s, c in zip(own, items, strict=True)]
    )
    if concrete is not None:
        relevance = relevance + concrete_weight * np.asarray(concrete, dtype=float)
    for item, score in zip(items, relevance, strict=True):
        item.relevance = float(score)
    best = float(relevance.max())
    pool = [i for i in range(len(items)) if relevance[i] >= max(floor, best - spread)]
    chosen: list[int] = []
    while pool and len(chosen) < k:

        def mmr(i: int) -> float:
            redundancy = max((float(vectors[i] @ vectors[j]) for j in chosen), default=0.0)
            return balance * relevance[i] - (1 - balance) * redundancy

        pick = max(pool, key=lambda i: (mmr(i), -i))
        pool.remove(pick)
        if any(float(vectors[pick] @ vectors[j]) >= duplicate for j in chosen):
            continue
        chosen.append(pick)
    return chosen


def with_antecedents(items: list[Candidate], chosen: list[int], limit: int) -> list[int]:
    """Add the sentence before each chosen one that opens with a reference back ("This ...")."""
    index = {(c.passage, c.position): i for i, c in enumerate(items)}
    out = list(chosen)
    for i in chosen:
        item = items[i]
        before = index.get((item.passage, item.position - 1))
        if _DANGLING.match(item.text) and before is not None and before not in out and len(out) < limit:
            out.append(before)
    return out


def ordered(items: list[Candidate], chosen: list[int]) -> list[Candidate]:
    """The chosen sentences grouped by passage, the passage of the most relevant sentence first,
    each passage's sentences in reading order."""
    picked = [items[i] for i in chosen]
    best: dict[int, float] = {}
    for item in picked:
        best[item.passage] = max(best.get(item.passage, -1.0), item.relevance)
    return sorted(picked, key=lambda c: (-best[c.passage], c.passage, c.position))


def cite(sentence: str, number: int) -> str:
    """``sentence`` with ``[number]`` before its closing punctuation."""
    match = re.search(r"([.!])(['\"”’)]?)$", sentence)
    if match:
        return f"{sentence[: match.start()]} [{number}]{match.group(1)}{match.group(2)}"
    return f"{sentence} [{number}]."


def compose(sentences: list[Candidate], keep=lambda c: True) -> tuple[str, list[int]]:
    """One paragraph per passage, each sentence cited; returns the text and the cited numbers.
    ``keep`` vetoes sentences (the guard's check for planted instructions)."""
    paragraphs: list[str] = []
    cited: list[int] = []
    current = None
    for item in sentences:
        if not keep(item):
            continue
        if item.passage != current:
            paragraphs.append("")
            current = item.passage
        paragraphs[-1] = f"{paragraphs[-1]} {cite(item.text, item.passage)}".strip()
        if item.passage not in cited:
            cited.append(item.passage)
    return "\n\n".join(paragraphs), cited


def follow_up(
    pool: list[tuple[str, str]],
    vectors: np.ndarray,
    query: np.ndarray,
    prefer: frozenset[str] | set[str] = frozenset(),
    floor: float = 0.2,
) -> str | None:
    """The material's question closest to the leader's question, from the documents the answer
    draws on (``prefer``) when one of theirs is close enough, else from any document."""
    if not pool:
        return None
    scores = vectors @ query
    for allowed in ([i for i, (doc, _) in enumerate(pool) if doc in prefer], range(len(pool))):
        allowed = [i for i in allowed if scores[i] >= floor]
        if allowed:
            return pool[max(allowed, key=lambda i: scores[i])][1]
    return None
