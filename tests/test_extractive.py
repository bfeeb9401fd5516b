"""Extractive answers and the sentence checks on generated ones, without a model or an index."""

from __future__ import annotations

import numpy as np
import pytest

from assistant import extractive
from assistant.grounding import check_sentences, checked_answer

PASSAGE_1 = """## Participatory budgeting

Paris set aside part of its investment budget for projects proposed and chosen by residents.
Residents submit ideas online, officials check their feasibility and cost, and then everyone can vote.
This built trust because the winning projects were delivered and tracked in public.

- **Ring-fence** a share of the capital budget before inviting ideas.
"""

PASSAGE_2 = """Porto Alegre began participatory budgeting in 1989 with neighbourhood assemblies.
What will residents be able to decide?
See https://example.org for the full report.
The following steps matter:
"""


def unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    return v / np.linalg.norm(v)


def test_candidates_keep_statements_and_strip_markup():
    items = extractive.candidates([(1, PASSAGE_1), (2, PASSAGE_2)])
    texts = [c.text for c in items]
    assert "Paris set aside part of its investment budget for projects proposed and chosen by residents." in texts
    assert "Ring-fence a share of the capital budget before inviting ideas." in texts  # bullet and bold removed
    assert not any(t.startswith("#") or t.endswith(("?", ":")) or "http" in t for t in texts)
    assert {c.passage for c in items} == {1, 2}
    positions = [c.position for c in items if c.passage == 1]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)


def test_questions_come_only_from_question_sections():
    sections = [
        (
            "a.md",
            "Questions to ask yourself",
            "- Who decides what, and how will you show it?\n- Short?\nSome statement.\n- Is a 5% share of the budget "
            "enough?",
        ),
        (
            "b.md",
            "Partnership strategy > Questions to ask about your own plan",
            "1. Which partner holds the data you need?",
        ),
        ("c.md", "Governance", "Who chairs the steering group and why?"),
    ]
    assert extractive.questions(sections) == [
        ("a.md", "Who decides what, and how will you show it?"),
        ("b.md", "Which partner holds the data you need?"),
    ]


def test_select_prefers_relevance_and_skips_near_duplicates_and_far_below_the_best():
    items = [extractive.Candidate(f"s{i}", passage=1, position=i) for i in range(4)]
    query = unit(1, 0, 0)
    vectors = np.stack([unit(1, 0.05, 0), unit(1, 0.06, 0), unit(0.8, 0.6, 0), unit(0, 0, 1)])
    chosen = extractive.select(items, vectors, query, {1: 1.0}, k=3)
    assert chosen[0] == 0
    assert 1 not in chosen  # a near-duplicate of the first
    assert 3 not in chosen  # unrelated to the question: below the spread floor
    assert 2 in chosen


def test_select_weighs_the_passage_relevance():
    items = [extractive.Candidate("a", passage=1, position=1), extractive.Candidate("b", passage=2, position=1)]
    query = unit(1, 0)
    vectors = np.stack([unit(1, 0.1), unit(1, 0.12)])
    assert extractive.select(items, vectors, query, {1: 0.2, 2: 0.8}, k=1) == [1]


def test_select_prefers_the_concrete_of_two_equally_close_sentences():
    items = [extractive.Candidate("a", passage=1, position=1), extractive.Candidate("b", passage=1, position=2)]
    query = unit(1, 0)
    vectors = np.stack([unit(1, 0.1), unit(1, 0.12)])
    assert extractive.select(items, vectors, query, {1: 0.5}, k=1) == [0]
    assert extractive.select(items, vectors, query, {1: 0.5}, k=1, concrete=np.array([0.1, 0.9])) == [1]


def test_the_specificity_model_reads_a_sentence_with_figures_as_more_concrete_than_a_general_remark():
    """The score behind ``concrete`` in an extractive answer (the bundled specificity examples)."""
    from assistant import specificity

    general = "Good objectives matter a great deal and help everyone focus on what is important."
    concrete = "Cut missed bin collections from 4.1 to 2.5 per 1,000 by March 2027, measured monthly."
    p_vague = specificity.model().p_vague([general, concrete])
    assert p_vague[1] < 0.5 < p_vague[0]


