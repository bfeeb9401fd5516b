"""Answers typed as text messages, read as written words.

Leaders answer from their phones: 'approx 48k ppl, 2/3 urban. tbh the truck only comes 2x a week b/c of the budget'.
The plan should read 'About 48k people ... because of the budget', so before an answer is read the unambiguous
shorthand is spelled out ('w/' with, 'ppl' people, 'govt' government, 'dont' don't), the chat's own noises ('lol',
'tbh', 'btw') are left out, and a message typed wholly in lower case gets capitals at its sentence starts and for
'I'. Words that are also ordinary words ('its', 'ill', 'were', 'id') and anything in capitals are left as typed.
"""

from __future__ import annotations

import html
import re

# The currency signs a figure may carry ('£450k', '₸85m', 'GH₵1.4m', '₦5,000'): one class for every reader.
CURRENCY = "£$€¥₹₦₩₱₴₸₽₺₫₭₮₡₲₵₪฿₾₼"

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
    "tks": "thanks",
    "tnx": "thanks",
    "thks": "thanks",
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
    "hasnt": "hasn't",
    "hadnt": "hadn't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "shouldnt": "shouldn't",
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


# --- punctuation said aloud -----------------------------------------------------------------------------------------

_SPOKEN = {
    "full stop": ".",
    "question mark": "?",
    "exclamation mark": "!",
    "semicolon": ";",
    "comma": ",",
    "new paragraph": "\n",
    "new line": "\n",
    "next line": "\n",
}
_SAID_MARK = re.compile(r"(?i)[ \t]*\b(" + "|".join(_SPOKEN) + r")\b[ \t]*")


def undictated(text: str) -> str:
    """``text`` dictated into a phone with its punctuation said aloud ('four sites full stop the bus park comma the
    market') written as punctuation, a sentence after a full stop opening with a capital; text that carries its own
    punctuation (one mark in 25 words or more) is left as typed."""
    if not _SAID_MARK.search(text) or len(re.findall(r"[.,;:!?]", text)) * 25 > len(text.split()):
        return text

    def mark(match: re.Match) -> str:
        sign = _SPOKEN[match.group(1).lower()]
        return sign if sign == "\n" else f"{sign} "

    out = _SAID_MARK.sub(mark, text).strip()
    out = re.sub(r"([.?!]) +([a-z])", lambda m: f"{m.group(1)} {m.group(2).upper()}", out)
    return re.sub(r" +\n", "\n", out).strip()


# --- Markdown formatting ---------------------------------------------------------------------------------------------

_EMPHASIS = re.compile(r"(?<![\w*_])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*_])")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)


# Emoji (pictographs and symbols, with their skin tones, joiners and variation selectors): a chat's, not a plan's.
_PICTOGRAPH = "\U0001f300-\U0001faff\u2600-\u27bf\u2b05-\u2b07\u2b1b\u2b1c\u2b50\u2b55"
_EMOJI = rf"[{_PICTOGRAPH}][\ufe0f\u200d\U0001f3fb-\U0001f3ff{_PICTOGRAPH}]*"
_EMOJI_BULLET = re.compile(rf"(?m)^([ \t]*){_EMOJI}[ \t]*(?=\S)")
_EMOJI_SAID = re.compile(rf"[ \t]*{_EMOJI}")
_EMOJI_LABEL = re.compile(rf"(?m)(?<=\w)[ \t]*{_EMOJI}[ \t]*(?=\n[ \t]*(?:[-*\u2022]|\d+[.)])\s)")
_EMOJI_STOP = re.compile(rf"(?<=[a-z0-9%)])[ \t]*{_EMOJI}(?=[ \t]+[A-Z])")


def unformatted(text: str) -> str:
    """``text`` without Markdown emphasis ('**21 working days**') or emoji (one opening a line is its bullet), and
    with a heading line ('## Service') read as the label of what follows it ('Service:'); the answer's words go into
    the plan's own sentences."""
    text = re.sub(r"(?m)^([ \t]*)[\u2192\u21d2\u27f6][ \t]*(?=\S)", r"\1- ", text)  # an arrow opening a line: a bullet
    text = re.sub("(?<=\\S)([ \t]*)\u27a1\ufe0f?", "\\1\u2192", text)  # between words: an arrow (see untracked)
    text = _EMOJI_LABEL.sub(":", text)  # 'Measures 👇' over a list: its label
    text = _EMOJI_STOP.sub(".", text)  # 'read English 🙏 So: ...': the end of a sentence
    text = _EMOJI_SAID.sub("", _EMOJI_BULLET.sub(r"\1- ", text)) or text  # a thumbs-up alone stays a reply
    text = _HEADING.sub(lambda m: m.group(1) if re.search(r"[.:!?]$", m.group(1)) else f"{m.group(1)}:", text)
    for _ in range(2):  # '***both***'
        text = _EMPHASIS.sub(r"\2", text)
    return text


