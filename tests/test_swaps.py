"""A change to the draft read by the kind of value it names, when no phrase reader knows its wording: a figure, a date
or a name the draft holds, and a new one of the same kind ('please use 31,200 instead of 27,400'); or a new one alone,
put where the draft's words around a value of its kind match the message's ('the board meeting has slipped to 14 May
2027')."""

from __future__ import annotations

import pytest

from assistant.interview import step
from assistant.swaps import swapped_values
from assistant.workflows import load_workflows
from tests.conftest import REPO
from tests.test_interview import refining

WORKFLOWS = load_workflows(REPO / "prompts" / "workflows")
INNOVATION = WORKFLOWS["innovation"]
ENGAGEMENT = WORKFLOWS["engagement"]
PARTNERSHIP = WORKFLOWS["partnership"]

PILOT = {
    "challenge": "Missed bin collections in the Eastgate flats: 410 reported in 2025, most of them on narrow streets.",
    "idea": "Smaller vans on the narrow streets. If the vans fit, missed collections will fall by half.",
    "test": "Eight narrow streets get the small vans, eight similar streets carry on as usual, for 12 weeks from "
    "February 2027.",
    "measures": "Missed collections per 1,000 homes; scale up if they fall by 40% or more, stop if by less than 15%.",
    "resources": "GBP 27,400 for hiring two vans and overtime; team: the waste manager and two crew leaders. "
    "Signed off by the environment committee.",
    "learning": "A note to the committee every month, and a public write-up on the council website in June 2027.",
}

CONSULTATION = {
    "decision": "Where the new skate park goes: the riverside field or the old bowling green.",
    "level": "Involve",
    "who": "Young people aged 11 to 18, neighbours of both sites and the Riverside Skaters club.",
    "methods": "Two site walks, a survey in the three secondary schools and a design evening at the youth centre.",
    "timeline": "Survey from 1 March to 12 April 2027; the cabinet decides at its meeting on 20 May 2027; "
    "works start in September 2027.",
    "feedback": "A 'you said, we did' page within four weeks of the cabinet meeting, and a talk at each school.",
}


def _after(flow, answers, message):
    state = refining(flow, **answers)
    result = step(flow, state, message)
    return result, result.state.answers


@pytest.mark.parametrize(
    "message",
    [
        "The finance committee found more money, so the pilot now has GBP 31,200. Please use 31,200 instead of 27,400.",
        "Please put 31,200 where it says 27,400.",
        "Typo on my part: 31,200, not 27,400.",
        "27,400 is out of date - it's 31,200 now.",
    ],
)
def test_a_figure_the_draft_holds_is_replaced_by_the_new_one_keeping_its_currency(message):
    result, answers = _after(INNOVATION, PILOT, message)
    assert result.action == "redraft"
    assert "GBP 31,200" in answers["resources"] and "27,400" not in answers["resources"]
    assert answers["challenge"] == PILOT["challenge"] and answers["measures"] == PILOT["measures"]


def test_a_new_sum_alone_goes_where_the_only_sum_in_the_draft_is():
    result, answers = _after(INNOVATION, PILOT, "Good news: the committee has topped up the money to GBP 31,200.")
    assert result.action == "redraft"
    assert "GBP 31,200" in answers["resources"] and "27,400" not in answers["resources"]


def test_a_new_date_alone_goes_beside_the_draft_words_it_shares():
    result, answers = _after(ENGAGEMENT, CONSULTATION, "Heads up - the cabinet meeting has slipped to 3 June 2027.")
    assert result.action == "redraft"
    timeline = answers["timeline"]
    assert "3 June 2027" in timeline and "20 May 2027" not in timeline
    assert "12 April 2027" in timeline and "September 2027" in timeline


def test_a_date_the_leader_names_by_its_month_alone_is_the_one_replaced():
    message = "The cabinet has moved things around: it's the 3 June 2027 meeting now, not the one in May."
    result, answers = _after(ENGAGEMENT, CONSULTATION, message)
    assert "3 June 2027" in answers["timeline"] and "20 May 2027" not in answers["timeline"]


def test_a_date_the_leader_names_by_its_day_alone_is_the_one_replaced():
    message = "Small fix on the timeline: the cabinet sits on the 27th, 27 May 2027, not the 20th."
    result, answers = _after(ENGAGEMENT, CONSULTATION, message)
    assert "27 May 2027" in answers["timeline"] and "20 May 2027" not in answers["timeline"]


