"""Answers typed as text messages, read as written words.

Leaders answer from their phones: 'approx 48k ppl, 2/3 urban. tbh the truck only comes 2x a week b/c of the budget'.
The plan should read 'About 48k people ... because of the budget', so before an answer is read the unambiguous
shorthand is spelled out ('w/' with, 'ppl' people, 'govt' government, 'dont' don't), the chat's own noises ('lol',
'tbh', 'btw') are left out, and a message typed wholly in lower case gets capitals at its sentence starts and for
'I'. Words that are also ordinary words ('its', 'ill', 'were', 'id') and anything in capitals are left as typed.
"""

from __future__ import annotations

import re

# Shorthand with one meaning, matched in lower case only as a word of its own ('U' in 'Unit U' stays).
_SPELLED = {
    "w/o": "without",
    "w/in": "within",
    "w/": "with",
    "b/c": "because",
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "thnx": "thanks",
    "ppl": "people",
    "approx": "about",
    "approx.": "about",
    "abt": "about",
    "govt": "government",
    "thru": "through",
    "yr": "year",
    "yrs": "years",
    "mgmt": "management",
    "cuz": "because",
    "coz": "because",
    "im": "I'm",
    "ive": "I've",
    "i": "I",
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "cant": "can't",
    "wont": "won't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "havent": "haven't",
    "thats": "that's",
    "whats": "what's",
    "theres": "there's",
    "theyre": "they're",
    "youre": "you're",
}
_WORD = re.compile(
    r"(?<![\w/'\u2019.-])(?:"
    + "|".join(re.escape(k) for k in sorted(_SPELLED, key=len, reverse=True))
    + r")(?=$|[\s,;:!?)]|\.(?:\s|$))"
)
# The chat's own noises, with the comma or dash that sets them off.
_NOISES = r"(?:tbh|lol|lmao|haha+|btw|imo|fyi|fwiw)"
_NOISE_AFTER = re.compile(rf"[ \t]*[,\u2013\u2014-][ \t]*{_NOISES}\b[ \t]*(?=[,.;:!?)]|$)", re.M)
_NOISE = re.compile(rf"(?<![\w'-]){_NOISES}\b[,:;!.\u2013\u2014-]*[ \t]*")
_LIST_MARK = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")


def _capitals(body: str, first: bool) -> str:
    """Capitals at the sentence starts of ``body``, and at its first letter when ``first``."""
    body = re.sub(r"(?<=[.!?])(\s+)([a-z])", lambda m: m.group(1) + m.group(2).upper(), body)
    return body[:1].upper() + body[1:] if first else body


def _typed_in_lower_case(text: str) -> bool:
    """Whether ``text`` has two sentences or list items or more and each that starts with a letter starts with a
    small one (a short answer in lower case, 'consult', is not texting)."""
    starts = [
        m.group(1)
        for line in text.splitlines()
        for m in re.finditer(r"(?:^|(?<=[.!?])\s+)([^\W\d_])", _LIST_MARK.sub("", line, count=1))
    ]
    return len(starts) > 1 and all(c.islower() for c in starts)


def spelled_out(text: str) -> str:
    """``text`` with texting shorthand spelled out and, when typed wholly in lower case, capitals put back."""
    lower = _typed_in_lower_case(text)
    said = _NOISE.sub("", _NOISE_AFTER.sub("", text))
    said = re.sub(r"[ \t]+(?=[)\]]|$)", "", said, flags=re.M)  # 'in a mood lol)' leaves no space before the bracket
    said = _WORD.sub(lambda m: _SPELLED[m.group(0)], said)
    if lower:  # a list item keeps its first word as typed
        lines = [(_LIST_MARK.match(line), line) for line in said.split("\n")]
        said = "\n".join(
            line[: mark.end()] + _capitals(line[mark.end() :], False) if mark else _capitals(line, True)
            for mark, line in lines
        )
    return said.strip() if said.strip() else text
