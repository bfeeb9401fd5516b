"""Deterministic rubrics for draft plan sections.

Each rubric is a table of checks; each check passes or fails and gives one line of specific
advice. The objectives rubric checks every objective separately (SMART, outputs presented as
outcomes, vague verbs, how many objectives); the others look for the components a
facilitator expects in a partnership strategy, an engagement plan, an innovation plan and a
digital plan. No model is involved, so the same draft always gets the same scorecard.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

from .slots import (
    BUDGET,
    GROUP,
    HYPOTHESIS,
    INFLUENCE,
    INTEREST,
    ORGANISATION,
    TEST_DESIGN,
    present,
    unsettled,
    without_deferrals,
)
from .specificity import without_vague

RUBRICS = ("objectives", "partnership", "engagement", "innovation", "digital")


class UnknownRubric(ValueError):
    """A rubric name that is neither a rubric nor a workflow; the message names the known ones."""


RUBRIC_TITLES = {
    "objectives": "SMART objectives",
    "partnership": "partnership strategy",
    "engagement": "engagement plan",
    "innovation": "innovation plan",
    "digital": "digital plan",
}


@dataclass
class CheckResult:
    name: str
    passed: bool
    advice: str


@dataclass
class Scorecard:
    rubric: str
    checks: list[CheckResult]

    @property
    def score(self) -> float:
        return round(sum(c.passed for c in self.checks) / len(self.checks), 3) if self.checks else 0.0

    @property
    def failed(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.passed]

    def as_dict(self) -> dict:
        return {"score": self.score, "checks": [asdict(c) for c in self.checks]}

    def lines(self) -> list[str]:
        return [f"{'✓' if c.passed else '✗'} {c.name.replace('_', ' ')}: {c.advice}" for c in self.checks]


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# --- objectives ------------------------------------------------------------------------------

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
YEAR = r"(?:19|20)\d\d"
WHO = _rx(rf"{GROUP.pattern}|\b(district|borough|ward|city|county|region|town|village|areas?|estates?)\b")
CHANGE = _rx(
    r"\b(cut|cuts|reduce[sd]?|reducing|lower|lowers|halve|halving|increase[sd]?|increasing|raise[sd]?|"
    r"double|doubling|grow|expand|extend|eliminate|end|shorten|speed up|reach|achieve|decrease|"
    r"prevent|avoid|bring down|fall|rise|move|get)\b|\bfrom\s+[\d.,]+%?\s+to\s+[\d.,]+"
)
VAGUE = _rx(
    r"\b(improv\w*|enhanc\w*|strengthen\w*|optimi[sz]\w*|promot\w*|foster\w*|boost\w*|streamlin\w*|transform\w*|moderni[sz]\w*|better)\b"
)
RELEVANT = _rx(
    r"\bSDGs?\b|sustainable development goal|\bprioriti|\bpriority\b|\bmission\b|corporate plan|council plan|"
    r"\bstrateg(?:y|ic)\b|in support of|contribut\w* to|align\w* with|well-?being goal|manifesto|programme for "
    r"government"
)
TIME = _rx(
    rf"\b{YEAR}\b|\bwithin\s+(?:\d+|one|two|three|six|twelve|eighteen)\s+(?:days|weeks|months|years)\b|"
    rf"\b(?:over|in)\s+the\s+next\s+\w+\s+(?:months|years)\b|\bQ[1-4]\b|\bFY\s?\d{{2,4}}\b|\bby\s+{MONTHS}\b|"
    r"\bby the end of (?:the |this |next )?(?:year|quarter|month)\b"
)
_FROM_TO = _rx(r"\bfrom\s+(?:about\s+|around\s+)?\d[\d,.]*\s+to\s+\d")
OUTPUT = _rx(
    r"\b(hold|run|organi[sz]e|host|deliver|publish|launch|produce|train|distribute|install|open|build|"
    r"create|set up|recruit|send|hire|roll out|develop)\b"
)
OUTCOME = _rx(r"\bso that\b|\bresulting in\b|\bleading to\b|\bin order to\b")
_NON_MEASURE = _rx(
    rf"\b(?:SDG|target|goal|article|section|point)s?\s+[\d.]+|\b{YEAR}\b(?!\s*%)|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS}\b|\bQ[1-4]\b"
)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def has_measure(text: str) -> bool:
    """A number that is not a year, a date, a quarter or an SDG/target reference; or a figure in words with a unit
    or beyond the small counting words ('two hundred and twelve days', 'two in three'; not 'the two towns')."""
    if _NUMBER.search(_NON_MEASURE.sub(" ", text)):
        return True
    from .slots import quantities

    return any(q.in_words and (q.unit != "number" or _above_twelve(q.value)) for q in quantities(text))


def _above_twelve(value: str) -> bool:
    try:
        return float(value) > 12
    except ValueError:
        return False


_OBJECTIVE_LINE = re.compile(r"^\s*(?:[-*•]\s*)?\**objective\s*\d*\**\s*[:.)-]\s*(.+)$", re.I)
PLACEHOLDER = re.compile(r"\[[^\]\n]*\bto confirm\b[^\]\n]*\]", re.I)


def _without_placeholders(text: str) -> str:
    """A placeholder ('[baseline to confirm]') stands for something missing: it passes no check."""
    return PLACEHOLDER.sub(" ", text)


def _without_labels(text: str, labels: tuple[str, ...] | list[str]) -> str:
    """The coach's own component labels ('Governance and decision making: ...') are headings,
    not content, so they pass no check; a leader's own headings still count."""
    text = _without_placeholders(text)
    if not labels:
        return text
    names = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.sub(
        rf"^(\s*(?:[-*•]\s*)?)(?:\*\*)?(?:{names})(?:\*\*)?\s*:\s*", lambda m: m.group(1), text, flags=re.M | re.I
    )


