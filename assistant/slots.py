"""What a leader's answer holds: numbers with units, dates, sources, groups, partners, levels.

The interview validates each answer against the elements its question expects (named in the
workflow YAML under ``expects``) and the drafter composes the plan from what is extracted here.
The slots are plain pattern matching over the leader's own words, so the same answer always
gives the same slots and nothing depends on a language model. Whether an answer holds an element
is judged by its pattern and, when the coach turns it on, by meaning (:mod:`assistant.elements`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import elements, remarks
from .lexical import STOP_WORDS, tokenize
from .specificity import says_nothing, sentences
from .texting import CURRENCY, MONTH

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = MONTH
_YEAR = r"(?:19|20)\d\d"
_NUMWORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four|thirty-six)"


def rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# --- numbers and units ------------------------------------------------------------------------

UNITS = [
    ("%", r"\s?(?:%|per\s?cent|percent)"),
    ("per 100,000", r"\s*per\s+100[, ]?000"),
    ("per 10,000", r"\s*per\s+10[, ]?000"),
    ("per 1,000", r"\s*(?:per|in)\s+(?:1[, ]?000|thousand)"),
    ("days", r"\s*(?:working\s+)?days?\b"),
    ("weeks", r"\s*weeks?\b"),
    ("minutes", r"\s*(?:minutes?|mins?)\b"),
    ("hours", r"\s*(?:hours?|hrs?)\b"),
    ("months", r"\s*months?\b"),
    # physical measures an objective may be set in: air quality, emissions, energy, distance, weight
    ("ppb", r"\s*ppb\b"),
    ("ppm", r"\s*ppm\b"),
    ("µg/m³", r"\s*(?:µg|μg|ug|micrograms?)\s*(?:/|per)\s*(?:m3|m³|cubic met(?:re|er))s?\b"),
    ("tCO2e", r"\s*(?:tCO2e?|tonnes? (?:of )?CO2e?)\b"),
    ("tonnes", r"\s*(?:tonnes?|tons?)\b"),
    ("kg", r"\s*kgs?\b"),
    ("kWh", r"\s*kWh\b"),
    ("MWh", r"\s*MWh\b"),
    ("GWh", r"\s*GWh\b"),
    ("km", r"\s*(?:km|kilomet(?:re|er)s?)\b"),
    ("miles", r"\s*miles?\b"),
    ("litres", r"\s*(?:litres?|liters?)\b"),
]
# Money: a symbol, a symbol with its country ('NZ$', 'R$', 'US$') or an ISO code or common abbreviation.
_CURRENCY = (
    # 'K 35,000' (kina, kwacha), 'Q 480,000' (quetzal): a letter alone only with its sum
    rf"(?:[A-Z]{{1,2}}\$\s?|GH₵\s?|(?-i:[KQ])(?=[ \t]\d|\d{{1,3}},\d{{3}}|[ \t]?$)[ \t]?|[{CURRENCY}]|"
    r"(?:EUR|GBP|USD|KES|KSh|ZAR|INR|Rs\.?|NOK|SEK|DKK|ISK|CAD|AUD|NZD|CHF|"
    r"JPY|CNY|BRL|MXN|CLP|NGN|GHS|UGX|TZS|RWF|ETB|IDR|MYR|SGD|HKD|TWD|KRW|THB|VND|PKR|BDT|LKR|KZT|NPR|ZMW|PYG|CRC|"
    r"UAH|RUB|TRY|PHP|EGP|MAD|XOF|XAF|ZMK|MNT|AMD|GEL|AZN|UZS|KGS|TJS|MUR|FJD|PGK|BZD|TTD|JMD|DOP|HNL|GTQ|UYU|MKD|RSD|"
    r"HUF|PLN|CZK|BGN|MDL|XCD|BWP|MWK|MZN|AOA|SCR|MVR|AED|QAR|OMR|KWD|BHD|JOD|ILS|IQD|AFN|MMK|KHR|LAK|BND|WST|SBD|XPF)\s?)"
)
_NUM = r"\d[\d,]*(?:\.\d+)?"
_MEASURE = rx(rf"(?<![\w.]){_CURRENCY}?({_NUM})\s*(k|m|bn|million|billion|crore|lakh)?\b")
_NOT_A_MEASURE = rx(
    # a reference ('SDG target 11.6', 'option 2'), not a figure with a unit ('target 50%')
    rf"\b(?:SDG|target|goal|article|section|point|indicator|option|number|no\.?|measure|priority|ward|phase|tier|level|step|stage)s?\s+[\d.]+(?![\d.])[a-z]?"
    r"(?!\s?(?:%|per\s?cent\b|percent\b))|"
    rf"\b{_YEAR}(?:[/-]\d\d(?:\d\d)?)?\b(?!\s*(?:%|per\b))|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\bQ[1-4]\b"
    r"|['\u2018\u2019]\d\d\b(?!\s*(?:%|per\b))"  # a year in two digits: 'Jan '27', 'Q2 '28'
)


@dataclass
class Quantity:
    value: str  # as written, e.g. "68", "4.1", "1,200"; in figures for one written in words
    unit: str  # "%", "per 1,000", "days", "GBP", "number", ...
    text: str  # the matched text, e.g. "68%"
    in_words: bool = False  # 'two in three', 'a quarter', 'ten thousand': shown as the leader wrote it

    def render(self) -> str:
        if self.in_words:  # mid-sentence in a draft: 'from two in three to three in four'
            return self.text[:1].lower() + self.text[1:]
        if self.unit == "%":
            return f"{self.value}%"
        if self.unit in ("number", ""):
            return self.value
        if self.unit == "GBP":
            return self.text.strip()
        return f"{self.value} {self.unit}"


_DENOMINATOR = rx(r"\b(?:per|in)\s+(1[, ]?000|10[, ]?000|100[, ]?000|thousand)\b")
_RATE_AHEAD = rx(r"^(?:\s+[a-z][\w'-]*){1,4}?\s+(?:per|in)\s+(?:100[, ]?000|10[, ]?000|1[, ]?000|thousand)\b")


# Figures in words: ratios ('two in three', '1 out of 4'), fractions ('a third of', 'by half',
# 'three quarters'), multiples ('halve', 'double the', 'three times as many') and numbers from ten
# up ('twenty-five', 'ten thousand'). One to nine are figures only with a unit ('nine days'); alone
# they are ordinary words ('one of our priorities'), and so are 'once a quarter', 'a third party'
# and 'the second half of November'.
_ONES = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9}
_WORD_VALUES = {w: n for n, w in enumerate(_ONES, 1)} | {w: n for n, w in enumerate(_TEENS, 10)}
_WORD_VALUES |= {w: n for n, w in zip(range(20, 100, 10), _TENS, strict=True)} | {"a": 1, "zero": 0}
_SMALL = rf"(?:{'|'.join(_ONES + _TEENS)}|(?:{'|'.join(_TENS)})(?:[- ](?:{'|'.join(_ONES)}))?)"
_CARDINAL = rx(  # not inside a compound of words ('a three-sixty review', 'catch-twenty-two')
    rf"(?<![\w-])(?<!one in )(?:zero(?![- ](?:based|hours?|tolerance|sum)\b)"
    rf"|(?:{'|'.join(_ONES)})(?=\s+(?:working\s+)?(?:days?|weeks?|months?|hours?|minutes?|per\s?cent|percent)\b)"
    rf"|(?:a|{_SMALL})(?:\s+point(?:\s+(?:zero|{'|'.join(_ONES)}))+|\s+and\s+a\s+half)?\s+(?:hundred|thousand|million|billion)"
    rf"(?:\s+(?:thousand|million))?(?:,?\s+(?:and\s+)?{_SMALL}\s+hundred)?(?:\s+and\s+{_SMALL}\b)?"
    rf"|a\s+couple\s+of\s+(?:hundred|thousand)|(?:a|half\s+a|{_SMALL})\s+dozen"
    r"|half\s+a\s+(?:hundred|thousand|million|billion)"
    rf"|(?:{'|'.join(_TEENS)}|(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(_ONES)}))?))\b"
)
_RATIO = rx(
    rf"\b(?P<a>\d{{1,3}}|{'|'.join(_ONES + _TEENS)})\s+(?:in|out\s+of)(?:\s+every)?\s+"
    rf"(?P<b>\d{{1,3}}|{_SMALL}|a\s+hundred)\b"
    r"(?!\s*(?:years?|months?|weeks?|days?|hours?|minutes?|times?)\b)"
)
_FRACTION = rx(
    r"\b(?:(?P<n>two|three|four)[\s-]+(?P<plural>thirds|quarters|fifths|tenths)"
    r"|(?:(?P<art>a|one)\s+)?(?P<one>half|third|quarter|fifth|tenth))\b(?!-)"
)
_FRACTION_VALUES = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_BEFORE_A_FRACTION = {"by", "to", "in", "than", "about", "around", "nearly", "almost", "roughly", "over", "under"}
_BEFORE_A_FRACTION |= {"least", "some", "just", "only", "cut", "halve", "reduce", "reduced", "fall", "fell", "drop"}
_MULTIPLE = rx(
    r"\b(?:(?P<half>halve[sd]?|halving)|(?P<verb>doubled|doubles|doubling|trebled|trebles|trebling|tripled|triples|tripling)"
    r"(?!\s+down)|(?P<bare>double|treble|triple)(?=\s+(?:the|our|its|their|what|that|it|them|this)\b)"
    # a verb where a verb goes ('to double uptake', 'Double flu jab uptake.'), not 'double yellow lines'
    r"|(?:(?<=\bto\s)|(?<=\bwill\s)|(?<='ll\s)|(?<=\bmust\s)|(?<=\bshould\s)|(?<=\bcould\s)|(?<=\bcan\s)"
    r"|(?<=\bwe\s)|(?<=\band\s)|(?<=[.!?;:]\s)|(?<=^)|(?<=\n)|(?<=^-\s)|(?<=\n-\s))(?P<verb2>double|treble|triple)"
    r"(?=\s+(?!(?:check|checks|checked|checking|count|counted|counting|glazing|glazed|dip|dipping|booked|booking|"
    r"parked|parking|up|back|down|over|as|yellow|lines?|decker|lock|zero|figures|digits|standards?|whammy|act|agent)\b)[a-z])"
    rf"|(?P<n>\d+|twice|{_SMALL})\s+times\s+(?:as\s+(?:many|much|likely|often)|more|the)|twice\s+as\s+(?:many|much|likely|often)"
    r"|twice(?=\s+(?:the|what|our|its|their|that|this)\b))\b"
)
_NOT_A_FRACTION_AFTER = rx(
    r"^\s+(?:party|parties|sector|way|time|term|round|option|years?|phase|wave|tier|place|reading|person|day)\b"
)


def small_number(text: str) -> int | None:
    """The whole number ``text`` is, in digits or one word ('4', 'four', 'Twenty'), else None."""
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    value = _WORD_VALUES.get(text)
    return value if value and text != "a" else None


def number_in_words(value: int) -> str:
    """'4' as 'four' (up to twenty, and the tens); other numbers in digits."""
    words = {n: w for w, n in _WORD_VALUES.items() if w not in ("a", "zero")}
    return words.get(value, str(value))


def _spoken_number(words: str) -> float:
    total: float = 0
    current: float = 0
    place = 0.0  # after 'point': the value of the next digit ('three point eight million')
    for n, word in enumerate(re.split(r"[\s-]+", words.lower().replace(",", " "))):
        if word == "a" and n:
            continue  # 'two and a half': the 'a' of 'a half'
        if word == "point":
            place = 0.1
            continue
        if place and word in _WORD_VALUES:
            current, place = current + _WORD_VALUES[word] * place, place / 10
            continue
        place = 0.0
        if word == "dozen":
            current = (current or 1) * 12
        elif word == "couple":
            current = 2
        elif word == "half":
            current = current + 0.5 if current else 0.5
        elif word in _SCALES:
            if _SCALES[word] == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * _SCALES[word]
                current = 0
        else:
            current += _WORD_VALUES.get(word, 0)
    return total + current


def _figure(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _share(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}".removesuffix(".0")


def _multiple(m: re.Match) -> str:
    word = (m.group("verb") or m.group("bare") or m.group("verb2") or m.group("n") or "twice").lower()
    if m.group("half"):
        return "0.5"
    if word == "twice" or word.startswith("doubl"):
        return "2"
    if word.startswith(("treb", "trip")):
        return "3"
    return word if word.isdigit() else _figure(_spoken_number(word))


def _fraction(m: re.Match, masked: str) -> str:
    """The share a fraction names ('a third' -> '33.3'), or '' when the words are not a figure."""
    if m.group("plural"):
        return _share(_WORD_VALUES[m.group("n").lower()], _FRACTION_VALUES[m.group("plural").lower()[:-1]])
    before = re.findall(r"[a-z]+", masked[max(0, m.start() - 20) : m.start()].lower())[-1:]
    after = masked[m.end() : m.end() + 12]
    half = m.group("one").lower() == "half"
    of_follows = re.match(
        r"\s+(?:of|the|our|their|its|your|all|those|these|fewer|less|more|lower|higher)\b", after, re.I
    ) and not re.match(r"\s+the\s+(?:time|battle|story|fun|problem|picture)\b", after, re.I)
    if _NOT_A_FRACTION_AFTER.match(after) or (not m.group("art") and not half):
        return ""
    if not (before and before[0] in _BEFORE_A_FRACTION or of_follows and before[:1] != ["the"]):
        return ""
    if half and before and before[0] in ("first", "second", "last", "latter", "other", "each", "every"):
        return ""
    return _share(1, _FRACTION_VALUES[m.group("one").lower()])


def _in_a_name(text: str, start: int) -> bool:
    """Whether the word at ``start`` is capitalised inside an ordinary sentence, as in a name
    ('Section Seventeen', 'Triple Zero'); a capital after a full stop, at the start of a line or item,
    in a Title Case heading or a word in capitals for emphasis ('DOUBLE') does not count."""
    word = re.match(r"[A-Za-z]+", text[start:])
    if not text[start].isupper() or (word and len(word.group(0)) > 2 and word.group(0).isupper()):
        return False  # 'We want to DOUBLE it': capitals for emphasis, not a name
    before = text[max(0, start - 40) : start].rstrip(" \t")  # a window: long text stays linear
    if not before or before[-1] in ".!?:;\n-*•#>(\"'“‘]":  # ']': after a time stamp, '[00:12] Ten lessons'
        return False
    line_start = max(text.rfind("\n", max(0, start - 200), start) + 1, start - 200)
    line_end = text.find("\n", start, start + 200)
    line = text[line_start : line_end if line_end >= 0 else start + 200]
    return bool(re.search(r"(?<![\w'])[a-z]{4,}\b", line))


def _figures_in_words(masked: str) -> list[tuple[int, int, str, str]]:
    """(start, end, value, unit) of the figures ``masked`` writes in words, in text order; where
    two readings overlap, the first kind wins (ratio, multiple, number, fraction)."""
    found: list[tuple[int, int, str, str]] = []
    taken = bytearray(len(masked) + 1)

    def add(m: re.Match, value: str, unit: str) -> None:
        if value and not taken[m.start()] and not _in_a_name(masked, m.start()):
            found.append((m.start(), m.end(), value, unit))
            taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())

    for m in _RATIO.finditer(masked):
        a, b = (int(x) if x.isdigit() else _spoken_number(x) for x in (m.group("a"), m.group("b")))
        add(m, _share(a, b) if 0 < a < b else "", "%")
    for m in _MULTIPLE.finditer(masked):
        add(m, _multiple(m), "times")
    for m in _CARDINAL.finditer(masked):
        add(m, _figure(_spoken_number(m.group(0))), "number")
    for m in _FRACTION.finditer(masked):
        if not taken[m.start()]:
            add(m, _fraction(m, masked), "%")
    return sorted(found)


def quantities(text: str) -> list[Quantity]:
    """Measured quantities in ``text``: numbers that are not years, dates, SDG targets or the
    denominator of a rate ('per 1,000'); a rate's unit may follow a few words later. Figures
    written in words count too (:func:`_figures_in_words`)."""
    masked = _NOT_A_MEASURE.sub(lambda m: " " * len(m.group(0)), text)
    masked = _DENOMINATOR.sub(lambda m: m.group(0)[: m.start(1) - m.start()] + "#" * len(m.group(1)), masked)
    units = dict(UNITS)
    found: list[tuple[int, Quantity]] = []
    blanked = list(masked)
    for start, end, value, unit in _figures_in_words(masked):
        if unit == "number":
            for name, pattern in UNITS:
                if after := re.match(pattern, text[end : end + 40], re.I):
                    unit, end = name, end + after.end()
                    break
        found.append((start, Quantity(value, unit, text[start:end].strip(), in_words=True)))
        blanked[start:end] = " " * (end - start)
    masked = "".join(blanked)
    for match in _MEASURE.finditer(masked):
        value = match.group(1).rstrip(",.")
        rest = text[match.end(1) : match.end(1) + 80]  # a unit, or a rate a few words on
        prefix = masked[match.start() : match.start(1)]
        unit = "number"
        if re.search(_CURRENCY + r"\s?$", prefix, re.I):
            unit = "GBP"
        else:
            for name, pattern in UNITS:
                if re.match(pattern, rest, re.I):
                    unit = name
                    break
            else:
                ahead = _RATE_AHEAD.match(rest)
                if ahead:
                    unit = next(
                        name
                        for name, pattern in UNITS
                        if name.startswith("per") and re.search(pattern + r"\b", ahead.group(0), re.I)
                    )
        end = match.end()
        unit_match = re.match(units[unit], rest, re.I) if unit not in ("number", "GBP") else None
        if unit_match:
            end = match.end(1) + unit_match.end()
        found.append((match.start(), Quantity(value, unit, text[match.start() : end].strip())))
    return [q for _, q in sorted(found, key=lambda pair: pair[0])]


def numbers_in(text: str) -> set[str]:
    """Every number written in ``text`` (normalised: no thousands separators), years included, and
    the figures it writes in words ('a third' as 33.3, 'ten thousand' as 10000: :func:`quantities`)."""
    found = {n.replace(",", "").rstrip(".") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)}
    return found | {value for _, _, value, _ in _figures_in_words(text)}


# --- dates ----------------------------------------------------------------------------------------

_DATE = rx(
    rf"\b(?:by|before|until|in|from|end of|start of|during|for)?\s*(?:(?:the\s+)?(?:end|start|spring|summer|autumn|"
    rf"winter)\s+(?:of\s+)?)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\s+{_YEAR}\b|"
    rf"\b(?:by|before|until|in|from)?\s*(?:the\s+)?(?:spring|summer|autumn|winter)\s+(?:of\s+)?{_YEAR}\b|"
    # said relative to today, kept in the leader's words (a year worked out here would be a figure nobody gave)
    r"\b(?:by|before|until|in)?\s*(?:this time next year|(?:the\s+)?end of (?:next|this|the) "
    r"(?:financial |school |academic |calendar )?year|next (?:spring|summer|"
    r"autumn|fall|winter|january|february|march|april|may|june|july|august|september|october|november|december))\b|"
    rf"\b(?:by|before|until|in|from)\s+(?:the\s+end\s+of\s+)?{_YEAR}(?:[/-]\d\d)?\b|"
    rf"\b{_YEAR}[/-]\d\d\b|\b{_YEAR}\b|\bQ[1-4]\s*{_YEAR}\b|\bFY\s?\d{{2,4}}(?:[/-]\d\d)?\b|"
    # a year in two digits after an apostrophe ('Mar '28', 'Q2 '27')
    rf"\b(?:by|before|until|in|from)?\s*(?:{_MONTH}\.?|Q[1-4])\s+['\u2019]\d\d\b|"
    rf"\bwithin\s+(?:\d+|{_NUMWORDS})\s+(?:days|weeks|months|years)\b|"
    rf"\bin\s+(?:\d+|a|one|{_NUMWORDS})\s+(?:weeks?|months?|years?)(?:'?s?\s+time)?\b|"
    rf"\b(?:over|in)\s+the\s+next\s+(?:\d+|{_NUMWORDS})\s+(?:weeks|months|years)\b"
)
# When a figure was measured, as a leader says it after the figure: 'in 2025/26', 'on 30 September 2026',
# 'as of March 2026', 'last year'.
MEASURED_WHEN = rx(
    rf"\b(?:in|for|at|on|as (?:of|at)|during)\s+(?:the\s+)?(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\s+)?"
    rf"{_YEAR}(?:[/-]\d\d(?:\d\d)?)?\b(?:\s+(?:(?:bathing|school|financial|academic|tax|calendar)\s+)?"
    r"(?:season|year|census|survey|count|return)\b)?|"
    r"\b(?:last|this) (?:year|quarter|month|financial year|school year)\b"
)
_PERIOD = rx(
    rf"{_DATE.pattern}|\b(?:every|each)\s+(?:\d+\s+|{_NUMWORDS}\s+)?(?:weeks?|months?|quarters?|years?)\b|\bquarterly\b|\bannual(?:ly)?\b|"
    rf"\bmonthly\b|\bweekly\b|\bafter\s+(?:\d+|{_NUMWORDS}|the first|a)\s+(?:weeks?|months?|years?)\b|"
    rf"\b(?:after|every|each)\s+(?:the\s+)?(?:first\s+|second\s+)?(?:winter|summer|spring|autumn|term|school year|"
    rf"financial year)\b|\b(?:\d+|"
    rf"{_NUMWORDS})[- ](?:weeks?|months?|years?)\b|"
    rf"\bmid-?(?:point|way)\b|\bhalf[- ]way\b|\bsix[- ]monthly\b"
    rf"|\b(?:by|in|from|until|before|after|end of|mid-?)\s*(?:the\s+end\s+of\s+)?{_MONTH}\b"
    rf"|\b{_MONTH}\s*(?:to|-|–|until)\s*{_MONTH}\b|\b(?:for|over)\s+(?:\d+|{_NUMWORDS})\s+(?:days|weekends)\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b|\byearly\b|\btermly\b|\bnext year\b"
    rf"|\b(?:before|after|by|until)\s+(?:christmas|easter|the (?:school )?holidays|the (?:election|budget))\b"
)


def dates(text: str) -> list[str]:
    return [" ".join(m.group(0).split()) for m in _DATE.finditer(text)]


# 'by the end of the' just before a date: what the date is said with when the phrase has more after the date ('by the
# end of the October 2027 campaign')
_DUE_SAID = rx(r"^\s*(by|before|until|within)\b")  # a date found with its own 'by'
_DUE_BEFORE = rx(r"\b(?:by|before|until)(?:\s+the)?(?:\s+(?P<edge>end|start|close)\s+of(?:\s+the)?)?\s*$")


def due(text: str, match: re.Match) -> str:
    """How a date found in ``text`` is said as a deadline: '' when it is not one, 'by' ('by March 2027', 'before
    the October 2027 campaign'), or 'by the end of' ('by the end of the October 2027 campaign')."""
    said = _DUE_SAID.match(match.group(0))
    if said:
        return said.group(1).lower()
    before = _DUE_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
    if not before:
        return ""
    return f"by the {before.group('edge').lower()} of" if before.group("edge") else "by"


def deadline(text: str) -> str:
    """The target date in ``text``, phrased to follow the figure: 'by March 2027', 'within 18 months'. Of several,
    the first said as a deadline ('twice what we had in 2024, by the end of the October 2027 campaign': by the end of
    October 2027), else the first with a year ('registered within 90 days by the end of June 2029': June 2029)."""
    found = list(_DATE.finditer(text))
    dated = [m for m in found if re.search(rf"{_YEAR}|['\u2019]\d\d\b", m.group(0))]
    firm = next((m for m in dated if due(text, m)), None)
    if firm and not _DUE_SAID.match(firm.group(0)):
        return f"{due(text, firm)} {' '.join(firm.group(0).split())}"
    match = firm or next(iter(dated), found[0] if found else None)
    if not match:
        return ""
    phrase = " ".join(match.group(0).split())
    if re.match(r"(?i)(by|before|until|within|over|in the next|in (?:\w+) (?:weeks?|months?|years?))\b", phrase):
        return phrase[0].lower() + phrase[1:]
    phrase = re.sub(r"(?i)^(in|from|during|for)\s+", "", phrase)
    if re.match(r"(?i)(the\s+)?(end|start|spring|summer|autumn|winter)", phrase):
        return f"by {phrase[0].lower() + phrase[1:]}"
    return f"by {phrase}"


# --- the other elements an answer may hold ------------------------------------------------------

SOURCE = rx(
    r"\b(survey|return|records?|data(?:set|base)?|system|census|report|audit|register|dashboard|statistics|stats|"
    r"count|counts|monitoring|figures|according to|source[ds]?|measured|published|ons|nhs digital|ascof|phof|"
    r"snapshot|analysis|log|logs|case management|crm|benchmark|inspection|annual|quarterly|our own|we track|we record|"
    r"from the|per (?:the|our|their|its|last|this|latest)|trackers?|tracking|based on|going by)\b"
)
GROUP = rx(
    r"\b(residents?|households?|citizens?|people|persons|users?|patients?|pupils?|students?|learners?|child(?:ren)?|kids|famil(?:y|ies)|"
    r"parents?|businesses|firms|employers|tenants?|visitors?|carers?|communit(?:y|ies)|customers?|claimants?|applicants?|"
    r"drivers?|passengers?|commuters?|cyclists?|pedestrians?|young|older|elderly|adults?|women|men|girls|boys|veterans?|"
    r"victims?|offenders?|rough sleepers?|homeless|refugees?|migrants?|taxpayers?|traders?|farmers?|workers?|"
    r"jobseekers?|"
    r"graduates?|school leavers?|care leavers?|smokers?|mothers?|babies|infants?|teenagers?|neighbourhoods?|over[- "
    r"]?\d\ds|"
    r"aged \d+|under[- ]?\d+s?|\d+\+|leaders?|staff|nurses?|officers?|kids|toddlers|"
    r"\d+\s?(?:-|to)\s?\d+[- ]year[- ]olds|home-?owners?|(?:property |car |pet |dog |business )?owners?|occupiers?|"
    r"landlords?|builders?|developers?|motorists?|shoppers?|swimmers?|walkers?|holders?|subscribers?)\b"
)
# People named by what they do: 'anyone applying for a permit', 'those who rent', 'households renewing a pass'.
_PEOPLE_DOING = rx(
    r"\b(?:[a-z]+s|anyone|everyone|those) (?:who|applying|using|needing|living|waiting|trying|reporting|renewing|"
    r"claiming|looking|booking|paying)\b"
)
ORGANISATION = rx(
    r"\b(team|teams|service|services|trust|council|councils|charit(?:y|ies)|partners?|police|schools?|college|university|nhs|gps?|"
    r"housing associations?|landlords?|business(?:es)?|employers?|department|ministry|agency|agencies|board|residents|"
    r"volunteers|"
    r"staff|unions?|voluntary|community groups?|providers?|contractors?|suppliers?|hospital|clinic|practice|"
    r"commissioners?|"
    r"authority|authorities|government|office|sector|chamber|federation|association|network|forum|foundation|bank|company|"
    r"operators?|crews?|officers|nurses|doctors|teachers|librar(?:y|ies|ians)|ict|(?-i:IT)|digital|finance|"
    r"legal|tenants?|surveyors?|contact cent(?:re|er)|environmental health|wardens?|inspectors?|panels?|groups|"
    r"\w*(?:therap|pharmac|psycholog|dent|special|optometr|audiolog|economi|scient)ists|\w+ workers|"
    r"health visitors|practitioners|pharmac(?:y|ies)|councillors|governors|managers|carers)\b"
)
PRIORITY = rx(
    r"\bsdgs?\b|sustainable development|\bpriorit|\bplan\b|\bstrateg|\bmission|\bgoal|\boutcome|manifesto|programme "
    r"for government|"
    r"corporate|pledge|commitment|\bframework|ambition|well-?being|\bvision|\bobjective|\bagenda|\bcompact|\bcharter|\bact\b|\bpolicy"
)
LEVELS = ("inform", "consult", "involve", "collaborate", "empower")
# Each level's own name, then what describes it in other words; the names come first (level_of).
_LEVEL_NAMES = {
    "empower": r"empower\w*",
    "collaborate": r"collaborat\w*",
    "involve": r"involv\w*",
    "consult": r"consult\w*",
    "inform": r"inform(?:ing|ed)?\b|information only",
}
_LEVEL_WORDS = {
    "empower": r"(?:residents|citizens|participants|the public|tenants|young people|the panel|the assembly|"
    r"the jury) (?:will |would |can )?(?:decide|have the final (?:say|decision)|get the final (?:say|decision)|"
    r"make the final decision)|binding (?:vote|decision)|final say",
    "collaborate": r"co-?design\w*|co-?produc\w*|co-?creat\w*|partnership with residents",
}
_LEVEL_OPENING = rx(
    r"^\W*(?:(?:i think|probably|maybe|definitely|we'?d say|it'?s|it is|level is)\s+)?['\"]?"
    rf"({'|'.join(_LEVEL_NAMES.values())})['\"]?\s*(?:[.:;,!–—-]|$)"
)
PROMISE = rx(
    r"\bwe will\b|\bwe'll\b|\bpromise|\bcommit|\bguarantee|\byou will\b|\bparticipants will\b|\bthey will\b|"
    r"\bbinding\b|"
    r"\breport back|\bimplement|\b(?:tell|show|let) (?:them|people|residents|participants|everyone|you) (?:know )?"
    r"(?:how|what|why)|\bfeed(?:back)? (?:into|back)|\bshow how|\bexplain how|\btake (?:their|your) views|"
    r"\bdecide|\bpledge|\bundert(?:ake|aken|aking|ook)|without (?:their|your) (?:sign-?off|agreement|approval|consent)|"
    r"\bsign-?off|\bequal votes?|\bveto|"
    r"\b(?:the|our) (?:[\w-]+ ){1,4}will (?:work|publish|use|consider|reflect|respond|adopt|involve|listen|share|"
    r"explain|show|take|act|follow|accept|fund|build)\b|"
    r"\breflect (?:their|your|people'?s|residents'?) (?:concerns|views)|"
    r"\bshow(?:ing)? (?:how|what|why)\b"
)
CONTRIBUTES = rx(
    r"\b(brings?|contribut\w*|provides?|offers?|funds?|funding|gives?|supplies|lends?|donates?|staff|data|reach|"
    r"premises|space|money|expertise|volunteers?|in[- ]kind|buildings?|venues?|rooms?|kit|equipment|wifi|tutors?|"
    r"referrals?|caseworkers?|skills|knowledge|vehicles?|grants?|coaches|mentors?|land|pays?|members)\b"
)
BENEFITS = rx(
    r"\b(gets?|gains?|benefits?|receives?|in return|access to|profile|recognition|reputation|credit|insight|recruits|"
    r"visibility|"
    r"customers|talent|pipeline|meets? (?:its|their)|helps? (?:them|it)|wins?|share of|pays? back|saves?|pay-?offs?|"
    r"in exchange|upside|(?:hits?|reach\w*) (?:its|their)|lands?|cuts?|fewer|secures?|outcomes for)\b"
)
DECIDER = rx(
    r"\b(board|steering|group|committee|chair\w*|decid\w*|decision|final (?:say|word)|vote|sign(?:s|ed)?[- ]off|"
    r"cabinet|minister|director|"
    r"lead member|executives?|chief execs?|head of \w+|consensus|majority|veto|panel|memorandum|mou|terms of reference|"
    r"approv\w*|disagreements? (?:go|goes|are taken) to|escalat\w* to)\b"
)
RISK = rx(
    r"\b(risks?|conflicts? of interest|dependen\w*|reputation\w*|data breach|privacy|overspend|delay|drop[- ]?out|"
    r"capture|"
    r"los(?:e|es|ing)|lost|loss|fail\w*|withdraw\w*|cost|burn(?:s|ing|t|ed)? ?out|greenwash\w*|leak\w*|fraud|"
    r"turnover|breach\w*|evict\w*|drop(?:s|ping|ped)? out|"
    # the same harms in every form: 'volunteers burning out and walking away', 'the trust pulling the nurse'
    r"pull(?:s|ing|ed)? (?:out|back|the|their|its|our|funding|staff|support)|collaps\w*|(?:falls?|falling|fell) "
    r"through|walk(?:s|ing|ed)? (?:away|out)|(?:go(?:es|ing)?|went) bust|mishandl\w*|backlash|complaints?|"
    r"legal challenge|bad press|bids? for|depends? on|reliant|relies on|relian\w*|not renewed|(?:is|are)n't renewed|"
    r"dominat\w*|laps\w*|lock-?in|trustees? of|sits? on both)\b"
    # a risk in plain words: 'if the grant isn't renewed', 'the charity could fold'
    r"|\bif\b.{3,80}?\b(?:isn't|aren't|doesn't|don't|won't|can't|fails?|stops?|leaves?|drops?|spikes?|collapses?|"
    r"loses?|runs? out|cuts?|closes?|goes under|folds?|ends?|"
    r"freezes?|vanish\w*|pulls?)\b"
    r"|\b(?:could|might|may)\s+(?:\w+\s+){0,3}?(?:fold|fail|collapse|leave|quit|walk|pull|withdraw|lose|breach|leak|"
    r"stall|slip|overrun|vanish|freeze|dry up|cut|sell|close|drop|evict)\b"
    # what a partner may not do or may do instead ('employers may only want the easiest candidates'), and
    # the data risk named as the sharing itself
    r"|\b(?:could|might|may)\s+(?:only|not|never|no longer|refuse|struggle|end up|lose|stop|cherry-?pick|take over|"
    r"dominate)\b|\bdata[- ]sharing\b|\bshar\w* (?:personal |sensitive |their |residents' |patients' )?data\b"
)
HANDLING = rx(
    r"\b(mitigat\w*|handle|manage|by |through|agree\w*|clause|policy|declar\w*|register|monitor\w*|cap\w*|limit\w*|"
    r"back-?up|fall-?back|steps? in|sign(?:s|ed)? up to|named (?:lead|contact|officer)|"
    r"insur\w*|contingenc\w*|escalat\w*|review\w*|if .{0,60}(?:then|we)|so that|plan b|exit|break clause|audit|"
    r"rotat\w*|publish\w*|flag\w*|absorb\w*|insist\w*|exclud\w*|we'll|we will|notice)"
)
ENDING = rx(
    r"\b(exit|end|ends|ending|hand(?:ed)?[- ]over|handover|wind(?:s)? down|clos(?:e|es|ed|ing)|sunset|scale|transfer|"
    r"mainstream\w*|into (?:the |our |their )?(?:next |new )?(?:\w+ )?contracts?|disband\w*|"
    r"spin[- ]out|"
    r"renew|stop|absorb\w*|embed\w*|taken over|continue|sustain\w*|notice|leav\w*|"
    r"becom(?:e|es|ing) (?:a |an |the )?(?:\w+ )?part of|"
    r"(?:be|is|are) (?:made |now )?(?:a |an )?(?:\w+ )?part of|keeps? (?:\w+ ){0,3}going|carr(?:y|ies) on|"
    r"becom(?:e|es|ing) (?:the |a |an |our |their )?(?:[\w'’-]+ ){0,4}(?:policy|practice|service|programme|routine|"
    r"standard)|"
    r"tak(?:e|es) (?:it |them |this )?over|"
    r"core (?:offer|service|budget)|fold(?:ed)? into|grow|wind(?:s)? (?:it |this |them )?up|step(?:s|ping)? back|"
    r"withdraw\w*|phas(?:e|es|ed|ing) (?:it |this )?out|ongoing service|permanent\w*|business as usual|"
    r"(?:its|their) own (?:\w+ )?(?:income|funding|funds|budget|money|resources)|"
    r"(?:should|will|would) (?:then )?(?:run|manage|own|fund|lead|maintain) (?:it|them|this|the)\b)\b"
)
RECRUITMENT = rx(
    r"\b(recruit\w*|invit\w*|random\w*|lottery|sortition|stratif\w*|sampl\w*|select\w*|open call|outreach|sign[- ]?up|"
    r"advertis\w*|door[- ]?knock\w*|letters?|through (?:schools|charities|community groups)|word of mouth|leaflet\w*|"
    r"social media|posters?|mailout|reach(?:ed|ing)? (?:them |out )?(?:through|via|at|by)|flyers?|ads|adverts?|"
    r"newsletters?|databases?|mailing lists?|street (?:teams?|surveys?|stalls?)|by lot|drawn|picked at random|"
    r"electoral roll|civic lottery|via|notices|door[- ]to[- ]door|visits|announcements?|radio|loudhailers?|"
    r"through (?:the )?(?:\w+ )?(?:associations?|councillors?|forums?|networks?|groups?|charit\w+|schools?|clubs?))\b"
)
# What is done so people can take part: access, languages, support, the places people already go.
_ACCESS = (
    r"accessib\w*|languages?|translat\w*|interpret\w*|easy read|childcare|bsl|sign language|large print|offline|"
    r"paper|travel costs?|vouchers?|paid|incentives?|evening|weekend|step-free|hearing loop|transport (?:provided|"
    r"laid on|paid)|food (?:provided|shared)|meals? provided|marae|culturally (?:safe|appropriate)|(?:women's|youth|"
    r"faith|carers'?|disability|deaf|refugee|migrant|pensioners'?|older people's) (?:groups?|clubs?|forums?|centres?|"
    r"networks?)|mosques?|gurdwaras?|temples?|churches|synagogues?|youth clubs?|day centres?|food banks?|"
    r"community languages"
)
INCLUSION = rx(
    r"\b(seldom[- ]heard|hard[- ]to[- ]reach|disab\w*|older people|young people|minorit\w*|digital(?:ly)? exclu\w*|"
    rf"carers?|ethnic|first nations|aboriginal|indigenous|m[aā]ori|iwi|travellers?|{_ACCESS})\b"
)
# Seldom-heard groups named as the ones missed ('we always miss disabled residents', 'the seldom-heard
# here are ...'), and what is done to reach people: a statement of the first counts as inclusion only
# when the second follows it.
_MISSED = rx(
    r"\bseldom[- ]heard\b|\bhard[- ]to[- ]reach\b|\b(?:we|they)\s+(?:always\s+|often\s+|usually\s+|tend to\s+|"
    r"never\s+|rarely\s+|seldom\s+|struggle to\s+|can'?t\s+|cannot\s+|don'?t\s+(?:usually\s+|often\s+)?)"
    r"(?:miss|hear from|reach|get|see)\b|\b(?:usually|often|always|tend to be|are|get)\s+(?:missed|left out|"
    r"under-?represented|excluded|unheard)\b|\bgroups?\s+(?:we|that)\s+(?:\w+\s+)?(?:miss|don'?t reach|never hear)"
)
# ... the access words, and outreach: going to people, phoning, visiting, through whom they are reached
_REACH = rx(
    rf"\b({_ACCESS}|easy-read|cr[eè]ches?|pay|evenings|weekends|saturdays?|sundays?|door[- ]?knock\w*|"
    r"door[- ]to[- ]door|outreach|home visits?|visit(?:s|ing)? (?:them|people|residents|families)|"
    r"phone(?:-in| line| calls?)?|drop[- ]ins?|pop[- ]ups?|speaking|support workers?|advocates?|through|via|"
    r"(?:go|going|meet\w*) (?:to|at|in|them)|sessions? at)\b"
)


def _inclusion(text: str) -> bool:
    """Seldom-heard groups or access named; groups named as the ones missed count only with a way to
    reach people said from there on ('..., so we'll door-knock the HMO streets')."""
    missed = _MISSED.search(text)
    if not missed:
        return bool(INCLUSION.search(text))
    start = max(text.rfind(mark, 0, missed.start()) for mark in ".;!?") + 1
    return bool(_REACH.search(text, start))


CHANNEL = rx(
    r"\b(survey|workshops?|assembl\w*|panels?|online|in person|in-person|face[- ]to[- ]face|meetings?|focus groups?|"
    r"platform|"
    r"app|jury|juries|pop-?ups?|drop-?ins?|vote|voting|ballot|walkabouts?|street stalls?|webinars?|polls?|deliberat\w*|"
    r"interviews?|phone|letters?|email|website|social media|exhibition|hackathon|co-design sessions?|forums?)\b"
)
FEEDBACK = rx(
    r"\b(report(?:ing)? back|feedback|you said|we did|publish\w*|tell (?:participants|people|residents)|write to|"
    r"respond\w*|"
    r"newsletter|explain\w* (?:how|why)|show\w* how|summary|update|responses?|read out|gets? a letter|"
    r"letters? (?:to|within)|write (?:back|to)|notice ?boards?|(?:views|input|ideas) (?:carry|shape|feed|go into)|"
    r"how (?:they're|it's|it is|they are|their \w+ (?:is|are|was|were)) used|present\w* (?:them|the findings|results)|"
    r"co-?writ\w*|findings|"
    # a report or tracker that reaches the people who took part, or a meeting that goes back to them
    r"(?:report|results?|tracker|dashboard)s? (?:\w+ ){0,3}(?:delivered|sent|posted|given|mailed|shown) to|"
    r"(?:tracker|dashboard|map)s? (?:\w+ ){0,2}showing|"
    r"return (?:assembly|assemblies|meetings?|events?|visits?|sessions?))\b"
)
EVALUATION = rx(
    r"\b(evaluat\w*|measur\w*|indicators?|success|monitor\w*|assess\w*|track\w*|survey|count|who took part|"
    r"demographic\w*|representative\w*|satisfaction|influence|review|a win|compar\w*|turnout|doubl\w*|"
    r"(?:decision|plan|outcome) reflects?|benchmark\w*|baseline|exit survey|debrief\w*|(?:good|success) looks like|"
    r"under-?represent\w*|"
    r"response rate|reach|diversity|census|take part again|changes to the plan|because of what we heard|judg\w*|"
    r"gauge|(?:whether|if) it (?:has )?work(?:s|ed)?|the (?:number|share|proportion|spread|mix) of|we aim for)\b"
)
HYPOTHESIS = rx(
    r"\bif\b.{3,300}?\b(?:then|will|should|would)\b|\bwe (?:expect|believe|predict|think|reckon)\b|\bhypothes\w*|"
    r"\bwill (?:reduce|increase|cut|raise|lower|improve|halve|double|speed|shorten|lift|drop|rise|fall|"
    r"go (?:up|down))\b|"
    r"\bshould (?:reduce|increase|cut|raise|lower|halve|double|lead)\b|\blead(?:s|ing)? to\b|\bresult(?:s|ing)? in\b|"
    r"\bso that\b"
)
TEST_DESIGN = rx(
    r"\b(pilot\w*|trial\w*|experiment\w*|prototyp\w*|test\w*|random\w*|rct|control group|compar\w*|a/b|"
    r"stepped[- ]wedge|before[- ]and[- ]after|matched|try(?:ing)? (?:it|this|them|the \w+) (?:in|at|on|with|for))\b"
    # a comparison in plain words: 'half get the text and half don't', 'the others carry on as now', 'against
    # three that keep the old way'
    r"|\bhalf\b.{1,60}\bhalf\b|\b(?:the )?others? (?:don'?t|do not|won'?t|carry on|stay|keep)\b"
    r"|\b(?:(?:carry|carries|carrying|go|goes|going) on|continu\w*) as (?:now|usual|normal|before)\b"
    r"|\bagainst (?:\w+ ){1,3}(?:that|which|where|who)\b"
    r"|\b(?:keep|keeps|stick with|sticks with|stay with|stays with) the (?:old|current|existing|usual) \w+"
    # allocation by turns: 'alternate weeks', 'odd weeks get the call, even weeks the letter', 'every other day'
    r"|\balternat\w*|\bodd\b.{1,60}\beven\b|\bevery (?:other|second) (?:week|day|month|caller|case|referral)"
)
DURATION = rx(
    rf"{_PERIOD.pattern}|\b(?:for|over)\s+(?:a|{_NUMWORDS}|\d+)\s+(?:weeks?|months?|years?|quarters?)\b"
    # school and academic periods: 'for one term', 'over the spring term', 'for a school year'
    rf"|\b(?:for|over|during|across)\s+(?:a|an|the|{_NUMWORDS}|\d+)\s+(?:(?:spring|summer|autumn|winter|school|"
    rf"academic)\s+)?(?:terms?|semesters?|school years?|academic years?)\b|\b(?:spring|summer|autumn|winter) term\b"
    rf"|\b(?:between|from)\s+{_MONTH}\w*\s+(?:and|to|until)\s+{_MONTH}\b"
)
DECISION_RULE = rx(
    r"\b(scal\w*|stop\w*|roll(?:ed)?[- ]?out|continu\w*|expand\w*|go/no[- ]go|drop|abandon\w*|mainstream\w*|extend\w*|"
    r"switch off|keep|kill|bin it|adopt\w*|pull the plug|close it|end it|wind (?:it )?down|scrap\w*|shelve\w*|"
    r"ditch\w*|(?:county|city|state|nation|borough|district)[- ]?wide|becomes? (?:the )?(?:standard|default|norm)|"
    r"all (?:depots|sites|branches|schools|areas|wards|offices|teams)|no-?go|halt\w*|go wider|pause\w*)\b"
)
BUDGET = rx(
    rf"{_CURRENCY}\s?\d|\b\d[\d,.]*\s*(?:k|m|bn|million|thousand|pounds|euros|dollars)\b|\bbudget\b|"
    rf"\b\d+(?:\.\d+)?\s*(?:fte|staff|people|officers|posts|days a week)\b|"
    r"\b(?:half|part)[- ]time\b|\bsecond(?:ed|ment)\b|\bfunded\b|\bgrant\b"
)
SHARING = rx(
    r"\b(learn\w*|lessons?|shar\w*|publish\w*|write[- ]?ups?|blog\w*|show and tell|retrospectives?|retros?|after[- "
    r"]action|"
    r"case stud\w*|report\w*|present\w*|wiki|playbook|open|brief\w*|weeknotes|diar(?:y|ies)|logs?|reflect\w*|"
    r"github|show[- ]and[- ]tells?|videos?|summary|a talk|talks? (?:at|to)|intranet|conferences?|network|public)\b"
)
USER_NEED = rx(
    r"\b(needs?|can'?t|cannot|struggl\w*|want\w*|hard|difficult|wait\w*|pain|confus\w*|chase|repeat\w*|drop out|give "
    r"up|"
    r"lost|delay\w*|miss\w*|unable|frustrat\w*|have to|too long|too many|they're after|looking for|would like|"
    r"wish\w*|expect\w*|same (?:questions|information|details)|more than once|twice|duplicat\w*|in one go|"
    r"currently|at the moment|right now|\d+ steps)\b"
)
CHANNELS = rx(
    r"\b(online|phone|telephone|call cent(?:re|er)|in person|face[- ]to[- ]face|paper|post|counter|app|web\w*|email|"
    r"letters?|"
    r"office|hub|front desk|contact cent(?:re|er)|chat|portal|channels?|visit\w*|forms?|departments?|processes|"
    r"across|crossing|systems)\b"
)
DATA_PROTECTION = rx(
    r"\b(privacy|protect\w*|secur\w*|consent|gdpr|dpia|lawful\w*|encrypt\w*|access control|data sharing agreement|"
    r"anonymi[sz]\w*|pseudonymi[sz]\w*|minimi[sz]\w*|retention|audit trail|need to know|safeguard\w*|once only|"
    r"once-only|destroy\w*|delet\w*|keep only|only the (?:fields|outcome|minimum)|pia|privacy impact|role-based|"
    r"audit logs?|statutory|without exposing|read-only|protocol|dpo|data protection officer|agree\w* to|yes or no|"
    r"need-to-know|mask\w*|redact\w*|only (?:the )?(?:\w+ ){0,2}(?:sees?|can see|has access|have access|gets?)|"
    r"nothing else|no(?:body| one) else)\b"
)
DATA_HOLDER = rx(
    r"\b(holds?|held by|comes? from|owned by|systems?|registers?|databases?|records?|department|agency|ministry|"
    r"council|nhs|hmrc|dwp|from the|in the|crm|case management|spreadsheets?|sits? in|kept in|stored in|files|"
    r"reus\w*|already (?:hold|have|held|collected)|identity (?:service|provider)|verified identity|"
    r"(?:team|service|office|officers?|staff|provider) (?:sees?|holds?|keeps?|has|stores?))\b"
)
ASSISTED = rx(
    r"\b(assisted digital|offline|phone|telephone|in person|face[- ]to[- ]face|paper|librar\w*|help\w*|accessib\w*|"
    r"screen readers?|"
    r"languages?|translat\w*|easy read|wcag|support\w*|counter|home visits?|outreach|family members?|proxy|community "
    r"hubs?|section 508|blind|low[- ]vision|deaf|versions?|hotline|helpline|without internet|kiosks?|sms|basic "
    r"phones|staff member)\b"
)
WAYS = rx(
    r"\b(agile|sprints?|iterat\w*|user research\w*|releases?|multidisciplinary|open standards?|open source|product "
    r"(?:manager|owner)|"
    r"designers?|developers?|show and tells?|weekly|fortnightly|alpha|beta|discovery|service owner|delivery manager|"
    r"content designers?|analysts?|engineers?|in-house|kanban|stand-?ups?)\b"
)
MEASURE_WORD = rx(
    r"\b(measur\w*|indicator\w*|kpis?|metric\w*|rate|share|proportion|percentage|satisfaction|completion|take-?up|"
    r"cost per|time to|waiting|average|number of|count|score|per|how many|abandon\w*|calls|a (?:month|week|day|year)|"
    r"lower|higher|fewer|drops?|falls?|rises?|reduction|increase)\b"
    r"|\d\s?%|\bper ?cent\b"
)
TEAM = rx(
    r"\b(team|staff|people|officers?|fte|managers?|lead|designers?|developers?|analysts?|researchers?|volunteers?|"
    r"me|myself|colleagues|secondee\w*|partners?|contractor\w*|supplier\w*|posts?)\b"
)
TOLERANCE = rx(
    r"\b(afford to lose|lose|loss|write[- ]off|sunk|risk|tolerance|at stake|if it fails|can lose|worst case|up to)\b"
)
PERMISSION = rx(
    r"\b(permission|approv\w*|sign[- ]off|signed off|mandate|backing|support from|agreed by|cabinet|board|director|"
    r"minister|chief executive)\b"
)

VAGUE = rx(
    r"\b(not sure|unsure|no idea|don'?t know|dunno|idk|no clue|tbc|tbd|n/?a|various|the usual|usual suspects|a lot|"
    r"lots|loads|"
    r"some people|(?<!too )(?<!so )many|quite a few|a few|better|improve|improved|as soon as possible|asap|soon|"
    r"at some point|"
    r"eventually|"
    r"whatever|we'?ll see|it depends|nothing yet|none yet|haven'?t (?:decided|thought)|not decided|not yet|later|"
    r"somehow|"
    r"(?<!for )(?:everyone|anyone)(?!\s+(?:who|that|on|in|at|from|aged|living|registered|signed)\s+"
    r"(?!wants?\b|wish|likes?\b|cares?\b"
    r"|is interested|are interested))|all of them|stuff|things|etc)\b"
)
_HEDGE_ONLY = rx(
    r"^\s*(?:i'?m\s+)?(?:not sure|unsure|no idea|don'?t know|dunno|idk|no clue|tbc|tbd|n/?a|pass|nothing|none|no|yes|"
    r"ok|okay|maybe|"
    r"probably|hmm+|erm+|um+)(?:\s+(?:really|yet|at the moment|right now|to be honest|tbh|sorry))*\s*[.!?]*\s*$"
)


def content_words(text: str) -> int:
    """Words that carry meaning, figures included ('about 68%' has one). A contraction ('it's', 'we're') counts as a
    word here, as it did when the interview's bounds on answers were set (search leaves it out as a stop word)."""
    return len(tokenize(text)) + len(_CONTRACTED.findall(text)) + len(quantities(text))


# 'it's', 'we're', 'don't': a stop word with its ending, not one of the words search reads
_CONTRACTED = re.compile(rf"(?i)\b(?:{'|'.join(sorted(STOP_WORDS, key=len, reverse=True))})['\u2019][a-z]+\b")


def is_vague(text: str) -> bool:
    """Hedges and filler: an answer a facilitator would question before writing it down."""
    if _HEDGE_ONLY.match(text) or content_words(text) < 2:
        return True
    words = content_words(text)
    return bool(VAGUE.search(text)) and words <= 8


_ANY_LEVEL = "|".join(_LEVEL_NAMES.values())
_MAYBE = r"(?:probably|maybe|perhaps|possibly)\s+(?:just\s+|only\s+)?"
# Two levels named without a choice between them: 'consult or involve', 'involve/collaborate', 'between
# involve and collaborate', 'probably consult, maybe involve'. Two levels given to different groups or
# stages ('involve for the panel, consult for everyone else') or one chosen over another ('inform, not
# consult') are a choice.
_LEVEL_LEFT_OPEN = rx(
    rf"\b(?:{_ANY_LEVEL})[\s,]*(?:\bor\b|/)\s*(?:{_MAYBE}|even\s+|just\s+)?(?:{_ANY_LEVEL})"
    rf"|\bbetween\s+(?:{_ANY_LEVEL})\s+and\s+(?:{_ANY_LEVEL})|\beither\s+(?:{_ANY_LEVEL})"
    rf"|{_MAYBE}(?:{_ANY_LEVEL})[^.;!?]*?\b{_MAYBE}(?:{_ANY_LEVEL})"
)


def level_left_open(text: str) -> bool:
    """Whether an answer names two participation levels without choosing one."""
    return bool(_LEVEL_LEFT_OPEN.search(text))


def level_of(text: str) -> str:
    """The participation level an answer gives, or '': the one it opens with ('Consult - we'll publish
    how the responses shaped the final decision'), else the highest it names, else the highest it
    describes in other words ('we'll co-design it with tenants', 'residents get the final say')."""
    opening = _LEVEL_OPENING.match(text)
    if opening:
        return next(level for level in LEVELS if rx(rf"^(?:{_LEVEL_NAMES[level]})").match(opening.group(1)))
    for names in (_LEVEL_NAMES, _LEVEL_WORDS):
        for level in reversed(LEVELS):
            if level in names and rx(rf"\b(?:{names[level]})").search(text):
                return level
    return ""


def _has(pattern: re.Pattern) -> Callable[[str], bool]:
    return lambda text: bool(pattern.search(text))


def _measure(text: str) -> bool:
    """A figure, or today's figure said to be unknown with a way to measure it (which stands in for it)."""
    return bool(quantities(text)) or bool(_says_not_had(text) and _plan_sentences(text))


# Read in answers to a question that asks for a figure. Today's figure said not to be had is a figure-less
# answer that says no in any words: 'we don't track online reports', 'nobody has ever counted them', 'the
# system can't report it', 'I couldn't tell you', 'it's anyone's guess'. A way to get it is a sentence about
# what will happen that finds it out: 'we'll count reports by channel for three months', 'the MIS team will
# extract it by the end of the month', 'a tally at the depots is booked for March'.
_NOT_HAD = rx(
    r"\b(?:no|not|never|nobody|no one|no-one|nothing|none|cannot|unknown|unavailable|unreliable|dunno|blank)\b"
    r"|\w+n['\u2019]t\b|\b(?:dont|cant|wont|couldnt|didnt|doesnt|havent|hasnt|isnt|arent|wasnt|werent)\b"
    r"|\banyone['\u2019]?s guess\b"
)
_FUTURE = rx(
    r"\b(?:we'?ll|i'?ll|they'?ll|it'?ll|will|shall|going to|gonna|plan(?:ning)? to|intend to|are to|is to"
    r"|(?:we'?re|we are|they'?re|they are|i'?m) \w+ing|(?:is|are|been|got|has been) (?:booked|scheduled|planned|"
    r"commissioned|lined up)|(?:asked|commissioned|tasked)\b[^.;!?]{0,60}?\bto|next (?:week|month|quarter|year)"
    r"|by (?:the )?end of)\b"
)
_FINDING_OUT = rx(
    r"\b(?:count|measur|track|record|collect|monitor|log|captur|survey|audit|sampl|tally|pull|extract|report|"
    r"baseline|figure|number|data|establish|find(?:ing)? out|work(?:ing)? out|look(?:ing)? (?:it |them )?up|"
    r"check|clicker|mystery|field|estimat|calculat|quantif|snapshot|census|review)\w*"
)
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\s+[-\u2013\u2014]\s+")


# A bare hedge ('not sure really, a lot of people', 'no idea') is not a statement that the figure is not
# had; with what is not known after it ('no idea of the number', 'don't know how many') it is.
_BARE_HEDGE = rx(
    r"\b(?:not sure|unsure|no idea|dunno|don'?t know|do not know|idk|no clue)\b"
    r"(?!\s+(?:of|what|how|the|whether|if|where|which|today|yet|now|at the moment|currently)\b)"
)


def _says_not_had(text: str) -> bool:
    return bool(_NOT_HAD.search(_BARE_HEDGE.sub(" ", text)))


def _plan_sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if _FUTURE.search(s) and _FINDING_OUT.search(s)]


