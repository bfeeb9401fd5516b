"""The indicator library: measures from public outcome frameworks, as data facilitators edit.

Each file in ``corpus/indicators/`` describes one indicator in its front matter (domain,
indicator, definition, unit, direction, usual data source, the framework it comes from and a
source link). The coach suggests indicators by the leader's own service and problem: the
leader's words are embedded and compared with each indicator's name, definition, domain and
problem keywords. The library is kept out of the passage index, so it never crowds the
material that answers free questions.
"""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

FIELDS = ("indicator", "domain", "definition", "unit", "direction", "data_source", "framework", "source", "keywords")
UNITS = (
    "%",
    "per 1,000",
    "per 10,000",
    "per 100,000",
    "days",
    "weeks",
    "minutes",
    "hours",
    "number",
    "score",
    "GBP",
    "rate",
)


class IndicatorError(ValueError):
    """An indicator file that cannot be used, with the file and the problem named."""


@dataclass
class Indicator:
    doc_id: str
    indicator: str
    domain: str
    definition: str
    unit: str
    direction: str
    data_source: str
    framework: str
    source: str
    keywords: list[str] = field(default_factory=list)
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def profile(self) -> str:
        """The text a leader's problem is compared with."""
        return f"{self.domain}: {self.indicator}. {self.definition} Problems: {', '.join(self.keywords)}."


def parse_indicator(path: Path, root: Path) -> Indicator:
    doc_id = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8")
    match = re.match(r"^---\s*\n(.*?)\n---\s*\n?(.*)$", text, re.S)
    if not match:
        raise IndicatorError(f"{doc_id}: no front matter (an indicator file starts with '---')")
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise IndicatorError(f"{doc_id}: front matter is not valid YAML ({str(exc).splitlines()[0]})") from exc
    if not isinstance(meta, dict):
        raise IndicatorError(f"{doc_id}: front matter must be a mapping")
    missing = [f for f in FIELDS if not meta.get(f)]
    if missing:
        raise IndicatorError(f"{doc_id}: missing {', '.join(missing)}")
    if not str(meta["source"]).startswith(("https://", "http://")):
        raise IndicatorError(f"{doc_id}: 'source' must be a link (http or https)")
    if meta["direction"] not in ("up", "down"):
        raise IndicatorError(f"{doc_id}: 'direction' must be up or down")
    if str(meta["unit"]) not in UNITS:
        raise IndicatorError(f"{doc_id}: 'unit' must be one of {', '.join(UNITS)}")
    keywords = meta["keywords"]
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise IndicatorError(f"{doc_id}: 'keywords' must be a list of words")
    body = re.sub(r"^#.*$", "", match.group(2), flags=re.M).strip()
    fields: dict = {f: (meta[f] if f == "keywords" else " ".join(str(meta[f]).split())) for f in FIELDS}
    return Indicator(
        doc_id,
        **fields,
        note=" ".join(body.split()),
    )


def load_indicators(folder: Path, root: Path | None = None) -> tuple[list[Indicator], list[str]]:
    """Every usable indicator in ``folder`` and one problem line per unusable file."""
    folder = Path(folder)
    root = Path(root or folder.parent)
    indicators, problems = [], []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        try:
            indicators.append(parse_indicator(path, root))
        except (IndicatorError, OSError, UnicodeDecodeError) as exc:
            problems.append(str(exc))
    return indicators, problems


class IndicatorLibrary:
    """Suggests indicators for a leader's service and problem."""

    def __init__(self, folder: Path, embeddings, root: Path | None = None):
        self.folder = Path(folder)
        self.root = root
        self.embeddings = embeddings
        self._lock = threading.Lock()
        self._loaded: tuple[list[Indicator], object] | None = None
        self.problems: list[str] = []

    def _load(self):
        with self._lock:
            if self._loaded is None:
                import numpy as np

                indicators, self.problems = load_indicators(self.folder, self.root)
                vectors = np.asarray(
                    self.embeddings.embed_documents([i.profile() for i in indicators]) if indicators else [],
                    dtype="float32",
                )
                self._loaded = (indicators, vectors)
            return self._loaded

    @property
    def indicators(self) -> list[Indicator]:
        return self._load()[0]

    def suggest(self, text: str, k: int = 3, floor: float = 0.25, margin: float = 1.0) -> list[tuple[Indicator, float]]:
        """The ``k`` indicators closest to ``text`` with a cosine similarity of at least ``floor``;
        one from another domain than the closest indicator's only within ``margin`` of it. A few
        indicators, such as children in need, are near many services' words: well behind the best
        match and outside its domain, they are seldom the leader's measure."""
        import numpy as np

        indicators, vectors = self._load()
        if not indicators or not text.strip():
            return []
        query = np.asarray(self.embeddings.embed_query(text), dtype="float32")
        scores = vectors @ query / (np.linalg.norm(vectors, axis=1) * (np.linalg.norm(query) or 1.0) + 1e-9)
        order = np.argsort(-scores)[:k]
        best, domain = float(scores[order[0]]), indicators[order[0]].domain
        return [
            (indicators[i], float(scores[i]))
            for i in order
            if scores[i] >= floor and (scores[i] >= best - margin or indicators[i].domain == domain)
        ]