def split_objectives(text: str) -> list[str]:
    """Lines headed 'Objective N:' when there are any (their detail lines are not objectives);
    otherwise list items; without a list, paragraphs; one paragraph is one objective."""
    headed = [m.group(1).strip() for m in map(_OBJECTIVE_LINE.match, text.splitlines()) if m]
    if headed:
        return headed
    lines = [ln.strip() for ln in text.strip().splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    items = [
        re.sub(r"^(?:[-*•]|\d+[.)]|objective\s+\d+\s*[:.)-])\s*", "", ln, flags=re.I)
        for ln in lines
        if re.match(r"^(?:[-*•]|\d+[.)]|objective\s+\d+)", ln, re.I)
    ]
    if items:
        return items
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip() and not p.strip().startswith("#")]
    return paragraphs or [text.strip()]


def _units_of(text: str) -> list[str]:
    from .slots import quantities

    return [q.unit for q in quantities(text)]


def baseline_and_target(objective: str) -> bool:
    """Two figures in the same unit: where the measure starts and where it should get to."""
    units = _units_of(objective)
    if len(units) < 2:
        return False
    # 'from 4.1 to 1.5 per 1,000': the first figure takes the unit written after the second.
    return any(units.count(u) >= 2 for u in set(units)) or ("number" in units and bool(_FROM_TO.search(objective)))


def specific(objective: str) -> bool:
    """Names a group (of people, or a place) and a measurable change for it."""
    return bool(WHO.search(objective) and CHANGE.search(objective) and has_measure(objective))


def _written(objective: str) -> bool:
    """An objective with something in it: a group or a figure (placeholders do not count)."""
    return bool(WHO.search(objective) or has_measure(objective))