# --- voice-note transcripts and worksheets --------------------------------------------------------------------------

_TIMESTAMP = re.compile(r"(?m)^[ \t]*[\[(]?\d{1,2}:\d{2}(?::\d{2})?[\])]?[ \t]*(?:[-\u2013\u2014:][ \t]*)?")
_FILLER = re.compile(r"(?<![\w'])(?:[Uu]m+|[Uu]h+|[Ee]rm+|[Uu]hm+|[Hh]mm+)\b[,.]?[ \t]*|,[ \t]*you know,")
_SAID_TWICE = re.compile(r"(?i)\b(the|a|an|and|we|i|it|to|of|in|on|for|our|that|is|are),?\s+\1\b")


def untranscribed(text: str) -> str:
    """A voice note's automatic transcript ('[00:02] so um the the depot ...\n[00:07] ...') as running text: without
    its timestamps, its fillers ('um', 'uh', ', you know,') or a small word said twice. Text with fewer than two
    timestamped lines is returned as it is."""
    stamps = [m.group(0).strip() for m in _TIMESTAMP.finditer(text)]
    if len(stamps) < 2 or not (stamps[0].startswith(("[", "(")) or re.match(r"0?0:", stamps[0])):
        return text  # times of day in a schedule ('09:00 - doors open') are not a transcript's
    lines = text.split("\n")
    first = next(n for n, line in enumerate(lines) if _TIMESTAMP.match(line))
    lead = " ".join(line.strip() for line in lines[:first] if line.strip())
    if len(lead.split()) <= 15 and lead.endswith(":"):  # 'Voice note, transcribed, sorry for the mess:'
        lines = lines[first:]
    said = " ".join(line.strip() for line in _TIMESTAMP.sub("", "\n".join(lines)).split("\n") if line.strip())
    said = _SAID_TWICE.sub(r"\1", _FILLER.sub("", said))
    said = re.sub(r"\s+([,.:;])", r"\1", re.sub(r"[ \t]{2,}", " ", said))
    return re.sub(r",([:;.])", r"\1", said).strip()  # 'Hypothesis, uh: ...' is 'Hypothesis: ...'


_FORM_QUESTION = re.compile(r"(?im)^[ \t]*(?:Q|Question)[ \t]*\d*[ \t]*[:.)\-\u2013\u2014][ \t]*(?P<asked>.*?)[ \t]*$")
_FORM_ANSWER = re.compile(r"(?im)^[ \t]*(?:A|Ans|Answer)[ \t]*\d*[ \t]*[:.)\-\u2013\u2014][ \t]*")
_ASKS = re.compile(r"(?i)^(?:what|where|who|whom|how|when|which|why|is|are|do|does|did|can|could|will|would|should)\b")


def unformed(text: str) -> str:
    """A worksheet pasted with its labels ('Q: Where do people start?\nA: Most phone ...', 'Question 4 -
    Baseline:\nAnswer: ...'): the answers, each under the question's short label when it has one ('In person: ...');
    a question asked in full goes. Text without both a question and an answer label is returned as it is."""
    if not (_FORM_QUESTION.search(text) and _FORM_ANSWER.search(text)):
        return text
    out: list[str] = []
    label = ""
    lines = text.split("\n")
    opening = next((n for n, line in enumerate(lines) if _FORM_QUESTION.match(line) or _FORM_ANSWER.match(line)), 0)
    if len(" ".join(lines[:opening]).split()) <= 15 and " ".join(lines[:opening]).strip().endswith(":"):
        lines = lines[opening:]  # 'From the worksheet of the course I did:' says where the answers come from
    for line in lines:
        asked = _FORM_QUESTION.match(line)
        if asked:
            words = asked.group("asked").rstrip("?:. ")
            label = "" if _ASKS.match(words) or len(words.split()) > 5 else words
            continue
        answer = _FORM_ANSWER.match(line)
        line = line[answer.end() :] if answer else line
        if line.strip():
            out.append(f"{label}: {line.strip()}" if label and answer else line.rstrip())
        label = "" if answer else label
    return "\n".join(out).strip()


