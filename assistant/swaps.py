"""A change to the draft read by the kinds of value it names, for wordings no phrase reader in :mod:`edits` knows.

A leader who asks for a change names values: figures (by unit: a sum, a share, days, a count of residents),
dates, frequencies ('every two months'), names of organisations. A value the draft already holds is the one to
change (the old); one it does not hold is what to put there (the new); the words just before a value can say which
it is ('instead of 3', 'to 25,000'), and a difference ('two weeks longer') or a value said to stay is neither.

- One old and one new of a kind: the old is replaced by the new wherever the draft says it ('The committee found
  more money. Please use 31,200 instead of 27,400.'); a date of the draft may be named by its month or day alone
  ('the 3 June 2027 meeting now, not the one in May'); of several names, the one said with the replacement and the
  one said to go ('Sinakoma Primary has had to pull out ... Siamuleya Primary takes its place').
- A range of dates said again replaces the draft's range that starts where it does, or its only one ('March - June
  2026' for 'February - May 2026').
- A new value alone goes in place of the only one of its kind, the only count of the same thing ('20 residents'),
  or for a date, the date whose clause shares words with the message's ('Cabinet has moved its decision to ...').
- A quoted sentence to take out is taken out; a partner of the draft said to go, with no new one, is taken out of
  the partners; one new organisation said to join is added to them.

Anything less clear (two new figures for one old, a question, no words to tell two dates apart) changes nothing
here. :mod:`interview` asks this module when no phrase reader understood a change, and to check what the phrase
readers made of one (:func:`left_undone`, :func:`unread_news`, :func:`values_lost`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .edits import FREQUENCY, REPLACED, Edit
from .lexical import STOP_WORDS, stem
from .slots import quantities, without_letter
from .texting import MONTH

# A message that asks for a change: a verb of changing, or the words of a correction or a replacement.
CHANGE_CUE = re.compile(
    r"(?i)\b(?:instead|rather than|(?:in|take|takes|taking|took) (?:their|its|his|her) place|replac\w*|swap\w*"
    r"|switch\w*|chang\w*|make (?:it|that)|use|put|set|mov\w+|slipp\w+|push\w* (?:back|out)|brought forward"
    r"|bring \w+ forward|postpon\w+|delay\w*|rais\w+|increas\w+|reduc\w+|cut|lower\w*|top\w* up|goes (?:up|down)"
    r"|went (?:up|down)|now|correct\w*|typo|mistake|wrong|should (?:be|read|say)|(?:is|are) called|renam\w+|not"
    r"|out of date|updat\w+|tak\w+ over|fix\w*|amend\w*)\b"
)
# A value said to stay: 'we kept 27,400', 'the 20 May date stays'.
_KEPT_BEFORE = re.compile(r"(?i)\b(?:kept|keep|keeping|leave|leaving|same)\s+(?:the\s+|it\s+at\s+|at\s+)?$")
_KEPT_AFTER = re.compile(r"(?i)^\s*(?:\w+\s+){0,2}(?:stays?|stands?|is unchanged|does(?:n't| not) change)\b")
# The words of a replacement, needed before a name is replaced (names are said in passing more often than figures).
_NAME_SWAP = re.compile(
    r"(?i)\b(?:instead|rather than|(?:in|take|takes|taking|took) (?:their|its|his|her) place|replac\w*|swap\w*|not"
    r"|(?:is|are) (?:now )?called|renam\w+|tak\w+ over|spel\w+|name)\b"
)

_YEAR = r"(?:19|20)\d\d"
_ORDINAL = r"(?:st|nd|rd|th)"
_FULL_DATE = re.compile(
    rf"(?i)\b(?:(?P<day>\d{{1,2}}){_ORDINAL}?\s+(?:of\s+)?)?(?P<month>{MONTH})\.?(?:\s+(?P<day2>\d{{1,2}}){_ORDINAL}?,?)?"
    rf"\s+(?P<year>{_YEAR})\b"
)
_MONTH_ALONE = re.compile(rf"(?i)\b(?:in|of|from|for|the)\s+(?P<month>{MONTH})\b(?!\.?\s+\d)")
_DAY_ALONE = re.compile(rf"(?i)\bthe\s+(?P<day>\d{{1,2}}){_ORDINAL}\b(?!\s+(?:of\s+)?{MONTH})")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# A name: capitalised words, joined by the small words names carry ('Asociación de Vecinos', 'Bank of Ireland').
_NAME = re.compile(
    r"(?<![\w-])(?:[A-Z](?:[\w&-]|\.(?=\w)|['’](?=\w|\s+[A-Z]))*)(?:\s+(?:(?:de|del|la|las|los|da|do|dos|das|di|du|"
    r"van|von|der|den|of|the|and|for|&|y|e|na|ng)\s+)*(?:[A-Z](?:[\w&-]|\.(?=\w)|['’](?=\w|\s+[A-Z]))*))*"
)
_NOT_NAME_WORDS = frozenset(
    """please sorry thanks thank hi hello dear ok okay yes no not just also and but so then one two three small
    quick good great heads news update fix change correction typo note actually make use put set move
    replace swap drop add take keep our we i it its they their the a an this that these those my your
    can could would should will shall may might must is are was were be been has have had do does did""".split()
)


# A name said to go ('X has pulled out', 'X comes off the partner list') or to join ('X will also help').
GONE = re.compile(
    r"(?i)\b(?:comes? off|off the (?:\w+ )?list|pull\w* out|drop(?:s|ped|ping)?(?![\w-])|remov\w*|tak\w+ (?:\w+ )?out"
    r"|withdr\w+|wound up|clos\w+ down|no longer|(?:can(?:'|\u2019)?t|cannot) (?:commit|take part|join|continue|do)"
    r"|leav\w+ the (?:partnership|group|board|fund|project)|out of the (?:partnership|group|fund|project))\b"
)
_JOINS = re.compile(
    r"(?i)\b(?:also|as well|too|join\w*|alongside|add\w*|another|extra|additional|on board|offer\w*|sign\w* up|"
    r"com\w+ in)\b"
)
_ALSO = re.compile(r"(?i)\s*\b(?:also|as well|too)\b(?=[\s,.;]|$)")


@dataclass(frozen=True)
class _Value:
    kind: str  # 'figure:<unit>', 'date', 'name'
    key: str  # what makes two values the same: the figure, (year, month, day) or the name
    text: str  # as written
    start: int
    figure: str = ""  # the figure as written, for a figure
    noun: str = ""  # the word after a bare figure, its stem ('residents' in '15 residents')


def _figure_key(value: str) -> str:
    return value.replace(",", "").rstrip(".")


def _figures(text: str) -> list[_Value]:
    found, at, lowered = [], 0, text.lower()
    taken = [m.span() for m in FREQUENCY.finditer(text)]
    for q in quantities(text):
        start = lowered.find(q.text.lower(), at)
        if start < 0:
            continue
        at = start + len(q.text)
        if any(a <= start < b for a, b in taken):  # 'every two months' is a frequency
            continue
        unit = "money" if q.unit == "GBP" else q.unit
        after = re.match(r"\s+([a-z][a-z-]+)", text[start + len(q.text) :])
        noun = stem(after.group(1)) if unit == "number" and after and after.group(1) not in STOP_WORDS else ""
        figure = "" if q.in_words else q.value
        found.append(_Value(f"figure:{unit}", _figure_key(q.value), q.text, start, figure, noun))
    return found


_PERIOD_DAYS = {
    "day": 1,
    "week": 7,
    "fortnight": 14,
    "sprint": 14,
    "month": 30,
    "term": 120,
    "quarter": 91,
    "season": 365,
    "year": 365,
}
_SAID_PERIOD = {
    "daily": 1,
    "weekly": 7,
    "fortnightly": 14,
    "monthly": 30,
    "bimonthly": 60,
    "bi-monthly": 60,
    "quarterly": 91,
    "annually": 365,
    "yearly": 365,
    "biannually": 182,
    "bi-annually": 182,
    "twice-yearly": 182,
}
_COUNT = {
    "other": 2,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "eight": 8,
    "ten": 10,
    "twelve": 12,
    "few": 3,
    "once": 1,
    "twice": 2,
}


def _frequencies(text: str) -> list[_Value]:
    """How often things happen, each keyed by its period in days ('every two months' and 'bi-monthly' are alike)."""
    found = []
    for m in FREQUENCY.finditer(text):
        said = m.group(0).lower()
        if said in _SAID_PERIOD:
            days = float(_SAID_PERIOD[said])
        else:
            words = said.split()
            unit = next((_PERIOD_DAYS[w.rstrip("s")] for w in words if w.rstrip("s") in _PERIOD_DAYS), 0)
            count = next((int(w) if w.isdigit() else _COUNT[w] for w in words if w.isdigit() or w in _COUNT), 1)
            per = words[0] in ("once", "twice") or "times" in words  # 'twice a year' is every half year
            days = unit / count if per else unit * count
        found.append(_Value("frequency", str(round(days)), m.group(0), m.start()))
    return found


def _month(word: str) -> int:
    return _MONTHS.index(word[:3].lower()) + 1


# A date said relative to today ('next spring', 'the end of next year'): a date a new one can take the place of.
_RELATIVE_DATE = re.compile(
    r"(?i)\b(?:next (?:spring|summer|autumn|fall|winter|year)|this time next year"
    r"|(?:the )?end of (?:next|this) (?:financial |school |calendar )?year)\b"
)


def _dates(text: str) -> list[_Value]:
    found = []
    for m in _FULL_DATE.finditer(text):
        day = m.group("day") or m.group("day2") or ""
        found.append(_Value("date", f"{m.group('year')}-{_month(m.group('month')):02}-{day}", m.group(0), m.start()))
    for m in _RELATIVE_DATE.finditer(text):
        found.append(_Value("date", m.group(0).lower(), m.group(0), m.start()))
    return found


def _names(text: str) -> list[_Value]:
    found = []
    for m in _NAME.finditer(text):
        words = m.group(0).split()
        while words and words[0].lower().strip(".,") in _NOT_NAME_WORDS:
            words = words[1:]
        while words and words[-1].lower() in {"of", "the", "and", "for", "de", "del", "la", "y", "e", "&"}:
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words).rstrip(".")
        at_sentence_start = not text[: m.start()].strip() or text[: m.start()].rstrip()[-1:] in ".!?:\n'\"‘“(*"
        one_plain_word = len(words) == 1 and not re.search(r"[A-Z].*[A-Z]", name)
        if re.match(r"\s?\d", text[m.end() :]) and len(words) == 1:  # a currency: 'GBP 40,000', 'FCFA 20,000'
            continue
        if len(name) < 3 or re.fullmatch(rf"(?i){MONTH}\.?|\d.*", name) or (one_plain_word and at_sentence_start):
            continue
        found.append(_Value("name", name.lower(), name, m.start() + m.group(0).find(words[0])))
    return found


# Words that say a value is the old one ('instead of 3', 'not 18', 'from EUR 20,000') or the new one ('to 25,000',
# 'make it 90%'), whatever the draft holds.
_QUOTE_OPENS = "['\u0022\u2018\u201c]?$"
_OLD_SAID = re.compile(
    rf"(?i)\b(?:{REPLACED}|from|was|were|replac\w*|(?:it|I|you) (?:says?|said|wrote|have)|of|over)\s+(?:the\s+)?"
    rf"{_QUOTE_OPENS}"
)
_NEW_SAID = re.compile(
    rf"(?i)\b(?:to|with|make it|now|is|are|be|becomes?|use|put|should(?:\s+\w+)?)\s+(?:the\s+)?{_QUOTE_OPENS}"
)


_MORE_SAID = re.compile(r"(?i)^\s*(?:longer|shorter|more|fewer|less|extra|later|earlier|on top|sooner)\b")


def _role(message: str, value: _Value) -> str:
    """'old' or 'new' when the words just before ``value`` say which it is, 'more' for a difference ('two weeks
    longer'), else ''."""
    before = message[max(0, value.start - 25) : value.start]
    if _MORE_SAID.match(message[value.start + len(value.text) :]):
        return "more"
    return "old" if _OLD_SAID.search(before) else "new" if _NEW_SAID.search(before) else ""


def _kept(message: str, value: _Value) -> bool:
    before, after = message[max(0, value.start - 30) : value.start], message[value.start + len(value.text) :]
    return bool(_KEPT_BEFORE.search(before) or _KEPT_AFTER.match(after[:40]))


def _compatible(a: _Value, b: _Value) -> bool:
    if a.kind == b.kind:
        return True
    return a.kind.startswith("figure:") and b.kind.startswith("figure:") and "figure:number" in (a.kind, b.kind)


_NOT_A_FIGURE = frozenset({"chang", "edit", "thing", "point", "fix", "tweak", "updat", "question", "correct", "more"})


def unread_news(text: str, before: dict[str, str], after: dict[str, str]) -> bool:
    """Whether ``text`` says a figure, date or frequency that the draft did not hold (``before``) and the edits read
    so far left out (``after``), and none that they took in: a clause the edits did not read ('1 change pls:' says
    no figure; '41% now (the March 2026 figure)', read for the 41%, is read)."""
    held_before, held_after = _held(before), _held(after)
    news = [
        v
        for v in _values(text)
        if v.kind != "name" and v.noun not in _NOT_A_FIGURE and not _in_draft(v, held_before, before)
    ]
    return bool(news) and not any(_in_draft(v, held_after, after) for v in news)


def holds_kind_of(text: str, new_text: str) -> bool:
    """Whether ``text`` holds a value of a kind ``new_text`` says (a sum for a sum, a date for a date)."""
    kinds = {v.kind for v in _values(new_text) if v.kind != "name"}
    return any(_compatible(v, _Value(kind, "", "", 0)) for v in _values(text) for kind in kinds if v.kind != "name")


def values_lost(text: str, new_text: str) -> bool:
    """Whether ``new_text`` in place of ``text`` would lose a figure, date or frequency ``text`` says."""
    held = _held({"": new_text})
    return any(v.kind != "name" and not _in_draft(v, held, {"": new_text}) for v in _values(text))


# A value said to be the old one ('instead of 27,400', 'rather than 500 m', 'not 18').
OLD_SAID = re.compile(rf"(?i)\b{REPLACED}\s+(?:the\s+)?\S*\d")


def _held(answers: dict[str, str]) -> dict[str, list[_Value]]:
    """Each answer's values, of every kind."""
    return {key: _values(text) for key, text in answers.items() if text}


def _values(text: str) -> list[_Value]:
    return _figures(text) + _dates(text) + _frequencies(text) + _names(text)


def swapped_values(
    message: str, answers: dict[str, str], placed: bool = True, partners: str = "", asked: bool = False
) -> list[Edit]:
    """The edits ``message`` asks for, read by the kinds of value it names (see the module's docstring); none when
    it does not clearly ask for one. ``placed``: a new value with no old one named is put in place of the only one of
    its kind, too, and with ``partners`` (the part that lists them) a name said to go is taken out of the part that
    holds it and a new one said to join is added there. ``asked``: the message is known to ask for a change (a value
    a phrase reader took from one), though it says no word of changing."""
    message = without_letter(message)
    if message.rstrip().endswith("?"):
        return []
    quoted = _quoted_out(message, answers)
    if quoted:  # "take out 'Here is the short version.'"
        return quoted
    changes, taken = _ranges_said_again(message, answers)  # '4 September to 12 November 2027' for '... to 29 October'
    if asked or CHANGE_CUE.search(message):
        changes, _ = _swapped(message, changes, placed, taken)
    edits = [Edit(key, text, "whole") for key, text in changes.items() if text != answers.get(key)]
    joined = _joined_or_gone(message, answers, partners) if placed and partners else []
    return edits + [e for e in joined if e.key not in {d.key for d in edits}]


def left_undone(message: str, answers: dict[str, str], after: dict[str, str]) -> bool:
    """Whether ``after`` (``answers`` with the edits read from the wording of ``message``) leaves out a new value that
    ``message`` names in place of one of ``answers`` ('Please put 31,200 where it says 27,400' read as '27,400')."""
    if message.rstrip().endswith("?") or not CHANGE_CUE.search(message):
        return False
    message = without_letter(message)
    ranged, taken = _ranges_said_again(message, answers)
    said = [message[a:b] for a, b in taken]
    _, news = _swapped(message, ranged, False, taken)
    held, text = _held(after), " ".join(after.values())
    return any(range_ not in text for range_ in said) or any(not _in_draft(new, held, after) for new in news)


def _swapped(
    message: str, answers: dict[str, str], placed: bool, taken: list[tuple[int, int]]
) -> tuple[dict[str, str], list[_Value]]:
    """``answers`` with each value ``message`` names (outside the spans ``taken``, already read) in place of the one
    it replaces (see the module's docstring), and the new values put in place of old ones it names."""
    changes, paired = dict(answers), []
    held = _held(changes)
    said = [
        v
        for v in _values(message)
        if not _kept(message, v) and _role(message, v) != "more" and not any(a <= v.start < b for a, b in taken)
    ]
    for kind, values in _groups(said):
        if kind == "name" and not _NAME_SWAP.search(message):
            continue
        olds = _distinct(v for v in values if _in_draft(v, held, changes) and _role(message, v) != "new")
        news = _distinct(v for v in values if not _in_draft(v, held, changes) and _role(message, v) != "old")
        if kind == "name" and len(news) > 1:  # of several, the one said where the replacement is
            news = [v for v in news if _NAME_SWAP.search(_sentence(message, v))]
        if kind == "name" and len(olds) > 1:  # of several, the one said to go ('X has had to pull out')
            olds = _said_to_go(message, olds)
        if kind == "date":
            olds = olds or _partial_dates(message, held)
        if kind == "frequency" and not any(_role(message, v) for v in olds + news):  # 'the weekly evening' is not
            continue  # replaced by 'a drop-in once a month' said of someone else: 'instead of', 'not', 'to' must say
        if len(news) != 1 or len(olds) > 1:
            continue
        new = news[0]
        if olds:
            if _compatible(new, olds[0]):
                changes = _replaced_everywhere(changes, olds[0], new)
                paired.append(new)
            continue
        if kind == "name" or not placed:
            continue
        place = _placed(message, new, changes)
        if place:
            key, old = place
            changes[key] = _with(changes[key], old, new)
    return changes, paired


def _said_to_go(message: str, names: list[_Value]) -> list[_Value]:
    """Of ``names``, the one just before words that say it goes ('Sinakoma Primary has had to pull out')."""
    gone = []
    for cue in GONE.finditer(message):
        before = [v for v in names if 0 <= cue.start() - (v.start + len(v.text)) <= 30]
        gone += before[-1:]
    return gone if len(gone) == 1 else []


def _sentence(message: str, value: _Value) -> str:
    starts = [0] + [m.end() for m in re.finditer(r"[.!?]\s+|\n", message) if m.end() <= value.start]
    end = re.compile(r"[.!?](?:\s|$)|\n").search(message, value.start + len(value.text))
    return message[max(starts) : end.end() if end else len(message)]


# A sentence or phrase the leader quotes to be taken out ("take out 'Here is the short version.'").
_QUOTED_TEXT = re.compile(
    r"(?:^|(?<=[\s(:]))['\u2018\u0022\u201c](?P<q>[^'\u2018\u2019\u0022\u201c\u201d\n]{3,300}?)['\u2019\u0022\u201d]"
    r"(?=[\s.,;:!?)\-\u2013\u2014]|$)"
)
_TAKE_OUT = re.compile(
    r"(?i)\b(?:take\w* (?:\w+ )?out|remov\w+|delet\w+|drop\w*|cut|strike|get rid of|lose|leave out)\b"
)


def _quoted_out(message: str, answers: dict[str, str]) -> list[Edit]:
    if not _TAKE_OUT.search(message):
        return []
    edits = []
    for m in _QUOTED_TEXT.finditer(message):
        quoted = m.group("q").strip()
        if len(quoted.split()) < 2:
            continue
        for key, text in answers.items():
            at = text.find(quoted) if quoted in text else text.find(quoted.rstrip(".!?"))
            if at >= 0:
                gone = quoted if quoted in text else quoted.rstrip(".!?")
                rest = (text[:at].rstrip() + " " + text[at + len(gone) :].lstrip(" .;,")).strip()
                edits.append(Edit(key, rest[:1].upper() + rest[1:] if not text[:at].strip() else rest, "whole"))
                break
    return edits


# A range of dates ('February - May 2026', '4 September to 29 October 2027').
_DATE_RANGE = re.compile(
    rf"(?i)\b(?P<a>(?:\d{{1,2}}{_ORDINAL}?\s+)?{MONTH}\.?(?:\s+{_YEAR})?)\s*(?:-|\u2013|\u2014|to|until|till|through)\s*"
    rf"(?P<b>(?:\d{{1,2}}{_ORDINAL}?\s+)?{MONTH}\.?\s+{_YEAR})\b"
)


def _ranges_said_again(message: str, answers: dict[str, str]) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """``answers`` with a range of dates of the draft replaced by one the message says that the draft does not hold:
    the range that starts where the new one does, or the draft's only range; and the spans of the message read."""
    changes, taken = dict(answers), []
    for said in _DATE_RANGE.finditer(message):
        if any(said.group(0) in text for text in answers.values()):
            continue
        drafted = [(key, m) for key, text in changes.items() for m in _DATE_RANGE.finditer(text)]
        same_start = [(k, m) for k, m in drafted if m.group("a").lower() == said.group("a").lower()]
        chosen = same_start if len(same_start) == 1 else drafted if len(drafted) == 1 and not same_start else []
        if chosen:
            key, old = chosen[0]
            changes[key] = changes[key][: old.start()] + said.group(0) + changes[key][old.end() :]
            taken.append(said.span())
    return changes, taken


def _joined_or_gone(message: str, answers: dict[str, str], partners: str) -> list[Edit]:
    """A name of the draft said to go, with no new name said ('The Parents' Forum comes off the partner list'): taken
    out of the part that lists partners, or of the one part that holds it; one new name said to join, with no name
    of the draft said to go ('Northfield Rotary Club will also help'): its sentence added to the partners."""
    held = _held(answers)
    names = _distinct(v for v in _names(message) if v.kind == "name")
    olds = [v for v in names if _in_draft(v, held, answers)]
    news = [v for v in names if not _in_draft(v, held, answers)]
    olds = olds if len(olds) == 1 else _said_to_go(message, olds)
    if len(olds) == 1 and GONE.search(message) and not (news and _NAME_SWAP.search(message)):
        name = olds[0].text
        holding = [k for k, text in answers.items() if name.lower() in text.lower()]
        key = partners if partners in holding else holding[0] if len(holding) == 1 else ""
        return [Edit(key, name, "remove")] if key else []
    if len(news) == 1 and _JOINS.search(message) and not GONE.search(message):
        said = next(s for s in re.split(r"(?<=[.!?])\s+", message) if news[0].text in s)
        return [Edit(partners, _ALSO.sub("", said).strip().rstrip("."), "append")]
    return []


def _groups(said: list[_Value]) -> list[tuple[str, list[_Value]]]:
    """The values said, by kind: figures by unit (a bare figure goes with the figures of the only unit said, if one
    is), dates, names."""
    figures = [v for v in said if v.kind.startswith("figure:")]
    units = sorted({v.kind for v in figures} - {"figure:number"})
    bare = [v for v in figures if v.kind == "figure:number"]
    groups = [("figure", [v for v in figures if v.kind == unit] + (bare if len(units) == 1 else [])) for unit in units]
    if len(units) != 1 and bare:
        groups.append(("figure", bare))
    return groups + [(kind, [v for v in said if v.kind == kind]) for kind in ("date", "frequency", "name")]


def _distinct(values) -> list[_Value]:
    seen: dict[tuple[str, str], _Value] = {}
    for v in values:
        seen.setdefault((v.kind.split(":")[0], v.key), v)
    merged = list(seen.values())
    # a figure said twice, once with its unit and once bare ('EUR 13,500 ... use 13,500'), is one value
    return [v for v in merged if not (v.kind == "figure:number" and any(o.key == v.key and o is not v for o in merged))]


def _in_draft(value: _Value, held: dict[str, list[_Value]], answers: dict[str, str]) -> bool:
    if value.kind == "name":  # said on its own or as part of a longer name ('UNICEF' in 'UNICEF North Macedonia')
        return any(_name_at(value.text, text) for text in answers.values())
    return any(v.key == value.key and _compatible(v, value) for values in held.values() for v in values)


def _name_at(name: str, text: str) -> re.Match | None:
    return re.search(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])", text)


