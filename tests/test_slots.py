"""What an answer holds: quantities, dates, groups, choices, vagueness and the validators."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from assistant.slots import (
    VALIDATORS,
    choice_number,
    clean_phrase,
    deadline,
    group_phrase,
    is_vague,
    level_left_open,
    level_of,
    missing_elements,
    quantities,
    unmeasured,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("About 68% are still at home", [("68", "%")]),
        ("4.1 missed per 1,000 collections", [("4.1", "per 1,000")]),
        ("41 families on 30 September 2026", [("41", "number")]),
        ("from 13.8% in 2025/26 to 9% by March 2028", [("13.8", "%"), ("9", "%")]),
        ("average wait of 23 days", [("23", "days")]),
        ("SDG 11.6 and priority 2", []),
        ("by March 2027", []),
        ("a budget of £40k", [("40", "GBP")]),
        ("target 50% by March 2028", [("50", "%")]),
        ("goal 85 per cent of calls answered", [("85", "%")]),
        ("SDG target 11.6 and indicator 3", []),
    ],
)
def test_quantities(text, expected):
    assert [(q.value, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Two in three adults feel safe in parks after dark", [("66.7", "%", "Two in three")]),
        ("three out of four adults by 2027", [("75", "%", "three out of four")]),
        ("1 in 4 calls go unanswered", [("25", "%", "1 in 4")]),
        ("about a third of deaths are visitors", [("33.3", "%", "a third")]),
        ("cut waste by a quarter in both pairs", [("25", "%", "a quarter")]),
        ("adjournments go down by half", [("50", "%", "half")]),
        (
            "two thirds of tenants and three quarters of staff",
            [("66.7", "%", "two thirds"), ("75", "%", "three quarters")],
        ),
        ("fifty per cent of calls", [("50", "%", "fifty per cent")]),
        (
            "ten thousand visits and twenty-five volunteers",
            [("10000", "number", "ten thousand"), ("25", "number", "twenty-five")],
        ),
        ("a budget of two million pounds", [("2000000", "number", "two million")]),
        ("zero never events this year", [("0", "number", "zero")]),
        ("around nine days per employee", [("9", "days", "nine days")]),
        ("nearly half a million calls", [("500000", "number", "half a million")]),
        ("Half our staff have done the training", [("50", "%", "Half")]),
        ("we lose half their time to travel", [("50", "%", "half")]),
        ("we want to double uptake of the flu jab", [("2", "times", "double")]),
        ("Treble volunteer numbers.", [("3", "times", "Treble")]),
    ],
)
def test_figures_in_words_are_quantities_and_keep_the_leaders_words(text, expected):
    found = quantities(text)
    assert [(q.value, q.unit, q.text) for q in found] == expected
    assert [q.render() for q in found] == [t[:1].lower() + t[1:] for _, _, t in expected]


@pytest.mark.parametrize(
    "text",
    [
        "we report to the board once a quarter",
        "a third party runs the kiosks",
        "the second half of November, after half-term",
        "one in five years we review it",
        "one of our priorities is two of the libraries",
        "4.1 missed per 1,000 collections",
        "a three-sixty review, a catch-twenty-two and zero-based budgeting",
        "half the battle is recording it; a one in a million chance",
        "Double yellow lines cover the street; we will double check them and double up on rounds",
    ],
)
def test_words_that_are_not_figures(text):
    """Periods, parties, halves of a month and ordinary counting words are not measures."""
    assert all(q.unit != "%" or q.text[0].isdigit() for q in quantities(text)), quantities(text)
    assert not [q for q in quantities(text) if not q.text[0].isdigit()]


@pytest.mark.parametrize(
    "text",
    [
        "It is reported under Section Seventeen of the Crime and Disorder Act.",
        "calls to Triple Zero and the Twenty Twenty Vision board",
        "we met at Forty Hall with the Three Rivers partnership",
    ],
)
def test_number_words_in_a_name_are_not_figures(text):
    """A number word capitalised inside a sentence is part of a name, not a measure."""
    assert quantities(text) == []


def test_a_title_case_heading_keeps_its_figures():
    assert [q.value for q in quantities("Cut Missed Bins By A Third By 2027")] == ["33.3"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("85% by March 2028", "by March 2028"),
        ("5 families in 2029", "by 2029"),
        ("within 18 months", "within 18 months"),
        ("by the end of 2027", "by the end of 2027"),
        ("better next year", ""),
    ],
)
def test_deadline(text, expected):
    assert deadline(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "not sure really",
        "Not sure",
        "dunno",
        "the usual suspects",
        "a lot of people",
        "we want it better",
        "tbc",
        "no idea to be honest",
        "everyone",
        "everyone really",
        "anyone who wants to",
    ],
)
def test_vague_answers(text):
    assert is_vague(text)


@pytest.mark.parametrize(
    "text",
    [
        "Adult social care, our priority is independence at home",
        "41 families on 30 September 2026, from our H-CLIC return",
        "Older people discharged from hospital into residential care",
        # 'everyone' narrowed by what follows names a group
        "a you said, we did report in July 2027, emailed to everyone who took part",
        "a letter to everyone on the housing register",
        # 'too many' and 'so many' state a problem, not a hedge
        "Too few foster carers for teenagers, so many are placed out of county.",
        "Too many young men drop out of school",
        # a priority for everyone names the aim, it does not hedge
        "Housing; the council plan priority is a decent home for everyone",
    ],
)
def test_usable_answers_are_not_vague(text):
    assert not is_vague(text)


@pytest.mark.parametrize(
    "text, expects, missing",
    [
        ("not sure really", ["number", "source"], ["number", "source"]),
        ("68% in 2023/24, from our ASCOF return", ["number", "source"], []),
        ("about 68%", ["number", "source"], ["source"]),
        ("412 open cases, per the tracker", ["number", "source"], []),
        ("about 68%, 3 per resident", ["number", "source"], ["source"]),
        ("85% by March 2028", ["number", "date"], []),
        ("we want it better by next year", ["number", "date"], ["number", "date"]),
        ("Consult: we will report back on how views shaped the decision", ["level", "promise"], []),
        ("We'll ask people what they think", ["level", "promise"], ["level"]),
        ("The college brings tutors and gets apprentices", ["contribution", "benefit"], []),
        ("housing repairs obviously, plus our surveyors, the contact centre and environmental health", ["named"], []),
        ("tenants, through the tenants' panel", ["named"], []),
        # a comparison by turns is a test design
        ("odd weeks get the phone call, even weeks the letter, January to March", ["test_design", "duration"], []),
        ("alternate days in the two depots for three months", ["test_design", "duration"], []),
        # parties listed one by one, whatever the words for them; the pronoun 'it' is not the IT team
        ("therapists, health visitors, nurseries and the parents' forum", ["named"], []),
        ("speech therapists and school governors", ["named"], []),
        ("we'll work with whoever has a stake in it", ["named"], ["named"]),
        ("whatever support exists already", ["named"], ["named"]),
        ("the IT team and finance", ["named"], []),
        # a measure names what is counted: a time alone answers "by when", not "which measure"
        ("next year", ["choice"], ["choice"]),
        ("by March 2027", ["choice"], ["choice"]),
        ("within the next two years", ["choice"], ["choice"]),
        ("this financial year", ["choice"], ["choice"]),
        ("2", ["choice"], []),
        ("number of volunteers", ["choice"], []),
        ("volunteer hours each year", ["choice"], []),
        ("residents who use a park at least once a month", ["choice"], []),
    ],
)
def test_missing_elements(text, expects, missing):
    assert missing_elements(text, expects) == missing


@pytest.mark.parametrize(
    "text, n",
    [
        ("1", 1),
        ("option 2", 2),
        ("the second one", 2),
        ("let's go with 3", 3),
        ("first", 1),
        ("the number of families in B&B", 0),
        ("2 weeks", 0),
    ],
)
def test_choice_number(text, n):
    assert choice_number(text) == n


def test_groups_levels_and_phrases():
    assert group_phrase("Mostly over-80s; older people living alone after a fall") == "older people"
    assert group_phrase("families with children in B&B") in ("families", "children")
    # an age band is a group, and more precise than 'kids'
    assert group_phrase("kids waiting ages, the worst waits are for under-5s in the north") == "under-5s"
    assert group_phrase("16-24 year olds not in work") == "16-24 year olds"
    assert level_of("We will involve residents, maybe collaborate later") == "collaborate"
    assert level_of("a survey") == ""
    assert clean_phrase("  um, adult social care  ") == "Adult social care."
    assert set(VALIDATORS) >= {"number", "source", "date", "group", "level", "promise", "choice"}


def test_a_ratio_in_words_answers_a_figure_question():
    answer = "Three in four adults feeling safe in parks after dark, measured in the 2027 Residents' Survey."
    assert missing_elements(answer, ["number", "date"]) == []
    assert missing_elements("Two in three adults, says the Residents' Survey 2023.", ["number", "source"]) == []


def test_figures_in_words_are_numbers_a_rewrite_must_not_invent():
    from assistant.drafting import unsupported_numbers

    assert unsupported_numbers("Cut missed bins by a third and reach ten thousand homes.", ["Cut missed bins."]) == [
        "10000",
        "33.3",
    ]
    assert unsupported_numbers("Two in three adults feel safe.", ["About two in three adults feel safe"]) == []
    assert unsupported_numbers("Half of councils do this.", ["50% of councils do this"]) == []
    # thousands the leader parted with spaces or apostrophes are the same figures
    assert unsupported_numbers("From 14,300 to CHF 1,250,000.", ["14 300 people, CHF 1'250'000"]) == []
    assert unsupported_numbers("From 14,300 people.", ["14 people, 300 of them"]) == ["14300"]


@pytest.mark.parametrize(
    "text, holds",
    [
        # a harm to bring down, where people end up, what keeps recurring, a harm named as such
        ("We want to cut the number of older people who fall at home and end up in A&E.", True),
        ("Lowering the rate of missed first payments on new council tax accounts.", True),
        ("People with learning disabilities end up in hospital for conditions a GP could have treated.", True),
        ("Fly-tipping in back alleys keeps coming back within days of clearance.", True),
        # a topic, a type, an idea, a service's name: nothing goes wrong in them
        ("Social prescribing in Bristol.", False),
        ("It's anticipating the future.", False),
        ("Using AI in the contact centre.", False),
        ("Our new falls prevention service.", False),
        ("If we text tenants before the first missed payment, arrears will fall.", False),
    ],
)
def test_what_goes_wrong_is_read_as_the_challenge(text, holds):
    assert VALIDATORS["challenge"](text) is holds


@pytest.mark.parametrize(
    "text, risk",
    [
        ("Employers may only want the easiest candidates; we'll set a quota for the long-term unemployed.", True),
        ("The college may not have enough tutors in September.", True),
        ("Sharing personal data between the jobcentre and the charity.", True),
        ("Partners may join later if they wish.", False),
        ("We'll meet every month and keep a log of issues.", False),
    ],
)
def test_a_risk_in_plain_words_is_read_as_a_risk(text, risk):
    assert VALIDATORS["risk"](text) is risk


@pytest.mark.parametrize(
    "text, level",
    [
        # the level the leader names comes first: 'the final decision' taken by cabinet is not empower
        ("Consult - we'll publish how the responses shaped the final decision", "consult"),
        ("Involve: residents will decide the layout of the play area with us", "involve"),
        ("The cabinet takes the final decision after the consultation closes", "consult"),
        ("We will consult residents and then empower the panel to decide", "empower"),
        # without a level's name, what the leader describes
        ("We'll co-design the service with tenants", "collaborate"),
        ("Residents get the final say through a binding vote", "empower"),
    ],
)
def test_the_level_named_by_the_leader_wins_over_one_read_from_other_words(text, level):
    assert level_of(text) == level


@pytest.mark.parametrize(
    "text, open_",
    [
        ("Honestly probably consult, maybe involve for the young people bit", True),
        ("Consult or involve, we haven't settled it yet", True),
        ("Somewhere between involve and collaborate", True),
        ("Either collaborate or empower, depending on members", True),
        ("involve/collaborate - still discussing it", True),
        ("I'd say consult, or maybe involve", True),
        # two levels given to different groups or stages, or one chosen over the other
        ("Involve for the youth panel, consult for everyone else", False),
        ("Consult first on the long list, then empower the panel to pick the final three", False),
        ("Collaborate rather than just consult", False),
        ("It's inform, not consult: the scheme is agreed", False),
        ("Involve, I think. Consult feels too thin for this", False),
        ("Probably consult, and we will report back", False),
    ],
)
def test_a_level_left_open_between_two_is_not_a_level(text, open_):
    assert level_left_open(text) is open_
    assert VALIDATORS["level"](text) is not open_


@pytest.mark.parametrize(
    "text, reached",
    [
        ("Letters to 2,000 random addresses. We always miss disabled residents and people in the east.", False),
        ("The seldom-heard here are Gypsy and Traveller families and older people living alone.", False),
        ("Open call online. Groups we usually miss are Bangladeshi women and young carers.", False),
        (
            "We never hear from private renters, so we'll door-knock the HMO streets with a Polish-speaking officer",
            True,
        ),
        ("For the seldom-heard, young carers, we'll translate materials and run sessions with a creche", True),
        ("Parents of children with SEND, through the parent carer forum, with interpreters", True),
    ],
)
def test_seldom_heard_groups_count_as_inclusion_only_with_a_way_to_reach_them(text, reached):
    assert VALIDATORS["inclusion"](text) is reached


@pytest.mark.parametrize(
    "text, missing",
    [
        ("We'll try it in 8 schools for one term, compared with 8 similar schools that carry on as now.", []),
        ("Run it in two wards for a school year, with two similar wards as the comparison.", []),
        ("Over the spring term in three libraries, against three that keep the old way.", []),
        ("We'll just launch it everywhere in September.", ["test_design"]),
        ("We will roll it out to all staff as usual.", ["test_design", "duration"]),
    ],
)
def test_a_trial_described_in_plain_words_has_its_design_and_length(text, missing):
    assert missing_elements(text, ["test_design", "duration"]) == missing


@pytest.mark.parametrize(
    "text",
    [
        "The trust pulling the nurse when winter pressures hit",
        "Volunteers burning out and walking away",
        "People being evicted from the supported housing",
        "The housing association might sell off the homes we rely on",
    ],
)
def test_a_risk_named_in_any_form_of_its_verb_is_a_risk(text):
    assert VALIDATORS["risk"](text)


@pytest.mark.parametrize(
    "text, not_known, figure",
    [
        # today's figure is not known, and nothing says how it will be
        (
            "share of repairs reported online, we don't track online reports at all yet; target 50% by March 2028",
            True,
            False,
        ),
        ("honestly we don't know, nobody has ever counted them", True, False),
        ("No baseline yet, it's a new service", True, False),
        ("We've never measured it", True, False),
        ("There's no data on this at the moment", True, False),
        ("It isn't recorded anywhere, the contractor keeps it on paper", True, False),
        ("we don't collect waiting times for the under-fives", True, False),
        # a way and a time to measure it: it stands in for the figure
        (
            "We don't track it yet; we'll count reports by channel for the first three months of the new form",
            False,
            True,
        ),
        ("No data yet - the contact centre will log every call from April to set the baseline", False, True),
        ("Never measured, so we'll run a baseline survey of 400 tenants in January", False, True),
        # a figure, or words about something else
        ("68% in 2025/26, from our ASCOF return", False, True),
        ("We don't know whether tenants will use an app, so we'll test it with 20 households", False, True),
        ("About 40%, though we don't track the paper forms", False, True),
        ("We want the share of students who get a placement to go up", False, False),  # 'want' says no 'no'
        ("It\u2019s anyone\u2019s guess, the returns don\u2019t add up", True, False),
    ],
)
def test_a_figure_not_measured_yet_is_read_as_such_until_a_way_to_measure_it_is_given(text, not_known, figure):
    assert unmeasured(text) is not_known
    assert ("number" not in missing_elements(text, ["number"])) is figure


FIGURE_ANSWERS = Path(__file__).resolve().parents[1] / "evals" / "figure-answers"


def figure_answer_rates(name: str) -> dict[str, float]:
    """The share of each group of answers to a figure question read as their group: 'unknown' as today's
    figure not had (the coach asks how and by when it will be), the others as giving a figure or a way to
    get one (the coach moves on)."""
    rows = yaml.safe_load((FIGURE_ANSWERS / name).read_text(encoding="utf-8"))
    read: dict[str, list[bool]] = {}
    for row in rows:
        text, group = row["text"], row["group"]
        had = "number" not in missing_elements(text, ["number"])
        read.setdefault(group, []).append(unmeasured(text) if group == "unknown" else had and not unmeasured(text))
    return {group: sum(flags) / len(flags) for group, flags in read.items()}


@pytest.mark.parametrize("name, bar", [("tuning.yaml", 0.9), ("held-out.yaml", 0.75)])
def test_answers_to_a_figure_question_are_read_as_a_figure_a_way_to_get_one_or_none(name, bar):
    rates = figure_answer_rates(name)
    assert set(rates) == {"unknown", "plan", "figure", "other"}
    assert all(rate >= bar for rate in rates.values()), rates


@pytest.mark.parametrize(
    ("text", "unit"),
    [("Down to 12 ppb by 2030", "ppb"), ("from 38 µg/m3", "µg/m³"), ("cut 4,000 tCO2e", "tCO2e"), ("2.5 km", "km")],
)
def test_a_figure_keeps_its_physical_unit(text, unit):
    from assistant.slots import quantities

    assert quantities(text)[0].unit == unit and quantities(text)[0].render().endswith(unit)


def test_an_age_range_stays_whole_in_the_group():
    from assistant.slots import group_phrase

    assert group_phrase("Children aged 4 to 13 at those schools breathe it most") == "children aged 4 to 13"


@pytest.mark.parametrize(
    ("element", "text"),
    [
        ("goal_change", "We want 60 of our 88 community council areas to have a tested emergency plan by March 2029."),
        ("goal_change", "Tested community emergency plans in 60 areas, up from 14 today."),
        ("goal_change", "Two thousand tonnes of food waste composted a year by June 2028, from about 300 now."),
        ("ending", "After that the sub-group becomes a standing part of the Local Resilience Forum."),
        ("ending", "From 2028 the alliance carries on as a community-led group hosted by the Carers' Centre."),
        ("ending", "The town councils keep their plans going without our funding."),
        ("ending", "By 2030 the growers' co-operative should run the scheme with its own sales income."),
        ("ending", "After year three the trust will manage the gardens and the council only inspects."),
        ("ending", "By 2028 the home visits should be part of the health office's normal work."),
        ("ending", "If it works it becomes the harbour board's standing mooring policy."),
        (
            "hypothesis",
            "If tuk-tuk (three-wheeled taxi) drivers deliver the refill from the clinic (the local primary care "
            "centre's pharmacy) to the home, with a volunteer checking blood pressure, then on-time refills will "
            "rise to 80%.",
        ),
        ("feedback", "A printed report delivered to every participant, and a return assembly in each region."),
        ("feedback", "An online tracker showing each project's status."),
        ("ending", "If it works, the trust runs it as an ongoing service and the council steps back."),
        ("ending", "If it's not working by the second review we'd be honest about it and wind it up."),
        ("promise", "Involve. The Ministry will work with older people and relatives throughout the drafting."),
        ("promise", "We publish a note showing how each main concern was addressed."),
        ("evaluation", "We'll judge it by the number and spread of submissions."),
        ("evaluation", "An independent institute will look at whether it worked for the people taking part."),
        ("challenge", "We collect only around half of what we should."),
        ("challenge", "The fees go missing, so the town cannot pay for street cleaning."),
        ("challenge", "Since 2022 we changed the collectors and added checks; nothing changed."),
        ("challenge", "Half the payments never arrive at the treasury."),
    ],
)
def test_other_words_for_a_change_and_an_ending(element, text):
    from assistant.slots import VALIDATORS

    assert VALIDATORS[element](text)


@pytest.mark.parametrize(
    ("said", "phrase"),
    [
        ("halve it by next summer", "by next summer"),
        ("80% by the end of next year", "by the end of next year"),
        ("80% by next March", "by next March"),
        ("this time next year", "by this time next year"),
        ("90% in two years", "in two years"),
        ("halve it in 18 months' time", "in 18 months' time"),
        ("down to 5% by the end of the financial year", "by the end of the financial year"),
        ("80% by the end of this year", "by the end of this year"),
    ],
)
def test_a_date_said_relative_to_today_is_a_date_in_the_leaders_words(said, phrase):
    from assistant.slots import deadline

    assert deadline(said) == phrase


@pytest.mark.parametrize(
    "lead",
    ["Here's section 2 of our public consultation brochure:", "This is part of the cabinet paper:"],
)
def test_a_pasted_passage_loses_the_words_that_introduce_it(lead):
    body = (
        "2.1 The greenway will be a 24 km walking and cycling route linking the two towns, with a spur to the station."
    )
    assert clean_phrase(f"{lead}\n{body}", 0) == body


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        (
            "We get rubble dumped in the back alleys of Northgate. Honestly, it's a mess at the moment. Anyway, "
            "that's the gist.",
            "We get rubble dumped in the back alleys of Northgate.",
        ),
        (
            "Kia ora! So, the big one for us is young people driving without a licence.",
            "The big one for us is young people driving without a licence.",
        ),
        ("Phew! Two gritters cover 180 km of priority routes.", "Two gritters cover 180 km of priority routes."),
        (
            "The volunteer mentors - low influence, high interest, bless them. It meets every six weeks, I checked.",
            "The volunteer mentors - low influence, high interest. It meets every six weeks.",
        ),
        (
            "About 71,000 expire in March, don't ask - so we start in January.",
            "About 71,000 expire in March - so we start in January.",
        ),
        (
            "Oh, fly-tipping, without a doubt. It sits under our Council Plan priority 'Clean and green places'.",
            "Fly-tipping, without a doubt. It sits under our Council Plan priority 'Clean and green places'.",
        ),
    ],
)
def test_what_is_said_to_the_coach_in_passing_is_not_written_into_the_plan(said, kept):
    from assistant.slots import without_asides

    assert without_asides(said) == kept


@pytest.mark.parametrize(
    "said, kept",
    [
        (
            "What got me started on this: last spring I was at the depot when a driver came back with a full van."
            " He had waited two hours at the lock. That's the problem: 30% of rounds finish late.",
            "30% of rounds finish late.",
        ),
        (
            "It all began when one Sunday I saw a man queue in the rain for an hour at the office. Since then we"
            " have counted queues: 45 minutes on average.",
            "Since then we have counted queues: 45 minutes on average.",
        ),
        (
            "Bins overflow in the old town. I remember one evening we had seagulls on every street. We empty"
            " them twice a week.",
            "Bins overflow in the old town. We empty them twice a week.",
        ),
    ],
)
def test_a_story_of_how_the_leader_came_to_the_problem_is_not_written_into_the_plan(said, kept):
    from assistant.slots import without_asides

    assert without_asides(said) == kept


def test_an_answer_written_as_a_letter_loses_its_greeting_and_sign_off():
    from assistant.slots import without_letter

    said = (
        "Dear Coach,\n\nThank you for your question. The county brings GBP 40,000 a year.\n\nKind regards,\n"
        "Ana Silva\nHead of Housing, Westshire County Council"
    )
    assert without_letter(said) == "The county brings GBP 40,000 a year."
    assert without_letter("Hi,\nWe meet monthly.\nBest,\nTom") == "We meet monthly."
    plain = "Dear residents were asked in May.\nRegards to the chair are in the minutes, 2026."
    assert without_letter(plain) == plain
    # a greeting said as a sentence of its own opens a chat message too
    assert without_letter("Good afternoon! We meet monthly.") == "We meet monthly."
    assert without_letter("Evening. The depot has 12 vans.") == "The depot has 12 vans."
    shifts = "Morning, evening and weekend shifts are covered by agency staff."
    assert without_letter(shifts) == shifts


def test_a_forwarded_e_mail_keeps_only_what_it_says():
    from assistant.slots import without_letter

    said = (
        "The repairs manager sent me the figure, pasted below:\n\n"
        "From: Tom Reilly <t.reilly@harbourside.example>\nSent: Tuesday, 5 May 2026 09:12\nTo: Housing Services\n"
        "Cc: Lead Member for Housing\nSubject: RE: Fwd: repairs backlog\n\n"
        "> The backlog stood at 412 open jobs at the end of April.\n> Most of them are damp and mould cases.\n\n"
        "Many thanks,\nTom\nRepairs Manager, Harbourside Homes\n\nSo 412 open jobs is our baseline."
    )
    kept = without_letter(said)
    for gone in ("From:", "Sent:", "Subject", "reilly@", "Cc:", "Many thanks", "Repairs Manager", ">"):
        assert gone not in kept
    assert "The backlog stood at 412 open jobs at the end of April.\nMost of them are damp and mould cases." in kept
    assert kept.endswith("So 412 open jobs is our baseline.")
    # the same in another mail program's language, with the original message marked off
    forwarded = (
        "-----Mensagem original-----\nDe: Rui Costa [mailto:rcosta@vilaverde.example]\nEnviada: 2 de março de 2026\n"
        "Para: Ação Social\nAssunto: idosos isolados\n\nO centro de dia recebe 85 idosos por semana.\n\n"
        "Com os melhores cumprimentos,\nRui Costa\nDiretor do Centro de Dia"
    )
    assert without_letter(forwarded) == "O centro de dia recebe 85 idosos por semana."
    # one line that starts like a header is the leader's own
    own = "To: every household on the estate, a leaflet in May.\nFrom: the housing office, by post."
    assert without_letter(own) == own


def test_a_forwarded_reply_keeps_the_reply_without_the_question_it_quotes_or_the_line_that_sends_it_on():
    from assistant.slots import without_letter

    said = (
        "here's what our fleet manager said, covers it\n\n"
        "From: Ines Duarte\nSent: Thursday, 4 June 2026 10:20\nTo: Street Services\nSubject: RE: gritting routes\n\n"
        "> Ines, which routes do we grit first and how many lorries do we have?\n\n"
        "Buenos días,\n\nPriority 1 is the bus routes and the hospital road: 6 lorries, out by 5am.\n\n"
        "Saludos,\nInes Duarte\nFleet Manager"
    )
    assert without_letter(said) == "Priority 1 is the bus routes and the hospital road: 6 lorries, out by 5am."
    # a salutation of the mail's own, whatever its words, is a short line ending in a comma before a blank line
    assert without_letter(said.replace("Buenos días,", "Boss,")).startswith("Priority 1 is the bus routes")
    asked = said.replace("Buenos días,\n\n", "As requested, for the plan:\n")
    assert without_letter(asked).startswith("Priority 1 is the bus routes")
    # a quoted line with a figure is what the mail says, and stays
    figures = "From: Ines Duarte\nSent: 4 June 2026\nSubject: RE: lorries\n\n> Is it 6 lorries?\n> Yes, 6 lorries.\n"
    assert "6 lorries" in without_letter(figures)
    # a lead-in that says something of its own stays
    own = "Budget is £40k from reserves. Finance's note below:\n\nFrom: Ali\nSent: 3 May\nSubject: RE: cost\n\nAgreed."
    assert without_letter(own).startswith("Budget is £40k from reserves.")


@pytest.mark.parametrize(
    "said, kept",
    [
        ("Kia ora. I'm the parks manager at Westvale Council.", "I'm the parks manager at Westvale Council."),
        ("Assalamu alaikum. I am the officer in charge of the clinic.", "I am the officer in charge of the clinic."),
        ("Hola, I'm the head of waste services.", "I'm the head of waste services."),
        ("Dobrý den! This is for the town library.", "This is for the town library."),
        ("Ngā mihi. We run two depots.", "Ngā mihi. We run two depots."),  # no introduction follows
        ("Kirengo Municipality. I'm the manager.", "Kirengo Municipality. I'm the manager."),  # a name, not a greeting
    ],
)
def test_a_greeting_in_any_language_before_the_leader_introduces_themself_is_dropped(said, kept):
    from assistant.slots import without_letter

    assert without_letter(said) == kept


@pytest.mark.parametrize(
    "item, note",
    [
        ("(the depot manager is off until March, so replies from her will be slow)", True),
        ("(I'm at the regional conference on Thursday, so bear with me)", True),
        ("(the mayor only reads the first page, please keep it short)", True),
        ("(our welfare officer knows all the families - back from leave in April, luckily)", True),
        ("(and the town library, if its board agrees)", False),
        ("(the school also takes part)", False),
        ("(about 140 homes on the spit, so the school is in the zone too)", False),  # a figure
        ("(the hall is step-free, so wheelchair users can come)", False),
        ("(my deputy chairs it when I am away)", False),
    ],
)
def test_a_list_item_in_brackets_that_speaks_to_the_reader_is_a_note_not_a_plan_fact(item, note):
    from assistant.slots import listed_inline, without_asides

    said = listed_inline(f"- the parish council\n- the youth club\n- {item}\n- the bus company")
    kept = without_asides(said)
    assert (item not in kept) is note, kept
    assert "the youth club" in kept and "the bus company" in kept
    last = without_asides(listed_inline(f"- the parish council\n- the youth club\n- {item}"))
    assert last.endswith("the youth club") if note else last.endswith(item), last  # no separator left hanging


def test_a_note_in_brackets_with_a_dash_inside_goes_whole():
    from assistant.slots import listed_inline, without_asides

    said = listed_inline(
        "- two drop-in days at the hall\n- (sorry if this is thin - my son's football final is at four and I "
        "promised to be there)\n- an online survey"
    )
    assert without_asides(said) == "two drop-in days at the hall; an online survey"


def test_warning_the_coach_the_leader_may_go_quiet_is_a_remark():
    from assistant.slots import without_asides

    said = "We run two vans five days a week. My sister's wedding is on Saturday, so if I disappear, that's why."
    assert without_asides(said) == "We run two vans five days a week."


def test_spoken_fillers_are_not_written_into_the_plan():
    from assistant.slots import without_asides

    said = "ok so um we run two vans uh five days a week, erm, and the umpire scheme stays. Hmm, that's the plan"
    assert (
        without_asides(said) == "ok so we run two vans five days a week, and the umpire scheme stays. That's the plan"
    )


@pytest.mark.parametrize(
    "said",
    [
        "One morning a week the mobile library visits each village. It started in 2019 with two vans.",
        "Last year we saw a 12% rise in calls. We found out that most come in the evening.",
    ],
)
def test_plan_sentences_that_read_like_a_story_are_kept(said):
    from assistant.slots import without_asides

    assert without_asides(said) == said


@pytest.mark.parametrize(
    "said",
    [
        "Honestly, people don't know where to report it, so they ring the contact centre.",
        "My biggest worry is that older residents won't use the app. We will keep the phone line.",
        "I think so.",
        "Frankly the data is poor. The contact centre logs calls but not outcomes.",
    ],
)
def test_what_carries_the_plan_is_kept_after_an_aside_word(said):
    from assistant.slots import without_asides

    kept = without_asides(said)
    assert len(kept.split()) >= len(said.split()) - 1, kept


def test_a_word_that_opens_a_compound_is_not_taken_for_an_aside():
    from assistant.slots import without_asides

    said = "Well-being visits reach 400 homes. So: the nurses lead them."
    assert without_asides(said) == "Well-being visits reach 400 homes. The nurses lead them."


@pytest.mark.parametrize(
    "said", ["NZ$180,000", "R$ 42 million", "KES 26.4 billion", "ZAR 1.2 million", "₹40 crore", "NOK 6.5 million"]
)
def test_money_in_any_currency_keeps_its_currency(said):
    from assistant.slots import quantities

    (q,) = quantities(f"a budget of {said} a year")
    assert q.render() == said


@pytest.mark.parametrize(
    "said, meant",
    [
        (
            "- users: families with a newborn, about 1,400 births a year - no, sorry, 1,400 was 2022; last year it "
            "was 1,250\n- above all parents on night shifts",
            "- users: families with a newborn, about 1,250 births a year\n- above all parents on night shifts",
        ),
        (
            "- baseline: 40 percent - sorry, 44 percent - in 2025\n- source: the county survey",
            "- baseline: 44 percent in 2025\n- source: the county survey",
        ),
    ],
)
def test_a_correction_inside_a_list_item_keeps_the_next_item(said, meant):
    from assistant.slots import as_corrected

    assert as_corrected(said) == meant


@pytest.mark.parametrize(
    "said, meant",
    [
        # a figure and its date put right together
        (
            "- target: 90 percent by March 2027 - no, sorry, that's the regional target; ours is 75 percent by June "
            "2028\n- published every quarter",
            "- target: 75 percent by June 2028\n- published every quarter",
        ),
        # the old figure explained in a sentence of its own, the right one in the next
        (
            "2025: 12% - no wait, sorry, 12 was the national average from the ministry's report, not ours. Ours is "
            "9.5% for 2025, from our own returns.",
            "2025: Ours is 9.5% for 2025, from our own returns.",
        ),
    ],
)
def test_a_figure_put_right_with_its_date_or_in_the_next_sentence_keeps_only_the_right_one(said, meant):
    from assistant.slots import as_corrected

    assert as_corrected(said) == meant


@pytest.mark.parametrize(
    "said, meant",
    [
        ("We reach about 4,000 - sorry, 4,300 - households a year.", "We reach about 4,300 households a year."),
        ("Done by 2027, no, March 2028 at the latest.", "Done by March 2028 at the latest."),
        # the slip said before the right value
        (
            "Open by May 2027 - no, I got the month wrong: by August 2027, after the harvest.",
            "Open by August 2027, after the harvest.",
        ),
        # a day put right without its year keeps the year said first
        (
            "Sign-ups run from 2 May to 30 June 2027 - sorry, to 14 July; the summer fair is in it.",
            "Sign-ups run from 2 May to 14 July 2027; the summer fair is in it.",
        ),
        ("It costs £120,000, I mean £125,000, over two years.", "It costs £125,000, over two years."),
        # a large figure in words
        (
            "A ceiling of two hundred thousand euros - sorry, two hundred and fifty thousand - per project.",
            "A ceiling of two hundred and fifty thousand euros per project.",
        ),
        (
            "We reach about four thousand - no, wait, four thousand three hundred households a year.",
            "We reach about four thousand three hundred households a year.",
        ),
        (
            "Uptake is 31% (no wait, that's last year's figure - it's 34%) of eligible families.",
            "Uptake is 34% of eligible families.",
        ),
        ("Under the 2024-2028 plan, sorry, the 2025-2029 plan.", "Under the 2025-2029 plan."),
        ("We trained 60 volunteers, or rather 65, last spring.", "We trained 65 volunteers, last spring."),
        ("The review is in June 2027 - correction, July 2027.", "The review is in July 2027."),
        ("From 18% in 2024, make that 19%, to 30% by 2028.", "From 19% in 2024, to 30% by 2028."),
        (
            "It runs for nine months - let me rephrase, six months, from March 2027.",
            "It runs for six months, from March 2027.",
        ),
        (
            "We had 2,400 applications - I misspoke, 1,400; the rest came online.",
            "We had 1,400 applications; the rest came online.",
        ),
        (
            "The council brings EUR 150,000 from the 10 percent youth fund - scratch that, it is EUR 120,000.",
            "The council brings EUR 120,000 from the 10 percent youth fund.",
        ),
        # where the right value came from, said before it
        (
            "A grant of 2.5 million shillings - no, the treasurer sent me the exact figure: KES 2,740,000 for 2028.",
            "A grant of KES 2,740,000 for 2028.",
        ),
        ("About 900 - no, the right number is 874 - tenants replied.", "About 874 tenants replied."),
        # a round figure said first, then the exact one
        ("We trained about 300 - 287 exactly, in 14 groups.", "We trained 287, in 14 groups."),
        ("Roughly 1,200 (1,174 to be precise) households.", "1,174 households."),
        # an aside on how the figure said was first given wrong
        (
            "Only 41% passed (the board first said 39%, but after the recount it is 41%) in 2027.",
            "Only 41% passed in 2027.",
        ),
        (
            "We had 212 claims - the audit initially reported 230, but the final count is 212 - last year.",
            "We had 212 claims last year.",
        ),
    ],
)
def test_a_figure_or_date_the_leader_corrects_as_they_speak_keeps_only_the_correction(said, meant):
    from assistant.slots import as_corrected

    assert as_corrected(said) == meant


@pytest.mark.parametrize(
    "said, meant",
    [
        (
            "Somewhere between 30 and 40 percent, depending on the survey - let's say 35 percent for 2025.",
            "35 percent for 2025.",
        ),
        ("It's between 200 and 250 a month, call it 220.", "It's 220."),
        ("Waits are 6-8 weeks; I'd say 7 weeks in most years.", "Waits are 7 weeks in most years."),
        (
            "Today it's either 18 or 22 percent, but the 2024 report says 22, so 22.",
            "Today it's 22 percent, but the 2024 report says 22, so 22.",
        ),
        ("Roughly between 55% and 60%, so let's go with 58 as the 2024 figure.", "58% as the 2024 figure."),
        (
            "72% or 75 - the board says 75 is within reach, so 75% by March 2028.",
            "75% - the board says 75 is within reach, so 75% by March 2028.",
        ),
        ("Probably 40 or 45 visits a month; the rota says 45.", "Probably 45 visits a month; the rota says 45."),
        (
            "2 or 3 visits a week, so families see a face they know.",
            "2 or 3 visits a week, so families see a face they know.",
        ),
    ],
)
def test_a_range_the_leader_settles_on_one_figure_keeps_that_figure(said, meant):
    from assistant.slots import as_corrected

    assert as_corrected(said) == meant


@pytest.mark.parametrize(
    "said, meant",
    [
        ("Roughly two thirds - call it 65 percent - of calls by March 2028.", "65 percent of calls by March 2028."),
        ("Just under half (48%) of the tenants answered.", "48% of the tenants answered."),
        ("About a fifth, 21 percent, in 2025.", "21 percent, in 2025."),
        ("Some three thousand - 2,950 to be exact - households.", "2,950 households."),
        ("Two thirds of staff - 40 percent of them part-time - work shifts.", None),  # another figure, not the same
        ("A third of the budget, 12 million, goes on agency staff.", None),  # a sum, not a share
    ],
)
def test_a_figure_said_in_words_then_in_digits_keeps_the_digits(said, meant):
    from assistant.slots import as_corrected

    assert as_corrected(said) == (meant or said)


@pytest.mark.parametrize(
    "text",
    [
        "From 12 to 16 percent by 2027, say in the spring.",  # a 'from ... to' measure, not a range
        "Between 30 and 40 percent; say that to the board and they laugh.",  # no figure settled on
        "Aged 25-49, say 34,000 women.",  # an age band and a count, not one value settled
    ],
)
def test_a_range_not_settled_on_a_figure_is_left_alone(text):
    from assistant.slots import as_corrected

    assert as_corrected(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "No more than 10% of calls, no, not ever, should wait over 5 minutes.",  # 'no' not followed by a new figure
        "Sorry for the delay: we have 40 staff and 12 volunteers.",
        "Actually 2,000 homes, in 12 wards, in 2026.",  # a marker with nothing before it
        "From 45% in 2025 to 60% by 2028; sorry, I should add the 2026 survey too.",  # a year and a survey year
        "We have 40 staff; actually, we also use 12 agency workers in winter.",
    ],
)
def test_words_that_only_look_like_a_correction_are_left_alone(text):
    from assistant.slots import as_corrected

    assert as_corrected(text) == text


@pytest.mark.parametrize(
    "said, meant",
    [
        ("with about 60 riders - no, 64 riders now - in the scheme.", "with about 64 riders in the scheme."),
        (
            "which of the 42 colonias - sorry, 46, I forgot the new ones - get water",
            "which of the 46 colonias get water",
        ),
        (
            "It brings UGX 120 million a year - no, sorry, that was last year's figure; it is UGX 145 million"
            " - for fuel.",
            "It brings UGX 145 million a year for fuel.",
        ),
        (
            "It meets monthly - no, every two months; monthly was too much.",
            "It meets every two months; monthly was too much.",
        ),
        (
            "Baseline: 186 at the end of FY2024 - no, wait, that was FY2023; at the end of FY2024 it was 211."
            " Source: X.",
            "Baseline: at the end of FY2024 it was 211. Source: X.",
        ),
        ("186 in 2024 - no, that's the 2023 count; in 2024 it was 211.", "In 2024 it was 211."),
        (  # the right figure inside the aside, the sentence going on after it
            "Waits will fall from 20 weeks - no, sorry, 20 was the 2023 figure; this year it is 18 weeks - to 12 "
            "weeks by 2028.",
            "Waits will fall from 18 weeks to 12 weeks by 2028.",
        ),
    ],
)
def test_a_correction_set_off_by_dashes_takes_its_aside_with_it(said, meant):
    from assistant.slots import as_corrected

    assert as_corrected(said) == meant


@pytest.mark.parametrize(
    "said, meant",
    [
        (
            "Strategic links:\n- City Strategy 2030, goal 4\n- the Online Access Act (OZG);\n"
            "- SDG 16.6, effective institutions",
            "City Strategy 2030, goal 4; the Online Access Act (OZG); SDG 16.6, effective institutions",
        ),
        (
            "We will work with three groups:\n1. tenants' associations\n2. the housing ombudsman.\n3. local charities",
            "We will work with three groups: tenants' associations; the housing ombudsman; local charities",
        ),
        (
            "Success measures (published every quarter):\n* time to licence: 21 to 3 days\n* online share: 0% to 60%",
            "Success measures (published every quarter): time to licence: 21 to 3 days; online share: 0% to 60%",
        ),
        (
            "Target:\n- 10 days median wait\n- by December 2027\nAll agreed with the union.",
            "10 days median wait; by December 2027. All agreed with the union.",
        ),
        ("One line only, with a - dash inside.", "One line only, with a - dash inside."),
        ("- only one item", "- only one item"),
    ],
)
def test_an_answer_written_as_a_list_reads_as_one_line_without_its_label(said, meant):
    """A leader who answers in bullets ('Strategic links:\\n- ...\\n- ...') gets the items in one line, apart by
    semicolons; a short label of their own before the list goes (the draft names the part), an intro that says
    something stays."""
    from assistant.slots import listed_inline

    assert listed_inline(said) == meant


@pytest.mark.parametrize(
    "said, kept",
    [
        (
            "To be honest, it's chaos right now - tenants ring the repairs line, some email the housing officer. "
            "We log 6,000 jobs a year.",
            "Tenants ring the repairs line, some email the housing officer. We log 6,000 jobs a year.",
        ),
        (
            "The pilot costs £30,000, which would be painful but bearable. The board signs it off.",
            "The pilot costs £30,000. The board signs it off.",
        ),
        (
            "Two officers run it, which is frankly tiny. They cover 14 wards.",
            "Two officers run it. They cover 14 wards.",
        ),
        (
            "The grant ends in 2027, which is the county's decision. Then we review it.",
            "The grant ends in 2027, which is the county's decision. Then we review it.",
        ),
    ],
)
def test_a_remark_inside_a_sentence_that_carries_the_plan_goes(said, kept):
    """A remark on the situation before a dash ('To be honest, it's chaos right now - tenants ring ...') or a
    closing ', which is <how it feels>' is said to the coach, not written in the plan; ', which is the county's
    decision' says something and stays."""
    from assistant.slots import without_asides

    assert without_asides(said) == kept


@pytest.mark.parametrize(
    "text",
    [
        "We have 3 staff, actually 2 part-time and 1 full-time.",  # 'actually' explains, it does not take back
        "We serve 4,000 homes, sorry, 4,000 homes and 300 businesses.",  # the same figure said again
    ],
)
def test_a_figure_explained_or_said_again_is_not_a_correction(text):
    from assistant.slots import as_corrected

    assert as_corrected(text) == text


@pytest.mark.parametrize(
    "said, kept",
    [
        ("As I said, 38.4 per 1,000 women aged 15 to 19 in 2024.", "38.4 per 1,000 women aged 15 to 19 in 2024."),
        ("Like I said: the county health plan, goal 2.", "The county health plan, goal 2."),
        (
            "Section 2.1 Situation analysis. Cervical cancer is a leading cause of cancer death among women here.",
            "Cervical cancer is a leading cause of cancer death among women here.",
        ),
        (
            "Section 3.2 Delivery partners\nDelivery will depend on the parish health department and the Society.",
            "Delivery will depend on the parish health department and the Society.",
        ),
        (
            "4.3 Relocation: the Council resolved that the bus depot must move by 2028.",
            "The Council resolved that the bus depot must move by 2028.",
        ),
        (
            "2.5 million people live in the region, most of them in towns.",
            "2.5 million people live in the region, most of them in towns.",
        ),
    ],
)
def test_words_that_only_frame_an_answer_are_not_written_into_the_plan(said, kept):
    """'As I said,' before an answer restated, and a pasted section's own heading ('Section 2.1 Situation
    analysis.') before its text, frame the answer; they are not part of the plan."""
    assert clean_phrase(said, 0) == kept


def test_a_sentence_that_only_says_the_leader_does_not_know_is_not_written_into_the_plan():
    from assistant.slots import without_asides

    text = "Honestly, I don't know how long people wait today. Nobody has ever counted it; the desk keeps a paper log."
    assert without_asides(text) == "Nobody has ever counted it; the desk keeps a paper log."
    kept = "I don't know the exact figure for 2024, but it was about 1,200. The council publishes it each June."
    assert without_asides(kept) == kept  # a figure in it: it says something for the plan


@pytest.mark.parametrize("said", ["8% by Mar '28", "review in Q2 ’27", "from Sept. '26"])
def test_a_year_in_two_digits_after_an_apostrophe_is_a_date(said):
    from assistant.slots import dates

    assert dates(said)


def test_a_year_in_two_digits_after_an_apostrophe_is_not_a_figure():
    from assistant.slots import quantities

    assert [q.text for q in quantities("New logs from Jan '27; we count all calls Jan-Mar '27, 70% by Dec '28.")] == [
        "70%"
    ]


@pytest.mark.parametrize(
    "said, kept",
    [
        (
            "OK, quickly - I've got a cabinet briefing in 15 minutes. We run the school transport service for 3,100 "
            "pupils.",
            "We run the school transport service for 3,100 pupils.",
        ),
        (
            "The depot closes at 6 pm, so crews finish early. I've explained this to the board twice already.",
            "The depot closes at 6 pm, so crews finish early.",
        ),
        (
            "Monthly, chaired by the chief officer. Next one, please.",
            "Monthly, chaired by the chief officer.",
        ),
        (
            "A survey of 300 tenants in May 2027. Why do we even need to write this down? That's all, I must dash.",
            "A survey of 300 tenants in May 2027.",
        ),
        (
            "As I keep saying, the issue is the booking system, not the staff. Residents can't see free slots.",
            "The issue is the booking system, not the staff. Residents can't see free slots.",
        ),
        ("Please be brief, I'm between two calls. We run 14 depots.", "We run 14 depots."),
        (
            "We run the ferry twice a day, and I have a train at five, so let's go quickly.",
            "We run the ferry twice a day.",
        ),
        ("Monthly board, chaired by the mayor. OK, what's next?", "Monthly board, chaired by the mayor."),
        ("Last one, right? The review is in May 2027.", "The review is in May 2027."),
        (
            "Keep going, we're almost done I hope. Workshops run from June to August 2027.",
            "Workshops run from June to August 2027.",
        ),
        ("I already told you that: 40 volunteers and two vans.", "40 volunteers and two vans."),
        (
            "I'll paste from our plan as we go, it's quicker for me. The target is 60% by 2028.",
            "The target is 60% by 2028.",
        ),
        ("Three depots - don't quote me on that - and 40 vans.", "Three depots and 40 vans."),
        ("Like I said, 40 volunteers in 2026. They train in May.", "40 volunteers in 2026. They train in May."),
        (
            "60 percent by December 2027, like I said. Half should go to real jobs.",
            "60 percent by December 2027. Half should go to real jobs.",
        ),
        ("The City Strategy 2030, like before; the Youth Guarantee.", "The City Strategy 2030; the Youth Guarantee."),
        ("Didn't I just say that? Below 140/90 at the last reading.", "Below 140/90 at the last reading."),
        (
            "Haven't I answered this already? The council, the college and two employers.",
            "The council, the college and two employers.",
        ),
        (
            "Isn't that obvious? Fine: the share of forms complete first time.",
            "The share of forms complete first time.",
        ),
        (
            "We track the arrears rate - I'm not sure of the English term, the collection rate? - each month.",
            "We track the arrears rate - each month.",
        ),
        (
            "Waits per 1,000 calls, from the call log. (Don't ask me why the log format changed again this year.)",
            "Waits per 1,000 calls, from the call log.",
        ),
        (
            "The decision, from the minutes (sorry, the formatting got lost): build the hall by 2028.",
            "The decision, from the minutes: build the hall by 2028.",
        ),
        ("The college; the job centre. I've pasted this list from my board slides.", "The college; the job centre."),
        ("Review in May 2027, then yearly. That is all, I leave now.", "Review in May 2027, then yearly."),
        (
            "Sorry, my deputy just came in with papers to sign. The budget is EUR 40,000.",
            "The budget is EUR 40,000.",
        ),
        ("Sorry, phone rang. We meet every quarter.", "We meet every quarter."),
        ("This is like a job interview! Two planners and a designer.", "Two planners and a designer."),
        ("My coffee's gone cold. The review is in June 2027.", "The review is in June 2027."),
        ("This is starting to feel like a grant form, but fine. Two planners.", "Two planners."),
        ("I'm writing from the train, so if I drop out, that's why. The college leads.", "The college leads."),
        (
            "The plan is due in May 2027. Let's finish - my clinic starts in ten minutes.",
            "The plan is due in May 2027.",
        ),
        (
            "i sort of already told you that when we went through the partners didn't i anyway fine so the county "
            "pays the grants",
            "The county pays the grants",
        ),
        (
            "I already told you most of that. But fine: the phone line is never answered.",
            "The phone line is never answered.",
        ),
        (  # dictated, without punctuation
            "ok last one right so the wait is twenty days today and we want five by june",
            "The wait is twenty days today and we want five by june",
        ),
        (
            "we run two vans five days a week and nobody calls back um i have a train at five so let's be quick",
            "we run two vans five days a week and nobody calls back.",
        ),
    ],
)
def test_remarks_on_the_conversation_or_the_leaders_day_are_not_written_into_the_plan(said, kept):
    """An impatient leader's remarks about the time they have, having said it before, or the question itself
    are said to the coach, not for the plan; the sentences that carry the plan stay whole."""
    from assistant.slots import without_asides

    assert without_asides(said) == kept


@pytest.mark.parametrize(
    "said",
    [
        "We have 15 minutes of slack between runs. Drivers take their break then.",
        "The board has already approved the budget twice. It meets again in June.",
        "I have to go through the procurement rules first. The framework takes 6 weeks.",
        "We meet monthly. I have a call with the police chief every Monday.",
        "We have had three floods in five years, the last two in 2024 and before. Insurers have noticed.",
        "We've given the contract out twice. Both suppliers failed.",
        "The ferry leaves at three, so passengers wait. The last one, the Eastside depot, closes in 2027.",
        "Staff already told us that the forms are confusing. We keep going with paper until May.",
        "The board wants us to be quick about it, so the pilot starts in June. Parents said what's next is unclear.",
        "The clinic (open since 2019) serves 4,000 people. Staff sort the post (the council's, not ours).",
        "I have already explained the budget to cabinet. It meets in June.",
        "Sorry, the earlier figure was for 2024. The phone line rang 4,000 times in May.",
    ],
)
def test_sentences_about_the_service_that_share_those_words_stay(said):
    from assistant.slots import without_asides

    assert without_asides(said) == said


def test_a_deadline_is_the_date_with_a_year_not_a_period_inside_the_measure():
    from assistant.slots import deadline

    assert (
        deadline("60 percent of births registered within 90 days by the end of June 2029") == "by the end of June 2029"
    )
    assert deadline("within 18 months") == "within 18 months"


@pytest.mark.parametrize(
    "said, kept",
    [
        (
            "We run nine branches, one of them in an old chapel, which is a story for another day. E-lending is low.",
            "We run nine branches, one of them in an old chapel. E-lending is low.",
        ),
        (
            "The pensioners' club runs the Friday lunches - the soup there is lovely, by the way. They meet weekly.",
            "The pensioners' club runs the Friday lunches. They meet weekly.",
        ),
        (
            "Older readers in the villages can't get to a branch. My own dad is one of them. The bus is rare.",
            "Older readers in the villages can't get to a branch. The bus is rare.",
        ),
        (
            "20 percent by December 2027. It sounds modest, but it doubles the figure.",
            "20 percent by December 2027.",
        ),
        (
            "Stops near every school. Can we keep this moving, the tender is close.",
            "Stops near every school.",
        ),
    ],
)
def test_personal_remarks_are_not_written_into_the_plan(said, kept):
    from assistant.slots import without_asides

    assert without_asides(said) == kept


def test_a_bare_not_sure_before_a_dash_is_said_to_the_coach():
    from assistant.slots import without_asides

    said = "Honestly not sure - we've never counted the queue. We'll count it in March 2027."
    assert without_asides(said) == "We've never counted the queue. We'll count it in March 2027."


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("one thousand nine hundred applications", "1900"),
        ("two thousand six hundred and forty homes", "2640"),
        ("three point eight million rand", "3800000"),
        ("two point five million", "2500000"),
    ],
)
def test_figures_in_words_with_a_second_scale_or_a_decimal_point_are_one_figure(text, value):
    from assistant.slots import quantities

    assert [q.value for q in quantities(text)] == [value]


