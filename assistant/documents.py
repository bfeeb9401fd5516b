"""Loading corpus files and cutting them into chunks.

A corpus is a folder of Markdown (with optional YAML front matter), plain text, PDF, DOCX and
HTML files. Every loader turns a file into blocks of Markdown-like text (one block per PDF
page, one block otherwise), so that one chunker serves every format: split on headings first,
then by size with overlap. A file that cannot be read raises :class:`DocumentError` naming the
file and the reason; the caller decides whether to carry on with the others.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SUPPORTED_SUFFIXES = (".md", ".markdown", ".txt", ".pdf", ".docx", ".html", ".htm")
# Metadata for files that cannot carry front matter (PDF, DOCX, ...) sits beside them in
# ``<file>.meta.yaml`` with the same keys as front matter; its values win.
SIDECAR_SUFFIX = ".meta.yaml"
KINDS = ("programme", "case-study")
FRONT_MATTER_KEYS = {"title", "kind", "themes", "region", "years", "sources"}


class DocumentError(Exception):
    """A file that cannot go into the corpus, with the reason in plain words."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass
class Block:
    """A run of Markdown-like text; ``page`` is set for PDF pages."""

    text: str
    page: int | None = None


@dataclass
class Document:
    """One corpus file, parsed: its metadata and its text blocks."""

    doc_id: str
    title: str
    kind: str
    themes: list[str]
    region: str
    years: str
    sources: list[str]
    blocks: list[Block]
    content_hash: str
    fmt: str

    def metadata(self) -> dict:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "kind": self.kind,
            "themes": list(self.themes),
            "region": self.region,
            "years": self.years,
            "sources": list(self.sources),
            "format": self.fmt,
        }


@dataclass
class Chunk:
    """A retrievable passage of a document, with where it came from."""

    chunk_id: str
    doc_id: str
    title: str
    section: str
    kind: str
    themes: list[str]
    text: str
    page: int | None = None
    position: int = 0
    extra: dict = field(default_factory=dict)

    def index_text(self) -> str:
        """The text that is embedded and BM25-indexed: the passage with its heading path."""
        heading = f"{self.title} | {self.section}" if self.section else self.title
        return f"{heading}\n{self.text}"


def doc_id_for(path: Path, root: Path) -> str:
    """A document's id: its path relative to the corpus folder, with forward slashes."""
    return path.resolve().relative_to(root.resolve()).as_posix()


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def file_hash(path: Path) -> str:
    """The hash that decides whether a document changed: its bytes plus its sidecar's."""
    digest = hashlib.sha256(path.read_bytes())
    sidecar = sidecar_path(path)
    if sidecar.is_file():
        digest.update(b"\0sidecar\0" + sidecar.read_bytes())
    return digest.hexdigest()


# The indicator library (``indicators/``) is served by :mod:`assistant.indicators`, not as passages.
LIBRARY_FOLDERS = ("indicators",)


def list_corpus_files(root: Path) -> list[Path]:
    """Every file under ``root`` that is not hidden or in the indicator library, sorted, whatever its type."""
    files = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file() or path.name.endswith(SIDECAR_SUFFIX):
            continue
        if len(rel.parts) > 1 and rel.parts[0] in LIBRARY_FOLDERS:
            continue
        files.append(path)
    return files


def load_document(path: Path, root: Path, max_bytes: int | None = None) -> Document:
    """Read one corpus file; raise :class:`DocumentError` when it cannot be used."""
    doc_id = doc_id_for(path, root)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            doc_id,
            f"unsupported file type '{suffix or '(none)'}'; supported: {', '.join(SUPPORTED_SUFFIXES)}",
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(doc_id, f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise DocumentError(doc_id, "the file is empty")
    if max_bytes is not None and len(data) > max_bytes:
        raise DocumentError(
            doc_id,
            f"the file is {len(data) / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit (COACH_MAX_FILE_MB)",
        )
    loader = _LOADERS[suffix]
    meta, blocks = loader(data, doc_id)
    meta = {**meta, **_read_sidecar(path, doc_id)}
    blocks = [b for b in blocks if b.text.strip()]
    if not blocks:
        reason = (
            "no extractable text (a scanned PDF? run it through OCR first)"
            if suffix == ".pdf"
            else "no text found in the file"
        )
        raise DocumentError(doc_id, reason)
    return _document_from(doc_id, meta, blocks, file_hash(path), suffix.lstrip("."))


def _read_sidecar(path: Path, doc_id: str) -> dict:
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return {}
    try:
        meta = yaml.safe_load(sidecar.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DocumentError(doc_id, f"its metadata file {sidecar.name} is not valid YAML ({exc})") from exc
    if not isinstance(meta, dict):
        raise DocumentError(doc_id, f"its metadata file {sidecar.name} must hold 'key: value' lines")
    return meta


# --- loaders: bytes -> (front-matter dict, blocks) ---------------------------------------


def _decode_text(data: bytes, doc_id: str) -> str:
    if b"\x00" in data[:8192]:
        raise DocumentError(doc_id, "looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            doc_id, f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}); save it as UTF-8"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def split_front_matter(text: str, doc_id: str) -> tuple[dict, str]:
    """Separate YAML front matter from the body; malformed front matter is an error."""
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---\n"):
            raise DocumentError(doc_id, "malformed front matter: the opening '---' has no closing '---'")
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise DocumentError(doc_id, f"malformed front matter{where}: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(meta, dict):
        raise DocumentError(doc_id, "malformed front matter: expected 'key: value' lines")
    return meta, text[match.end():]


def _load_markdown(data: bytes, doc_id: str) -> tuple[dict, list[Block]]:
    meta, body = split_front_matter(_decode_text(data, doc_id), doc_id)
    return meta, [Block(body)]


def _load_text(data: bytes, doc_id: str) -> tuple[dict, list[Block]]:
    return {}, [Block(_decode_text(data, doc_id))]


def _load_pdf(data: bytes, doc_id: str) -> tuple[dict, list[Block]]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # failures are reported as DocumentError
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(doc_id, "the PDF is password-protected")
        blocks = [Block(page.extract_text() or "", page=i + 1) for i, page in enumerate(reader.pages)]
        info = reader.metadata or {}
        title = str(info.get("/Title") or "").strip()
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise DocumentError(doc_id, f"is not a readable PDF ({exc})") from exc
    return ({"title": title} if title else {}), blocks


def _load_docx(data: bytes, doc_id: str) -> tuple[dict, list[Block]]:
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise DocumentError(doc_id, f"is not a readable DOCX file ({exc})") from exc
    lines = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name or "").lower() if para.style is not None else ""
        level = _heading_level(style)
        lines.append(f"{'#' * level} {text}" if level else text)
    title = (document.core_properties.title or "").strip()
    return ({"title": title} if title else {}), [Block("\n\n".join(lines))]


def _heading_level(style_name: str) -> int:
    if style_name == "title":
        return 1
    match = re.match(r"heading (\d)", style_name)
    return min(int(match.group(1)), 6) if match else 0


def _load_html(data: bytes, doc_id: str) -> tuple[dict, list[Block]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode_text(data, doc_id), "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript"]):
        tag.decompose()
    main = soup.find("main") or soup.find("article") or soup.body or soup
    lines = []
    for el in main.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "blockquote", "pre"]):
        text = " ".join(el.get_text(" ", strip=True).split())
        if not text or el.find_parent(["li", "td"]) is not None and el.name == "p":
            continue
        if el.name.startswith("h"):
            lines.append(f"{'#' * int(el.name[1])} {text}")
        elif el.name == "li":
            lines.append(f"- {text}")
        else:
            lines.append(text)
    return ({"title": title} if title else {}), [Block("\n\n".join(lines))]