def test_a_name_corrected_is_replaced_everywhere_it_is_said():
    answers = dict(CONSULTATION, feedback=CONSULTATION["feedback"] + " The Riverside Skaters club checks the page.")
    message = "Sorry, my mistake - the club is called Riverbank Rollers, not Riverside Skaters."
    result, after = _after(ENGAGEMENT, answers, message)
    assert result.action == "redraft"
    assert "Riverbank Rollers" in after["who"] and "Riverbank Rollers" in after["feedback"]
    assert "Riverside Skaters" not in after["who"] + after["feedback"]


def test_a_partner_replaced_by_another_named_with_a_word_of_replacement():
    answers = {
        "goal": "Fewer care leavers homeless within a year of leaving care, with Harbour Homes and Dockside Works.",
        "stakeholders": "Harbour Homes provides 20 flats; Dockside Works offers 10 apprenticeships; the leaving-care "
        "team supports each young person.",
    }
    message = "Dockside Works can't do it after all. Brightwater Foods will take their place, same apprenticeships."
    result, after = _after(PARTNERSHIP, answers, message)
    assert "Brightwater Foods" in after["stakeholders"] and "Dockside Works" not in after["stakeholders"]
    assert "Harbour Homes provides 20 flats" in after["stakeholders"]


@pytest.mark.parametrize(
    "message",
    [
        "Just so you know, the 27,400 came from the committee's report of 4 December.",  # no change asked for
        "We thought about 45,000 but kept 27,400.",  # the draft's figure kept
        "Use 31,200 or 33,000 instead of 27,400?",  # a question, two new figures
    ],
)
def test_no_change_is_guessed_where_none_is_asked_for_or_the_new_value_is_not_clear(message):
    assert swapped_values(message, PILOT) == []


def test_two_new_figures_for_one_old_are_not_guessed_between():
    assert swapped_values("Make it 31,200 and add 4,000 for training instead of 27,400.", PILOT) == []


def test_a_new_value_with_no_draft_words_beside_it_is_not_placed():
    assert swapped_values("Please change the date to 9 October 2027.", CONSULTATION) == []


def test_each_kind_of_value_is_paired_on_its_own():
    edits = swapped_values("The monthly note should go every two months, and use 45% instead of 40%.", PILOT)
    assert [e.key for e in edits] == ["measures", "learning"]
    assert "45%" in edits[0].value and "15%" in edits[0].value and "40%" not in edits[0].value
    assert "every two months" in edits[1].value and "every month" not in edits[1].value
    assert "June 2027" in edits[1].value


GROUP = {
    "goal": "Safer routes to school in Northfield, agreed by the council, the schools and the bus company.",
    "stakeholders": "Northfield Council (lead); the four primary schools; Cityline Buses; the Parents' Forum.",
    "contributions": "The council funds GBP 18,000 a year; Cityline Buses gives 2 drivers for the walking buses.",
    "governance": "A steering group of 12 members meets every quarter; the council's transport lead chairs it.",
    "risks": "Drivers may not be released in winter: a reserve list is kept.",
    "review": "First review in October 2027, then every year.",
}


def test_a_list_of_changes_is_read_item_by_item_not_taken_for_the_leaders_own_draft():
    message = (
        "Three updates from the steering group:\n"
        "1. The council now puts in GBP 21,000 a year.\n"
        "2. The steering group meets every two months, not every quarter.\n"
        "3. First review in January 2028 - the schools asked for it after the winter term."
    )
    result, after = _after(PARTNERSHIP, GROUP, message)
    assert result.action == "redraft"
    assert "GBP 21,000" in after["contributions"] and "18,000" not in after["contributions"]
    assert "every two months" in after["governance"] and "every quarter" not in after["governance"]
    assert "January 2028" in after["review"] and "October 2027" not in after["review"]
    assert after["stakeholders"] == GROUP["stakeholders"]


def test_a_pasted_version_of_the_plan_in_lines_is_still_the_leaders_own_draft():
    message = (
        "Goal: safer routes to school in Northfield.\n"
        "Partners: the council, the schools, Cityline Buses.\n"
        "Governance: a steering group that meets every quarter."
    )
    result, _ = _after(PARTNERSHIP, GROUP, message)
    assert result.action == "review_own"


@pytest.mark.parametrize(
    "message",
    [
        "The steering group should meet monthly instead of every quarter.",
        "Steering group: every month rather than quarterly, please.",
    ],
)
def test_a_frequency_is_a_value_like_a_figure(message):
    result, after = _after(PARTNERSHIP, GROUP, message)
    assert result.action == "redraft"
    assert "month" in after["governance"] and "quarter" not in after["governance"]


