"""The plan document in Markdown and DOCX."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import docx

from assistant.export import plan_docx, plan_markdown
from assistant.review import review
from assistant.sessions import PlanSection
from assistant.workflows import load_workflows
from tests.conftest import REPO

WORKFLOWS = load_workflows(REPO / "prompts" / "workflows")

GOOD = "Cut missed household bin collections from 4.1 to 1.5 per 1,000 by March 2027, in support of SDG 11.6"


def sections():
    now = datetime.now(UTC)
    return [
        PlanSection(
            "engagement",
            "Purpose: choose parks.\n- Level: consult",
            review("Purpose: choose parks. Level: consult", "engagement").as_dict(),
            [],
            now,
        ),
        PlanSection(
            "objectives",
            GOOD,
            review(GOOD, "objectives").as_dict(),
            [{"n": 1, "doc_id": "programme/writing-objectives.md", "title": "Writing objectives", "section": "SMART"}],
            now,
        ),
    ]


def test_markdown_orders_sections_and_lists_sources_and_scorecards():
    text = plan_markdown("Waste plan", sections(), WORKFLOWS)
    assert text.startswith("# Waste plan")
    assert text.index("## Strategic objectives") < text.index("## Citizen-engagement plan")
    assert "[1] Writing objectives — SMART (programme/writing-objectives.md)" in text
    assert "| measurable | pass |" in text and "100%" in text
    assert "No sections yet" in plan_markdown("Empty", [])
    assert "## Engagement" in plan_markdown(
        "Without the registry", sections()
    )  # a section of an unknown workflow keeps its name


def test_docx_opens_with_python_docx():
    document = docx.Document(io.BytesIO(plan_docx("Waste plan", sections(), WORKFLOWS)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Waste plan"
    assert "Strategic objectives" in texts and "Citizen-engagement plan" in texts
    assert GOOD in texts
    assert len(document.tables) == 2
    assert document.tables[0].rows[0].cells[0].text == "Check"