# --- tables pasted from a spreadsheet or written in Markdown ---------------------------------------------------------

_PIPE_ROW = re.compile(r"^[ \t]*\|(.+)\|[ \t]*$")
_RULE_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*$")
_LEVEL_WORD = re.compile(r"(?i)^(?:very\s+)?(?:high|medium|low|yes|no|none|n/?a)$")


def _cells(line: str) -> list[str] | None:
    """The cells of a table row: '| a | b |' or 'a<TAB>b'; None for a line that is not one."""
    piped = _PIPE_ROW.match(line)
    if piped and piped.group(1).count("|") >= 1:
        return [cell.strip() for cell in piped.group(1).split("|")]
    if "\t" in line and not line.lstrip().startswith("|"):
        return [cell.strip() for cell in line.strip("\n").split("\t")]
    return None


def _row(cells: list[str], headings: list[str] | None) -> str:
    if not headings:
        return ", ".join(cell for cell in cells if cell)
    said = [
        f"{heading[:1].lower() + heading[1:] if not heading[1:2].isupper() else heading}: "
        f"{cell.lower() if _LEVEL_WORD.match(cell) else cell}"
        for heading, cell in zip(headings[1:], cells[1:], strict=False)
        if cell and heading
    ]
    return f"{cells[0]} - {', '.join(said)}" if said else cells[0]


def untabled(text: str) -> str:
    """``text`` with each table in it (two rows or more, pasted from a spreadsheet with tabs or written in Markdown
    with bars) read as one line a row: the first cell, then each other cell after its column's heading ('Parish
    council - influence: high, interest: low;'); a first row with no figure and short cells is the heading row, as is
    one a Markdown rule ('|---|---|') follows. Other lines stay as typed."""
    lines = text.split("\n")
    out: list[str] = []
    n = 0
    while n < len(lines):
        block: list[list[str]] = []
        ruled = False
        at = n
        while at < len(lines) and (_RULE_ROW.match(lines[at]) or _cells(lines[at]) is not None):
            if _RULE_ROW.match(lines[at]):
                ruled = ruled or len(block) == 1
            else:
                block.append(_cells(lines[at]) or [])
            at += 1
        if len(block) < 2 or max(len(cells) for cells in block) < 2:
            out.append(lines[n])
            n += 1
            continue
        first = block[0]
        headed = ruled or all(cell and not re.search(r"\d", cell) and len(cell.split()) <= 5 for cell in first)
        headings, rows = (first, block[1:]) if headed else (None, block)
        said = [_row(cells, headings) for cells in rows if any(cells)]
        out += [f"{row};" for row in said[:-1]] + [f"{said[-1]}." for _ in said[-1:]]  # one list, a row an item
        n = at
    return "\n".join(out)


# --- HTML left in text copied from a web form or a mail client ----------------------------------------------------

_INLINE_TAG = re.compile(r"</?(?:b|strong|i|em|u|span|font|a|small|big|sup|sub|mark|code)\b[^<>\n]*>|</li>", re.I)
_LINE_TAG = re.compile(r"<br\s*/?>|</?(?:div|tr|h[1-6]|ul|ol|table|tbody|thead)\b[^<>\n]*>", re.I)
_ITEM_TAG = re.compile(r"<li\b[^<>\n]*>", re.I)  # its '</li>' goes with the inline tags
_CELL_TAG = re.compile(r"</t[dh]>\s*<t[dh]\b[^<>\n]*>", re.I)  # between two cells of a row
_CELL_EDGE = re.compile(r"</?t[dh]\b[^<>\n]*>", re.I)
_PARAGRAPH_TAG = re.compile(r"</?p\b[^<>\n]*>", re.I)
_ENTITY = re.compile(r"&(?:[a-z][a-z0-9]{1,7}|#\d{1,6}|#x[0-9a-f]{1,5});", re.I)
_HTML = re.compile(
    rf"{_INLINE_TAG.pattern}|{_LINE_TAG.pattern}|{_ITEM_TAG.pattern}|{_PARAGRAPH_TAG.pattern}|{_CELL_EDGE.pattern}"
    rf"|{_ENTITY.pattern}",
    re.I,
)