_TARGET_PART = re.compile(
    r"(?i)\b(?:target|aim(?:ing)?(?: for| at)?|goal|ambition|to reach|rising to|up to|down to|like to get to|"
    r"get (?:it )?(?:up |down )?to)\b[^.;,]*"
)


def _figure_today(text: str) -> bool:
    """Whether an answer gives a figure other than a target ('we'd like 60% by 2028' gives none for today)."""
    plans = _plan_sentences(text)
    return bool(quantities(_TARGET_PART.sub(" ", " ".join(s for s in _SENTENCE.split(text) if s not in plans))))


def unmeasured(text: str) -> bool:
    """Whether an answer to a figure question says today's figure is not had, gives none (a target aside)
    and no way to get it."""
    return _says_not_had(text) and not _plan_sentences(text) and not _figure_today(text)


_NAME_WORDS = frozenset({"the", "a", "an", "of", "in", "for", "and", "at", "on", "to"})


def a_name(text: str) -> bool:
    """Whether an answer is only a name ('Blue badges', 'Waste collection in Accra'): what the leader is
    working on, said first, which stays with the answer that follows rather than being dropped as
    holding none of the question's parts ('it's a mess generally' is a remark, not a name)."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'&-]*", text)
    return (
        0 < len(words) <= 5
        and not is_vague(text)
        and all(w.lower().split("'")[0] not in STOP_WORDS or w.lower() in _NAME_WORDS for w in words)
    )


# 'Not sure', 'we don't have one', 'no date yet', 'we haven't decided': the leader does not know or has
# not got what a follow-up asked for. Asking the same again would not get it.
_NOT_KNOWN = rx(
    r"\b(?:not sure|unsure|no idea|dunno|don'?t know|do not know|idk|no clue|can'?t say|couldn'?t (?:say|tell you)"
    r"|(?:haven'?t|have not|hasn'?t|has not|not) (?:yet )?(?:decided|agreed|settled|chosen|worked (?:that|it) out)"
    r"|(?:don'?t|do not|doesn'?t|does not) (?:\w+ )?(?:have|got) (?:one|any|a|an)\b"
    r"|there (?:isn'?t|is not|aren'?t|are not) (?:one|any)|(?:no|none) (?:\w+ )?(?:yet|so far|at the moment|right now))"
)


def not_known(text: str) -> bool:
    """Whether a reply says only that the leader does not know, or has not got, what was asked: once that
    is said, at most two words of substance are left ('not sure, we don't have a priority for it')."""
    return (
        bool(_HEDGE_ONLY.match(text)) or bool(_NOT_KNOWN.search(text)) and content_words(_NOT_KNOWN.sub(" ", text)) <= 2
    )


def _substance(text: str) -> bool:
    return content_words(text) >= 3 and not is_vague(text)


# The first questions of the engagement, partnership and innovation workflows ask for one thing each
# beyond being concrete: the choice the public is offered, the change the partners are after, what goes
# wrong today. These patterns name the words for them; the element detector reads the rest by meaning.
_PUBLIC = (
    r"(?:residents|people|the public|public|citizens|participants|communit(?:y|ies)|locals|tenants|users|parents|"
    r"young people|voters|neighbours|the panel|the assembly|the jury|they)"
)
DECISION_OPEN = rx(
    # a choice framed as one: 'whether to ... or ...', 'which of three sites', 'how to spend the £250k'
    r"\bwhether\b|\bwhich (?:of|one)\b|\bwhich (?:\w+ ){0,3}(?:gets?|goes?|get|go|(?:is|are) (?:built|funded|chosen|"
    r"kept|closed))\b|\bwhere (?:\w+ ){1,4}(?:goes?|go|should go|is built|are built|sits?|stops?|runs?)\b"
    r"|\bhow (?:to|we|best to) (?:spend|split|share|allocate|use|divide|design|lay out|run|find|"
    r"prioriti[sz]e|cut|save|organi[sz]e)\b|\bhow (?:the |our |a |this )?(?:\w+ ){0,4}(?:is|are|gets?|get|should be) "
    r"(?:spent|split|shared|allocated|used|designed|laid out|divided|prioriti[sz]ed)\b"
    r"|\b(?:choos\w*|choice|pick\w*|select\w*|rank\w*|vot(?:e|es|ing)|decid\w*|decision)\b"
    r"(?!\s+(?:at random|randomly|by lot|by ballot))(?<!random selection)(?<!random choice)(?<!randomly picked)"
    r"(?<!randomly selected).{0,25}?"
    r"\b(?:between|among|from|which|how|where|whether|the order|order of|projects?|options?|priorities|designs?|"
    r"sites?|routes?|shortlist)\b|\bshortlist\w*|\boptions?\b"
    # what is open and what is fixed
    rf"|\b(?:is|are|remains?|stays?|left|genuinely|still|completely|wide|really|truly) open\b|\bopen\s*[:-]"
    r"|\bopen (?:to|for) (?:residents|the public|debate|discussion|change|influence|input)"
    r"|\b(?:is|are|already|been|was|were|stays?|remains?) (?:fixed|settled|locked(?: in)?|set in stone|non-negotiable"
    r"|decided|agreed|off the table)\b|\bfixed\s*[:-]|\bnon-negotiable\b|\b(?:on|off) the table\b|\bup for grabs\b"
    r"|\bup to (?:residents|the public|people|them|participants|citizens|locals|tenants)\b|\bnot up for\b"
    r"|\bcan(?:'?t|not| not) (?:be )?(?:chang|mov|influenc|touch)\w*|\bdone deal\b|\ba given\b|\bnot negotiable\b"
    r"|\balready (?:been )?(?:decided|agreed|settled|approved|committed|set)\b|\bweigh in\b|\b(?:have|get|gets|has) "
    r"(?:a|their|the|a real|a genuine|the final) say\b|\ba say (?:on|in|over)\b"
    r"|\b(?:views|input|ideas|preferences) (?:on|about) (?:which|how|where|what|whether)\b"
    # what the public can do to it
    rf"|\b{_PUBLIC}\b.{{0,30}}?\b(?:can|could|will|get to|may|to|decide|decides|choose|chooses|pick|picks|rank|ranks|"
    r"vote|votes|set|sets|shape|shapes|influence|have|has|propose|proposes)\b.{0,30}?\b(?:chang\w*|shap\w*|"
    r"influenc\w*|affect\w*|decid\w*|choos\w*|pick\w*|rank\w*|vot\w*|set|say|order|design|layout|priorit\w*|"
    r"which|where|how|what|projects?|final word|veto)\b"
)
# a stakeholder's weight and how much they care (the influence / interest grid); 'in the middle'
# and the grid's own words ('manage closely', 'keep satisfied') place a stakeholder on both
INFLUENCE = rx(
    r"influen|power|\bpull\b|clout|weight|levers?|\bsay\b|sway|decisive|marginal|2x2|grid|matrix|quadrant|"
    r"veto|manage (them )?closely|keep (them )?(satisfied|informed)|in the middle"
)
INTEREST = rx(
    r"interest|keen|engaged|invested|enthusias|\bcares?\b|attention|\bstake\b|distant|committed|"
    r"motivated|passionate|2x2|grid|matrix|quadrant|manage (them )?closely|"
    r"keep (them )?(satisfied|informed)|in the middle"
)


def _influence_and_interest(text: str) -> bool:
    said = without_deferrals(text)
    return bool(INFLUENCE.search(said) and INTEREST.search(said))


# what changes, for whom or where, once the partners work together
GOAL_CHANGE = rx(
    r"\b(?:more|fewer|less|every|no|zero|get|gets|getting|cut|cuts|reduc\w*|increas\w*|halv\w*|doubl\w*|end|ending|"
    r"prevent\w*|stop|stops|faster|quicker|sooner|lower|higher|safer|cleaner|cooler|warmer|healthier|into|out of|"
    r"back (?:to|into|home)|down to|up to|within \d+|by \d+%?|raise|lift|bring)\b.{0,60}?"
    rf"(?:{GROUP.pattern})"
    rf"|(?:{GROUP.pattern}).{{0,60}}?\b(?:get|gets|getting|go|goes|move|moves|into|back|home|within|fewer|more|"
    r"less|no longer|stop|stops|end up|able to|can|find|reach|start|starts|stay|stays|have|has)\b.{0,40}?"
    r"\b(?:\d|jobs?|work|training|home|homes|school|places?|meals?|help|care|support|treatment|loans?|"
    r"apprenticeships?|housing|hospital|days?|hours?|weeks?|minutes)\b"
    # a measured change ('40% less fly-tipping'), a level to reach ('lift registration among 18-24s to the
    # state average'), a counted group ('digital skills for 5,000 jobseekers'), a change that leads
    # ('Faster buses on the three worst corridors')
    r"|\d\s?(?:%|per ?cent|percent)\s+(?:less|fewer|more|lower|higher|faster|cheaper|quicker|cut|reduction|"
    r"increase|drop|rise)\b"
    r"|\b(?:lift|rais|bring|get|increas|cut|reduc|halv|doubl)\w*\b.{0,60}?\bto (?:the |a |an )?(?:\w+ )?"
    r"(?:average|level|rate|target|\d)"
    rf"|\b\d[\d,.]*\s+(?:\w+\s+)?(?:{GROUP.pattern})"
    r"|(?:^|[.:;!?]\s*)(?:faster|quicker|shorter|cleaner|safer|cheaper|warmer|cooler|healthier|fewer|less|more)\s+\w+"
    # an outcome clause, or a measured target: 'so that 4% of trips are by bike by 2029'
    r"|\bso that\b.{0,80}?(?:\d|\b(?:more|fewer|every|no|none|zero|nobody|no one)\b)|\bso (?:more|fewer|every|no)\b"
    # what people can do once it works: 'so that someone from our settlements can get to hospital and home again'
    r"|\bso that\b[^.;]{0,120}?\b(?:can|could|will be able to|are able to|no longer)\s+\w+"
    r"|\d\s?(?:%|per ?cent|percent)(?:\s+of)?\b.{0,100}?\bby (?:the end of |end |\w+ )?(?:19|20)\d\d\b"
    r"|\bby (?:the end of |end |\w+ )?(?:19|20)\d\d\b.{0,100}?\d\s?(?:%|per ?cent|percent)"
    # a change from today's figure ('up from 14 today'), a share of a whole by a date ('60 of our 88 areas ... by
    # March 2029')
    r"|\b(?:up|down|rising|falling) from (?:about |around |only |just )?\d"
    # a figure by a date from today's ('60 tonnes a month sold to recyclers by December 2027, from about 8 today')
    r"|\bby (?:the end of |end |\w+ )?(?:19|20)\d\d\b.{0,20}?\bfrom (?:about |around |only |just |roughly )?\d"
    r"|\b\d[\d,.]*\s+(?:of|out of)\s+(?:the\s+|our\s+|its\s+|their\s+)?\d[\d,.]*\b.{0,100}?"
    r"\bby (?:the end of |end |\w+ )?(?:19|20)\d\d\b"
)
# what goes wrong today, or why the usual fixes have not worked
CHALLENGE = rx(
    r"\btoo (?:many|few|much|little|long|slow|late|often|expensive|costly)\b|\bbacklogs?\b|\bcomplain\w*|"
    r"\bno-?shows?\b|\barrears\b|\blos(?:e|es|ing|t)\b|\bshortages?\b|\bstruggl\w*|\bdelays?\w*|\bwait(?:s|ing|ed)?\b|"
    r"\bqueues?\b|\bworse\b|"
    r"\bbehind\b|\bwith (?:fewer|less|too few)\b|\bshort of\b|\bunderstaffed\b|\bmore likely\b|"
    r"\b(?:up|rising|rose|risen|doubled|tripled) (?:by |since )?\d|"
    r"\bmissing out\b|\bmiss(?:es|ed|ing)?\b|\bdrop(?:s|ped|ping)? out\b|\bfall(?:s|ing|en)? (?:into|behind|through)\b|"
    r"\bfell\b|\bdeclin\w*|\bcut off\b|\bcan(?:'?t|not| not) (?:keep up|cope|get|reach|afford|find|make sense|access|"
    r"pay|cover|fund|meet|collect|recover)|\bnever (?:arriv|reach|get|come|turn|show|make)\w*|"
    r"\bnothing (?:chang|work|help|improv)\w*|\bonly (?:about |around |roughly )?(?:the )?(?:half|a third|a quarter)\b|"
    r"\b(?:hasn'?t|haven'?t|has not|have not|didn'?t|did not|never|don'?t|doesn'?t|won'?t) (?:\w+ ){0,2}(?:work\w*|"
    r"fix\w*|shift\w*|help\w*|reach\w*|cope|clear\w*|made a dent|make a dent|matched|kept up)\b|\bfail\w*|"
    r"\bflood\w*|\boverflow\w*|\bramp(?:ed|ing)\b|\bstuck\b|\bunable\b|\bout of date\b|\bbounced\b|\brepeat "
    r"(?:calls|visits|admissions)\b|\breadmi\w*|\bbaffl\w*|\bconfus\w*|\bonly (?:about |around )?\d"
    r"|\btak(?:e|es|ing) (?:up to |about |around |over |more than |an average of )?\S+ (?:days|weeks|months|years)\b"
    # a harm to bring down ('cut the number of older people who fall'), where people end up, what keeps recurring
    r"|\b(?:cut|cutting|reduc\w*|lower\w*|bring(?:ing)? down|tackl\w*)\b(?:\s+\w+){0,2}?\s+(?:numbers?|rates?|share|"
    r"proportion|amount|levels?|costs?)\s+of\b|\bend(?:s|ed|ing)? up (?:in|back in|on|homeless|sleeping|out of)\b|"
    r"\bkeeps? (?:on )?\w+ing\b"
    # the harms public services work against, named as such ('fly-tipping in back alleys')
    r"|\b(?:fly-?tipping|litter(?:ing)?|graffiti|loneliness|isolation|homelessness|rough sleeping|overdoses?|obesity|"
    r"truancy|absenteeism|exclusions?|fraud|anti-?social|congestion|pollution|overcrowd\w*|damp|mould|poverty|debts?|"
    r"unemployment|reoffending|vacanc(?:y|ies)|burnout|abuse|neglect|violence|crime|potholes?|inequalit\w*|"
    r"falls(?! prevention))\b"
)


def _said(pattern: re.Pattern) -> Callable[[str], bool]:
    """The pattern in a clause that does not put the part off (:data:`DEFERRED`)."""
    return lambda text: bool(pattern.search(without_deferrals(text)))


# 'If we text tenants before the first missed payment, arrears will fall': an idea and what it should
# change, which names the problem only as what the idea acts on
_IDEA = rx(r"\bif (?:we|they|you|the council|officers|staff|the team)\b[^.;!?\n]*")


def _challenge(text: str) -> bool:
    return bool(CHALLENGE.search(_IDEA.sub(" ", without_deferrals(text))))


_TIME_WORDS = rx(
    rf"\b(?:{_MONTH}|{_NUMWORDS}|next|this|last|coming|current|following|end|start|beginning|years?|months?|weeks?|"
    r"days?|quarters?|terms?|financial|fiscal|calendar|academic|spring|summer|autumn|winter|time|soon|now|within)\b"
)


def only_a_time(text: str) -> bool:
    """A when without a what: 'next year', 'by March 2027', 'within the next two years'."""
    rest = _TIME_WORDS.sub(" ", _PERIOD.sub(" ", text))
    return bool(tokenize(text)) and not tokenize(re.sub(r"\d[\d/.-]*", " ", rest))


_PLURAL = re.compile(r"(?i)^(?:people|children|men|women|staff|[a-z'-]+s)$")


def count_noun(answer: str, value: str) -> str:
    """The words a leader put after a figure, if they name what is counted: '300 volunteers' ->
    'volunteers', 'about 140 older people moved' -> 'older people' (up to two words before a plural)."""
    match = re.search(rf"(?<![\d.,]){re.escape(value)}((?:\s+[A-Za-z][A-Za-z'-]*){{1,3}})", answer)
    words = match.group(1).split() if match else []
    for end, word in enumerate(words):
        if word.lower() in STOP_WORDS or only_a_time(word):
            break
        if _PLURAL.match(word) and not word.lower().endswith("ss"):
            return " ".join(words[: end + 1])
    word = words[0] if words else ""
    return word if tokenize(word) and not only_a_time(word) else ""


def is_a_rate(unit: str) -> bool:
    """Whether a measure's unit is a share or a rate ('%', 'per 10,000'), which a count cannot stand for."""
    return unit == "%" or unit.startswith("per ")


def measured_figure(answer: str, unit: str = "") -> Quantity | None:
    """The figure an answer gives for a measure: the first in the measure's own ``unit`` when there is
    one ('140 children, 31 per 10,000' -> 31 per 10,000), else the first."""
    found = quantities(_without_measuring_plan(answer))
    return next((q for q in found if unit and q.unit == unit), found[0]) if found else None


def measuring_plan(answer: str) -> str:
    """How an answer that gives no figure for today says one will be had ('' otherwise): its sentences
    about what will happen to find it out."""
    if not _says_not_had(answer) or _figure_today(answer):
        return ""
    return " ".join(p.strip(" ,") for p in _plan_sentences(answer)).strip()


def _without_measuring_plan(answer: str) -> str:
    """An answer without its sentences on how today's figure will be had: their figures ('for the first
    three months', 'a survey of 400 tenants') are not the figure."""
    plans = _plan_sentences(answer) if _says_not_had(answer) else []
    return " ".join(s for s in _SENTENCE.split(answer) if s not in plans) if plans else answer


def a_count_for_a_rate(answer: str, unit: str) -> bool:
    """Whether an answer's figure for a share or rate measure is a count: a plain number followed by
    what is counted ('about 140 children'), or over 100 for a percentage ('1,200')."""
    q = measured_figure(answer, unit)
    if q is None or q.unit != "number" or not is_a_rate(unit):
        return False
    try:
        if unit == "%" and float(q.value.replace(",", "")) > 100:
            return True
    except ValueError:
        pass
    return bool(count_noun(answer, q.text if q.in_words else q.value))


def _choice_or_measure(text: str) -> bool:
    if choice_number(text):
        return True
    return content_words(text) >= 2 and not is_vague(text) and not only_a_time(text)


_LIST_ITEM = re.compile(r"\s*(?:[,;&/\n]|\band\b|\bplus\b|\s[-\u2013\u2014]\s)\s*", re.I)


def listed(text: str) -> bool:
    """Three or more short items one after another ('therapists, health visitors, nurseries and the
    parents' forum'): parties named one by one, whatever the words for them."""
    items = [i for i in _LIST_ITEM.split(text.strip().rstrip(".!")) if i.strip()]
    return len(items) >= 3 and all(len(i.split()) <= 5 for i in items)


def _named(text: str) -> bool:
    return bool(
        ORGANISATION.search(text) or re.search(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]{2,}", text.strip()) or listed(text)
    )


# Each validator names one element a usable answer holds; workflow YAML lists them per question.
VALIDATORS: dict[str, Callable[[str], bool]] = {
    "substance": _substance,
    "number": _measure,
    "source": _has(SOURCE),
    "date": lambda t: bool(_DATE.search(t)),
    "period": _has(_PERIOD),
    "group": lambda text: bool(GROUP.search(text) or _PEOPLE_DOING.search(text)),
    "named": _named,
    "priority": _has(PRIORITY),
    "level": lambda t: bool(level_of(t)) and not level_left_open(t),
    "promise": _has(PROMISE),
    "contribution": _has(CONTRIBUTES),
    "benefit": _has(BENEFITS),
    "decider": _said(DECIDER),
    "risk": _has(RISK),
    "handling": _has(HANDLING),
    "ending": _has(ENDING),
    "recruitment": _has(RECRUITMENT),
    "inclusion": _inclusion,
    "channel": _has(CHANNEL),
    "feedback": _has(FEEDBACK),
    "evaluation": _has(EVALUATION),
    "hypothesis": _has(HYPOTHESIS),
    "test_design": _has(TEST_DESIGN),
    "duration": _has(DURATION),
    "decision_rule": _has(DECISION_RULE),
    "budget": _has(BUDGET),
    "team": _has(TEAM),
    "tolerance": _has(TOLERANCE),
    "permission": _has(PERMISSION),
    "sharing": _has(SHARING),
    "user_need": _has(USER_NEED),
    "channels": _has(CHANNELS),
    "data_protection": _has(DATA_PROTECTION),
    "data_holder": _has(DATA_HOLDER),
    "assisted": _has(ASSISTED),
    "ways_of_working": _has(WAYS),
    "measure_word": _has(MEASURE_WORD),
    "choice": _choice_or_measure,
    "decision_open": _said(DECISION_OPEN),
    "goal_change": _said(GOAL_CHANGE),
    "challenge": _challenge,
    "influence_interest": _influence_and_interest,
}


# A part put off or only hoped for ('we'll work out the governance at the first meeting', 'we'll pilot it
# and see how it goes', 'lessons will naturally be captured'): it names the topic without answering it.
DEFERRED = rx(
    r"\b(?:(?:we'?ll|we will|we'?d|we would|we can|to be|will be|they'?ll|we need to)\s+(?:\w+\s+){0,2}?"
    r"(?:work(?:ed)? out|firm(?:ed)? up|sort(?:ed)? out|figure(?:d)? out|flesh(?:ed)? out|pin(?:ned)? down"
    r"|agreed? later|decided? later|set (?:\w+ )?(?:later|once|when|after))"
    r"|(?:see|seeing) how (?:it|things|that) (?:goes|go|works|work|pans out|lands)|decide (?:on )?(?:the )?next steps"
    r"|in due course|at a later (?:date|stage)|(?:to be|tbc|tbd|yet to be) (?:confirmed|agreed|decided|determined)"
    r"|hopefully|will naturally|naturally be|(?:taken|take it|take them) into account"
    r"|we'?re confident|we are confident"
    # what the leader says is not known or not settled yet ('I don't know who will chair it')
    r"|(?:i|we)\s+(?:really\s+|honestly\s+|just\s+)?(?:don'?t|do not)\s+(?:really\s+|yet\s+)?know"
    r"|(?:i'?m|i am|we'?re|we are)\s+not\s+(?:really\s+|yet\s+)?sure"
    r"|(?:have|'ve)\s+never\s+(?:discussed|talked about|agreed|decided|worked out)"
    r"|(?:haven'?t|have not)\s+(?:yet\s+)?(?:discussed|decided|agreed|worked out|talked about))\b"
)
_CLAUSE = re.compile(r"[.!?;\n]+|,\s+(?:and|but|so|then)\s+|\s+[-\u2013\u2014]\s+|\bbut\b")


def without_deferrals(text: str) -> str:
    """``text`` without its clauses that put a part off or only hope for it (:data:`DEFERRED`)."""
    if not DEFERRED.search(text):
        return text
    clauses, start = [], 0
    for m in _CLAUSE.finditer(text):
        clauses.append(text[start : m.end()])
        start = m.end()
    clauses.append(text[start:])
    return "".join(c for c in clauses if not DEFERRED.search(c))


def present(element: str, text: str) -> bool:
    """Whether ``text`` holds ``element``: in the words its pattern lists, or, when the coach has turned
    the element detector on, by meaning in a clause that does not put it off (:mod:`assistant.elements`)."""
    if unsettled(element, text):
        return False
    return VALIDATORS[element](text) or elements.recognised(element, without_deferrals(text))


def unsettled(element: str, text: str) -> bool:
    """Whether ``text`` names ``element`` without settling it (see ``_UNSETTLED``)."""
    return element in _UNSETTLED and _UNSETTLED[element](text)


# Answers that name an element without settling it, whatever their words mean otherwise: two levels
# with no choice between them, seldom-heard groups with nothing done to reach them, today's figure not
# known with no way to get it.
_UNSETTLED: dict[str, Callable[[str], bool]] = {
    "level": level_left_open,
    "number": unmeasured,
    "inclusion": lambda text: bool(_MISSED.search(text)) and not _inclusion(text),
}


def missing_elements(text: str, expects: list[str]) -> list[str]:
    """The expected elements the answer lacks (every one, when the answer is only a hedge;
    ``substance`` when it names them only in words that fit any plan)."""
    if "choice" in expects and choice_number(text):
        return [name for name in expects if name != "choice" and not VALIDATORS[name](text)]
    if _HEDGE_ONLY.match(text) or content_words(text) == 0:
        return list(expects)
    missing = [name for name in expects if not present(name, text)]
    if missing or "choice" in expects:
        return missing
    # a hedge, or statements that could each be pasted into any plan unchanged
    return ["substance"] if is_vague(text) or says_nothing(text) or elements.reads_vague(text) else []


# --- choices, groups and phrases ----------------------------------------------------------------

_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "top": 1,
    "last": -1,
}


