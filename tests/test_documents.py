"""Loading every supported format, metadata defaults, clear errors, and chunking."""

from __future__ import annotations

import json

import pytest

from assistant.documents import DocumentError, chunk_document, load_document
from tests.builders import add_pptx_table_slide, make_docx, make_html, make_odt, make_pdf, make_pptx, make_scanned_pdf
from tests.conftest import write

MARKDOWN = """---
title: Library opening hours pilot
kind: case-study
themes: [innovation, engagement]
region: Testland
years: 2024
sources:
  - https://example.org/library
---
# Library opening hours pilot

## Context
The county library service trialled staffless evening opening in three branches.

## What was done
### Recruitment
Residents registered for a swipe card at the counter.
"""


def test_markdown_front_matter_and_headings(tmp_path):
    root = tmp_path / "corpus"
    path = write(root / "cases" / "library.md", MARKDOWN)
    doc = load_document(path, root)
    assert doc.doc_id == "cases/library.md"
    assert doc.title == "Library opening hours pilot"
    assert doc.kind == "case-study"
    assert doc.themes == ["innovation", "engagement"]
    assert doc.years == "2024"
    assert doc.sources == ["https://example.org/library"]
    chunks = chunk_document(doc)
    sections = [c.section for c in chunks]
    assert sections == ["Context", "What was done > Recruitment"]
    assert all(c.doc_id == "cases/library.md" and c.kind == "case-study" for c in chunks)
    assert "swipe card" in chunks[1].text
    assert chunks[1].index_text().startswith("Library opening hours pilot | What was done > Recruitment")


def test_defaults_title_from_heading_and_kind_from_folder(tmp_path):
    root = tmp_path / "corpus"
    doc = load_document(write(root / "case-studies" / "x.md", "# Seoul voting app\n\nText here."), root)
    assert doc.title == "Seoul voting app"
    assert doc.kind == "case-study"
    assert doc.themes == []
    doc = load_document(write(root / "programme" / "risk-registers.txt", "Plain text about risk."), root)
    assert doc.title == "Risk registers"
    assert doc.kind == "programme"


def test_pdf_keeps_page_numbers(tmp_path):
    root = tmp_path / "corpus"
    path = make_pdf(
        root / "guide.pdf", ["First page about budgets.", "Second page about citizen juries."], title="A guide"
    )
    doc = load_document(path, root)
    assert doc.title == "A guide"
    assert doc.fmt == "pdf"
    chunks = chunk_document(doc)
    assert [c.page for c in chunks] == [1, 2]
    assert chunks[1].section == "Page 2"
    assert "citizen juries" in chunks[1].text


def test_docx_keeps_headings(tmp_path):
    root = tmp_path / "corpus"
    path = make_docx(
        root / "plan.docx",
        "Digital plan",
        [("Service standard", "Understand users first."), ("Data", "Share data once.")],
    )
    doc = load_document(path, root)
    assert doc.title == "Digital plan"
    chunks = chunk_document(doc)
    assert [c.section for c in chunks] == ["Service standard", "Data"]


def test_html_main_text_only(tmp_path):
    root = tmp_path / "corpus"
    path = make_html(root / "page.html", "Open meetings", "How to run them", "Publish the agenda a week ahead.")
    doc = load_document(path, root)
    text = " ".join(c.text for c in chunk_document(doc))
    assert doc.title == "Open meetings"
    assert "agenda a week ahead" in text
    for noise in ("tracking", "Menu text", "Footer boilerplate", "color: red"):
        assert noise not in text
    assert chunk_document(doc)[0].section == "How to run them"


def test_long_sections_split_with_overlap(tmp_path):
    root = tmp_path / "corpus"
    body = " ".join(f"Sentence number {i} about partnership governance." for i in range(120))
    doc = load_document(write(root / "long.md", f"# Long\n\n## Governance\n{body}"), root)
    chunks = chunk_document(doc, chunk_size=400, chunk_overlap=80)
    assert len(chunks) > 5
    assert all(len(c.text) <= 400 for c in chunks)
    assert all(c.section == "Governance" for c in chunks)
    assert len({c.chunk_id for c in chunks}) == len(chunks)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.md", b"", "empty"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)), "binary"),
        ("latin.txt", "Caf\u00e9 budget".encode("latin-1"), "not UTF-8"),
        ("bad-front.md", b"---\ntitle: [unclosed\n---\nBody", "malformed front matter"),
        ("open-front.md", b"---\ntitle: x\nBody without closing", "no closing"),
        ("open-toml.md", b"+++\ntitle = 'x'\nBody without closing", "no closing '+++'"),
        ("bad-toml.md", b"+++\ntitle = [unclosed\n+++\nBody", "malformed TOML front matter"),
        ("corrupt.pdf", b"%PDF-1.4\nthis is not really a pdf", "not a readable PDF"),
        ("corrupt.docx", b"PK\x03\x04 not a zip", "not a readable DOCX"),
        ("corrupt.pptx", b"PK\x03\x04 not a zip", "not a readable PowerPoint (.pptx) file"),
        ("not-a-zip.pptx", b"whatever", "not a readable PowerPoint (.pptx) file"),
        ("corrupt.odt", b"PK\x03\x04 not a zip", "not a readable OpenDocument text (.odt) file"),
        ("slides.key", b"whatever", "unsupported file type '.key'"),
    ],
)
def test_unreadable_files_are_named_with_a_reason(tmp_path, name, content, reason):
    root = tmp_path / "corpus"
    path = write(root / name, content)
    with pytest.raises(DocumentError) as info:
        load_document(path, root)
    assert info.value.path == name
    assert reason in info.value.reason


def test_scanned_pdf_and_size_limit(tmp_path):
    root = tmp_path / "corpus"
    with pytest.raises(DocumentError, match="no extractable text"):
        load_document(make_scanned_pdf(root / "scan.pdf"), root)
    big = write(root / "big.md", "# Big\n" + "x" * 3000)
    with pytest.raises(DocumentError, match="over the 0 MB limit"):
        load_document(big, root, max_bytes=1000)


# --- real-world Markdown: site generators' front matter, template tags, comments ---------------

JEKYLL_POST = """---
layout: post
title: "Participatory budgeting in Northby"
permalink: /cases/northby-budget/
redirect_from:
  - /old/northby/
  - /2023/budget.html
date: 2024-03-01
tags: [Engagement, budgets]
categories: case-studies innovation
description: How Northby let residents decide on five percent of spending.
author:
  name: Jo Smith
  twitter: jo
weight: 3
draft: false
---
{% include toc.html %}
<!-- TODO: add the 2025 figures
     and the survey results -->
# Participatory budgeting in Northby

## What was done
Residents voted on {{ site.data.figures.share | default: "five" }} percent of the capital budget{% cite smith2024 %}.
{% comment %}
Internal note: the vote was delayed.
{% endcomment %}
The set {a, b} of wards took part; plain braces stay {like this}.

{% include figure.html
   src="/img/vote.png"
   caption="Voting day" %}

## Results
Turnout was 14 percent. {{< youtube abc123 >}}
{% raw %}Write {{ page.title }} to show a title.{% endraw %}
"""

