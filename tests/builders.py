"""Builders for corpus files of every supported format, made by the tests themselves."""

from __future__ import annotations

from pathlib import Path


def make_pdf(path: Path, pages: list[str], title: str = "") -> Path:
    """A real PDF with one page per text (fpdf2); an empty text makes a page with no text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    if title:
        pdf.set_title(title)
    for text in pages:
        pdf.add_page()
        if text:
            pdf.multi_cell(0, 6, text)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def make_scanned_pdf(path: Path) -> Path:
    """A PDF whose only page holds a drawing and no text, like a scan."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def make_docx(path: Path, title: str, sections: list[tuple[str, str]]) -> Path:
    """A DOCX with a Title paragraph and one Heading 1 plus paragraph per section."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=0)
    for heading, body in sections:
        document.add_heading(heading, level=1)
        document.add_paragraph(body)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def make_html(path: Path, title: str, heading: str, body: str) -> Path:
    html = f"""<!doctype html><html><head><title>{title}</title><style>p {{color: red}}</style>
<script>var tracking = "do not index me";</script></head>
<body><nav><a href="/">Home</a> | <a href="/menu">Menu text</a></nav>
<main><h1>{title}</h1><h2>{heading}</h2><p>{body}</p></main>
<footer>Footer boilerplate</footer></body></html>"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
