"""Every rubric check, with a draft that passes it and one that fails it."""

from __future__ import annotations

import pytest

from assistant.review import RUBRICS, review, split_objectives

GOOD = "Cut missed household bin collections from 4.1 to 1.5 per 1,000 by March 2027, in support of SDG 11.6"
VAGUE = "We will improve services for citizens."


def check(card, name):
    return next(c for c in card.checks if c.name == name)


def test_must_show_pair():
    bad = review(VAGUE, "objectives")
    assert not check(bad, "measurable").passed and not check(bad, "time_bound").passed
    good = review(GOOD, "objectives")
    assert check(good, "measurable").passed and check(good, "time_bound").passed
    assert good.score == 1.0 and bad.score < 0.5


@pytest.mark.parametrize(
    "name, passing, failing",
    [
        (
            "specific",
            "Reduce waiting times for housing repairs for tenants from 30 to 10 days by 2027.",
            "We will deliver excellence across the organisation by 2027.",
        ),
        (
            "measurable",
            "Raise library visits by young people from 20,000 to 30,000 a year by 2027.",
            "Raise library visits by young people by 2027.",
        ),
        (
            "measurable",
            "Reduce carbon emissions by 40% by 2030.",
            "Reduce carbon emissions by March 2030 in support of SDG 13.2.",
        ),
        (  # figures in words are figures
            "measurable",
            "Cut the average stay of homeless households in temporary rooms from two hundred and twelve days to one "
            "hundred and twenty days by March 2028.",
            "Cut the stay of homeless households in the two towns' temporary rooms by March 2028.",
        ),
        (
            "specific",
            "Cut the average stay of homeless households in temporary rooms from two hundred and twelve days to one "
            "hundred and twenty days by March 2028.",
            "Cut the stay of homeless households in the two towns' temporary rooms by March 2028.",
        ),
        (
            "baseline_and_target",
            "Raise on-time bus journeys from 82% to 90% by 2026.",
            "Raise on-time bus journeys to 90% by 2026.",
        ),
        (
            "time_bound",
            "Halve rough sleeping from 120 to 60 people within 18 months.",
            "Halve rough sleeping from 120 to 60 people.",
        ),
        (
            "time_bound",
            "Cut permit processing from 20 to 5 days by the end of the year.",
            "Cut permit processing from 20 to 5 days soon.",
        ),
        (
            "relevant",
            "Cut missed collections from 4 to 2 per 1,000 by 2027, a council plan priority.",
            "Cut missed collections from 4 to 2 per 1,000 by 2027.",
        ),
        (
            "outcome_not_output",
            "Train 500 residents so that 200 find work by 2027.",
            "Hold 20 workshops with residents by June 2026.",
        ),
        (
            "no_vague_verbs",
            "Improve school attendance from 91% to 95% by 2027.",
            "Enhance engagement with young people by 2027.",
        ),
    ],
)
def test_objective_checks(name, passing, failing):
    assert check(review(passing, "objectives"), name).passed, passing
    result = check(review(failing, "objectives"), name)
    assert not result.passed, failing
    assert result.advice


def test_objectives_are_split_and_counted():
    text = "# Objectives\n" + "\n".join(f"- {GOOD}" for _ in range(7))
    assert len(split_objectives(text)) == 7
    card = review(text, "objectives")
    assert not check(card, "focused").passed and "five or six" in check(card, "focused").advice
    mixed = f"1. {GOOD}\n2. {VAGUE}"
    card = review(mixed, "objectives")
    assert check(card, "measurable").advice.startswith("Objective 2:")
    assert check(review(f"1. {GOOD}\n2. {GOOD}", "objectives"), "focused").passed


PARTNERSHIP_GOOD = """Shared goal: get 300 long-term unemployed residents into work by 2027.
Stakeholders mapped by influence and interest: employers (high influence, high interest) collaborate.
The college brings training staff and gets more learners; employers contribute placements and gain recruits.
Governance: a steering group chaired by the council decides by consensus under an MoU.
Roles: the council leads; the budget is £200,000 plus in-kind staff time.
Risks: dependence on one employer, mitigated by recruiting three.
Review every six months, with an exit plan to hand over to the college."""