HUGO_PAGE = """+++
title = "Repair cafes"
date = 2023-05-04T10:00:00Z
tags = ["Sustainability"]
aliases = ["/old/repair"]
+++
* TOC
{:toc}

## How it works {#how}
Volunteers fix things. {{% notice info %}}Bring your own kettle.{{% /notice %}}
{# a Jinja comment #}
"""

OBSIDIAN_NOTE = """---
tags:
  - "#strategy"
  - objectives
aliases: [Goals note]
cssclass: wide
created: 2024-01-02
---
# Goals note

Keep code as written: `{{ template }}` and

```
{% if x %}shown{% endif %}
```
"""


def _jekyll_site(root):
    write(root / "case-studies" / "northby-budget.md", JEKYLL_POST)
    write(root / "programme" / "repair-cafes.md", HUGO_PAGE)
    write(root / "programme" / "goals.md", OBSIDIAN_NOTE)
    write(root / "programme" / "empty-front.md", "---\n---\n# Empty front matter\n\nStill a document.\n")
    return root


def test_site_generator_markdown_loads_with_extra_metadata(tmp_path):
    root = _jekyll_site(tmp_path / "corpus")
    from assistant.documents import list_corpus_files

    docs = {}
    for path in list_corpus_files(root):
        doc = load_document(path, root)  # never raises
        docs[doc.doc_id] = doc
        assert doc.warnings == [], (doc.doc_id, doc.warnings)
    assert len(docs) == 4

    post = docs["case-studies/northby-budget.md"]
    assert post.title == "Participatory budgeting in Northby" and post.kind == "case-study"
    assert post.themes == ["engagement", "budgets", "case-studies", "innovation"]
    assert post.years == "2024"
    assert post.description == "How Northby let residents decide on five percent of spending."
    assert post.extra == {
        "layout": "post",
        "permalink": "/cases/northby-budget/",
        "redirect_from": ["/old/northby/", "/2023/budget.html"],
        "date": "2024-03-01",
        "description": "How Northby let residents decide on five percent of spending.",
        "author": {"name": "Jo Smith", "twitter": "jo"},
        "weight": 3,
        "draft": False,
    }
    json.dumps(post.metadata())  # JSON-safe as stored in the manifest
    assert post.metadata()["extra"]["date"] == "2024-03-01"

    hugo = docs["programme/repair-cafes.md"]
    assert hugo.title == "Repair cafes" and hugo.themes == ["sustainability"] and hugo.years == "2023"
    assert hugo.extra["aliases"] == ["/old/repair"] and hugo.extra["date"].startswith("2023-05-04T10:00:00")
    assert [c.section for c in chunk_document(hugo)] == ["How it works"]  # "* TOC {:toc}" is gone

    note = docs["programme/goals.md"]
    assert note.themes == ["strategy", "objectives"]
    assert note.extra == {"aliases": ["Goals note"], "cssclass": "wide", "created": "2024-01-02"}

    text = "\n".join(c.text + "\n" + c.section for d in docs.values() for c in chunk_document(d))
    for gone in (
        "{% include",
        "{% cite",
        "{% comment",
        "{% raw",
        "{{ site",
        "{{<",
        "{{%",
        "<!--",
        "-->",
        "TODO",
        "survey results",
        "Internal note",
        "figure.html",
        "Voting day",
        "youtube",
        "{:toc}",
        "{#how}",
        "Jinja comment",
        "smith2024",
    ):
        assert gone not in text, gone
    for kept in (
        "{a, b}",
        "{like this}",
        "Turnout was 14 percent",
        "Bring your own kettle",
        "Write {{ page.title }} to show a title.",
        "`{{ template }}`",
        "{% if x %}shown{% endif %}",
        "Residents voted on  percent of the capital budget.",
    ):
        assert kept in text, kept


def test_template_stripping_leaves_ordinary_braces_alone():
    from assistant.documents import strip_template_syntax

    plain = "Sets {a, b} and {c}; a dict {'k': 1}; a lone {{ with no end.\n\nNext paragraph }} here."
    assert strip_template_syntax(plain) == plain
    assert strip_template_syntax("a <!-- unclosed comment stays") == "a <!-- unclosed comment stays"
    assert strip_template_syntax("x {% if a\n  and b %}y{% endif %} z") == "x y z"


def test_heading_attributes_go_with_or_without_a_space():
    from assistant.documents import tidy_markdown

    out = tidy_markdown(
        "  ## How to do it{#how-system-map}\n\nSets {#a, b} stay.\n\n## Next {: .note}\n## Last {.wide}\n"
    )
    assert out.splitlines()[0] == "  ## How to do it"
    assert "Sets {#a, b} stay." in out and "## Next\n## Last\n" in out + "\n"


def test_html_entities_read_as_characters():
    from assistant.documents import tidy_markdown

    out = tidy_markdown("Open **Desktop &amp; Screensaver**; it&rsquo;s 5&nbsp;km &#8212; &lt;b&gt; is text.\n")
    assert out == "Open **Desktop & Screensaver**; it\u2019s 5 km \u2014 <b> is text.\n"
    assert tidy_markdown("`a &amp; b` in code\n") == "`a &amp; b` in code\n"


def test_markdown_links_read_as_their_text():
    """A passage reads as a person reads the page: link and image markup become their words, the
    addresses and reference definitions go (they are not what a leader asks about, and a path's
    words would match questions about "service" or "manual"); code and footnotes stay as written."""
    from assistant.documents import tidy_markdown

    text = (
        "See [assisted digital](/service-manual/assisted-digital/index.html) and [the standard][std].\n"
        '![A journey map](images/map.png "Map") shows [a [nested] label](https://e.org/a_(b)) too.\n'
        "Run [interviews]({% link _methods/x.md %}) with users; <https://example.org/x> stays; "
        "`[code](kept)` is code; a footnote[^1] and [a plain bracket] stay; [collapsed][] too.\n"
        "- *[Shape Up: Stop Running in Circles\nand Ship Work](https://basecamp.com/shapeup)* by Ryan Singer\n"
        "- [ ] a task\n- [x] a done task\n\n"
        '[std]: https://www.gov.uk/service-standard "Service Standard"\n'
        "  [collapsed]: <https://e.org/c>\n\n"
        "[^1]: The footnote's own text.\n\n"
        "```\n[fenced](kept.md)\n[ref]: kept\n```\n"
    )
    out = tidy_markdown(text)
    assert "See assisted digital and the standard." in out
    assert "A journey map shows a [nested] label too." in out
    assert "Run interviews with users; <https://example.org/x> stays;" in out
    assert "`[code](kept)` is code; a footnote[^1] and [a plain bracket] stay; collapsed too." in out
    assert "- *Shape Up: Stop Running in Circles\nand Ship Work* by Ryan Singer" in out
    assert "- [ ] a task\n- [x] a done task" in out
    assert "[^1]: The footnote's own text." in out
    assert "[fenced](kept.md)\n[ref]: kept" in out
    for gone in ("service-manual", "images/map.png", "e.org/a_", "[std]", "gov.uk", "e.org/c", "_methods"):
        assert gone not in out, gone