def choice_number(text: str) -> int:
    """A pick from a numbered list: '2', 'option 2', 'the second one', '#3'; 0 when none."""
    t = text.strip().lower()
    match = re.match(
        r"^(?:option|number|no\.?|#|indicator|measure|the)?\s*\(?(\d)\)?\s*(?:please|is fine|sounds good|works)?[.!]?$",
        t,
    )
    if match:
        return int(match.group(1))
    match = re.match(
        r"^(?:let'?s (?:go with|use)|i'?ll (?:go with|take)|go with|use|take|pick)?\s*(?:the\s+)?(?:option\s+|"
        r"number\s+)?"
        r"(first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|one|two|three|four|five|top|last)\b(?:\s+(?:one|option|measure|indicator))?"
        r"(?:\s+(?:please|is fine|sounds (?:good|right)|works|looks right))?[.!]?$",
        t,
    )
    if match:
        return _ORDINALS[match.group(1)]
    match = re.match(
        r"^(?:let'?s (?:go with|use)|i'?ll (?:go with|take)|go with|use|take|pick)\s+(?:option\s+|number\s+|"
        r"indicator\s+|measure\s+|#)?(\d)\b",
        t,
    )
    return int(match.group(1)) if match else 0


_GROUP_PHRASE = rx(
    r"\b((?:(?:older|young|younger|elderly|disabled|homeless|vulnerable|low[- ]income|local|new|first[- ]time|lone|"
    r"single|"
    r"working[- ]age|school[- ]age|frail|isolated|unemployed|long[- ]term|rural|inner[- ]city|private[- ]rented|social|"
    r"black|asian|minority|migrant|care[- ]experienced)\s+){0,2}"
    r"(?:residents|households|people|adults|children|families|parents|pupils|students|tenants|patients|carers|users|businesses|"
    r"drivers|passengers|commuters|cyclists|pedestrians|women|men|girls|boys|veterans|victims|rough sleepers|claimants|"
    r"applicants|jobseekers|school leavers|care leavers|young people|learners|traders|taxpayers|smokers|mothers|babies|"
    r"citizens|customers|communities|neighbourhoods|employers|firms|kids|toddlers|infants|"
    r"(?:under|over)[- ]?\d+s|\d+\s?(?:-|to)\s?\d+[- ]year[- ]olds)"
    r"(?:\s+(?:aged|over|under)\s+\d+\+?(?:\s*(?:-|\u2013|to)\s*\d+)?(?:\s+and\s+over)?)?)\b"
)


