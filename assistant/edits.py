"""Change requests after the draft: what the leader asks to change, and the change made.

:func:`parse_edits` reads a message such as 'Two changes: make the target 90% by December 2027, and take out
the Disability Forum' into :class:`Edit` s, one per part of the plan it changes, locating the part by the
answers already given; :func:`edited` makes one in an answer's text. Pure functions over text: the
interview (:mod:`assistant.interview`) decides when a message is a change request and records the result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .lexical import STOP_WORDS, stem, tokenize
from .slots import (
    _DATE,
    LEVELS,
    MONTHS,
    _named,
    content_words,
    deadline,
    due,
    level_of,
    number_in_words,
    numbers_in,
    quantities,
    small_number,
)
from .specificity import sentences
from .texting import (
    CURRENCY,
)
from .workflows import Workflow


@dataclass
class Edit:
    key: str
    value: str
    mode: str = "set"  # set | append | date | remove | rename | recount | whole (the answer said again)
    about: str = ""  # the leader's words for the part to change ('the closing date of the vote')
    old: str = ""  # what the new value replaces, when the leader says ('2 working days instead of 3')


_ALIASES: dict[str, list[str]] = {
    "target": ["target", "aim", "goal figure", "ambition figure"],
    "baseline": ["baseline", "starting point", "current figure", "figure today", "starting figure"],
    "indicator": ["indicator", "measure", "kpi", "metric"],
    "stakeholders": ["stakeholders?", "delivered with"],
    "link": ["strategic link", "link", "priority", "sdg"],
    "service": ["service"],
    "problem": ["problem"],
    "level": ["participation level", "level", "promise"],
    "review": ["review(?: date| point)?s?", "exit"],
    "timeline": ["timeline", "timescales?", "dates"],
    "governance": ["governance", "steering group", "board"],
    "contributions": ["contributions?"],
    "risks": ["risks?"],
    "goal": ["shared goal", "goal", "targets?"],
    "decision": ["decision"],
    "who": ["recruitment", "participants"],
    "methods": ["methods?", "channels?"],
    "feedback": ["feedback", "reporting back", "evaluation"],
    "challenge": ["challenge"],
    "idea": ["hypothesis", "idea"],
    "test": ["pilot", "trial", "test design"],
    "measures": ["success criteria", "measures", "targets?", "(?:stop|stopping|decision|scale[- ]or[- ]stop) rules?"],
    "resources": ["budget", "resources", "team and budget"],
    "learning": ["learning"],
    "users": ["users?", "user needs?"],
    "data": ["data", "privacy"],
    "inclusion": ["inclusion", "assisted digital"],
    "team": ["team"],
    "success": ["success measures?", "kpis?", "targets?"],
}
CHANGE_VERB = (
    r"(?:please\s+)?(?:can you\s+|could you\s+|can we\s+|could we\s+|let'?s\s+|(?:i|we)'?d like to\s+|"
    r"(?:i|we) (?:want|need|would like) to\s+|we should\s+)?"
    r"(?:make|set|change|update|move|put|switch|amend|revise|replace|push|bring|pull|rename|reword|scale|expand|"
    r"grow|increase|raise|lower|reduce|extend|shorten)\s+"
    r"(?:the\s+|our\s+|my\s+)?"
)
# Words a change is often said after ('actually, ...', 'oh and ...', 'sorry, ...'): not part of it.
_LEAD_IN = re.compile(
    r"^(?:(?:actually|oh|and|also|ok(?:ay)?|so|sorry|wait|hmm+|right|no|please|in fact|on second thoughts?|"
    r"thinking about it)"
    r"\b[\s,.:;!-]*)+",
    re.I,
)


def alias_pattern(key: str, flow: Workflow) -> str:
    names = list(_ALIASES.get(key, []))
    if key == flow.partners_part:
        names += ["partners?", "delivery partners?"]
    label = flow.question(key).label.lower()
    names.append(re.escape(label))
    return "|".join(sorted(set(names), key=len, reverse=True))


# What is said before a sum: a sign, a sign with its country ('TT$') or a code ('KES', 'rs').
MONEY = rf"(?:[{CURRENCY}]|(?-i:[A-Z]{{3}}|[A-Z]{{1,2}}\$|[KQ](?=\s?\d))|[Rr]s\.?)"
# The verb a change is said with ('take X out', 'could you move the date ...').
INSTRUCTION = (
    r"(?:please\s+)?(?:also\s+)?(?:can you\s+|could you\s+|let'?s\s+)?(?:make|set|change|update|move|put|switch|"
    r"amend|revise|replace|add|include|bring|remove|take|drop|delete|leave|cut|use|go with|push|pull|rename|reword|"
    r"swap|extend|shorten|raise|lower|call|name)\b"
)
# 'Two changes:', 'A couple of edits -', dictated 'one change take ...': said before changes, not part of any.
_CHANGES_SAID = (
    r"^(?:(?:a|the)\s+)?(?:(?:one|two|three|four|five|a few|few|some|several|couple of|a couple of|\d)\s+)?"
    r"(?:more\s+|small\s+|quick\s+|little\s+)?(?:changes?|edits?|things?|tweaks?|amendments?|corrections?|typos?|"
    r"fix(?:es)?|mistakes?)"
)
_CHANGES_LEAD = re.compile(
    rf"{_CHANGES_SAID}(?:\s+(?:that\s+)?I (?:got|had|said|put) wrong|(?:\s+(?!please\b)[\w']+){{1,4}}?)?"
    r"(?:,?\s+please)?\s*[:\-\u2013\u2014]\s*"
    rf"|{_CHANGES_SAID}\s+(?={INSTRUCTION})",
    re.I,
)
# News of a change said as a fact ('the assembly vote has moved to October 2027'): a change of its own.
_NEWS = re.compile(
    r"\b(?:has|have|is|are|was)\s+(?:now\s+)?(?:been\s+)?(?:moved|slipped|changed|brought forward|pushed back|"
    r"delayed|put back)\b.*\b(?:19|20)\d{2}\b",
    re.I,
)
# A new participation level said as what we will do ("we'll involve people all the way through").
_LEVEL_PROMISE = re.compile(
    rf"\bwe(?:'ll| will| are going to| want to)\s+(?:now\s+|actually\s+|really\s+)?(?:{'|'.join(LEVELS)})\w*\b[^;.]*",
    re.I,
)
# Saying the draft is wrong before the changes ('That's not quite right.', 'Not quite.', 'Two things to fix.').
_PUSHBACK = re.compile(
    r"^(?:(?:that'?s|it'?s|this is) not (?:quite )?(?:right|correct)|not quite(?: right)?|almost|nearly there|"
    r"(?:one|two|three|a few|some|a couple of) (?:things?|changes?|corrections?|points?) to (?:fix|change|correct))"
    r"\s*[.!:;,-]\s*",
    re.I,
)
# Thanks before the changes ('Thanks, that's helpful. One thing: ...'): not part of any.
PLEASANTRY = re.compile(
    r"^(?:(?:thanks?(?: you)?|great|lovely|perfect|brilliant|nice|good|looks good|that'?s (?:great|helpful|good|"
    r"useful)|this (?:reads|looks) (?:well|good|great)|it (?:reads|looks) (?:well|good|great))(?: so far)?[\s,.!;-]+)+",
    re.I,
)
# What follows a change to explain it ('..., they've told us they can't commit'): not a change itself.
_EXPLANATION = re.compile(
    r"^(?:they|it|that|this|because|as(?!\s+(?:an?|the|our|one of|another)\s)|since|so that|which|who|we|he|she|"
    r"the reason)\b",
    re.I,
)
# What a new value replaces, said after it ('2 working days instead of 3', 'every 6 months rather than once a year').
_INSTEAD = re.compile(r"\s*,?\s+(?:instead of|rather than|in place of)\s+(?:the\s+)?(.+)$", re.I)
# A sentence of its own after a change and a comma, with its own subject and verb ('..., the ministry might top it
# up', '..., the mayor wants it higher'): why, not more of the change.
_SAID_OF_ITS_OWN = re.compile(
    r"(?i)^(?:the|our|my|his|her|their)\s+(?:[\w'\u2019-]+\s+){0,3}?(?:might|may|will|would|could|can|should|must|"
    r"has|have|had|is|are|was|were|wants?|wanted|said|says|agreed|told|thinks?|thought|added|found|confirmed|asked|"
    r"decided|needs?)\b"
)
# A figure said again as what it is now, after a dash ('- it's Q 300,000 a year now'): the change itself.
_RESTATED = re.compile(r"(?i)^(?:it'?s|it is|that'?s|that is|now|which is|so it'?s)\b[^.;]*\d")
# A second change joined by 'and' to a first with the same verb: 'change the budget to £95,000 and the pilot
# length to 9 months'.
_AND_ANOTHER = re.compile(r"\s+and\s+(?=(?:the|our|my)\s+(?:[\w'-]+\s+){0,3}?(?:to|as)\s)", re.I)


_QUOTE = re.compile(
    r"(?:^|(?<=[\s:(]))['\"\u2018\u201c](?P<said>[^'\"\u2019\u201d\n]{4,400}?)['\"\u2019\u201d](?=[\s.,;:!?)]|$)"
)
_REWORD = re.compile(r"(?i)\b(?:instead|write|reword|replace|rephrase|change|say|put)\b")


def _clause_requoted(flow: Workflow, message: str, answers: dict[str, str]) -> list[Edit]:
    """A clause quoted from the plan and its new wording quoted after it ("'Unless the budget does not allow it' reads
    like an escape hatch. Write instead: 'The board will follow ...'"): the new words in place of the clause that
    holds the old ones (from the last comma, 'and' or semicolon before them to the end of the sentence)."""
    quotes = [q.group("said").strip() for q in _QUOTE.finditer(message)]
    if len(quotes) != 2 or len(quotes[1].split()) < 5 or not _REWORD.search(message):
        return []
    old, new = quotes
    holding = [k for k in flow.keys if old.lower().rstrip(".") in answers.get(k, "").lower()]
    if len(holding) != 1:
        return []
    answer = answers[holding[0]]
    at = answer.lower().index(old.lower().rstrip("."))
    start = max((m.end() for m in re.finditer(r"(?:[.;!?]|,\s+and|,)\s+", answer[:at])), default=0)
    end = next((m.end() for m in re.finditer(r"[.;!?](?=\s|$)", answer[at:])), len(answer) - at) + at
    clause = answer[start:end]
    said = new.rstrip()
    said = said if said[-1:] in ".!?" else said + "."
    if start and not re.match(r"[A-Z]{2}|I\b", said):
        said = said[:1].lower() + said[1:]  # it goes on a sentence already begun
    shared = [w for w in clause.split()[:6] if w.lower() in said.lower().split()[:8]]
    if start and not shared and not answer[:start].rstrip().endswith((".", "!", "?")):
        return []
    return [Edit(holding[0], (answer[:start] + said + answer[end:]).strip(), "whole", old=old)]


def parse_edits(flow: Workflow, message: str, answers: dict[str, str] | None = None) -> list[Edit]:
    """Slot changes the message asks for (see :func:`_changes`), each new value without the comma or colon that
    ended it in the message ('cut the budget to D 950,000, so we drop ...')."""
    return [
        replace(e, value=e.value.rstrip(",;: ")) if e.mode == "set" else e for e in _changes(flow, message, answers)
    ]


def _changes(flow: Workflow, message: str, answers: dict[str, str] | None = None) -> list[Edit]:
    """Slot changes the message asks for: 'target 85% by March 2027', 'add the NHS trust as a
    partner', 'change the closing date of the vote to 28 March 2027' (``answers`` locate it); several
    in one message ('Two changes: make the target 90% by December 2027, and take out the Disability
    Forum, they've told us they can't commit') when each of its clauses is a change on its own; a name
    in quotes given a new one ('call it 'Home Heat Fund' from now on') beside the others."""
    requoted = _clause_requoted(flow, message, answers or {})
    if requoted:  # "'Unless the budget does not allow it' reads like an escape hatch. Write instead: '...'"
        return requoted
    renamed, rest = _quoted_rename(flow, message, answers or {})
    if renamed:
        return renamed + (_edits(flow, rest, answers) if re.search(r"\w", rest) else [])
    swapped = _quoted_swaps(message, answers or {})
    if swapped:  # "Where I said 'every two months', make it 'every month'"
        return swapped
    went_too_far = _too_far(message, answers or {})
    if went_too_far:  # 'cutting it by a quarter is too timid - make it halve the time'
        return went_too_far
    totals, rest = _new_totals(message, answers or {})
    if totals:  # '... added ₸25m for a second plant, so the budget is now ₸110m. Move the start to March.'
        return totals + (_edits(flow, rest, answers) if re.search(r"\w", rest) else [])
    return _with_consequences(message, answers or {}, _edits(flow, message, answers))


# Words of the plan said to go too far or not far enough, then the new ones ('cutting it by a quarter is too timid -
# make it halve the time', 'trimming that by a fifth looks far too cautious, so let's halve the wait').
_TOO_FAR = re.compile(
    r"(?i)(?P<old>[^.;:!?\n\u2013\u2014]{3,80}?)\s+(?:is|are|was|were|seems?|looks?|feels?|sounds?)\s+"
    r"(?:a bit\s+|a little\s+|far\s+|way\s+|much\s+|rather\s+|just\s+)?too\s+[a-z]+\b[\s,.;:!\-\u2013\u2014]+"
    r"(?:so\s+|please\s+|instead\s+)*(?:make it|make that|let'?s|go for|change it to|have it)\s+(?P<new>[^,.;!?\n]+)"
)
_POINTING = frozenset({"it", "that", "this", "them", "those", "these"})


def _too_far(message: str, answers: dict[str, str]) -> list[Edit]:
    """The change when the leader names words of an answer as going too far or not far enough and gives new ones:
    the longest end of the named words that one answer says (stems compared, 'it' and 'that' alike), replaced by the
    new words up to the first comma ('..., same date' keeps the date where it is)."""
    said = _TOO_FAR.search(message)
    if not said:
        return []
    named = [stem(w.lower()) for w in re.findall(r"[\w'\u2019]+", said.group("old"))]
    new = said.group("new").strip()
    for size in range(min(len(named), 6), 1, -1):
        wanted = [w for w in named[-size:] if w not in _POINTING]
        if len([w for w in wanted if w not in STOP_WORDS]) < 2:
            continue
        found = [(key, span) for key, text in answers.items() for span in _said_alike(wanted, text)]
        if len(found) == 1:
            key, span = found[0]
            return [Edit(key, new, about=said.group("old"), old=answers[key][span[0] : span[1]])]
        if found:
            return []
    return []


def _said_alike(wanted: list[str], text: str) -> Iterator[tuple[int, int]]:
    """Where ``text`` says the stems ``wanted`` in a row, a pointing word ('it', 'that') anywhere among them."""
    words = [(m.start(), m.end(), stem(m.group(0).lower())) for m in re.finditer(r"[\w'\u2019]+", text)]
    for i in range(len(words)):
        at, got = i, 0
        while at < len(words) and got < len(wanted):
            if words[at][2] == wanted[got]:
                got += 1
            elif not (got and words[at][2] in _POINTING):
                break
            at += 1
        if got == len(wanted):
            yield words[i][0], words[at - 1][1]


# A figure that may be a sum: its sign or code ('₸', 'TT$', 'Rs.'), the number and a word of size ('m', 'crore').
_SUM = (
    rf"(?:[A-Z]{{1,3}}\$?\s?|[{CURRENCY}]\s?|Rs\.?\s?)?\d[\d,.]*"
    r"(?:\s?(?:%|percent|per cent|bn|m|k|mn|million|billion|crore|lakh)\b)?"
)
# A figure said as what something is now ('so the budget is now ₸110m', 'the fleet has gone up to 14 buses').
_NOW_FIGURE = re.compile(
    rf"(?i)\b(?:the|our|its|their)\s+(?P<about>[\w'\u2019-]+(?:\s+[\w'\u2019-]+){{0,3}}?)\s+"
    rf"(?:is|are|will be|has|have)\s+(?:now\s+|gone up to\s+|gone down to\s+|risen to\s+|fallen to\s+)+"
    rf"(?P<new>{_SUM}(?:\s+[a-z]+)?)"
)


def _new_totals(message: str, answers: dict[str, str]) -> tuple[list[Edit], str]:
    """A figure said as what a thing is now: it replaces the figure said beside that thing's name in the plan
    ('Budget ₸85m ...' for 'the budget is now ₸110m'), when one answer has one such figure; with the message's
    other sentences."""
    edits, kept = [], []
    for sentence in re.split(r"(?<=[.!?])\s+", message):
        said = _NOW_FIGURE.search(sentence)
        edit = _total_replaced(said, answers) if said else None
        if edit:
            edits.append(edit)
        else:
            kept.append(sentence)
    return (edits, " ".join(kept).strip()) if edits else ([], message)


def _total_replaced(said: re.Match, answers: dict[str, str]) -> Edit | None:
    about = said.group("about").split()[-1]  # the thing's own word: 'budget' of 'total budget'
    new = said.group("new").strip()
    last = new.split()[-1].lower()
    if len(new.split()) > 1 and (last in STOP_WORDS or last in {"after", "since", "following", "thanks", "now"}):
        new = new.rsplit(None, 1)[0]  # '£95k after the top-up': the sum, not the word after it
    sign = re.match(rf"[{CURRENCY}]|[A-Z]{{1,3}}\$?|Rs", new)
    found = []
    for key, answer in answers.items():
        for near in re.finditer(rf"(?i)\b{re.escape(about)}\w*\b(?:\W+\w+){{0,5}}?\W+?(?P<old>{_SUM})", answer):
            old = near.group("old").strip()
            if (not sign or old.startswith(sign.group(0))) and old != new:
                found.append((key, old))
                break
    if len(found) != 1:
        return None
    key, old = found[0]
    return Edit(key, new, "set", about=about, old=old)


# What follows from a change, said after it: '..., so the same £30,000 covers about 500 homes', '... - that means
# about 1,800 homes'.
_CONSEQUENCE = re.compile(
    r"(?i)(?:,|\s[-\u2013\u2014]|;)?\s+"
    r"(?P<clause>(?:so|that means|which means|meaning|this means)\b(?:[^.;!?]|[.,]\d)*)"
)


def _a_thing_counted(noun: str) -> bool:
    """Whether the word after a figure names what it counts ('homes', 'people'), not a unit's word ('per', 'a')."""
    return noun.lower() not in STOP_WORDS | {"per", "each", "every", "more", "less", "times", "percent"}


# Words that say the figure after them is the one being replaced ('rather than 2 days', 'instead of 3').
REPLACED = r"(?:rather than|instead of|in place of|not)"
_WAS_SAID = re.compile(rf"(?i)\b{REPLACED}\s+$")


def _with_consequences(message: str, answers: dict[str, str], edits: list[Edit]) -> list[Edit]:
    """``edits`` and what follows from them: a figure said after a change with what it counts ('so ... about 500
    homes') takes the place of the plan's one figure of the same thing ('about 600 homes'); where the change sets
    that answer anew, the leader's clause goes with the new value."""
    if not edits:
        return edits
    said = " ".join(edit.value for edit in edits)
    out = list(edits)
    for consequence in _CONSEQUENCE.finditer(message):
        clause = consequence.group("clause").strip()
        for figure in _FIGURE_AND_NOUN.finditer(clause):
            number, noun = figure.groups()
            if re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", said) or not _a_thing_counted(noun):
                continue
            if _WAS_SAID.search(clause[: figure.start()]):  # '48 hours rather than 2 days': the old figure
                continue
            counted = rf"(?<![\w.,{CURRENCY}/-])(\d[\d,]*(?:\.\d+)?)(?=\s+{re.escape(noun)}\b)"
            found = {k: m.group(1) for k, v in answers.items() if (m := re.search(counted, v, re.I))}
            olds = {old for old in found.values() if old != number}
            if len(olds) > 1:  # several counts of it: the one in an answer the change is to
                found = {k: v for k, v in found.items() if any(e.key == k for e in edits)}
                olds = {old for old in found.values() if old != number}
            if len(olds) != 1:  # none, or still several: not which one is meant
                continue
            old = olds.pop()
            for key in (k for k, v in found.items() if v == old):
                # the answer set anew, whole: the clause goes with it; a part of it changed: the count changes too
                sets = [i for i, e in enumerate(out) if e.key == key and e.mode == "set" and not (e.old or e.about)]
                if sets and not re.search(counted, out[sets[0]].value, re.I):
                    out[sets[0]] = replace(out[sets[0]], value=f"{out[sets[0]].value.rstrip(' .,')} - {clause}")
                elif not sets:
                    out.append(Edit(key, number, "recount", about=noun, old=old))
    return out


# A name in quotes: 'Warm Start', ‘Warm Start’, "Warm Start" (not the apostrophe of "it's").
_QUOTED = re.compile(
    r"(?<![\w'])'(?P<a>[^'\n]{2,60}?)'(?!\w)|\u2018(?P<b>[^\u2019\n]{2,60})\u2019|\"(?P<c>[^\"\n]{2,60})\""
    r"|\u201c(?P<d>[^\u201d\n]{2,60})\u201d"
)
_NAMING = re.compile(
    r"(?i)\b(?:call(?:ed|ing)?|renam\w*|name[ds]?|no longer|new name|use|instead of|rather than|from now on)\b"
)


def _quoted_rename(flow: Workflow, message: str, answers: dict[str, str]) -> tuple[list[Edit], str]:
    """A name in quotes that the plan holds, and a new one in quotes that it does not, said in one sentence with a
    word of naming ('... didn't like 'Warm Start'; call it 'Home Heat Fund' from now on', 'it's no longer 'X' but
    'Y''): the new name wherever the old one is, and the message without that sentence."""
    for sentence in re.split(r"(?<=[.!?])\s+", message):
        names = list(dict.fromkeys(next(g for g in m.groups() if g).strip() for m in _QUOTED.finditer(sentence)))
        if len(names) < 2 or not _NAMING.search(sentence):
            continue
        held = [n for n in names if any(re.search(rf"(?i)\b{re.escape(n)}(?!\w)", a) for a in answers.values())]
        if len(held) != 1 or (len(names) > 2 and held[0] != names[0]):
            continue
        # the new name: the other one, or, with a gloss in quotes after it ("'Uchi no Ko' ('our little one')"), the
        # first after the old one
        old, new = held[0], next(n for n in names if n != held[0])
        named = [k for k in flow.keys if re.search(rf"(?i)\b{re.escape(old)}(?!\w)", answers.get(k, ""))]
        return [Edit(key, new, "rename", old=old) for key in named], message.replace(sentence, "", 1).strip()
    # the old name in one sentence and the new one, with the word of naming, in a later one ("The leader hates
    # 'Warm Welcome'. Please change the name to 'Heat Homes Hartley'.")
    said = re.split(r"(?<=[.!?])\s+", message)
    quoted = [(i, next(g for g in m.groups() if g).strip()) for i, s in enumerate(said) for m in _QUOTED.finditer(s)]
    names = list(dict.fromkeys(name for _, name in quoted))
    if len(names) != 2:
        return [], message
    held = [n for n in names if any(re.search(rf"(?i)\b{re.escape(n)}(?!\w)", a) for a in answers.values())]
    if held != names[:1]:
        return [], message
    old, new = names
    at = {name: [i for i, said in quoted if said == name] for name in names}
    if min(at[new]) <= max(at[old]) or not any(_NAMING.search(said[i]) for i in at[new]):
        return [], message
    named = [k for k in flow.keys if re.search(rf"(?i)\b{re.escape(old)}(?!\w)", answers.get(k, ""))]
    rest = " ".join(s for i, s in enumerate(said) if i not in at[old] + at[new]).strip()
    return [Edit(key, new, "rename", old=old) for key in named], rest


_SWAP_WORD = re.compile(
    r"(?i)\b(?:make it|make that|change|replace|swap|should (?:be|read|say)|instead|read|put|with|to|->)\b|->|\u2192"
)


# What the new words of a quoted change are, said after them ("make it 'three sessions' - the third in Las Flores",
# "..., one at each depot"): part of the change. Anything else after them is a reason, and is not.
_WHICH_ONE = re.compile(
    r"\s*[-\u2013\u2014,:(]\s*(?P<what>(?:the|an?)\s+(?:first|second|third|fourth|fifth|sixth|new|extra|additional|"
    r"other|last)\b[^.;!?)]*|(?:one|two|three|both|each|all)\s+(?:of them\s+)?(?:in|at|for|on|from)\b[^.;!?)]*"
    r"|(?:including|mostly|mainly)\s[^.;!?)]*)",
    re.I,
)


def _quoted_swaps(message: str, answers: dict[str, str]) -> list[Edit]:
    """Changes that quote the leader's own words and give new ones ("Where I said 'every two months', make it 'every
    month'", "change 'GBP 48,000' to 'GBP 52,000'"): in each clause two quoted phrases, the first in the plan and the
    second not, with a word of changing; the new words wherever the old are. Nothing unless every clause with two
    quoted phrases is one."""
    clauses = [c for c in re.split(r"(?<=[.!?;])\s+|\n+|,\s+and\s+(?=\w+\s+['\"\u2018\u201c])", message) if c.strip()]
    changed = dict(answers)
    edits: dict[str, Edit] = {}
    for clause in clauses:
        marks = list(_QUOTED.finditer(clause))
        if len(marks) != 2:
            continue
        old, new = (next(g for g in m.groups() if g).strip() for m in marks)
        held = [k for k, v in changed.items() if old.lower() in v.lower()]
        if not held or any(new.lower() in v.lower() for v in changed.values()) or not _SWAP_WORD.search(clause):
            return []
        which = _WHICH_ONE.match(clause[marks[1].end() :])
        said = f"{new} ({which.group('what').strip()})" if which else new

        def put(found: re.Match, said: str = said) -> str:
            return said[:1].upper() + said[1:] if found.group(0)[:1].isupper() and said[:1].islower() else said

        for key in held:
            changed[key] = re.sub(re.escape(old), put, changed[key], flags=re.I)
            edits[key] = Edit(key, changed[key], "whole")
    return list(edits.values())


# An answer that depends on a decision not taken yet: 'if it approves the bid in March, GBP 90,000 and 12 benches;
# if not, GBP 50,000 and 7 benches', '80 per cent by 2028 if we get the grant, otherwise 70 per cent'.
_IF_FIRST = re.compile(
    r"(?i)\bif\s+(?P<cond>[^,;.]{3,120}?),\s*(?P<yes>[^;.]+?)[;,.]?\s+(?:if not|otherwise|or else|else)\b[,:]?\s*"
    r"(?P<no>[^;.]+)"
)
_IF_AFTER = re.compile(
    r"(?i)(?P<yes>[^;.:]+?)\s+if\s+(?P<cond>[^,;.]{3,120}?),?\s+(?:if not|otherwise|or else|else)\b[,:]?\s*"
    r"(?P<no>[^;.]+)"
)
# News that settles it, either way.
_CAME_THROUGH = re.compile(
    r"(?i)\b(?:approved|agreed|passed|signed (?:it )?off|got|won|confirmed|awarded|granted|"
    r"came through|said yes|went ahead)\b"
)
_FELL_THROUGH = re.compile(
    r"(?i)\b(?:rejected|refused|turned (?:it )?down|didn'?t|did not|won'?t|will not|no grant|"
    r"said no|fell through|lost)\b"
)


def _condition_settled(message: str, answers: dict[str, str]) -> list[Edit]:
    """An answer's either-or put as the one branch the news settles ('the cabinet approved the bid - go with the 12
    benches'): the branch whose figures the message repeats, else the one its news says (approved, or turned down),
    when the message shares a word with the condition; nothing when no answer has such a choice."""
    said = numbers_in(message)
    words = set(tokenize(message)) - STOP_WORDS
    edits = []
    for key, answer in answers.items():
        for pattern in (_IF_FIRST, _IF_AFTER):
            found = pattern.search(answer)
            shared = words & (set(tokenize(found.group("cond"))) - STOP_WORDS) if found else set()
            if not found or not shared:
                continue
            yes, no = found.group("yes").strip(), found.group("no").strip()
            for_yes, for_no = (said & numbers_in(yes)) - numbers_in(no), (said & numbers_in(no)) - numbers_in(yes)
            if for_yes or for_no:  # the figures the message repeats
                declined = None if for_yes and for_no else bool(for_no)
            else:  # else what a sentence with two of the condition's words says happened ('we didn't get the grant')
                condition = set(tokenize(found.group("cond"))) - STOP_WORDS
                news = [n for n in sentences(message) if len(set(tokenize(n)) & condition) >= 2]
                declined = (
                    True
                    if any(_FELL_THROUGH.search(n) for n in news)
                    else False
                    if any(_CAME_THROUGH.search(n) for n in news)
                    else None
                )
            if declined is None:
                continue
            chosen = no if declined else yes
            if (
                declined
                and pattern is _IF_AFTER
                and len(quantities(no)) == 1
                and len(no.split()) <= 4
                and quantities(yes)
            ):
                chosen = yes.replace(quantities(yes)[0].text, quantities(no)[0].text, 1)  # '70 per cent' for '80 ...'
            start = found.start() if pattern is _IF_FIRST else found.start("yes")
            chosen = chosen[:1].upper() + chosen[1:] if start == 0 else chosen
            text = answer[:start] + chosen + answer[found.end() :]
            edits.append(Edit(key, re.sub(r"\s+([,.;])", r"\1", text).strip(), "whole"))
            break
    return edits


def _edits(flow: Workflow, message: str, answers: dict[str, str] | None = None) -> list[Edit]:
    settled = _condition_settled(message, answers or {})
    if settled:  # 'The council approved it - go with the 12 sites'
        return settled
    message = _CONTEXT_FIRST.sub("", _REASON_FIRST.sub("", _ASKED_FIRST.sub("", _SCOPE_NOTE.sub("", message))))
    message = _DENIED.sub(lambda m: f"{m.group('verb')} {m.group('new')}, not {m.group('old')}", message)
    message = _WRONG.sub(lambda m: f"it is {m.group('new')}, not {m.group('old')}", message)
    takeover = (
        _takeover(flow, message, answers or {})
        or _new_name(flow, message, answers or {})
        or _replaced_with(flow, message, answers or {})
        or _loosely_taken_over(flow, message, answers or {})
    )
    if takeover:
        return takeover
    moves = _moved_pairs(flow, message, answers or {}) + _becomes(flow, message, answers or {})
    if moves:  # 'the vote moves from 14 November 2026 to Saturday 23 January 2027, and the budget adoption to ...'
        rest = re.split(r"[;.]\s*|,\s*(?:and\s+)?", _BECOMES.sub(";", _FROM_TO.sub(";", message)))  # the rest
        more = [e for part in rest for e in restatement(flow, part, answers or {}) if e.old not in _olds(moves)]
        return _said_once(moves + more)
    partner = _ANOTHER_PARTNER.match(message.strip())
    if partner and flow.partners_part:  # 'And one more partner, please: X has offered two tutors. Low influence, ...'
        return [Edit(flow.partners_part, partner.group("who").strip(), "append")]
    clauses = _change_clauses(flow, message)
    for split in (_change_clauses(flow, message, by_sentence=True), clauses):
        if len(split) > 1:
            found = [
                _parse_edit(flow, clause, answers) or restatement(flow, clause, answers or {}, context=message)
                for clause in split
            ]
            # the changes understood, each on its own; a sentence with no figure or date left over explains them
            # ('... not six. I quoted our policy, not what happens.')
            rest = [clause for clause, edits in zip(split, found, strict=True) if not edits]
            # ... or says again a value the changes set ('... not 2023. Please put 2024 as the baseline year.')
            said = " ".join(edit.value for edits in found for edit in edits)
            explains = split is not clauses and not any(
                _news(c, {**(answers or {}), "": said}) and not _ADDED_ON.search(c) for c in rest
            )  # '... so we're adding K 35,000 for airtime' tells why
            if sum(bool(edits) for edits in found) >= 2 or all(found) or (any(found) and explains):
                return _said_once([edit for edits in found for edit in edits])
    one = clauses[0] if len(clauses) == 1 else message
    return _parse_edit(flow, one, answers) or restatement(flow, one, answers or {})


# What led to a change, told before a colon ('The mayor has read the draft and wants more ambition on the time to a
# decision: put 12 days as the target ...'): only the change is read.
_CONTEXT_FIRST = re.compile(
    r"(?i)(?:^|(?<=[.!?]\s))[^.!?:]{10,200}:\s+(?=(?:please\s+)?(?:put|make|set|change|move|use|raise|lower|cut|bring)"
    r"\s+\S)"
)
# The reason told before a change in the same sentence ('X rang this morning: they've lost half their volunteers,
# so please take X out'): only the change is read, from its verb, when it names what it changes.
_REASON_FIRST = re.compile(
    r"(?i)(?:^|(?<=[.!?]\s))[^.!?]{10,300}?(?:,|;|\s[-\u2013\u2014])\s*(?:and\s+)?(?:so|therefore|which is why)\s+"
    r"(?=(?:please\s+)?(?:take|remove|drop|delete|cut|put|add|change|move|make|replace|swap|use)\b)"
    # not '..., so take them out': what they change is named in the reason
    r"(?!(?:please\s+)?\w+\s+(?:them|it|him|her|those|these|that|this)\b)"
)
# A request in the leader's words joined by 'and' to the change that carries it out ('... - give us one more season
# and make the target date October 2028'): only the change is read. Only a short clause of words, no figure in it,
# that is not a change itself ('add the youth club and make the target 80%'), with the reason said before it.
_ASKED_FIRST = re.compile(
    r"(?i)(?:(?:^|(?<=[.!?]\s))[^.!?]{10,300}?\s[-\u2013\u2014]\s+|^|(?<=[.!?:;,\-\u2013\u2014]\s))"  # its reason first
    rf"(?!{INSTRUCTION})(?!{_CHANGES_SAID})[^.!?:;,\-\u2013\u2014\d]{{5,80}}?\s+and\s+"
    r"(?=(?:please\s+)?(?:make|set|change|move|push|put)\s+(?:the|our)\s+\S)"
)
# Where a change applies, said after it ('..., the steering group included.'): 'everywhere' already says it.
_SCOPE_NOTE = re.compile(r"(?i),\s+(?:and\s+)?(?:the|our|its)\s+[\w'\u2019 -]{2,40}?\s+(?:included|too)(?=\s*[.!;]|$)")


# A partner added with what they bring ('And one more partner, please: X has offered two student tutors.').
_ANOTHER_PARTNER = re.compile(
    r"(?i)^(?:(?:oh|and|also|ok(?:ay)?|right)\b[\s,]*)*(?:please\s+)?(?:add\s+)?(?:(?:one|a|an)\s+)?"
    r"(?:more|new|other|another|extra|further|additional)\s+partner(?:,?\s+please)?\s*(?::|\s[-\u2013\u2014])\s*"
    r"(?P<who>\S.*)$",
    re.S,
)
_FIGURE_SAID = rf"(?:[{CURRENCY}]\s?)?\d(?:[\d,.]*\d)?(?![\d]|[.,]\d)(?:\s*(?:%|m\b|bn\b|k\b|million|billion))?"
# A figure denied, then the right one ('the cap isn't 5,000 - it's 4,000', 'the budget is not £40,000; it is £45,000'):
# read as 'is 4,000, not 5,000'.
_DENIED = re.compile(
    rf"\b(?P<verb>is|are|was|were)(?:n'?t|\s+not)\s+(?P<old>{_FIGURE_SAID})(?:\s+(?:a|an|per|each|every)\s+\w+)?"
    rf"\s*(?:[-\u2013\u2014,;:.]+\s*|\s+but\s+)"
    rf"(?:(?:it|that|they|this)(?:'s|'re|\s+is|\s+are|\s+was|\s+were)\s+|but\s+)?(?:actually\s+|really\s+)?"
    rf"(?P<new>{_FIGURE_SAID})",
    re.I,
)


def _news(text: str, answers: dict[str, str]) -> bool:
    """Whether ``text`` holds a figure or a date that no answer holds ('December 2027 is too tight' holds none
    when the target says December 2027)."""
    held = " ".join(answers.values())
    return any(q.text not in held for q in quantities(text)) or any(
        m.group(0).strip() not in held for m in _DATE.finditer(text)
    )


def _said_once(edits: list[Edit]) -> list[Edit]:
    """The changes without one that only says again a figure an earlier one set ('it's 1,620 cases, not 1,480.
    So 1,620 at 31 December 2024, same source.': one change, to the baseline)."""
    kept: list[Edit] = []
    for edit in edits:
        figures = {q.value for q in quantities(edit.value)}
        if figures and any(figures <= {q.value for q in quantities(e.value)} for e in kept):
            continue
        kept.append(edit)
    return kept


# A figure said to be wrong, then the right one ('1,900 was wrong, it's ~2,400 home businesses').
_WRONG = re.compile(
    rf"(?P<old>{_FIGURE_SAID})\s+(?:was|is)\s+(?:wrong|out of date|a mistake)\s*[,;:.\-\u2013\u2014]+\s*"
    rf"(?:(?:it|that|they)(?:'s|'re|\s+is|\s+was|\s+are)\s+|(?:it\s+)?should be\s+)?"
    rf"(?:~\s*|about\s+|around\s+|roughly\s+|approx\.?\s+)?(?P<new>{_FIGURE_SAID})",
    re.I,
)


# What the leader says is not changing ('date stays dec 2027', 'the 85 per cent stays', 'everything else stays as it
# is'): no change.
_KEPT_AS_IS = re.compile(
    r"(?i)^(?!.*\bbut\b)(?:[\w%,.'\u2019-]+\s+){0,4}?(?:stays?|remains?|(?:is|are)\s+unchanged|unchanged|"
    r"(?:does|do)(?:n'?t| not)\s+change)\b"
)


def _change_clauses(flow: Workflow, message: str, by_sentence: bool = False) -> list[str]:
    """The clauses of a message that each start a change ('make ...', 'take out ...', 'target ...'); a
    part that starts none is read with the clause before it ('change the partners to Age UK, the CVS and
    Healthwatch'), and one that explains a change is left out. ``by_sentence``: a new sentence that is no
    explanation starts a clause too ('... at the gates. And the first review should be in November 2027, not
    in the spring.')."""
    text = _CHANGES_LEAD.sub("", _LEAD_IN.sub("", _PUSHBACK.sub("", PLEASANTRY.sub("", message.strip()))))
    names = "|".join(alias_pattern(k, flow) for k in flow.keys)
    starts = re.compile(rf"^(?:{INSTRUCTION}|(?:the\s+|our\s+)?(?:{names}|date|deadline)\b)", re.I)
    clauses: list[str] = []
    parts: list[tuple[str, bool, bool]] = []  # each part, whether a dash set it off, whether it opens a sentence
    pieces = re.split(r"\s*(;|\n+|(?<=[.!])\s+|\s[-\u2013\u2014]\s|(?<!\d),|,(?!\d))\s*", text)  # not '100,000'
    for i in range(0, len(pieces), 2):
        part, dashed = pieces[i], i > 0 and pieces[i - 1].strip() in ("-", "\u2013", "\u2014")
        opens = i > 0 and not pieces[i - 1].strip()
        verb = re.match(rf"^{CHANGE_VERB}", part, re.I)
        first, *more = _AND_ANOTHER.split(part) if verb else [part]
        parts += [(first, dashed, opens), *((f"change {m}", False, False) for m in more)]
    for part, dashed, opens in parts:
        part = re.sub(rf"(?i)^(?:and|also|then|plus|and then|and also|so(?=\s+{INSTRUCTION}))\b\s*", "", part.strip())
        part = re.sub(r"^\(?\d{1,2}[.)]\s+", "", part)  # '1) drop the kiosk; 2) add ...': each a change
        if not part or _KEPT_AS_IS.match(part):
            continue
        if (
            starts.match(part)
            or not clauses
            or (by_sentence and opens and not _EXPLANATION.match(part))
            or _INSTEAD.search(part)
            or _OLD_FIGURE.search(part)
            or _NEWS.search(part)
            or (dashed and re.match(rf"(?:[{CURRENCY}]\s?|[A-Z]{{2,3}}\s?)?\d", part))  # '... - VND 180 million -'
            or (dashed and _RESTATED.match(part))  # '... raised our share - it's Q 300,000 a year now, not ...'
            or ("level" in flow.keys and _LEVEL_PROMISE.search(part))
        ):
            # 'and it meets six times rather than five', 'The target should be 1,000 families, not 900'
            clauses.append(part)
        elif not (_EXPLANATION.match(part) or (_SAID_OF_ITS_OWN.match(part) and not _news(part, {})) or dashed):
            # '... Teagasc - the farm advice now runs through LAWPRO', 'make the budget rs 22m, the ministry might ...'
            clauses[-1] = f"{clauses[-1]}, {part}"
    return clauses or [message]


def _parse_edit(flow: Workflow, message: str, answers: dict[str, str] | None = None) -> list[Edit]:
    text = _LEAD_IN.sub("", message.strip().rstrip(".!"))
    instead = _INSTEAD.search(text)
    if instead:  # '2 working days instead of 3': the 3 is what goes
        found = _parse_edit(flow, text[: instead.start()], answers)
        old = re.split(
            r"[.?!;:]\s|\s[-\u2013\u2014]\s|,\s*(?:because|as|since|so|which|who|they|it|our|we)\b", instead.group(1)
        )[0]
        old = _COURTESY_AFTER.sub("", old.strip()).strip().rstrip(".!?,;")  # '... rather than 80%? Our vets think
        if not found:  # 'it meets six times rather than five': no part named, so the part holding 'five'
            found = _by_the_words_replaced(flow, text[: instead.start()], old, answers or {})
        return [
            replace(
                e,
                value=_after_words_held(_NOT_A_VALUE_AFTER.sub("", e.value), old, (answers or {}).get(e.key, "")),
                old=old,
            )
            if e.mode == "set"
            else e
            for e in found
        ]
    keys = flow.keys
    edits: list[Edit] = []
    partner_key = flow.partners_part
    match = re.match(
        r"^(?:please\s+)?(?:also\s+)?(?:add|include|bring in)\s+(.+?)\s+(?:as|to)\s+(?:an?\s+|the\s+)?(?:partners?|"
        r"stakeholders?|the partners|the partnership|delivery partners?)\b(.*)$",
        text,
        re.I,
    )
    if match and partner_key:
        return [Edit(partner_key, match.group(1).strip().rstrip(",;") + match.group(2), "append")]
    match = re.match(r"^(?:please\s+)?(?:add|include|bring in)\s+(.+?)(?:\s+(?:too|as well|also))?$", text, re.I)
    if match and partner_key and _a_partner(flow, match.group(1)):
        added = match.group(1).strip()
        named = re.search(
            rf"(?i)\s+(?:to|into|in|on)\s+(?:the\s+|our\s+)?(?:{alias_pattern(partner_key, flow)})$", added
        )
        added = added[: named.start()] if named else added  # 'add the ADD to the team': to the team part
        return [Edit(partner_key, added, "append")]  # 'add the SENCOs too': to the partners
    said_too = _ALSO_SAY.match(text)
    if said_too:  # 'the promise should also say we will publish every submission': added to what it says
        key = _slot_for(flow, said_too.group("part") or said_too.group("part_to"), "", answers or {})
        if key and (answers or {}).get(key):
            return [Edit(key, _sentence_added((answers or {})[key], said_too.group("value")), "whole")]
    reworded = _CUT_AND_SAY.match(text)
    if reworded:  # 'cut the line about the board meeting monthly and say it meets every eight weeks'
        edit = _clause_reworded(reworded.group("old"), reworded.group("new"), answers or {})
        if edit:
            return [edit]
    removal = _removal(flow, text, answers or {})
    if removal:
        return [removal, *_listed_elsewhere(flow, removal, answers or {})]
    year = _NOT_WORDS.search(text)
    if year and re.fullmatch(r"(?:19|20)\d\d", year.group("old").strip()):  # 'from the 2024 data, not 2023'
        old = year.group("old").strip()
        years = set(re.findall(r"\b(?:19|20)\d\d\b", text[: year.start()])) - {old}
        holding = [k for k in flow.keys if re.search(rf"\b{re.escape(old)}\b", (answers or {}).get(k, ""))]
        if len(years) == 1 and len(holding) == 1:
            return [Edit(holding[0], years.pop(), "rename", old=old)]  # every 2023 in that part
    correction = _correction(flow, text, answers or {})
    if correction:
        return [correction]
    not_words = _NOT_WORDS.search(text)
    if not_words:  # 'all pupils from Year 3 to Year 8, not just to Year 6': the part holding 'Year 6'
        old = not_words.group("old").strip()
        said = quantities(text[: not_words.start()])
        holding = [k for k in flow.keys if next(_said_where(old, (answers or {}).get(k, "")), None)]
        whole = quantities(old)
        # a large figure said whole ('one hundred and fifty'); a small one ('three' of 'Three-week') is matched by words
        large = whole and small_number(old) is None and len(whole[0].text) >= len(old) - 2
        if said and large and len(holding) == 1:
            return [Edit(holding[0], said[-1].text, old=old)]  # '... one hundred and twenty days, not one hundred ...'
        found = _by_the_words_replaced(flow, text[: not_words.start()], old, answers or {})
        if found:
            return [replace(e, old=e.old or old) for e in found]
    match = re.match(r"^(?:please\s+)?swap\s+(?:the\s+|our\s+)?(.+?)\s+for\s+(.+)$", text, re.I)
    if match:  # 'swap the baseline for 53.2% in 2025/26'
        value = match.group(2).strip()
        key = _slot_for(flow, match.group(1), value, answers or {})
        if not key and re.search(r"\)\s*$", value):  # '12.1 per 1,000 (the summer 2026 figure)': the figure
            value = re.sub(r"\s*\([^()]*\)\s*$", "", value)
            key = _slot_for(flow, match.group(1), value, answers or {})
        if key:
            return [Edit(key, value, about=match.group(1))]
    match = re.match(
        rf"^(?:{CHANGE_VERB})?(?:the\s+)?(?:deadline|date|end date|target date|timescale)\s*(?:to|is|:|-)?\s*(.+)$",
        text,
        re.I,
    )
    if match and _DATE.search(match.group(1)):
        date_key = "target" if "target" in keys else ("timeline" if "timeline" in keys else "")
        if not date_key:  # a plan with no date part: the one whose answer holds a date ('success measures')
            date_key = next((k for k in reversed(keys) if _DATE.search((answers or {}).get(k, ""))), "")
        if date_key:
            return [Edit(date_key, match.group(1).strip(), "date")]
    match = re.match(
        rf"^{CHANGE_VERB}(.+?\b(?:date|deadline|day)s?)\s*(?:[:\-\u2013\u2014]|is now|is|should be|will be)\s+(.+)$",
        text,
        re.I,
    )
    date = _DATE.search(match.group(2)) if match else None
    if match and date:  # 'Change the vote date: the council decides at the February 2027 session'
        about = f"{match.group(1)} {match.group(2)[: date.start()]}"
        key = _slot_for(flow, about, date.group(0).strip(), answers or {})
        if key:
            return [Edit(key, _PREPOSITION.sub("", date.group(0).strip()), about=about)]
    match = re.match(rf"^{CHANGE_VERB}((?:(?!\bfrom\b).)+?)\s+(?:to|as|into)\s+(.+)$", text, re.I) or re.match(
        rf"^{CHANGE_VERB}(.+?)\s+((?:(?:every|each|within|for|over|at)\s+)?(?:{MONEY}\s?)?\d.*)$",
        text,
        re.I,  # 'make the first-response target 2 working days'
    )
    if match and _a_value(match.group(1)) and not _a_value(match.group(2)):  # 'put 15 days as the target'
        key = _slot_for(flow, match.group(2), match.group(1), answers or {})
        if key:
            return [Edit(key, match.group(1).strip(), about=match.group(2))]
    if match:
        key = _slot_for(flow, match.group(1), match.group(2), answers or {})
        if key:  # "rename the measure to 'accidental house fires'": the words, without their quotes
            value = re.sub(r"^['\"‘“](.+?)['\"’”](?=\s|$)", r"\1", match.group(2).strip())
            return [Edit(key, value, about=match.group(1))]
    for key in sorted(keys, key=lambda k: -len(alias_pattern(k, flow))):
        names = alias_pattern(key, flow)
        pattern = (
            rf"^(?:{CHANGE_VERB})?(?:the\s+|our\s+|my\s+)?(?:{names})\s*(?:to|at|as|is|should be|will be|=|:|-)?\s+"
            r"(?:be\s+|it\s+)?(?:now\s+)?(.+)$"
        )
        match = re.match(pattern, text, re.I)
        if match and content_words(match.group(1)) >= 1:
            value = match.group(1).strip()
            when = _DATE.search(value)
            lead = value[: when.start()] if when else ""
            if when and content_words(lead) <= 2 and not quantities(lead) and not value[when.end() :].strip(" .,;"):
                value = _PREPOSITION.sub("", when.group(0).strip())  # 'The decision now falls on 20 May 2027'
                dated = [
                    m for m in _DATE.finditer((answers or {}).get(key, "")) if re.search(_MONTH_NAMES, m.group(0), re.I)
                ]
                if not dated:  # the part names no day or month to move: not this part
                    continue
            edits.append(Edit(key, value))
            return edits
    if "level" in keys:
        promise = _LEVEL_PROMISE.search(text)
        if promise:  # "We won't just be consulting - we'll involve people all the way through"
            return [Edit("level", promise.group(0))]
        match = re.match(rf"^(?:{CHANGE_VERB})?(?:it\s+)?(?:an?\s+)?({'|'.join(LEVELS)})\b", text, re.I)
        if match or re.match(r"^(?:make it|go (?:for|with)|change to)\s+", text, re.I) and level_of(text):
            return [Edit("level", text)]
    if "indicator" in keys:
        match = re.match(
            r"^(?:use|switch to|go with|change to)\s+(?:indicator|measure|option|number)\s*(\d)\b", text, re.I
        )
        if match:
            return [Edit("indicator", match.group(1))]
    if "target" in keys and quantities(text) and _DATE.search(text) and content_words(text) <= 8:
        return [Edit("target", f"{quantities(text)[0].text} {deadline(text)}")]  # '15 percent until December 2028'
    return edits or _frequency_changed(flow, text, answers or {})


# How often something happens: 'every month', 'each quarter', 'twice a year', 'every six weeks', 'fortnightly'.
FREQUENCY = re.compile(
    r"(?i)\b(?:(?:every|each)\s+(?:other\s+)?(?:(?:\d+|two|three|four|five|six|eight|ten|twelve|few)\s+)?"
    r"(?:day|week|fortnight|month|quarter|year|term|season|sprint|meeting)s?"
    r"|(?:once|twice|(?:\d+|two|three|four|six|ten|twelve)\s+times)\s+(?:an?|per|each|every)\s+"
    r"(?:day|week|fortnight|month|quarter|year|term|season)"
    r"|daily|weekly|fortnightly|monthly|bi-?monthly|quarterly|annually|yearly|bi-?annually|twice-yearly)\b"
)


def _frequency_changed(flow: Workflow, text: str, answers: dict[str, str]) -> list[Edit]:
    """A new frequency for something the plan says happens at another ('publish the measures every month instead',
    'make the team's review fortnightly'): the frequency said nearest after the same verb or noun in one answer is
    replaced. Nothing when the message says no one frequency, or no answer says one beside its words."""
    said = list(FREQUENCY.finditer(text))
    if len(said) != 1 or quantities(FREQUENCY.sub("", text)) or _DATE.search(text):
        return []
    words = {w for w in tokenize(text[: said[0].start()]) if len(w) > 2} - {"one", "chang", "make", "instead"}
    found = []
    for key in flow.keys:
        answer = answers.get(key, "")
        for old in FREQUENCY.finditer(answer):
            lead = answer[max(0, old.start() - 80) : old.start()]
            near = re.split(r"[.;!?]\s|,\s+and\s", lead)[-1]  # within its own clause
            shared = len(words & set(tokenize(near)))
            if shared and old.group(0).lower() != said[0].group(0).lower():
                found.append((shared, key, old.group(0)))
    if not found:
        return []
    found.sort(key=lambda f: -f[0])
    if len(found) > 1 and found[0][0] == found[1][0]:
        return []
    return [Edit(found[0][1], said[0].group(0), about=text, old=found[0][2])]


# 'the promise should also say ...', 'add to the promise that ...': more for a part to say, not a new one.
_ALSO_SAY = re.compile(
    r"(?i)^(?:please\s+)?(?:(?:the|our)\s+(?P<part>[\w'\u2019 -]{2,40}?)\s+(?:should|must|needs? to|could|can)\s+"
    r"also\s+(?:say|include|mention|cover|state|promise|commit to)\s+(?:that\s+)?"
    r"|(?:also\s+)?add\s+to\s+(?:the\s+|our\s+)?(?P<part_to>[\w'\u2019 -]{2,40}?)\s*(?:that\s+|:\s*))"
    r"(?P<value>\S.{3,})$"
)
# 'cut the line about X and say Y': Y in place of the clause that says X.
_CUT_AND_SAY = re.compile(
    r"(?i)^(?:(?:can|could|would) you\s+|please\s+)*(?:cut|remove|drop|delete|take out|lose|change)\s+(?:the\s+)?"
    r"(?:line|bit|part|sentence|words?|phrase|mention)\s+(?:about|on|saying|that says|where it says)\s+(?P<old>.+?)"
    r",?\s+and\s+(?:instead\s+)?(?:say|put|write|make it say|replace it with|have it say)\s+(?:that\s+)?(?P<new>.+?)"
    r"(?:\s+instead)?\W*$"
)


def _sentence_added(current: str, value: str) -> str:
    """``current`` with ``value`` said after it as a sentence of its own."""
    value = value.strip().rstrip(".!;, ")
    text = current.rstrip()
    return f"{text}{'' if text.endswith(('.', '!', '?')) else '.'} {value[:1].upper()}{value[1:]}."


def _clause_reworded(old: str, new: str, answers: dict[str, str]) -> Edit | None:
    """``new`` in place of the clause of an answer that says ``old``: of the clauses sharing words with ``old``,
    the one sharing words with ``new`` as well ('It meets monthly' for 'the board meeting monthly' -> 'it meets every
    eight weeks'), then the one sharing most; None when two are as close."""
    olds, news = ({w for w in tokenize(t) if w not in STOP_WORDS} for t in (old, new))
    ranked = []
    for key, answer in answers.items():
        for clause in re.split(r"[.;:,!?]\s*|\s+(?:and|but|while)\s+|\s[-\u2013\u2014]\s", answer):
            words = {w for w in tokenize(clause) if w not in STOP_WORDS}
            by_old, by_new = len(words & olds), len(words & news)
            if by_old and clause.strip():
                ranked.append(((min(by_old, 1) + min(by_new, 1), by_old + by_new), key, clause.strip()))
    ranked.sort(key=lambda r: r[0], reverse=True)
    if not ranked or (len(ranked) > 1 and ranked[1][0] == ranked[0][0]):
        return None
    _, key, clause = ranked[0]
    said = new.strip().rstrip(".!;, ")
    said = said[:1].upper() + said[1:] if clause[:1].isupper() else said
    return Edit(key, answers[key].replace(clause, said, 1), "whole")


def _a_value(text: str) -> bool:
    """Whether ``text`` is a figure or a date said with few words ('15 days', 'June 2028'): three content words at
    most."""
    found = quantities(text) or _DATE.search(text)
    return bool(found) and content_words(text) <= 3


# What goes, said after the new words: '..., not just to Year 6', '... families approved, not applications'.
_NOT_WORDS = re.compile(
    r",?\s+not\s+(?:just\s+|only\s+)?(?:to\s+|in\s+|the\s+)?(?P<old>\d+|[^,.;:!?]{2,40}?)\s*[.!]?$", re.I
)
# Words after a new value that are not part of it ('we have OMR 60k now rather than 45k').
_NOT_A_VALUE_AFTER = re.compile(r"(?i)\s+(?:now|today|instead|then|as well|too|from now on)\W*$")
# 'please' or thanks after a change ('... instead of monthly, please'): not part of what it names.
_COURTESY_AFTER = re.compile(r"(?i)[\s,]*(?:please|thanks|thank you|if possible|if that'?s ok(?:ay)?)\W*$")
# Words before the new value that are not part of it ('it should be fortnightly', 'we'll now meet ...').
_NOT_THE_VALUE = re.compile(
    r"(?i)^(?:(?:it|they|we|we'll|we will|it'll|it will|should|would|could|must|can|be|is|are|was|were|now|"
    r"actually|say|says|make|made|then|just|the|only|really|please|call (?:it|them)|name (?:it|them)|use)\s+)+"
)
_WORD = re.compile(rf"[\w'’%{CURRENCY}.,-]*\w[%]?")


def _by_the_words_replaced(flow: Workflow, phrase: str, old: str, answers: dict[str, str]) -> list[Edit]:
    """A change that names no part ('it meets six times rather than five'): the part holding the words that go,
    beside the words the leader repeats ('meets', 'times'); the new value is what differs ('six'). Nothing when
    no part holds them, or two parts do equally."""
    if not old or len(old.split()) > 6:
        return []
    held = any(next(_said_where(old, answer), None) for answer in answers.values())
    old = old if held else re.sub(r"(?i)^(?:the|a|an)\s+", "", old)
    new_date = ([None] + list(_DATE.finditer(phrase)))[-1]  # the date said last, just before 'not ...'
    if new_date:  # '..., in October 2027, not in the summer': the date that says 'summer' goes, whole
        for key in flow.keys:
            text = answers.get(key, "")
            for match in _said_where(old, text):
                was = next((d for d in _DATE.finditer(text) if d.start() <= match.start() < d.end()), None)
                if was:  # each with the word it is said with ('in March 2027' -> 'on 14 May 2027')
                    when, gone = _with_preposition(phrase, new_date), _with_preposition(text, was)
                    if not _PREPOSITION.match(when) or not _PREPOSITION.match(gone):
                        when, gone = _PREPOSITION.sub("", when), _PREPOSITION.sub("", gone)
                    return [Edit(key, when, about=phrase, old=gone)]
    said = [stem(w.lower()) for w in _WORD.findall(phrase)]  # 'should meet ...' beside 'It meets every quarter'
    numbers = [w for w in _WORD.findall(phrase) if small_number(w) is not None]
    a_number = small_number(old) is not None and len(numbers) == 1  # 'the sprints last three weeks, not four'
    found: list[tuple[int, str, str]] = []
    for key in flow.keys:
        text = answers.get(key, "")
        for match in _said_where(old, text):
            before = [stem(w.lower()) for w in _WORD.findall(text[: match.start()])][-3:]
            after = [stem(w.lower()) for w in _WORD.findall(text[match.end() :])][:3]
            start = max((i + 1 for i, w in enumerate(said) if w in before), default=0)
            lead = [stem(w.lower()) for w in _WORD.findall(old)][:1]
            if start and lead and said[start - 1] == lead[0]:  # 'Year 6' -> 'Year 8', not '8'
                start -= 1
            new = said[start:]
            cut = max((k for k in range(1, len(after) + 1) if new[-k:] == after[:k]), default=0)
            words = _WORD.findall(phrase)[start : len(said) - cut]
            value = numbers[0] if a_number else _NOT_THE_VALUE.sub("", " ".join(words)).strip()
            shared = sum(w in before + after for w in said)
            if value and len(value.split()) <= 4 and not re.search(r"(?i)\b(?:why|what|how|who|which)\b", value):
                found.append((shared, key, value))
    if not found:
        return []
    found.sort(reverse=True)
    if len(found) > 1 and found[0][0] == found[1][0] and found[0][1] != found[1][1]:
        return []
    return [Edit(found[0][1], found[0][2], about=phrase)]


def _after_words_held(value: str, old: str, answer: str) -> str:
    """``value`` without its opening words that the answer says just before ``old`` ('should meet every two months'
    for 'It meets every quarter' is 'every two months'), so they are not said twice."""
    where = next(_said_where(old, answer), None) if old else None
    if not where:
        return value
    before = {stem(w.lower()) for w in _WORD.findall(answer[: where.start()])[-3:]}
    words, start = _WORD.findall(value), 0
    lead = _NOT_THE_VALUE.match(value)  # 'should', 'we'll now' ...
    skipped = len(_WORD.findall(lead.group(0))) if lead else 0
    while start < len(words) - 1 and (start < skipped or stem(words[start].lower()) in before):
        start += 1  # the leading words only, up to the value ('should meet every ...', not '2 working days')
    if not start or not any(stem(w.lower()) in before for w in words[:start]):
        return value
    at = [m.start() for m in _WORD.finditer(value)][start]
    return value[at:]


# The word a date is said with ('by March 2028', 'on 14 October 2027'): kept from the old date, not doubled.
_PREPOSITION = re.compile(r"(?i)^(?:by|before|until|within|in|from|over|during|on|for)\s+")


def _with_preposition(text: str, date: re.Match) -> str:
    """The date ``date`` found in ``text`` with the word it is said with, if any ('on 14 May 2027')."""
    said = date.group(0).strip()
    if _PREPOSITION.match(said):
        return said
    said_at = date.start() + date.group(0).index(said)  # the match may start with spaces
    before = re.search(r"(?i)\b(on|in|by|before|until|from|during)\s+$", text[:said_at])
    return f"{before.group(1)} {said}" if before else said


_ADDED_ON = re.compile(r"(?i)\b(?:add(?:s|ing|ed)?|on top|an extra|another|additional)\b")


def restatement(flow: Workflow, text: str, answers: dict[str, str], context: str = "") -> list[Edit]:
    """A new figure or date said as news ('The cabinet date has slipped: it will now choose the site on 11
    November 2027', 'the baseline is out of date - it's 41% now'): the one figure or date in the message that
    no answer holds replaces the part of its kind that the message's words stand beside (two words or more in
    common with the words just before it). A figure said with a date for a measure that runs 'from A to B by D'
    is a new target ('could we go for 85% ... by September 2028?'): B and D change, unless the leader says it is
    the figure today. ``context``, the whole message a clause is from, may name the part that goes in another
    sentence."""
    if _ADDED_ON.search(text):  # 'we're adding K 35,000 for airtime': more, not a figure in place of another
        return []
    held = " ".join(answers.values())
    dates = {m.group(0).strip() for m in _DATE.finditer(text) if m.group(0).strip() not in held}
    figures = {q.text for q in quantities(text) if q.text not in held}
    if len(figures) == 1:  # a date beside it says when the figure is from ('41% now (the March 2026 figure)')
        new, kind = figures.pop(), "figure"
    elif not figures and len(dates) == 1:
        new, kind = dates.pop(), "date"
    else:
        return []
    best, best_key, best_at = 3, "", (0, 0)  # two words in common (each counts 2 in _near), or one right beside it
    for key in flow.keys:
        answer = answers.get(key, "")
        for start, end in _spans(answer, kind, new):
            if (near := _near(answer, (start, end), text) + _near_after(answer, end, text)) > best:
                best, best_key, best_at = near, key, (start, end)
    named = (
        _old_named(flow, text, kind, answers)
        or _moved_from(flow, text, new, kind, answers)
        or (context and _old_named(flow, context, kind, answers))  # 'The April sitting has been cancelled. The ...'
    )
    if named:  # the leader names what goes ('The 18,000 figure is out of date', 'the April sitting')
        best_key, best_at = named
    if not best_key:
        return []
    answer = answers[best_key]
    if kind == "date":
        return [Edit(best_key, _PREPOSITION.sub("", new), old=_PREPOSITION.sub("", answer[slice(*best_at)]))]
    aimed = len(dates) == 1 or _AIMED.search(text)
    if aimed and (not _TODAY.search(text) or _AIM_NOW.search(text)):
        best_at = _target_side(answer, best_at)
    edits = [Edit(best_key, new, old=answer[slice(*best_at)])]
    due = _DATE.search(answer, best_at[1])
    if len(dates) == 1 and due and due.start() - best_at[1] < 5:  # '80% by March 2028': its date goes with it
        edits.append(Edit(best_key, _PREPOSITION.sub("", dates.pop()), old=_PREPOSITION.sub("", due.group(0).strip())))
    return edits


_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
# 'from 14 November 2026 to Saturday 23 January 2027', 'from EUR 20,000 to EUR 15,000': a value moved.
_FROM_TO = re.compile(
    rf"(?i)\bfrom\s+(?P<old>[^,;.]{{2,30}}?)\s+to\s+{_WEEKDAY}"
    rf"(?P<new>{_DATE.pattern}|[{CURRENCY}]?\s?\d[\d,.]*(?:\s?(?:%|percent|per cent|million|m|k|bn)\b)?)"
)


# 'the target of 10 working days becomes 14 calendar days', '38 working days is about 53 calendar days'.
_BECOMES = re.compile(
    r"(?i)(?<![\w.,])(?P<old>\d[\d,.]*(?:\s?%|\s+[a-z]+(?:\s+(?:days|weeks|months|hours|years))?)?)\s+"
    r"(?:becomes|turns into|changes to|is (?:about|roughly|around|some)|equals)\s+"
    r"(?P<new>\d[\d,.]*(?:\s?%|\s+[a-z]+(?:\s+(?:days|weeks|months|hours|years))?)?)"
)


def _becomes(flow: Workflow, message: str, answers: dict[str, str]) -> list[Edit]:
    """Each figure the message says becomes another, where an answer holds the first as written."""
    edits = []
    for said in _BECOMES.finditer(message):
        old, new = said.group("old").strip(), said.group("new").strip()
        holding = [k for k in flow.keys if re.search(rf"(?i)(?<![\w.,]){re.escape(old)}\b", answers.get(k, ""))]
        units = [re.sub(r"^[\d,.\s]+", "", v).split()[-1:] or ["%" if "%" in v else ""] for v in (old, new)]
        alike = units[0] == units[1] or all(u[0] in ("days", "weeks", "months", "hours", "years") for u in units)
        if (
            len(holding) == 1 and old != new and alike
        ):  # '38 working days', '53 calendar days'; not '1,800 homes', '37%'
            edits.append(Edit(holding[0], new, "rename", old=old))  # every place it is said
    return edits


def _olds(edits: list[Edit]) -> set[str]:
    return {e.old for e in edits if e.old}


def _moved_pairs(flow: Workflow, message: str, answers: dict[str, str]) -> list[Edit]:
    """Each value the message moves 'from A to B' where A is the start of a date or figure an answer holds."""
    edits = []
    for said in _FROM_TO.finditer(message):
        new = said.group("new").strip()
        kind = "date" if _DATE.match(new) else "figure"
        found = _moved_from(flow, said.group(0), new, kind, answers)
        if found:
            key, span = found
            edits.append(Edit(key, _PREPOSITION.sub("", new), old=answers[key][slice(*span)]))
    return edits


def _moved_from(
    flow: Workflow, text: str, new: str, kind: str, answers: dict[str, str]
) -> tuple[str, tuple[int, int]] | None:
    """The part of ``kind`` a change 'from A to B' names as A, where B is the new value ('the vote moves from 9
    June to 14 July 2027': the answers' '9 June 2027'); None unless exactly one part starts with A."""
    said = re.search(rf"(?i)\bfrom\s+(?P<old>[^,;.]{{2,30}}?)\s+to\s+(?:the\s+)?{_WEEKDAY}{re.escape(new)}", text)
    if not said:
        return None
    old = _PREPOSITION.sub("", said.group("old").strip()).lower()
    found = [
        (key, span)
        for key in flow.keys
        for span in _spans(answers.get(key, ""), kind)
        if _PREPOSITION.sub("", answers[key][slice(*span)].strip()).lower().startswith(old)
    ]
    return found[0] if len(found) == 1 else None


def _near_after(text: str, end: int, about: str) -> int:
    """Twice the words of ``about`` that stand just after a part of ``text`` ('15 percent' after 'by December
    2027' in '15 percent of readers by December 2027' does not count; 'for the 15 percent' said of it does)."""
    after = re.split(r"[;.\n]|\s[-\u2013\u2014]\s", text[end : end + 40].rsplit(" ", 1)[0])[0]  # in its own clause
    return 2 * len(set(tokenize(after)) & set(tokenize(about)))


def _old_named(flow: Workflow, text: str, kind: str, answers: dict[str, str]) -> tuple[str, tuple[int, int]] | None:
    """The one part of ``kind`` that the message names as what goes, in a sentence that says it goes: a figure
    the answers hold ('The 18,000 figure is out of date now'), or a month or season of a date they hold ('the
    April sitting has been cancelled'); None unless exactly one part answers to it."""
    gone = " ".join(m.group("what") for m in _GOES.finditer(text))  # what is said to go: its last few words
    if kind == "figure":
        said = {q.value for q in quantities(gone)}
    else:
        new_dates = " ".join(m.group(0) for m in _DATE.finditer(gone))
        said = {
            w.lower()
            for w in re.findall(rf"(?i)\b(?:{_MONTH_NAMES}|spring|summer|autumn|fall|winter)\b", gone)
            if not re.search(rf"(?i)\b{w}\b", new_dates)
        }
    found = []
    for key in flow.keys:
        answer = answers.get(key, "")
        for start, end in _spans(answer, kind):
            part = answer[start:end]
            words = (
                {q.value for q in quantities(part)} if kind == "figure" else set(re.findall(r"[a-z]+", part.lower()))
            )
            if words & said:
                found.append((key, (start, end)))
    return found[0] if len(found) == 1 else None


# Words that say something in the plan no longer holds ('is out of date', 'has been cancelled').
_GOES = re.compile(
    r"(?i)(?P<what>(?:[\w'’,.-]+\s+){1,4}?)(?:is|was|are|were|has been|have been|had been)\s+(?:now\s+)?"
    r"(?:out of date|outdated|wrong|superseded|cancell?ed|called off|postponed|gone|off the table|"
    r"no longer (?:right|valid|true|there|available|on the table))\b"
)


_MONTH_NAMES = "|".join(MONTHS)


# Words that say a figure is what the leader aims for, not where things stand.
_AIMED = re.compile(r"(?i)\b(?:aim|aiming|target|goal|go for|reach|get to|get it to|ambition|hit)\b")
# Words that say a figure is where things stand today ('it's 41% now', 'the baseline is ...').
_TODAY = re.compile(
    r"(?i)\b(?:baseline|now|today|currently|at the moment|at present|starting point|stands at|was|were|"
    r"last (?:year|month|quarter)|measured|survey|census|counted)\b"
)
# 'from 61% to 80%': a figure, the word between, the figure it runs to.
# 'the target is now ...': a new aim, not the figure today.
_AIM_NOW = re.compile(r"(?i)\b(?:target|aim|goal|ambition)\s+(?:is|are|becomes|will be)\s+now\b")
_RUNS_TO = re.compile(r"\s*(?:to|up to|down to|->|-|\u2013|\u2192)\s*")
_RATE_RUNS_TO = re.compile(r"(?i)\s+(?:a|an|per|each|every)\s+[a-z]+\s+(?:to|up to|down to)\s+")


def _target_side(answer: str, at: tuple[int, int]) -> tuple[int, int]:
    """The span of the figure a measure runs to, when ``at`` is the figure it runs from ('from 61% to 80%'),
    else ``at``."""
    if not re.search(r"(?i)\bfrom\s*$", answer[: at[0]]):
        return at
    joined = _RUNS_TO.match(answer, at[1]) or _RATE_RUNS_TO.match(answer, at[1])  # 'from 420 a year to 900'

    after = quantities(answer[joined.end() : joined.end() + 40]) if joined else []
    if not joined or not after or not answer.startswith(after[0].text, joined.end()):
        return at
    return (joined.end(), joined.end() + len(after[0].text))


_OLD_FIGURE = re.compile(
    r"(?:,\s*|\s+)(?:not|rather than|instead of)\s+"
    rf"(?P<old>(?:{MONEY}\s?)?\d[\d,.]*\d?"
    r"(?:\s*(?:%|m\b|bn\b|k\b|million|billion|crore|lakh))?)",
    re.I,
)


def _correction(flow: Workflow, text: str, answers: dict[str, str]) -> Edit | None:
    """A figure put right ('Actually the capital budget is £3.9m not £3.4m', 'the reference group has 24 people,
    not 18', 'the target should be 60% by December 2029, not 55%'): the part whose answer holds the old figure
    (of several, the one sharing most words with what the leader says it is), the old figure replaced."""
    found = _OLD_FIGURE.search(text)
    if not found:
        return None
    old = found.group("old").strip().rstrip(".,")
    said = text[: found.start()]
    new = quantities(said)
    if not new:
        return None
    figure = new[-1]
    bare_old = _DIGITS.search(old).group(0)  # type: ignore[union-attr]  # the pattern asks for a digit
    holders = [k for k in flow.keys if re.search(rf"(?<![\w.,]){re.escape(bare_old)}(?![\d])", answers.get(k, ""))]
    if not holders:
        return None
    at = said.rfind(figure.text)
    about = said[:at]
    counted = re.match(r"\s+([a-z][\w-]{2,})", said[at + len(figure.text) :])  # 'it's 4 communities, not 5'
    if counted and figure.unit == "number":
        same = rf"(?<![\w.,]){re.escape(bare_old)}(?=\s+(?:[\w-]+\s+)?{re.escape(counted.group(1))}\b)"
        counting = [k for k in holders if re.search(same, answers[k], re.I)]
        if counting:  # each place the part counts the same thing: '5 remote communities ... 5 similar communities'
            return Edit(counting[0], figure.text, "recount", about=counted.group(1), old=bare_old)
    key = _slot_for(flow, about, figure.text, {k: answers[k] for k in holders})
    key = key if key in holders else holders[0]
    when = _DATE.search(said[at:])
    if key == "target" and when:
        return Edit("target", f"{figure.text} {when.group(0).strip()}")
    # 'CAD 2.4 million a year, not 2.1': a bare old figure is swapped for the bare new one
    digits = _DIGITS.search(figure.text)
    value = digits.group(0) if old == bare_old and digits else figure.text
    return Edit(key, value, about=about, old=old)


_DIGITS = re.compile(r"\d(?:[\d,.]*\d)?")


def _a_partner(flow: Workflow, text: str) -> bool:
    """Whether what the leader asks to add, without saying where, is a partner: named people or bodies,
    not a date, a figure or another part of the plan ('a milestone for March 2027')."""
    names_a_part = any(re.match(rf"^(?:the\s+|an?\s+)?(?:{alias_pattern(k, flow)})\b", text, re.I) for k in flow.keys)
    a_name = _named(text) or bool(re.match(r"(?:the\s+)?[A-Z][A-Za-z&'-]+", text))  # 'Healthwatch'
    return a_name and not (_DATE.search(text) or quantities(text) or names_a_part)


_ARTICLE = r"(?:(?:the|our|a|an)\s+)?"


# 'take X out everywhere I mentioned it', '... altogether': where, not what.
_EVERYWHERE = (
    r"(?:\s+(?:everywhere|wherever|throughout|altogether|completely|entirely|of (?:the plan|everything))\b[^.;]*)?"
)


def _removal(flow: Workflow, text: str, answers: dict[str, str]) -> Edit | None:
    """'take out Age UK', 'remove the hospital discharge team', 'drop X from the partners': the slot whose
    answer names it (the one named after 'from', if any); None when no answer names it."""
    match = re.match(
        rf"^(?:so\s+|and\s+|then\s+)?(?:please\s+)?(?:remove|take out|take off|drop|delete|leave out|cut)\s+(.+?)"
        rf"(?:\s+(?:from|off|out of)\s+(?:the\s+|our\s+)?(.+?))?{_EVERYWHERE}$",
        text,
        re.I,
    ) or re.match(
        rf"^(?:so\s+|and\s+|then\s+)?(?:please\s+)?(?:take|leave)\s+(.+?)\s+(?:out|away|off)"
        rf"(?:\s+(?:(?:of|from)\s+)?(?:the\s+|our\s+)?(.+?))?{_EVERYWHERE}$",
        text,
        re.I,
    )
    if not match:
        return None
    phrase = re.sub(rf"(?i)^{_ARTICLE}", "", match.group(1).strip())
    if phrase.lower() in ("them", "it", "they", "this", "that", "those", "these", "him", "her", "us", "one"):
        return None  # 'so take them out': who is meant is said elsewhere in the message
    named = [k for k in flow.keys if re.search(rf"(?i)\b{re.escape(phrase)}\b", answers.get(k, ""))]
    name = max(re.findall(r"[A-Z][\w'’&-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'’&-]*)+", phrase), key=len, default="")
    words = phrase.split()
    for n in range(len(words) - 1, 1, -1):  # 'the tablet kiosk at the souk' where the answer has 'at the weekly souk'
        if named or name or words[n - 1].lower() in STOP_WORDS:
            continue
        shorter = " ".join(words[:n])
        if any(re.search(rf"(?i)\b{re.escape(shorter)}\b", answers.get(k, "")) for k in flow.keys):
            phrase = shorter
            named = [k for k in flow.keys if re.search(rf"(?i)\b{re.escape(phrase)}\b", answers.get(k, ""))]
    if not named and name:  # 'the Family History Society volunteers': the name the answer uses
        phrase = name
        named = [k for k in flow.keys if re.search(rf"(?i)\b{re.escape(phrase)}\b", answers.get(k, ""))]
    where = match.group(2) or ""
    preferred = [k for k in named if where and re.search(rf"\b(?:{alias_pattern(k, flow)})", where, re.I)]
    key = (preferred or named or [""])[0]
    return Edit(key, phrase, "remove") if key else None


def _listed_elsewhere(flow: Workflow, removal: Edit, answers: dict[str, str]) -> list[Edit]:
    """A partner taken out goes from the other parts that list it too: where a line or an item opens on its name
    ('the Harbour Trust brings twelve beds ...') or it ends a list ('a board of the county, the police and the
    Harbour Trust'); a sentence that only mentions it is left as it is."""
    if removal.key != flow.partners_part:
        return []
    words = removal.value.split()
    forms = [" ".join(words[:n]) for n in range(len(words), 0, -1)]  # 'Sary-Mal Meat Processors', ..., 'Sary-Mal'
    forms = [f for n, f in enumerate(forms) if not n or (f[:1].isupper() and f.split()[-1].lower() not in STOP_WORDS)]
    found = []
    for key in flow.keys:
        answer = answers.get(key, "")
        items = [i.strip() for i in re.split(r"\n|;", answer) if i.strip()]
        for form in forms if key != removal.key else []:
            name = rf"{_ARTICLE}{re.escape(form)}\b(?!\s+(?-i:[A-Z]))"  # the name ends there: not 'Harbour Road'
            opens = len(items) > 1 and any(re.match(rf"(?i)(?:and\s+)?{name}", i) for i in items)
            if opens or re.search(rf"(?i)(?:,|\band)\s+{name}\s*(?:[,;.]|$)", answer):
                found.append(Edit(key, form, "remove"))
                break
    return found


# 'The United Way is picking up the outreach', 'X will replace them', 'X is taking over from them'.
_TAKES_OVER = re.compile(
    r"^(?:[Tt]he\s+)?(?P<new>[A-Z][^.;:!?]{2,80}?)\s+(?i:(?:is|are|will be|has|have|will)\s+)?(?i:now\s+)?"
    r"(?i:(?:offered|agreed|promised|volunteered|decided|ready|willing|happy) to\s+)?"
    r"(?i:picking up|picks up|pick up|taking over|takes over|take over|stepping in|steps in|step in|replacing|"
    r"takes? (?:their|its|his|her|the) place|taking (?:their|its|his|her|the) place|"
    r"replaces|replace|coming in instead|comes in instead)\b"
    # 'the 2 developers will come from Kestrel Code instead': the name they come from
    r"|^[^.;:!?]{2,80}?\s+(?i:will\s+(?:now\s+)?)?(?i:come|comes|coming)\s+from\s+(?P<come_from>[A-Z][^.;:!?,]{1,80}?)"
    r"\s+(?i:instead)\b"
    r"|^(?:[Tt]he\s+)?(?P<instead>[^.;:!?]{2,80}?)\s+(?i:will|are going to|is going to|can|would|(?:has|have)\s+"
    r"(?:agreed|offered|promised|decided|volunteered)\s+to)\s+[^.;!?]*"
    r"\b(?i:instead)\b"  # 'the library's digital champions will help people at the PCs instead'
    # 'LGSETA funds the sixty learnerships instead': a name, then what it does now
    r"|^(?P<name_instead>(?:[A-Z][\w&'’.-]*\s+){0,4}?[A-Z][\w&'’.-]*)\s+[a-z]+s\b[^.;:!?]*\b(?i:instead)\b"
    r"|^(?i:put|add|bring in|use|have)\s+(?P<put>[^.;:!?]{2,80}?)\s+(?i:in)\s+(?i:its|their|his|her)\s+place\b"
    # 'Please put instead the Riverside Trust, they ...', 'add the Riverside Trust instead', 'In their place put X'
    r"|^(?i:in (?:their|its|his|her) place,?\s+(?:please\s+)?(?:put|add|use|have|bring in))\s+"
    r"(?P<in_place>[^.;:!?,(]{2,80}?)\s*(?:[,(]|$)"
    # 'The new main contractor is Eastfield Construction': the successor named by the role
    r"|^(?i:the|our)\s+(?i:new)\s+[\w'\u2019 -]{2,40}?\s+(?i:is|will be)\s+(?P<new_role>[A-Z][^.;:!?,(]{2,80}?)"
    r"\s*(?:[,(]|$)"
    r"|^(?i:please\s+)?(?i:put|add|bring in|use|have|include)\s+(?i:instead\s+)(?P<instead_put>[^.;:!?,(]{2,80}?)"
    r"\s*(?:[,(]|$)|^(?i:please\s+)?(?i:put|add|bring in|use|have|include)\s+(?P<put_instead>[^.;:!?,]{2,80}?)\s+"
    r"(?i:instead)\b"
)
# 'X has pulled out', 'X have withdrawn': a partner leaving, said as news.
_LEFT = re.compile(
    r"^(?:[Tt]he\s+)?(?P<old>[A-Z][^.;:!?]{2,80}?)\s+(?:(?i:(?:has|have|had)\s+)?(?i:now\s+)?"
    r"(?i:pulled out|withdrawn|dropped out|left|stepped back|stepped down)\b"
    # said as a mistake: 'X shouldn't be in there at all', 'X doesn't belong on the list'
    r"|(?i:shouldn'?t|should not|mustn'?t|doesn'?t|does not|don'?t|do not)\s+(?i:be in|be on|be there|be included|"
    r"belong)\b)"
)


# A partner's new name, said as news ('the Tenants' Forum renamed itself in May - they're the Riverside Residents'
# Network now', 'X is now called Y', 'X has changed its name to Y').
_NEW_NAME = re.compile(
    r"(?:^|[:.;]\s+|\b(?i:the)\s+)(?P<old>[A-Z][^.;:!?]{2,60}?)\s+(?:(?i:has|have)\s+)?"
    r"(?i:renamed (?:itself|themselves)|changed (?:its|their) name|(?:is|are) now (?:called|known as|named)|"
    r"(?:has|have) become|became)\b"
    r"(?:\s+(?i:to|as)\s+|\s+(?=[Tt]he\s+[A-Z]|[A-Z])|[^.;:!?]{0,30}?\s[-\u2013\u2014]\s+"
    r"(?i:they'?re|it'?s|they are|it is)\s+(?i:now\s+)?(?i:called\s+|known as\s+)?)"
    r"(?P<new>(?:[Tt]he\s+)?[A-Z][\w'\u2019&-]*"
    r"(?:\s+(?:(?:and|of|for|&|de|du|des|la|le)\s+)?[A-Z][\w'\u2019&-]*)*)"
)


def _new_name(flow: Workflow, message: str, answers: dict[str, str]) -> list[Edit]:
    """A partner that changed its name: the new name wherever the old one is (with 'the' kept as it was)."""
    said = _NEW_NAME.search(message.strip())
    if not said:
        return []
    old = re.sub(rf"(?i)^{_ARTICLE}", "", said.group("old").strip())
    new = re.sub(r"^The\s+", "the ", said.group("new").strip())
    named = [k for k in flow.keys if re.search(rf"(?i)\b{re.escape(old)}\b", answers.get(k, ""))]
    return [Edit(key, new, "rename", old=old) for key in named]


# 'Please replace Nordet with Solutions Géonuage everywhere', '... built by Solutions Géonuage inc. Replace Nordet
# with them throughout.'
_REPLACE_WITH = re.compile(
    r"(?i)\b(?:replace|swap)\s+(?:the\s+)?(?P<old>[^.;:!?]{2,60}?)\s+(?:with|for|by)\s+(?P<new>[^.;!?,]{2,80}?)"
    r"(?:\s+(?:everywhere|throughout|all through|in the (?:plan|draft)|please))*\s*(?:[.!;,]|\s[-\u2013\u2014]\s|$)"
)
_PRONOUN = re.compile(r"(?i)^(?:them|it|they|those|that one|this one)$")
_NAME_SAID = re.compile(
    r"\b[A-Z][\w'\u2019&-]+(?:\s+(?:(?:and|of|for|de|du|des|la|le|&)\s+)?[A-Z][\w'\u2019&-]+)*"
    r"(?:\s+(?:inc|ltd|llc|plc|ltée|sa|gmbh)\b\.?)?"
)


def _replaced_with(flow: Workflow, message: str, answers: dict[str, str]) -> list[Edit]:
    """'Replace X with Y': Y wherever X is named; 'with them' is the fullest name said before it in the message
    (the last of those as full)."""
    said = _REPLACE_WITH.search(message)
    if not said or re.search(r"\d", said.group("new")):
        return []
    old = re.sub(rf"(?i)^{_ARTICLE}", "", said.group("old").strip())
    new = said.group("new").strip()
    if _PRONOUN.match(new):
        names = [
            m.group(0) for m in _NAME_SAID.finditer(message[: said.start()]) if old.lower() not in m.group(0).lower()
        ]
        names = [n for n in names if len(n) > 3 and not re.match(r"(?i)^(?:please|one|the|we|our|so|and|i)\b", n)]
        if not names:
            return []
        new = max(reversed(names), key=lambda n: len(n.split()))  # the fullest name, the last of equals
    at = message.find(new) + len(new)
    if re.search(r"(?i)\b(?:inc|ltd|ltée)$", new) and message[at : at + 1] == ".":
        new += "."  # 'Acme Ltd.' keeps its full stop
    named = [k for k in flow.keys if re.search(rf"(?i)\b{re.escape(old)}\b", answers.get(k, ""))]
    return [Edit(key, new, "rename", old=old) for key in named]


_OUT_BY_PRONOUN = re.compile(r"(?i)\b(?:take|remove|drop|cut|leave)\s+(?:them|it|him|her)\s+(?:out|off)\b")


def _taken_out_by_pronoun(sentence: str, answers: dict[str, str]) -> str:
    """'X lost the contract, so please take them out': X, the last name said before the pronoun that the plan
    holds; '' when there is none."""
    out = _OUT_BY_PRONOUN.search(sentence)
    if not out:
        return ""
    held = " ".join(answers.values())
    names = [m.group(0) for m in _NAME_SAID.finditer(sentence[: out.start()]) if m.group(0) in held]
    return names[-1] if names else ""


def _takeover(flow: Workflow, message: str, answers: dict[str, str]) -> list[Edit]:
    """'Drop X - they pulled out. Y is picking up the outreach': Y in X's place, in every part that names X."""
    message = _CHANGES_LEAD.sub("", _LEAD_IN.sub("", message.strip()))  # 'Right, one thing I got wrong: ...'
    parts = [p.strip() for p in re.split(r"(?<=[.!?;])\s+|\s[-\u2013\u2014]\s", message) if p.strip()]
    new = next(
        (
            m.group("new")
            or m.group("come_from")
            or m.group("instead")
            or m.group("name_instead")
            or m.group("put")
            or m.group("instead_put")
            or m.group("put_instead")
            or m.group("in_place")
            or m.group("new_role")
            for p in parts
            if (m := _TAKES_OVER.match(_LEAD_IN.sub("", p)))
        ),
        "",
    )
    if not new:
        return []
    new = re.sub(r",\s+(?:the|a|an|our|their)\s+[^,]+,?$", "", new.strip())  # 'Píeta, the suicide-prevention charity,'
    old = ""
    for said in parts:
        said = _LEAD_IN.sub("", said.rstrip(".!?;, "))
        sentence = said.split(",", 1)[0] if "," in said and not _removal(flow, said, answers) else said
        removal = _removal(flow, sentence, answers)  # 'take EWSETA out, they won't fund this cycle'
        if not removal:
            sentence = said
        left = _LEFT.match(sentence)
        old = removal.value if removal else (left.group("old") if left else _taken_out_by_pronoun(sentence, answers))
        if old:
            break
    if not old:
        return []
    old = re.sub(rf"(?i)^{_ARTICLE}", "", old)
    new = re.sub(r"^The\s+", "the ", new.strip())
    named = [k for k in flow.keys if re.search(rf"(?i)\b{re.escape(old)}\b", answers.get(k, ""))]
    return [Edit(key, new, "rename", old=old) for key in named]


# A partner leaving, said any way ('they're pulling out', 'can't carry on', 'are withdrawing', 'won't continue').
_LEAVING = re.compile(
    r"(?i)\b(?:pull(?:s|ed|ing)?\s+out|withdr[ae]w\w*|drop(?:s|ped|ping)?\s+out|leav(?:e|es|ing)\b|left\b|"
    r"step(?:s|ped|ping)?\s+(?:back|down|away)|(?:can'?t|cannot|won'?t|will not)\s+(?:continue|carry on|stay|"
    r"keep (?:going|on|it up|drivers|staff))|no longer\s+(?:able|involved|part|available))"
)
# Who comes in, named first, then doing the part instead: 'Ferris and Daughters Coaches takes over the driving',
# 'Autobus Leclerc et fils takes the operator role instead' (small joining words inside the name).
_COMES_IN = re.compile(
    r"^(?:[Tt]he\s+)?(?P<new>[A-Z][\w'\u2019&.+-]*(?:\s+(?:(?:and|et|of|for|de|du|des|la|le|y|e|&|fils|sons|"
    r"daughters|brothers)\s+)*[A-Z0-9][\w'\u2019&.+-]*)*(?:\s+(?:et\s+)?(?:fils|sons|daughters|brothers))?)"
    r"\s+(?:(?:is|are|will|will be|has|have)\s+)?(?:now\s+)?(?:going to\s+)?"
    r"(?i:tak(?:e|es|ing)\s+(?:over|(?:their|its|his|her|the)\s+(?:place|role|seat|part|[\w-]+\s+role))|"
    r"step(?:s|ping)?\s+in|pick(?:s|ing)?\s+up|replac(?:e|es|ing)|[a-z]+s\b[^.;!?]*\binstead\b)"
)


def _loosely_taken_over(flow: Workflow, message: str, answers: dict[str, str]) -> list[Edit]:
    """A partner leaving, named loosely ('the taxi coop ... are pulling out'), and another named in full coming in
    ('Autobus Leclerc et fils takes the operator role instead'): the newcomer wherever the plan names the partner
    whose name shares the most words with the loose one (two at least, or all of a one-word name)."""
    parts = [p.strip() for p in re.split(r"(?<=[.!?;])\s+|\s[-\u2013\u2014]\s", message) if p.strip()]
    comes = [m for p in parts if (m := _COMES_IN.match(_LEAD_IN.sub("", p)))]
    leaving = [p for p in parts if _LEAVING.search(p) and not _COMES_IN.match(_LEAD_IN.sub("", p))]
    if len(comes) != 1 or not leaving:
        return []
    new = comes[0].group("new").strip()
    said = {w for p in leaving for w in tokenize(p) if w not in STOP_WORDS}
    held = " ".join(answers.values())
    shares: dict[str, int] = {}
    for name in dict.fromkeys(re.sub(r"^(?:The|Our)\s+", "", m.group(0)) for m in _NAME_SAID.finditer(held)):
        words = {w for w in tokenize(name) if w not in STOP_WORDS}
        shared = len(words & said)
        if words and shared >= min(2, len(words)) and new.lower() not in name.lower():
            shares[name] = shared
    if not shares:
        return []
    most = max(shares.values())  # every form of that name, the longest first ('Taxi Coop Haute-Riviere', 'Taxi Coop')
    olds = sorted((name for name, shared in shares.items() if shared == most), key=len, reverse=True)
    return [
        Edit(key, new, "rename", old=old)
        for old in olds
        for key in flow.keys
        if re.search(rf"(?i)\b{re.escape(old)}(?!\w)", answers.get(key, ""))
    ]


def _renamed(current: str, old: str, new: str) -> str:
    """``current`` with the name ``old`` (with any capitalised words that lead into it: 'Ashbury Community
    Foundation' for 'Community Foundation', and its own name in brackets after it: 'the Red Cross (Rauði
    krossinn)') replaced by ``new``."""
    if not old:
        return current
    bare_new = re.sub(r"^(?:[Tt]he)\s+", "", new)

    def named(match: re.Match) -> str:  # 'the' kept where the old name had it; the new one's own otherwise
        return f"{match.group('article')}{bare_new}" if match.group("article") else new

    alias = r"(?:\s*\((?:[Tt]he\s+)?[A-Z][^()\d]{1,50}\))?"
    form = r"(?:,?\s+(?:Ltd|Limited|Inc|LLC|plc|PLC|GmbH|Ltda|SARL|JSC|SA)\b)?"  # the old name's legal form
    return re.sub(
        rf"(?P<article>\b[Tt]he\s+)?(?:[A-Z][\w'’&-]*\s+)*(?i:{re.escape(old)})\b{form}{alias}", named, current
    )


def without_part(current: str, phrase: str) -> str:
    """``current`` without ``phrase`` (and its article), the list it sat in still read as a list:
    'A, B and C' less C is 'A and B'; in a list, the whole entry that names it goes ('the Disability
    Forum' takes 'Calderford Disability Forum for the accessible fleet' with it)."""
    text = current.strip().rstrip(".")
    separator = "\n" if "\n" in text and ";" not in text else ";"  # an entry a line, as dictated or pasted
    items = [i.strip() for i in text.split(separator)]
    heads = [
        n
        for n, i in enumerate(items)
        if re.match(rf"(?i)(?:and\s+|or\s+)?(?:\S+\s+){{0,2}}?{_ARTICLE}{re.escape(phrase)}\b", i)
    ]
    if (len(items) > 2 or separator == "\n" and len(items) > 1) and len(
        heads
    ) == 1:  # 'a walk ...; an online survey; and a live stream of ..., for ...'
        gone = items.pop(heads[0])
        if heads[0] == len(items) and re.match(r"(?i)and\s", gone) and not re.match(r"(?i)and\s", items[-1]):
            items[-1] = "and " + items[-1]
        if all(re.match(r"\d{1,2}\)\s", i) for i in items):  # '1) ...; 3) ...' numbered again: '1) ...; 2) ...'
            items = [re.sub(r"^\d{1,2}\)", f"{n})", i) for n, i in enumerate(items, 1)]
        text = "\n".join(items) if separator == "\n" else "; ".join(items)
        return text[:1].upper() + text[1:]
    parts = re.split(r"(?<=[a-z0-9)]\.)\s+(?=[A-Z])", text)  # full stops only: ';' parts a list
    if len(parts) > 1:  # an entry is within one sentence, and a sum's comma ('85,000') parts nothing
        holding = [n for n, s in enumerate(parts) if re.search(rf"(?i)\b{re.escape(phrase)}\b", s)]
        if len(holding) == 1:
            parts[holding[0]] = without_part(parts[holding[0]], phrase).rstrip(".") + (
                "." if holding[0] < len(parts) - 1 else ""
            )
            said = " ".join(parts).strip()
            return said[:1].upper() + said[1:]
    entries = [e.strip() for e in re.split(r"\s*(?:,(?!\d{3}(?!\d))|;|\n|\band\b|\bplus\b|&)\s*", text) if e.strip()]
    entry = next((e for e in entries if re.search(rf"(?i)\b{re.escape(phrase)}\b", e)), "")
    if len(entries) > 1 and entry:  # the whole entry: 'Calderford Disability Forum for the accessible fleet'
        phrase = re.sub(rf"(?i)^{_ARTICLE}", "", entry)
    p = rf"{_ARTICLE}{re.escape(phrase)}\b"
    for pattern in (
        rf",\s*(?:and\s+)?{p}",
        rf"\s+(?:and|plus|&)\s+{p}",
        rf"^{p}\s*,\s*",
        rf"^{p}\s+(?:and|plus|&)\s+",
        p,
    ):
        shorter, n = re.subn(pattern, "", text, count=1, flags=re.I)
        if n:
            text = shorter.strip(" ,;")
            break
    commas = [m.start() for m in re.finditer(r",(?!\d{3}(?!\d))", text)]  # not the comma of '85,000'
    if " and " not in text and commas:
        text = f"{text[: commas[-1]]} and {text[commas[-1] + 1 :].strip()}"
    return text[:1].upper() + text[1:]


def _added_to_list(current: str, value: str) -> str:
    """``value`` added to the list ``current`` holds ('A, B and C' plus D is 'A, B, C and D'), or after it."""
    text = current.strip().rstrip(".")
    if not text:
        return value
    one_list = not re.search(r"[.;:]", text) and len(text.split()) <= 25
    if not one_list:  # after a full stop, a sentence of its own
        return _sentence_added(current, value) if current.rstrip().endswith((".", "!", "?")) else f"{current}; {value}"
    joins = list(re.finditer(r",?\s+(?:and|plus|&)\s+", text))
    last = joins[-1] if joins else None
    return f"{text[: last.start()]}, {text[last.end() :]} and {value}" if last else f"{text} and {value}"


def _part_kind(value: str) -> str:
    """What kind of part a short edit value is: a date, a duration, a figure, a target (a figure
    and a date), or '' (free text)."""
    rest = _DATE.sub(" ", value)
    for q in quantities(value):
        rest = rest.replace(q.text, " ")
    if content_words(value) > 6 or content_words(rest) > 0:
        return ""  # more than a part: the leader restated the whole component
    if DURATION_ONLY.match(value):
        return "duration"
    if _DATE.search(value):
        return "target" if quantities(value) else "date"
    return "figure" if quantities(value) else ""


DURATION_ONLY = re.compile(
    r"^\s*(?:for\s+|over\s+)?(?:\d+|a|one|two|three|four|six|nine|twelve|eighteen)\s+(?:weeks?|months?|years?|days?)\s*$",
    re.I,
)
_DURATION = re.compile(
    r"\b(?:\d+|a|one|two|three|four|six|nine|twelve|eighteen)[- ](?:weeks?|months?|years?|days?)\b", re.I
)


def _slot_for(flow: Workflow, target: str, value: str, answers: dict[str, str]) -> str:
    """The slot a free-worded change refers to ('the closing date of the vote', 'the online target'):
    the answer sharing most words with it that holds a part of the same kind as the new value."""
    words = set(tokenize(target))
    kind = _part_kind(value)
    counted = {noun.lower() for _, noun in _FIGURE_AND_NOUN.findall(value) if _a_thing_counted(noun)}
    scores: dict[str, float] = {}
    for key in flow.keys:
        answer = answers.get(key, "")
        label_words = set(tokenize(f"{flow.question(key).label} {key}"))
        score = float(len(words & set(tokenize(answer))) + 2 * len(words & label_words))
        if re.search(rf"\b(?:{alias_pattern(key, flow)})\b", target, re.I):
            score += 3
        # a count of the same thing ('80 people, selected from 16,000 invitation letters' where '60 people' is)
        score += 2 * sum(bool(re.search(rf"\d\s+{re.escape(noun)}\b", answer, re.I)) for noun in counted)
        scores[key] = score if not kind or _find_part(answer, kind, value) is not None else score / 4
    holding = {k: sc for k, sc in scores.items() if sc > 0 and _find_part(answers.get(k, ""), kind, value) is not None}
    if kind and holding:  # 'move the council decision to 25 June': the part with a date, not the one called decision
        scores = holding
    best, best_score = "", 0.0
    for key, score in scores.items():
        if score > best_score:
            best, best_score = key, score
    if not best and kind:
        holders = [k for k in flow.keys if _find_part(answers.get(k, ""), kind, value) is not None]
        unit = quantities(value)[0].unit if kind == "figure" and quantities(value) else ""
        same_unit = [k for k in holders if unit and re.search(rf"\d\s*{re.escape(unit)}", answers.get(k, ""))]
        best = (same_unit or holders or [""])[-1]  # '12.1 per 1,000': the part with a figure per 1,000
    return best


def _near(text: str, span: tuple[int, int], about: str) -> int:
    """How many words of ``about`` stand just before a part of ``text`` ('closes 14 March'), the two words
    right beside it counted again, small words too ('under 10%', not 'by 30%', for 'stops if the fall is under')."""
    before = text[max(0, span[0] - 40) : span[0]]
    shared = len({w[:5] for w in tokenize(before)} & {w[:5] for w in tokenize(about)})  # 'adopted' meets 'adoption'
    said = set(re.findall(r"[a-z]+", about.lower()))
    just_before = re.findall(r"[a-z]+", before.lower())[-2:]  # 'under 10%' against 'by 30%': the words beside it
    return 2 * shared + sum(word in said for word in just_before)


def _spans(text: str, kind: str, value: str = "") -> list[tuple[int, int]]:
    """Where ``text`` holds a part of ``kind`` (a date, a length, a figure: of figures, those in the unit of
    ``value`` if any)."""
    if kind in ("date", "duration"):
        pattern = _DATE if kind == "date" else _DURATION
        return [(m.start() + len(m.group(0)) - len(m.group(0).lstrip()), m.end()) for m in pattern.finditer(text)]
    if kind in ("figure", "target"):
        new = quantities(value)
        found = [q for q in quantities(text) if not new or q.unit == new[0].unit]
        if not new or new[0].unit in ("number", ""):  # a bare figure may replace one of any unit; a sum only a sum
            found = found or quantities(text)
        spans: list[tuple[int, int]] = []
        for q in found:  # each where it stands on its own ('2' is not the start of '20,000')
            at = (m.span() for m in re.finditer(rf"(?<![\w.,]){re.escape(q.text)}(?![\w%]|[.,]\d)", text))
            spans += [sp for sp in at if sp not in spans][:1]
        return [sp for sp in spans if not _numbers_an_item(text, sp)]
    return []


def _numbers_an_item(text: str, span: tuple[int, int]) -> bool:
    """Whether the number at ``span`` numbers a list item ('1) Assembly: ...; 2) Sankofa ...'): not a figure."""
    return text[span[1] : span[1] + 2] in (")", ") ") and re.search(r"(?:^|[;:\n])\s*$", text[: span[0]]) is not None


def _find_part(text: str, kind: str, value: str = "", about: str = ""):
    """The span of ``text`` that a new part of ``kind`` replaces: of several, the one whose
    preceding words match ``about`` best (else the first)."""
    spans = _spans(text, kind, value)
    if kind == "target" and spans:
        dated = [sp for sp in spans if _DATE.search(text[sp[1] : sp[1] + 30])]
        spans = dated[-1:] or spans[-1:]
    if not spans:
        return None
    return max(spans, key=lambda sp: (_near(text, sp, about), -sp[0])) if about else spans[0]


def replace_part(current: str, new: str, about: str = "") -> str | None:
    """``current`` with the part of the same kind as ``new`` replaced (a date, a length, a figure
    with its unit, or a target's figure and date); None when ``new`` is free text or ``current``
    has no such part. ``about`` (the leader's words for the part) picks among several; a sum or a rate said
    again in the same answer ('We can afford to lose the £60,000') is changed there too."""
    kind = _part_kind(new)
    span = _find_part(current, kind, new, about) if kind and current else None
    if span is None:
        return None
    if kind in ("figure", "target"):
        figure = quantities(new)[0].text
        was = current[span[0] : span[1]]
        replaced = current[: span[0]] + figure + current[span[1] :]
        if kind == "figure" and re.search(
            rf"[{CURRENCY}%]|\d{{3}}", was
        ):  # the same sum said twice is one sum ('lose the £60,000')
            replaced = re.sub(rf"(?<![\w.,]){re.escape(was)}(?![\w%]|[.,]\d)", figure, replaced)
        if kind == "target":
            date = _DATE.search(replaced, span[0] + len(figure))
            if date and date.start() - (span[0] + len(figure)) < 30:
                replaced = replaced[: date.start()] + " " + (deadline(new) or "") + replaced[date.end() :]
        return re.sub(r"  +", " ", replaced).strip()
    replacement = new.strip()
    if kind == "date":  # keep the leader's preposition: 'closes 14 March' stays 'closes 28 March'
        old_prep = _PREPOSITION.match(current[span[0] : span[1]])
        replacement = _PREPOSITION.sub("", replacement)
        replacement = (old_prep.group(0) if old_prep else "") + replacement
    return (current[: span[0]] + replacement + current[span[1] :]).strip()


def said_again(flow: Workflow, message: str, answers: dict[str, str]) -> list[Edit]:
    """An answer said again in full with something changed ('One change: the board wants it per 10,000
    collections, so today it's about 120 ... and we scale up if ...'): most of the message's words are one
    answer's, and most of that answer's are in the message, so the message takes its place."""

    def words(text: str) -> set[str]:
        return {w for w in tokenize(text) if w not in STOP_WORDS and not w.isdigit()}

    said = words(message)
    if len(said) < 12 or not answers:
        return []
    shares = sorted(
        (
            (len(said & words(a)) / len(said), len(said & words(a)) / max(len(words(a)), 1), k)
            for k, a in answers.items()
        ),
        reverse=True,
    )
    (best, covered, key), runner_up = shares[0], (shares[1][0] if len(shares) > 1 else 0.0)
    if best < 0.5 or covered < 0.4 or best - runner_up < 0.25:
        return []
    text = _CHANGES_LEAD.sub("", _LEAD_IN.sub("", PLEASANTRY.sub("", message.strip())))
    return [Edit(key, text[:1].upper() + text[1:], "whole")]


# A gap left in an answer for a figure, a name or a date not known yet: '[TBC]', '[??]', '<insert date>', 'XX', '£XX',
# 'TBC'.
_GAP = re.compile(
    r"\[(?:TB[CDA]|tb[cda]|\?+|[Xx]+|\.{3}|insert[^\]\n]{0,30}|to be (?:confirmed|agreed))\]"
    r"|<insert[^>\n]{0,30}>"
    r"|(?<![\w.,])(?:[\u00a3$\u20ac\u00a5\u20b9]\s?)?X{2,}(?![\w])"
    r"|\bTB[CD]\b"
)
# What comes between a gap named again and its value ('the [TBC] in the baseline: ', 'The £XX for the panel: it's ').
_GAP_VALUE = re.compile(
    r"(?i)\s*(?:(?:in|for|of|on|under)\s+(?:the|my|our)\s+[^:=.;\n]{1,40}?\s*)?"
    r"(?:[:=]|\bis\b|\bwas\b|\bwill be\b|\bshould be\b|->|\s[-\u2013\u2014]\s)\s*"
    r"(?:(?:it'?s|that'?s|it is|make it|put|read)\s+)?(?P<value>(?:[^.;,\n]|[.,](?=\d))+?)"
    r"(?=\s[-\u2013\u2014]\s|[.;,](?:\s|$)|\n|$)"
)


# The note beside a gap on where its value will come from (' - I need the exact number from the data manager', '(to
# confirm with finance)'), up to the end of the sentence: gone once the value is in.
_STILL_TO_GET = re.compile(
    r"(?i)(?:\s[-\u2013\u2014]\s+|\s*\(|,\s+)(?:[^.;()\n]{0,20}\b)?"
    r"(?:need|get|getting|check|checking|confirm|confirming|ask|asking|waiting|chase|chasing|will come|comes)\b"
    r"[^.;()\n]*\)?(?=[.;]|$)"
)


def filled_gaps(message: str, answers: dict[str, str]) -> tuple[list[Edit], str]:
    """A value given for a gap an earlier answer left ('... paid £XX a session' and later 'The £XX for the panel:
    it's £45 a session, finance agreed it'): an edit putting the value in the gap, and ``message`` without the
    sentence that gave it. Only the value goes in, not the words around it the answer says already ('of [TBC]
    referrals' filled by '3,260 referrals' is 'of 3,260 referrals')."""
    edits: list[Edit] = []
    rest = message
    for gap in _GAP.finditer(message):
        token = gap.group(0)
        key = next((k for k, a in answers.items() if token.lower() in a.lower()), None)
        given = _GAP_VALUE.match(message, gap.end())
        named = re.search(r"(?i)\b(?:the|that|your|my|our)\s+$", message[: gap.start()])  # 'the [TBC] in ...'
        if not key or not named or not given or not re.search(r"[\w\d]", given.group("value")):
            continue
        answer = answers[key]
        at = answer.lower().index(token.lower())
        value = _without_words_after(given.group("value").strip(), answer[at + len(token) :])
        after = _STILL_TO_GET.sub("", answer[at + len(token) :], count=1)
        edits.append(Edit(key, (answer[:at] + value + after).strip(), "whole", old=token))
        answers = {**answers, key: edits[-1].value}
        said = next((s for s in sentences(rest) if token in s), "")
        rest = rest.replace(said, "", 1).strip() if said else rest
    return edits, re.sub(r"^(?:and|also|oh|plus)\b[,\s]*", "", rest, flags=re.I).strip()


def _without_words_after(value: str, after: str) -> str:
    """``value`` cut where it starts to say the words that follow the gap in the answer ('3,260 referrals in 2025'
    before ' referrals in the year' is '3,260')."""
    words, following = value.split(), [w.lower().strip(",.") for w in after.split()[:2]]
    for n in range(1, len(words)):
        rest = [w.lower().strip(",.") for w in words[n : n + len(following)]]
        if following and rest == following[: len(rest)]:
            return " ".join(words[:n])
    return value


# A request after the change to make it ('... not in September. Can you correct it in the plan?'): no question.
ASKED_TO_CHANGE = re.compile(
    r"(?:^|(?<=[.!;:])|\s+[-\u2013\u2014])\s*(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+(?:please\s+)?)?"
    r"(?:(?:correct|change|update|fix|amend|adjust|edit|reflect|put)\s+(?:it|that|this|them|the plan|the draft)"
    r"(?:\s+(?:in|on|into)\s+(?:the|my|our)\s+(?:plan|draft|text))?"
    r"|(?:can|could|would|will)\s+(?:the|our)\s+(?:[\w'’-]+\s+){0,3}?(?:say|show|read|reflect)\s+(?:so|that|this|it))"
    r"(?:,?\s+please)?\s*[?.!]?\s*$",
    re.I,
)
# A change put as a question ('Could we go for 85% ...?', 'What about September 2028 instead?').
PROPOSAL = re.compile(
    r"^(?:(?:could|can|shall|should|would|might)\s+we|(?:what|how)\s+about|why\s+(?:don'?t\s+we|not)|"
    r"(?:is it|would it be)\s+(?:ok|okay|possible|alright))\b",
    re.I,
)


def edited(current: str, edit: Edit) -> str:
    """``current``, one answer's text, with ``edit`` made in it."""
    if edit.mode == "append":
        value = _added_to_list(current, edit.value)
    elif edit.mode == "rename":
        value = _renamed(current, edit.old, edit.value)
    elif edit.mode == "remove":
        value = without_part(current, edit.value)
    elif edit.mode == "whole":
        value = edit.value
    elif edit.mode == "recount":  # every count of the same thing: '5 remote communities', '5 similar communities'
        counted = rf"(?<![\w.,]){re.escape(edit.old)}(?=\s+(?:[\w-]+\s+)?{re.escape(edit.about)}\b)"
        value = re.sub(counted, edit.value, current, flags=re.I)
    elif edit.mode == "date":
        dates = list(_DATE.finditer(current))  # the deadline: the last date said with 'by', else the last date
        firm = [m for m in dates if due(current, m)]
        old, new = ((firm or dates)[-1] if dates else None), deadline(edit.value) or edit.value
        if old and not re.match(r"\s*(?:by|before|until|within|in|from)\b", old.group(0), re.I):
            new = _PREPOSITION.sub("", new)  # 'by the end of the May 2027 round': only the date is replaced
        value = (
            (current[: old.start()].rstrip() + " " + new + current[old.end() :]).strip()
            if old
            else f"{current} {new}".strip()
        )
    elif edit.key == "target" and current and quantities(edit.value) and _DATE.search(edit.value):
        value = edit.value
    elif edit.key == "indicator":
        value = edit.value
    else:
        value = (
            (edit.old and _swapped(current, edit.old, edit.value, edit.about))
            or replace_part(current, edit.value, edit.about)
            or _figures_swapped(current, edit.value)
            or _said_beside(current, edit)
        )
    return value


def _said_beside(current: str, edit: Edit) -> str:
    """A new value whose place the answer does not hold: a long answer keeps its words and says the value after them
    under the leader's name for it ('... the opening hours. Budget: £30,000.'); a short one is replaced."""
    about = re.sub(rf"(?i)^(?:{CHANGE_VERB})?(?:the\s+|our\s+|my\s+)?", "", edit.about.strip()).strip(" :-")
    if not about or len(current.split()) < 15 or len(edit.value.split()) > 8 or len(about.split()) > 4:
        return edit.value
    return f"{current.strip().rstrip('.')}. {about[:1].upper()}{about[1:]}: {edit.value.strip().rstrip('.')}."


_FIGURE_AND_NOUN = re.compile(rf"(?<![\w.,{CURRENCY}/-])(\d[\d,]*(?:\.\d+)?)\s+([A-Za-z][\w-]*)")
_ANY_FIGURE = re.compile(rf"(?<![\w.,{CURRENCY}/-])\d[\d,]*(?:\.\d+)?(?:[/-]\d+)?")


def _figures_swapped(current: str, value: str) -> str | None:
    """``current`` with each figure of ``value`` that counts the same thing as one in it put in its place ('30
    probation delivery units, about 50,000 people' into '... in 24 probation delivery units ... about 40,000
    people in all'); None unless the value holds two such figures or more and each finds its own."""
    pairs = _FIGURE_AND_NOUN.findall(value)
    if len(pairs) < 2 or len(pairs) != len(_ANY_FIGURE.findall(value)):  # every figure says what it counts
        return None
    out = current
    for number, noun in pairs:
        found = re.search(rf"(?<![\w.,{CURRENCY}])\d[\d,]*(?:\.\d+)?(?=\s+{re.escape(noun)}\b)", out)
        if not found:
            return None
        out = out[: found.start()] + number + out[found.end() :]
    return out if out != current else None


def _said_where(old: str, text: str) -> Iterator[re.Match]:
    """Where ``text`` says the leader's words ``old`` ('3', 'once a year', 'Year 6'): whole words, and a figure
    not inside a longer one ('3' is not in '13' or '3.5'); a small number in digits or in words ('4' is 'Four' in
    'Four-week sprints')."""
    number = small_number(old)
    if number is not None:
        forms = {str(number), number_in_words(number)}
        said = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        return re.finditer(rf"(?i)(?<![\w.,{CURRENCY}])(?:{said})(?![\w%]|[.,]\d)", text)
    edge = rf"(?<![\w.,{CURRENCY}])" if old[:1].isdigit() else (r"\b" if old[:1].isalnum() else r"(?<![\w.,])")
    return re.finditer(rf"(?i){edge}{re.escape(old)}(?![\w%])", text)


def _as_written(new: str, was: str) -> str:
    """A small number ``new`` written as the plan wrote the one it replaces ('three' for 'Four' is 'Three', '2'
    for 'four' is 'two', 'five' for '3' is '5')."""
    number, old = small_number(new), small_number(was)
    if number is None or old is None:
        return new
    if was.isdigit():
        return str(number)
    words = number_in_words(number)
    return words.capitalize() if was[:1].isupper() else words


def _swapped(current: str, old: str, new: str, about: str = "") -> str | None:
    """``current`` with ``old`` (the leader's words for what goes: '3', 'once a year') replaced by ``new``; of
    several, the one nearest ``about``. A unit already after the old figure is not written twice ('to 3 working
    days' made '2 working days' is 'to 2 working days'). None when ``current`` does not hold ``old``."""
    spans = [m.span() for m in _said_where(old, current)]
    if not spans:
        return None
    span = max(spans, key=lambda sp: (_near(current, sp, about), -sp[0]))
    new = _as_written(new, current[span[0] : span[1]])
    large = re.search(r"(?i)\b(?:hundred|thousand|million|billion|lakh|crore)\b", old)  # 'two thousand'
    sum_said = re.search(rf"[{CURRENCY}%]|\d[kmKM]\b|\d{{3}}", old) or large
    if sum_said and quantities(new):  # a sum said twice is one sum
        swapped = "".join(
            (new if n % 2 else piece) for n, piece in enumerate(re.split(f"((?i:{re.escape(old)}))", current))
        ).replace(f"{new} {new}", new)
        said_after = re.search(r"\s([a-z]+)$", new)  # 'one hundred and twenty days' for the 150 of '150 days'
        return re.sub(rf"(?i)\b({said_after.group(1)})\s+\1\b", r"\1", swapped) if said_after else swapped
    figure = quantities(new)[0].text if quantities(new) and new.startswith(quantities(new)[0].text) else ""
    unit = new[len(figure) :].strip()
    if figure and unit and current[span[1] :].lstrip().lower().startswith(unit.lower()):
        new = figure
    last = re.search(r"\s([a-z]+)$", new)  # '12 days' for the 20 of '20 days'
    if last and re.match(rf"\s+{last.group(1)}\b", current[span[1] :], re.I):
        new = new[: last.start()]
    return current[: span[0]] + new + current[span[1] :]