def test_backslash_escapes_read_as_the_characters():
    """Markdown escapes punctuation with a backslash (``\\_\\_\\_``, ``\\*``, ``\\[``); a passage shows
    the characters, an escaped bracket is not a link, and code keeps its backslashes."""
    from assistant.documents import tidy_markdown

    out = tidy_markdown(
        "- Why are we doing \\_\\_\\_\\_?\n- 5 \\* 3 \\# items, \\[not a link\\](x) and C:\\Users stays.\n"
        "`a\\_b` in code\n\n```\npath\\_name\n```\n"
    )
    assert "- Why are we doing ____?" in out
    assert "- 5 * 3 # items, [not a link](x) and C:\\Users stays." in out
    assert "`a\\_b` in code" in out and "path\\_name" in out


@pytest.mark.parametrize(
    "front, key, problem",
    [
        ("title: [a, b]", "title", "must be text, not a list"),
        ("kind: banana", "kind", "is 'banana', not one of programme, case-study"),
        ("themes: 5", "themes", "not a number (5)"),
        ("years: {a: 1}", "years", "not a mapping"),
        ("sources: {url: x}", "sources", "not a mapping"),
        ("region: {north: 1}", "region", "not a mapping"),
        ("tags: {a: b}", "tags", "not a mapping"),
        ("kind: [programme]", "kind", "not a list"),
    ],
)
def test_wrong_typed_known_keys_warn_and_fall_back(tmp_path, front, key, problem):
    root = tmp_path / "corpus"
    path = write(
        root / "case-studies" / "road-safety.md", f"---\n{front}\nlayout: page\n---\nBody about 20 mph streets.\n"
    )
    doc = load_document(path, root)
    assert doc.doc_id == "case-studies/road-safety.md"
    assert len(doc.warnings) == 1, doc.warnings
    assert f"field '{key}'" in doc.warnings[0] and problem in doc.warnings[0], doc.warnings[0]
    assert doc.title == "Road safety"  # from the file name: no heading, no usable title
    assert doc.kind == "case-study"  # from the folder
    assert doc.themes == [] and doc.years == "" and doc.sources == [] and doc.region == ""
    assert doc.extra == {"layout": "page"}
    assert "20 mph" in chunk_document(doc)[0].text


def test_wrong_types_fall_back_to_heading_and_date(tmp_path):
    root = tmp_path / "corpus"
    path = write(
        root / "programme" / "x.md",
        "---\ntitle: {a: 1}\nyears: [[1]]\ndate: 2021-06-30\nregion: [North, South]\n---\n# From the "
        "heading\n\nBody.\n",
    )
    doc = load_document(path, root)
    assert doc.title == "From the heading" and doc.years == "2021" and doc.region == "North, South"
    assert [w.split("'")[1] for w in doc.warnings] == ["title", "years"]


def test_front_matter_that_is_not_key_value_is_a_warning(tmp_path):
    root = tmp_path / "corpus"
    doc = load_document(write(root / "list.md", "---\n- a\n- b\n---\n# Listed\n\nThe body still counts.\n"), root)
    assert doc.title == "Listed" and "front matter is a list" in doc.warnings[0]
    assert "body still counts" in chunk_document(doc)[0].text


def test_sidecar_wrong_type_names_the_sidecar(tmp_path):
    root = tmp_path / "corpus"
    path = make_pdf(root / "guide.pdf", ["Budgets explained."], title="A guide")
    write(root / "guide.pdf.meta.yaml", "themes: {a: 1}\nkind: case-study\nowner: policy team\n")
    doc = load_document(path, root)
    assert doc.kind == "case-study" and doc.extra == {"owner": "policy team"}
    assert doc.warnings == [
        "metadata field 'themes' in guide.pdf.meta.yaml must be text or a list of text, not a mapping (key: value "
        "pairs); ignored"
    ]


# --- PowerPoint and OpenDocument ------------------------------------------------------------


def _deck(path):
    make_pptx(
        path,
        [
            (
                "Budget consultation",
                ["Residents vote on five percent of the budget.", "Run it twice a year."],
                "Mention the 14 percent turnout.",
            ),
            ("Timeline", ["Spring: collect ideas.", "Autumn: the vote."], ""),
            ("", ["An untitled slide about ward champions."], "Champions are volunteers."),
        ],
        title="Northby budget deck",
    )
    return add_pptx_table_slide(path, "Costs", [["Item", "Cost"], ["Venues", "2,000 pounds"]])


def test_pptx_one_section_per_slide_with_notes_and_slide_numbers(tmp_path):
    root = tmp_path / "corpus"
    doc = load_document(_deck(root / "deck.pptx"), root)
    assert doc.title == "Northby budget deck" and doc.fmt == "pptx"
    assert [b.page for b in doc.blocks] == [1, 2, 3, 4]
    chunks = chunk_document(doc)
    assert [(c.page, c.section) for c in chunks] == [
        (1, "Budget consultation (slide 1)"),
        (2, "Timeline (slide 2)"),
        (3, "Slide 3"),
        (4, "Costs (slide 4)"),
    ]
    assert (
        "Residents vote on five percent" in chunks[0].text
        and "Notes: Mention the 14 percent turnout." in chunks[0].text
    )
    assert "Notes: Champions are volunteers." in chunks[2].text
    assert "Venues | 2,000 pounds" in chunks[3].text
    assert chunks[1].index_text().startswith("Northby budget deck | Timeline (slide 2)")


def test_pptx_title_defaults_to_the_first_slide(tmp_path):
    root = tmp_path / "corpus"
    path = make_pptx(root / "deck.pptx", [("Open data pilot", ["Publish spending monthly."], "")])
    doc = load_document(path, root)
    assert doc.title == "Open data pilot"
    assert [(c.page, c.section) for c in chunk_document(doc)] == [(1, "Slide 1")]


