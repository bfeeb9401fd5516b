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


# --- text pasted from a PDF, and Markdown formatting --------------------------------------------------------------

from assistant.texting import as_pasted, unformatted  # noqa: E402


def test_a_pdf_paste_loses_its_running_header_page_line_and_line_end_hyphens():
    text = (
        "This is from the scrutiny report - pasted straight from the PDF, sorry about the formatting:\n\n"
        "Learners who travel on\nthe 64 specialist routes (most with a pas-\nsenger assistant) arrive late.\n"
        "DRAFT - NOT FOR CIRCULATION\nEducation Scrutiny Committee        Page 12 of 38\n"
        "The main causes are driver shortages,\nand no shared informa-\ntion on the day.\n\n"
        "So the group is about 540 learners."
    )
    out = as_pasted(text)
    assert "passenger assistant" in out and "information on the day" in out
    assert "DRAFT" not in out and "Page 12" not in out and "Scrutiny Committee" not in out
    assert "pasted straight from the PDF" not in out and "So the group is about 540 learners." in out
    assert "The main causes are driver shortages," in out  # the line after a page break is the text going on


def test_a_running_header_above_the_page_line_goes_and_the_wrapped_line_before_it_stays():
    text = (
        "Phase 3 - Approval by the Concejo Muni-\ncipal: August 2026\n"
        "PMUS Ayrampo \u2013 Diagn\u00f3stico Final \u2013 Versi\u00f3n 3\nPage 87 of 118\n"
        "Phase 4 - New timetables in operation: 1 October 2026"
    )
    out = as_pasted(text)
    assert "Concejo Municipal: August 2026" in out and "PMUS" not in out and "Page 87" not in out
    assert "Phase 4 - New timetables in operation: 1 October 2026" in out


def test_text_with_no_paste_in_it_is_left_as_typed():
    text = (
        "Our CAD report, page 4: 76 per cent on time.\nThe draft goes to committee in March - not for circulation yet."
    )
    assert as_pasted(text) == text


def test_markdown_emphasis_goes_and_a_heading_reads_as_a_label():
    assert unformatted("## Service\n**Business licences** for hawkers - *about 3,400*.") == (
        "Service:\nBusiness licences for hawkers - about 3,400."
    )
    assert unformatted("Change: __tighten decision time to 3 working days__, not 5.") == (
        "Change: tighten decision time to 3 working days, not 5."
    )
    assert unformatted("2 * 3 staff, and a snake_case_name stay") == "2 * 3 staff, and a snake_case_name stay"


# --- a figure the leader asks us not to write ------------------------------------------------------------------------

from assistant.texting import without_withheld  # noqa: E402


@pytest.mark.parametrize(
    "said, kept",
    [
        (  # the whole sentence holds the figure and the request
            "Spend last year was about £2.3m, but please don't quote that until the accounts are audited. The source "
            "will be the general ledger for 2025-26.",
            "The source will be the general ledger for 2025-26.",
        ),
        (  # the clause with the figure goes, the figure said before it stays
            "Satisfaction was 71% in the 2023 survey; the 2024 one says nearer 64%, but keep it out of the plan for "
            "now.",
            "Satisfaction was 71% in the 2023 survey.",
        ),
        (  # the request on its own, after the sentence with the figure
            "The data team thinks roughly three hundred families a year. Don't put that in writing yet. We count them "
            "from the referral log.",
            "We count them from the referral log.",
        ),
        (
            "No figure I can share - between you and me it's around 40 per cent - please do not use it in the plan "
            "until the board has seen it.",
            "No figure I can share.",
        ),
        (
            "That's off the record: the contract is worth 1.2 million. Source: the procurement register.",
            "Source: the procurement register.",
        ),
    ],
)
def test_a_figure_given_with_a_request_not_to_write_it_is_left_out(said, kept):
    assert without_withheld(said) == kept


@pytest.mark.parametrize(
    "said",
    [
        "Don't put the reserve in the risk section - it belongs under governance.",
        "We will not publish it until the council votes in March 2027.",
        "Please don't write the plan yet, I want to add two partners first.",
        "The baseline is 62% from the 2024 survey, published in the annual report.",
        "Don't quote residents by name in the feedback report; 3 panels a year.",
    ],
)
def test_an_answer_without_such_a_request_is_left_as_typed(said):
    assert without_withheld(said) == said


# --- slips of the keyboard -------------------------------------------------------------------------------------------

from assistant.texting import mended  # noqa: E402