def test_a_sentence_that_refers_back_brings_the_one_before_it():
    items = extractive.candidates([(1, PASSAGE_1)])
    this = next(i for i, c in enumerate(items) if c.text.startswith("This built trust"))
    chosen = extractive.with_antecedents(items, [this], limit=2)
    assert len(chosen) == 2 and items[chosen[1]].text.startswith("Residents submit ideas")
    assert extractive.with_antecedents(items, [this], limit=1) == [this]
    linked = extractive.candidates(
        [(1, "Teams need not adopt the design system at once. In fact, it was designed to be adopted in steps.")]
    )
    assert extractive.with_antecedents(linked, [1], limit=2) == [1, 0]


def test_the_passage_of_the_best_sentence_comes_first_each_in_reading_order_and_cited():
    items = [
        extractive.Candidate("Second point of passage two.", 2, 2, relevance=0.7),
        extractive.Candidate("First point of passage one.", 1, 1, relevance=0.6),
        extractive.Candidate("First point of passage two.", 2, 1, relevance=0.5),
    ]
    text, cited = extractive.compose(extractive.ordered(items, [0, 1, 2]))
    assert text == "First point of passage two [2]. Second point of passage two [2].\n\nFirst point of passage one [1]."
    assert cited == [2, 1]


def test_cite_keeps_closing_punctuation_and_quotes():
    assert extractive.cite('They called it "the people\'s budget."', 3) == 'They called it "the people\'s budget [3]."'
    assert extractive.cite("No full stop", 1) == "No full stop [1]."


def test_follow_up_prefers_the_quoted_documents_and_needs_a_close_enough_question():
    pool = [
        ("a.md", "Which residents are missing from your engagement so far?"),
        ("b.md", "How will partners share data?"),
    ]
    vectors = np.stack([unit(1, 0), unit(0, 1)])
    assert extractive.follow_up(pool, vectors, unit(0.2, 1)) == "How will partners share data?"
    assert (
        extractive.follow_up(pool, vectors, unit(0.7, 1), prefer={"a.md"})
        == "Which residents are missing from your engagement so far?"
    )
    assert (
        extractive.follow_up(pool, vectors, unit(-0.5, 1), prefer={"a.md"}, floor=0.2)
        == "How will partners share data?"
    )
    assert extractive.follow_up(pool, vectors, unit(-1, -1), floor=0.2) is None
    assert extractive.follow_up([], np.zeros((0, 2)), unit(1, 0)) is None


# --- checks on generated sentences --------------------------------------------------------------

SOURCES = {
    1: "Paris set aside about a twentieth of its investment budget for projects that residents proposed "
    "and voted on between 2014 and 2020.",
    2: "Porto Alegre began participatory budgeting in 1989 with neighbourhood assemblies that set spending priorities.",
}


def test_a_supported_sentence_is_kept():
    [check] = check_sentences(
        "Paris set aside part of its investment budget for projects residents voted on [1].", SOURCES
    )
    assert check.kept and check.checked


def test_a_sentence_its_cited_passage_does_not_support_is_dropped():
    [check] = check_sentences("Porto Alegre began participatory budgeting with neighbourhood assemblies [1].", SOURCES)
    assert not check.kept and "not supported" in check.reason


def test_a_figure_or_year_not_in_the_passage_is_dropped():
    [check] = check_sentences(
        "Paris set aside 80% of its investment budget for projects residents voted on [1].", SOURCES
    )
    assert not check.kept and "figure" in check.reason
    [year] = check_sentences(
        "Porto Alegre began participatory budgeting in 1995 with neighbourhood assemblies [2].", SOURCES
    )
    assert not year.kept
    [asked] = check_sentences(
        "Paris set aside 80% of its investment budget for projects residents voted on [1].",
        SOURCES,
        question="Is 80% of the budget realistic?",
    )
    assert asked.kept  # the leader's own figure may be repeated


def test_a_name_not_in_the_passage_is_dropped():
    [check] = check_sentences(
        "The city of Madrid set aside part of its investment budget for projects residents voted on [1].", SOURCES
    )
    assert not check.kept and "Madrid" in check.reason


