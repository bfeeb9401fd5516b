"""Answers typed as text messages read as written words: shorthand spelled out, sentence starts in capitals, and the
chat's own noises ('lol', 'tbh') left out, so the plan reads as a plan."""

from __future__ import annotations

import pytest

from assistant.texting import spelled_out


@pytest.mark.parametrize(
    "said, written",
    [
        (
            "hola, im the head of waste services w/ a team of 12. approx 48k ppl live here. tbh the truck only comes "
            "2x a week b/c of the budget",
            "Hola, I'm the head of waste services with a team of 12. About 48k people live here. The truck only comes "
            "2x a week because of the budget",
        ),
        ("do u know if i can print this? thx", "Do you know if I can print this? Thanks"),
        ("target 80% of repairs done w/in 5 days, pls", "target 80% of repairs done within 5 days, please"),
        ("we cant do it w/o the govt grant lol", "we can't do it without the government grant"),
        (
            "- the youth club\n- the parish council (btw they meet thru the yr)",
            "- the youth club\n- the parish council (they meet through the year)",
        ),
        ("dont know yet - maybe 3 yrs", "don't know yet - maybe 3 years"),
        ("we lost the match (so im in a mood lol)\nnext item", "We lost the match (so I'm in a mood)\nNext item"),
    ],
)
def test_shorthand_is_spelled_out_and_a_lower_case_message_gets_its_capitals(said, written):
    assert spelled_out(said) == written


@pytest.mark.parametrize(
    "plain",
    [
        "The Mayor signed it in May. We start with two vans.",
        "Unit U and Plan B stay; the ID checks move to the desk.",
        "We'll reuse the old depot; it's well placed and the shed is ill suited to vans.",
        "- the youth club\n- the parish council",  # list items in lower case in an answer written with capitals
        "I'd say the appt system is fine.",
        "under 100 people by March 2028",  # one phrase in lower case is a short answer, not texting
    ],
)
def test_written_answers_are_left_as_they_are(plain):
    assert spelled_out(plain) == plain


def test_a_list_in_lower_case_keeps_its_items_as_typed_when_the_rest_has_capitals():
    said = "These are the partners:\n- the youth club w/ its coaches\n- the parish council"
    assert spelled_out(said) == "These are the partners:\n- the youth club with its coaches\n- the parish council"