ObjectiveTest = Callable[[str], bool]
OBJECTIVE_CHECKS: list[tuple[str, ObjectiveTest, str, str]] = [
    (
        "specific",
        specific,
        "names what changes and for whom",
        "say exactly what changes (cut, raise, shorten…) and for whom (which service, residents or place)",
    ),
    (
        "measurable",
        has_measure,
        "has an indicator with a number",
        "add an indicator with a number, e.g. 'missed collections per 1,000 households'",
    ),
    (
        "baseline_and_target",
        baseline_and_target,
        "gives a baseline and a target",
        "give the baseline and the target, e.g. 'from 62% to 80%'",
    ),
    (
        "time_bound",
        lambda o: bool(TIME.search(o)),
        "has a date or period",
        "add a date or period, e.g. 'by March 2027' or 'within 18 months'",
    ),
    (
        "relevant",
        lambda o: bool(RELEVANT.search(o)),
        "links to a mission, priority or SDG",
        "link it to your mission, a strategic priority or an SDG target (e.g. 'in support of SDG 11.6')",
    ),
    (
        "outcome_not_output",
        lambda o: _written(o) and not (OUTPUT.search(o) and not CHANGE.search(o) and not OUTCOME.search(o)),
        "states an outcome, not an activity",
        "this reads as an output (an activity you deliver); state the change it should cause for people",
    ),
    (
        "no_vague_verbs",
        lambda o: _written(o) and not (VAGUE.search(o) and not has_measure(o)),
        "no vague verbs without a measure",
        "replace vague verbs like 'improve' or 'enhance' with the measurable change",
    ),
]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def review_objectives(text: str) -> Scorecard:
    objectives = [o for o in (_without_placeholders(o).strip() for o in split_objectives(text)) if o] or [""]
    many = len(objectives) > 1
    checks = []
    for name, test, ok, advice in OBJECTIVE_CHECKS:
        failing = [i for i, o in enumerate(objectives, 1) if not test(o)]
        if not failing:
            checks.append(CheckResult(name, True, _sentence(f"{'every objective ' if many else ''}{ok}")))
        else:
            which = f"objective{'s' if len(failing) > 1 else ''} {', '.join(map(str, failing))}: " if many else ""
            checks.append(CheckResult(name, False, _sentence(f"{which}{advice}")))
    count = len(objectives)
    checks.append(
        CheckResult(
            "focused",
            count <= 6,
            f"{count} objective{'s' if count != 1 else ''}"
            + ("; keep to five or six at most" if count > 6 else ", within the five-or-six limit"),
        )
    )
    return Scorecard("objectives", checks)


# --- keyword rubrics -------------------------------------------------------------------------


@dataclass
class KeywordCheck:
    """Passes when every group of patterns finds a match in the draft, or when the draft holds every
    one of ``elements``: what the interview asks for this component (:func:`slots.present`, by meaning
    too when the coach has turned the element detector on), so a part the interview took as answered
    is not marked missing."""

    name: str
    groups: list[str]
    ok: str
    advice: str
    elements: tuple[str, ...] = ()
    # the elements of the question whose component this check scores, where they are not also a way to
    # pass it (the rubric's words for inclusion are stricter than the interview's): see run()
    component: tuple[str, ...] = ()

    def run(self, text: str, parts: dict[str, str] | None = None) -> CheckResult:
        """``parts``: for a draft the coach composed, each element its question expects -> the text
        written under that question's label. A part read by meaning is read there only, so a list of
        partners elsewhere in the draft does not answer 'what each partner brings'; and while that
        text is only a placeholder the check fails, however the rest of the draft reads (a phone
        line in the problem's description is not the plan for people offline)."""
        parts = parts or {}
        own = self.elements or self.component
        if own and all(element in parts and not parts[element].strip() for element in own):
            return CheckResult(self.name, False, self.advice)  # its own component is still a placeholder
        passed = all(_rx(group).search(text) for group in self.groups) or (
            bool(self.elements) and all(present(element, parts.get(element, text)) for element in self.elements)
        )
        # two levels with no choice, seldom-heard groups with nothing done to reach them: named, not planned
        passed = passed and not any(unsettled(element, parts.get(element, text)) for element in own)
        return CheckResult(self.name, passed, self.ok if passed else self.advice)


