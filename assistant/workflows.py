"""Coaching workflows, defined as data in ``prompts/workflows/*.yaml``.

A workflow names the questions a facilitator would ask (one at a time), the plan section it
fills, the themes it retrieves from and the rubric its drafts are reviewed with.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

from .prompts import PromptError

ORDER = ("objectives", "partnership", "engagement", "innovation", "digital")


@dataclass
class Question:
    key: str
    ask: str


@dataclass
class Workflow:
    name: str
    title: str
    section_title: str
    description: str
    themes: list[str]
    rubric: str
    questions: list[Question]
    draft_instructions: str
    draft_template: str = ""
    retrieval_hint: str = ""
    stages: list[str] = field(default_factory=lambda: ["understand", "draft", "critique", "refine"])


_REQUIRED = {"name", "title", "section_title", "description", "themes", "rubric", "questions", "draft_instructions", "draft_template"}


def load_workflows(folder: Path) -> dict[str, Workflow]:
    """Every workflow in ``folder``, in the plan's section order."""
    workflows: dict[str, Workflow] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise PromptError(f"{path} is not valid YAML: {exc}") from exc
        missing = _REQUIRED - set(data)
        if missing:
            raise PromptError(f"{path}: missing {', '.join(sorted(missing))}")
        questions = [Question(q["key"], q["ask"]) for q in data.pop("questions")]
        unknown = set(data) - {f.name for f in fields(Workflow)}
        if unknown:
            raise PromptError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
        workflows[data["name"]] = Workflow(questions=questions, **data)
    rank = {name: i for i, name in enumerate(ORDER)}
    return dict(sorted(workflows.items(), key=lambda item: (rank.get(item[0], len(ORDER)), item[0])))


def scaffold(flow: Workflow, answers: dict[str, str]) -> str:
    """The leader's answers laid into the workflow's draft template."""
    from string import Template

    values = {q.key: " ".join(str(answers.get(q.key, "")).split()).rstrip(".") or "(to be decided)" for q in flow.questions}
    return Template(flow.draft_template).safe_substitute(values).strip()
