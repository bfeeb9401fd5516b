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


# --- text pasted from a PDF ------------------------------------------------------------------------------------------

# A page line of a document ('Page 12 of 38', 'Página 4 de 31', 'p. 9/64'), often after the running header's words.
_PAGE_LINE = re.compile(
    r"(?i)\b(?:page|p\.|página|pagina|seite|strana|stranica|hal(?:aman)?\.?)\s*\d+\s*(?:of|de|di|von|od|dari|/)\s*\d+\b"
)
# A line that marks the document, not its text: 'DRAFT - NOT FOR CIRCULATION', 'Official - sensitive', 'uso interno'
# (a marking word counts in capitals only: 'draft' alone is the command to draft).
_MARKING = re.compile(
    r"(?i:\bnot for (?:circulation|publication|distribution|citation)|\bofficial[- ]sensitive|\binternal use(?: only)?|"
    r"\buso interno)\b|\b(?:DRAFT|CONFIDENTIAL|RESTRICTED|BORRADOR|CONFIDENCIAL|ENTWURF|VERTRAULICH)\b"
)
# A sentence that only says the text after it was pasted ('copied straight from the PDF, sorry about the formatting:').
_PASTE_LEAD = re.compile(
    r"(?i)(?:^|(?<=[.!?]\s))[^.!?\n]*\b(?:past(?:e|ed|ing)|copied|copy|pdf|formatting|excerpt)\b[^.!?\n]*:\s*(?=\n)"
)


def _header_line(line: str) -> bool:
    """A document's running header: short, not a sentence, its words mostly capitalised or set off by a bar/dash."""
    words = line.split()
    if not 1 <= len(words) <= 10 or re.search(r"[.,;:!?]\s*$", line):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return capitalised * 2 >= len(words) or bool(re.search(r"\s[|\u2013\u2014]\s", line) or _MARKING.search(line))


def as_pasted(text: str) -> str:
    """``text`` with what a paste from a PDF brings along taken out: page lines ('Page 12 of 38'), the running header
    just above one, markings ('DRAFT - NOT FOR CIRCULATION'), words broken across lines ('pas-/senger'), and a
    sentence that only says the text was pasted. Text with no page line, marking or broken word is left as typed."""
    lines = text.split("\n")
    if len([line for line in lines if line.strip()]) < 3:  # a paste runs to a few lines at least
        return text
    page = [bool(_PAGE_LINE.search(line)) and len(line.split()) <= 14 for line in lines]
    marked = [bool(_MARKING.search(line)) and _header_line(line.strip()) for line in lines]
    broken = re.search(r"\w-\n[a-z\u00e0-\u00ff]", text)
    if not (any(page) or any(marked) or broken):
        return text
    drop = {n for n, p in enumerate(page) if p} | {n for n, m in enumerate(marked) if m}
    for n in sorted(drop):  # the running header above a page line ('PMUS Ayrampo - Diagnostico Final - Version 3')
        above = n - 1
        while above in drop:
            above -= 1
        if page[n] and above >= 0 and lines[above].strip() and _header_line(lines[above].strip()):
            drop.add(above)
    kept = "\n".join(line for n, line in enumerate(lines) if n not in drop)
    kept = re.sub(r"(\w)-\n(?=[a-z\u00e0-\u00ff])", r"\1", kept)  # 'pas-\nsenger'
    return _PASTE_LEAD.sub("", kept).strip()


# --- Markdown formatting ---------------------------------------------------------------------------------------------

_EMPHASIS = re.compile(r"(?<![\w*_])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*_])")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)


def unformatted(text: str) -> str:
    """``text`` without Markdown emphasis ('**21 working days**') and with a heading line ('## Service') read as the
    label of what follows it ('Service:'); the answer's words go into the plan's own sentences."""
    text = _HEADING.sub(lambda m: m.group(1) if re.search(r"[.:!?]$", m.group(1)) else f"{m.group(1)}:", text)
    for _ in range(2):  # '***both***'
        text = _EMPHASIS.sub(r"\2", text)
    return text
