"""Leaders' own answers to each workflow question: the interview takes a full answer as complete and
the rubric does not mark that component missing, on answers written by someone who had not seen the
word patterns (``evals/component-answers/``: ``tuning.yaml`` was used to widen them,
``held-out.yaml`` was not). Plausible answers that miss the question's core are mostly still probed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.review import review
from assistant.slots import missing_elements
from assistant.workflows import load_workflows

ANSWERS = Path(__file__).resolve().parents[1] / "evals" / "component-answers"
PROMPTS = Path(__file__).resolve().parents[1] / "prompts"

# rubric check -> the workflow question that asks for it
QUESTION = {
    "partnership": {
        "shared_goal": "goal",
        "stakeholder_map": "stakeholders",
        "contributions_and_benefits": "contributions",
        "governance": "governance",
        "risks": "risks",
        "review_and_exit": "review",
    },
    "engagement": {
        "purpose_and_decision": "decision",
        "participation_level": "level",
        "who_and_recruitment": "who",
        "inclusion_and_access": "who",
        "methods_and_channels": "methods",
        "timeline": "timeline",
        "feedback_loop": "feedback",
        "evaluation": "feedback",
    },
    "innovation": {
        "challenge": "challenge",
        "hypothesis": "idea",
        "test_design": "test",
        "success_criteria": "measures",
        "scale_or_stop": "measures",
        "resources": "resources",
        "learning": "learning",
    },
    "digital": {
        "user_needs": "users",
        "whole_problem": "problem",
        "data_and_privacy": "data",
        "inclusion": "inclusion",
        "team_and_ways_of_working": "team",
        "success_measures": "success",
    },
}
# where one question asks for two components, the elements that belong to each
PART = {
    "who_and_recruitment": ["recruitment"],
    "inclusion_and_access": ["inclusion"],
    "feedback_loop": ["feedback"],
    "evaluation": ["evaluation"],
    "success_criteria": ["measure_word"],
    "scale_or_stop": ["decision_rule"],
}


def rates(name: str) -> dict[str, float]:
    flows = load_workflows(PROMPTS / "workflows")
    data = yaml.safe_load((ANSWERS / name).read_text(encoding="utf-8"))
    counts = {"interview": [0, 0], "rubric": [0, 0], "interview_incomplete": [0, 0], "rubric_incomplete": [0, 0]}
    for workflow, checks in QUESTION.items():
        questions = {q.key: q for q in flows[workflow].questions}
        for check_name, key in checks.items():
            expects = PART.get(check_name, questions[key].expects)
            for kind, suffix in (("complete", ""), ("incomplete", "_incomplete")):
                for answer in data[workflow][check_name][kind]:
                    taken = not missing_elements(answer, expects)
                    passed = next(c for c in review(answer, workflow).checks if c.name == check_name).passed
                    for measure, value in (("interview", taken), ("rubric", passed)):
                        counts[measure + suffix][0] += value
                        counts[measure + suffix][1] += 1
    return {k: hit / total for k, (hit, total) in counts.items()}


@pytest.mark.parametrize("name, bar", [("tuning.yaml", 0.95), ("held-out.yaml", 0.85)])
def test_full_answers_are_taken_and_plausible_misses_mostly_probed(name, bar):
    found = rates(name)
    assert found["interview"] >= bar and found["rubric"] >= bar, found
    assert found["interview_incomplete"] <= 0.35 and found["rubric_incomplete"] <= 0.35, found


INTERVIEW_ANSWERS = Path(__file__).resolve().parents[1] / "evals" / "interview-answers"


def interview_rates(name: str) -> dict[str, float]:
    """The share of plain, vague and incomplete answers the interview takes without a follow-up."""
    from assistant.interview import merge_answer

    flows = load_workflows(PROMPTS / "workflows")
    taken: dict[str, list[bool]] = {}
    for workflow, key, answer, label in yaml.safe_load((INTERVIEW_ANSWERS / name).read_text(encoding="utf-8")):
        question = {q.key: q for q in flows[workflow].questions}[key]
        merged = merge_answer("", answer, question.expects)
        taken.setdefault(label, []).append(bool(merged) and not missing_elements(merged, question.expects))
    return {label: sum(flags) / len(flags) for label, flags in taken.items()}


@pytest.mark.parametrize("name, plain_bar", [("tuning.yaml", 0.95), ("held-out.yaml", 0.75)])
def test_plain_answers_to_one_question_are_taken_and_vague_ones_asked_again(name, plain_bar):
    rates = interview_rates(name)
    assert rates["plain"] >= plain_bar, rates
    assert rates["vague"] <= 0.25, rates


@pytest.fixture(scope="module")
def detector(embeddings, guard_cache):
    from assistant import elements

    return elements.detector(embeddings, PROMPTS, guard_cache)


# With the element detector, as the coach runs the interview. Figures when written (plain / vague /
# incomplete taken): tuning 1.00 / 0.11, held out 0.90 / 0.00; the second set (the detector's threshold
# chosen on its tuning half) 0.98 / 0.27 / 0.40 and held out 0.98 / 0.00 / 0.07. Patterns alone: 1.00 /
# 0.22, 0.77 / 0.11, 0.90 / 0.67 / 0.40 and 0.94 / 0.27 / 0.07.
@pytest.mark.slow
@pytest.mark.parametrize(
    "name, plain_bar, vague_bar",
    [
        ("tuning.yaml", 0.95, 0.15),
        ("held-out.yaml", 0.85, 0.1),
        ("second-tuning.yaml", 0.95, 0.3),
        ("second-held-out.yaml", 0.95, 0.1),
        ("third-tuning.yaml", 0.9, 0.15),
        ("third-held-out.yaml", 0.9, 0.1),
        ("fourth-tuning.yaml", 0.9, 0.0),
        ("fourth-held-out.yaml", 0.75, 0.0),
        ("fifth-tuning.yaml", 0.9, 0.0),
        ("fifth-held-out.yaml", 0.75, 0.0),
    ],
)
def test_with_the_element_detector_plain_answers_in_new_words_are_taken(detector, name, plain_bar, vague_bar):
    from assistant import elements

    with elements.using(detector):
        rates = interview_rates(name)
    assert rates["plain"] >= plain_bar and rates.get("vague", 0.0) <= vague_bar, rates
    assert rates.get("incomplete", 0.0) <= 0.4, rates


# Full component answers taken / misses taken, with the detector: tuning 0.995 / 0.12, held out 0.969 / 0.17
# (patterns alone: 0.995 / 0.12 and 0.932 / 0.26).
@pytest.mark.slow
@pytest.mark.parametrize("name, bar", [("tuning.yaml", 0.95), ("held-out.yaml", 0.95)])
def test_with_the_element_detector_full_answers_are_taken_and_misses_probed(detector, name, bar):
    from assistant import elements

    with elements.using(detector):
        found = rates(name)
    assert found["interview"] >= bar and found["interview_incomplete"] <= 0.2, found


@pytest.mark.slow
def test_in_a_composed_draft_a_part_read_by_meaning_counts_only_under_its_own_label(detector):
    """The reader scores a bare list of partners as 'what each brings' (0.67): in a draft the coach
    composed, that list sits under the stakeholders' label, so the contributions check still fails
    while its own line is a placeholder, and passes once the line says what each brings and gets."""
    from assistant import elements

    flow = load_workflows(PROMPTS / "workflows")["partnership"]
    draft = (
        "- Shared goal: More young people from the Northfield estates in apprenticeships with local employers.\n"
        "- Stakeholders by influence and interest: the council, the college and two big employers.\n"
        "- What each partner brings and gets: [what each partner brings and gets to confirm]\n"
    )
    filled = draft.replace(
        "[what each partner brings and gets to confirm]",
        "the college offers tutors and rooms; the employers offer placements and get trained recruits.",
    )

    def contributions(text: str) -> bool:
        return {c.name: c.passed for c in flow.review(text).checks}["contributions_and_benefits"]

    with elements.using(detector):
        assert elements.recognised("contribution", "the council, the college and two big employers")
        assert not contributions(draft)
        assert contributions(filled)
