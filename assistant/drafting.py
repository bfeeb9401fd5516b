"""Drafts composed from the leader's answers, never pasted; and the checks a model's rewrite must pass.

:func:`compose` writes the plan section from the interview's slots: for objectives, a full
objective statement (direction, measure, group, baseline, target, date, strategic link) built
from the extracted numbers, units and dates; for the other workflows, one line per component
in the leader's own words, tidied. Anything missing or vague becomes a visible placeholder
(``[baseline to confirm: ...]``), never the raw answer.

:func:`check_rewrite` decides whether a model's rewrite of a draft may replace it: no prompt
scaffolding or repeated lines, every number traceable to the leader or a cited passage, and a
rubric score no lower than the deterministic draft's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .interview import WorkflowState
from .review import PLACEHOLDER  # '[baseline to confirm]': one pattern for the drafts and their checks
from .slots import (
    GROUP,
    MEASURED_WHEN,
    SOURCE,
    a_count_for_a_rate,
    a_name,
    bare,
    clean_phrase,
    count_noun,
    deadline,
    group_phrase,
    is_a_rate,
    level_of,
    measured_figure,
    measuring_plan,
    numbers_in,
    quantities,
    without_asides,
)
from .specificity import sentences
from .texting import CURRENCY, unspaced_thousands
from .workflows import Workflow

ELEMENT_NAMES = {
    "number": "figure",
    "source": "source",
    "date": "date",
    "period": "dates",
    "group": "group of people",
    "named": "who",
    "priority": "strategic link",
    "level": "participation level",
    "promise": "promise to participants",
    "contribution": "what each partner brings",
    "benefit": "what each partner gets",
    "decider": "who decides",
    "risk": "the risks",
    "handling": "how each risk is handled",
    "ending": "how it ends or is handed over",
    "recruitment": "how people are recruited",
    "inclusion": "how seldom-heard groups are reached",
    "channel": "methods",
    "feedback": "how people hear back",
    "evaluation": "how the engagement is evaluated",
    "hypothesis": "the expected change",
    "test_design": "comparison or trial design",
    "duration": "place and length",
    "decision_rule": "the scale-or-stop rule",
    "budget": "budget and team",
    "team": "who is on the team",
    "tolerance": "what you can afford to lose",
    "permission": "who signed it off",
    "sharing": "how learning is shared",
    "user_need": "what users need",
    "channels": "the channels",
    "data_protection": "privacy safeguards",
    "data_holder": "who holds the data",
    "assisted": "help for people offline",
    "ways_of_working": "ways of working",
    "measure_word": "the measures",
    "choice": "measure",
    "decision_open": "what the public can change",
    "goal_change": "what changes, for whom",
    "challenge": "what goes wrong today",
    "influence_interest": "each one's influence and interest",
    "substance": "details",
}


def placeholder(text: str) -> str:
    return f"[{text}]"


# What a target comes to in numbers, said after it ('..., which means retrofitting about 1,800 homes').
_TARGET_MEANS = re.compile(
    r"(?i)(?:,|\s[-\u2013\u2014])\s*(?:which|that|this)\s+means\s+(?P<what>[^.;]*?\d[\d,.]*\s+[a-z][^.;]*)"
)


def _value(flow: Workflow, state: WorkflowState, key: str) -> str:
    """One component in the leader's words, with a placeholder for whatever is still missing."""
    question = flow.question(key)
    answer = state.answers.get(key, "").strip()
    missing = state.missing.get(key, [])
    if missing == ["substance"] and question.name_only and a_name(answer):
        # 'Parking enforcement [priority to confirm]'
        return f"{clean_phrase(without_asides(answer), 0)} {placeholder(question.name_only)}"
    if not answer or "substance" in missing or (question.expects and set(question.expects) <= set(missing)):
        return placeholder(question.placeholder)  # nothing usable: the leader's words are not pasted
    text = clean_phrase(without_own_label(question, without_asides(answer)), 0)  # never cut short, less asides
    if missing:
        names = ", ".join(ELEMENT_NAMES.get(m, m) for m in missing)
        text = f"{text} [{names} to confirm]"
    return text


