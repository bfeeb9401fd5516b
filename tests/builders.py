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


def make_long_pdf(path: Path, pages: list[str], width: int = 95) -> Path:
    """A real PDF with one page per text, each cut into lines of at most ``width`` characters and
    placed line by line (fpdf2 without its paragraph layout, which takes seconds per hundred pages)."""
    import textwrap

    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for text in pages:
        pdf.add_page()
        for n, line in enumerate(textwrap.wrap(text, width)):
            pdf.text(10, 16 + 6 * n, line)
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


def make_pptx(path: Path, slides: list[tuple[str, list[str], str]], title: str = "") -> Path:
    """A PPTX with one "Title and Content" slide per (title, bullet lines, speaker notes);
    an empty title leaves the slide without one."""
    from pptx import Presentation

    presentation = Presentation()
    if title:
        presentation.core_properties.title = title
    for heading, bullets, notes in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        if heading:
            slide.shapes.title.text = heading
        else:
            slide.shapes.title._element.getparent().remove(slide.shapes.title._element)
        body = slide.placeholders[1].text_frame
        for n, line in enumerate(bullets):
            para = body.paragraphs[0] if n == 0 else body.add_paragraph()
            para.text = line
        if notes:
            slide.notes_slide.notes_text_frame.text = notes
    return _save_pptx(presentation, path)


def add_pptx_table_slide(path: Path, heading: str, rows: list[list[str]]) -> Path:
    """Append a "Title Only" slide holding a table to an existing PPTX."""
    from pptx import Presentation
    from pptx.util import Inches

    presentation = Presentation(str(path))
    slide = presentation.slides.add_slide(presentation.slide_layouts[5])
    slide.shapes.title.text = heading
    shape = slide.shapes.add_table(len(rows), len(rows[0]), Inches(1), Inches(2), Inches(8), Inches(2))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            shape.table.cell(r, c).text = text
    return _save_pptx(presentation, path)


def _save_pptx(presentation, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(path))
    return path


def make_odt(
    path: Path,
    title: str,
    sections: list[tuple[int, str, list[str]]],
    items: list[str] = (),
    rows: list[list[str]] = (),
) -> Path:
    """An ODT with a document title, (level, heading, paragraphs) sections, then an optional
    bulleted list and an optional table."""
    from odf import dc, table
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    document.meta.addElement(dc.Title(text=title))
    for level, heading, paragraphs in sections:
        document.text.addElement(H(outlinelevel=level, text=heading))
        for paragraph in paragraphs:
            document.text.addElement(P(text=paragraph))
    if items:
        bullets = List()
        for item in items:
            entry = ListItem()
            entry.addElement(P(text=item))
            bullets.addElement(entry)
        document.text.addElement(bullets)
    if rows:
        grid = table.Table(name="Table1")
        grid.addElement(table.TableColumn(numbercolumnsrepeated=len(rows[0])))
        for row in rows:
            line = table.TableRow()
            for text in row:
                cell = table.TableCell()
                cell.addElement(P(text=text))
                line.addElement(cell)
            grid.addElement(line)
        document.text.addElement(grid)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
