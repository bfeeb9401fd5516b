"""Questions about the coach itself (prompts/help.yaml): which questions can be one, the file's errors, and the matcher
scored on held-out questions with the real embedding model."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from assistant.help import HelpDesk, about_the_coach, asked, read_help
from assistant.prompts import PromptError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "text",
    [
        "Can I get the plan as a Word file?",
        "is this chat saved somewhere",
        "How many questions are left?",
        "Will the accents in the place names print properly?",
    ],
)
def test_questions_to_the_coach_can_be_about_it(text):
    assert about_the_coach(text)


@pytest.mark.parametrize(
    "text",
    [
        "Change the target to 15% by December 2028, can you?",  # a figure: a change to the plan
        "Should we translate the consultation into Arabic and Urdu?",  # of 'our' service only
        "Should the new service have a mobile app or just a website?",  # of the service
        "The plan should go to cabinet in Word.",  # not a question
        "",
    ],
)
def test_changes_statements_and_questions_about_our_service_are_not(text):
    assert not about_the_coach(text)


def test_the_bundled_help_file_reads_and_every_entry_has_an_answer_and_examples():
    entries, floor = read_help(ROOT / "prompts" / "help.yaml")
    assert {"export", "stored", "share", "devices", "language", "changing", "length", "about"} <= {
        e.id for e in entries
    }
    assert 0 < floor < 1 and all(e.answer and len(e.examples) >= 4 for e in entries)


def test_a_broken_help_file_names_the_file_and_the_entry(tmp_path):
    path = tmp_path / "help.yaml"
    path.write_text("entries:\n  - id: export\n    examples: ['Can I get a Word file?']\n")
    with pytest.raises(PromptError, match=r"help\.yaml: entry 1 \('export'\) needs an 'answer'"):
        read_help(path)
    path.write_text("entries: [\n")
    with pytest.raises(PromptError, match="not valid YAML"):
        read_help(path)
    assert read_help(tmp_path / "missing.yaml") == ([], 1.0)  # no file: nothing is taken as a help question


def test_coach_doctor_reads_the_help_file_and_names_it_when_broken(tmp_path, make_components):
    import shutil

    from assistant.doctor import run_checks

    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    check = next(c for c in run_checks(make_components(prompts_dir=prompts)) if c.name == "prompts")
    assert check.ok and "5 workflows" in check.detail and "8 help entries" in check.detail
    (prompts / "help.yaml").write_text("entries:\n  - id: export\n    examples: ['Can I get a Word file?']\n")
    check = next(c for c in run_checks(make_components(prompts_dir=prompts)) if c.name == "prompts")
    assert not check.ok and "help.yaml" in check.detail and "needs an 'answer'" in check.detail


@pytest.mark.slow
def test_held_out_questions_about_the_coach_get_the_right_answer_and_planning_questions_none(embeddings):
    """tests/data/help_heldout.yaml was written before the matcher and is not used to choose its floor. Measured when
    the floor was chosen (0.5): 15 of the 21 questions about the coach answered by the right entry (guard aside), and
    none of the 18 planning and off-topic questions given a help answer."""
    desk = HelpDesk(ROOT / "prompts" / "help.yaml", embeddings)
    cases = yaml.safe_load((ROOT / "tests" / "data" / "help_heldout.yaml").read_text())
    matched = [(case["entry"], getattr(desk.match(case["text"]), "id", None)) for case in cases]
    about = [(want, got) for want, got in matched if want]
    assert sum(want == got for want, got in about) >= 0.6 * len(about)
    assert [got for want, got in matched if not want and got] == []


def test_what_leads_into_a_question_asked_in_passing_is_left_out():
    assert asked("Quick question before I answer: can I open this on my phone later?") == (
        "can I open this on my phone later?"
    )
    assert asked("One more thing on the side - will the accents print properly?") == "will the accents print properly?"
    assert asked("By the way, before I forget - is this chat kept?") == "is this chat kept?"
    assert asked("Can I get a Word file?") == "Can I get a Word file?"
    assert about_the_coach("And can this thing give me the plan as a Word document? My director only reads Word.")
