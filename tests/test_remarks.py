"""The remark reader: sentences said to the coach in passing stay out of the plan, with the real
embedding model (as the coach turns it on around an interview step)."""

from __future__ import annotations

import pytest

from assistant import elements, remarks
from assistant.prompts import PromptError
from assistant.slots import without_asides
from tests.conftest import REPO

EXAMPLES = REPO / "prompts" / remarks.FILE_NAME


@pytest.fixture(scope="module")
def found(embeddings, guard_cache):
    return elements.detector(embeddings, REPO / "prompts", guard_cache)


def test_the_labelled_file_has_plain_plan_sentences_as_well_as_remarks():
    texts, labels = remarks.load(EXAMPLES)
    assert len(texts) >= 1000 and labels.count("remark") >= 400
    plain = [t for t, lab in zip(texts, labels, strict=True) if lab == "plan" and remarks.judged(t)]
    assert len(plain) >= 300  # a plan sentence need not carry a figure, so the reader cannot lean on one


def test_a_bad_labelled_file_is_named(tmp_path):
    path = tmp_path / remarks.FILE_NAME
    path.write_text("- {label: aside, text: 'Back in a minute.'}\n", encoding="utf-8")
    with pytest.raises(PromptError) as exc:
        remarks.load(path)
    assert str(path) in str(exc.value) and "entry 1 has label 'aside'" in str(exc.value)


@pytest.mark.parametrize(
    "sentence, judged",
    [
        ("I'm writing this in the queue at the post office.", True),
        ("Is this conversation kept anywhere after I close it?", True),
        ("The clinic opens at 8 on weekdays.", True),  # a figure does not keep it from the reader
        ("The panel meets again in October.", True),
        ("the parish council and the youth club;", False),  # a list item
        ("Sorry, one moment.", False),  # too short to judge
        ("Service owner: Tomas Berg, our head of parking services.", False),  # a labelled note
        ("PS: I'm writing this on the train home tonight.", True),  # a postscript is not a label
        ("Side question: do you think the Lions will win on Saturday?", True),  # nor is an aside's marker
        ("Quick one: I'm on the ferry so the signal comes and goes.", True),
        ("I'm slow this morning: we had the christening until late.", True),  # the leader's own words
    ],
)
def test_only_whole_sentences_of_five_words_or_more_are_judged(sentence, judged):
    assert remarks.judged(sentence) is judged


SAID = (
    "Most tenants report repairs by phone, and the line is busy every morning. I'm writing this in the queue at the "
    "post office, so forgive the typos."
)


def test_without_the_reader_only_the_rules_count():
    assert without_asides(SAID) == SAID


@pytest.mark.slow
def test_cross_validated_figures(found):
    figures = remarks.cross_validate(found, EXAMPLES)
    assert figures["wrongly"] <= 0.01, figures
    assert figures["caught"] >= 0.75, figures


@pytest.mark.slow
@pytest.mark.parametrize(
    "said, kept",
    [
        (SAID, "Most tenants report repairs by phone, and the line is busy every morning."),
        (
            "The sports club and the two primary schools would run the sessions. Is this conversation kept anywhere "
            "after I close it?",
            "The sports club and the two primary schools would run the sessions.",
        ),
        (  # a remark in brackets at the end of a sentence of the plan
            "Tenants report repairs by phone (went to the derby last night and we lost, so I'm grumpy today). The line "
            "is busy every morning.",
            "Tenants report repairs by phone. The line is busy every morning.",
        ),
        (  # a remark with a figure in it, beside a sentence of the plan with figures
            "The clinic opens at 8 on weekdays and closes at 6. It's 39 degrees in the office today and the air "
            "conditioning has given up.",
            "The clinic opens at 8 on weekdays and closes at 6.",
        ),
        (  # plain sentences of the plan stay
            "Nobody checks the forms twice. The officers are tired of typing the same address into three systems.",
            "Nobody checks the forms twice. The officers are tired of typing the same address into three systems.",
        ),
    ],
)
def test_a_remark_no_rule_names_is_left_out_when_the_reader_is_on(found, said, kept):
    with elements.using(found):
        assert without_asides(said) == kept