def test_odt_headings_paragraphs_lists_and_tables(tmp_path):
    root = tmp_path / "corpus"
    path = make_odt(
        root / "plan.odt",
        "Open plan",
        [
            (1, "Open plan", ["Why we plan in the open."]),
            (2, "Goals", ["Halve missed bins."]),
            (3, "Measures", ["Missed bins per 100,000."]),
        ],
        items=["Publish monthly", "Review yearly"],
        rows=[["Measure", "Target"], ["Missed bins", "50"]],
    )
    doc = load_document(path, root)
    assert doc.title == "Open plan" and doc.fmt == "odt"
    chunks = chunk_document(doc)
    assert [c.section for c in chunks] == ["Overview", "Goals", "Goals > Measures"]
    assert "Why we plan in the open." in chunks[0].text
    assert "- Publish monthly" in chunks[2].text and "- Review yearly" in chunks[2].text
    assert "Missed bins | 50" in chunks[2].text


def test_zips_of_the_wrong_kind_are_named(tmp_path):
    root = tmp_path / "corpus"
    docx_bytes = make_docx(tmp_path / "x.docx", "T", [("H", "Body.")]).read_bytes()
    for name, reason in (
        ("deck.pptx", "not a readable PowerPoint (.pptx) file"),
        ("text.odt", "not a readable OpenDocument text (.odt) file"),
    ):
        path = write(root / name, docx_bytes)
        with pytest.raises(DocumentError) as info:
            load_document(path, root)
        assert info.value.path == name and reason in info.value.reason, info.value.reason
        assert "Traceback" not in info.value.reason


# --- through the real index ------------------------------------------------------------------


@pytest.mark.slow
def test_ingest_reports_warnings_and_no_failures(tmp_path, make_components):
    from assistant.desk import CorpusDesk

    root = _jekyll_site(tmp_path / "corpus")
    write(
        root / "case-studies" / "typos.md",
        "---\nthemes: 5\nkind: banana\npermalink: /typos/\n---\n# Typos\n\nSpeed cameras near schools cut "
        "collisions.\n",
    )
    _deck(root / "programme" / "deck.pptx")
    make_odt(root / "programme" / "plan.odt", "Open plan", [(1, "Goals", ["Halve missed bin collections by 2026."])])
    components = make_components(corpus_dir=root)

    report = components.index.ingest(root)
    assert report.failed == [] and report.documents == 7
    assert [w["path"] for w in report.warnings] == ["case-studies/typos.md", "case-studies/typos.md"]
    assert "'kind'" in report.warnings[0]["warning"] + report.warnings[1]["warning"]
    assert "'themes'" in report.warnings[0]["warning"] + report.warnings[1]["warning"]
    assert report.summary()["warnings"] == report.warnings
    again = components.index.ingest(root)  # unchanged documents: their warnings are reported again
    assert again.embedded == 0 and again.warnings == report.warnings

    entry = components.index.manifest()["documents"]["case-studies/northby-budget.md"]
    assert entry["extra"]["permalink"] == "/cases/northby-budget/" and entry["themes"][0] == "engagement"
    passages = "\n".join(c.text for c in components.index.snapshot().chunks)
    assert "{% include" not in passages and "<!--" not in passages and "Internal note" not in passages

    hit = components.retriever.search("ideas collected in spring and voted on in autumn", k=1)[0]
    assert hit.doc_id == "programme/deck.pptx" and hit.page == 2

    rows = {d["doc_id"]: d for d in CorpusDesk(components.index, root, 1_000_000).documents()}
    assert rows["case-studies/northby-budget.md"]["metadata"].startswith(
        "layout: post · permalink: /cases/northby-budget/"
    )
    assert rows["case-studies/northby-budget.md"]["metadata"].endswith("+5 more")
    assert "'themes'" in rows["case-studies/typos.md"]["warnings"]


def test_site_markdown_headings_without_a_space_and_inline_html_are_read_as_markdown(tmp_path):
    from assistant.documents import chunk_document, load_document

    text = (
        "---\nlayout: guide\n---\n##Discovery and alpha\nFind out <strong>who</strong> the users are "
        'and <a href="/x">what they need</a>.\n\n<div class="intro"><p>Start small.</p></div>\n'
        '<h2 id="beta">Going to <em>beta</em></h2>\nOpen the service to real users. <https://example.org> stays.\n'
        "<script>track();</script>\n```html\n<div>code keeps its tags</div>\n##not a heading in code\n```\n"
    )
    path = write(tmp_path / "guide.md", text)
    document = load_document(path, tmp_path)
    chunks = chunk_document(document)
    sections = [c.section for c in chunks]
    assert any(s.endswith("Discovery and alpha") for s in sections) and any(
        s.endswith("Going to beta") for s in sections
    )
    body = "\n".join(c.text for c in chunks)
    assert "<strong>" not in body and "<a href" not in body and "<div class" not in body and "track()" not in body
    assert "who the users are" in body and "Start small." in body and "<https://example.org>" in body
    assert "<div>code keeps its tags</div>" in body and "##not a heading in code" in body


def test_a_page_of_front_matter_only_is_read_from_its_summary(tmp_path):
    """Sites keep link pages whose only words are a summary in the front matter; that summary is
    the text (with a warning saying so), and a page with neither body nor summary is refused."""
    root = tmp_path / "corpus"
    path = write(
        root / "programme" / "agile-guide.md",
        "---\ntitle: Agile Assessment Guide\nsource_url: https://example.org/guide\n"
        'summary: "**Agile Assessment Guide**&mdash;best practices for adopting agile in public bodies: '
        'start small, fund teams \\\\_not\\\\_ projects."\ntopics: [agile]\n---\n\n',
    )
    doc = load_document(path, root)
    chunks = chunk_document(doc)
    assert [c.text for c in chunks] == [
        "**Agile Assessment Guide**\u2014best practices for adopting agile in public bodies: start small, "
        "fund teams _not_ projects."
    ]
    assert doc.warnings == ["no text below the front matter; its 'summary' is read as the text"]
    empty = write(root / "programme" / "link.md", "---\ntitle: Just a link\nsource_url: https://example.org\n---\n")
    with pytest.raises(DocumentError, match="no text found in the file"):
        load_document(empty, root)


def test_character_references_in_front_matter_titles_read_as_characters(tmp_path):
    root = tmp_path / "corpus"
    path = write(
        root / "case-studies" / "fuel.md",
        '---\ntitle: "Fueleconomy.gov &#8211; Extended Case Study"\ndescription: Tips &amp; tricks\n---\nBody text.\n',
    )
    doc = load_document(path, root)
    assert doc.title == "Fueleconomy.gov \u2013 Extended Case Study"
    assert doc.description == "Tips & tricks"
    assert chunk_document(doc)[0].title == doc.title