def group_phrase(text: str) -> str:
    """The most specific group of people the text names: 'older people', 'care leavers aged 18'."""
    phrases = [" ".join(m.group(1).split()) for m in _GROUP_PHRASE.finditer(text)]
    if not phrases:
        return ""
    # the longest, then one with an age in it ('under-5s' over 'kids'), then the first
    return max(phrases, key=lambda p: (len(p.split()), any(c.isdigit() for c in p), -phrases.index(p))).lower()


# What introduces a pasted passage ('This is from schedule 2 of our draft memorandum of understanding:',
# 'Here's the text from our strategy:'): said about the paste, not part of the plan.
_PASTE_LEAD = re.compile(
    r"^(?:(?:this|that|below|the following) is |here'?s |here is |here are |below are |(?:i'?ve |i have )?"
    r"(?:copied|pasted|taken|lifted) )?(?:(?:an?|the|some) )?(?:\w+ ){0,3}?(?:(?:copied|pasted|taken|lifted|quoted) )?"
    r"(?:from|out of|of) [^:.\n]{0,90}?\b(?:strategy|plan|report|paper|document|draft|mou|memorandum|agreement|bid|"
    r"business case|brief|terms of reference|minutes|schedule|section|proposal|policy|charter|application|"
    r"specification|contract|website|e-?mail|letter|note|framework|submission|summary|slides?|presentation|"
    r"brochure|leaflet|consultation|notice|newsletter|board paper|cabinet paper|statement|guidance|toolkit)\b"
    r"[^:.\n]{0,60}:\s+(?=\S)",
    re.I,
)