# A word list in the order of a tokenizer's vocabulary (commonest first), as the embedding model's gives it.
COMMONEST = (
    "the and of to a in for is on that with was as it by from at this are not have we our they their which new "
    "because council people service staff data team change board form saw"
).split()
RARER = "household residents waste survey target lie trades".split()  # below the few hundred commonest
WORDS = COMMONEST + [f"zz{chr(97 + n // 26)}{chr(97 + n % 26)}" for n in range(400)] + RARER


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("teh parish council adn the youth club", "the parish council and the youth club"),
        ("we missed it becuase taht survey was late", "we missed it because that survey was late"),
        ("Teh board meets monthly. Adn the council.", "The board meets monthly. And the council."),
    ],
)
def test_a_slip_of_the_keyboard_is_mended_to_the_common_word_it_misses(typed, meant):
    assert mended(typed, WORDS) == meant


@pytest.mark.parametrize(
    "typed",
    [
        "the form goes to the board",  # a word is never changed into another ('form' / 'from')
        "we saw it on the board",
        "200 lei per session for the panel",  # a word the list lacks is left unless one swap from a common one
        "the tardes de cultura for the carers",  # 'trades' is no common word
        "houshold waste and the commitee",  # a rarer word's slip is left: the list cannot tell it from a real word
        "Stakeholder map with Hte Qasam Local Council",  # a capital inside a sentence: a name
    ],
)
def test_words_that_are_no_certain_slip_are_left_as_typed(typed):
    assert mended(typed, WORDS) == typed


def test_with_no_word_list_nothing_is_mended():
    assert mended("teh board", []) == "teh board"


def test_a_pasted_table_is_read_as_one_line_a_row_with_its_headings():
    from assistant.texting import untabled

    markdown = (
        "Here is the grid:\n\n| Partner | Influence | Interest |\n|:---|---|---:|\n| Parish council | High | Low |\n"
        "| Youth club (Fridays) | Low |  |\n\nThat's all."
    )
    assert untabled(markdown) == (
        "Here is the grid:\n\nParish council - influence: high, interest: low;\n"
        "Youth club (Fridays) - influence: low.\n\nThat's all."
    )
    tabbed = "Group\tSize\tHow we reach them\nStall holders\t240\tmarket committee\nCarers\t1,100\tGP surgeries"
    assert untabled(tabbed) == (
        "Stall holders - size: 240, how we reach them: market committee;\n"
        "Carers - size: 1,100, how we reach them: GP surgeries."
    )
    headless = "Q1 2027\t12%\nQ2 2027\t15%"  # no heading row: each row's cells in turn
    assert untabled(headless) == "Q1 2027, 12%;\nQ2 2027, 15%."
    plain = "We pay 50% | they pay the rest.\nOne line with a tab\there."
    assert untabled(plain) == plain
    assert untabled("| Partner | Role |\n|---|---|\n|  |  |") == ""  # a table with no row filled in says nothing


def test_punctuation_said_aloud_in_a_dictated_answer_is_written():
    from assistant.texting import undictated

    said = "we have four sites full stop the bus park comma the market and the clinic new line budget is two lakh"
    assert undictated(said) == "we have four sites. The bus park, the market and the clinic\nbudget is two lakh"
    assert undictated("next question mark no wait that's it") == "next? No wait that's it"
    kept = "The car came to a full stop at the comma-shaped bend; a new line of buses starts in May."
    assert undictated(kept) == kept  # written, not dictated: a sentence's own punctuation is there


def test_emoji_are_left_out_and_an_emoji_bullet_is_a_bullet():
    from assistant.texting import unformatted

    assert (
        unformatted("weekly collection for 90% of households 👍 thx 🙏")
        == "weekly collection for 90% of households thx"
    )
    assert unformatted("✅ the depot\n👉 the two schools") == "- the depot\n- the two schools"
    assert unformatted("costs £40k (€46k) → next year") == "costs £40k (€46k) → next year"


def test_a_voice_note_transcript_reads_as_running_text_without_its_timestamps_or_fillers():
    from assistant.texting import untranscribed

    note = (
        "[00:02] so um the the depot has twelve vans,\n[00:07] uh, and we, you know, replace three a year\n"
        "00:12 - from the capital budget, 2026 to 2028"
    )
    assert untranscribed(note) == (
        "so the depot has twelve vans, and we replace three a year from the capital budget, 2026 to 2028"
    )
    lead = "Voice note, sorry for the mess:\n\n[00:00] Um, the pens, in a, a fenced bay.\n[00:09] Hypothesis, uh: ok."
    assert untranscribed(lead) == "the pens, in a fenced bay. Hypothesis: ok."
    schedule = "09:00 - doors open\n10:30 - first workshop\n12:00 - lunch with the panel"
    assert untranscribed(schedule) == schedule
    # one time at the start of a line is the leader's own
    own = "9:00 the hall opens\nand closes at 18:00, six days a week"
    assert untranscribed(own) == own