def test_setext_headings_are_headings(tmp_path):
    """CommonMark's underlined headings (``===`` for a title, ``---`` for a section) split passages
    and name them like ``#`` headings; a rule after a blank line, a table's rule and a list item
    are not headings, and code is left as written."""
    root = tmp_path / "corpus"
    path = write(
        root / "programme" / "blueprints.md",
        "Service blueprints\n==================\n\nA blueprint maps front stage and back stage.\n\n"
        "Why they help\n-------------\n\nThey show hand-offs between teams.\n\n---\n\n***\n"
        "| step | owner |\n|------|-------|\n| triage | contact centre |\n\n- a list item\n---\n\n"
        "```\nnot a heading\n-------------\n```\n",
    )
    doc = load_document(path, root)
    assert doc.title == "Service blueprints"
    chunks = chunk_document(doc)
    by_section = {c.section: c.text for c in chunks}
    assert by_section["Overview"] == "A blueprint maps front stage and back stage."
    assert by_section["Why they help"].startswith("They show hand-offs between teams.")
    body = "\n".join(c.text for c in chunks)
    prose = body.split("```")[0]
    assert "=====" not in prose and "Why they help" not in prose and "---\n" not in prose and "***" not in prose
    assert "step | owner\ntriage | contact centre" in body and "- a list item" in body  # a table, not a heading
    assert "not a heading\n-------------" in body


def test_admonitions_and_callouts_read_as_their_title_and_text():
    """Documentation sites mark notes in several ways (MkDocs ``!!!``/``???`` and ``===`` tabs,
    Docusaurus, VuePress and MyST ``:::``, GitHub and Obsidian ``> [!NOTE]``): a passage keeps the
    title and the text, not the markers or icons, and the indented text of an MkDocs note is not
    read as code."""
    from assistant.documents import tidy_markdown

    out = tidy_markdown(
        '!!! note "Risk appetite"\n    The amount of risk a council will accept.\n\n    Write it down.\n\n'
        "???+ tip\n    Review it yearly.\n\nAfter the notes.\n\n"
        ":::tip Useful\nCo-design means working with residents.\n:::\n\n"
        ":::caution[Take care]\nConsent first.\n:::\n\n"
        "::: warning\nNo personal data.\n:::\n\n"
        ":::{note} Panels\n:class: dropdown\nPanels are picked by lot.\n:::\n\n"
        "> [!NOTE]\n> Useful information.\n\n> [!warning]- Before you start\n> Check the budget.\n\n"
        '=== "Council"\n    Members agree the budget.\n\n===! "Board"\n    The board agrees it.\n\n'
        "Ideas :material-lightbulb-on: and :octicons-search-24: icons go; 10:30:45 and a:b stay.\n\n* * *\n\n"
        "```\n!!! kept in code\n:::\n```\n"
    )
    assert out.startswith("Risk appetite\n\nThe amount of risk a council will accept.\n\nWrite it down.\n")
    assert "\nReview it yearly.\n\nAfter the notes." in out
    assert "Useful\n\nCo-design means working with residents." in out
    assert "Take care\n\nConsent first." in out and "No personal data." in out
    assert "Panels\n\nPanels are picked by lot." in out and ":class:" not in out
    assert "> Useful information." in out and "[!NOTE]" not in out
    assert "> Before you start\n>\n> Check the budget." in out
    assert "Council\n\nMembers agree the budget.\n\nBoard\n\nThe board agrees it." in out
    assert "Ideas and icons go; 10:30:45 and a:b stay." in out and "* * *" not in out
    assert "!!! kept in code\n:::" in out
    prose = out.split("```")[0]
    for marker in ("!!!", "???", ":::", "===", "    "):
        assert marker not in prose, marker


def test_wiki_links_highlights_and_comments_read_as_text():
    """Obsidian and wiki-style notes: ``[[Page]]`` and ``[[Page|words]]`` become their words, an
    embedded file ``![[map.png]]`` goes, ``==marked==`` is the words and ``%%comments%%`` go."""
    from assistant.documents import tidy_markdown

    out = tidy_markdown(
        "See [[Citizen panels]] and [[Partnership strategy#Roles|who does what]] or [[#Evidence]].\n"
        "![[journey-map.png]]\nA ==citizens' jury== met twice. %%draft: check dates%% Done.\n"
        "Scores a == b == c stay.\n`[[code]]` stays.\n"
    )
    assert "See Citizen panels and who does what or Evidence." in out
    assert "journey-map" not in out and "A citizens' jury met twice. Done." in out
    assert "Scores a == b == c stay." in out and "`[[code]]` stays." in out


def test_mdx_pages_read_without_imports_exports_and_components(tmp_path):
    """Docusaurus and other MDX sites: ``.mdx`` is read as Markdown; ``import``/``export`` blocks
    and JSX comments go, component tags go and the words inside them stay."""
    root = tmp_path / "corpus"
    path = write(
        root / "programme" / "co-design.mdx",
        "---\nid: intro\nsidebar_position: 2\ntitle: Intro to co-design\n---\n"
        "import Tabs from '@theme/Tabs';\nimport {\n  TabItem,\n  Card,\n} from '@site/src/components';\n\n"
        "export const meta = {\n  owner: 'engagement team',\n};\n\n"
        "# Intro to co-design\n\n{/* reviewers: keep this short */}\n"
        '<Tabs groupId="council">\n  <TabItem value="a" label="A">Residents choose the priorities.</TabItem>\n'
        '  <Card title="x" />\n</Tabs>\n\nImport duties and exports are ordinary words here.\n',
    )
    doc = load_document(path, root)
    assert doc.title == "Intro to co-design"
    body = "\n".join(c.text for c in chunk_document(doc))
    assert "Residents choose the priorities." in body
    assert "Import duties and exports are ordinary words here." in body
    for gone in ("import ", "@theme", "TabItem", "export const", "engagement team", "<Tabs", "</Tabs>", "Card", "/*"):
        assert gone not in body, gone


def test_json_front_matter_is_read(tmp_path):
    """Hugo also writes front matter as a JSON object at the top of the page."""
    root = tmp_path / "corpus"
    path = write(
        root / "case-studies" / "json-page.md",
        '{\n  "title": "Kerbside recycling trial",\n  "tags": ["waste"],\n  "date": "2020-01-01"\n}\n\n'
        "# Background\n\nA trial of weekly food waste collection.\n",
    )
    doc = load_document(path, root)
    assert doc.title == "Kerbside recycling trial"
    body = "\n".join(c.text for c in chunk_document(doc))
    assert body == "A trial of weekly food waste collection."
    plain = write(root / "programme" / "braces.md", "{this is not JSON}\n\nSome text.\n")
    assert "{this is not JSON}" in chunk_document(load_document(plain, root))[0].text