# Said to the coach in passing, not for the plan: a word that opens an aside ('Honestly, ...', 'Anyway, ...').
_ASIDE_OPENING = rx(
    r"^\W*(?:(?:honestly|frankly|anyway|anyhow|oh|ah|phew|gosh|wow|look|well|right|so|okay|ok|to be (?:fair|honest)|"
    r"mind you|between you and me|if i'?m honest|bless (?:her|him|them)|thank goodness|i mean|i guess|i reckon|"
    r"i suppose|i think|you know|as i keep (?:saying|telling (?:everyone|you|people))|"
    r"(?:as|like) i(?:'ve)? (?:said|mentioned)(?: (?:before|already|earlier))?|as mentioned)"
    r"\b(?!-\w)[\s,.:;!\u2013\u2014-]*)+"
)
# A personal remark: family ('My own mother is one of them, actually'), or how a figure sounds ('It sounds modest,
# but ...').
_ANECDOTE = rx(
    r"^(?:(?:my|our)\s+(?:own\s+)?(?:mum|mother|dad|father|gran\w*|grandmother|grandfather|aunt|uncle|sister|brother|"
    r"wife|husband|son|daughter|kids|neighbour)\b|it (?:sounds|may sound|might sound|looks|may look|seems) "
    r"(?:modest|ambitious|small|big|a lot|little|low|high|mad|crazy|silly|odd|strange|like)\b)"
)
# The leader saying they do not know ('I don't know how long people wait today'): said to the coach.
_NOT_KNOWING = rx(
    r"^(?:(?:i|we)\s+(?:really\s+|honestly\s+|just\s+|simply\s+)?(?:don'?t|do not|can'?t|cannot)\s+(?:really\s+)?"
    r"(?:know|say|tell)|(?:i'?m|i am|we'?re|we are)\s+not\s+(?:really\s+)?sure|(?:i|we)\s+(?:have|'ve)\s+no\s+idea|"
    r"no idea|not sure|unsure|dunno|(?:don'?t|do not) know)\b"
)
_ABOUT_IT = rx(r"^(?:it|that|this|there)(?:'s|\s+is|\s+was|\s+has)?\b")  # 'it's a mess', 'that's the gist'