ENGAGEMENT_GOOD = """Purpose: decide how to spend £1m of the parks budget.
Level: empower. We promise to implement what residents decide in the vote.
Recruitment: open call plus random selection, with outreach to seldom-heard groups, materials in five languages and accessible venues.
Methods: workshops in person and an online platform, then a ballot.
Timeline: proposals in March, vote in June 2026.
We will publish how every idea was used and report back to participants.
Evaluation: measure turnout by ward and whether funded projects were delivered."""  # noqa: E501

INNOVATION_GOOD = """Challenge: missed GP appointments.
Hypothesis: if we send text reminders, then missed appointments will fall by 20%.
Test: a randomised trial in two practices for three months.
Success criteria set in advance: a 10% fall.
Decision: scale to all practices if it works, stop if not.
Budget £5,000 and a team of two.
We will share what we learn, including failure, in an after-action review."""

DIGITAL_GOOD = """Users: parents applying for school places need a clear answer fast.
The whole journey across channels: online, phone and in person.
Data: we share address data once only, with privacy protected under GDPR.
Inclusion: assisted digital support and accessible design for everyone.
Team: a multidisciplinary agile team with user research and small releases.
Success measures: completion rate from 60% to 85%, published monthly."""


@pytest.mark.parametrize(
    "rubric, good, missing, check_name",
    [
        ("partnership", PARTNERSHIP_GOOD, "Risks: dependence on one employer, mitigated by recruiting three.", "risks"),
        (
            "partnership",
            PARTNERSHIP_GOOD,
            "Review every six months, with an exit plan to hand over to the college.",
            "review_and_exit",
        ),
        (
            "partnership",
            PARTNERSHIP_GOOD,
            "Stakeholders mapped by influence and interest: employers (high influence, high interest) collaborate.",
            "stakeholder_map",
        ),
        (
            "partnership",
            PARTNERSHIP_GOOD,
            "Governance: a steering group chaired by the council decides by consensus under an MoU.",
            "governance",
        ),
        (
            "engagement",
            ENGAGEMENT_GOOD,
            "Recruitment: open call plus random selection, with outreach to seldom-heard groups, materials in five "
            "languages and accessible venues.",
            "inclusion_and_access",
        ),
        (
            "engagement",
            ENGAGEMENT_GOOD,
            "We will publish how every idea was used and report back to participants.",
            "feedback_loop",
        ),
        (
            "engagement",
            ENGAGEMENT_GOOD,
            "Evaluation: measure turnout by ward and whether funded projects were delivered.",
            "evaluation",
        ),
        (
            "innovation",
            INNOVATION_GOOD,
            "Hypothesis: if we send text reminders, then missed appointments will fall by 20%.",
            "hypothesis",
        ),
        (
            "innovation",
            INNOVATION_GOOD,
            "We will share what we learn, including failure, in an after-action review.",
            "learning",
        ),
        (
            "digital",
            DIGITAL_GOOD,
            "Inclusion: assisted digital support and accessible design for everyone.",
            "inclusion",
        ),
        (
            "digital",
            DIGITAL_GOOD,
            "Data: we share address data once only, with privacy protected under GDPR.",
            "data_and_privacy",
        ),
    ],
)
def test_keyword_rubrics(rubric, good, missing, check_name):
    card = review(good, rubric)
    assert card.score == 1.0, [c for c in card.checks if not c.passed]
    weaker = review(good.replace(missing, ""), rubric)
    result = check(weaker, check_name)
    assert not result.passed and result.advice


@pytest.mark.parametrize(
    "inclusion",
    [
        "Phone and in-person booking at the parks office stay; the site will meet WCAG 2.1 AA and we will test "
        "with screen reader users.",
        "People without internet can still apply on a paper form with help from staff.",
        "We will test it with people who use assistive technology.",
        "Easy Read and large print versions, and a British Sign Language video.",
        "Anyone who can't use the website can call the helpline.",
        "Anyone can still ring, and the customer service desk at the town hall will place the order for them.",
        "Phone line stays, caretakers log reports with the tenant there, and the office will help people who come in.",
        "Paper forms remain available at every library.",
        "Staff at the contact centre will fill it in with callers who can't do it themselves.",
        "Anyone who struggles can bring their letter to the one-stop shop.",
    ],
)
def test_digital_inclusion_in_other_words(inclusion):
    """Offline routes and accessibility named without the rubric's own words still count; the
    phone in the whole-problem line alone does not."""
    draft = DIGITAL_GOOD.replace("Inclusion: assisted digital support and accessible design for everyone.", "")
    draft = draft.replace("online, phone and in person", "residents phone the office and wait a week")
    assert not check(review(draft, "digital"), "inclusion").passed
    assert check(review(f"{draft}\n{inclusion}", "digital"), "inclusion").passed