KEYWORD_RUBRICS: dict[str, list[KeywordCheck]] = {
    "partnership": [
        KeywordCheck(
            "shared_goal",
            [
                r"\b(shared|common|joint)\s+(goal|aim|purpose|objective|vision)|\bgoal\b|\baim\b|\bpurpose\b"
                # why together, in plain words: 'none of us can do it on our own', 'pulling in the same direction'
                r"|\b(on (our|its|their) own|alone|by (ourselves|themselves|itself)|none of us|no one of us|"
                r"same direction|single-handed\w*|joint\w*|between us)\b|\b(can't|cannot|couldn't|could not|can not)\b"
                r".{1,80}\bwithout\b"
                # what changes, for whom, as the coach's own follow-up asks: 'more young people from our
                # estates in apprenticeships', 'get every school leaver ... into a job within a year'
                r"|\b(more|fewer|every|no|zero|get|cut|reduc\w*|increas\w*|halv\w*|doubl\w*|end|prevent\w*|stop)\b"
                rf".{{0,60}}(?:{GROUP.pattern})"
            ],
            "States the shared goal",
            "State the shared goal the partners will achieve together",
            ("goal_change",),
        ),
        KeywordCheck(
            "stakeholder_map",
            [
                rf"stakeholder|partner|{ORGANISATION.pattern}",
                INFLUENCE.pattern,
                INTEREST.pattern,
            ],
            "Maps stakeholders by influence and interest",
            "Map stakeholders by influence and interest, and say how you will treat each group",
            ("named", "influence_interest"),
        ),
        KeywordCheck(
            "contributions_and_benefits",
            [
                r"\b(brings?|contribut\w*|provides?|offers?|funds?)\b",
                r"\b(gets?|gains?|benefits?|receives?|in return|value for)\b",
            ],
            "Says what each partner brings and gets",
            "Say what each partner brings (money, staff, data, reach) and what each gets in return",
            ("contribution", "benefit"),
        ),
        KeywordCheck(
            "governance",
            [r"governance|steering|board|decision|decide|chair|vote|memorandum|mou|agreement"],
            "Sets out governance and decision making",
            "Set out governance: who sits on the steering group, how decisions are made, how disputes are settled",
            ("decider",),
        ),
        KeywordCheck(
            "roles_and_resources",
            [
                r"\brole|responsib|lead\b|owner|\bchair\w*|coordinator|\bhead of\b|\bmanager\b|\bdirector\b",
                r"budget|fund|resourc|staff|in[- ]kind|£|\$|€|\bhours\b",
            ],
            "Assigns roles and resources",
            "Assign roles and responsibilities and the resources each partner commits",
        ),
        KeywordCheck(
            "risks",
            [r"\brisks?\b|mitigat|conflict of interest|dependen"],
            "Names risks and how they are handled",
            "Name the main risks (conflicts of interest, dependence, data, reputation) and how you will handle them",
            ("risk", "handling"),
        ),
        KeywordCheck(
            "review_and_exit",
            [r"\breview", r"\bexit|\bend\b|close|hand(?:ed)? over|wind down|moving on|sustain|institutionali|scale"],
            "Has review points and an exit",
            "Add review points and how the partnership ends, scales or is handed over",
            ("period", "ending"),
        ),
    ],
    "engagement": [
        KeywordCheck(
            "purpose_and_decision",
            [
                r"purpose|\baim\b|goal|objective|decision|decide|\bchoos|\bchoice\b|whether|which of|on the table|"
                r"up for grabs|(is|are) (fixed|open|non-negotiable|locked)|can (genuinely |really )?(shape|affect|"
                r"influence|change|decide)|\brank|reorder|priorit",
                r"decision|decide|\bchoos|\bchoice\b|budget|options?|whether|which of|on the table|up for grabs|fixed|"
                r"open|non-negotiable|locked in|shape|affect|influence|rank|priorit|reorder|can't move",
            ],
            "States the purpose and the decision at stake",
            "State the purpose and the decision at stake: what can participants actually change?",
            ("decision_open",),
        ),
        KeywordCheck(
            "participation_level",
            [r"\b(inform|consult|involve|collaborat\w*|empower\w*)\b"],
            "Names the participation level",
            "Name the participation level (inform, consult, involve, collaborate or empower)",
            ("level",),
        ),
        KeywordCheck(
            "who_and_recruitment",
            [r"recruit|invite|random|stratif|sampl|select|sign[- ]up|open call|outreach"],
            "Says who takes part and how they are recruited",
            "Say who takes part and how you will recruit them (open call, random selection, outreach)",
            ("recruitment",),
        ),
        KeywordCheck(
            "inclusion_and_access",
            [
                r"seldom[- ]heard|hard[- ]to[- ]reach|disab|accessib|languages?|translat|interpret|easy read|older "
                r"people|young people|minorit|digital(ly)? exclu|childcare|carers|creche|shift workers|braille"
                r"|large print|sign language|alternative formats?|wcag|screen[- ]?readers?|offline|(don't|do not|"
                r"can't|can ?not|won't) (go|get|be) online|travel costs?|(bus|train|taxi) fares"
                r"|(go|come|meet people|meet residents) (to )?where (people|residents|they) (already )?"
                r"(are|meet|gather)"
            ],
            "Plans for seldom-heard groups and accessibility",
            "Plan how to reach seldom-heard groups and make it accessible (languages, disability, offline options)",
            ("inclusion",),
        ),
        KeywordCheck(
            "methods_and_channels",
            [
                r"survey|workshop|assembl|panel|online|in person|in-person|meeting|focus group|platform|\bapp\b|jury|"
                r"pop-up|drop-in|vote|ballot"
            ],
            "Chooses methods and channels",
            "Choose methods and channels, both in person and online",
            ("channel",),
        ),
        KeywordCheck(
            "timeline",
            [rf"\b{YEAR}\b|\b{MONTHS}\b|\bweeks?\b|\bmonths?\b|timeline|schedule|phase"],
            "Has a timeline",
            "Add a timeline tied to when the decision is taken",
            ("period",),
        ),
        KeywordCheck(
            "feedback_loop",
            [
                r"report(ing)? back|feedback|you said|we did|publish\w*|tell participants|how (the |their |your "
                r")?(input|views|ideas) (was|were|will be) used|respond"
            ],
            "Says how input is used and reported back",
            "Say how input will be used and how you will report back to participants",
            ("feedback",),
        ),
        KeywordCheck(
            "evaluation",
            [r"evaluat|measur|indicator|success|monitor|assess"],
            "Says how the engagement will be evaluated",
            "Say how you will judge whether the engagement worked (who took part, influence on the decision)",
            ("evaluation",),
        ),
    ],
    "innovation": [
        KeywordCheck(
            "challenge",
            [
                r"challenge|problem|need|issue|too (?:many|few|much|little|long|slow)\b|fewer\b|backlog|complaints?|"
                r"costly|costs? (us|the|our)|no-?shows?|arrears|\blos(e|ing)\b|shortages?|\bgaps?\b|struggl|delays?|"
                r"\bwait|behind|worse|\b(up|rising|rose|risen) (by )?\d|more likely|less likely|\bonly \d|missing out|"
                r"against an? |climbing|keeps? (rising|growing)|homeless|\bdropp?(ed|ing|s)?\b|\bfall(en|ing)\b|"
                r"\bfell\b|declin|decreas|don't see|not reaching"
            ],
            "States the challenge",
            "State the challenge the innovation addresses",
            ("challenge",),
        ),
        KeywordCheck(
            "hypothesis",
            [rf"hypothes|assum|{HYPOTHESIS.pattern}"],
            "States a testable hypothesis",
            "Write a testable hypothesis: 'if we …, then … will change by …'",
            ("hypothesis",),
        ),
        KeywordCheck(
            "test_design",
            [TEST_DESIGN.pattern],
            "Describes the pilot or trial",
            "Describe a small, reversible pilot or trial, with a comparison where ethical",
            ("test_design", "duration"),
        ),
        KeywordCheck(
            "success_criteria",
            [
                r"success|criteria|measur|indicator|metric|target|\brate\b|proportion|percentage|number of|"
                r"\b(?:drops?|falls?|rises?|grows?|cut|reduced?) by\b|\bper\b|a win|\blift\b|significan|doubl|"
                r"the bar\b|threshold|baseline|\bfrom\b.{1,30}\bto\s+\d|a result\b|happy with|\d\s?% now|->|→|"
                r"\b(under|down by|up by) (\d|a )"
            ],
            "Sets success criteria in advance",
            "Set success criteria before the pilot starts",
            ("measure_word",),
        ),
        KeywordCheck(
            "scale_or_stop",
            [r"scal|stop|roll[- ]out|decid|continue|go/no[- ]go|expand"],
            "Plans the scale-or-stop decision",
            "Say what result leads you to scale up, change or stop",
            ("decision_rule",),
        ),
        KeywordCheck(
            "resources",
            [rf"{BUDGET.pattern}|fund|£|\$|€|team|staff|officer|resourc|cost"],
            "Names budget and team",
            "Name the budget and team, and how much you can afford to lose",
            ("budget",),
        ),
        KeywordCheck(
            "learning",
            [
                r"learn|lesson|review|after-action|share|document|fail|write[- ]?ups?|weeknotes|blog|"
                r"show[- ]and[- ]tell|retro|diar(y|ies)|\blogs?\b|reflect|case stud|publish|brief|public|video|summary|"
                r"a talk|talks? (at|to)|intranet|conference"
            ],
            "Captures learning, including from failure",
            "Say how you will capture and share what you learn, including failure",
            ("sharing",),
        ),
    ],
    "digital": [
        KeywordCheck(
            "user_needs",
            [r"user|resident|citizen|customer|people", r"need|research|journey|pain point|problem"],
            "Starts from user needs",
            "Start from the users and what they need, based on research",
            ("group", "user_need"),
        ),
        KeywordCheck(
            "whole_problem",
            [
                r"end[- ]to[- ]end|whole|journey|channel|phone|in person|offline|joined[- ]up|hand-?offs?|on paper|"
                r"at the counter|(every|each) (step|stage)|start to finish|departments|processes|crossing|across"
            ],
            "Covers the whole problem across channels",
            "Cover the whole problem across channels (online, phone, in person)",
            ("channels",),
        ),
        KeywordCheck(
            "data_and_privacy",
            [r"\bdata\b", r"privacy|protect|secur|consent|gdpr|lawful|govern|share|interoperab|once only"],
            "Covers data, privacy and sharing",
            "Say what data is used, how it is protected and how it is shared",
            ("data_holder", "data_protection"),
        ),
        KeywordCheck(
            "inclusion",
            [
                r"accessib|inclusi|assisted digital|offline|disab|language|everyone|digital(ly)? exclu|skills"
                r"|wcag|screen[- ]?readers?|assistive|large print|easy read|braille|alternative formats?|helpline"
                r"|paper (forms?|applications?|cop(y|ies))|face[- ]to[- ]face|without (the )?(internet|a computer|a "
                r"smartphone|online access)|(can ?not|can't|unable to|don't|do not|won't) (use|go|get) "
                r"(it |the (website|site|app|service) )?online|(can ?not|can't|unable to) use the (website|site|app)"
                r"|in[- ]person (support|help|service|booking|options?|appointments?|routes?)|on (someone's|somebody's|"
                r"their) behalf|counters?|buddy|digital champions?|drop-?ins?|stays? open|home visits?|kiosks?|\bsms\b|"
                r"basic phones|section 508|blind|low[- ]vision|deaf|hotline|"
                r"\w+ and \w+ versions|language versions"
                # another route kept, or someone doing it with them: 'anyone can still ring', 'the desk at
                # the town hall will place the order for them'
                r"|\bstill (?:ring|phone|call|visit|write|post|come in)\b"
                r"|\b(?:fill|complete|place|submit|apply|book|do|log|enter)\w*\b.{0,40}\b(?:for|with|on behalf of) "
                r"(?:them|callers|tenants|residents|customers|people|applicants|the (?:tenant|resident|caller|customer|"
                r"person|applicant))\b"
                # the old route stays ('phone line stays', 'paper forms remain'); help for those who come in
                # or struggle ('the housing office will help people who come in')
                r"|\b(?:phone|telephone|paper|counter|desk|office|post(?:al)?)\w*(?: \w+){0,2} (?:stays?|remains?|"
                r"will (?:stay|remain|continue)|is kept|are kept|continues?)\b"
                r"|\bhelp (?:people|residents|tenants|customers|callers|anyone|those|them)\b.{0,20}\b(?:who|that) "
                r"(?:come in|call|visit|struggle|can'?t|cannot|need)|\b(?:anyone|people|those|residents|tenants) who "
                r"(?:struggles?|needs? help|prefers? not)"
            ],
            "Plans for everyone to use it",
            "Plan for people who can't or won't go online, and for accessibility",
            component=("assisted",),
        ),
        KeywordCheck(
            "team_and_ways_of_working",
            [r"team|agile|iterat|release|multidisciplinary|open standard|open source|user research|sprint"],
            "Describes the team and ways of working",
            "Describe the team and how it works (user research, small releases, open standards)",
            ("team", "ways_of_working"),
        ),
        KeywordCheck(
            "success_measures",
            [r"measur|indicator|kpi|metric|target|baseline|success|publish"],
            "Defines success measures",
            "Define success measures with baselines and targets, and publish them",
            ("measure_word", "number"),
        ),
    ],
}