def unhtml(text: str) -> str:
    """``text`` pasted with the HTML of a web form or mail client left in, as it reads on the page: '<br>' and the
    end of a block a new line, '<p>' a new paragraph, '<li>' an item, emphasis and links their words, and entities
    ('&amp;', '&nbsp;', '&#39;') their characters. A comparison ('< 45 min') or a name with '&' stays; edits marked
    with '<del>' and '<ins>' are left for :func:`untracked`."""
    if not _HTML.search(text):
        return text
    said = _INLINE_TAG.sub("", text)
    said = _CELL_TAG.sub(", ", said)
    said = _CELL_EDGE.sub("", said)
    said = _ITEM_TAG.sub("\n- ", said)
    said = _PARAGRAPH_TAG.sub("\n\n", _LINE_TAG.sub("\n", said))
    said = _ENTITY.sub(lambda m: html.unescape(m.group(0)), said).replace("\u00a0", " ")
    said = re.sub(r"[ \t]*\n[ \t]*", "\n", re.sub(r"[ \t]{2,}", " ", said))
    return re.sub(r"\n{3,}", "\n\n", said).strip()


# --- edits marked in pasted text ------------------------------------------------------------------------------------

_STRUCK = re.compile(
    r"~~[^~\n]+~~|\[-[^\]\n]*?-\]|<(del|s|strike)>.*?</\1>"
    r"|\[(?:delete|deleted|remove|removed|cut|strike|struck|del)\s*:[^\]\n]*\]"
    r"|\((?:old|was|previously|formerly|before)\s*:[^)\n]*\)\s*(?:now\s+)?",
    re.I,
)
_INSERTED = re.compile(r"\{\+(.*?)\+\}|<ins>(.*?)</ins>|\[(?:add|added|insert|inserted|new)\s*:\s*([^\]\n]*)\]", re.I)
_VALUE = (
    r"(?:(?:[A-Z]{2,3}|[\u00a3$\u20ac\u20b9\u00a5])\s?)?\d[\d,.]*"
    r"(?:\s?(?:%|per ?cent\b|percent\b|[kKmM]\b|bn\b|million\b))?"
)
_ARROW = r"\s*(?:->|=>|\u2192)\s*"
# 'was GHS 800 -> GHS 1,000', '2026 -> 2027', '40% \u2192 55%': the value before the arrow goes.
_REPLACED = re.compile(
    rf"\bwas\s+[^\s>=\u2192-][^>=\u2192\n]{{0,30}}?{_ARROW}|(?<![\w.,:/]){_VALUE}{_ARROW}(?={_VALUE})"
)


# An arrow drawn between words on a slide ('KPI met \u2192 scale up'), not between quoted wordings of a change.
_WORD_ARROW = re.compile(
    r"(?<=[^\s'\"\u2018\u2019\u201c\u201d])[ \t]*[\u2192\u21d2\u27f6][ \t]*(?=[^\s'\"\u2018\u2019\u201c\u201d])"
)


def untracked(text: str) -> str:
    """``text`` pasted with the leader's edits marked in it, as it now reads: struck words ('~~KES 90,000~~', '[delete:
    ...]', '(old: ...) now', '[-...-]', '<del>') gone, added ones ('{+...+}', '<ins>', '[add: ...]') kept without their
    marks, and a value replaced with an arrow ('was GHS 800 -> GHS 1,000', '40% -> 55%') the new one. An arrow between
    words ('referral -> assessment') is not an edit; drawn as one ('\u2192', '\u21d2') it reads as a dash."""
    if not (_STRUCK.search(text) or _INSERTED.search(text) or _REPLACED.search(text) or _WORD_ARROW.search(text)):
        return text
    said = _REPLACED.sub(
        "", _INSERTED.sub(lambda m: next(g for g in m.groups() if g is not None), _STRUCK.sub("", text))
    )
    said = _WORD_ARROW.sub(" - ", said)
    said = re.sub(r"[ \t]{2,}", " ", said)
    return re.sub(r"[ \t]+(?=[,.;:)])", "", said).strip()


# --- chat-app habits, notes to self, footnotes, thousands with spaces -------------------------------------------------