@pytest.mark.parametrize(
    "claim",
    [
        "The new website will be simple and mobile friendly.",
        "We'll promote the app heavily on social media.",
        "The office will close once the app is live.",
        "We'll post updates on the app and the website.",
    ],
)
def test_a_digital_plan_that_only_promotes_the_online_route_is_not_inclusion(claim):
    draft = DIGITAL_GOOD.replace("Inclusion: assisted digital support and accessible design for everyone.", "")
    draft = draft.replace("online, phone and in person", "residents phone the office and wait a week")
    assert not check(review(f"{draft}\n{claim}", "digital"), "inclusion").passed


@pytest.mark.parametrize(
    "inclusion",
    [
        "Sessions run in the evenings and at weekends so shift workers can come, and we pay bus fares.",
        "Ballot papers at every library for people who don't go online, and large print and Braille versions.",
        "Each session has a British Sign Language interpreter and a creche.",
        "We will go to where residents already meet: the mosque, the food bank and the school gates.",
    ],
)
def test_engagement_inclusion_in_other_words(inclusion):
    draft = ENGAGEMENT_GOOD.replace(
        "with outreach to seldom-heard groups, materials in five languages and accessible venues", "by post"
    )
    assert not check(review(draft, "engagement"), "inclusion_and_access").passed
    assert check(review(f"{draft}\n{inclusion}", "engagement"), "inclusion_and_access").passed


def test_the_rubric_accepts_what_the_interview_took_as_complete():
    """A hypothesis or a trial design the interview accepted is not failed by the rubric."""
    from assistant.slots import missing_elements

    hypothesis = "If we send a reminder the day before, fewer people will miss their appointment."
    design = "Half of the clients get the text and half don't, for eight weeks."
    assert not missing_elements(hypothesis, ["substance", "hypothesis"])
    assert not missing_elements(design, ["test_design", "duration"])
    assert check(review(hypothesis, "innovation"), "hypothesis").passed
    assert check(review(design, "innovation"), "test_design").passed
    assert not check(review("We will send text reminders.", "innovation"), "hypothesis").passed


def test_an_innovation_plan_in_plain_words_passes():
    """The plan a leader gives in their own words, as the interview composes it (labels removed by
    the review): the challenge, criteria and resources are there without the rubric's own terms."""
    plain = (
        "Too many people miss their appointments at our housing advice service, wasting adviser time.\n"
        "If we send a text reminder the day before, fewer people will miss their appointment.\n"
        "Half get the text, half don't, for eight weeks at the town hall office.\n"
        "The no-show rate; if it drops by a fifth we roll it out, if not we stop.\n"
        "About 3,000 pounds and one officer part-time; we can afford to lose that.\n"
        "We'll write up the results, including if it fails, and share them at the service managers' meeting."
    )
    card = review(plain, "innovation")
    assert card.score == 1.0, [c for c in card.checks if not c.passed]


def test_engagement_promise_must_match_level():
    survey_only = (
        "Purpose: decide the park budget. Level: collaborate. We will run an online survey in May 2026 and publish "
        "results."
    )
    result = check(review(survey_only, "engagement"), "promise_matches_level")
    assert not result.passed and "consultation" in result.advice
    assert check(review(ENGAGEMENT_GOOD, "engagement"), "promise_matches_level").passed


def test_scorecard_shape_and_errors():
    card = review(GOOD, "objectives").as_dict()
    assert set(card) == {"score", "checks"} and 0 <= card["score"] <= 1
    assert all(set(c) == {"name", "passed", "advice"} for c in card["checks"])
    with pytest.raises(ValueError, match="rubric must be one of"):
        review(GOOD, "budget")
    with pytest.raises(ValueError, match="empty"):
        review("  ", "objectives")
    assert set(RUBRICS) == {"objectives", "partnership", "engagement", "innovation", "digital"}