def _partial_dates(message: str, held: dict[str, list[_Value]]) -> list[_Value]:
    """A date of the draft the message names by its month or its day alone ('not the one in May', 'not the 20th'),
    when exactly one date of the draft fits."""
    drafted = {v.key: v for values in held.values() for v in values if v.kind == "date" and v.key[:1].isdigit()}
    for pattern, fits in (
        (_DAY_ALONE, lambda m, key: key.split("-")[2] == str(int(m.group("day")))),
        (_MONTH_ALONE, lambda m, key: int(key.split("-")[1]) == _month(m.group("month"))),
    ):
        for m in pattern.finditer(message):
            matching = [v for key, v in drafted.items() if fits(m, key)]
            if len(matching) == 1:
                return [matching[0]]
    return []


def _replaced_everywhere(answers: dict[str, str], old: _Value, new: _Value) -> dict[str, str]:
    changed = dict(answers)
    for key, text in answers.items():
        if old.kind == "name":
            if _name_at(old.text, text):
                name = _whole_name(old.text, new.text, text)
                changed[key] = re.sub(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])", lambda _: new.text, text)
            continue
        for value in sorted(_held({key: text}).get(key, []), key=lambda v: -v.start):
            if value.key == old.key and _compatible(value, new) and value.kind.split(":")[0] == old.kind.split(":")[0]:
                changed[key] = _with(changed[key], value, new)
    return changed