_EMOJI_CODE = re.compile(r"[ \t]*(?<![\w:]):[a-z0-9_+-]{2,30}:(?![\w:])")
_CHANNEL = re.compile(r"[ \t]*(?<![\w&/])#[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+(?![\w-])")  # '#budget-2028', not '#KeepTidy'
_MENTION = re.compile(r"(?<![\w.])@(?=[A-Za-z])")
_TO_SOMEONE = re.compile(
    r"(?:^[ \t]*|(?<=[.!?])[ \t]+)(?:(?:cc|fyi|hey|hi)[ \t]+)?@[A-Za-z][\w.-]*\b[^\n]*?(?:[.!?]+(?=\s|$)|$)",
    re.I | re.M,
)


def unchatted(text: str) -> str:
    """``text`` as typed in a work chat, without the chat's marks: emoji codes (':thumbsup:'), channel names
    ('#budget-2028'), backticks and a line that speaks to a colleague ('@Ana can you double-check ...'); '@' before a
    name said in passing goes, the name stays. An e-mail address or 'item #3' stays; a quoted line ('> ...') is read
    as in a forwarded mail."""
    if not re.search(r"`|(?<![\w.])@[A-Za-z]|:[a-z0-9_+-]{2,30}:|(?<![\w&/])#[a-z]", text):
        return text
    said = _TO_SOMEONE.sub("\0", text).replace("\0\n", "").replace("\n\0", "").replace("\0", "")
    said = _MENTION.sub("", _CHANNEL.sub("", _EMOJI_CODE.sub("", said.replace("`", ""))))
    lines = [line.rstrip() for line in said.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() or text


_NOTE_TO_SELF = re.compile(
    r"(?:^|(?<=[.!?])[ \t]+)\[(?:check|todo|to do|tbc|note)\][^\n]*?(?:[.!?](?=\s|$)|$)"
    r"|[ \t]*[(\[](?:note to self|n\.?b\.?|todo|to do|check|tbc later|memo)\b[^)\]\n]*[)\]]"
    r"|(?:^|(?<=[.!?])[ \t]+)(?:note to self|todo|to do|nb|n\.b\.)\b[ \t]*[:\-\u2013\u2014][^\n]*?(?:[.!?](?=\s|$)|$)",
    re.I | re.M,
)


def without_notes_to_self(text: str) -> str:
    """``text`` without the leader's notes to self ('(note to self: ask Dragan about the lease)', 'TODO: confirm with
    finance.', 'NB - check the 2026 figure.', '[check]'); the facts around them stay."""
    said, found = _NOTE_TO_SELF.subn("", text)
    if not found:
        return text
    said = re.sub(r"[ \t]+(?=[.,;:])", "", said)
    return "\n".join(line.rstrip() for line in said.split("\n")).strip()


_SUPERSCRIPT = "\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_NOTE_LINE = re.compile(rf"^[ \t]*(?P<mark>\[\d{{1,2}}\]|[{_SUPERSCRIPT}]|\*{{1,3}})[ \t]*(?P<note>\S[^\n]*)$", re.M)


def unfootnoted(text: str) -> str:
    """``text`` with its footnotes read where they are marked: '48%[1]' with the line '[1] Source: 2026 household
    survey' under it is '48% (source: 2026 household survey)'; the note lines go. Marks with no note stay."""
    notes = {m.group("mark"): m for m in _NOTE_LINE.finditer(text)}
    if not notes:
        return text
    body = _NOTE_LINE.sub("", text)
    used = False
    for mark, line in notes.items():
        note = line.group("note").strip().rstrip(".")
        note = note[:1].lower() + note[1:] if not note[1:2].isupper() else note
        at = re.compile(rf"(?<=\S){re.escape(mark)}(?=[\s.,;:)]|$)")
        if at.search(body):
            body, used = at.sub(f" ({note})", body, count=1), True
    if not used:
        return text
    return re.sub(r"\n{2,}$", "", re.sub(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*$", "", body)).strip()


_SPACED_THOUSANDS = re.compile(
    r"(?<![\d.,'\u2019])\d{1,3}(?:[ '\u2019\u2009\u202f]\d{3})+(?![\d'\u2019]|[ \u2009\u202f]\d)"
)


def unspaced_thousands(text: str) -> str:
    """``text`` with thousands parted by spaces or apostrophes ('12 500', "CHF 1'250'000") written with commas, so
    each is one figure; a year beside a number ('in 2027 500 households') is not one."""
    return _SPACED_THOUSANDS.sub(lambda m: re.sub(r"[ '\u2019\u2009\u202f]", ",", m.group(0)), text)


# --- a figure with a question mark on it ----------------------------------------------------------------------------

# A month's name, whole or cut short ('jan', 'sept', 'december'); lower case, used with (?i:...). One pattern for every
# reader (slots reads dates with it).
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?)"
)
# A figure or a month with a question mark on it: '72%??', '1,400 (?)', 'June??', 'KES 4.2m(?)'.
_DOUBTED = re.compile(
    rf"(?P<said>\d(?:%|[kKmM]\b|bn\b)?(?:[ \t][a-z]{{2,12}}){{0,2}}|\b(?i:{MONTH})\b)"
    r"(?P<mark>[ \t]?\(\?+\)|\?{1,3})(?=[\s,;:)\-\u2013\u2014]|$)"
)
_CLAUSE = re.compile(r"(?:^|(?<=[.!?;:,])\s+|\n)(?=\S)")
_ASKING = re.compile(
    r"(?i)^\W*(?:and\s+|or\s+|but\s+|so\s+)?(?:is|are|was|were|do|does|did|can|could|should|would|will|shall|may"
    r"|might|have|has)\b|\b(?:what|how|which|why|where|who|whom|do you|can you|could you|would you)\b"
)


def undoubted(text: str) -> str:
    """``text`` without the question marks a leader puts on a figure or a month still in doubt ('72%?? or 75 - so
    75%', 'about 1,400 (?) households', 'June?? maybe July'): the figure is said, and what settles it follows. A mark
    that ends the message ('80%?') or closes a clause that asks ('Could we aim for 80%?', 'What about 2,000?') is a
    question and stays, as does one a new sentence follows ('... Ward 4 and 5? Anyway, ...') and a question mark after
    a word ('too high?')."""

    def said(mark: re.Match) -> str:
        rest = text[mark.end() :].strip()
        bracketed = "(" in mark.group("mark")
        if not rest and not bracketed:
            return mark.group(0)
        starts = [m.end() for m in _CLAUSE.finditer(text, 0, mark.start())]
        clause = text[starts[-1] if starts else 0 : mark.start()]
        if _ASKING.search(clause) or (not bracketed and re.match(r"\s+[A-Z]", text[mark.end() :])):
            return mark.group(0)  # a new sentence after it: a question put as a statement ('... Ward 4 and 5? Anyway')
        return mark.group("said")

    return _DOUBTED.sub(said, text)


# --- a figure given in confidence ------------------------------------------------------------------------------------

# A request not to write down what was just said ('please don't put that in writing', "don't quote that until the
# audit", 'keep it out of the plan', 'off the record'); an instruction about the plan ("don't put the reserve in the
# risk section") names what it is about and is not one.
_WITHHELD = re.compile(
    r"(?i)(?:\b(?:please|pls|kindly)\s+)?"
    r"(?:\b(?:don'?t|don\u2019t|do not|never|not to)\s+"
    r"(?:put|write|use|quote|include|record|cite|share|publish|mention|print|repeat)\s+"
    r"(?:that|this|it|them|those)(?:\s+(?:number|figure|amount|estimate|one))?(?:\s+down)?"
    r"(?=\s+(?:in (?:writing|print|the plan|our plan|the draft|the document|the report|black and white)|on paper|yet|"
    r"until|till|til|for now|anywhere|before|publicly|out there)\b|\s*(?:[.,;:!?)]|[-\u2013\u2014]\s|$))"
    r"|\bkeep\s+(?:that|this|it|them|those)(?:\s+(?:number|figure|amount|estimate))?\s+"
    r"(?:out of (?:the |our |your )?(?:plan|draft|writing|document|report)|off the record|between us|to yourself|"
    r"under wraps|confidential)"
    r"|\boff the record\b|\bbetween you and me\b)"
)
_FIGURE = re.compile(
    rf"\d|[{CURRENCY}]|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen)\b",
    re.I,
)
_CLAUSE_START = re.compile(r"\s[-\u2013\u2014]\s|[;:]\s|,\s")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def _before_last_figure(sentence: str, end: int) -> str | None:
    """``sentence`` up to the clause holding its last figure before ``end`` (None when there is no figure there)."""
    figures = list(_FIGURE.finditer(sentence, 0, end))
    if not figures:
        return None
    starts = [m.start() for m in _CLAUSE_START.finditer(sentence, 0, figures[-1].start())]
    kept = sentence[: starts[-1]] if starts else ""
    return kept.rstrip(" ,;:-\u2013\u2014") + "." if kept.strip() else ""


def without_withheld(text: str) -> str:
    """``text`` without a figure the leader asks not to be written ('it's somewhere around 11 percent but please don't
    put that in writing'): the clause holding it goes with the request, or the sentence before a request said on its
    own ('Don't put that in writing yet.'), so the plan keeps what it is not asked to leave out and the question stays
    open. Text with no such request is left as typed."""
    if not _WITHHELD.search(text):
        return text
    pieces = _SENTENCE_END.split(text)
    gaps = _SENTENCE_END.findall(text)
    for n, sentence in enumerate(pieces):
        requests = list(_WITHHELD.finditer(sentence))
        if not requests:
            continue
        request = requests[-1]  # 'between you and me it's around 40 per cent - please do not use it'
        kept = _before_last_figure(sentence, request.start())
        if kept is None and not _FIGURE.search(sentence, request.end()) and n:
            before = sentence[: request.start()].strip(" ,;:-\u2013\u2014")
            if not re.sub(r"(?i)\b(?:but|and|so|ok|okay|please|pls|though|just)\b", "", before).strip():
                previous = _before_last_figure(pieces[n - 1], len(pieces[n - 1]))
                if previous is not None:
                    pieces[n - 1] = previous
        pieces[n] = kept or ""
    out = "".join(p + (gaps[n] if n < len(gaps) and p else "") for n, p in enumerate(pieces))
    return out.strip()


# --- slips of the keyboard -------------------------------------------------------------------------------------------

COMMON = 400  # how far down a vocabulary (commonest first) a word may be for a slip to be mended into it
_TYPED_WORD = re.compile(r"(?<![\w'\u2019-])[A-Za-z][a-z]{2,}(?![\w'\u2019-])")


def _opens_sentence(text: str, at: int) -> bool:
    """Whether ``text`` opens a sentence, a line or a list item at ``at`` (after '. ', a line break or '- ')."""
    before = text[max(0, at - 80) : at]
    core = before.rstrip()
    if not core:
        return True
    gap = before[len(core) :]
    return "\n" in gap or (bool(gap) and core[-1] in ".!?:;-*\u2022")


_RANKS: list = []  # the last word list seen and its ranks (the embedding model's list is read once)


def _ranks(words: list[str]) -> dict[str, int]:
    if not _RANKS or _RANKS[0] is not words:
        rank: dict[str, int] = {}
        for word in words:
            if word.isascii() and word.isalpha() and word not in rank:
                rank[word] = len(rank)
        _RANKS[:] = [words, rank]
    return _RANKS[1]


def mended(text: str, words: list[str]) -> str:
    """``text`` with slips of the keyboard mended where they are certain: a word in small letters that ``words`` (a
    vocabulary, commonest first: the embedding model's) lacks, and that is two neighbouring letters swapped in one of
    its few hundred commonest words ('teh' the, 'adn' and, 'becuase' because), also with a capital at a sentence's
    start ('Teh'). A word the list holds is never changed, nor one written with a capital inside a sentence anywhere in
    the text (a name). Rarer words are left as typed: a
    tokenizer's vocabulary lacks too many real ones ('carers', 'reuse') to tell a slip from a word the leader meant.
    Without a list, nothing is mended."""
    if not words:
        return text
    rank = _ranks(words)
    names = {m.group(0).lower() for m in re.finditer(r"\b[A-Z][a-z]+\b", text) if not _opens_sentence(text, m.start())}

    def mend(match: re.Match) -> str:
        typed = match.group(0)
        word = typed.lower()
        capital = typed[0].isupper()
        if word in rank or word in names or (capital and not _opens_sentence(text, match.start())):
            return typed
        swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
        found = sorted((rank[w], w) for w in swapped if rank.get(w, COMMON) < COMMON)
        if not found:
            return typed
        return found[0][1].capitalize() if capital else found[0][1]

    return _TYPED_WORD.sub(mend, text)