def test_a_hedge_that_names_a_way_of_sharing_is_not_a_learning_plan():
    assert not check(review("We'll talk about it at some point.", "innovation"), "learning").passed
    assert check(review("A talk at the regional network and weeknotes every Friday.", "innovation"), "learning").passed


def test_a_part_put_off_or_only_hoped_for_does_not_pass():
    deferred = "We'll work out the governance arrangements with partners at the first meeting."
    assert not check(review(deferred, "partnership"), "governance").passed
    assert not check(review("We'll review the results and decide next steps.", "innovation"), "scale_or_stop").passed
    assert not check(review("All feedback will be taken into account.", "engagement"), "feedback_loop").passed
    decided = "A steering group of the three chief executives decides by majority, and we'll firm up the rest later."
    assert check(review(decided, "partnership"), "governance").passed


@pytest.mark.parametrize(
    "goal",
    [
        "Get every school leaver with a learning disability in the district into a supported internship or a job "
        "within a year of leaving college.",
        "Cut the number of families in bed and breakfast to zero by the end of next year.",
        "No care leaver should sleep rough in the borough after 2027.",
    ],
)
def test_a_shared_goal_stated_as_what_changes_for_whom(goal):
    """The goal question's follow-up asks what changes, for whom; a goal put that way is a goal."""
    assert check(review(goal, "partnership"), "shared_goal").passed
    assert not check(review("Our vision is a thriving, resilient borough.", "partnership"), "shared_goal").passed


def test_roles_named_as_posts_count():
    draft = "The college gives two tutors and £5,000 for travel; our head of SEND chairs the group."
    assert check(review(draft, "partnership"), "roles_and_resources").passed
    assert not check(
        review("The college gives two tutors and we fund it.", "partnership"), "roles_and_resources"
    ).passed


def test_an_age_band_names_for_whom():
    objective = "Reduce the median wait among under-5s from 34 weeks to 18 weeks by March 2028."
    assert check(review(objective, "objectives"), "specific").passed


def test_in_a_composed_draft_a_check_fails_while_its_own_component_is_a_placeholder():
    from pathlib import Path

    from assistant.workflows import load_workflows

    flow = load_workflows(Path(__file__).resolve().parents[1] / "prompts" / "workflows")["digital"]
    draft = (
        "- Users and their needs: Parents of children with SEND need to see where their transport application is.\n"
        "- The whole problem across channels: Online form, phone line and paper forms at the town hall.\n"
        "- Inclusion and assisted digital: [inclusion and assisted digital to confirm]\n"
    )
    passed = {c.name: c.passed for c in flow.review(draft).checks}
    assert passed["user_needs"] and passed["whole_problem"]
    assert not passed["inclusion"]  # the phone line in the problem is not the plan for people offline
    pasted = draft.replace("- Inclusion and assisted digital: [inclusion and assisted digital to confirm]\n", "")
    assert {c.name: c.passed for c in review(pasted, "digital").checks}["inclusion"]  # a pasted draft reads whole
    filled = draft.replace("[inclusion and assisted digital to confirm]", "Staff at the library help anyone offline.")
    assert {c.name: c.passed for c in flow.review(filled).checks}["inclusion"]


def test_levels_left_open_and_groups_named_without_a_way_to_reach_them_do_not_pass():
    draft = ENGAGEMENT_GOOD.replace(
        "with outreach to seldom-heard groups, materials in five languages and accessible venues", "by post"
    )
    missed = "We always miss disabled residents and people in the east of the borough."
    assert not check(review(f"{draft}\n{missed}", "engagement"), "inclusion_and_access").passed
    reached = f"{missed} So we'll run home visits and pop-ups at the east's markets."
    assert check(review(f"{draft}\n{reached}", "engagement"), "inclusion_and_access").passed
    open_level = "Purpose: decide the park budget. Level: probably consult, maybe involve. We will report back."
    assert not check(review(open_level, "engagement"), "participation_level").passed
    assert check(
        review(open_level.replace("probably consult, maybe involve", "consult"), "engagement"), "participation_level"
    ).passed
