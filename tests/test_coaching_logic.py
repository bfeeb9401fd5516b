"""The coaching engine's logic, fast: the tests of test_coach.py that are about the engine's
plumbing and rules run here again on the in-memory retriever (tests/memory.py: hashing
embeddings and a dict vector store under the real index, BM25, fusion, guard and coach), with a
fresh SQLite session store each. The real embedding model runs the whole of test_coach.py as an
integration test (marked slow); answer quality is measured by the eval suite."""

from __future__ import annotations

import pytest

from assistant.sessions import SessionStore
from tests import test_coach

# Tests that measure what the real embedding model finds, not the engine's rules.
SEMANTIC = {
    "test_nothing_relevant_coaches_without_case_facts",
    "test_a_borderline_free_question_gets_a_clarifying_question_unless_the_material_covers_it",
    "test_objectives_workflow_asks_probes_drafts_critiques_and_saves",  # the indicator the service's words find
    "test_model_rewrite_is_kept_only_when_it_passes_the_checks",  # the indicator the service's words find
    "test_an_unsafe_message_mid_interview_is_declined_and_the_interview_waits",  # the classifier's category
    "test_an_answer_that_holds_what_the_question_asks_is_taken_whatever_its_other_words",  # what it would decline
    "test_a_change_to_the_draft_is_made_whatever_its_other_words",  # what it would decline
    "test_a_question_about_the_coach_on_the_side_gets_its_help_answer_and_the_task_goes_on",  # help by meaning
    "test_a_question_off_the_subject_on_the_side_is_left_with_a_word_and_the_task_goes_on",  # the category
    "test_a_question_about_the_coach_is_answered_in_free_questions_and_an_unsafe_one_is_still_declined",  # help
    "test_a_question_about_the_coach_asked_before_the_answer_gets_its_answer_with_the_next_question",  # help
    "test_a_planning_question_asked_before_the_answer_is_answered_from_the_material_then_the_next_question",  # found
    "test_a_leader_pointing_back_to_an_answer_given_already_is_not_declined",  # what the classifier would decline
}

# Tests that index their own small corpus with the real model (make_components).
OWN_INDEX = {"test_poisoned_document_stays_data", "test_an_instruction_planted_in_a_document_is_never_quoted"}

for _name in dir(test_coach):
    if _name.startswith("test_") and _name not in SEMANTIC | OWN_INDEX:
        globals()[_name] = getattr(test_coach, _name)


@pytest.fixture
def bundled(memory_index, tmp_path):
    """The in-memory bundled index with this test's own session store."""
    return memory_index.derive(sessions=SessionStore(f"sqlite:///{tmp_path / 'sessions.db'}"))