@pytest.mark.parametrize(
    "front, title, description",
    [
        ("title: Risk appetite: a primer\ndescription: What the board will accept", "Risk appetite: a primer", None),
        (
            "title: Tabs\ndescription:\tWritten in an editor that types tabs",
            "Tabs",
            "Written in an editor that types tabs",
        ),
        (
            "title:\tBoth: a colon and a tab\ndescription: Why: because editors do this",
            "Both: a colon and a tab",
            "Why: because editors do this",
        ),
    ],
)
def test_front_matter_with_an_unquoted_colon_or_a_tab_is_read_with_a_warning(tmp_path, front, title, description):
    """Hand-written front matter often puts a colon inside a title or a tab after a key; strict
    YAML refuses both. The document is read, and the warning says what was assumed."""
    path = write(tmp_path / "corpus" / "guide.md", f"---\n{front}\n---\n# Heading\n\nBody text about risk.\n")
    doc = load_document(path, tmp_path / "corpus")
    assert doc.title == title
    if description:
        assert doc.description == description
    assert len(doc.warnings) == 1 and "front matter is not strict YAML" in doc.warnings[0], doc.warnings


def test_front_matter_that_no_repair_makes_readable_is_still_refused(tmp_path):
    path = write(tmp_path / "corpus" / "guide.md", "---\ntitle: Fine: here\nyears: [2020, 2021\n---\nBody\n")
    with pytest.raises(DocumentError) as info:
        load_document(path, tmp_path / "corpus")
    assert "malformed front matter (line 3)" in str(info.value)


def test_a_date_that_is_not_one_is_kept_as_text(tmp_path):
    path = write(tmp_path / "corpus" / "guide.md", "---\ntitle: Dated\ndate: 2024-13-45\n---\n# Dated\n\nBody text.\n")
    doc = load_document(path, tmp_path / "corpus")
    assert doc.title == "Dated" and doc.extra.get("date") == "2024-13-45"


def test_empty_front_matter_keeps_the_body(tmp_path):
    """``---`` followed at once by ``---`` is empty front matter: the body starts after it, even
    when a later ``---`` rule could be mistaken for the end of the front matter."""
    root = tmp_path / "corpus"
    doc = load_document(write(root / "empty.md", "---\n---\n# Title\n\nHello\n\n---\n\ntext\n"), root)
    assert doc.title == "Title"
    body = "\n".join(c.text for c in chunk_document(doc))
    assert "Hello" in body and "text" in body
    page = "---\n---\n\nA Jekyll page about the budget cycle.\n\n---\n\nlayout: not front matter\n"
    doc = load_document(write(root / "jekyll.md", page), root)
    assert doc.extra == {} and doc.warnings == []
    body = "\n".join(c.text for c in chunk_document(doc))
    assert "A Jekyll page about the budget cycle." in body and "layout: not front matter" in body


CODE_PAGE = """# Setting up

Install the tools first.

```bash
# first, make sure the tools are installed:
make install
```

~~~~ markdown
``` yaml
# Code block content
```
~~~~

We compile our script:

    # compile it
    ghc --make filter

## Configuration

````` markdown
```` yaml
```
# still code
```
````
`````

``` yaml title="mkdocs.yml"
theme:
  features:
    - content.code.copy
```

1. A step with its code:

   ```
   # also code
   ```

2. A step with more words

    indented under the list item, so not code.
"""


def test_lines_in_code_that_start_with_a_hash_are_not_headings(tmp_path):
    """Only headings outside code cut a document into sections: a ``#`` comment in a fenced block
    (backticks or tildes, one fence inside a longer one) or an indented block stays in its
    passage, and code keeps its indentation."""
    root = tmp_path / "corpus"
    doc = load_document(write(root / "tools.md", CODE_PAGE), root)
    chunks = chunk_document(doc)
    assert [c.section for c in chunks] == ["Overview", "Configuration"]
    first, second = (c.text for c in chunks)
    assert "```bash\n# first, make sure the tools are installed:\nmake install\n```" in first
    assert "~~~~ markdown\n``` yaml\n# Code block content\n```\n~~~~" in first
    assert "We compile our script:  \n    # compile it\n    ghc --make filter" in first
    assert "```\n# still code\n```" in second
    assert "theme:\n  features:\n    - content.code.copy" in second
    assert "   ```\n   # also code\n   ```" in second
    assert "indented under the list item, so not code." in second


def test_a_fence_is_not_closed_by_a_fence_indented_four_spaces_more():
    """A closing fence may be indented at most three spaces more than its opening one; an indented
    fence inside is the example's text (MkDocs content tabs written out as code)."""
    from assistant.documents import tidy_markdown

    text = (
        '``` title="Tabs"\n=== "C"\n\n    ``` c\n    #include <stdio.h>\n    ```\n\n'
        '=== "C++"\n\n    ``` c++\n    [not a link](x.md)\n    ```\n```\n\nAfter [the example](x.md).\n'
    )
    out = tidy_markdown(text)
    assert out.startswith(text.split("\n\nAfter")[0])
    assert out.endswith("\n\nAfter the example.\n")


def test_indented_code_is_kept_as_written_but_list_text_is_tidied():
    """An indented code block (after a blank line, not under a list item or note) keeps its
    escapes, links, comments and shortcodes; indented text under a list item, a note or a
    paragraph line is prose and is tidied."""
    from assistant.documents import tidy_markdown

    out = tidy_markdown(
        "Shortcodes are written like this:\n\n"
        '    {{%/* children depth="3" */%}}\n    <!-- kept -->\n\n    [link](kept.md) a\\_b\n\n'
        "- An item\n\n  with [a link](gone.md) a\\_b <!-- gone -->\n\n"
        '!!! note "Careful"\n\n    Read [the guide](gone.md).\n\n'
        "A paragraph\n    continued [here](gone.md).\n"
    )
    assert '    {{%/* children depth="3" */%}}\n    <!-- kept -->\n\n    [link](kept.md) a\\_b' in out
    assert "  with a link a_b" in out and "gone" not in out
    assert "Careful\n\nRead the guide." in out
    assert "A paragraph\n    continued here." in out


def test_html_cells_starting_with_a_hash_are_not_headings(tmp_path):
    root = tmp_path / "corpus"
    page = (
        "# Estimates\n\nA sample estimate.\n\n<table>\n<thead>\n<th>Role</th>\n<th># of people</th>\n</thead>\n"
        "<tr><td>Developer</td><td>2</td></tr>\n</table>\n\n\\# not a heading either\n"
    )
    chunks = chunk_document(load_document(write(root / "estimate.md", page), root))
    assert {c.section for c in chunks} == {"Overview"}
    body = "\n".join(c.text for c in chunks)
    assert "of people" in body and "not a heading either" in body


