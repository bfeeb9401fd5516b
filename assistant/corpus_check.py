"""Checking a corpus folder before it is ingested: ``coach corpus check``.

Every file that ingestion would read (:func:`~assistant.documents.list_corpus_files`) is read the
same way, in the parsing worker within the settings' limits, and cut into the same passages. The
checks, each a :class:`Finding` of one ``kind``:

- ``unreadable`` (error): the file cannot be read at all;
- ``size`` (error): the file is over ``COACH_MAX_FILE_MB`` or yields more than ``COACH_MAX_TEXT_MB`` of text;
- ``front-matter``: unparseable front matter or metadata file (error); a known key with the
  wrong type, as the loader warns (warning);
- ``title`` (warning): no title in the front matter, metadata file or file properties;
- ``sources`` (error): a case study whose front matter lists no sources;
- ``figures`` (error): sentences stating figures (money, percentages, counts) in such a case study;
- ``duplicate`` (error): near-identical passages in two different documents (Jaccard similarity
  of their 5-word shingles at least 0.8, for passages of 40 words or more);
- ``headings`` (warning): a Markdown document of more than 300 words without a heading;
- ``text``: a file with no text to index (error: it has only front matter or markup and is not
  read); a document with headings but no text under them (warning: it is read, yet no passage of
  it can be found).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

import yaml

from .config import Settings
from .documents import (
    MARKDOWN_FORMATS,
    NO_TEXT_WARNING,
    Chunk,
    Document,
    DocumentError,
    YamlTooComplex,
    doc_id_for,
    file_header,
    headings,
    list_corpus_files,
    safe_yaml,
    sidecar_path,
)
from .parsing import ParseLimits, Parser

MB = 1024 * 1024
SHINGLE_WORDS = 5
MIN_PASSAGE_WORDS = 40
DUPLICATE_SIMILARITY = 0.8
LONG_WITHOUT_HEADINGS = 300  # words
FIGURE_EXAMPLES = 3  # sentences quoted in a ``figures`` finding

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """One problem with one document (``path`` is its id, relative to the corpus folder)."""

    path: str
    level: Level
    kind: str
    message: str
    other: str = ""  # the second document of a ``duplicate`` finding

    def as_dict(self) -> dict:
        return asdict(self)

    def concerns(self, doc_id: str) -> bool:
        """Whether this finding is about ``doc_id`` (either document of a duplicate)."""
        return doc_id in (self.path, self.other)


def summary(findings: list[Finding]) -> dict[str, int]:
    """How many errors and warnings."""
    errors = sum(f.level == "error" for f in findings)
    return {"errors": errors, "warnings": len(findings) - errors}


def check_corpus(
    root: Path,
    settings: Settings,
    only: set[str] | None = None,
    others: Sequence[Chunk] = (),
    parsed: Mapping[str, tuple[Document, list[Chunk]]] | None = None,
) -> list[Finding]:
    """Every finding for the corpus folder ``root``, sorted by path (errors first within a path).
    With ``only``, just those documents are read and checked, and their passages are compared
    with ``others`` (the passages of the rest of the corpus, as an index already holds them)
    instead of reading every other file again. ``parsed`` holds documents already read from these
    same files (an upload reads its file before storing it), which are not read a second time."""
    parsed = parsed or {}
    root = Path(root)
    findings: list[Finding] = []
    passages: list[Chunk] = [c for c in others if only is not None and c.doc_id not in only]
    max_bytes = int(settings.max_file_mb * MB) if settings.max_file_mb else None
    parser = Parser(ParseLimits.from_settings(settings))
    try:
        for path in list_corpus_files(root):
            doc_id = doc_id_for(path, root)
            if only is not None and doc_id not in only:
                continue
            try:
                size = path.stat().st_size
                if max_bytes is not None and size > max_bytes:
                    findings.append(
                        Finding(
                            doc_id,
                            "error",
                            "size",
                            f"the file is {size / MB:.2f} MB, over the "
                            f"{settings.max_file_mb:g} MB limit (COACH_MAX_FILE_MB)",
                        )
                    )
                    continue
                if doc_id in parsed:
                    document, chunks = parsed[doc_id]
                else:
                    document, chunks = parser.parse(
                        path, root, max_bytes, (settings.chunk_size, settings.chunk_overlap)
                    )
            except DocumentError as exc:
                findings.append(Finding(doc_id, "error", _failure_kind(exc.reason), exc.reason))
                continue
            except OSError as exc:
                findings.append(Finding(doc_id, "error", "unreadable", f"cannot be read ({exc.strerror or exc})"))
                continue
            findings.extend(_document_findings(path, document))
            passages.extend(chunks)
    finally:
        parser.close()
    duplicates = _duplicate_findings(passages)
    if only is not None:
        duplicates = [f for f in duplicates if f.path in only or f.other in only]
    findings.extend(duplicates)
    return sorted(findings, key=lambda f: (f.path, f.level != "error", f.kind, f.message))


def _failure_kind(reason: str) -> str:
    if "COACH_MAX_TEXT_MB" in reason or "COACH_MAX_FILE_MB" in reason:
        return "size"
    if reason.startswith("no text found"):
        return "text"
    if "front matter" in reason or "metadata file" in reason:
        return "front-matter"
    return "unreadable"


# --- one document ---------------------------------------------------------------------------


def _document_findings(path: Path, document: Document) -> list[Finding]:
    doc_id = document.doc_id
    found = [
        Finding(doc_id, "warning", "text" if warning.startswith(NO_TEXT_WARNING) else "front-matter", warning)
        for warning in document.warnings
    ]
    if not _has_own_title(path, document):
        found.append(
            Finding(
                doc_id,
                "warning",
                "title",
                f"no 'title' in the front matter or metadata file; the title shown is '{document.title}'",
            )
        )
    text = "\n\n".join(block.text for block in document.blocks)
    if document.kind == "case-study" and not document.sources:
        found.append(
            Finding(doc_id, "error", "sources", "a case study must list its 'sources' (links) in the front matter")
        )
        sentences = figure_sentences(text)
        if sentences:
            quoted = "; ".join(f'"{_clip(s)}"' for s in sentences[:FIGURE_EXAMPLES])
            more = f" (and {len(sentences) - FIGURE_EXAMPLES} more)" if len(sentences) > FIGURE_EXAMPLES else ""
            found.append(
                Finding(
                    doc_id,
                    "error",
                    "figures",
                    f"{len(sentences)} sentence(s) state figures with no 'sources' to check them against: "
                    f"{quoted}{more}",
                )
            )
    words = len(text.split())
    if document.fmt in MARKDOWN_FORMATS and words > LONG_WITHOUT_HEADINGS and not headings(text):
        found.append(
            Finding(
                doc_id,
                "warning",
                "headings",
                f"{words} words and no headings; add '## ...' headings so passages carry a section",
            )
        )
    return found


def _has_own_title(path: Path, document: Document) -> bool:
    """Whether the front matter, the metadata file or (for PDF, DOCX ...) the file's properties name a title."""
    meta: dict = {}
    sidecar = sidecar_path(path)
    try:
        if sidecar.is_file():
            loaded = safe_yaml(sidecar.read_text(encoding="utf-8"))
            meta.update(loaded if isinstance(loaded, dict) else {})
        if document.fmt in MARKDOWN_FORMATS or document.fmt == "txt":
            meta.update(file_header(path, document.doc_id))
        if document.fmt not in MARKDOWN_FORMATS and "title" not in meta:
            # other formats: a title from the file's properties (or a plain text file's heading) counts
            return document.title != re.sub(r"[-_]+", " ", path.stem).strip().capitalize()
    except (
        OSError,
        ValueError,
        DocumentError,
        YamlTooComplex,
        yaml.YAMLError,
    ):  # the loader read it; its problem was reported
        return True
    return meta.get("title") not in (None, "")


