"""The workflow registry: a new YAML file appears everywhere without a code change; bad files are named."""

from __future__ import annotations

import shutil

import pytest

from assistant.prompts import PromptError
from assistant.workflows import load_workflows
from tests.conftest import REPO, write

NEW_WORKFLOW = """
name: risk-appetite
title: risk appetite statement
section_title: Risk appetite statement
themes: [strategy]
rubric: innovation
questions:
  - key: challenge
    label: The risk we face
    ask: "Which risk are you deciding how much of to accept?"
    expects: [substance]
  - key: measures
    label: Tolerance and triggers
    ask: "What would you measure, and what result would make you stop?"
    expects: [measure_word, decision_rule]
"""


@pytest.fixture
def prompts_with_a_new_workflow(tmp_path):
    folder = tmp_path / "prompts"
    shutil.copytree(REPO / "prompts", folder)
    write(folder / "workflows" / "risk-appetite.yaml", NEW_WORKFLOW)
    return folder


def test_bundled_workflows_load_in_plan_order():
    assert list(load_workflows(REPO / "prompts" / "workflows")) == [
        "objectives",
        "partnership",
        "engagement",
        "innovation",
        "digital",
    ]


@pytest.mark.parametrize(
    "text, problem",
    [
        (
            "name: x\ntitle: x\nsection_title: X\nthemes: []\nrubric: nope\nquestions: [{key: a, ask: b}]\n",
            "unknown rubric 'nope'",
        ),
        (
            "name: x\ntitle: x\nsection_title: X\nthemes: []\nrubric: digital\nquestions: [{key: a, ask: b, expects: "
            "[vibes]}]\n",
            "unknown validator(s) vibes",
        ),
        ("name: x\ntitle: x\nsection_title: X\nthemes: []\nrubric: digital\nquestions: []\n", "at least one question"),
        ("name: x\ntitle: x\nthemes: []\nrubric: digital\nquestions: [{key: a, ask: b}]\n", "missing section_title"),
        ("name: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_bad_workflow_file_is_named_with_its_problem(tmp_path, text, problem):
    write(tmp_path / "bad.yaml", text)
    with pytest.raises(PromptError, match="bad.yaml") as error:
        load_workflows(tmp_path)
    assert problem in str(error.value)


@pytest.mark.slow
def test_a_new_workflow_yaml_appears_everywhere(prompts_with_a_new_workflow, make_components):
    from assistant.app import CoachApp
    from assistant.evaluation import load_cases
    from assistant.export import plan_markdown
    from assistant.llm import FakeChatModel

    components = make_components(prompts_dir=prompts_with_a_new_workflow, llm="fake")
    components.llm  # noqa: B018 (built before the override below)
    assert list(components.workflows)[-1] == "risk-appetite"
    assert CoachApp(components).tasks["Risk appetite statement"] == "risk-appetite"
    coach = components.coach
    session_id, opening = coach.start("risk-appetite")
    assert "Which risk" in opening
    coach.turn(session_id, "A cyber attack on the payments system that stops benefit payments")
    coach.turn(session_id, "We measure hours of outage; over 24 hours in a quarter and we stop the pilot")
    saved = coach.turn(session_id, "done")
    assert saved.kind == "saved"
    plan = components.sessions.plan(session_id)
    assert "## Risk appetite statement" in plan_markdown("Plan", plan, components.workflows)
    cases = write(
        prompts_with_a_new_workflow.parent / "cases.yaml",
        "- id: r1\n  workflow: risk-appetite\n  turns: ['skip', 'skip', 'done']\n",
    )
    assert load_cases([cases], workflows=components.workflows)[0].workflow == "risk-appetite"
    assert isinstance(components.llm, FakeChatModel)