# Said about the conversation or the leader's day, not the plan: the time they have ('I've got a briefing in 15
# minutes', 'I must dash'), having said it before ('I've explained this to the board twice already', 'how many
# times'), or the question itself ('Next one, please.', 'Why do we even need to write this down?').
_ABOUT_THE_TALK = rx(
    r"\bi(?:'ve got|'ve| have got| have|'m| am)\s+(?:only\s+)?(?:got\s+)?(?:a|an|another|the next|\w+)\s+"
    r"(?:\w+\s+)?(?:meeting|session|briefing|call|appointment)\s+(?:in \w+ minutes|at (?:\d|one|two|three|four|five|"
    r"noon)\w*|(?:right )?after this|this (?:morning|afternoon|evening)|before lunch|soon|now)\b"
    r"|\bi(?:'ve got| have got| have| only have|'ve only got)\s+(?:\w+|\d+)\s+minutes\b"
    r"|\bi(?:'m| am)\s+(?:already\s+)?(?:late|running late|off to)\b"
    r"|\bi\s+(?:really\s+|just\s+)?(?:have to|must|need to|'ve got to|gotta)\s+(?:go|run|dash|leave)\s*(?:now|soon|"
    r"in \w+ minutes)?\s*[.!]?$"
    r"|\b(?:make it|let'?s (?:make it|be)) quick\b|\blet'?s get (?:this|it) done\b|\bspeed (?:this|it|things) up\b"
    r"|^\W*(?:(?:ok(?:ay)?|fine|right|so)[,.!]?\s+)?next(?: one| question)?(?:,? please)?\W*$|\bnext question\b"
    r"|\b(?:i|we)(?:'ve| have)\s+(?:already\s+)?(?:told|said|explained|written|gone through|been through|had)\s+"
    r"(?:\w+\s+){0,3}?(?:this|that|it|all (?:this|that)|the same)\b[^.;!?]*\b(?:already|before|times|twice|again)\W*$"
    r"|\bhow many times\b|\bkeeps? asking me\b|\balready made me\b|\bi said all this\b"
    r"|\bwhy (?:is this even|do (?:i|we) (?:even |really )?(?:have|need) to)\b|\bit'?s obvious\W*$"
    r"|\bkeep (?:this|it|things) moving\b|\bbreathing down my neck\b|\ball in the \w+ already\b"
    r"|^i (?:wrote|said|put) [^.;!?]*,\s*by the way\W*$"
    # asking to hurry ('Please be brief, I'm between two calls', 'I have a train at five, so let's go quickly')
    r"|\b(?:please|let'?s|can we|could we)\s+(?:be|go|do (?:this|it)|keep (?:it|this))\s+(?:quick(?:ly)?|fast|short|"
    r"brief)\b|\bi'?m\s+(?:in\s+)?between\s+(?:two\s+|\w+\s+)?(?:meetings|calls|sessions|appointments)\b"
    r"|\bi(?:'ve got| have got| have|'m on| am on| must catch| need to catch|'ve got to catch)\s+(?:a|the|my)\s+"
    r"(?:flight|train|plane|boat|ferry|bus|taxi|coach)\b(?:\s+(?:to|back to)\s+\w+)?\s+(?:at|in)\s+\w+"
    # how far the conversation has come ('OK, what's next?', 'Last one, right?', 'we're almost done I hope')
    r"|^\W*(?:(?:ok(?:ay)?|so|right|fine|good)[,.!]?\s+)?what'?s next\W*$"
    r"|^\W*(?:(?:ok(?:ay)?|so|right)[,.!]?\s+)?(?:is (?:this|that) the |that'?s the |this is the )?"
    r"last (?:one|question)(?:,? right)?\W*$"
    r"|\b(?:we'?re|we are|are we)\s+(?:nearly|almost)\s+(?:there|done|finished|through)\b"
    r"|^\W*keep going\b"
    # having said it already ('I already told you that'), or how the answer is given ("it's quicker for me")
    r"|\bi(?:'ve| have)?\s+(?:\w+\s+){0,3}?already\s+(?:(?:told|gave|given) you|(?:said|answered|mentioned|"
    r"explained|covered) (?:that|this|it|so)\b)"
    r"|\bi told you (?:that|this|already)\b|\bdidn'?t i\s*\?"
    r"|\b(?:didn'?t|did|haven'?t|have) i (?:not )?(?:just |already )?(?:tell|told|say|said|mention|mentioned|answer|"
    r"answered|give|gave|given)\b|\bi (?:just |already )(?:told|said|mentioned|answered|gave)\b"
    r"|\bisn'?t (?:that|it|this) obvious\b|\bwhy (?:are|do) you (?:keep )?ask(?:ing)?\b"
    r"|^\W*(?:(?:but|and|so)\s+)?(?:ok(?:ay)?|fine|alright|all right)\W*$|\bdon'?t ask (?:me )?(?:why|how)\b"
    r"|\bi(?:'ve| have)? (?:just )?(?:pasted|copied|lifted) (?:this|that|it|these|those|the (?:list|text|table))\b"
    r"|\bi (?:go|leave|run|am off|'m off)\s+now\b|^\W*(?:that'?s|that is) (?:all|it)(?: for now)?\W*$"
    r"|\b(?:the )?formatting (?:got|was|is|has been|went) (?:lost|messed|broken|wrong|weird)\w*"
    # an interruption ('Sorry, my deputy just came in with papers to sign', 'Sorry, phone rang'), or how the talk feels
    r"|^\W*sorry\b[^.!?]{0,60}?\b(?:walked in|came in|rang|is ringing|interrupted|cut out|dropped|went down|"
    r"knocked)\b|\b(?:this|it)(?:'s| is| feels) (?:a bit |rather )?like (?:a|an) (?:job interview|exam|interrogation|"
    r"quiz|test)\b|\bmy (?:tea|coffee)(?:'s| has| is)? (?:gone |going |getting )?cold\b"
    r"|\b(?:this|it)(?:'s| is)? (?:starting to |beginning to )?feels? like\b"
    r"|\bif i (?:drop out|get cut off|lose (?:the )?(?:signal|connection)|disappear|dis+ap+ear|vanish|"
    r"go (?:quiet|silent|offline)|(?:don'?t|do not) (?:reply|answer))\b"
    r"|\bmy [\w ]{0,20}?(?:round|meeting|session|call|flight|train|shift|clinic) (?:starts|begins|is) in \w+ minutes\b"
    r"|\b(?:it'?s|that'?s|it is)\s+(?:quicker|faster|easier)\s+for me\b|\bi'?ll (?:just )?paste\b"
    r"|\bspare you\b|\bexcuse (?:the|my) (?:typos|formatting|english|spelling|grammar)\b"
)


def _aside(sentence: str) -> bool:
    """A sentence with no figure and no name that says nothing for the plan: an exclamation ('Kia ora!',
    'Phew!'), the leader saying they do not know ('I don't know how long people wait today'), or after an aside
    word only a remark about the situation ('Honestly, it's a mess at the moment')."""
    text = sentence.strip()
    words = text.split()
    if _aside_about_the_talk(text):
        return True
    if not words or re.search(r"\d", text) or any(w[:1].isupper() and not re.match(r"I\b", w) for w in words[1:]):
        return False
    rest = _ASIDE_OPENING.sub("", text)
    meaning = content_words(rest)
    return (
        bool(_NOT_KNOWING.match(rest))
        and not re.search(r"\s[-\u2013\u2014]\s|:\s", rest)  # else only its lead goes
        or bool(_ANECDOTE.match(rest))
        or meaning == 0
        or text.endswith("!")
        and meaning <= 2
        or rest != text
        and bool(_ABOUT_IT.match(rest))
        and meaning <= 3
    )


# A remark set off inside a sentence (', bless them', ', I'll be honest,', ' - thank goodness'): said in passing.
_IN_PASSING = (
    r"(?:bless (?:her|him|them)|don'?t ask|don'?t quote me(?: on (?:that|this|it))?|thank goodness|thankfully|"
    r"touch wood|fingers crossed|i'?ll be honest|to be (?:honest|fair)|if i'?m honest|"
    r"i (?:think|guess|reckon|suppose|checked)|you know|mind you|frankly|honestly|as you can imagine|believe me|"
    r"funnily enough|i'?m afraid|heaven knows|god knows|sadly|(?:like|as) i(?:'ve)? (?:said|mentioned)"
    r"(?: (?:before|already|earlier))?|like before)"
)
_PARENTHETICAL = rx(
    rf"\s[-\u2013\u2014]\s*{_IN_PASSING}\s+[-\u2013\u2014](?=\s)"  # ' - don't quote me on that - '
    rf"|\s*(?:,|\s[-\u2013\u2014])\s*{_IN_PASSING}(?=\s*(?:[,.;:!?]|\s[-\u2013\u2014]\s|$))"
    # a closing remark set off by a comma or a dash: ', which is a story for another day', '- the cakes there are
    # excellent, by the way', '- my own mum nearly did'
    r"|,\s*which is (?:a (?:long )?story for another (?:day|time)|another story)(?=\s*[.;!?]|$)"
    r"|\s[-\u2013\u2014]\s[^.;:!?]{3,60}?,?\s+by the way(?=\s*[.;!?]|$)"
    r"|\s[-\u2013\u2014]\s(?:my own|my|our own)\s+(?:mum|mother|dad|father|gran\w*|grandmother|grandfather|aunt|uncle|"
    r"sister|brother|wife|husband|son|daughter|kids|neighbour)\b[^.;:!?]{0,60}(?=\s*[.;!?]|$)"
)


# A closing remark on how something feels (', which is annoying but survivable.', ', which is frankly tiny.'):
# a few words after 'which is', none of them a figure or the start of a noun phrase ('the', 'our', 'a').
_FEELING = rx(
    r",\s*which\s+(?:is|was|would be|will be|'?d be|'?ll be|seems|feels)\s+"
    r"(?!(?:the|a|an|our|their|its|his|her|my|your|not|one|part|where|when|why|what|how)\b)"
    r"(?:[a-z]+\s+){0,3}[a-z]+(?P<end>\s*[.!?]?\s*)$"
)


def opens_not_knowing(text: str) -> bool:
    """Whether an answer opens by saying the leader does not know ('Honestly, I don't know who would chair
    it. ...')."""
    first = sentences(text)[:1]
    return bool(first) and bool(_NOT_KNOWING.match(_ASIDE_OPENING.sub("", first[0].strip())))


# A remark in brackets ('(sorry, the formatting got lost)', '(Don't ask me why the form changed again.)').
_BRACKETED = re.compile(r"\s*\((?P<inner>[^()]{2,160})\)")
# A question set off by dashes inside an answer ('the taux de recouvrement - I don't know the English word, the
# recovery rate? - each month'): said in passing.
_DASHED_QUESTION = re.compile(r"\s[-\u2013\u2014]\s[^-\u2013\u2014.!?\n]{3,90}\?\s[-\u2013\u2014]\s")


def without_remarks(text: str) -> str:
    """A message without its sentences about the conversation or the leader's day ('Can we speed this up?',
    'Next question, please.') and without a question set off by dashes inside an answer, so a remark is not
    taken for a question or an answer; the message itself when that is all it says."""
    text = _DASHED_QUESTION.sub(" - ", text)
    parts = sentences(text)
    kept = [part for part in parts if not _aside_about_the_talk(part)]
    return "".join(kept).strip() if kept and len(kept) < len(parts) else text


def _without_a_talk_lead(sentence: str) -> str:
    """A sentence without a lead-in about the conversation ('I already told you that: 40 volunteers ...')."""
    lead = re.match(r"(?P<lead>[^:\-\u2013\u2014]{3,80}?)(?:\s[-\u2013\u2014]\s|:\s)(?P<rest>\S.*)", sentence, re.S)
    if not lead or not _aside_about_the_talk(lead.group("lead")):  # dictated: 'ok last one right so the wait ...'
        lead = re.match(r"(?P<lead>(?:\S+\s+){1,20}?)so\s+(?P<rest>\S.*)", sentence, re.S)
    if not lead or not _ABOUT_THE_TALK.search(_ASIDE_OPENING.sub("", lead.group("lead").strip())):
        return sentence
    return lead.group("rest")[:1].upper() + lead.group("rest")[1:]


def _without_a_closing_remark(sentence: str) -> str:
    """A sentence without a closing clause about the conversation or the leader's day ('We run the ferry twice a
    day, and I have a train at five, so let's go quickly.')."""
    # after a comma, or in dictated text where a new 'I have ...' starts ('... calls back i have a train at five')
    for comma in re.finditer(r",\s+(?:and\s+|so\s+|but\s+)?|\s+(?=[iI](?:'ve|\s+have|\s+must|'m|\s+am)\b)", sentence):
        tail = sentence[comma.end() :].strip()
        first = re.split(r",\s+", tail, maxsplit=1)[0]  # the remark starts here: 'and I have a train at five'
        if comma.start() and len(tail.split()) <= 14 and _aside_about_the_talk(first):
            return sentence[: comma.start()] + "." + sentence[len(sentence.rstrip()) :]  # the remark's '?' goes too
    return sentence


def _aside_about_the_talk(sentence: str) -> bool:
    text = sentence.strip()
    return len(text.split()) <= 16 and bool(_ABOUT_THE_TALK.search(_ASIDE_OPENING.sub("", text)))


# A story of how the leader came to the problem ('What made me take this on: last March I was covering the
# clinic ...', 'It started with a small thing: one Saturday I saw ...'): its opening sentence.
_STORY_LEAD = rx(
    r"^(?:what (?:made|got|led|brought) (?:me|us)\b[^.:]{0,40}[:\u2013\u2014-]"
    r"|it (?:all )?(?:started|began) (?:with (?:a|an|one|my|our|me)\b|when\b|the day\b|one\b)"
    r"|i (?:still )?remember\b"
    r"|(?:i|we) (?:first )?(?:found out|realised|realized|discovered|learned|learnt) (?:how|what|just how)\b[^.]{0,60}"
    r"\bwhen\b|a (?:few|couple of) (?:days|weeks|months) ago,? (?:i|we)\b|the other day\b)"
)
# ... or one that opens on a day the leader was there ('One Saturday last winter I saw ...'), with no figure.
_STORY_DAY = rx(
    rf"^(?:one|last|that) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|morning|afternoon|evening|night|"
    rf"day|winter|summer|spring|autumn|{'|'.join(MONTHS)})\b[^.]{{0,60}}\b(?:i|we)\s+(?:was|were|saw|went|met|heard|"
    r"got|had|found|noticed|watched|visited|spoke|talked|sat|stood|came|walked|drove)\b"
)
# Where the leader comes back from the story to the problem ('That's the problem: ...', 'Since then ...').
_STORY_END = rx(
    r"^(?:(?P<lead>that(?:'s| is| was) (?:the|our|my) (?:whole |real )?(?:problem|point|issue|challenge)"
    r"(?: in a nutshell)?\s*:\s*|the (?:real )?(?:problem|point|issue|challenge) is\s*:\s*)"
    r"|(?:after that|since then|so now|now|today|in short|anyway|that'?s (?:why|how)|this is (?:why|how))\b)"
)


def _story(parts: list[str]) -> tuple[set[int], int | None]:
    """Which sentences tell a story of how the leader came to the problem: from its opening sentence to the
    sentence before the leader comes back to the problem (only the opening one when they do
    not), and the sentence they come back with."""
    for start, part in enumerate(parts):
        text = _ASIDE_OPENING.sub("", part.strip())
        if not _STORY_LEAD.match(text) and not (_STORY_DAY.match(text) and not re.search(r"\d", text)):
            continue
        for end in range(start + 1, min(start + 5, len(parts))):
            if _STORY_END.match(parts[end].strip()):
                return set(range(start, end)), end
        return {start}, None
    return set(), None


# An answer written as a letter: its greeting line ('Dear Coach,'; in a chat also a greeting sentence, 'Morning.'),
# a thank-you for the question, and its sign-off with the name and post under it ('Kind regards,\nAna Silva\nHead of
# Housing').
_GREETING = re.compile(
    r"^\s*(?:(?:dear|hi|hello|hey|good (?:morning|afternoon|evening|day)|greetings|bonjour|hola|buen[oa]s (?:d[ií]as|"
    r"tardes|noches)|estimad[oa]s?|querid[oa]s?|bom dia|boa (?:tarde|noite)|ol[aá]|car[oa]|ch[eè]re?s?|salut|"
    r"guten (?:tag|morgen)|hallo|liebe[rs]?|sehr geehrte[rs]?)\b"
    r"(?:[ \t]+[^\s,!.]+){0,4}[ \t]*[,!]?[ \t]*\n+\s*"
    r"|(?:hi|hello|hey|(?:good )?(?:morning|afternoon|evening)|greetings)(?:[ \t]+[^\s,!.]+){0,2}[ \t]*[.!]+\s+)?"
    r"(?:thank(?:s| you) (?:(?:very much|so much) )?for (?:your|the) "
    r"(?:question|message|e-?mail|note)s?[.!]\s*)?",
    re.I,
)
_SIGN_OFF_WORDS = (
    r"(?:(?:kind|best|warm|warmest|many|with (?:best|kind))\s+(?:regards|wishes|thanks)|regards|best|"
    r"thanks|thank you|many thanks|all the best|(?:yours )?sincerely|cheers|cordialement|bien \u00e0 vous|saludos|"
    r"(?:un )?saludos? cordiales|atentamente|atenciosamente|(?:com os )?(?:melhores )?cumprimentos|"
    r"mit freundlichen gr\u00fc\u00dfen|viele gr\u00fc\u00dfe)"
)
# What a mail program or phone puts under a message ('Sent from my iPhone', 'Get Outlook for Android', 'Enviado desde
# mi ...'), and a confidentiality notice, with the '--' that sets a signature off.
_FOOTER = re.compile(
    r"(?i)(?:\n[ \t]*(?:--[ \t]*\n[ \t]*)?(?:--[ \t]*)?(?:sent from (?:my|outlook|yahoo|mail|gmail)\b[^\n]{0,60}|"
    r"get outlook for [^\n]{0,30}|enviado desde (?:mi|el)\b[^\n]{0,60}|envoy[ée] de mon [^\n]{0,60}|"
    r"von meinem [^\n]{0,60}gesendet|(?:this|the information in this) (?:e-?mail|message|communication)\b[^\n]{0,300}"
    r"\b(?:confidential|intended (?:solely|only))\b[^\n]*|confidential(?:ity)?(?: notice)?\s*:[^\n]*)[ \t]*)+\s*$"
)
_SIGN_OFF = re.compile(
    rf"\n+[ \t]*{_SIGN_OFF_WORDS}[,!.]?(?:[ \t]+[A-Z][\w'\u2019.-]*(?:[ \t]+[A-Z][\w'\u2019.-]*){{0,3}})?[ \t]*"
    rf"(?:\n[^\n]{{0,90}}){{0,5}}\s*$"
    rf"|(?<=[.!?;])[ \t]+{_SIGN_OFF_WORDS}[,!.]?[ \t]*$",  # '... and reuse. Thanks' closing the last line
    re.I,
)


