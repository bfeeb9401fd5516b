"""Coaching workflows, defined as data in ``prompts/workflows/*.yaml``: the one registry.

A workflow names the questions a facilitator would ask (one at a time), what a usable answer to
each holds (``expects``: validators from :mod:`assistant.slots`), the follow-up question for each
missing element (``probes``), the placeholder kept in the draft when the leader skips, the plan
section it fills, the themes it retrieves from and the rubric its drafts are reviewed with.
Every part of the product (CLI, terminal chat, web app, export, eval cases) lists workflows from
here, so a new YAML file appears everywhere without a code change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .prompts import PromptError

# Follow-ups that are not an element an answer lacks: 'unit' is asked when a question expecting a
# number gets a count for a share or rate measure ('about 140 children' for a rate per 10,000);
# 'unmeasured' when the leader says today's figure is not known (how and by when it will be); 'name' when
# the answer is only a name and the question keeps one (``name_only``): what the name still lacks.
EXTRA_PROBES = frozenset({"unit", "unmeasured", "name"})

# The plan's section order for the bundled workflows; others follow in name order.
ORDER = ("objectives", "partnership", "engagement", "innovation", "digital")
COMPOSERS = ("objectives", "sections")


@dataclass
class Question:
    key: str
    ask: str
    label: str = ""
    expects: list[str] = field(default_factory=list)
    probes: dict[str, str] = field(default_factory=dict)
    placeholder: str = ""
    edit_example: str = ""  # an edit a leader could type for this part once it is drafted
    name_only: str = ""  # what an answer that is only a name still lacks ('priority to confirm'); kept when set

    def __post_init__(self) -> None:
        self.label = self.label or self.key.replace("_", " ").capitalize()
        self.placeholder = self.placeholder or f"{self.label.lower()} to confirm"


@dataclass
class Workflow:
    name: str
    title: str
    section_title: str
    themes: list[str]
    rubric: str
    questions: list[Question]
    composer: str = "sections"
    retrieval_hint: str = ""
    levels: dict[str, str] = field(default_factory=dict)
    # The part a partner named after the draft goes in ('add Citizens Advice as a partner'), if any.
    partners_part: str = ""

    def question(self, key: str) -> Question:
        return next(q for q in self.questions if q.key == key)

    @property
    def keys(self) -> list[str]:
        return [q.key for q in self.questions]

    @property
    def labels(self) -> list[str]:
        return [q.label for q in self.questions]

    def review(self, text: str):
        """The scorecard of a draft of this section (its own component labels count for nothing)."""
        from .review import review

        return review(text, self.rubric, self.labels, {q.label: tuple(q.expects) for q in self.questions})


_REQUIRED = {"name", "title", "section_title", "themes", "rubric", "questions"}
_OPTIONAL = {"composer", "retrieval_hint", "levels", "partners_part"}
_QUESTION_KEYS = {"key", "ask", "label", "expects", "probes", "placeholder", "edit_example", "name_only"}


def _question(raw, path: Path) -> Question:
    from .slots import VALIDATORS

    if not isinstance(raw, dict) or not {"key", "ask"} <= set(raw):
        raise PromptError(f"{path}: every question needs 'key' and 'ask'")
    unknown = set(raw) - _QUESTION_KEYS
    if unknown:
        raise PromptError(f"{path}: question '{raw['key']}': unknown key(s) {', '.join(sorted(unknown))}")
    expects = list(raw.get("expects") or [])
    probes = dict(raw.get("probes") or {})
    bad = [name for name in [*expects, *probes] if name not in VALIDATORS and name not in EXTRA_PROBES]
    if bad:
        raise PromptError(
            f"{path}: question '{raw['key']}': unknown validator(s) {', '.join(bad)}; use "
            f"{', '.join(sorted(VALIDATORS))} (probes also {', '.join(sorted(EXTRA_PROBES))})"
        )
    return Question(
        str(raw["key"]),
        str(raw["ask"]),
        str(raw.get("label") or ""),
        expects,
        probes,
        str(raw.get("placeholder") or ""),
        str(raw.get("edit_example") or ""),
        str(raw.get("name_only") or ""),
    )


def load_workflow(path: Path) -> Workflow:
    from .review import RUBRICS

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise PromptError(f"{path} is not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PromptError(f"{path}: a workflow must be a mapping")
    missing = _REQUIRED - set(data)
    if missing:
        raise PromptError(f"{path}: missing {', '.join(sorted(missing))}")
    unknown = set(data) - _REQUIRED - _OPTIONAL
    if unknown:
        raise PromptError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
    if data["rubric"] not in RUBRICS:
        raise PromptError(f"{path}: unknown rubric '{data['rubric']}'; use one of {', '.join(RUBRICS)}")
    if data.get("composer", "sections") not in COMPOSERS:
        raise PromptError(f"{path}: unknown composer '{data['composer']}'; use one of {', '.join(COMPOSERS)}")
    questions = [_question(q, path) for q in data.pop("questions") or []]
    if not questions:
        raise PromptError(f"{path}: a workflow needs at least one question")
    if data.get("partners_part") and data["partners_part"] not in {q.key for q in questions}:
        raise PromptError(f"{path}: partners_part '{data['partners_part']}' is not one of its questions' keys")
    return Workflow(questions=questions, **data)


def load_workflows(folder: Path) -> dict[str, Workflow]:
    """Every workflow in ``folder``, in the plan's section order."""
    workflows = {flow.name: flow for flow in (load_workflow(p) for p in sorted(Path(folder).glob("*.yaml")))}
    rank = {name: i for i, name in enumerate(ORDER)}
    return dict(sorted(workflows.items(), key=lambda item: (rank.get(item[0], len(ORDER)), item[0])))