_LOADERS = {
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".txt": _load_text,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
    ".html": _load_html,
    ".htm": _load_html,
}


# --- metadata --------------------------------------------------------------------------


def _as_list(value, doc_id: str, key: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    raise DocumentError(doc_id, f"front matter field '{key}' must be a list of strings")


def _first_heading(blocks: list[Block]) -> str:
    for block in blocks:
        match = re.search(r"^#\s+(.+)$", block.text, re.MULTILINE)
        if match:
            return match.group(1).strip()
    return ""


def _title_from_name(doc_id: str) -> str:
    stem = Path(doc_id).stem
    return re.sub(r"[-_]+", " ", stem).strip().capitalize() or doc_id


def _kind_from_path(doc_id: str) -> str:
    parts = [p.lower() for p in Path(doc_id).parts[:-1]]
    return "case-study" if any("case" in p for p in parts) else "programme"


def _document_from(doc_id: str, meta: dict, blocks: list[Block], digest: str, fmt: str) -> Document:
    unknown = sorted(set(meta) - FRONT_MATTER_KEYS)
    if unknown:
        raise DocumentError(
            doc_id,
            f"unknown front matter field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(FRONT_MATTER_KEYS))}",
        )
    title = meta.get("title")
    if title is not None and not isinstance(title, (str, int, float)):
        raise DocumentError(doc_id, "front matter field 'title' must be text")
    kind = str(meta.get("kind") or _kind_from_path(doc_id)).strip().lower()
    if kind not in KINDS:
        raise DocumentError(doc_id, f"front matter field 'kind' is '{kind}'; use one of {', '.join(KINDS)}")
    return Document(
        doc_id=doc_id,
        title=str(title or "").strip() or _first_heading(blocks) or _title_from_name(doc_id),
        kind=kind,
        themes=[t.lower() for t in _as_list(meta.get("themes"), doc_id, "themes")],
        region=str(meta.get("region") or "").strip(),
        years=str(meta.get("years") or "").strip(),
        sources=_as_list(meta.get("sources"), doc_id, "sources"),
        blocks=blocks,
        content_hash=digest,
        fmt=fmt,
    )


# --- chunking --------------------------------------------------------------------------

_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3"), ("####", "h4")]


def chunk_document(document: Document, chunk_size: int = 900, chunk_overlap: int = 120) -> list[Chunk]:
    """Split on headings first, then by size with overlap; each chunk keeps its heading path."""
    from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

    by_heading = MarkdownHeaderTextSplitter(headers_to_split_on=_HEADERS, strip_headers=True)
    by_size = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size, chunk_overlap=min(chunk_overlap, chunk_size // 2)
    )
    chunks: list[Chunk] = []
    for block in document.blocks:
        for part in by_heading.split_text(block.text):
            path = [part.metadata[key] for _, key in _HEADERS if key in part.metadata]
            if path and path[0].strip() == document.title:
                path = path[1:]
            section = " > ".join(path)
            if block.page is not None:
                section = f"{section} (page {block.page})" if section else f"Page {block.page}"
            for piece in by_size.split_text(part.page_content):
                if not piece.strip():
                    continue
                position = len(chunks)
                chunks.append(
                    Chunk(
                        chunk_id=f"{document.doc_id}::{document.content_hash[:12]}::{position}",
                        doc_id=document.doc_id,
                        title=document.title,
                        section=section or "Overview",
                        kind=document.kind,
                        themes=list(document.themes),
                        text=piece.strip(),
                        page=block.page,
                        position=position,
                    )
                )
    return chunks