def test_a_sum_with_a_decimal_point_said_in_words_is_put_right_whole():
    from assistant.slots import as_corrected

    said = "Municipality: three point eight million rand - no, sorry, four point two million, for stipends."
    assert as_corrected(said) == "Municipality: four point two million rand, for stipends."


@pytest.mark.parametrize(
    "said",
    [
        "We'll consult, then decide in council.\n\nBest regards,\nDawa Sherpa\nWard Secretary | Ward 4 Office\n"
        "Mob +977 98 1234 5678\n\nSent from my Samsung Galaxy",
        "We'll consult, then decide in council.\n\nSent from my iPhone",
        "We'll consult, then decide in council.\nKind regards, Ama\n--\nThis e-mail and any attachments are "
        "confidential and intended solely for the addressee.",
        "We'll consult, then decide in council.\n\nEnviado desde mi Huawei",
        "We'll consult, then decide in council.\n\nGet Outlook for Android",
    ],
)
def test_a_mobile_footer_and_a_confidentiality_notice_go_with_the_signature(said):
    from assistant.slots import without_letter

    assert without_letter(said) == "We'll consult, then decide in council."


@pytest.mark.parametrize(
    "said",
    [
        "a. the parish council;\nb. the youth club, who run Fridays;\nc. the bus company",
        "(a) the parish council; (b) the youth club, who run Fridays; (c) the bus company",
        "i) the parish council\nii) the youth club, who run Fridays\niii) the bus company",
        "Three of them: a) the parish council, b) the youth club, who run Fridays, and c) the bus company.",
    ],
)
def test_a_list_marked_with_letters_or_roman_numbers_reads_as_a_list(said):
    from assistant.slots import listed_inline

    read = listed_inline(said)
    assert "the parish council; the youth club, who run Fridays" in read, read
    assert not re.search(r"(?<!\w)(?:\(?[abc]\)|[abc]\.|i{1,3}\))\s", read), read


