"""Citation clean-up, repeated lines, attribution and the groundedness definition."""

from __future__ import annotations

from assistant.grounding import clean_answer, groundedness, support

PASSAGES = [
    "Paris reserved 30 percent of its participatory budget for working-class neighbourhoods.",
    "Porto Alegre started participatory budgeting in 1989 across 17 regions.",
]


def test_normalises_forms_and_drops_numbers_not_retrieved():
    result = clean_answer("Paris set money aside [Document 1]. Porto Alegre began in 1989 [2, 7]. See [9].", PASSAGES)
    assert result.text == "Paris set money aside [1]. Porto Alegre began in 1989 [2]. See."
    assert result.cited == [1, 2]
    assert result.dropped == 2


def test_removes_repeated_sentences_and_lines():
    raw = (
        "Start with the decision at stake [1].\nStart with the decision at stake [1].\nThen choose a method. Then "
        "choose a method."
    )
    assert clean_answer(raw, PASSAGES).text == "Start with the decision at stake [1].\nThen choose a method."


def test_attributes_supported_sentences_when_the_model_cited_nothing():
    raw = "Paris reserved 30 percent of the participatory budget for working-class neighbourhoods. Be bold."
    result = clean_answer(raw, PASSAGES)
    assert result.attributed and result.cited == [1]
    assert result.text.startswith(
        "Paris reserved 30 percent of the participatory budget for working-class neighbourhoods [1]."
    )
    assert clean_answer("Write clear objectives with owners.", PASSAGES).cited == []


def test_support_and_groundedness():
    score, shared = support("Porto Alegre began participatory budgeting in 1989.", PASSAGES[1])
    assert shared >= 4 and score > 0.7
    passages = {1: PASSAGES[0], 2: PASSAGES[1]}
    assert groundedness("Porto Alegre started participatory budgeting in 1989 [2].", passages) == 1.0
    assert groundedness("Porto Alegre started participatory budgeting in 1989 [1].", passages) == 0.0  # wrong citation
    assert groundedness("Seoul built a voting app for smartphones in 2013 [1]. What next?", passages) == 0.0
    assert groundedness("What is your baseline?", passages) == 0.0  # nothing checkable counts for nothing


def test_echoes_of_the_question_are_removed():
    question = "How can residents decide how part of the city budget is spent?"
    raw = (
        "Question: How can residents decide how part of the city budget is spent? Paris reserved 30 percent for "
        "working-class neighbourhoods."
    )
    result = clean_answer(raw, PASSAGES, echo_of=[question])
    assert result.text.startswith("Paris reserved 30 percent")
    assert (
        clean_answer("Use a stakeholder map [1].", PASSAGES, echo_of=["How do I map stakeholders?"]).text
        == "Use a stakeholder map [1]."
    )


def test_echoed_document_markup_is_removed():
    raw = (
        'The answer is: <document n="2" title="Porto Alegre" section="Context"> '
        "Porto Alegre started in 1989.</document>"
    )
    result = clean_answer(raw, PASSAGES)
    assert "<document" not in result.text and "</document>" not in result.text
    assert result.dropped == 0 and "Porto Alegre started in 1989" in result.text