def without_own_label(question, text: str) -> str:
    """``text`` without a label naming its own question that the leader typed before it ('Links: the national ...'
    for the strategic link): the plan has the label already."""
    names = "|".join(
        re.escape(n) for n in sorted({question.label.lower(), question.key.replace("_", " ")}, key=len)[::-1]
    )
    return re.sub(rf"(?i)^\s*(?:(?:the|our|my)\s+)?(?:strategic\s+)?(?:{names})s?\s*:\s+(?=\S)", "", text)


def compose(flow: Workflow, state: WorkflowState) -> str:
    if flow.composer == "objectives":
        return _compose_objectives(flow, state)
    lines = []
    for question in flow.questions:
        value = _value(flow, state, question.key)
        if question.key == "level" and flow.levels:
            level = level_of(state.answers.get("level", ""))
            if level and level in flow.levels and "level" not in state.missing.get("level", []):
                own = re.sub(rf"(?i)^\W*{level}\w*\s*[.:,;-]\s*", "", value).strip()
                value = f"{flow.levels[level]} {own[:1].upper() + own[1:]}".strip()
        lines.append(f"- {question.label}: {value}")
    return "\n".join(lines)


# --- objectives ------------------------------------------------------------------------------------


COUNT = "count"  # a plain count given where the measure is a percentage or a rate


def _number_text(answer: str, unit_hint: str, noun: str = "") -> tuple[str, float | None, str]:
    """The first measured figure in an answer, rendered with its unit, its value and its unit. A plain
    number over 100 for a percentage measure (or after such a baseline) is a count: it keeps the
    leader's noun ('300 volunteers', or ``noun``) and its unit is :data:`COUNT`, never a made-up '%'. So is a
    number followed by what it counts ('140 children') for a rate: never a made-up '140 per 10,000'. Of
    several figures, the first in the measure's unit is taken."""
    q = measured_figure(answer, unit_hint)
    if q is None:
        return "", None, ""
    unit = q.unit if q.unit != "number" or not unit_hint else unit_hint
    try:
        value = float(q.value.replace(",", ""))
    except ValueError:
        value = None
    if q.unit == "number" and (unit_hint == COUNT or a_count_for_a_rate(answer, unit_hint)):
        figure = q.render() if q.in_words else q.value  # 'twelve hundred families' as the leader wrote it
        return f"{figure} {count_noun(answer, q.text if q.in_words else q.value) or noun}".strip(), value, COUNT
    if unit == "%" and q.unit != "%":
        return f"{q.value}%", value, unit
    if q.unit == "number" and unit not in ("number", "", "%"):
        return f"{q.value} {unit}", value, unit
    at = answer.find(q.text)
    whole = _OUT_OF.match(answer, at + len(q.text)) if q.unit == "number" and at >= 0 else None
    if whole:  # '9 of 16': a figure out of a whole keeps the whole
        return f"{q.render()} of {whole.group(1)}", value, unit
    low = _RANGE_FROM.search(answer[max(0, at - 40) : at]) if at > 0 and not q.in_words else None
    if low:  # 'between 40 and 45 per cent': the range, as the leader gave it
        return f"{low.group(1) or low.group(2)}-{q.render()}", value, unit
    return q.render(), value, unit


# The lower end of a range said just before its upper one: 'between 40 and ', '40 to ', '40-', '40% -'.
_RANGE_FROM = re.compile(
    rf"(?:\bbetween\s+(\d[\d,]*(?:\.\d+)?)\s*(?:%|per ?cent|percent)?\s*and"
    rf"|(?<!\bfrom )(?<![\w.,{CURRENCY}])(\d[\d,]*(?:\.\d+)?)\s*(?:%|per ?cent|percent)?\s*(?:-|\u2013|to))\s*$",
    re.I,
)


_OUT_OF = re.compile(r"\s+(?:out\s+)?of\s+(?:the\s+|our\s+)?(\d[\d,]*)(?![\d.,]*\s*%)\b")


_BOUND = re.compile(
    r"\b(under|below|fewer than|less than|at most|no more than|at least|more than|over|above)\s+(?:about\s+)?"
    rf"(?=[{CURRENCY}]?\d)",
    re.I,
)


def _bounded(answer: str, figure_text: str) -> str:
    """``figure_text`` with the bound the leader put on it ('under 100 by September 2027'): a target
    set as a limit is not a point."""
    digits = re.search(r"\d[\d,.]*", figure_text)
    bound = _BOUND.search(answer)
    if not digits or not bound or not answer[bound.end() :].startswith(digits.group()):
        return figure_text
    return f"{bound.group(1).lower()} {figure_text}"