def _clip(sentence: str, limit: int = 100) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


# A figure: money, a percentage, a scaled amount, a grouped number or a number of something.
# Years alone (1500-2099), list numbering and headings are not figures.
_NUMBER = r"(?<![\w.,/-])\d+(?:[.,]\d+)*"
_FIGURE = re.compile(
    r"(?:[€$£¥]|\b(?:EUR|USD|GBP|NZD|AUD|SGD|KRW|DKK|SEK|NOK|BRL|CAD|CHF|JPY)\s?)\d"
    rf"|{_NUMBER}\s?(?:%|per ?cent\b|percent\b)"
    rf"|{_NUMBER}\s?(?:m|bn|k|million|billion|thousand|trillion)\b"
    r"|(?<![\w.,/-])\d{1,3}(?:,\d{3})+(?![\d,])"
    r"|(?<![\w.,/-])(?!(?:1[5-9]|20)\d\d\b)\d+(?:\.\d+)?\s+"
    r"(?!(?:of|and|or|to|in|on|at|the|an?|for|with|by|from|is|was|were|are|as)\b)[a-z]{2,}"
)


def figure_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (Markdown) that state a figure, headings and list numbers left out."""
    lines = []
    for line in text.splitlines():
        if re.match(r"\s*#{1,6}\s", line):
            lines.append("")  # a heading ends the paragraph before it
            continue
        item = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)
        lines.extend(["", item] if item != line else [line])  # each list item stands alone
    found = []
    for paragraph in re.split(r"\n\s*\n", "\n".join(lines)):
        flat = " ".join(paragraph.split())
        for sentence in re.split(r"(?<=[.!?])\s+(?=[\"“(*]?[A-Z0-9])", flat):
            if _FIGURE.search(re.sub(r"\S+://\S+", "", sentence)):
                found.append(sentence)
    return found


# --- across documents -------------------------------------------------------------------------


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[str]:
    """The normalised ``size``-word shingles of ``text`` (lowercase words, punctuation dropped)."""
    words = re.findall(r"\w+", text.casefold())
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def similar_pairs(sets: list[frozenset[str]], threshold: float) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, jaccard)`` of sets with Jaccard similarity >= ``threshold``, by prefix filtering:
    two such sets share a shingle among the rarest ``len - ceil(threshold * len) + 1`` of each, so only
    sets sharing one of those are compared (exact, and near-linear for a corpus without duplicates)."""
    frequency = Counter(s for shingle_set in sets for s in shingle_set)
    index: dict[str, list[int]] = defaultdict(list)
    pairs = []
    for i in sorted(range(len(sets)), key=lambda n: len(sets[n])):
        tokens = sorted(sets[i], key=lambda s: (frequency[s], s))
        candidates: set[int] = set()
        for token in tokens[: len(tokens) - math.ceil(threshold * len(tokens)) + 1]:
            candidates.update(index[token])
            index[token].append(i)
        for j in candidates:  # j was indexed earlier, so it is no larger than i
            if len(sets[j]) < threshold * len(sets[i]):
                continue
            shared = len(sets[i] & sets[j])
            score = shared / (len(sets[i]) + len(sets[j]) - shared)
            if score >= threshold:
                pairs.append((j, i, score))
    return pairs


def _duplicate_findings(chunks: list[Chunk]) -> list[Finding]:
    """One finding per pair of documents with near-identical passages, naming both and their headings."""
    long = [c for c in chunks if len(re.findall(r"\w+", c.text)) >= MIN_PASSAGE_WORDS]
    sets = [shingles(c.text) for c in long]
    by_documents: dict[tuple[str, str], list[tuple[float, Chunk, Chunk]]] = defaultdict(list)
    for i, j, score in similar_pairs(sets, DUPLICATE_SIMILARITY):
        a, b = sorted((long[i], long[j]), key=lambda c: (c.doc_id, c.position))
        if a.doc_id != b.doc_id:
            by_documents[(a.doc_id, b.doc_id)].append((score, a, b))
    found = []
    for (first, second), matches in by_documents.items():
        score, a, b = max(matches, key=lambda m: (m[0], -m[1].position))
        more = f"; {len(matches) - 1} more passage pair(s) alike" if len(matches) > 1 else ""
        found.append(
            Finding(
                first,
                "error",
                "duplicate",
                f"passage under '{a.section}' is near-identical to {second} under '{b.section}' "
                f"(similarity {score:.2f}){more}",
                other=second,
            )
        )
    return found