def test_a_length_of_time_replaces_one_said_in_another_unit():
    answers = dict(CONSULTATION, feedback="A 'you said, we did' page within two weeks of the cabinet meeting.")
    result, after = _after(ENGAGEMENT, answers, "The page should go up within 10 working days, not two weeks.")
    assert "10 working days" in after["feedback"] and "two weeks" not in after["feedback"]


def test_a_new_count_replaces_the_one_count_of_the_same_thing():
    result, after = _after(PARTNERSHIP, GROUP, "More volunteers than we hoped: the steering group grows to 15 members.")
    assert result.action == "redraft"
    assert "15 members" in after["governance"] and "12 members" not in after["governance"]


def test_a_partner_said_to_come_off_the_list_is_taken_out():
    result, after = _after(PARTNERSHIP, GROUP, "The Parents' Forum comes off the partner list - it has wound up.")
    assert result.action == "redraft"
    assert "Parents' Forum" not in after["stakeholders"] and "Cityline Buses" in after["stakeholders"]


def test_a_new_organisation_said_to_help_as_well_is_added_to_the_partners():
    message = "Northfield Rotary Club will also help, with volunteers for the walking buses."
    result, after = _after(PARTNERSHIP, GROUP, message)
    assert result.action == "redraft"
    assert "Northfield Rotary Club" in after["stakeholders"] and "Cityline Buses" in after["stakeholders"]


def test_a_sign_off_name_is_not_taken_for_a_new_organisation():
    message = "Cityline Buses has pulled out; Redline Coaches takes its place.\n\nKind regards,\nPriya Natarajan"
    result, after = _after(PARTNERSHIP, GROUP, message)
    assert "Redline Coaches" in after["stakeholders"] and "Cityline" not in after["stakeholders"]
    assert "Priya" not in " ".join(after.values())


def test_a_frequency_the_draft_holds_is_replaced_by_the_new_one():
    answers = dict(GROUP, governance="A steering group of 12 members; releases go out fortnightly after a review.")
    edits = swapped_values("Under Governance: releases weekly instead of fortnightly.", answers)
    assert [e.key for e in edits] == ["governance"] and "weekly" in edits[0].value
    assert "fortnightly" not in edits[0].value


def test_of_several_new_names_the_one_said_with_the_replacement_is_taken():
    answers = {"stakeholders": "Oakfield Primary and Brook Lane Primary run the pilot; the county team supports."}
    message = (
        "Oakfield Primary has had to pull out - the Education Office is merging it. Hillcrest Primary, the same "
        "size, takes its place."
    )
    edits = swapped_values(message, answers)
    assert edits and "Hillcrest Primary" in edits[0].value and "Oakfield" not in edits[0].value
    assert "Education Office" not in edits[0].value


def test_a_new_organisation_said_alongside_others_already_in_the_draft_is_added():
    answers = {"team": "The library and the Family Resource Centre help families apply; two officers decide."}
    message = "One more thing: Eastside Youth Club will also help families apply, alongside the library."
    edits = swapped_values(message, answers, partners="team")
    assert [(e.key, e.mode) for e in edits] == [("team", "append")] and "Eastside Youth Club" in edits[0].value


def test_a_quoted_sentence_the_leader_asks_to_take_out_is_removed():
    answers = {"problem": "Here is the short version. Too few children attend full time.", "service": "Schools."}
    edits = swapped_values(
        "In 'Why it matters', take out 'Here is the short version.' - left over from an email.", answers
    )
    assert [e.key for e in edits] == ["problem"] and edits[0].value == "Too few children attend full time."


def test_a_date_range_said_again_replaces_the_range_in_the_draft():
    answers = {"test": "A pilot in two offices, February - May 2026, 16 weeks, against two offices as usual."}
    edits = swapped_values("The pilot moves a month later: March - June 2026, still 16 weeks.", answers)
    assert edits and "March - June 2026" in edits[0].value and "February" not in edits[0].value


def test_a_range_with_the_same_start_and_a_new_end_replaces_the_old_end():
    answers = {"timeline": "Engagement from 4 September to 29 October 2027; cabinet decides on 14 March 2028."}
    message = "We're running it two weeks longer: 4 September to 12 November 2027."
    edits = swapped_values(message, answers)
    assert edits and "4 September to 12 November 2027" in edits[0].value and "14 March 2028" in edits[0].value