_DOWN = re.compile(
    r"(?i)\b(?:down to|cut|reduc\w*|lower\w*|bring (?:it |them )?down|fall\w*|fewer|less than|under|below)\b"
)
_UP = re.compile(r"(?i)\b(?:up to|rais\w*|increas\w*|lift\w*|grow\w*|higher|more than|over|above|at least)\b")


def _holding(answer: str, figure_text: str) -> str:
    """The clause of ``answer`` that holds ``figure_text``: 'contamination below 5 per cent' said after the target
    ('25 per cent collected as organic by Q4 2027, and contamination below 5 per cent') is not the way the target
    goes. The whole answer when the figure is not found in one clause."""
    digits = re.search(r"\d[\d,.]*", figure_text or "")
    clauses = re.split(r"(?<=[.;!?])\s+|,\s+(?:and|but|while|with)\s+", answer)
    return next((c for c in clauses if digits and digits.group() in c), answer)


def _direction(indicator: dict, baseline: float | None, target: float | None, said: str = "") -> str:
    """The objective's verb: from the baseline and target, else the measure's direction, else the way the
    leader said the target ('down to 12 ppb')."""
    if baseline is not None and target is not None and baseline != target:
        return "Increase" if target > baseline else "Reduce"
    known = {"up": "Increase", "down": "Reduce"}.get(indicator.get("direction", ""))
    if known:
        return known
    down, up = bool(_DOWN.search(said)), bool(_UP.search(said))
    return "Reduce" if down and not up else "Increase" if up and not down else "Move"


_MEASURE_HEAD = re.compile(
    r"(?i)^(?:the|a|an|our|share|proportion|percentage|rate|number|count|average|mean|median|time|level|"
    r"total|amount|cost|value|score|ratio|per ?cent)\b"
)


def _article(measure: str, unit: str) -> str:
    """'the share of' before a percentage measure named by who is counted; 'the' before a rate or a count."""
    if measure.startswith("[") or re.match(r"(?i)(the|a|an|our)\b", measure):
        return ""
    if _MEASURE_HEAD.match(measure):
        return "the "
    return (
        "the share of "
        if unit == "%"
        and GROUP.match(measure)
        or re.match(r"(?i)\w+\s+(?:people|adults|children|households)\b", measure)
        and unit == "%"
        else ""
    )


_HEDGE = re.compile(r"(?i)\b(?:i think|i guess|i reckon|maybe|probably|roughly|not sure|ish|or so|give or take)\b")


_SHARE_OF = re.compile(
    r"(?i)\d[\d.,]*\s?(?:%|per ?cent\b|percent\b)\s+of\s+(?:the\s+)?(?P<whole>\d[\d,]*(?:\s?[-\u2013]\s?\d[\d,]*)?"
    r"(?:\s+(?!in\b|from\b|by\b|at\b|for\b|on\b|over\b|during\b)[a-z][\w'-]*){1,3})"
)
_COUNT_OF = re.compile(
    r"(?i)(?:\bbetween\s+(?P<low>\d[\d,]*)\s+(?:and|to)\s+(?P<high>\d[\d,]*)|(?<![\d.,/])(?P<count>\d[\d,]*))"
    r"(?![\d.,/%])\s+(?P<noun>[a-z][\w'-]*)"
)


def _whole_of(answer: str) -> str:
    """What a baseline share is of, as the answer says it: 'of 1,240 people discharged' from '68% of 1,240 people
    discharged', or 'of 300-320 people' when a count is said first and the share is of them ('Between 300 and 320
    people were discharged. Between 200 and 215 of them ..., which is between 64 and 68 per cent'), or the whole it
    was worked out from (:func:`_worked_out_of`). '' otherwise."""
    said = _SHARE_OF.search(answer)
    if said:
        return f"of {said.group('whole').strip()}"
    parts = sentences(answer)
    for n, part in enumerate(parts[1:], 1):
        if re.search(r"(?i)\bof them\b", part) and re.search(r"(?i)%|per ?cent|percent", part):
            for count in _COUNT_OF.finditer(parts[n - 1]):
                if count.group("noun").lower() in ("per", "percent", "of", "and", "to", "in"):
                    continue
                number = f"{count.group('low')}-{count.group('high')}" if count.group("low") else count.group("count")
                if re.fullmatch(r"(?:19|20)\d\d", number):
                    continue
                return f"of {number} {count.group('noun')}"
    return _worked_out_of(answer)


