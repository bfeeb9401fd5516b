"""Loading every supported format, metadata defaults, clear errors, and chunking."""

from __future__ import annotations

import pytest

from assistant.documents import DocumentError, chunk_document, load_document
from tests.builders import make_docx, make_html, make_pdf, make_scanned_pdf
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
    path = make_pdf(root / "guide.pdf", ["First page about budgets.", "Second page about citizen juries."], title="A guide")
    doc = load_document(path, root)
    assert doc.title == "A guide"
    assert doc.fmt == "pdf"
    chunks = chunk_document(doc)
    assert [c.page for c in chunks] == [1, 2]
    assert chunks[1].section == "Page 2"
    assert "citizen juries" in chunks[1].text


def test_docx_keeps_headings(tmp_path):
    root = tmp_path / "corpus"
    path = make_docx(root / "plan.docx", "Digital plan", [("Service standard", "Understand users first."), ("Data", "Share data once.")])
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
        ("unknown-key.md", b"---\ntitel: typo\n---\nBody", "unknown front matter field"),
        ("bad-kind.md", b"---\nkind: novel\n---\nBody", "'kind'"),
        ("corrupt.pdf", b"%PDF-1.4\nthis is not really a pdf", "not a readable PDF"),
        ("corrupt.docx", b"PK\x03\x04 not a zip", "not a readable DOCX"),
        ("slides.pptx", b"whatever", "unsupported file type '.pptx'"),
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