def test_every_value_of_a_message_lands_even_when_a_phrase_reader_read_only_part_of_it():
    message = (
        "Cabinet has moved its decision to 21 March 2028, and the letters go to every home within 1 km rather than "
        "500 m."
    )
    answers = {
        "who": "Every household within 500 m of the three sites gets a letter.",
        "timeline": "Engagement in the autumn; the cabinet decides on 14 March 2028.",
    }
    result, after = _after(ENGAGEMENT, answers, message)
    assert "1 km" in after["who"] and "500 m" not in after["who"]
    assert "21 March 2028" in after["timeline"] and "14 March 2028" not in after["timeline"]


def test_a_name_in_capitals_is_replaced_only_where_it_stands_as_a_word():
    answers = {"goal": "Fewer children out of school; the DREN and the council share the transport costs."}
    edits = swapped_values("Not the DREN - the Regional Council pays instead.", answers)
    assert edits and "children" in edits[0].value and "Regional Council and the council" in edits[0].value


def test_of_several_names_of_the_draft_the_one_said_to_go_is_replaced():
    answers = {"test": "Three schools - Lakeview Primary, Hillside Primary and Brookfield Primary; the DEBS approves."}
    message = (
        "Pilot schools: Brookfield Primary has had to pull out - the DEBS is moving it. Ridgeway Primary, much the "
        "same size, takes its place."
    )
    edits = swapped_values(message, answers)
    assert edits and "Ridgeway Primary" in edits[0].value and "Brookfield" not in edits[0].value
    assert "Lakeview Primary, Hillside Primary" in edits[0].value and "DEBS approves" in edits[0].value


def test_a_new_date_goes_in_place_of_the_draft_date_said_with_the_same_words():
    answers = {"timeline": "The survey closes on 12 April 2028; the cabinet decides on 14 March 2028."}
    edits = swapped_values("Cabinet has moved its decision to 21 March 2028.", answers)
    assert edits and "decides on 21 March 2028" in edits[0].value and "12 April 2028" in edits[0].value
    assert swapped_values("It has moved to 21 March 2028.", answers) == []  # no word to tell the two apart


def test_a_partner_said_to_go_in_a_clause_of_a_message_with_another_change_is_taken_out():
    answers = dict(GROUP, stakeholders="Northfield Council; the four primary schools; Cityline Buses; the Youth Trust.")
    message = (
        "Move the first review to January 2028, and Cityline Buses comes off the partner list - the council runs it."
    )
    result, after = _after(PARTNERSHIP, answers, message)
    assert "January 2028" in after["review"] and "Cityline" not in after["stakeholders"]
    assert "Youth Trust" in after["stakeholders"] and "Northfield Council" in after["stakeholders"]


def test_a_target_said_to_be_now_a_new_figure_replaces_the_target_not_the_baseline():
    answers = {"success": "Homes insulated from 300 a year to 700 by March 2028; a survey within 5 days of a request."}
    message = "The funding came through, so the target is now 800 homes by March 2028."
    result, after = _after(WORKFLOWS["digital"], answers, message)
    assert "from 300 a year to 800" in after["success"] and "5 days" in after["success"], after["success"]


def test_a_figure_said_to_be_replaced_is_not_taken_for_a_new_count_of_its_thing():
    answers = {
        "problem": "Families wait about 21 days for an answer.",
        "success": "Time to a decision from 21 days to 2 days, published every quarter.",
    }
    message = "Council wants it faster, so we'd like the decision time to be 48 hours rather than 2 days."
    result, after = _after(WORKFLOWS["digital"], answers, message)
    assert after["problem"] == answers["problem"] and "21 days" in after["success"], after


def test_a_new_date_takes_the_place_of_a_date_said_relative_to_today():
    answers = {"success": "Wait for an appointment from 8 working days to 3 by next spring; 60% booked online."}
    edits = swapped_values("The appointment wait target date is 31 March 2027.", answers, asked=True)
    assert edits and "to 3 by 31 March 2027; 60% booked online" in edits[0].value


def test_a_month_named_alone_is_matched_against_dates_of_the_calendar_only():
    answers = {"timeline": "Survey by next spring; the cabinet decides on 20 May 2027."}
    edits = swapped_values("The cabinet meets on 3 June 2027 now, not in May.", answers)
    assert edits and "3 June 2027" in edits[0].value and "next spring" in edits[0].value