def test_a_list_with_sub_items_keeps_each_under_its_item():
    from assistant.slots import listed_inline

    nested = (
        "1. Schools\n   - 12 primary\n   - 3 secondary\n2. Parents' council\n   - chair: Ana Petrova\n3. The library"
    )
    assert (
        listed_inline(nested) == "Schools: 12 primary, 3 secondary; Parents' council: chair: Ana Petrova; The library"
    )
    lettered = "a) In house:\n  - product owner\n  - two vets\nb) Supplier\n  - two developers"
    assert listed_inline(lettered) == "In house: product owner, two vets; Supplier: two developers"


def test_a_multiple_written_in_capitals_for_emphasis_or_said_as_twice_the_is_a_target():
    from assistant.slots import quantities

    assert [(q.value, q.unit) for q in quantities("We want to DOUBLE it by October 2027.")] == [("2", "times")]
    assert [(q.value, q.unit) for q in quantities("HALVE the wait by 2027")] == [("0.5", "times")]
    assert [(q.value, q.unit) for q in quantities("twice the coverage we had in 2024, by 2027")] == [("2", "times")]
    # a name in capitals inside a sentence is still a name, and 'twice a year' is how often
    assert quantities("the Triple Zero line opens in 2027") == []
    assert quantities("we meet twice a year") == []


def test_the_deadline_is_the_date_said_with_by_not_an_earlier_year_said_in_passing():
    from assistant.slots import deadline

    assert deadline("Twice the coverage we had in 2024, by the end of the October 2027 campaign.") == (
        "by the end of October 2027"
    )
    assert deadline("Up from what we had in 2023 - by June 2028.") == "by June 2028"
    assert deadline("registered within 90 days by the end of June 2029") == "by the end of June 2029"