def test_uncited_advice_is_kept_but_not_an_uncited_fact():
    advice, fact = check_sentences(
        "Think about who decides and how you will report back to residents. "
        "Lisbon gave residents 30% of the capital budget.",
        SOURCES,
    )
    assert advice.kept
    assert not fact.kept


def test_short_sentences_and_questions_back_are_not_judged():
    checks = check_sentences("Good question. What will residents decide in your city?", SOURCES)
    assert all(c.kept and not c.checked for c in checks)


def test_checked_answer_removes_only_failing_sentences_and_keeps_lines():
    text = (
        "Paris set aside part of its investment budget for projects residents voted on [1].\n"
        "- Madrid did the same with 90% of its budget [2].\n"
        "- Porto Alegre began participatory budgeting in 1989 [2]."
    )
    kept, checks = checked_answer(text, SOURCES)
    assert [c.kept for c in checks] == [True, False, True]
    assert kept.splitlines() == [
        "Paris set aside part of its investment budget for projects residents voted on [1].",
        "- Porto Alegre began participatory budgeting in 1989 [2].",
    ]


def test_a_list_under_a_lead_in_is_quoted_as_one_statement():
    text = (
        "An agreement should cover:\n\n- each partner's contributions;\n- **roles** and responsibilities;\n- an exit "
        "strategy.\n\n"
        "Revisit the agreement when partners join or leave."
    )
    texts = [c.text for c in extractive.candidates([(1, text)])]
    assert texts == [
        "An agreement should cover: each partner's contributions; roles and responsibilities; an exit strategy.",
        "Revisit the agreement when partners join or leave.",
    ]


def test_a_wrapped_paragraph_is_quoted_as_whole_sentences():
    """Sites wrap Markdown paragraphs at a line width; a quote is the sentence, never the part of it
    on one line. A hard break (two trailing spaces or a backslash) still ends the line."""
    text = (
        "Councils should test the service with residents before\n"
        "they commit to a supplier, and keep testing\nafter launch. Small teams of five to ten\n"
        "people are often more productive than larger ones.\n\n"
        "Real people will use your product  \nPrioritise features for users over everyone else.\\\n"
        "Ask for their feedback early and often.\n"
        "- test with five users\n  in each round of research\n"
    )
    texts = [c.text for c in extractive.candidates([(1, text)])]
    assert texts == [
        "Councils should test the service with residents before they commit to a supplier, and keep testing "
        "after launch.",
        "Small teams of five to ten people are often more productive than larger ones.",
        "Prioritise features for users over everyone else.",
        "Ask for their feedback early and often.",
        "test with five users in each round of research",
    ]


def test_abbreviations_do_not_end_a_sentence():
    from assistant.grounding import split_sentences

    text = (
        "Agencies need not adopt the U.S. Web Design System at once, e.g. Fig. 2 shows one step. "
        "See p. 4 and No. 10 Downing Street, i.e. the centre. Dr. Ng agreed. It worked."
    )
    assert split_sentences(text) == [
        "Agencies need not adopt the U.S. Web Design System at once, e.g. Fig. 2 shows one step.",
        "See p. 4 and No. 10 Downing Street, i.e. the centre.",
        "Dr. Ng agreed.",
        "It worked.",
    ]


def test_a_title_line_is_not_quoted_as_a_statement():
    """A line with no closing punctuation outside a list is a title or a label, not a statement."""
    text = (
        "National Archives and Records Administration\n\n"
        "Improving Content, Increasing Participation - Usability Case Study\n\n"
        "The archive sorted its pages by topic, not by department."
    )
    assert [c.text for c in extractive.candidates([(1, text)])] == [
        "The archive sorted its pages by topic, not by department."
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "This module covers three change models, the difference between briefing and consulting, and unions.",
        "This case study describes how the city ran its participatory budget for six years.",
        "In this section we look at the main risks of partnering with a private company.",
    ],
)
def test_a_sentence_about_the_document_itself_is_not_quoted(sentence):
    from assistant.extractive import quotable

    assert not quotable(sentence)
    assert quotable("This cut waiting times by a third in the first year of the trial.")