def _worked_out_of(answer: str) -> str:
    """The whole a share was worked out from, when the answer gives the two counts before the share ('reached 1,610
    households. The register counts 4,230 households ..., so the baseline is 38 per cent': 'of 4,230 households').
    '' unless one count divided by a later, larger one is the share said, to within half a point."""
    share = re.search(r"(?i)(?<![\d.,])(\d{1,2}(?:\.\d+)?)\s?(?:%|per ?cent\b|percent\b)", answer)
    if not share:
        return ""
    said = float(share.group(1))
    counts = [
        (float(m.group("count").replace(",", "")), m)
        for m in _COUNT_OF.finditer(answer[: share.start()])
        if m.group("count") and not re.fullmatch(r"(?:19|20)\d\d", m.group("count"))
    ]
    for n, (part, _) in enumerate(counts):
        for whole, found in counts[n + 1 :]:
            if part < whole and abs(100 * part / whole - said) <= 0.5:
                return f"of {found.group('count')} {found.group('noun')}"
    return ""


def _said_with_the_figure(answer: str, figure: str, source: str) -> str:
    """What the leader said from the baseline figure up to its source, when it is short and sure ('3.1% of
    KES 26.4 billion paid in FY 2024/25, about KES 818 million'): what the figure is of and when it was
    taken stay with it. '' when the answer does not start with the figure."""
    start = answer.find(figure.split(" ")[0])
    end = answer.find(source)
    if start < 0 or end <= start or answer[:start].strip(" ,").lower() not in ("", "about", "around"):
        return ""
    said = re.sub(
        r"(?i)[\s,;(]*(?:source[sd]?:?|according to|based on|from|per|in|using|via|out of)\s*$", "", answer[start:end]
    ).strip(" ,;(")
    if len(said.split()) > 20 or _HEDGE.search(said) or not said.startswith(figure.split(" ")[0]):
        return ""
    return said


def _source_clause(answer: str) -> str:
    """Where a baseline comes from, in the leader's words: 'our 2023/24 ASCOF return'."""
    for q in quantities(answer):  # 'two in three adults ...' is a figure, not a source 'in three adults'
        if q.in_words:
            answer = answer.replace(q.text, " " * len(q.text))
    # The plainest cue first: 'according to the survey' names the source even after 'in parks'.
    for cue in (r"source[sd]?:?|according to|based on|from", r"per|in|using|via|out of"):
        for match in re.finditer(
            rf"\b(?:{cue})\s+((?:the|our|last|this)\b[^.;]*|[^.;]*?" + SOURCE.pattern + r"[^.;,]*)", answer, re.I
        ):
            if SOURCE.search(match.group(1)):
                return " ".join(match.group(1).split()).rstrip(",)")
    return ""


# A measure that says what it counts ('the number of our designated bathing waters', 'the value of payments'):
# the group the problem names is not the population it is taken over.
_COUNTS_ITS_OWN = re.compile(
    r"(?i)\b(?:number|count|share|percentage|proportion|value|amount|total|volume|length|area|tonnes?)\s+of\b"
)


def _without_the_threshold(answer: str, measure: str) -> str:
    """``answer`` without the threshold the leader's own measure is defined by ('80% w/in 5 days by Dec '28' for
    '% of urgent repairs done w/in 5 days' is '80% by Dec '28'): that figure is part of the measure, not its value."""
    threshold = r"\s*\b(?:w/in|within|in under|under|in less than|less than|over|more than|above|below)\s+"
    for q in quantities(measure):
        if re.search(threshold + re.escape(q.text), measure, re.I):
            answer = re.sub(threshold + re.escape(q.text) + r"\b", "", answer, flags=re.I)
    return answer