def _whole_name(old: str, new: str, text: str) -> str:
    """The draft's name for ``old``: the longer name it opens, when the new name ends as that one does ('UNICEF North
    Macedonia' for 'UNICEF' when the new one is 'Save the Children North Macedonia')."""
    for name in _names(text):
        if name.text.startswith(old + " ") and new.endswith(name.text[len(old) :]):
            return name.text
    return old


def _with(text: str, old: _Value, new: _Value) -> str:
    """``text`` with ``old`` (found in it) replaced by ``new``: a figure's digits only when the new one is bare or in
    the same money (the draft keeps 'GBP' or 'per cent' as written), the whole value otherwise."""
    start = text.find(old.text, old.start) if text.find(old.text, old.start) >= 0 else text.find(old.text)
    if start < 0:
        return text
    said = new.text
    if old.kind.startswith("figure:") and old.figure and new.figure:
        bare = new.kind == "figure:number" or (new.kind == old.kind == "figure:money" and _same_money(old, new))
        if bare or new.kind == old.kind:
            said = old.text.replace(old.figure, new.figure, 1) if bare else new.text
    return text[:start] + said + text[start + len(old.text) :]


def _same_money(old: _Value, new: _Value) -> bool:
    return old.text.replace(old.figure, "").strip() == new.text.replace(new.figure, "").strip() or not re.sub(
        r"[\d,.\s]", "", new.text
    )