# A greeting in any language said as a sentence of its own before the leader says who they are ('Kia ora. I'm ...',
# 'Assalamu alaikum. I am ...', 'Hola, I'm ...'): one to three words, the later ones in lower case (a name such as
# 'Kirengo Municipality.' is title-cased).
_GREETING_SENTENCE = re.compile(
    r"^\s*[^\W\d_][\w'’]*(?:[ \t]+[^\W\d_A-Z][\w'’]*){0,2}[ \t]*[.!,]+\s+"
    r"(?=(?:I['’]?m|I am|I work|I lead|I head|I run|I manage|I look after|(?i:my name|this is|here is|here['’]s))\b)",
)
# A forwarded e-mail inside an answer: its header lines (in the mail programs' usual languages), the line that marks
# off the original message, the quote marks before its lines, and its sign-off with the name and post under it.
_MAIL_HEADER = (
    r"[ \t]*(?:from|sent|date|to|cc|bcc|subject|reply-to|de|enviad[ao]|data|fecha|para|assunto|asunto|objet|"
    r"envoy\w*|\u00e0|von|gesendet|an|betreff)[ \t]*:[^\n]*"
)
_MAIL_HEADERS = re.compile(
    rf"(?im)^(?:[ \t]*-{{2,}}[^\n]{{3,40}}-{{2,}}[ \t]*\n|[ \t]*begin forwarded message:[ \t]*\n)?"
    rf"(?=[ \t]*(?:from|de|von)[ \t]*:)(?:{_MAIL_HEADER}(?:\n|$)){{2,}}"
)
_QUOTED_LINE = re.compile(r"(?m)^[ \t]*>+[ \t]?(?=[^\d\s>])")
_MAIL_SIGN_OFF = re.compile(
    rf"(?im)^[ \t]*{_SIGN_OFF_WORDS}[,!.]?[ \t]*(?:\n[^\n]{{1,90}}){{0,3}}?(?=\n[ \t]*\n|\s*\Z)"
)


# Lines quoted from the earlier message of a thread ('> Ines, which routes do we grit first?').
_QUOTED_BLOCK = re.compile(r"(?m)(?:^[ \t]*>[^\n]*(?:\n|\Z))+")
# The leader's line that sends a mail on ('see below from our finance lead, that answers it', "Our engineer's reply,
# FYI"): about the mail, not the plan.
_SENDS_ON = re.compile(
    r"(?i)\b(?:below|fyi|forward\w*|repl(?:y|ies|ied)|answers? (?:it|that|this)|covers? (?:it|that|this)|said|"
    r"wrote|e-?mail|mail|pasted|sent me)\b"
)


# What a forwarded mail opens with before its answer ('As requested, in English for the plan:').
_AS_ASKED = re.compile(
    r"(?i)^(?:as (?:requested|promised|discussed|agreed|asked)|per your (?:request|e-?mail|note))\b[^\n:.]{0,60}:\s*"
)


def _sends_on(lead: str) -> bool:
    return len(lead.split()) <= 20 and not re.search(r"\d", lead) and bool(_SENDS_ON.search(lead))


def _asks(block: re.Match) -> str:
    """A quoted block that asks ('> which routes do we grit first?') is the question the mail answers: left out; one
    with a figure is kept, as what the mail says."""
    quoted = block.group(0)
    return "" if "?" in quoted and not re.search(r"\d", quoted) else quoted


def without_mail(text: str) -> str:
    """An answer with a forwarded e-mail in it, without the e-mail's header lines, the leader's line sending it on,
    the question it quotes, its greeting, quote marks and sign-off; the text as it is when it holds no e-mail (two
    header lines at least, one of them the sender's)."""
    headers = _MAIL_HEADERS.search(text)
    if not headers and len(_QUOTED_LINE.findall(text)) < 2:
        return text
    lead, mail = (text[: headers.start()], text[headers.end() :]) if headers else ("", text)
    mail = _GREETING.sub("", _QUOTED_BLOCK.sub(_asks, _MAIL_HEADERS.sub("", mail)).lstrip(), count=1)
    if headers:  # the mail's own salutation ('Boss,', 'Team,' on a line of its own) and 'As requested, ...:'
        mail = re.sub(r"^[^\n,.:;!?\d]{1,30},[ \t]*\n[ \t]*\n", "", mail, count=1)
        mail = _AS_ASKED.sub("", mail, count=1)
    mail = ("" if _sends_on(lead) else lead.rstrip() + "\n\n") + mail
    mail = _QUOTED_LINE.sub("", mail)
    mail = _MAIL_SIGN_OFF.sub("", mail)
    mail = re.sub(r"\n[ \t]*\n(?:[ \t]*\n)+", "\n\n", mail).strip()
    return mail or text


# A note in brackets that speaks to the reader: to 'you', asking or excusing ('please', 'bear with me', 'feel free',
# 'sorry'), about the replies ('..., so expect slow answers then'), or with a feeling word at its end ('..., luckily').
_TO_THE_READER = re.compile(
    r"(?i)\b(?:you|your|please|bear with|feel free|sorry|forgive|excuse|apologies|good luck)\b"
    r"|\b(?:slow|late) (?:replies|answers)\b|\b(?:replies|answers)\b.{0,20}\b(?:slow|late|delayed)\b"
    r"|[,\s](?:thankfully|luckily|sadly|unfortunately|alas|lol|haha)\W*$"
)


def _note(text: str, bracket: re.Match) -> bool:
    """Whether ``bracket`` is a whole list item (between semicolons, as :func:`listed_inline` writes a list) with no
    figure that speaks to the reader: '...; (I'm away next week, so replies will be slow); ...'."""
    inner = bracket.group("inner")
    before, after = text[: bracket.start()].rstrip(), text[bracket.end() :].lstrip()
    whole = before.endswith((";", ":")) and (not after or after[0] in ";.")
    return whole and len(inner.split()) >= 5 and not re.search(r"\d", inner) and bool(_TO_THE_READER.search(inner))


def without_letter(text: str) -> str:
    """A message without the letter around it: a greeting line or sentence, thanks for the question, a sign-off, and
    the headers, quote marks and sign-off of an e-mail pasted into it."""
    letter = _GREETING.sub("", without_mail(text), count=1)
    greeting = _GREETING_SENTENCE.match(letter)
    if greeting:
        letter = letter[greeting.end() :]
        letter = letter[:1].upper() + letter[1:]
    letter = _SIGN_OFF.sub("", _FOOTER.sub("", letter, count=1), count=1)
    return letter.strip() if letter.strip() else text


# A sound made while thinking aloud, in dictated answers ('so um we run two vans').
_FILLER = re.compile(r"(?i)(?<![\w'-])(?:u+m+|u+h+m*|e+r+m+|h+m+)\b(?![-'])[,.]?\s*(?P<next>\w)?")


def _after_filler(text: str, match: re.Match) -> str:
    """What follows a filler: its next letter, a capital where the filler opened a sentence ('Hmm, that's it')."""
    following = match.group("next") or ""
    opens = not text[: match.start()].strip() or text[: match.start()].rstrip()[-1] in ".!?"
    return following.upper() if opens else following


def without_asides(text: str) -> str:
    """The leader's answer without what was said to the coach in passing: sentences that are asides go (by the
    rules here or, when the coach has turned it on, by the reader of :mod:`assistant.remarks`), a story of how the
    leader came to the problem goes, and a sentence that opens with an aside word keeps only what follows it. A
    single sentence is left whole."""
    said = text
    text = _BRACKETED.sub(
        lambda m: (
            ""
            if _aside_about_the_talk(m.group("inner"))
            or _aside(m.group("inner"))
            or _note(said, m)
            or remarks.remarks([m.group("inner").strip() + "."])[0]  # '(went to the derby and we lost, so I'm grumpy)'
            else m.group()
        ),
        said,
    )
    if text != said:  # a list item gone leaves no separator behind: 'A; (note); B' is 'A; B', 'A; (note).' is 'A.'
        text = re.sub(r"\s*;\s*(?=;|[.]?\s*$)", "", text)
    text = _PARENTHETICAL.sub("", _DASHED_QUESTION.sub(" - ", text))
    text = _FILLER.sub(lambda m: _after_filler(text, m), text)
    parts = sentences(text)
    if len(parts) < 2:  # a single sentence loses only a remark on the conversation at its start or end
        return _without_a_talk_lead(_without_a_closing_remark(text))
    story, back = _story(parts)
    if story and len(story) < len(parts):
        if back is not None:
            lead = _STORY_END.match(parts[back].strip())
            if lead and lead.group("lead"):  # 'That's the problem: 30% of rounds finish late.'
                rest = parts[back].strip()[lead.end() :]
                parts[back] = rest[:1].upper() + rest[1:] + parts[back][len(parts[back].rstrip()) :]
        parts = [part for n, part in enumerate(parts) if n not in story]
    kept = []
    for part, remark in zip(parts, remarks.remarks(parts), strict=True):
        if remark or _aside(part):
            continue
        part = _FEELING.sub(lambda m: m.group("end"), part)  # ', which is annoying but survivable.'
        part = _without_a_closing_remark(part)
        lead = re.match(r"(?P<lead>[^:\-\u2013\u2014]{3,80}?)(?:\s[-\u2013\u2014]\s|:\s)(?P<rest>\S.*)", part, re.S)
        opens = lead and (
            _ASIDE_OPENING.match(lead.group("lead"))
            or _NOT_KNOWING.match(lead.group("lead"))
            or _aside_about_the_talk(lead.group("lead"))  # 'I already told you that: 40 volunteers ...'
        )
        if lead and opens and _aside(lead.group("lead") + "."):
            part = lead.group("rest")  # 'Honestly, it's a mess at the moment - people phone ...'
            part = part[:1].upper() + part[1:]
        opening = _ASIDE_OPENING.match(part)
        if opening and opening.end() < len(part) and re.search(r"[,:;!-]\s*$", opening.group(0)):
            part = part[opening.end() :]
            part = part[:1].upper() + part[1:]
        kept.append(part)
    return "".join(kept).strip() if kept else text


# A pasted section's own heading before its text: 'Section 3.2 Delivery partners.', '2.1 Situation analysis:'.
_DOCUMENT_HEADING = re.compile(
    r"^(?:(?:Section|Part|Chapter|Annex|Appendix|Paragraph|\u00a7)\s*\d+(?:\.\d+)*[.:]?|\d+(?:\.\d+)+\.?)"
    r"[ \t]+[A-Z][^.:;!?\n]{0,70}?(?:[.:][ \t]*\n?[ \t]*|[ \t]*\n)"
)


def clean_phrase(text: str, limit: int = 400) -> str:
    """The leader's words made presentable: one line, first letter up, one closing full stop; without a
    lead-in to a pasted passage; cut at ``limit`` characters (0: never)."""
    text = (text or "").strip()
    heading = _DOCUMENT_HEADING.match(text)
    if heading and len(text) - heading.end() >= 40:  # 'Section 2.1 Situation analysis. Cervical cancer ...'
        text = text[heading.end() :]
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > 1 and text[0] + text[-1] in ('""', "''", "“”"):
        text = text[1:-1].strip()  # only quotes that wrap the whole answer
    text = re.sub(
        r"^(?:(?:um+|erm+|well|so|ok|okay|right|hmm+|yeah|yes|as i (?:said|mentioned)(?: (?:earlier|before|above))?|"
        r"like i said|as (?:mentioned|noted|said)(?: (?:earlier|before|above))?)[,.:]?\s+)+",
        "",
        text,
        flags=re.I,
    )
    lead = _PASTE_LEAD.match(text)
    if lead and len(text) - lead.end() >= 80:
        text = text[lead.end() :]
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def bare(text: str) -> str:
    """A phrase to sit inside a sentence: no closing punctuation, and the first letter lowered
    unless the first word is an acronym or starts a name ('Better Care Fund', 'NHS trust')."""
    phrase = clean_phrase(text).rstrip(".!?…")
    words = phrase.split()
    if not words:
        return ""
    first = words[0]
    named = first.lower() not in _DETERMINERS and any(w[:1].isupper() for w in words[1:4])
    if named or re.match(r"^[A-Z0-9&]{2,}\b|^[A-Za-z]+[A-Z]", first) or first == "I":
        return phrase
    return phrase[0].lower() + phrase[1:]


_DETERMINERS = {
    "the",
    "a",
    "an",
    "our",
    "my",
    "your",
    "their",
    "its",
    "this",
    "that",
    "these",
    "those",
    "we",
    "it",
    "they",
    "both",
    "each",
    "every",
    "all",
    "some",
    "any",
    "no",
}


# --- corrections said in passing ------------------------------------------------------------------