def test_a_worksheet_pasted_with_its_questions_keeps_the_answers_under_their_labels():
    from assistant.texting import unformed

    sheet = (
        "Q: Where do people start?\nA: Most phone the hotline, weekdays 9:00 to 18:00.\n"
        "Q: In person?\nA: Adopters visit the shelter on Saturdays.\n"
        "Question 4 - Baseline:\nAnswer: 64 adoptions in 2025, from the shelter register."
    )
    assert unformed(sheet) == (
        "Most phone the hotline, weekdays 9:00 to 18:00.\nIn person: Adopters visit the shelter on Saturdays.\n"
        "Baseline: 64 adoptions in 2025, from the shelter register."
    )
    assert unformed("From the worksheet of the course I did:\n\n" + sheet) == unformed(sheet)
    # a list lettered A., B. with no questions is not a worksheet
    plain = "A. the depot\nB. the two schools"
    assert unformed(plain) == plain


def test_a_question_mark_on_a_figure_is_a_doubt_not_a_question():
    from assistant.texting import undoubted

    assert undoubted("72%?? or 75 - the board says 75, so 75% by March 2028.") == (
        "72% or 75 - the board says 75, so 75% by March 2028."
    )
    assert undoubted("About 1,400 (?) households on the list.") == "About 1,400 households on the list."
    assert undoubted("Opening in June?? maybe July - let's say July 2028.") == (
        "Opening in June maybe July - let's say July 2028."
    )
    assert undoubted("Last year 58%? - no, 58 was one quarter; the year is 61%.") == (
        "Last year 58% - no, 58 was one quarter; the year is 61%."
    )
    assert undoubted("Budget: KES 4.2m(?), from the county fund") == "Budget: KES 4.2m, from the county fund"
    assert undoubted("Budget: 1.2 million rand? - no, 1.4 million.") == "Budget: 1.2 million rand - no, 1.4 million."
    # a question asked about a figure stays a question
    for asked in (
        "Is 80% realistic?",
        "Could we aim for 80%? The board prefers 75%.",
        "What about 2,000?",
        "80%?",
        "The board wants 80% - too high?",
        "Do you think March 2028? Or later?",
        "Is it 80 percent of homes?",
        "Sorry, a side question: do you know if the line opens by 2030? My brother says it will.",
        "Quick one, the 2 sites you mean are Ward 4 and 5? Anyway the plan is ready.",
        "They said 12 weeks? That seems long.",
        "We need 3 more staff?",
    ):
        assert undoubted(asked) == asked


def test_edits_marked_in_pasted_text_leave_only_the_new_words():
    from assistant.texting import untracked

    assert untracked("The town pays ~~KES 90,000~~ KES 120,000 a year.") == "The town pays KES 120,000 a year."
    assert untracked("Four clinics [delete: and the mobile van] open on Mondays.") == "Four clinics open on Mondays."
    assert untracked("We fund (old: two posts) now three posts from the levy.") == "We fund three posts from the levy."
    assert untracked("A grant of was GHS 800 -> GHS 1,000 a month.") == "A grant of GHS 1,000 a month."
    assert untracked("Reviews in 2026 -> 2027 and 40% → 55% coverage.") == "Reviews in 2027 and 55% coverage."
    assert untracked("Run by [-the parish-]{+the town council+}.") == "Run by the town council."
    assert untracked("Open <del>five</del><ins>six</ins> days.") == "Open six days."
    assert (
        untracked("[add: the youth club,] the library and the school") == "the youth club, the library and the school"
    )
    # an arrow between steps of a process is not an edit
    assert untracked("Open 9:00 -> 17:00 on weekdays.") == "Open 9:00 -> 17:00 on weekdays."
    plain = "Referral -> assessment -> a plan within 10 days."
    assert untracked(plain) == plain