@pytest.mark.parametrize("name", ["analysis.qmd", "vignette.Rmd", "notes.rmd"])
def test_quarto_and_r_markdown_are_read_as_markdown(tmp_path, name):
    """Quarto and R Markdown pages are Markdown with YAML front matter; their code chunks are
    fenced code, so a ``#`` comment in one is not a heading."""
    root = tmp_path / "corpus"
    page = (
        "---\ntitle: Grouped data\noutput: rmarkdown::html_vignette\n---\n\n## Grouping\n\n"
        "Residents were grouped by ward.\n\n"
        "```{r}\n#| label: setup\n# group the rows\nby_ward <- group_by(df, ward)\n```\n"
    )
    doc = load_document(write(root / name, page), root)
    assert doc.title == "Grouped data" and doc.fmt == name.rsplit(".", 1)[1].lower()
    chunks = chunk_document(doc)
    assert [c.section for c in chunks] == ["Grouping"]
    assert "```{r}\n#| label: setup\n# group the rows\n" in chunks[0].text


def test_an_unsupported_file_type_is_named_as_the_file_has_it(tmp_path):
    root = tmp_path / "corpus"
    with pytest.raises(DocumentError) as info:
        load_document(write(root / "Slides.KEY", b"whatever"), root)
    assert "unsupported file type '.KEY'" in info.value.reason and ".qmd" in info.value.reason


def test_a_pandoc_title_block_gives_the_title_and_is_not_a_passage(tmp_path):
    root = tmp_path / "corpus"
    page = (
        "% Pandoc filters\n  for beginners\n% John MacFarlane\n% July 17, 2006\n\n"
        "# Summary\n\nFilters change the document.\n"
    )
    for name in ("filters.md", "filters.txt"):
        doc = load_document(write(root / name, page), root)
        assert doc.title == "Pandoc filters for beginners"
        assert doc.extra["author"] == "John MacFarlane" and doc.years == "2006"
        body = "\n".join(c.text for c in chunk_document(doc))
        assert "%" not in body and "MacFarlane" not in body
    note = load_document(write(root / "note.md", "%% a comment %%\n\nA 5% rise.\n"), root)
    assert note.title == "Note" and "A 5% rise." in chunk_document(note)[0].text


def test_plain_text_front_matter_is_metadata_only_when_it_reads_as_key_value(tmp_path):
    root = tmp_path / "corpus"
    doc = load_document(
        write(root / "memo.txt", "---\ntitle: Budget memo\ntags: [budget]\n---\n# Draft heading\n\nThe memo.\n"), root
    )
    assert doc.title == "Budget memo" and doc.themes == ["budget"]
    assert "title:" not in doc.blocks[0].text and "The memo." in doc.blocks[0].text
    for text in ("---\nJust a rule above.\n---\nAnd text.\n", "---\ntitle: [unclosed\n---\nText.\n", "---\nno end\n"):
        doc = load_document(write(root / "rule.txt", text), root)
        assert doc.blocks[0].text == text and doc.title == "Rule" and doc.warnings == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_text_with_a_byte_order_mark_is_read(tmp_path, encoding):
    root = tmp_path / "corpus"
    text = "---\ntitle: Plain language\n---\r\n# Use plain language\r\n\r\nWrite for the caf\u00e9's users.\r\n"
    data = text.encode(encoding)
    if encoding.endswith(("-le", "-be")):  # these codecs write no mark: add the one a Windows editor writes
        data = ("\ufeff" + text).encode(encoding)
    doc = load_document(write(root / "plain.md", data), root)
    assert doc.title == "Plain language"
    assert chunk_document(doc)[0].text == "Write for the caf\u00e9's users."


def test_template_placeholders_in_front_matter_are_read_as_text(tmp_path):
    """Note-app templates leave ``{{date}}`` unquoted, which YAML reads as a mapping used as a key."""
    root = tmp_path / "corpus"
    page = (
        '---\ncategories:\n  - "[[Meetings]]"\ntype: []\ndate: {{date}}\ncreated: {{date:YYYY-MM-DD}} # today\n'
        "tags:\n  - {{tag}}\n---\n\n## Notes\n\nAgreed the engagement plan.\n"
    )
    doc = load_document(write(root / "meeting.md", page), root)
    assert doc.extra["date"] == "{{date}}" and doc.extra["created"] == "{{date:YYYY-MM-DD}}"
    assert "{{tag}}" in doc.themes
    assert len(doc.warnings) == 1 and "template placeholder" in doc.warnings[0]


def test_a_document_with_no_text_says_what_it_has(tmp_path):
    """A page of headings only is read with a warning (it gives no passage); a page of front
    matter or markup only is refused, and the reason says which."""
    root = tmp_path / "corpus"
    doc = load_document(write(root / "stub.md", "---\ntitle: Stub\n---\n# TO WRITE\n\n## Later\n"), root)
    assert chunk_document(doc) == []
    assert doc.warnings == ["has headings but no text to index ('TO WRITE', 'Later'); no passage of it can be found"]
    with pytest.raises(DocumentError, match="has only front matter and no text to index"):
        load_document(write(root / "fm.md", "---\ntitle: Only metadata\n---\n![[Albums.base]]\n"), root)
    with pytest.raises(DocumentError, match="has only markup"):
        load_document(write(root / "markup.md", "<!-- nothing yet -->\n{% include nav.html %}\n"), root)


def test_attribute_lists_go_and_bracketed_spans_keep_their_words():
    """MkDocs, markdown-it and kramdown attribute lists after headings, links, images, cells and
    paragraphs go, and a Pandoc span keeps its words; braces holding anything else stay."""
    from assistant.documents import tidy_markdown

    out = tidy_markdown(
        '## Usage { #usage .wide data-x="1" }\n\n'
        'See [the site](https://x.org){.usa-link .usa-link--external} and ![A map](m.png){ width="300" }.\n'
        "A paragraph with a class.\n{: .build}\n\n"
        'Open [in a tab](x.html){:target="_blank"}, [small caps]{.smallcaps} and [a span]{#s1 .note key="v"}.\n\n'
        "| Cell {.x} | b |\n\n"
        "Format {placeholder}, {#a, b} and {x=1} stay; `{.code}` stays.\n"
    )
    assert out.startswith("## Usage\n\nSee the site and A map.\nA paragraph with a class.\n\n")
    assert "Open in a tab, small caps and a span." in out and "| Cell | b |" in out
    assert "Format {placeholder}, {#a, b} and {x=1} stay; `{.code}` stays." in out


