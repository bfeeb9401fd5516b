"""The plan document: a session's sections assembled, exported to Markdown or DOCX."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

from .review import RUBRIC_TITLES


def _ordered(sections, workflows: dict | None):
    """Sections in the registry's order (unknown workflows last)."""
    rank = {name: i for i, name in enumerate(workflows or {})}
    return sorted(sections, key=lambda s: (rank.get(s.workflow, len(rank)), s.workflow))


def _heading(section, workflows: dict | None) -> str:
    flow = (workflows or {}).get(section.workflow)
    return flow.section_title if flow else section.workflow.replace("-", " ").replace("_", " ").capitalize()


def _rubric_title(section, workflows: dict | None) -> str:
    flow = (workflows or {}).get(section.workflow)
    return RUBRIC_TITLES.get(flow.rubric if flow else section.workflow, "planning")


def _sources(section) -> list[str]:
    seen, lines = set(), []
    for c in section.citations:
        key = (c.get("n"), c.get("doc_id"))
        if key in seen:
            continue
        seen.add(key)
        lines.append(f"[{c.get('n')}] {c.get('title')} — {c.get('section')} ({c.get('doc_id')})")
    return lines


def plan_markdown(title: str, sections, workflows: dict | None = None) -> str:
    today = datetime.now(UTC).date().isoformat()
    out = [f"# {title or 'Strategic plan'}", "", f"_Prepared with Strategy Coach on {today}._", ""]
    if not sections:
        out.append("No sections yet: finish a task in the coach and say 'done' to add it here.")
    for section in _ordered(sections, workflows):
        out += [f"## {_heading(section, workflows)}", "", section.content.strip(), ""]
        sources = _sources(section)
        if sources:
            out += ["**Sources**", ""] + [f"- {s}" for s in sources] + [""]
        card = section.scorecard or {}
        if card.get("checks"):
            rubric = _rubric_title(section, workflows)
            out += [
                f"**Review against the {rubric} checklist: {card.get('score', 0):.0%}**",
                "",
                "| Check | Result | Advice |",
                "|---|---|---|",
            ]
            for check in card["checks"]:
                advice = str(check["advice"]).replace("|", "\\|")
                out.append(
                    f"| {check['name'].replace('_', ' ')} | {'pass' if check['passed'] else 'fail'} | {advice} |"
                )
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def plan_docx(title: str, sections, workflows: dict | None = None) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading(title or "Strategic plan", level=0)
    document.add_paragraph(f"Prepared with Strategy Coach on {datetime.now(UTC).date().isoformat()}.")
    if not sections:
        document.add_paragraph("No sections yet.")
    for section in _ordered(sections, workflows):
        document.add_heading(_heading(section, workflows), level=1)
        for block in re.split(r"\n\s*\n", section.content.strip()):
            for line in block.splitlines():
                line = line.strip()
                if not line:
                    continue
                if re.match(r"^[-*•]\s+", line):
                    document.add_paragraph(re.sub(r"^[-*•]\s+", "", line), style="List Bullet")
                elif re.match(r"^\d+[.)]\s+", line):
                    document.add_paragraph(re.sub(r"^\d+[.)]\s+", "", line), style="List Number")
                else:
                    document.add_paragraph(line.lstrip("#").strip())
        sources = _sources(section)
        if sources:
            document.add_heading("Sources", level=2)
            for source in sources:
                document.add_paragraph(source, style="List Bullet")
        card = section.scorecard or {}
        if card.get("checks"):
            document.add_heading(f"Review: {card.get('score', 0):.0%} of checks pass", level=2)
            table = document.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, ("Check", "Result", "Advice"), strict=True):
                cell.text = text
            for check in card["checks"]:
                row = table.add_row().cells
                row[0].text = check["name"].replace("_", " ")
                row[1].text = "pass" if check["passed"] else "fail"
                row[2].text = str(check["advice"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


FORMATS = ("md", "docx")


def render_plan(fmt: str, title: str, sections, workflows: dict | None = None) -> bytes:
    """The plan document as bytes in ``fmt`` (``md`` or ``docx``); ``workflows`` (the registry)
    gives each section its title and order."""
    if fmt == "md":
        return plan_markdown(title, sections, workflows).encode("utf-8")
    if fmt == "docx":
        return plan_docx(title, sections, workflows)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not '{fmt}'")


def write_plan(
    store, session_id: str, fmt: str, path: Path | None = None, workflows: dict | None = None
) -> tuple[Path, int]:
    """Write a session's plan document to ``path`` (default ``plan-<id>.<fmt>`` here); returns
    the path and the number of sections. Raises ``SessionNotFound`` for an unknown session."""
    record = store.get(session_id)
    sections = store.plan(session_id)
    path = path or Path(f"plan-{session_id[:8]}.{fmt}")
    path.write_bytes(render_plan(fmt, record.title, sections, workflows))
    return path, len(sections)