LEVEL_SIGNALS = {
    "empower": (
        r"implement what|binding|final (say|decision)|(residents|citizens|people|the public) (decide|vote)|will be "
        r"implemented|ballot|\bvote"
    ),
    "collaborate": r"co-?design|co-?creat|jointly|together|recommendations?|partner|assembl|panel|working group",
    "involve": r"workshops?|throughout|panel|meetings?|reflect|sessions",
    "consult": r"report(ing)? back|feedback|survey|consultation|comments|views",
    "inform": r"information|publish|newsletter|website|leaflet|notice",
}


def _promise_matches_level(text: str) -> CheckResult:
    levels = [
        lvl for lvl in ("empower", "collaborate", "involve", "consult", "inform") if _rx(rf"\b{lvl}\w*").search(text)
    ]
    if not levels:
        return CheckResult(
            "promise_matches_level", False, "Name the level so the promise to participants can be checked against it"
        )
    level = levels[0]  # the highest level the draft claims
    only_survey = bool(_rx(r"survey|questionnaire").search(text)) and not _rx(
        LEVEL_SIGNALS["collaborate"] + "|" + LEVEL_SIGNALS["involve"]
    ).search(text)
    if level in ("collaborate", "empower") and only_survey:
        return CheckResult(
            "promise_matches_level",
            False,
            f"The plan claims '{level}' but only runs a survey: that is consultation; raise the methods or lower the "
            f"promise",
        )
    if not _rx(LEVEL_SIGNALS[level]).search(text):
        return CheckResult(
            "promise_matches_level",
            False,
            f"A '{level}' plan must show how it keeps that promise (see the participation spectrum)",
        )
    return CheckResult("promise_matches_level", True, f"The '{level}' promise is backed by matching methods")


