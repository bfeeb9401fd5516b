"""The specificity check: sentences that could be pasted into any plan do not count as a part of it."""

from __future__ import annotations

import numpy as np
import pytest

from assistant import specificity
from assistant.prompts import PromptError
from assistant.review import review
from tests.conftest import REPO

EXAMPLES = REPO / "prompts" / specificity.FILE_NAME


def test_sentences_give_the_text_back():
    text = "Board: the three chief execs.\nThey meet monthly; the mayor chairs. We'll review it!  Then\n\n- exit"
    assert "".join(specificity.sentences(text)) == text
    assert len(specificity.sentences(text)) == 6


def test_the_threshold_drops_at_most_the_allowed_share_of_specific_statements():
    p = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.97])
    specific = np.array([True] * 10 + [False] * 2)
    threshold = specificity.choose_threshold(p, specific, share=0.1)
    assert (p[specific] > threshold).sum() <= 1
    assert specificity.choose_threshold(p, specific, share=0.0) == pytest.approx(0.95)


def test_the_labelled_file_is_balanced_and_varied():
    texts, labels = specificity.load(EXAMPLES)
    assert len(texts) >= 200
    assert 0.4 <= labels.count("vague") / len(labels) <= 0.6
    plain = [t for t, lab in zip(texts, labels, strict=True) if lab == "specific" and not any(c.isdigit() for c in t)]
    assert len(plain) >= 40  # specific need not mean a figure


def test_cross_validated_figures():
    texts, labels = specificity.load(EXAMPLES)
    figures = specificity.cross_validate(texts, labels)
    assert figures["specific_dropped"] <= 0.06, figures
    assert figures["vague_caught"] >= 0.6, figures


@pytest.mark.parametrize(
    "entry, problem",
    [
        ("- {label: fuzzy, text: 'We will do our best.'}", "entry 1 has label 'fuzzy'"),
        ("- {label: vague}", "entry 1 needs a non-empty 'text'"),
        ("label: vague", "expected a list"),
    ],
)
def test_a_bad_labelled_file_is_named(tmp_path, entry, problem):
    path = tmp_path / specificity.FILE_NAME
    path.write_text(entry + "\n", encoding="utf-8")
    with pytest.raises(PromptError) as exc:
        specificity.model(path)
    assert str(path) in str(exc.value) and problem in str(exc.value)


def test_vague_sentences_are_dropped_and_specific_ones_kept():
    text = (
        "We will make sure that strong and transparent governance arrangements are in place. "
        "The director of adult care chairs the board, which meets on the first Monday of each quarter."
    )
    kept = specificity.without_vague(text)
    assert "chairs the board" in kept and "transparent governance arrangements" not in kept


def test_notes_are_kept():
    text = "Planning authority - decisive. Developers: strong hand, short horizon. Tenants - keen, few levers."
    assert specificity.without_vague(text) == text


def test_a_part_named_only_in_words_that_fit_any_plan_does_not_pass():
    vague = "We'll make sure robust governance arrangements are in place and that decisions are made transparently."
    plain = (
        "The three chief executives sit on the steering group; the council leader chairs it and has the casting vote."
    )
    check = {c.name: c.passed for c in review(vague, "partnership").checks}
    assert not check["governance"]
    assert {c.name: c.passed for c in review(plain, "partnership").checks}["governance"]


def test_a_malformed_labelled_file_stops_the_coach_being_built(tmp_path):
    """Read when the coach is built (the app and the CLI build it at start), not at a leader's turn."""
    import shutil

    from assistant.components import Components
    from assistant.config import Settings

    prompts = tmp_path / "prompts"
    shutil.copytree(REPO / "prompts", prompts)
    (prompts / specificity.FILE_NAME).write_text("- {label: vague}\n", encoding="utf-8")
    components = Components(Settings(data_dir=tmp_path / "data", prompts_dir=prompts))
    with pytest.raises(PromptError) as exc:
        _ = components.coach
    assert str(prompts / specificity.FILE_NAME) in str(exc.value) and "needs a non-empty 'text'" in str(exc.value)