def test_shortcut_references_and_linked_images_read_as_their_words():
    """``[MkDocs]`` and ``![alt][ref]`` with a definition, and an image inside a link, read as their
    words once the definitions are gone; brackets without a definition and footnotes stay."""
    from assistant.documents import tidy_markdown

    out = tidy_markdown(
        "Built with [MkDocs], [Material for  MkDocs] and [the theme][material]; [not defined] and [^1] stay.\n"
        "[![Build status](badge.svg)](https://ci.org) and ![Logo][logo]; `[MkDocs]` is code.\n\n"
        "  [mkdocs]: https://mkdocs.org\n  [material for mkdocs]: https://m.org\n  [material]: https://m.org\n"
        "  [logo]: logo.png\n"
    )
    assert "Built with MkDocs, Material for  MkDocs and the theme; [not defined] and [^1] stay." in out
    assert "Build status and Logo; `[MkDocs]` is code." in out
    assert "mkdocs.org" not in out and "badge.svg" not in out


def test_bytes_that_only_start_like_utf16_are_refused(tmp_path):
    root = tmp_path / "corpus"
    with pytest.raises(DocumentError, match="byte order mark but is not UTF-16 text"):
        load_document(write(root / "bins.md", b"\xff\xfe broken encoding \xff"), root)


def test_site_generators_code_blocks_are_code(tmp_path):
    """Jekyll's {% highlight %}, Octopress's {% codeblock %} and Hugo's {{< highlight >}} and
    {{< code >}} hold code: a "#" comment in one is not a heading, and its lines stay as written."""
    root = tmp_path / "corpus"
    page = (
        "# Scripts\n\nRun this first.\n\n"
        "{% highlight bash linenos %}\n# install the tools\npip install  coach\n{% endhighlight %}\n\n"
        "{% codeblock Time to be Awesome lang:ruby %}\n# greet\nputs 'Awesome!'\n{% endcodeblock %}\n\n"
        '{{< highlight go "linenos=table" >}}\n# not a heading either\nfunc main() {}\n{{< /highlight >}}\n\n'
        '{{< code lang="python" >}}\n## nor this\nprint(1)\n{{< /code >}}\n\n'
        "## Next steps\n\nThen ask a colleague.\n\n"
        "```liquid\n{% highlight bash %}\n# shown as an example\n{% endhighlight %}\n```\n"
    )
    chunks = chunk_document(load_document(write(root / "scripts.md", page), root))
    assert [c.section for c in chunks] == ["Overview", "Next steps"]
    first, second = (c.text for c in chunks)
    for code in ("# install the tools\npip install  coach", "# greet\nputs 'Awesome!'", "# not a heading either"):
        assert code in first
    assert "## nor this\nprint(1)" in first and "endhighlight" not in first and "codeblock" not in first
    assert "{% highlight bash %}\n# shown as an example\n{% endhighlight %}" in second


def test_headings_below_the_fourth_level_read_as_their_words(tmp_path):
    """ "#####" and "######" do not start a section (they stay in the text of the one above), but
    their marks are not words a passage should show."""
    root = tmp_path / "corpus"
    page = (
        "# Guide\n\n#### Budget\n\nThe pilot costs 40,000.\n\n"
        "##### Staffing\n\nTwo officers.\n\n###### Notes ######\n\nNone.\n"
    )
    chunks = chunk_document(load_document(write(root / "guide.md", page), root))
    assert [c.section for c in chunks] == ["Budget"]
    assert "Staffing  \nTwo officers." in chunks[0].text and "Notes  \nNone." in chunks[0].text
    assert "#" not in chunks[0].text


def test_form_and_media_tags_read_as_their_words():
    """Checklists and figures written in HTML (inputs, labels, pictures, keyboard keys) read as
    their words; a tag named in inline code stays as written."""
    from assistant.documents import tidy_markdown

    out = tidy_markdown(
        'Use this checklist.\n\n<input id="timeline" type="checkbox">\n<label for="timeline">\n'
        "Create a high-level timeline by week.\n</label>\n\n"
        '<picture><source srcset="a.webp"><img src="a.png" alt="A map"></picture> Press <kbd>Ctrl</kbd>.\n\n'
        "Put the page number in the page `<title>` and use the `<picture>` element.\n\n"
        "<noscript>Please turn on JavaScript.</noscript>\n"
    )
    assert "<" not in out.replace("`<title>`", "").replace("`<picture>`", "")
    assert "Create a high-level timeline by week." in out and "Press Ctrl." in out
    assert "page `<title>` and use the `<picture>` element" in out
    assert "JavaScript" not in out


def test_nunjucks_macro_calls_read_as_their_text(tmp_path):
    """A GOV.UK Frontend macro call ({{ govukTable({...}) }}) spans many lines and blank ones; its
    words (text and html values) are kept, a table's row on one line, and its settings go."""
    root = tmp_path / "corpus"
    page = (
        '# Type scale\n\n{% from "govuk/components/table/macro.njk" import govukTable %}\n\n'
        "The scale changes with the screen.\n\n"
        '{{ govukTable({\n  caption: "Large screens",\n  captionClasses: "govuk-table__caption--m",\n'
        '  head: [\n    {\n      text: "Point on type scale"\n    },\n    {\n      text: "Used by"\n    }\n  ],\n\n'
        "  rows: [\n    [\n      { text: \"80\" },\n      { html: '<strong>Only</strong> in exceptional cases' }\n"
        '    ],\n    [\n      { text: "48" },\n      { text: "Page headings", format: "numeric" }\n'
        "    ]\n  ]\n}) }}\n\n"
        "Use the scale for new components.\n"
    )
    text = "\n".join(c.text for c in chunk_document(load_document(write(root / "type.md", page), root)))
    assert "Large screens" in text and "Point on type scale | Used by" in text
    assert "80 | Only in exceptional cases" in text and "48 | Page headings" in text
    for gone in ("govuk", "caption:", "numeric", "{", "}"):
        assert gone not in text, gone
    assert "Use the scale for new components." in text


def test_pipe_tables_read_a_row_a_line_without_padding_or_rules():
    """A Markdown table reads as its rows, cells apart by " | ": the padding that lines up its columns
    in the source and its |---| rule go (a padded table filled a passage with spaces); an escaped
    pipe stays in its cell; a pipe in prose and a table in code are left alone."""
    from assistant.documents import tidy_markdown

    out = tidy_markdown(
        "Options:\n\n"
        "| Name        | Type   | Required | Description                               |\n"
        "| ----------- | :----: | -------- | ----------------------------------------- |\n"
        "| text        | string | true     | The text of the label \\| or its `html`   |\n"
        "| id          | string | false    |                                           |\n\n"
        "Level | Name\n--- | ---\n1 | Averse\n\n"
        "Use a | b in prose.\n\n```\n| a   | b |\n|-----|---|\n```\n"
    )
    assert "Name | Type | Required | Description\ntext | string | true | The text of the label | or its `html`\n" in out
    assert "id | string | false\n" in out and "---" not in out.split("```")[0]
    assert "Level | Name\n1 | Averse\n" in out and "Use a | b in prose." in out
    assert "```\n| a   | b |\n|-----|---|\n```" in out