def _compose_objectives(flow: Workflow, state: WorkflowState) -> str:
    answers, missing, indicator = state.answers, state.missing, state.indicator or {}
    unit_hint = indicator.get("unit", "")
    if indicator.get("indicator") and "indicator" not in missing:
        name = indicator["indicator"].strip().rstrip(".")
        # A library indicator is a common noun phrase; a leader's own measure keeps its capitals.
        if indicator.get("own"):  # the leader's words, up to the first aside ('..., snapshot each quarter')
            measure = bare(re.split(r"[;(]|,\s(?!(?:\w+\s+){0,3}?(?:or|and)\s)|\s[-–—]\s", name)[0])
        else:
            measure = name if re.match(r"^[A-Z0-9]{2,}\b", name) else name[:1].lower() + name[1:]
    else:
        measure = placeholder(flow.question("indicator").placeholder)
    own = measure if indicator.get("own") else ""
    base_text, base_value, base_unit = (
        _number_text(_without_the_threshold(answers.get("baseline", ""), own), unit_hint)
        if "number" not in missing.get("baseline", [])
        else ("", None, "")
    )
    target_answer = _without_the_threshold(answers.get("target", ""), own)
    noun = base_text.partition(" ")[2] if base_unit == COUNT else ""
    target_text, target_value, target_unit = (
        _number_text(target_answer, base_unit or unit_hint, noun)
        if "number" not in missing.get("target", [])
        else ("", None, "")
    )
    when = deadline(target_answer) if "date" not in missing.get("target", []) else ""
    if target_text and target_unit != "times":
        target_text = _bounded(target_answer, target_text)  # 'under 100', as the leader set it
    group = group_phrase(answers.get("problem", "")) if "problem" in answers else ""
    # only when the measure names nobody and counts nothing of its own ('the number of bathing waters')
    among = f" among {group}" if group and not (GROUP.search(measure) or _COUNTS_ITS_OWN.search(measure)) else ""
    verb = _direction(indicator, base_value, target_value, _holding(target_answer, target_text))
    to = target_text
    if target_unit == "times" and target_value:  # 'halve it', 'double the number': a multiple of the baseline
        verb = "Increase" if target_value > 1 else "Reduce"
        said = target_text.lower()
        to = said if said in ("double", "treble", "triple") else {0.5: "half", 2: "double"}.get(target_value, "")
        to = (to or f"{target_value:g} times") + " that"
    counted = is_a_rate(unit_hint) and COUNT in (base_unit, target_unit)
    the = _article(measure, COUNT if counted else unit_hint or base_unit)
    objective = (
        f"Objective 1: {verb} {the}{measure}{among} from {base_text or placeholder('baseline to confirm')} "
        f"to {to or placeholder('target to confirm')} {when or placeholder('date to confirm')}"
    )
    link = answers.get("link", "")
    if link and "priority" not in missing.get("link", []):
        objective += f", in support of {bare(without_own_label(flow.question('link'), link))}"
    else:
        objective += f", in support of {placeholder('strategic priority to confirm')}"
    lines = [objective.rstrip(".") + "."]
    lines.append(f"- Why it matters: {_value(flow, state, 'problem')}")
    if indicator.get("indicator") and "indicator" not in missing:
        definition = indicator.get("definition", "")
        framework = indicator.get("framework", "")
        detail = f"{clean_phrase(indicator['indicator'])}" + (f" {clean_phrase(definition)}" if definition else "")
        if framework:
            detail += f" (Source: {framework}.)"
        lines.append(f"- Measure: {detail}")
    else:
        lines.append(f"- Measure: {placeholder(flow.question('indicator').placeholder)}")
    baseline_line = _value(flow, state, "baseline")
    source = _source_clause(answers.get("baseline", ""))
    if base_text and source and "source" not in missing.get("baseline", []):
        at = next((m.group(0) for m in MEASURED_WHEN.finditer(answers["baseline"]) if m.group(0) not in source), "")
        at = at[:1].lower() + at[1:] if re.match(r"(?:For|In|At|As of|During|Over)\b", at) else at
        whole = _whole_of(answers["baseline"]) if base_unit == "%" else ""  # '68% of 1,240 people discharged'
        measured = f"{base_text} {whole} {at}".replace("  ", " ").strip()  # the year asked for stays beside it
        measured = _said_with_the_figure(answers["baseline"], base_text, source) or measured
        baseline_line = f"{measured[:1].upper()}{measured[1:]}, from {source}."
    plan = measuring_plan(answers.get("baseline", "")) if "number" not in missing.get("baseline", []) else ""
    if plan and not base_text:  # no figure yet: the way to get one, without the leader's hedges around it
        baseline_line = f"Not measured yet; {plan[:1].lower()}{plan[1:].rstrip('.')}."
    lines.append(f"- Baseline: {baseline_line}")
    if target_text and when:
        means = _TARGET_MEANS.search(answers.get("target", ""))  # '..., which means retrofitting about 1,800 homes'
        also = f", which means {means.group('what').strip()}" if means else ""
        said = f"{to.removesuffix(' that')} the baseline" if target_unit == "times" and to else target_text
        lines.append(f"- Target: {said[:1].upper()}{said[1:]} {when}{also}.")  # 'Double the baseline by ...'
    else:
        lines.append(f"- Target: {_value(flow, state, 'target')}")
    lines.append(f"- Service and priority: {_value(flow, state, 'service')}")
    lines.append(f"- Delivered with: {_value(flow, state, 'stakeholders')}")
    lines.append(f"- Strategic link: {_value(flow, state, 'link')}")
    if counted:
        rate = "percentage" if unit_hint == "%" else f"rate {unit_hint}"
        lines.append(
            "- Units: "
            + placeholder(
                f"to confirm: the measure is a {rate} and these figures are counts; give the "
                f"{rate.split()[0]}, or name the count as your own measure"
            )
        )
    return "\n".join(lines)