# A figure or a date a leader may put right as they speak: 'June 2027', 'Q3 2027', 'FY 2026/27', '2024-2028',
# '2027', '£125,000', 'UGX 120 million', '34%', '4,300'.
_UNITS_IN_WORDS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
    r"eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|"
    r"seven|eight|nine))?"
)
_SCALE_WORD = r"(?:hundred|thousand|million|billion|lakh|crore)"
# A figure with a scale said in words: 'four hundred thousand', 'two hundred and fifty thousand', 'one crore
# twenty lakh'.
_LARGE_IN_WORDS = (
    rf"(?i:(?=(?:a|an|{_UNITS_IN_WORDS})(?:[\s-]+(?:and\s+)?(?:{_UNITS_IN_WORDS}|{_SCALE_WORD}|point))*?[\s-]+{_SCALE_WORD}\b)"
    rf"(?:a|an|{_UNITS_IN_WORDS})(?:[\s-]+(?:and\s+)?(?:{_UNITS_IN_WORDS}|{_SCALE_WORD}|point)\b)+)"
)
_SPOKEN_VALUE = re.compile(
    rf"(?<![\w.,{CURRENCY}])(?:"
    rf"(?P<date>(?:\d{{1,2}}\s+)?(?i:{_MONTH})\s+\d{{4}}|\d{{1,2}}\s+(?i:{_MONTH})\b(?!\s+\d)"
    r"|(?:Q[1-4]|FY|fiscal year|financial year)\s?\d{2,4}"
    r"(?:\s?[-\u2013/]\s?\d{2,4})?|(?:19|20)\d{2}(?:\s?[-\u2013/]\s?(?:19|20)?\d{2})?)"
    rf"|(?P<number>{_LARGE_IN_WORDS}"  # 'three hundred thousand', 'two hundred and fifty thousand'
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?=\s+(?:days?|weeks?|months?|"
    rf"years?|hours?)\b)|(?:[{CURRENCY}]\s?|[A-Z]{{2,3}}\$?\s?)?(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
    r"(?:\s?(?:%|percent\b|per cent\b|million\b|billion\b|m\b|bn\b|k\b))?)"
    r"|(?P<often>(?:daily|weekly|fortnightly|monthly|bimonthly|quarterly|annually|yearly|biannually)\b|"
    r"(?:once|twice|three times|four times) (?:a|per|each) (?:day|week|fortnight|month|quarter|year)\b|"
    r"every (?:(?:\w+|\d+) )?(?:days?|weeks?|fortnight|months?|quarters?|years?)\b)"
    r")(?![\w%]|[.,]\d)"
)
# Words that take back what was just said: 'about 4,000 - sorry, 4,300', 'by 2027, no, March 2028', '60, or rather
# 65', '31% (no wait, that's last year's figure - it's 34%)'. Set off by a comma, a bracket or a dash.
_TAKE_BACK = re.compile(
    r"(?i)(?P<open>\s*[,;(]\s*|\s+[-\u2013\u2014]\s+)"
    r"(?:(?:(?:sorry|wait|i mean|i meant|or rather|correction|make that|scratch that|my mistake|oops|i misspoke|"
    r"let me rephrase|actually no)\b"
    r"|no(?:,|\s+wait\b))[\s,:]*)+"
)
# What may stand between the taking back and the new value: a word or two ('the'), or words that end by
# leading to it ("that's last year's figure - it's").
_LEADS_TO_IT = re.compile(r"(?i)(?:\b(?:it'?s|it is|it was|they'?re|that'?s|should be|should read|is|was)\s*)$")
# The slip named before the right value: 'no, I have the months wrong: by July 2027'.
_SLIP = re.compile(
    r"(?i)(?:i|we)(?:'ve| have| had)?\s+(?:got\s+)?(?:the|that|my|our)\s+[\w ]{1,20}?\s+wrong\s*[:,-]\s*"
    r"|(?:[\w' ]{1,30}?\s+)?(?:gave|sent|told|showed|has given|just sent)\s+(?:me|us)\s+the\s+"
    r"(?:exact|right|real|correct|actual|final|true)\s+(?:figure|number|amount|sum|date|count)\s*[:,-]\s*"
)
_CLOSING_DASH = re.compile(r"(?:\s+[a-z]+){0,2}\s+[-\u2013\u2014]\s")  # after the unit, if any
# 'no, sorry, that was last year's figure; it is ...', '14 was the 2023 cohort; ...': the old figure was right for
# something else.
_WAS_ANOTHER = re.compile(
    r"(?i)(?:[a-z]+,\s+)?(?:that|this|(?:the\s+)?\d[\d,.]*\s?%?)(?:'s| was| is| were)\b[^.;!?\n]{0,60}"
    r"(?:;|\.(?=\s+[^.!?\n]{0,40}\d))\s*"
)


# A range the leader then settles on one figure of ('somewhere between 12 and 16 percent, depending on the
# estimate - let's say 14 percent'): the range, what follows it in the sentence and the settling words.
_SETTLED_RANGE = re.compile(
    r"(?i)(?:\b(?:somewhere|anywhere|roughly|about|around|probably)\s+)?"
    r"(?:\bbetween\s+(?P<low>\d[\d,.]*)\s?(?P<unit1>%|percent\b|per cent\b)?\s+and\s+(?P<high>\d[\d,.]*)"
    r"|(?<![\w.,])(?P<low2>\d[\d,.]*)\s?(?P<unit2>%)?\s?[-\u2013](?P<high2>\d[\d,.]*))(?![\d,.]\d)"
    r"\s?(?P<unit>%|percent\b|per cent\b)?"
    r"[^.!?]{0,90}?(?:[,;:]|\s[-\u2013\u2014])\s*(?:so\s+|but\s+|or\s+)?"
    r"(?:let'?s|let us|i'?d|i would|i'?ll|we'?ll|we would|call it|best guess(?: is| would be)?:?|most likely)"
    r"\s*(?:say|call it|go with|use|take|settle on|put it at)?\s+"
    r"(?P<value>\d[\d,.]*)(?![\d,.]\d)(?P<own>\s?(?:%|percent\b|per cent\b))?"
)


# Two candidate figures, one picked a few words on ('either 210 or 240 litres, ... the 2025 analysis says 240, so 240',
# '72% or 75 - the board says 75 ...').
_EITHER = re.compile(
    r"(?i)(?:\beither\s+|(?<![\w.,%-]))(?P<a>\d[\d,.]*)(?P<unit>\s?(?:%|percent\b|per cent\b))?\s+or\s+"
    r"(?P<b>\d[\d,.]*)(?![\d,.]\d)(?P<own>\s?(?:%|percent\b|per cent\b))?"
)
_PICKED = re.compile(r"(?i)\b(?:so|says|say|said|use|take|go with|it'?s)\s+(?P<x>\d[\d,.]*)(?![\d,.]\d)")


def _picked(text: str) -> str:
    """``text`` with 'either A or B' made the one of them picked a few words on."""
    for match in _EITHER.finditer(text):
        picked = next((p.group("x") for p in _PICKED.finditer(text, match.end(), match.end() + 200)), "").rstrip(".,")
        if picked in (match.group("a"), match.group("b")):
            unit = match.group("own") or match.group("unit") or ""
            return _picked(text[: match.start()] + picked + unit + text[match.end() :])
    return text


def _settled_range(text: str) -> str:
    """``text`` with a range settled on one of its values made that value, with the range's unit."""
    for match in _SETTLED_RANGE.finditer(text):
        numbers = [match.group(g) for g in ("low", "high", "value")]
        if not numbers[0]:
            numbers[:2] = [match.group("low2"), match.group("high2")]
        try:
            low, high, value = (float(n.replace(",", "").rstrip(".")) for n in numbers)
        except ValueError:
            continue
        if not low <= value <= high:  # 'aged 25-49, say 34,000 women': not one of the range's values
            continue
        unit = match.group("own") or match.group("unit") or match.group("unit1") or match.group("unit2") or ""
        if unit and not unit.startswith(" ") and not match.group("own") and unit[0].isalpha():
            unit = " " + unit
        return _settled_range(text[: match.start()] + match.group("value") + unit + text[match.end() :])
    return text


# A figure said in words and then in digits ('roughly two thirds - call it 65 percent -', 'just under half (48%)'):
# the words' approximate lead, and after the digits the closing dash or bracket.
_APPROXIMATE_LEAD = re.compile(
    r"(?i)\b(?:just\s+)?(?:shy of|under|over|short of|below|above)\s*$|\b(?:roughly|about|around|nearly|almost|"
    r"some|approximately|close to|a bit (?:over|under|more than|less than)|more than|less than)\s*$"
)
_IN_DIGITS_AFTER = re.compile(
    r"\s*(?P<open>[-\u2013\u2014(,])\s*(?:call it|say|so|that'?s|i\.e\.|or|about|roughly|exactly)?\s*"
    r"(?P<value>\d[\d,.]*\d|\d)(?P<unit>\s?(?:%|percent\b|per cent\b))?"
    r"(?:,?\s+(?:to be (?:exact|precise)|exactly|precisely|near enough|or so|give or take))?"
    r"(?P<close>\s*\)|\s+[-\u2013\u2014](?=\s))?"
)


def _restated_in_digits(text: str) -> str:
    """``text`` with a figure said in words and then again in digits written once, in the digits: 'roughly two
    thirds - call it 65 percent - of calls' is '65 percent of calls'. The two must agree within a fifth and be of
    one kind (a share for a share)."""
    for start, end, value, unit in _figures_in_words(text):
        after = _IN_DIGITS_AFTER.match(text, end)
        if not after:
            continue
        digits = float(after.group("value").replace(",", ""))
        if (unit == "%") != bool(after.group("unit")) or not 0.8 * float(value) <= digits <= 1.2 * float(value):
            continue
        lead = _APPROXIMATE_LEAD.search(text[:start])
        begin = lead.start() if lead else start
        said = after.group("value") + (after.group("unit") or "")
        if after.group("open") in "-\u2013\u2014(" and not after.group("close"):
            continue  # an opened aside not closed: something else follows the figure
        rest = text[after.end() :]
        if begin == 0 or text[:begin].rstrip().endswith((".", "!", "?")):
            said = said[:1].upper() + said[1:]
        rest = " " + rest.lstrip(" ") if rest.strip()[:1].isalnum() else rest
        return _restated_in_digits(text[:begin] + said + rest)
    return text


# An aside on how a figure was first given ('(the board first said 39%, but after the recount it is 41%)', '- the audit
# initially reported 230, but the final count is 212 -').
_FIRST_SAID = re.compile(
    r"(?i)\s*(?:\((?P<bracketed>[^()\n]{0,200})\)|\s[-\u2013\u2014]\s(?P<dashed>[^\n\-\u2013\u2014]{0,200}?)\s[-\u2013\u2014](?=\s))"
)
_FIRST_SAID_WORDS = re.compile(
    r"(?i)\b(?:first|initially|originally|earlier|at first)\s+(?:said|reported|gave|had|published|counted|put it at)\b"
)


def _first_said_aside(text: str) -> str:
    """``text`` without an aside that tells how the figure just said was first given wrong: the aside names an
    earlier figure and ends on the figure said before it, so the plan needs neither."""

    def said(match: re.Match) -> str:
        aside = match.group("bracketed") or match.group("dashed") or ""
        figures = quantities(aside)
        before = quantities(text[max(0, match.start() - 80) : match.start()])
        if not _FIRST_SAID_WORDS.search(aside) or len(figures) < 2 or not before:
            return match.group(0)
        last, said_before = figures[-1], before[-1]
        if last.value != said_before.value or last.unit != said_before.unit:
            return match.group(0)
        return ""

    return _FIRST_SAID.sub(said, text)


# A round figure and then the exact one ('about 300 - 287 exactly', 'roughly 1,200 (1,174 to be precise)').
_EXACTLY = re.compile(
    r"(?i)(?:\b(?:about|around|roughly|approximately|some|nearly|almost|close to)\s+)?"
    r"(?<![\w.,])(?P<round>\d[\d,.]*\d|\d)\s*(?:[-\u2013\u2014]\s*|\(\s*|,\s*)"
    r"(?P<exact>\d[\d,.]*\d|\d)\s+(?:exactly|to be (?:exact|precise)|precisely)\s*\)?"
)


def _exactly(text: str) -> str:
    """``text`` with a round figure followed by the exact one said once, as the exact one ('we trained about 300 - 287
    exactly, in 14 groups' is 'we trained 287, in 14 groups'); the two must be within a fifth of each other."""

    def said(match: re.Match) -> str:
        try:
            rough, exact = (float(match.group(g).replace(",", "")) for g in ("round", "exact"))
        except ValueError:
            return match.group(0)
        if not 0.8 * rough <= exact <= 1.2 * rough:
            return match.group(0)
        return match.group("exact")

    said_once = _EXACTLY.sub(said, text)
    return said_once[:1].upper() + said_once[1:] if text[:1].isupper() else said_once


def _unit_kind(value: str) -> str:
    """'%' for a share, 'GBP' for a sum in any currency (as :func:`quantities` reads it), '' for anything else."""
    found = quantities(value)
    return found[0].unit if found and found[0].unit in ("%", "GBP") else ""


def as_corrected(text: str) -> str:
    """``text`` with each figure or date the leader put right as they spoke replaced by the correction, and the
    taking back gone: 'about 4,000 - sorry, 4,300 - households' is 'about 4,300 households'; 'by 2027, no,
    March 2028' is 'by March 2028'. Only a value of the same kind (a figure for a figure, a date for a date)
    within three words before the taking back is replaced. A range settled on one of its values ('between 30
    and 40 percent - let's say 35') keeps that value, and so do two candidates one of which is picked ('either 18
    or 22 percent, but the report says 22')."""
    text = _picked(_settled_range(_restated_in_digits(_exactly(_first_said_aside(text)))))
    for _ in range(5):  # a few corrections in one answer
        corrected = _first_correction(text)
        if corrected is None:
            return text
        text = corrected
    return text


def _put_right_too(gap: str, tail: str) -> bool:
    """Whether the words between the old value and the taking back ('by March 2027') are said again after the new
    value with another date ('by June 2028'), so that both were put right."""
    before = re.match(r"\s*(\w+)\s+", gap)
    after = re.match(r"\s*(\w+)\s+", tail)
    if not before or not after or before.group(1).lower() != after.group(1).lower():
        return False
    old = _SPOKEN_VALUE.match(gap, before.end())
    new = _SPOKEN_VALUE.match(tail, after.end())
    return bool(old and new and old.lastgroup == new.lastgroup == "date" and old.end() == len(gap.rstrip()))


def _first_correction(text: str) -> str | None:
    for mark in _TAKE_BACK.finditer(text):
        new = _SPOKEN_VALUE.search(text, mark.end())
        if not new:
            continue
        another = _WAS_ANOTHER.match(text, mark.end())
        later = None
        if another and new.end() <= another.end():
            closing = (v for v in _SPOKEN_VALUE.finditer(text, another.end()) if _CLOSING_DASH.match(text, v.end()))
            later = next(closing, None)
        if another and later and len(text[another.end() : later.start()].split()) <= 8:
            new = later  # '20 weeks - no, 20 was the 2023 figure; this year it is 18 weeks - to 12 weeks'
        elif another and new.end() <= another.end():  # '186 at the end of FY2024 - no, wait, that was FY2023; ...'
            start = max((m.end() for m in re.finditer(r"[.!?;:]\s+", text[: mark.start()])), default=0)
            rest = text[another.end() :]
            return text[:start] + (rest[:1].upper() + rest[1:] if start == 0 or text[start - 2] in ".!?" else rest)
        between = text[mark.end() : new.start()]
        was = _WAS_ANOTHER.match(between) or _SLIP.match(between)
        if was:  # "... that was last year's figure; it is UGX 145 million", "no, I have the months wrong: by ..."
            between = between[was.end() :]
        if re.search(r"[.!?;]", between) or (len(between.split()) > 2 and not _LEADS_TO_IT.search(between)):
            continue
        if len(between.split()) > 8:
            continue
        kind = new.lastgroup
        old = None
        for found in reversed(list(_SPOKEN_VALUE.finditer(text, 0, mark.start()))):
            gap = text[found.end() : mark.start()]
            if re.search(r"[.!?;:]", gap):
                break
            same = _unit_kind(new.group()) and _unit_kind(new.group()) == _unit_kind(found.group())
            if found.lastgroup != kind or _unit_kind(found.group()) not in ("", _unit_kind(new.group())):
                continue  # '10 percent' is not what 'EUR 120,000' puts right
            if len(gap.split()) > 3 and not same:  # far back only in the same unit: 'EUR 150,000 from the ... fund'
                break
            old = found
            break
        if old is None or old.group() == new.group():
            continue
        gap = text[old.end() : mark.start()]
        tail = text[new.end() :]
        opened = mark.group("open").strip()
        if opened == "(":
            tail = re.sub(r"^\s*\)", "", tail)
        if gap.strip() and tail.lstrip().lower().startswith(gap.strip().lower()):
            tail = tail[len(tail) - len(tail.lstrip()) + len(gap.strip()) :]
        elif _put_right_too(gap, tail):
            gap = ""  # '90 percent by March 2027 - no, ...; ours is 75 percent by June 2028': the date too
        if opened in ("-", "\u2013", "\u2014"):  # the rest of the aside, up to its closing dash, goes with it
            tail = re.sub(r"^[^.!?;\n\-\u2013\u2014]{0,90}?[ \t][-\u2013\u2014][ \t]+", " ", tail, count=1)
        said = new.group()
        if not said[:1].isdigit() and _unit_kind(said) == "GBP" and re.fullmatch(r"\s*[a-z]+\s*", gap):
            gap = ""  # '2.5 million shillings - no, ...: KES 2,740,000': the new sum says its currency
        year = re.search(r"\b(?:19|20)\d\d$", old.group())
        if kind == "date" and year and not re.search(r"\b(?:19|20)\d\d\b", said):
            said = f"{said} {year.group()}"  # '30 June 2027 - sorry, 14 July': still 2027
        return text[: old.start()] + said + gap + tail
    return None


# --- answers written as lists ----------------------------------------------------------------------

_LIST_LINE = re.compile(
    r"^\s*(?:[-*\u2022\u2013]|\d{1,2}[.)]|\(\d{1,2}\)|\(?[a-hA-H][.)]|\(?(?i:i{1,3}|iv|vi{0,3}|ix|x)[.)])"
    r"\s+(?P<item>\S.*)$"
)
# Items marked inside a line, in order ('(a) ... (b) ...', 'a) ..., b) ... and c) ...', 'i) ... ii) ...').
_INLINE_MARK = re.compile(r"(?:^|(?<=[\s:;,]))\(?(?P<mark>(?i:[a-h]|i{1,3}|iv|vi{0,3}|ix|x))\)\s+")
_SEQUENCES = ("abcdefgh", ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"])


def _marked_inline(text: str) -> str:
    """``text`` with items marked in order inside a line ('(a) X; (b) Y and (c) Z', 'i) X ii) Y') read as a list:
    the marks gone, the items apart by semicolons ('X; Y; Z'); each run of marks starting again at 'a' or 'i' is a
    list of its own. Text with no two marks in order is returned as it is."""
    runs: list[list[re.Match]] = []
    current: list[re.Match] = []
    for mark in _INLINE_MARK.finditer(text):
        said = mark.group("mark").lower()
        sequence = next((seq for seq in _SEQUENCES if current and current[0].group("mark").lower() == seq[0]), None)
        if said in ("a", "i"):
            runs.append(current)
            current = [mark]
        elif sequence and len(current) < len(sequence) and said == sequence[len(current)]:
            current.append(mark)
    runs = [run for run in [*runs, current] if len(run) >= 2]
    if not runs:
        return text
    out, at = [], 0
    for run in runs:
        for n, mark in enumerate(run):
            before = text[at : mark.start()]
            if n:  # the item before ends: its trailing 'and' or comma goes, a semicolon parts it from the next
                before = re.sub(r"(?i)[\s,;]*(?:\band|\bor)?\s*$", "", before) + "; "
            out.append(before)
            at = mark.end()
    out.append(text[at:])
    return "".join(out)


_LABEL = re.compile(r"^(?!.*\d)[^:.!?;]{1,60}:$")


def listed_inline(text: str) -> str:
    """An answer written as a list, in one line: its items apart by semicolons, a short label before them
    ('Strategic links:') left out, an intro that says more kept, lines after the list kept as sentences. Text
    with fewer than two list items is returned as it is."""
    text = "\n".join(_marked_inline(line) for line in text.split("\n"))
    lines = [line for line in text.split("\n") if line.strip()]
    items = [n for n, line in enumerate(lines) if _LIST_LINE.match(line)]
    if len(items) < 2:
        return text
    first, last = items[0], items[-1]
    intro = " ".join(line.strip() for line in lines[:first])
    if _LABEL.match(intro) and len(intro.split()) <= 6 and not re.search(r"(?i)\b(?:we|i|they|you|us)\b|\(", intro):
        intro = ""
    body: list[str] = []
    nested: list[bool] = []  # whether each item has sub-items yet
    depth = len(lines[first]) - len(lines[first].lstrip())
    for line in lines[first : last + 1]:
        match = _LIST_LINE.match(line)
        if match and body and len(line) - len(line.lstrip()) > depth:  # a sub-item: after its item, by commas
            item = match.group("item").strip().rstrip(";,.").strip()
            body[-1] = f"{body[-1].rstrip(':')}{', ' if nested[-1] else ': '}{item}"
            nested[-1] = True
        elif match:
            body.append(match.group("item").strip().rstrip(";,.").strip())
            nested.append(False)
        elif body:  # an item going on over a second line
            body[-1] = f"{body[-1]} {line.strip().rstrip(';,.')}"
    joined = "; ".join(item for item in body if item)
    after = " ".join(line.strip() for line in lines[last + 1 :])
    out = f"{intro} {joined}".strip() if intro else joined
    return f"{out}. {after}" if after else out