def test_chat_app_noise_and_notes_to_self_are_left_out_and_footnotes_read_in_place():
    from assistant.texting import unchatted, unfootnoted, without_notes_to_self

    chat = (
        "Target is `75%` by March 2028 :thumbsup: #budget-2028\n"
        "@Ana can you double-check the clinic list?\n"
        "> Ana: the Lobamba clinic opens Saturdays too\n"
        "Partners: @Sipho Dlamini from the Red Cross and the two clinics."
    )
    assert unchatted(chat) == (
        "Target is 75% by March 2028\n> Ana: the Lobamba clinic opens Saturdays too\n"
        "Partners: Sipho Dlamini from the Red Cross and the two clinics."
    )
    assert unchatted("Email us at plans@council.gov or see item #3.") == "Email us at plans@council.gov or see item #3."
    assert (
        unchatted("Posts tagged #keepwalestidy and #KeepWalesTidy.")
        == "Posts tagged #keepwalestidy and #KeepWalesTidy."
    )
    asked = "It serves priority 2 of the plan. @Rashad can you send me the ministry's letter? :pray:"
    assert unchatted(asked) == "It serves priority 2 of the plan."
    spaced = "What would you suggest? ... Actually, I'll set them myself."
    assert without_notes_to_self(spaced) == spaced
    notes = (
        "About 420 homes (note to self: ask Dragan about the lease) get visits. TODO: confirm with finance. "
        "NB - check the 2026 figure.\nBudget E 90,000 [check]"
    )
    assert without_notes_to_self(notes) == "About 420 homes get visits.\nBudget E 90,000"
    assert without_notes_to_self("Two refuges. [check] is the second one step-free?") == "Two refuges."
    feet = (
        "Coverage is 48%[1] and 31 schools¹ take part.\n\n[1] Source: 2026 household survey\n"
        "¹ excluding the two island schools"
    )
    assert unfootnoted(feet) == (
        "Coverage is 48% (source: 2026 household survey) and 31 schools (excluding the two island schools) take part."
    )
    plain = "Steps: [1] register, [2] pay."
    assert unfootnoted(plain) == plain


def test_thousands_written_with_spaces_or_apostrophes_read_as_one_figure():
    from assistant.texting import unspaced_thousands

    said = "12 500 households and CHF 1'250'000 a year"
    assert unspaced_thousands(said) == "12,500 households and CHF 1,250,000 a year"
    assert unspaced_thousands("E 1 250 000 from the fund") == "E 1,250,000 from the fund"
    for kept in ("in 2027 500 households", "wards 4 and 5", "June 2028, 300 people"):
        assert unspaced_thousands(kept) == kept


def test_text_pasted_from_a_web_form_or_mail_client_reads_without_its_html():
    from assistant.texting import unhtml

    pasted = (
        "<p>Partners: the Dzongkhag Administration &amp; Bhutan Post<br>Drivers from the Taxi Operators&#39; "
        "Association</p><p><b>Budget:</b>&nbsp;Nu 1.2 million</p>"
    )
    assert unhtml(pasted) == (
        "Partners: the Dzongkhag Administration & Bhutan Post\nDrivers from the Taxi Operators' Association\n\n"
        "Budget: Nu 1.2 million"
    )
    assert unhtml("<ul><li>Ward 4</li><li>Ward 5</li></ul>") == "- Ward 4\n- Ward 5"
    assert unhtml('See <a href="https://example.org/plan">the plan</a>, &quot;final&quot;') == 'See the plan, "final"'
    # a comparison, an ampersand in a name and marks for edits are not HTML to remove
    for kept in ("Wait < 45 min and returned <15%", "R&D with AT&T", "Open <del>five</del><ins>six</ins> days."):
        assert unhtml(kept) == kept


def test_an_arrow_between_words_reads_as_a_dash_and_a_value_arrow_as_the_new_value():
    from assistant.texting import unformatted, untracked

    assert untracked("Scale up: wait under 45 min → all weeks from Q3 2026") == (
        "Scale up: wait under 45 min - all weeks from Q3 2026"
    )
    assert untracked("Only one KPI met ⇒ adjust and rerun") == "Only one KPI met - adjust and rerun"
    assert untracked("Coverage 40% → 55% by 2027") == "Coverage 55% by 2027"
    assert untracked(unformatted("even when the owner has paid ➡️ fights every March")) == (
        "even when the owner has paid - fights every March"
    )
    # a quoted change keeps its arrow for the change to be read
    quoted = "'every two months' → 'every month'"
    assert untracked(quoted) == quoted


def test_an_arrow_or_arrow_emoji_opening_a_line_is_its_bullet():
    from assistant.texting import unformatted

    assert unformatted("Next steps:\n→ Adjust\n➡️ Rerun for 8 weeks") == "Next steps:\n- Adjust\n- Rerun for 8 weeks"


def test_an_emoji_that_ends_a_label_or_a_sentence_leaves_its_punctuation():
    from assistant.texting import unformatted

    assert unformatted("Measures 👇\n- Time to a permit\n- Renewals") == "Measures:\n- Time to a permit\n- Renewals"
    assert unformatted("few traders read English 🙏 So: a USSD code") == "few traders read English. So: a USSD code"
    assert unformatted("a show and tell every month 📅, then scale up") == "a show and tell every month, then scale up"
    assert unformatted("owned by the Assembly 👍") == "owned by the Assembly"