def _placed(message: str, new: _Value, answers: dict[str, str]) -> tuple[str, _Value] | None:
    """Where a new value with no old one goes: in place of the only one of its kind in the draft (a sum, a share, a
    a frequency, a length in the same unit), or for a bare count, the only count of the same thing ('20 residents'
    for '15 residents'); a date goes where :func:`_date_beside` puts it."""
    held = _held(answers).items()
    if new.kind == "date":
        return _date_beside(message, new, answers)
    if new.kind == "figure:number":
        alike = [
            (key, v) for key, values in held for v in values if v.kind == new.kind and new.noun and v.noun == new.noun
        ]
    else:
        alike = [(key, v) for key, values in held for v in values if v.kind == new.kind and new.kind != "name"]
    return alike[0] if len(alike) == 1 else None


_CLAUSE = re.compile(r"[.;\n]|\s[-\u2013\u2014\u2192]\s|,?\s+and\s+(?=(?:the|our|my|we|it|they)\b)", re.I)
_CHANGE_WORDS = frozenset({"move", "moved", "moves", "change", "changed", "date", "now", "slipped", "new", "instead"})


def _word_roots(text: str) -> set[str]:
    """The words of ``text`` that carry meaning, each by its first four letters ('decision' and 'decides' alike)."""
    words = re.findall(r"[a-z]{4,}", text.lower())
    return {w[:4] for w in words if w not in STOP_WORDS and w not in _CHANGE_WORDS and w not in _NOT_NAME_WORDS}