def _component_parts(text: str, expects_by_label: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """For a draft written with the workflow's component labels ('- Governance and decision making:
    ...'), each element a question expects -> the text under that question's label (up to the next
    label); {} for a draft without them (pasted or written by the leader)."""
    if not expects_by_label:
        return {}
    names = "|".join(re.escape(label) for label in sorted(expects_by_label, key=len, reverse=True))
    heading = re.compile(rf"^\s*(?:[-*•]\s*)?(?:\*\*)?({names})(?:\*\*)?\s*:\s*", re.I)
    by_label: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        m = heading.match(line)
        if m:
            current = next(label for label in expects_by_label if label.lower() == m.group(1).lower())
            by_label.setdefault(current, []).append(line[m.end() :])
        elif current is not None and line.strip():
            by_label[current].append(line)
    parts: dict[str, str] = {}
    for label, lines in by_label.items():
        for element in expects_by_label[label]:
            parts[element] = (parts.get(element, "") + " " + " ".join(lines)).strip()
    return parts


def review(
    text: str,
    rubric: str,
    labels: tuple[str, ...] | list[str] = (),
    expects_by_label: dict[str, tuple[str, ...]] | None = None,
) -> Scorecard:
    """Score a draft with the named rubric. ``labels`` are the workflow's component labels,
    which the coach writes into composed drafts: they are not counted as content.
    ``expects_by_label`` (each label's question's elements) lets a part read by meaning be read
    under its own label only (see :meth:`KeywordCheck.run`)."""
    if rubric not in RUBRICS:
        raise UnknownRubric(f"rubric must be one of {', '.join(RUBRICS)}, not '{rubric}'")
    if not text or not text.strip():
        raise ValueError("the draft is empty")
    if rubric == "objectives":
        return review_objectives(text)
    content = _without_labels(text, labels)
    # a part only put off or hoped for, or stated in words that fit any plan, does not count
    answered = without_deferrals(without_vague(content))
    parts = {
        element: without_deferrals(without_vague(_without_placeholders(part)))
        for element, part in _component_parts(text, expects_by_label or {}).items()
    }
    checks = [check.run(answered, parts) for check in KEYWORD_RUBRICS[rubric]]
    if rubric == "engagement":
        checks.insert(2, _promise_matches_level(content))
    return Scorecard(rubric, checks)
