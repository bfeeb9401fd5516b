"""Scripted conversations in the eval suite: a leader's turns replayed through the real coach.

A conversation case plays its ``turns`` in its workflow and checks the plan section saved at the
end: the patterns it must and must not contain, its rubric score, the follow-up questions the
coach asked, model debris (prompt echoes, repeated lines, the leader's vague answers pasted in),
numbers that come from neither the leader nor a cited passage, and whether the suggested case
studies are among the relevant ones.
"""

from __future__ import annotations

import re
import time

from .drafting import debris, unsupported_numbers
from .metrics import mean
from .slots import is_vague

CONTROL = re.compile(r"^\s*(skip|draft|done|next|pass)\b", re.I)


def pasted_vagueness(section: str, turns: list[str]) -> list[str]:
    """The leader's vague answers that appear word for word in the section."""
    flat = " ".join(section.lower().split())
    found = []
    for turn in turns:
        text = " ".join(turn.lower().split()).strip(" .!?")
        if len(text) >= 6 and not CONTROL.match(text) and is_vague(turn) and text in flat:
            found.append(f"raw answer: {turn.strip()[:60]}")
    return found


def run_conversation(components, case) -> dict:
    """Play one conversation case; the row for ``report.json``."""
    coach, store = components.coach, components.sessions
    flow = components.workflows[case.workflow]
    started = time.perf_counter()
    session_id, _ = coach.start(case.workflow)
    replies = [coach.turn(session_id, turn) for turn in case.turns]
    sections = {s.workflow: s for s in store.plan(session_id)}
    section = sections.get(case.workflow)
    content = section.content if section else ""
    citations = section.citations if section else []
    probes = sum(1 for a in replies if a.kind == "probe")
    suggested = [c["doc_id"] for c in citations if not c["doc_id"].startswith("indicators/")]
    found_debris = (debris(content, case.turns) + pasted_vagueness(content, case.turns)) if content else []
    unsupported = (
        unsupported_numbers(content, [*case.turns, *(c.get("text", "") for c in citations)]) if content else []
    )
    rubric = coach.review_draft(flow, content).score if content.strip() else 0.0  # the scorecard the leader saw
    failures = []
    if section is None:
        failures.append("the conversation did not end with a saved section")
    failures += [f"missing /{p}/" for p in case.must_include if not re.search(p, content, re.I)]
    failures += [f"contains /{p}/" for p in case.must_not_include if re.search(p, content, re.I)]
    if case.min_rubric is not None and rubric < case.min_rubric:
        failures.append(f"rubric {rubric:.2f} < {case.min_rubric}")
    if probes < case.min_probes:
        failures.append(f"{probes} follow-up question(s), expected at least {case.min_probes}")
    failures += found_debris
    failures += [f"unsupported number {n}" for n in unsupported]
    relevant = [d for d in suggested if d in case.expected_sources]
    if suggested and len(relevant) < len(suggested):
        failures.append(
            f"suggested irrelevant case(s): {', '.join(d for d in suggested if d not in case.expected_sources)}"
        )
    return {
        "id": case.id,
        "tags": case.tags,
        "question": case.turns[0],
        "persona": case.persona,
        "workflow": case.workflow,
        "retrieved": suggested,
        "passed": not failures,
        "failures": failures,
        "answer": content,
        "latency_s": round(time.perf_counter() - started, 3),
        "conversation": {
            "completed": section is not None,
            "rubric": rubric,
            "probes": probes,
            "debris": len(found_debris),
            "unsupported_numbers": len(unsupported),
            "suggested": suggested,
            "relevant": len(relevant),
            "expected": len(case.expected_sources),
            "found": len(set(relevant)),
        },
        "transcript": [{"leader": t, "coach": a.answer} for t, a in zip(case.turns, replies, strict=False)],
    }


def conversation_summary(rows: list[dict]) -> dict | None:
    """``summary.conversations``: completion, rubric, probes, debris, unsupported numbers, relevance."""
    convs = [r for r in rows if "conversation" in r]
    if not convs:
        return None
    c = [r["conversation"] for r in convs]
    suggested = sum(len(x["suggested"]) for x in c)
    expected = sum(x["expected"] for x in c)
    precise = [
        x["rubric"]
        for r, x in zip(convs, c, strict=True)
        if r["persona"] in ("precise", "ministry", "editor", "questioner")
    ]
    return {
        "cases": len(convs),
        "pass_rate": mean([1.0 if r["passed"] else 0.0 for r in convs]),
        "completion": mean([1.0 if x["completed"] else 0.0 for x in c]),
        "rubric_mean": mean([x["rubric"] for x in c]),
        "rubric_mean_precise": mean(precise),
        "probes_mean": mean([float(x["probes"]) for x in c]),
        "debris": sum(x["debris"] for x in c),
        "unsupported_numbers": sum(x["unsupported_numbers"] for x in c),
        "case_relevance": round(sum(x["relevant"] for x in c) / suggested, 4) if suggested else None,
        "case_recall": round(sum(x["found"] for x in c) / expected, 4) if expected else None,
    }