def _date_beside(message: str, new: _Value, answers: dict[str, str]) -> tuple[str, _Value] | None:
    """The date of the draft a new date replaces: the only one, or the one whose clause shares more words with the
    clause of the message that says the new date than any other does ('Cabinet has moved its decision to 21 March
    2028' replaces the date of 'the cabinet decides on 14 March 2028', not of 'the survey closes on 12 April 2028')."""
    dates = [(key, v) for key, values in _held(answers).items() for v in values if v.kind == "date"]
    if len(dates) <= 1:
        return dates[0] if dates else None
    said = _word_roots(_around(message, new))
    scored = sorted(
        ((len(said & _word_roots(_around(answers[key], v))), key, v) for key, v in dates), key=lambda s: -s[0]
    )
    return (scored[0][1], scored[0][2]) if scored[0][0] >= 1 and scored[0][0] > scored[1][0] else None


def _around(text: str, value: _Value) -> str:
    """The clause of ``text`` that says ``value`` (between full stops, semicolons, dashes and arrows), without it."""
    start, end = value.start, value.start + len(value.text)
    cuts = [0] + [m.end() for m in _CLAUSE.finditer(text) if m.end() <= start]
    ends = [m.start() for m in _CLAUSE.finditer(text) if m.start() >= end] + [len(text)]
    return text[max(cuts) : start] + " " + text[end : min(ends)]