# --- checks on a model's rewrite ----------------------------------------------------------------------

# Phrases of the coach's own prompts that a model may echo back.
_SCAFFOLD = re.compile(
    r"(?i)(rewrite the (?:draft|document)|follow the request|(?:review |checklist )?findings(?: to fix)?:|"
    r"leader'?s (?:request|notes|draft)|reference documents|</?document\b|output only|you are strategy coach|"
    r"as an ai\b|system prompt|keep every figure)"
)


@dataclass
class RewriteCheck:
    accepted: bool
    reason: str = ""


def counted_numbers(text: str) -> set[str]:
    """The figures of a text: numbers outside placeholders and citation marks, single digits aside."""
    plain = re.sub(r"\[\d{1,3}\]", " ", PLACEHOLDER.sub(" ", text))
    return {n for n in numbers_in(plain) if not re.fullmatch(r"[0-9]", n)}


def unsupported_numbers(text: str, sources: list[str]) -> list[str]:
    """Figures in ``text`` that appear in none of ``sources`` (the leader's messages, cited passages); '12 500' and
    "1'250'000" in a source are the figures 12,500 and 1,250,000."""
    allowed = set().union(*(numbers_in(unspaced_thousands(s)) for s in sources)) if sources else set()
    return sorted(n for n in counted_numbers(text) if n not in allowed)


def debris(text: str, said: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Model debris in a section: prompt scaffolding (unless the leader wrote it), repeated lines."""
    own = " ".join(said).lower()
    found = [f"scaffolding: {m.group(0)}" for m in _SCAFFOLD.finditer(text) if m.group(0).lower() not in own]
    seen: set[str] = set()
    for line in text.splitlines():
        key = re.sub(r"\W+", " ", line).strip().lower()
        if len(key) > 12 and key in seen:
            found.append(f"repeated line: {line.strip()[:60]}")
        seen.add(key)
    return found


def check_rewrite(rewrite: str, draft: str, score: Callable[[str], Any], sources: list[str]) -> RewriteCheck:
    """Whether a model's rewrite may replace the deterministic draft, and if not, why."""
    rewrite = rewrite.strip()
    if not rewrite:
        return RewriteCheck(False, "the model returned nothing")
    problems = debris(rewrite, sources)
    if problems:
        return RewriteCheck(False, f"it contained {problems[0]}")
    extra = unsupported_numbers(rewrite, [*sources, draft])
    if extra:
        return RewriteCheck(False, f"it introduced figures nobody gave ({', '.join(extra[:3])})")
    if PLACEHOLDER.search(draft) and not PLACEHOLDER.search(rewrite):
        return RewriteCheck(False, "it dropped the placeholders for what you have not confirmed")
    before, after = score(draft).score, score(rewrite).score
    if after < before:
        return RewriteCheck(False, f"it scored lower on the checklist ({after:.0%} against {before:.0%})")
    return RewriteCheck(True)
