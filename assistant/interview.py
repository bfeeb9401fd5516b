"""The guided interview as a pure function: (workflow, state, message) -> next step.

Nothing here touches a model, an index or a database. :func:`step` reads the leader's message
in the light of the typed :class:`WorkflowState` and says what the coach does next: ask the next
question, probe a vague answer, answer a question, draft, apply an edit, review a pasted
version or save. The coach (:mod:`assistant.coach`) carries the step out and persists the state,
so every transition here is unit-tested without a model or an index.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum

from . import elements
from .edits import (
    ASKED_TO_CHANGE,
    CHANGE_VERB,
    INSTRUCTION,
    PLEASANTRY,
    PROPOSAL,
    Edit,
    alias_pattern,
    edited,
    filled_gaps,
    parse_edits,
    restatement,
    said_again,
)
from .lexical import STOP_WORDS, tokenize
from .slots import (
    _DATE,
    VAGUE,
    VALIDATORS,
    a_count_for_a_rate,
    a_name,
    as_corrected,
    choice_number,
    clean_phrase,
    is_vague,
    level_left_open,
    level_of,
    listed_inline,
    missing_elements,
    not_known,
    opens_not_knowing,
    quantities,
    unmeasured,
    without_asides,
    without_deferrals,
    without_letter,
    without_remarks,
)
from .specificity import says_nothing, sentences
from .swaps import CHANGE_CUE, GONE, OLD_SAID, holds_kind_of, left_undone, swapped_values, unread_news, values_lost
from .texting import (
    as_pasted,
    mended,
    spelled_out,
    unchatted,
    undictated,
    undoubted,
    unfootnoted,
    unformatted,
    unformed,
    unhtml,
    unspaced_thousands,
    untabled,
    untracked,
    untranscribed,
    without_notes_to_self,
    without_withheld,
)
from .workflows import Question, Workflow

MAX_PROBES = 2

DRAFT = re.compile(
    r"^\s*(?:please\s+)?(draft|draft it|draft now|draft please|go ahead|write it|write it up|just draft it|"
    r"show me (?:a|the) draft|that'?s all|that is all|that'?s it|"
    r"done|finished|i'?m done|we'?re done|i'?m finished|that'?ll do)\s*[.!]*\s*$",
    re.I,
)
# Asking to see the draft midway ('Show me the draft so far, please, before we go on', 'Can I see what you have so
# far?'): the draft as it stands, then the question again.
_SO_FAR = re.compile(
    r"(?i)^\s*(?:(?:ok(?:ay)?|sorry|quick(?: one)?|wait)[,.!]?\s+)?(?:(?:can|could|may) I (?:see|have a look at|"
    r"look at|check)|(?:please\s+)?show me|let me (?:see|look at|check)|what (?:do you have|have you got|have you "
    r"written)|how (?:does|is) (?:it|the draft) look(?:ing)?)\b"
    r"(?=.*\b(?:so far|draft|until now|up to now|yet|before we go on)\b)[^\n]*$"
)
# Going on after a pause ('OK, carrying on - governance.', 'Right, where were we? ...'): not part of the answer.
_CARRYING_ON = re.compile(
    r"(?i)^\s*(?:(?:ok(?:ay)?|right|good|great|thanks|fine)[,.!]?\s+)?(?:carrying on|carry on|continuing|to continue|"
    r"back to (?:it|the questions?|work)|where were we\??|let'?s (?:go on|continue|carry on))\b[\s,.:;!\u2013\u2014-]*"
    r"(?:(?:the\s+)?[\w'\u2019]+(?:\s+[\w'\u2019]+)?\s*(?:[:.]|\s[-\u2013\u2014])\s+(?=\S))?"
)
SKIP = re.compile(
    r"^\s*(?:skip|skip (?:it|this|that|for now|this one|this question)|pass|next|next question|move on|"
    r"(?:i'?ll )?come back to (?:it|this|that)(?: later)?|don'?t know yet,? skip|no idea,? skip|later)\s*[.!]*\s*$",
    re.I,
)
DONE = re.compile(
    r"^\s*(?:ok(?:ay)?,?\s+|great,?\s+|thanks,?\s+|perfect,?\s+)?(done|finish|finished|save|save it|save this|keep it|"
    r"keep this|looks good|that'?s good|happy with (?:it|that|this)|i'?m happy|all good|good to go|"
    r"that'?ll do|we'?re done|i'?m done)\s*(?:,?\s*thanks?(?: you)?)?\s*[.!]*\s*$",
    re.I,
)
OWN_DRAFT = re.compile(
    r"^\s*(?:my draft|my version|here is my (?:draft|version)|here'?s my (?:draft|version)|"
    r"here'?s (?:what|how) i(?:'ve| have) (?:got|written)|i(?:'ve| have) written|draft|this is my (?:draft|"
    r"version))\s*[:\-]\s*",
    re.I,
)
# Without a question mark, only a request to the coach counts as a question ("Which parks to
# renovate" answers "What decision is at stake?").
_QUESTION_START = re.compile(
    r"^\s*(?:can you|could you|would you|will you|should (?:i|we)|do you|do other|does anyone|is there|are there|"
    r"any (?:examples?|ideas?|suggestions?)|have other|has anyone|suggest|tell me|give me|show me (?!a draft|the "
    r"draft)|"
    r"explain|remind me|what do (?:other|you)|how do (?:other|i|we)|what would you)\b",
    re.I,
)


class Stage(StrEnum):
    FREE = "free"  # free questions, no workflow
    INTERVIEW = "interview"  # asking the workflow's questions
    REFINE = "refine"  # a draft exists; edits, questions, own versions, done
    DONE = "done"  # the section is saved; further messages are free questions


@dataclass
class WorkflowState:
    workflow: str | None = None
    stage: Stage = Stage.FREE
    q: int = 0  # the current question
    probes: int = 0  # follow-ups asked for the current question
    probes_total: int = 0
    probed: list[str] = field(default_factory=list)  # keys that got at least one follow-up
    unit_asked: str = ""  # the key whose count, given for a rate or share measure, was asked about
    answers: dict[str, str] = field(default_factory=dict)  # the usable part of each answer
    missing: dict[str, list[str]] = field(default_factory=dict)  # elements still missing per key
    said: list[str] = field(default_factory=list)  # every message of the leader in this workflow
    suggestions: list[dict] = field(default_factory=list)  # indicators offered for the measure question
    indicator: dict = field(default_factory=dict)  # the chosen indicator
    draft: str = ""
    scorecard: dict = field(default_factory=dict)
    citations: list[dict] = field(default_factory=list)
    answers_by_workflow: dict = field(default_factory=dict)
    before_change: dict[str, str] = field(default_factory=dict)  # the parts the last change made, as they were

    def to_dict(self) -> dict:
        data = asdict(self)
        data["stage"] = self.stage.value
        return data

    @classmethod
    def from_dict(cls, data: dict | None) -> WorkflowState:
        data = dict(data or {})
        stage = data.get("stage")
        legacy = {None: Stage.FREE, "understand": Stage.INTERVIEW, "draft": Stage.REFINE}
        data["stage"] = legacy[stage] if stage in legacy else Stage(str(stage))
        if not data.get("workflow"):
            data["stage"] = Stage.FREE
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})

    def placeholders(self, flow: Workflow) -> list[str]:
        """Keys of the questions whose answer is incomplete in the draft."""
        return [k for k in flow.keys if self.missing.get(k) or k not in self.answers]


@dataclass
class Step:
    """What the coach does next. ``action`` is one of: ask, probe, answer_question, draft,
    redraft, review_own, save, clarify, free; a draft with ``save`` is saved to the plan as well."""

    state: WorkflowState
    action: str
    key: str = ""
    text: str = ""  # the probe, the pasted draft or the question to answer
    note: str = ""  # a short remark before the next question (e.g. a placeholder was kept)
    kept: list[str] = field(default_factory=list)  # labels of questions passed over, answered earlier
    partial: str = ""  # the label of the question a probe follows up, when an earlier message answered part of it
    added: str = ""  # the label of the previous question a message was added to, as more of its answer
    edits: list[Edit] = field(default_factory=list)
    save: bool = False  # a draft that is also saved to the plan ('done' said once every question was asked)
    aside: bool = False  # the question to answer was put on the side of an answer, not asked on its own
    passed: str = ""  # a question asked before the answer ('can I open this on my phone? As for the test: ...')


def start(flow: Workflow | None, previous: WorkflowState | None = None) -> WorkflowState:
    """A fresh state for ``flow``, keeping earlier answers to the same workflow in this session."""
    previous = previous or WorkflowState()
    by_workflow = dict(previous.answers_by_workflow)
    if flow is None:
        return WorkflowState(answers_by_workflow=by_workflow)
    kept = dict(by_workflow.get(flow.name, {}))
    return WorkflowState(
        workflow=flow.name,
        stage=Stage.INTERVIEW,
        answers=kept.get("answers", {}),
        missing=kept.get("missing", {}),
        indicator=kept.get("indicator", {}),
        answers_by_workflow=by_workflow,
    )


def looks_like_question(message: str) -> bool:
    """A question to the coach: it ends with a question mark, its first sentence does (a sentence of a question's
    length: a long run of list items that ends on a question the leader answers, 'K480,000 ...; K210,000 ...; Can we
    afford to lose it? The pens stay ...', is an answer), or it opens with a request ('can you ...', 'tell me ...')."""
    text = message.strip()
    return text.endswith("?") or bool(re.match(r"^[^.!?\n]{3,300}\?", text)) or bool(_QUESTION_START.match(text))


def looks_like_own_draft(message: str) -> bool:
    return (
        bool(OWN_DRAFT.match(message)) or message.count("\n") >= 2 or (message.count("\n") >= 1 and len(message) > 200)
    )


def own_draft_text(message: str) -> str:
    """A pasted version without the chat around it ('Here's my version, we agreed it at CMT:')."""
    text = OWN_DRAFT.sub("", message).strip()
    lines = text.splitlines()
    if (
        len(lines) > 1
        and lines[0].rstrip().endswith(":")
        and len(lines[0]) < 160
        and not re.match(r"^\s*(?:[-*•#]|\d+[.)]|objective)", lines[0], re.I)
    ):
        text = "\n".join(lines[1:]).strip()
    return text


# An answer the leader starts again within the message ('Hmm, no - let me start again.', 'Scratch all that, better
# version:', 'Forget all that -'): what came before is dropped.
_STARTED_AGAIN = re.compile(
    r"(?i)(?:^|(?<=[.!?,;:])\s+|\s[-\u2013\u2014]\s+)(?:(?:hmm+|um+|ok(?:ay)?|no|sorry|wait|actually|argh)[,.!]?\s+"
    r"|[-\u2013\u2014]\s*)*"
    r"(?:let me (?:start|begin) (?:again|over)|(?:i'?ll|let me) (?:try|do|write) (?:that|this|it) again"
    r"|(?:i'?ll )?start(?:ing)? (?:again|over)(?=\s*[.:!\-\u2013\u2014,])|scratch (?:all|all of|everything|the whole)"
    r"[^.:;,\n]{0,20}|forget (?:all|everything) (?:of )?(?:that|i (?:just )?(?:said|wrote))"
    r"|ignore (?:all|everything) (?:of )?(?:that|above)|take two"
    r"|scratch that(?=[\s,.:\-\u2013\u2014]+(?:(?:a |the )?better version|here'?s a better one|let me (?:start|try)))"
    r"|let me rephrase (?:the whole thing|all of that|that whole answer))"
    r"(?:\s*[,.:!\-\u2013\u2014]+\s*(?:(?:a |the )?better version|here'?s a better one|try again)?)*"
    r"\s*[.:!\-\u2013\u2014,]*\s*"
)


def started_again(message: str) -> str:
    """``message`` from where the leader starts the answer again ('The hall on Main Street ... Hmm, no - let me start
    again. The library and the two schools ...' is 'The library and the two schools ...'); as it is when they do
    not, or when too little follows to be an answer."""
    last = ([None] + list(_STARTED_AGAIN.finditer(message)))[-1]
    if last is None or len(message[last.end() :].split()) < 4:
        return message
    rest = message[last.end() :].strip()
    return rest[:1].upper() + rest[1:]


def step(flow: Workflow, state: WorkflowState, message: str) -> Step:
    """The next step of the conversation; ``state`` is not modified (a new one is returned)."""
    state = replace(
        state,
        answers=dict(state.answers),
        missing={k: list(v) for k, v in state.missing.items()},
        said=[*state.said, message],
        probed=list(state.probed),
    )
    if state.stage in (Stage.FREE, Stage.DONE) or not flow:
        return Step(state, "free", text=message)
    # 'about 4,000 - sorry, 4,300 - households': only the 4,300 is meant, in an answer or a change; 'Can we speed
    # this up?' after an answer is a remark, not a question
    # a figure given with a request not to write it ('around 11 percent, but please don't put that in writing') is left
    # out; a certain slip of the keyboard ('teh') is mended
    typed = mended(
        undoubted(
            untracked(
                untabled(
                    unformatted(unformed(undictated(untranscribed(as_pasted(unfootnoted(unchatted(unhtml(message))))))))
                )
            )
        ),
        elements.vocabulary(),
    )
    said = without_notes_to_self(spelled_out(unspaced_thousands(typed)))  # '12 500', '(note to self: ...)'
    message = started_again(as_corrected(without_remarks(without_letter(without_withheld(said)))))
    if state.stage == Stage.INTERVIEW:
        return _interview(flow, state, resolved(message, state.answers))
    return _refine(flow, state, message)


# --- references back to earlier answers -------------------------------------------------------------

_ORDINAL = r"(?:first|second|third|fourth|fifth|sixth|last|previous|earlier|opening|other)"
# Words that only point back ('as I said at the start -', 'from my first message', 'I mentioned above'): the plan
# says the thing itself, not where the leader said it.
_POINTER = re.compile(
    rf"(?i)(?P<opening>^\W*(?:as|like)\s+I\s+(?:said|mentioned|wrote|told you|explained)"
    rf"(?:\s+(?:at the (?:start|beginning)|earlier|before|above|already|in my {_ORDINAL} (?:message|answer|reply)))?"
    r"\s*(?:[-\u2013\u2014:,]\s*|\s+)(?=\S))"
    rf"|\s+(?:(?:that|which|who)\s+)?I\s+(?:named|mentioned|listed|gave(?: you)?|described|said)"
    rf"\s+(?:above|earlier|before|at the (?:start|beginning)|already|in my {_ORDINAL} (?:message|answer|reply))\b"
    rf"|\s+(?:from|in|of)\s+my\s+{_ORDINAL}\s+(?:message|answer|reply)\b"
    r"|\s+(?:mentioned|named|listed|given)\s+(?:above|earlier|before)\b"
)
_POINTER_ENDS = re.compile(r"\s*(?:[,.;:!?)\-\u2013\u2014]|\band\b|\bof course\b|$)")
# What a pointer pointed at: 'the Panel' (a name's last word), 'that priority of the Corporate Plan'.
_POINTED_NAME = re.compile(r"(?P<article>\b[Tt]he\s+|\b[Oo]ur\s+)(?P<head>[A-Z][\w'\u2019-]+)$")
_THAT_ONE = re.compile(
    r"(?i)\b(?:that|the same|this)\s+(?P<noun>[a-z][\w-]+)\s+(?:of|in|from)\s+(?:the\s+|our\s+)?"
    r"(?P<name>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,5})"
)


def resolved(message: str, answers: dict[str, str]) -> str:
    """``message`` with what it points back to said in full and the pointing words gone: 'The Panel from my first
    message' is 'The Alarm Review Panel' when an earlier answer names one; 'As I said at the start - that priority of
    the Corporate Plan' is 'priority 3 of our Corporate Plan 2024-2028, 'Independent lives''; 'the provider I
    mentioned above' is 'the provider'."""
    if not answers:
        return message
    earlier = " ".join(answers.values())
    out, at = [], 0
    for pointer in _POINTER.finditer(message):
        if not pointer.group("opening") and not _POINTER_ENDS.match(message, pointer.end()):
            continue  # 'the figure given before the pandemic': not pointing back
        before = message[at : pointer.start()]
        named = _POINTED_NAME.search(before)
        if named:  # the fullest name in the earlier answers that ends with that word
            fuller = re.findall(rf"\b(?:[A-Z][\w'\u2019&-]*\s+){{1,4}}{re.escape(named.group('head'))}\b", earlier)
            if fuller:
                full = max(fuller, key=len)
                full = re.sub(r"^(?:The|Our|A|An|With|And|By|Run|In)\s+", "", full)
                before = f"{before[: named.start('head')]}{full}"
        out.append(before)
        at = pointer.end()
    text = "".join(out) + message[at:]
    if text != message:
        text = re.sub(r"^\s*[a-z]", lambda m: m.group(0).upper(), text)
    return _THAT_ONE.sub(lambda m: _said_before(m, earlier), text)


def _said_before(that: re.Match, earlier: str) -> str:
    """The earlier words for 'that priority of the Corporate Plan': the noun and what follows it there up to the end
    of its clause ('priority 3 of our Corporate Plan 2024-2028, 'Independent lives''), when they are said once."""
    noun, name = re.escape(that.group("noun")), re.escape(that.group("name"))
    said = re.findall(
        rf"(?i)\b{noun}\b[^.;:]{{0,25}}?\b(?:of|in|from)\s+(?:the\s+|our\s+)?(?-i:{name})\b(?:[^.;]|\.\d)*", earlier
    )
    return said[0].strip().rstrip(",") if len(said) == 1 else that.group(0)


# --- interview -------------------------------------------------------------------------------------


# Going back to an earlier answer before answering the question asked ('Before I answer - going back to the
# baseline: ...', 'Sorry, one correction to the partners: ...', 'Quick correction first: ...').
_GOING_BACK = re.compile(
    r"^(?:(?:sorry|oh|wait|actually|ok(?:ay)?|right)[,.!]?\s+)*"
    r"(?:(?:one|a|a quick|a small|quick)\s+(?:thing|correction|change|fix)(?:\s+(?:that\s+)?I (?:got|had|said) wrong)?"
    r"\s*(?:first\s+)?)?"
    r"(?:before (?:I answer|that|we go on|I forget|the next (?:question|one)|(?:the|your) [\w'’ -]{1,30}?)"
    r"\s*[,:.\-\u2013\u2014]+\s*)?"
    r"(?:(?:first|firstly)[,:]?\s+)?"
    r"(?:(?:(?:a|one)\s+)?(?:(?:quick|small|little)\s+)?(?:correction|change|fix)(?:\s+first)?"
    r"(?:\s+to\s+(?:what I said (?:about|on)\s+)?(?:the|my|our)\s+[\w'’ -]{1,30}?)?"
    r"|(?:(?:I\s+)?(?:going|coming|come|go|to go|if I (?:can|may) go|can I go|let me go)\s+)?back\s+(?:to|on)\s+"
    r"[^:.;\-\u2013\u2014]{2,60}?)?"
    r"\s*[:,.\-\u2013\u2014]+\s*",
    re.I,
)
# The same dictated, with no punctuation: 'one change take the Harbour Trust out they ...'.
_GOING_BACK_DICTATED = re.compile(
    rf"^(?:(?:sorry|oh|wait|actually|ok(?:ay)?|right)\s+)*(?:one|a|another)\s+(?:more\s+|quick\s+|small\s+)?"
    rf"(?:correction|change|fix)\s+(?={INSTRUCTION})",
    re.I,
)
_GOING_BACK_WORDS = re.compile(r"(?i)\b(?:before|correction|change|fix|back to|back on|wrong)\b")
# Where the leader turns back to the question asked ('... Now, who is involved: ...', '... Anyway - ...').
_BACK_TO_THE_QUESTION = re.compile(
    r"(?:(?<=[.!?])\s+|\s+[-\u2013\u2014]\s+)"
    r"(?:now|anyway|moving on|back to your question|to answer your question|as for your question)\b[,:]?\s*"
    r"(?:[-\u2013\u2014]\s*)?"
    r"(?:(?:[\w'’]+\s+){0,3}[\w'’]+[:?]\s+|(?:the|your|on to|to)\s+[\w'’]+(?:\s+[\w'’]+)?\.\s+)?",
    re.I,
)


def _going_back(flow: Workflow, state: WorkflowState, message: str) -> tuple[list[Edit], str]:
    """A change to an answer given earlier, said before the answer to the question asked (or after it, see
    :func:`_put_right_later`): the changes (read as after a draft, to the parts already answered) and the rest of the
    message; nothing when no change is read."""
    lead = _GOING_BACK.match(message) or _GOING_BACK_DICTATED.match(message)
    if not lead or not _GOING_BACK_WORDS.search(lead.group(0)):
        return _put_right_later(flow, state, message)
    rest = message[lead.end() :]
    question = _current(flow, state)
    label = "|".join(re.escape(w) for w in re.findall(r"[a-z]{4,}", f"{question.key} {question.label}".lower()))
    turn = _BACK_TO_THE_QUESTION.search(rest) or re.search(  # '... per our 2025 survey. Team: product owner ...'
        rf"(?i)(?<=[.!?])\s+(?:(?:the|our|my)\s+)?(?:\w+\s+)?(?:{label})\w*\s*:\s*", rest
    )
    correction, answer = (rest[: turn.start()], rest[turn.end() :]) if turn else (rest, "")
    answered = _answered_before(flow, state)
    edits = [e for e in parse_edits(flow, correction, answered) if e.key in answered]
    return (edits, answer.strip()) if edits else ([], message)


def _answered_before(flow: Workflow, state: WorkflowState) -> dict[str, str]:
    """The answers a change said in an answer may be to: the earlier questions', and the question's own once it is
    being followed up ('Change: tighten decision time to 3 working days, not 5', asked for the baseline)."""
    question = _current(flow, state)
    followed_up = state.probes > 0 and bool(state.answers.get(question.key))
    return {k: v for k, v in state.answers.items() if k != question.key or followed_up}


# A correction of an earlier answer said after the answer to the question asked ('... Oh - and the baseline I gave you
# was wrong. ... is 71 per cent.', 'Oh, correction to my first answer: it's 46 staffed hours a week, not 52.').
_PUT_RIGHT_LATER = re.compile(
    r"(?i)^\W*(?:(?:oh|and|also|ah|sorry|btw|actually|one more thing|one last thing)\b[\s,.;:!\-\u2013\u2014]*)*"
    r"(?:(?:a|one)\s+(?:quick\s+|small\s+|last\s+)?correction\b|correction\b"
    r"|(?:the|my|that|our)\s+[\w'’ -]{1,40}?\s+(?:I|we)\s+(?:gave|said|told|sent|put)\b[^.?!]{0,40}?\bwrong\b"
    r"|I\s+(?:got|had|gave)\s+[\w'’ -]{1,40}?\s+wrong\b)"
)
_NOT_A_VALUE = re.compile(r"(?i)\b(?:wrong|mistake|correct(?:ion)?)\b")


def _put_right_later(flow: Workflow, state: WorkflowState, message: str) -> tuple[list[Edit], str]:
    """A correction of an earlier answer that ends an answer: the changes it makes (each replacing a value that the
    correction names and the earlier answer holds) and the answer without it; nothing when none is read."""
    parts = sentences(message)
    at = next((n for n, part in enumerate(parts) if n and _PUT_RIGHT_LATER.match(part)), None)
    if at is None:
        return [], message
    correction = "".join(parts[at:])
    answered = _answered_before(flow, state)
    edits = [
        e
        for e in parse_edits(flow, correction, answered)
        if e.key in answered and e.old and e.old.lower() in correction.lower() and not _NOT_A_VALUE.search(e.value)
    ] or _figure_put_right(correction, answered)
    return (edits, "".join(parts[:at]).strip()) if edits else ([], message)


def _figure_put_right(correction: str, answered: dict[str, str]) -> list[Edit]:
    """'I told you about one thousand nine hundred applications a year - ... together they are two thousand six
    hundred': the one figure of the correction that an earlier answer holds, replaced there by the one it does not."""
    said = quantities(correction)
    held = [(q, k) for q in said for k, v in answered.items() if q.value in {x.value for x in quantities(v)}]
    new = [q for q in said if not any(q.value == x.value for x, _ in held)]
    if len({k for _, k in held}) != 1 or len({q.value for q, _ in held}) != 1 or len({q.value for q in new}) != 1:
        return []
    old, key = held[0]
    before = next(x for x in quantities(answered[key]) if x.value == old.value)
    number = (
        re.sub(r"(?i)\s+(?:per ?cent|percent|%).*$", "", new[0].text) if before.unit != new[0].unit else new[0].text
    )
    return [Edit(key, number, old=before.text)]


# Where the leader comes back from a side question to the one asked ('... is this chat saved? As for the test: ...').
_ANSWER_AFTER_A_QUESTION = re.compile(
    r"(?i)\?\s+(?:[^.?!]{0,60}[.!]\s+)?(?:as for|anyway|back to|to answer|now,?\s+(?:for|to|on|about)|on (?:the|your) "
    r"question)\b[^:.?!]{0,40}?[:,-]\s*"
)


# A question put to the coach, not about the plan's content: it speaks to the coach or of the leader ('Do you think
# ...?', 'can my deputy see what I typed?', 'can this thing export to Word?').
_TO_THE_COACH = re.compile(
    r"(?i:\byou(?:'\w+)?\b|\byour\b|\bme\b|\bmy\b|\bthis (?:chat|conversation|thing|tool|app))|\bI\b"
)


# A question marked as put on the side ('Sorry, a question on the side: ...', 'Random q - ...'): a figure in it does
# not make it a question about the plan.
_ON_THE_SIDE = re.compile(
    r"(?i)\b(?:on the side|side question|random (?:q|question)\b|off[- ]topic|unrelated|while I think of it|"
    r"while I remember|by the way|totally different|different subject|nothing to do with)"
)


def _current(flow: Workflow, state: WorkflowState) -> Question:
    """The question being asked (the last one once all have been)."""
    return flow.questions[min(state.q, len(flow.questions) - 1)]


def _side_questions(message: str) -> tuple[str, str]:
    """An answer with questions to the coach inside it: the answer without them, and the questions; the message
    and nothing when it has none or is nothing but questions."""
    parts = sentences(message)
    asked = [
        p
        for p in parts
        if p.strip().endswith("?") and (_ON_THE_SIDE.search(p) or (_TO_THE_COACH.search(p) and not re.search(r"\d", p)))
    ]
    body = "".join(p for p in parts if p not in asked).strip()
    if not asked or len(body.split()) < 6:
        return message, ""
    last = parts[-1].strip()
    before = body[: -len(last)].strip() if body.endswith(last) else ""
    if len(parts) > 2 and parts[-2] is asked[-1] and before and _prompted_the_question(last, asked[-1], before):
        asked.append(last)  # '... do you know a good book on leading change? My team has just started a book club.'
        body = before
    return body, " ".join(p.strip() for p in asked)


def _prompted_the_question(sentence: str, question: str, answer: str) -> bool:
    """Whether ``sentence``, said last after a side question, says what prompted it: short, no figure, and sharing a
    word with the question or, with the embedding model on, nearer it in meaning than the answer before."""
    words = sentence.split()
    if not 3 <= len(words) <= 20 or re.search(r"\d", sentence) or sentence.strip().endswith("?"):
        return False
    shared = (set(tokenize(sentence)) & set(tokenize(question))) - STOP_WORDS
    return bool(shared) or bool(elements.nearer(sentence, question, answer))


# A question put off in words ('Can we leave the baseline for now?', 'Skip that one for now please - ...', "Let's park
# the budget until ...", "I'll come back to it"): what is put off, in the group 'what'.
_PUT_OFF_WHAT = (
    r"(?P<what>it|this|that|them|these|those|this one|that one|(?:this|that|the)\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+)"
)
_PUT_OFF = re.compile(
    r"(?i)(?:\b(?:can|could|may|shall)\s+(?:we|I)\s+(?:please\s+)?|\blet'?s\s+|\blet us\s+|"
    r"\bI'?d\s+(?:like|prefer|rather)(?:\s+to)?\s+|\bI'?d\s+rather\s+|\b(?:I|we)'?ll\s+have\s+to\s+|\bI need to\s+|"
    r"(?:^|(?<=[.!?\-\u2013\u2014])\s*)(?:please\s+)?(?=skip\b))"
    r"(?:skip|come back to|return to|get back to you on|"
    r"(?:leave|park|hold off on|pass on)(?=.{0,60}?\b(?:for now|for the moment|until|till|til|later|aside)\b))\s+"
    + _PUT_OFF_WHAT
    + r"\b|\bI(?:'ll| will)\s+(?:have to\s+)?(?:come back to|get back to you on|return to)\s+"
    r"(?P<own>it|this|that|these|those|this one|that one)\b"
)
_ITSELF = re.compile(
    r"(?i)^(?:it|this|that|them|these|those|this one|that one|(?:this|that|the)\s+(?:question|part|bit|one))$"
)


def _puts_off(flow: Workflow, question, message: str, answered: bool = False) -> bool:
    """Whether ``message`` puts the question asked off for later rather than answering it: it says so of the
    question itself ('can we skip it for now?', 'let's park the baseline until ...'), or, when nothing of the question
    is ``answered`` yet, says so and holds no answer ('Let's leave the survey until the results are in')."""
    said = _PUT_OFF.search(message)
    if not said:
        return False
    what = re.sub(r"(?i)^(?:this|that|the)\s+(?=\S+\s+part$)", "", (said.group("what") or said.group("own") or ""))
    itself = bool(_ITSELF.match(what)) or bool(
        re.fullmatch(
            rf"(?i)(?:the\s+)?(?:{alias_pattern(question.key, flow)})"
            r"(?:\s+(?:question|part|bit|one|figure))?",
            what,
        )
    )
    return itself or (not answered and bool(missing_elements(message, question.expects)))


# The answer to a question put off earlier, said later ('... And the baseline I owed you: 71% in 2024/25, from ...',
# 'Coming back to the baseline: ...', 'As promised, the data: ...', 'Oh, the baseline: ...'): the question's name in
# the group 'name', 'owed' or 'bare' (only a question put off is looked for).
_OWED = re.compile(
    r"(?i)(?:^|(?<=[.!?])\s+|\n+)(?:(?:oh|and|also|now|right|ok(?:ay)?|finally|then|plus|so)[,\s]+)*"
    r"(?:(?:as promised|coming back to|back to|going back to|returning to|to come back to)[,\s]+(?:the|my|that)\s+"
    r"(?P<name>[\w'’ -]{2,40}?)(?:\s+(?:question|part|bit))?"
    r"|(?:the|my|that)\s+(?P<owed>[\w'’ -]{2,40}?)\s+(?:that\s+)?(?:I|we)\s+(?:owed|owe|promised|skipped|left|parked|"
    r"put off)(?:\s+(?:you|to you))?(?:\s+(?:earlier|before))?"
    r"|(?:oh|also|and|plus)[,\s]+(?:the|my)\s+(?P<bare>[\w'’ -]{2,30}?)(?=\s*:))"
    r"\s*[:\u2013\u2014-]\s+"
)


def _owed_answers(flow: Workflow, state: WorkflowState, message: str) -> tuple[str, str]:
    """An answer to a question put off earlier, said in a later message: it is recorded for that question, and the
    label of the question and the rest of the message are returned ('' and the message when there is none)."""
    put_off = [q for q in flow.questions[: state.q] if not state.answers.get(q.key)]
    said = _OWED.search(message) if put_off else None
    if not said:
        return "", message
    name = (said.group("name") or said.group("owed") or said.group("bare") or "").strip()
    named = [q for q in put_off if re.fullmatch(rf"(?i)(?:{alias_pattern(q.key, flow)})(?:\s+\w+)?", name)]
    if not named and re.fullmatch(r"(?i)(?:one|part|bit|question|answer|figure|thing)s?", name) and len(put_off) == 1:
        named = put_off
    if len(named) != 1:
        return "", message
    owed = named[0]
    after = message[said.end() :]
    turn = _BACK_TO_THE_QUESTION.search(after)
    answer, rest = (after[: turn.start()], after[turn.end() :]) if turn else (after, "")
    answer = answer.strip()
    if not answer:
        return "", message
    _record(state, owed.key, answer[:1].upper() + answer[1:], owed.expects)
    before = message[: said.start()].strip()
    rest = rest.strip()
    return owed.label, " ".join(part for part in (before, rest[:1].upper() + rest[1:]) if part)


# A later question's answer given ahead, with its name ('... And the figure today, while I'm at it: 61% in 2025'):
# kept for that question, so it is not asked.
_AHEAD = re.compile(
    r"(?i)(?:(?<=[.!?])\s+|\n+)(?:(?:and|also|plus|oh|while I'?m at it)[,\s]+)+(?:the|my|our)\s+"
    r"(?P<name>[\w'\u2019 -]{2,40}?)(?:,\s*(?:so|while|since|as|to|for|in case)\b[^:.\n]{0,50})?\s*[:\u2013\u2014]\s+"
)


def _ahead_answers(flow: Workflow, state: WorkflowState, message: str) -> str:
    """``message`` without an answer it gives ahead to a later question it names; that answer is recorded for it."""
    said = _AHEAD.search(message)
    if not said:
        return message
    later = [q for q in flow.questions[state.q + 1 :] if not state.answers.get(q.key)]
    name = said.group("name").strip()
    named = [q for q in later if re.fullmatch(rf"(?i)(?:{alias_pattern(q.key, flow)})", name)]
    answer = message[said.end() :].strip()
    before = message[: said.start()].strip()
    if len(named) != 1 or len(answer.split()) < 3 or len(before.split()) < 3:
        return message
    _record(state, named[0].key, answer[:1].upper() + answer[1:], named[0].expects)
    return before


# Something added to the last answer before answering the question asked ('Oh, add the Rotary Club to the last one,
# they lend the minibus. Now the link: ...', 'One more for the previous answer: ...').
_TO_THE_LAST = r"(?:the|my)\s+(?:last|previous|earlier|other)\s+(?:one|answer|list|question|step|message|bit|reply)"
_ADDED_TO_LAST = re.compile(
    r"(?i)^\W*(?:(?:oh|and|also|sorry|quickly|quick one|before I (?:forget|answer)|one more thing)\b[,\s.!:\-]*)*"
    rf"(?:(?:please\s+)?(?:add|include|put)\s+(?P<item>[^.\n]+?)\s+(?:to|in|on|into)\s+{_TO_THE_LAST}\b"
    rf"(?P<more>[^.\n]*)|(?:one more|another one|forgot(?: to (?:add|say|mention))?|also)\s+(?:for|to|on|in)\s+"
    rf"{_TO_THE_LAST}\s*[:\-\u2013\u2014]\s*(?P<said>[^.\n]+))[.\n]+\s*"
)
# What turns to the question asked after it ('Now the link:', 'Now what each brings', 'Anyway, for the risks -').
_NOW_TO = re.compile(
    r"(?i)^(?:now|ok(?:ay)?|right|anyway|on to|so)\b[,\s]*(?:(?:for|on|to)\s+)?(?:[\w'\u2019]+\s*){0,5}?"
    r"(?:[:\-\u2013\u2014]\s*|\n+)"
)


def _added_to_last(flow: Workflow, state: WorkflowState, message: str) -> tuple[Edit | None, str]:
    """An addition to the answer before, said first: the change it makes and the rest of the message."""
    said = _ADDED_TO_LAST.match(message)
    if not said or state.q == 0:
        return None, message
    previous = flow.questions[state.q - 1]
    item = said.group("said") or f"{said.group('item')}{said.group('more') or ''}"
    item = item.strip(" ,;")
    rest = message[said.end() :]
    turn = _NOW_TO.match(rest)
    rest = rest[turn.end() :] if turn else rest
    if len(rest.split()) < 2 or not state.answers.get(previous.key):
        return None, message
    return Edit(previous.key, item, "append"), rest[:1].upper() + rest[1:]


# 'I gave you that already', 'see above', "it's in my last message": the answer was said before, in another one.
_BRUSH_OFF = re.compile(
    r"(?i)^\W*(?:(?:i|we)(?:'ve| have)?\s+(?:already\s+)?(?:gave|given|told|sent|answered|covered|mentioned|said)\s+"
    r"(?:you\s+)?(?:that|this|it|those|them)\b"
    r"|(?:already|see)\s+(?:gave you|given|answered|covered|said|told you|above)"
    r"|(?:covered|answered|gave you|told you)\s+(?:that|this|it)\s+already"
    r"|see\s+(?:above|my\s+(?:last|previous|earlier)\s+(?:message|answer))"
    r"|(?:it'?s|that'?s|this is)\s+(?:all\s+)?(?:in|above in)\s+my\s+(?:last|previous|earlier|first|second|other)\s+"
    r"(?:message|answer|reply))"
)


def points_back(message: str) -> bool:
    """Whether ``message`` only says its answer was given already ('I gave you that already - it's in my last
    message', 'See above.')."""
    return len(message.split()) <= 25 and bool(_BRUSH_OFF.search(message))


def _said_already(flow: Workflow, state: WorkflowState, question) -> str:
    """The sentences of the last answer that hold all ``question`` asks for (its specific parts), taken out of it
    when it keeps its own parts without them; '' otherwise."""
    expects = _specific(question.expects)
    if not expects:
        return ""
    if not state.q:
        return ""
    last = flow.questions[state.q - 1]  # the last answer: 'it's in my last message'
    parts = sentences(state.answers.get(last.key, ""))
    held = {
        part: (len(expects) - len(missing_elements(part, expects)), any(x.unit != "number" for x in quantities(part)))
        for part in parts
    }
    most = max(held.values(), default=(0, False))
    # the sentences that say all of it, a figure with its unit ('61%') before a bare one ('Year 2')
    found = [part for part in parts if most[0] == len(expects) and held[part] == most]
    rest = "".join(part for part in parts if part not in found).strip()
    if not (found and rest) or missing_elements(rest, last.expects):  # what that answer needs for itself stays
        return ""
    state.answers[last.key] = rest
    return " ".join(part.strip() for part in found)


# The leader thinking aloud before the answer: their own question ('In house or a supplier?', 'Where do I start, the
# vendor or the mairie?') or a musing ('Hmm, who do we need...'), then the answer it settles on ('you decide -
# actually no: ...', "I'd say ...", 'The vendor, I guess.').
_MUSING = re.compile(r"^\s*(?:(?:hmm+|um+|well|ok(?:ay)?|right|so)\b[\s,]*)?[^.?!\n]{3,80}?(?:\.\.\.|\u2026)\s*")
_DASH = r"[\s,.!:;\u2013\u2014-]*"
_CHANGED_MIND = re.compile(
    rf"(?i)^(?:(?:you|u) decide|up to you|your call){_DASH}(?:(?:actually|wait|hmm+|no|on second thoughts?)\b{_DASH})+"
)
_SETTLES = re.compile(
    r"(?i)^(?:I'?d|I would|let'?s|we'?d|we'?ll|I'?ll)\s+(?:say|go|take|pick|choose|make|give|use)\b"
    r"|\b(?:I (?:guess|think|suppose|reckon)|I'?d say|I would say|let'?s say|probably|both|either)\b"
)
# The start of a sentence that settles the leader's own question just before it ('... which ones? Not really, so
# we'll pick them by lottery', '... three months or six? You decide - actually no, six months').
_SETTLING = re.compile(
    r"(?i)^(?:no|yes|not (?:really|properly|quite|yet)|probably|maybe|perhaps|I'?d|I would|let'?s|we'?ll|I'?ll|"
    r"I (?:guess|think|suppose|reckon)|both|either|neither)\b"
)
_ANSWER_WORD = re.compile(r"(?i)^(?:no|yes|not (?:really|properly|quite|yet))\b[\s,.;:\u2013\u2014-]*(?:so\s+)?")
_SETTLED = re.compile(r"(?i)^(?:(?:I'?d|I would|let'?s|we'?d)\s+say)\b[\s,:]*")
_LEFT_OPEN = re.compile(
    r"(?i)\b(?:not sure|no idea|don'?t know|advi[cs]e|what do you|what would you|which is better|recommend)\b"
)


def _thought_aloud(message: str) -> str:
    """The answer a message settles on after the leader's own question or musing, without them; '' when it is not
    one (a question left open, 'not sure which is better, what would you advise?', is for the coach)."""
    text = message.strip()
    asked = re.match(r"^[^?\n]{3,160}\?\s*", text)
    lead = asked or _MUSING.match(text)
    if not lead or _QUESTION_START.match(text):
        return ""
    said = text[lead.end() :]
    decided = _CHANGED_MIND.match(said)
    rest = said[decided.end() :] if decided else said
    if len(rest.split()) < 4 or looks_like_question(rest):
        return ""
    first = sentences(rest)[0]
    if _LEFT_OPEN.search(first):
        return ""
    shared = set(tokenize(lead.group(0))) & set(tokenize(first)) - STOP_WORDS
    options = asked and " or " in lead.group(0) and shared  # 'IT or the service? The service, I think: ...'
    if not (decided or options or _SETTLES.search(first[:80])):
        return ""
    return _settles(said, answer_word=False)


def _settled_inside(message: str) -> str:
    """An answer without the questions the leader asks and settles in it: the question goes, and the word that
    answers it ('Not really, so ...', 'You decide - actually no, ...'); a question nothing settles stays."""
    parts = sentences(message)
    kept = []
    for n, part in enumerate(parts):
        after = parts[n + 1].strip() if n + 1 < len(parts) else ""
        if part.strip().endswith("?") and after and (_SETTLING.match(after) or _CHANGED_MIND.match(after)):
            space = part[len(part.rstrip()) :] or parts[n + 1][: len(parts[n + 1]) - len(parts[n + 1].lstrip())]
            parts[n + 1] = space + _settles(after)
            continue
        kept.append(part)
    return "".join(kept).strip() if len(kept) < len(parts) else message


def _settles(sentence: str, answer_word: bool = True) -> str:
    """What the leader settles on, without the turn to it ('you decide - actually no,', "I'd say") and, with
    ``answer_word``, the 'No,' or 'Not really, so' that answers a question just asked."""
    changed = _CHANGED_MIND.match(sentence)
    rest = (
        sentence[changed.end() :] if changed else _ANSWER_WORD.sub("", sentence, count=1) if answer_word else sentence
    )
    rest = _SETTLED.sub("", rest) or sentence
    return rest[:1].upper() + rest[1:]


def _interview(flow: Workflow, state: WorkflowState, message: str) -> Step:
    question = _current(flow, state)
    answered = bool(state.answers.get(question.key))  # in part: the rest is being followed up
    if _puts_off(flow, question, message, answered):
        if not answered:
            state.missing[question.key] = list(question.expects) or ["substance"]
        return _advance(flow, state, note="skipped")
    message = _settled_inside(_thought_aloud(message) or message)  # 'In house or a supplier? you decide - ...'
    body, asked = _side_questions(message)
    if (
        asked
        and not _ANSWER_AFTER_A_QUESTION.search(message)
        and not looks_like_question(body)
        and not missing_elements(listed_inline(body), question.expects)
    ):
        # a full answer with a question on the side ('... can my deputy open this later?'): the answer is taken,
        # then the question answered before the next one is asked
        taken = _interviewed(flow, state, body)
        if taken.action in ("ask", "probe"):
            return replace(taken, action="answer_question", text=asked, aside=True)
        return taken
    return _interviewed(flow, state, message)


# The lead of the second half of an answer sent too early ('sorry, hit send too soon -', '...cont:', '(cont.)',
# 'Oops, pressed enter too early:').
_CONTINUED = re.compile(
    r"(?i)^\W*(?:(?:sorry|oops|argh|ugh|whoops)\W+)?"
    r"(?:(?:i\s+)?(?:hit|pressed|pushed|clicked|sent|send|posted)\s+(?:send|enter|return|it|that)?\s*"
    r"(?:too\s+(?:soon|early|fast|quickly)|by mistake|before I finished)"
    r"|(?:it|that|the (?:last )?message|my (?:last )?message)\s+(?:got\s+)?(?:cut off|sent too (?:soon|early))"
    r"|typed too fast|cont(?:'d|inued)?[ \t]*[.:)\u2026])"  # 'cont:', '(cont.)'; not 'Continued funding'
    r"[\s.:;,!)\-\u2013\u2014\u2026]*"
)


def continued(message: str) -> str | None:
    """The words of a message that goes on with the one before ('sorry, hit send too soon - the headmen of the 12
    villages ...'), without that lead; None for a message that does not open so."""
    lead = _CONTINUED.match(message)
    if not lead or not message[lead.end() :].strip():
        return None
    return message[lead.end() :].strip()


def _went_on(earlier: str, more: str) -> str:
    """``earlier`` cut short and ``more`` as one answer: words said again at the cut are said once ('... the headmen
    of' + 'the headmen of the 12 villages ...'), a list goes on as a list."""
    more = re.sub(r"\n\s*(?:[-*\u2022]|\d+[.)])\s+", "; ", more.strip())
    cut = re.sub(r"(?:\.{3}|\u2026)\s*$", "", earlier.rstrip())
    words = cut.split()
    for k in range(min(8, len(words)), 0, -1):
        tail = " ".join(words[-k:]).lower().strip(" ,;")
        if more.lower().startswith(tail) and (len(tail) > 3 or k > 1):
            return f"{' '.join(words[:-k])} {more}".strip()
    separator = "; " if ";" in cut and not cut.endswith((".", ";")) else " "
    return f"{cut.rstrip(';')}{separator}{more}"


def _interviewed(flow: Workflow, state: WorkflowState, message: str) -> Step:
    question = _current(flow, state)
    more = continued(message)
    if more is not None:  # the rest of the answer before: joined to it
        previous = flow.questions[state.q - 1] if state.q and not state.answers.get(question.key) else question
        if previous is question or not state.answers.get(previous.key):
            message = more
        else:
            _record(state, previous.key, _went_on(state.answers[previous.key], more), previous.expects)
            return Step(state, "ask", key=question.key, added=previous.label)
    message = listed_inline(message)  # an answer written as a list reads as one line
    if points_back(message):  # 'I gave you that already': taken from the answer it was said in
        said = _said_already(flow, state, question)
        if not said:  # not found there: the question is asked again
            return Step(state, "ask", key=question.key, note="not_found")
        message = said
    filled, message = filled_gaps(message, state.answers)
    for edit in filled:  # '... And the [TBC] in the baseline: 3,260 referrals.'
        apply_edit(flow, state, edit)
    if filled:
        taken = _interviewed(flow, state, message) if message else Step(state, "ask", key=question.key)
        return replace(taken, edits=filled + taken.edits)
    added, message = _added_to_last(flow, state, message)
    if added:  # 'Oh, add the Rotary Club to the last one. Now the link: ...'
        apply_edit(flow, state, added)
    message = _ahead_answers(flow, state, message)  # '... And the figure today, while I'm at it: 61% in 2025'
    owed, message = _owed_answers(flow, state, message)
    if owed:  # '... And the baseline I owed you: ...'
        if not message:
            return Step(state, "ask", key=question.key, added=owed)
        taken = _interview(flow, state, message)
        return taken if taken.added else replace(taken, added=owed)
    edits, message = _going_back(flow, state, message)
    if edits:
        for edit in edits:
            apply_edit(flow, state, edit)
        if not message:
            return Step(state, "ask", key=question.key, edits=edits)
        return replace(_interview(flow, state, message), edits=edits)
    if _SO_FAR.match(message) and len(message.split()) <= 15:  # a look at the draft; the interview goes on after it
        return Step(state, "draft", key=question.key, note="so_far")
    going_on = _CARRYING_ON.match(message)
    if going_on and message[going_on.end() :].strip():  # 'OK, carrying on - governance. A committee ...'
        message = message[going_on.end() :][:1].upper() + message[going_on.end() + 1 :]
    if DRAFT.match(message):
        last = state.q >= len(flow.questions) - 1  # the last question asked, or followed up
        for q in flow.questions[state.q :]:
            if q.key not in state.answers:
                state.missing[q.key] = list(q.expects) or ["substance"]
        return replace(_to_draft(state), save=last and bool(DONE.match(message)))  # 'done' there ends the task
    if SKIP.match(message):
        if not state.answers.get(question.key):
            state.missing[question.key] = list(question.expects) or ["substance"]
        return _advance(flow, state, note="skipped")
    after = _ANSWER_AFTER_A_QUESTION.search(message) if looks_like_question(message) else None
    if after and not looks_like_question(message[after.end() :]) and len(message[after.end() :].split()) >= 8:
        answer = message[after.end() :][:1].upper() + message[after.end() :][1:]  # the answer after a side question
        taken = _interviewed(flow, state, answer)
        asked = sentences(message[: after.start() + 1])[-1].strip()
        return replace(taken, passed=asked) if taken.action in ("ask", "probe") and not taken.passed else taken
    if looks_like_question(message) and not (question.key == "indicator" and choice_number(message)):
        return Step(state, "answer_question", key=question.key, text=message)
    earlier = state.answers.get(question.key, "")
    if earlier and state.unit_asked == question.key and state.probes:  # the reply on the count's unit
        answers_later = _answers_a_later_question(flow, state, message)
        if not quantities(message) or answers_later and missing_elements(message, question.expects):
            _keep_for_its_question(flow, state, message)  # no rate ('we only have the count'): the count stands
            return _advance(flow, state)
        state.answers[question.key] = merge_answer(message, earlier, question.expects)  # the rate first
        return _advance(flow, state)
    if not earlier and _states_a_later_problem(flow, state, question, message):
        _keep_for_its_question(flow, state, message)  # asked which service, the leader gave the problem
        state.missing[question.key] = list(question.expects)
        _count_probe(state, question.key)
        kept = [q.label for q in flow.questions if q.key != question.key and state.answers.get(q.key) == message]
        return Step(state, "probe", key=question.key, text=_probe_text(question, question.expects), kept=kept)
    if not earlier and _adds_to_previous(flow, state, question, message):
        previous = flow.questions[state.q - 1]
        _record(
            state,
            previous.key,
            merge_answer(state.answers.get(previous.key, ""), message, previous.expects),
            previous.expects,
        )
        return Step(state, "ask", key=question.key, added=previous.label)
    if earlier and state.probes and _answers_a_later_question_instead(flow, state, question, message):
        _keep_for_its_question(flow, state, message)  # the leader moved on: what this one lacks stays open
        return _advance(flow, state, note="placeholder")
    if earlier and _answers_another_question(flow, state, question, earlier, message):
        _keep_for_its_question(flow, state, earlier)
        earlier = ""
    merged = merge_answer(earlier, message, question.expects)
    if earlier and earlier not in merged and not _chooses_level(earlier, message, question.expects):
        _keep_for_its_question(flow, state, earlier)
    missing = missing_elements(merged, question.expects) if merged else list(question.expects)
    if question.key == "indicator" and not missing:
        state.indicator = _chosen_indicator(state, message)
    if merged:
        state.answers[question.key] = merged
    if not missing:
        state.missing.pop(question.key, None)
        if _count_for_a_rate(question, state, merged):
            state.unit_asked = question.key
            _count_probe(state, question.key)
            return Step(state, "probe", key=question.key, text=question.probes.get("unit") or question.ask)
        return _advance(flow, state)
    before = state.missing.get(question.key, [])
    state.missing[question.key] = missing
    if state.probes and _does_not_know(question, earlier, message):
        return _advance(flow, state, note="placeholder")  # asked again, it would not be known: it stays to confirm
    if state.probes < MAX_PROBES:
        again = bool(state.probes and before[:1] == missing[:1])  # the same follow-up once more: say so
        _count_probe(state, question.key)
        text = _probe_text(question, missing, merged)
        again = again and text == _probe_text(question, before, earlier)
        return Step(state, "probe", key=question.key, text=text, note="again" * again)
    return _advance(flow, state, note="placeholder")


def changes_the_draft(flow: Workflow, state: WorkflowState, message: str) -> bool:
    """Whether ``message``, after the first draft, reads as a change to it ('Quick one: the Bowls Club is now
    called Riverside Bowls and Croquet.'): taken as the change, however its other words read."""
    if state.stage != Stage.REFINE or looks_like_question(message):
        return False
    return bool(said_again(flow, message, state.answers) or parse_edits(flow, message, state.answers))


def answers_the_question(flow: Workflow, state: WorkflowState, message: str) -> bool:
    """Whether ``message`` holds everything the question being asked expects beyond substance (a target's
    figure and date, a baseline's figure and source): in the interview, an answer, however its other words read
    ('8% by March 2028. Ambitious but doable with 120 feeding days a year.')."""
    if state.stage != Stage.INTERVIEW or looks_like_question(message):
        return False
    expects = _specific(_current(flow, state).expects)
    return bool(expects) and not missing_elements(listed_inline(as_corrected(message)), expects)


def _does_not_know(question, earlier: str, message: str) -> bool:
    """Whether a reply to a follow-up says only that the leader does not know or has not got what it asked
    ('not sure, we don't have a priority for it', 'no date yet'). A figure first said not to be had is asked
    about once more, for how it will be had (the ``unmeasured`` follow-up)."""
    if not not_known(message) or _held(message, question.expects):
        return False
    first_unmeasured = "number" in question.expects and unmeasured(message) and not unmeasured(earlier)
    return not (first_unmeasured and "unmeasured" in question.probes)


def merge_answer(previous: str, message: str, expects: list[str]) -> str:
    """The usable part of an answer given over several messages: vague parts are dropped unless
    they hold what the question expects (a bare '2' picks an option) or a level ('consult'), and
    an earlier part that held none of it (often an answer to another question) is dropped once a
    later one holds any of it, so it is not written under this question's heading."""
    message = message.strip()
    if _chooses_level(previous, message, expects):
        return _joined([message, _without_levels(previous)])  # the level left open, chosen
    if (
        (
            previous
            and expects
            and not _held(previous, expects)
            and _held(message, expects)
            and not a_name(previous)
            and not ("number" in expects and unmeasured(previous))  # what the way to measure it answers
        )
        or _restated(previous, message, expects)
        or _vague_first_try(previous, message, expects)
    ):
        previous = ""

    def kept(part: str) -> bool:  # 'nobody has ever counted them' is what there is for a figure question
        return _holds_a_short_answer(part, expects) or "number" in expects and unmeasured(part)

    if (says_nothing(message) or elements.reads_vague(message)) and not kept(message):
        message = ""  # every statement in it could go in any plan: nothing to write down
    if "number" in expects and unmeasured(message) and unmeasured(previous):
        message = ""  # 'we don't know' again, asked how it will be known: the answer already says so
    parts = [p for p in (previous, message) if p and (not is_vague(p) or kept(p))]
    return _joined(parts)


# Loose words beside those of a vague answer: 'something with transport', 'now and then', 'quite a bit'.
_LOOSE = re.compile(
    r"(?i)\b(?:something (?:with|about|for|around|on)|now and then|from time to time|sometime|some time soon|"
    r"quite a bit|a bit more|more easily|one way or another|(?:like|as) (?:we|I) always do|as usual|as always|"
    r"the usual way|as we go|as they come|maybe (?:a|an|some) \w+)\b"
)


def _vague_first_try(previous: str, message: str, expects: list[str]) -> bool:
    """Whether ``previous`` was a first try in loose words only ('We want to try something with transport up
    there, and see it improve pretty soon': no figure, no date) that ``message``, the reply to the follow-up,
    answers in full on its own: the reply replaces it."""
    core = without_asides(previous)
    return (
        bool(core)
        and not quantities(core)
        and not _DATE.search(core)
        and bool(VAGUE.search(core) or _LOOSE.search(core))
        and not unmeasured(core)  # 'nobody has ever counted them' is what there is for a figure
        and not not_known(core)
        and not missing_elements(message, expects)
        and len(message.split()) >= len(core.split())
    )


def _restated(previous: str, message: str, expects: list[str]) -> bool:
    """Whether ``message`` says in full what ``previous`` said in a few words ('market fees, money's
    disappearing', then three sentences on the market fees): the terse first try is not kept beside it."""
    short, full = previous.split(), message.split()
    return (
        0 < len(short) <= 8
        and len(full) >= 3 * len(short)
        and not missing_elements(message, expects)
        and not quantities(previous)
        and bool(set(tokenize(previous)) & set(tokenize(message)))
    )


def _joined(parts: list[str]) -> str:
    """Parts of one answer as one text: a part that ends a sentence is followed by the next sentence."""
    text = ""
    for part in filter(None, parts):
        text = f"{text}{' ' if text.endswith(('.', '!', '?')) else '; '}{part}" if text else part
    return text


def _chooses_level(previous: str, message: str, expects: list[str]) -> bool:
    """Whether ``message`` chooses the participation level ``previous`` left open between two."""
    return "level" in expects and level_left_open(previous) and VALIDATORS["level"](message)


def _without_levels(text: str) -> str:
    """An answer without its sentences that name a participation level."""
    sentences = re.split(r"(?<=[.;!?])\s+", text.strip())
    return " ".join(s for s in sentences if not level_of(s)).strip()


# Elements one word can hold: 'consult' names a participation level, '2' picks an option.
SHORT_ANSWERS = frozenset({"level", "choice"})


def _held(text: str, expects: list[str]) -> set[str]:
    """The expected elements an answer holds. An answer judged vague as a whole ('we'll talk about it
    at some point') holds only what one word can say."""
    missing = missing_elements(text, expects)
    if "substance" in missing and "substance" not in expects:
        return {e for e in expects if e in SHORT_ANSWERS and VALIDATORS[e](text)}
    return set(expects) - set(missing)


def _holds_a_short_answer(text: str, expects: list[str]) -> bool:
    """Whether a short answer holds all the question expects, or one of the elements a word can hold."""
    if not expects:
        return False
    held = _held(text, expects)
    return held == set(expects) or bool(held & SHORT_ANSWERS)


def _chosen_indicator(state: WorkflowState, message: str) -> dict:
    n = choice_number(message)
    if n and state.suggestions:
        index = len(state.suggestions) - 1 if n == -1 else n - 1
        if 0 <= index < len(state.suggestions):
            return dict(state.suggestions[index])
    text = re.sub(
        r"^(?:(?:ok(?:ay)?|right|yes|yeah|sure|fine|so|well|hmm+|then)\b[\s,.:;!-]*)+|^[\s\-–—:;,]+",
        "",
        message.strip(),
        flags=re.I,
    )
    text = _TURNED_DOWN.sub("", text)  # 'none of those really, we want ...': the suggestions turned down
    text = re.sub(
        r"^(?:(?:i'?d|we'?d|i|we|we'?ll|i'?ll) (?:rather |prefer to |want to |need to )?(?:use|go with|track|measure|"
        r"count)|(?:use|track|measure|count)|let'?s (?:use|go with|track)|(?:i|we) (?:want|need|care about)|"
        r"what (?:i|we) (?:want|need|care about|track|measure) is)\s+",
        "",
        text,
        flags=re.I,
    )
    same = _closest_suggestion(text, state.suggestions)
    if same is not None:
        return dict(same)  # the leader described one of the suggested indicators in their own words
    text = re.sub(
        r"(?i)^(?:(?:our|my|an?)\s+)?(?:own\s+)?(?:measure|indicator|kpi|metric)\s*(?:would be|is|will "
        r"be)?\s*[:\-–]\s*",
        "",
        text,
    )
    return {"indicator": clean_phrase(text, 0).rstrip("."), "own": True, "unit": measure_unit(text)}


# The suggested measures turned down before the leader's own: 'none of those really,', 'Neither of them fits -',
# 'No, those don't fit.', 'None of the above;', 'None of the standard ones fit us exactly, so my own:'.
_OWN = (
    r"(?:(?:so|and|instead|then)?,?\s*(?:my|our) own(?: (?:one|measure|indicator|metric|kpi))?(?:,?\s*please)?"
    r"\s*[:–—-]\s*)"
)
_TURNED_DOWN = re.compile(
    r"^(?:no(?:pe)?\b[\s,.;:!-]*)?(?:(?:none|neither|not one|not any)"
    r"(?: of (?:those|these|them|the above|the three|the (?:\w+ )?ones))?"
    r"|not (?:those|these|them)|(?:those|these|they) (?:don'?t|do not|doesn'?t) (?:fit|work|suit|apply))"
    r"(?: (?:really|fits?|works?|suits?|applies|quite|exactly|for us|us|here))*\s*(?:[,.;:!–—-]+\s*|\s+)"
    rf"{_OWN}?|^{_OWN}",  # then, or alone, the leader's own: 'so my own:', 'our own measure -', 'my own one please:'
    re.I,
)


def measure_unit(text: str) -> str:
    """The unit a measure is counted in, from its wording ('percentage of', 'per 1,000 households');
    figures inside it ('more than 6 weeks') qualify who is counted, so they are not its unit."""
    if re.search(r"(?i)\b(?:percentage|per ?cent|proportion|share)\b|%", text):
        return "%"
    rate = re.search(r"(?i)\bper\s+(1[, ]?000|10[, ]?000|100[, ]?000)\b", text)
    if rate:
        return {"1000": "per 1,000", "10000": "per 10,000", "100000": "per 100,000"}[re.sub(r"[, ]", "", rate.group(1))]
    return ""


def _closest_suggestion(text: str, suggestions: list[dict]) -> dict | None:
    """The suggested indicator the leader's own words describe (most of its words in common)."""
    words = set(tokenize(text))
    best, best_overlap = None, 0.0
    for suggestion in suggestions:
        theirs = set(tokenize(suggestion.get("indicator", "")))
        overlap = len(words & theirs) / len(words | theirs) if words | theirs else 0.0
        if overlap > best_overlap:
            best, best_overlap = suggestion, overlap
    return best if best_overlap >= 0.5 else None


def _count_for_a_rate(question, state: WorkflowState, answer: str) -> bool:
    """Whether to ask once whether a figure is a count: the measure is a share or a rate ('per 10,000')
    and the answer counts people or things ('about 140 children'). Asked once a workflow: a leader who
    keeps a count for the baseline keeps it for the target too."""
    unit = (state.indicator or {}).get("unit", "")
    return (
        "number" in question.expects
        and not state.unit_asked
        and state.probes < MAX_PROBES
        and a_count_for_a_rate(answer, unit)
    )


def _specific(expects: list[str]) -> list[str]:
    """What a question asks for beyond something concrete ('substance')."""
    return [e for e in expects if e != "substance"]


def _adds_to_previous(flow: Workflow, state: WorkflowState, question, message: str) -> bool:
    """Whether the first message to this question says more about the previous one instead: it holds,
    in the words the patterns list, every part the previous question asks for and none of this
    one's ('About 1 in 10 appointments are missed ...; reminder letters haven't changed it', just
    after the coach asked for the idea to test). Read by the patterns alone, which miss parts but
    seldom invent them (1 of 122 plain answers to a second or later question in the answer sets
    meets this)."""
    if state.q == 0:
        return False
    own, previous = _specific(question.expects), _specific(flow.questions[state.q - 1].expects)
    if not own or not previous or "choice" in previous or is_vague(message):
        return False  # a pick from a list is not said more about; a hedge says nothing more
    said = without_deferrals(message)
    return all(VALIDATORS[e](said) for e in previous) and not any(VALIDATORS[e](said) for e in own)


def _answers_another_question(flow: Workflow, state: WorkflowState, question, earlier: str, message: str) -> bool:
    """Whether an earlier message to this question held only something concrete, none of the parts
    the question asks for, but a part another question still to come asks for ('three drop-in
    sessions and a survey' asked what decision is at stake), while the new message holds one of
    this question's parts: the earlier one belongs to the other question, not under this heading."""
    own = _specific(question.expects)
    if not own or _held(earlier, own) or not _held(message, own):
        return False
    return any(
        _specific(later.expects) and _held(earlier, _specific(later.expects))
        for later in flow.questions[state.q + 1 :]
        if later.key not in state.answers
    )


def _states_a_later_problem(flow: Workflow, state: WorkflowState, question, message: str) -> bool:
    """Whether a first answer to a question that asks only for something concrete (which service) states
    what goes wrong and everything a later question asks for ('Too many young men in Ecatepec drop out
    of secondary school'): the problem, not the service. Of the answer sets' 23 answers to the
    objectives' first question it is true of that one only."""
    if _specific(question.expects) or not VALIDATORS["challenge"](message) or _NAMES_ITS_SERVICE.search(message):
        return False
    return _answers_a_later_question(flow, state, message)


# A first answer that says which service it is about and what it serves ('This is for our homelessness service ... It
# serves priority three of our Council Plan'): the service, even when its name says what goes wrong.
_NAMES_ITS_SERVICE = re.compile(
    r"(?i)\b(?:this is (?:for|about)|it serves|(?:this|it) (?:supports|sits under|falls under))\b"
    r"|\b(?:priority|goal|objective|pillar|outcome|theme)\s+(?:no\.?\s*)?(?:\d+|one|two|three|four|five|six|seven|"
    r"eight|nine|ten)\b"
)


def _answers_a_later_question_instead(flow: Workflow, state: WorkflowState, question, message: str) -> bool:
    """Whether a reply to a follow-up holds none of what this question still lacks but all a question
    still to come asks for (asked again for the challenge, the leader gives the idea and what it should
    change): the leader has moved on, so the reply goes to that question and this one stays open."""
    lacking = _specific(state.missing.get(question.key, []))
    if not lacking or is_vague(message):
        return False
    # staff counted in a list of who is involved ('3 nurses and 14 health visitors') is not the share asked for
    counted = (
        "number" in lacking
        and a_count_for_a_rate(message, (state.indicator or {}).get("unit", ""))
        and len(re.split(r"[;\n]|,\s", message)) >= 3  # a list, not '900 of the 1,200 homes, with Age UK'
    )
    if _held(message, lacking) and not counted:  # unless it opens on a later question ('First review after 6 months')
        return _opens_on_a_later_question(flow, state, message)
    return _answers_a_later_question(flow, state, message)


def _opens_on_a_later_question(flow: Workflow, state: WorkflowState, message: str) -> bool:
    """Whether ``message`` answers a question still to come in full and names its part in its first words
    ('First review after 6 months, in June 2027, ...' for 'Review points and exit')."""
    opening = set(tokenize(" ".join(message.split()[:6])))
    return any(
        opening & set(tokenize(f"{later.key} {later.label}"))
        for later in _later_questions_answered(flow, state, message)
    )


def _answers_a_later_question(flow: Workflow, state: WorkflowState, text: str) -> bool:
    """Whether ``text`` holds everything a question still to come asks for, beyond 'substance' (the
    question :func:`_keep_for_its_question` would keep it for in full)."""
    return bool(_later_questions_answered(flow, state, text))


def _later_questions_answered(flow: Workflow, state: WorkflowState, text: str) -> list:
    """The questions still to come, not yet answered, whose every expected element (beyond 'substance') ``text``
    holds."""
    return [
        later
        for later in flow.questions[state.q + 1 :]
        if later.key not in state.answers and _specific(later.expects) and not missing_elements(text, later.expects)
    ]


def _keep_for_its_question(flow: Workflow, state: WorkflowState, text: str) -> None:
    """An earlier message dropped from the current question's answer is kept for the first question
    still to come that it answers in full (everything that question expects, beyond 'substance'),
    so the leader is not asked for it again; failing that, for the first that it answers in part,
    so the leader is asked only for the rest."""
    if len(text.split()) < 4 or is_vague(text) or opens_not_knowing(text):  # 'make it cashless', 'I don't know ...'
        return
    later = [q for q in flow.questions[state.q + 1 :] if q.key not in state.answers and _specific(q.expects)]
    full = next((q for q in later if not missing_elements(text, q.expects)), None)
    part = full or next((q for q in later if _held(text, _specific(q.expects))), None)
    if part is not None:
        state.answers[part.key] = text


def _advance(flow: Workflow, state: WorkflowState, note: str = "") -> Step:
    state.q += 1
    state.probes = 0
    kept: list[str] = []
    missing: list[str] = []
    while state.q < len(flow.questions):  # a question already answered in full on the way is not asked
        later = flow.questions[state.q]
        if not state.answers.get(later.key):
            break
        missing = missing_elements(state.answers[later.key], later.expects)
        if missing:
            break
        kept.append(later.label)
        state.q += 1
    if state.q >= len(flow.questions):
        return _to_draft(state, note)
    question = flow.questions[state.q]
    if missing:  # answered in part earlier: only the rest is asked for
        state.missing[question.key] = missing
        _count_probe(state, question.key)
        probe = _probe_text(question, missing, state.answers.get(question.key, ""))
        return Step(state, "probe", key=question.key, text=probe, note=note, kept=kept, partial=question.label)
    return Step(state, "ask", key=question.key, note=note, kept=kept)


def _record(state: WorkflowState, key: str, text: str, expects: list[str]) -> None:
    """``text`` as the answer to ``key``, with what it still lacks."""
    state.answers[key] = text
    missing = missing_elements(text, expects)
    if missing:
        state.missing[key] = missing
    else:
        state.missing.pop(key, None)


def _count_probe(state: WorkflowState, key: str) -> None:
    state.probes += 1
    state.probes_total += 1
    if key not in state.probed:
        state.probed.append(key)


def _probe_text(question, missing: list[str], answer: str = "") -> str:
    """The follow-up for the first part missing; for a figure the leader says is not measured yet, the
    question's ``unmeasured`` probe (how and by when it will be), not the question for the figure again."""
    if missing[0] == "number" and unmeasured(answer) and question.probes.get("unmeasured"):
        return question.probes["unmeasured"]
    if missing[0] == "substance" and question.name_only and a_name(answer) and question.probes.get("name"):
        return question.probes["name"]  # the service named, its priority not: only that is asked
    return question.probes.get(missing[0]) or question.probes.get(next(iter(question.probes), ""), "") or question.ask


def _to_draft(state: WorkflowState, note: str = "") -> Step:
    state.stage = Stage.REFINE
    state.q = 0
    state.probes = 0
    return Step(state, "draft", note=note)


# --- refinement -------------------------------------------------------------------------------------


def _refine(flow: Workflow, state: WorkflowState, message: str) -> Step:
    if DONE.match(message) or SKIP.match(message):
        state.stage = Stage.DONE
        return Step(state, "save")
    if DRAFT.match(message) or (_SO_FAR.match(message) and len(message.split()) <= 15):  # 'can I see it so far?'
        return Step(state, "redraft")
    listed = _listed_changes(message)
    if listed:  # 'Three changes after the board:\n1. ...\n2. ...': each item a change of its own
        edits = _items_edits(flow, listed, state.answers)
        if edits:
            return _changed(flow, state, edits)
    if looks_like_own_draft(message):
        return Step(state, "review_own", text=own_draft_text(message))
    message = ASKED_TO_CHANGE.sub("", message).strip() or message  # '... Can you correct it in the plan?'
    filled, message = filled_gaps(message, state.answers)
    if filled:  # 'The <insert date> in the timeline - make it 2 February 2028.'
        changed = _changed(flow, state, filled)
        then = _refine(flow, changed.state, message) if message else None
        return replace(then, edits=filled + then.edits) if then and then.action == "redraft" else changed
    taken_back, message = _taken_back(flow, state, message)
    if taken_back and not message:  # 'Scrap that last change - put it back as it was.'
        return Step(state, "redraft", edits=taken_back)
    if taken_back:  # '... put it back as it was. But move the council decision to 25 June 2026.'
        then = _refine(flow, state, message)
        return (
            replace(then, edits=taken_back + then.edits)
            if then.action == "redraft"
            else Step(state, "redraft", edits=taken_back)
        )
    edits = said_again(flow, message, state.answers) or parse_edits(flow, message, state.answers)
    if edits and not (message.strip().endswith("?") and not re.match(rf"^\s*(?:{CHANGE_VERB})", message, re.I)):
        return _changed(flow, state, _named_values_kept(flow, message, state.answers, edits))
    restated = restatement(flow, PLEASANTRY.sub("", message.strip()), state.answers)
    if looks_like_question(message) and not (restated and PROPOSAL.match(message.strip())):
        return Step(state, "answer_question", text=message)
    if restated:
        return _changed(flow, state, restated)
    key = _fills_a_placeholder(flow, state, message)
    if key:
        question = flow.question(key)
        merged = merge_answer(state.answers.get(key, ""), message, question.expects)
        state.before_change = {key: state.answers.get(key, "")}
        _record(state, key, merged, question.expects)
        return Step(state, "redraft", edits=[Edit(key, message, "append")])
    swapped = swapped_values(message, state.answers, partners=flow.partners_part)
    if swapped:  # 'The finance committee raised the budget. Please use 13,500 instead of 9,800.'
        return _changed(flow, state, swapped)
    return Step(state, "clarify", text=message)


# A list item's mark ('1.', '-', '•', '(a)'), and a line that announces changes ('Three updates from the board:').
_ITEM_MARK = re.compile(r"^\s*(?:[-*\u2022\u25aa\u25e6]|\d{1,2}[.)]|\(?[a-hA-H]\)|[a-hA-H][.)])\s+")
_CHANGES_NAMED = re.compile(r"(?i)\b(?:changes?|updates?|amendments?|corrections?|edits?|tweaks?|fixes)\b")
_ITEM_CHANGES = re.compile(
    r"(?i)\b(?:not|instead|rather than|now|mov\w+|goes (?:up|down)|up to|down to|chang\w+|replac\w+|drop\w*|add\w*|"
    r"remov\w+|take\w* out|pull\w* out)\b"
)


def _listed_changes(message: str) -> list[str]:
    """The items of a list of changes ('Three updates from the steering group:' over numbered or bulleted lines, or
    items that each read as a change), without their marks; none for anything else, such as a pasted version."""
    lines = [line for line in message.splitlines() if line.strip()]
    if OWN_DRAFT.match(message) or len(lines) < 2:
        return []
    items = [line for line in lines if _ITEM_MARK.match(line)]
    lead = "" if _ITEM_MARK.match(lines[0]) else lines[0]
    announced = bool(lead) and len(lead) < 200 and bool(_CHANGES_NAMED.search(lead))
    if len(items) < 2 or not (announced or all(_ITEM_CHANGES.search(item) for item in items)):
        return []
    return [_ITEM_MARK.sub("", item).strip() for item in items]


def _items_edits(flow: Workflow, items: list[str], answers: dict[str, str]) -> list[Edit]:
    """The edits each item of a list of changes asks for, read in turn against the draft as the items before it
    left it."""
    current, edits = dict(answers), []
    for item in items:
        found = said_again(flow, item, current) or parse_edits(flow, item, current)
        found = (
            _named_values_kept(flow, item, current, found)
            if found
            else restatement(flow, item, current) or swapped_values(item, current, partners=flow.partners_part)
        )
        for edit in found:
            current[edit.key] = edited(current.get(edit.key, ""), edit)
        edits += found
    return edits


def _named_values_kept(flow: Workflow, message: str, answers: dict[str, str], edits: list[Edit]) -> list[Edit]:
    """``edits`` as read from the wording of ``message``, checked against the values it names: none may put a short
    sentence in place of a long part and lose its figures (:func:`_without_loss`); when they leave a value undone
    (the draft would still hold a value the message replaces by one it names: 'Please put 31,200 where it says
    27,400' read as '27,400' for the budget), the values' own reading (:func:`swaps.swapped_values`) stands for the
    parts it changes, the edits on other parts kept; else what they left unread is added (:func:`_rest_placed`)."""
    edits = [_without_loss(edit, answers) for edit in edits]
    after = dict(answers)
    for edit in edits:
        after[edit.key] = edited(after.get(edit.key, ""), edit)
    if left_undone(message, answers, after):
        swapped = swapped_values(message, answers, placed=False)
        return [e for e in edits if e.key not in {s.key for s in swapped}] + swapped
    return edits + _rest_placed(flow, message, answers, after)


def _without_loss(edit: Edit, answers: dict[str, str]) -> Edit:
    """``edit``, unless it would put a short sentence in place of a long part and lose the figures and dates the
    part holds ('Success measures: the appointment wait target date is 31 March 2027' for three measures with their
    baselines): then the new value goes where its kind stands in the part, if one place is clear; else the part is
    said anew when it holds a value of the new one's kind, and the new one follows it as a sentence of its own when
    it does not."""
    answer = answers.get(edit.key, "")
    if edit.mode != "set" or edit.old or len(answer.split()) < 15 or len(edit.value.split()) * 2 > len(answer.split()):
        return edit
    if edited(answer, edit) != edit.value or not values_lost(answer, edit.value):  # placed in the part, or no loss
        return edit
    placed = swapped_values(edit.value, {edit.key: answer}, asked=True)
    if placed and not values_lost(edit.value, placed[0].value):  # every value of the change found its place
        return placed[0]
    if holds_kind_of(answer, edit.value):  # 'bz$ 120k, council added money' for a part of several sums: said anew
        return edit
    return Edit(edit.key, edit.value[:1].upper() + edit.value[1:], "append")


# Where a message goes from one clause to the next ('..., and the letters go to ...'; not 'one hundred and twenty').
_CLAUSE_JOIN = re.compile(
    r"[.;!?]\s+|\n|,?\s+and\s+(?=(?:the|our|my|we|it|they|please|also|make|move|change|put|set|use)\b)", re.I
)


def _rest_placed(flow: Workflow, message: str, before: dict[str, str], answers: dict[str, str]) -> list[Edit]:
    """The new figures and dates of ``message`` that the edits read from it left out of the draft (``answers``, as
    they leave it; ``before``, as it was), each put where
    its own clause's words place it (:func:`restatement`): 'Cabinet has moved its decision to 21 March 2028, and
    the letters go to every home within 1 km rather than 500 m' read only for the 1 km; and a partner said to go in
    a clause of its own ('..., and Skills England comes off the partner list') taken out."""
    current, placed = dict(answers), []
    for clause in re.split(_CLAUSE_JOIN, message):
        if GONE.search(clause) and flow.partners_part:  # '..., and Skills England comes off the partner list'
            found = [
                e
                for e in swapped_values(clause, current, partners=flow.partners_part)
                if e.mode == "remove" and e.value in " ".join(before.values())  # not one the edits just put in
            ]
        elif CHANGE_CUE.search(clause) and unread_news(clause, before, current):
            found = ([] if OLD_SAID.search(clause) else restatement(flow, clause, current)) or swapped_values(
                clause, current
            )
        else:
            found = []
        for edit in found:
            current[edit.key] = edited(current.get(edit.key, ""), edit)
            placed.append(edit)
    return placed


def _changed(flow: Workflow, state: WorkflowState, edits: list[Edit]) -> Step:
    """The draft with ``edits`` made; what they changed is kept as it was, to be put back if the leader asks."""
    state.before_change = {e.key: state.answers.get(e.key, "") for e in edits}
    for edit in edits:
        apply_edit(flow, state, edit)
    return Step(state, "redraft", edits=edits)


# Taking the last change back ('scrap that last change - put it back as it was', 'undo that', 'change it back').
_TAKE_BACK = re.compile(
    r"(?i)\b(?:scrap|undo|revert|reverse|cancel|forget|ignore|take back|drop|bin)\s+(?:that|the|my|this)\s+"
    r"(?:last\s+|previous\s+|latest\s+)?(?:change|edit|request)\b|\bundo\s+(?:that|it|this)\b"
    r"|\b(?:put|change|set)\s+(?:it|that|them|this)\s+back\b|\bgo\s+back\s+to\s+(?:what|how)\s+(?:it|I)\s+(?:was|had|said)\b"
)
_THEN = re.compile(rf"(?i)(?:,?\s+(?:and|but)\s+|;\s*|\s[-\u2013\u2014]\s+)(?:then\s+|instead\s+)?(?={INSTRUCTION})")


def _taken_back(flow: Workflow, state: WorkflowState, message: str) -> tuple[list[Edit], str]:
    """The last change taken back: the parts it changed put back as they were, and the rest of the message (a change
    said with it: 'Scrap that change and move the vote to June instead'); nothing when no change is taken back or
    there is none to take back."""
    if not state.before_change or not _TAKE_BACK.search(message):
        return [], message
    rest = []
    for sentence in sentences(message):
        said = list(_TAKE_BACK.finditer(sentence))
        if not said:
            rest.append(sentence)
            continue
        after = _THEN.search(sentence, said[-1].end())
        if after:  # 'Scrap that change and move the vote to June instead'
            rest.append(sentence[after.end() :])
    restored = []
    for key, was in state.before_change.items():
        if was:
            _record(state, key, was, flow.question(key).expects)
        else:
            state.answers.pop(key, None)
        restored.append(Edit(key, was, "whole"))
    state.before_change = {}
    text = re.sub(
        r"(?i)^(?:but|and|also|then|instead|ok(?:ay)?|so)\b[\s,]*", "", " ".join(s.strip() for s in rest).strip()
    )
    return restored, text[:1].upper() + text[1:] if len(text.split()) >= 3 else ""


def _fills_a_placeholder(flow: Workflow, state: WorkflowState, message: str) -> str:
    """The part still to confirm in the draft that ``message`` answers (the leader gives, after the draft,
    what was skipped: 'A monthly report to the finance committee and a public results report'): the first
    whose question it answers in full, or the only one, if it holds any of what that one asks for."""
    if is_vague(message) or len(message.split()) < 4 or not_known(message):
        return ""
    open_keys = state.placeholders(flow)
    for key in open_keys:
        expects = _specific(flow.question(key).expects)
        if expects and not missing_elements(message, expects):
            return key
    if len(open_keys) == 1 and _held(message, _specific(flow.question(open_keys[0]).expects)):
        return open_keys[0]
    return ""


def apply_edit(flow: Workflow, state: WorkflowState, edit: Edit) -> None:
    """Change one slot of ``state`` as the leader asked, and re-validate it."""
    if edit.key == "indicator" and edit.mode == "set":
        state.indicator = _chosen_indicator(state, edit.value)
    _record(state, edit.key, edited(state.answers.get(edit.key, ""), edit), flow.question(edit.key).expects)
