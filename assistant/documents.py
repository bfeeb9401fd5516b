"""Loading corpus files and cutting them into chunks.

A corpus is a folder of Markdown (``.md``, ``.markdown``, MDX, Quarto ``.qmd`` and R Markdown
``.Rmd``, with optional YAML, TOML or JSON front matter or a Pandoc title block), plain text (UTF-8,
or UTF-16 with a byte order mark), PDF, DOCX, PowerPoint (PPTX), OpenDocument text (ODT) and HTML
files. Every loader turns a file into blocks of Markdown-like text (one block per PDF page or slide,
one block otherwise), so that one chunker serves every format: split on headings outside code first,
then by size with overlap. A file that
cannot be read raises :class:`DocumentError` naming the file and the reason; the caller decides
whether to carry on with the others.

Front matter never refuses a file: unknown keys are kept in ``Document.extra``, common
aliases (``tags``, ``categories``, ``date``, ``description`` ...) are mapped to ours, and a known
key with a wrong type is ignored with a warning in ``Document.warnings``.
"""

from __future__ import annotations

import bisect
import codecs
import datetime as dt
import hashlib
import html
import io
import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

SUPPORTED_SUFFIXES = (
    ".md",
    ".markdown",
    ".mdx",
    ".qmd",
    ".rmd",
    ".txt",
    ".pdf",
    ".docx",
    ".pptx",
    ".odt",
    ".html",
    ".htm",
)  # matched whatever their case (".Rmd")
# Formats whose files carry their own front matter: Markdown, MDX, Quarto and R Markdown.
MARKDOWN_FORMATS = ("md", "markdown", "mdx", "qmd", "rmd")
# Metadata for files that cannot carry front matter (PDF, DOCX, ...) sits beside them in
# ``<file>.meta.yaml`` with the same keys as front matter; its values win.
SIDECAR_SUFFIX = ".meta.yaml"
KINDS = ("programme", "case-study")
FRONT_MATTER_KEYS = {"title", "kind", "themes", "region", "years", "sources"}
# Keys of static-site generators and note apps that map onto ours.
THEME_ALIASES = ("tags", "tag", "categories", "category")
DESCRIPTION_KEYS = ("description", "summary")
DATE_KEY = "date"


class DocumentError(Exception):
    """A file that cannot go into the corpus, with the reason in plain words."""

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass
class Block:
    """A run of Markdown-like text; ``page`` is set for PDF pages and slides (``unit`` says which)."""

    text: str
    page: int | None = None
    unit: str = "page"


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
    description: str = ""
    # Front matter keys that are not ours (layout, permalink, date, ...), JSON-safe.
    extra: dict = field(default_factory=dict)
    # Problems with the metadata that did not stop the document going in.
    warnings: list[str] = field(default_factory=list)

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
            "description": self.description,
            "extra": dict(self.extra),
            "warnings": list(self.warnings),
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

    @classmethod
    def from_dict(cls, data: dict) -> Chunk:
        """A chunk from its stored form (keys a snapshot written by another version kept, such
        as the old ``extra``, are ignored)."""
        return cls(**{k: v for k, v in data.items() if k in _CHUNK_FIELDS})

    def index_text(self) -> str:
        """The text that is embedded and BM25-indexed: the passage with its heading path."""
        heading = f"{self.title} | {self.section}" if self.section else self.title
        return f"{heading}\n{self.text}"


_CHUNK_FIELDS = frozenset(Chunk.__dataclass_fields__)


def doc_id_for(path: Path, root: Path) -> str:
    """A document's id: its path relative to the corpus folder, with forward slashes.

    A link keeps its own name (whether or not it may be read: see :func:`check_inside`)."""
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:  # the folder was named through a link, or the file by its real path
        return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()


def check_inside(path: Path, root: Path, doc_id: str) -> None:
    """Refuse a file (or its metadata file) that is a link leading out of the corpus folder."""
    base = Path(root).resolve()
    if not Path(path).resolve().is_relative_to(base):
        raise DocumentError(doc_id, "links outside the corpus folder")
    sidecar = sidecar_path(Path(path))
    if sidecar.is_symlink() and not sidecar.resolve().is_relative_to(base):
        raise DocumentError(doc_id, f"its metadata file {sidecar.name} links outside the corpus folder")


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


def load_document(path: Path, root: Path, max_bytes: int | None = None, max_text_chars: int | None = None) -> Document:
    """Read one corpus file; raise :class:`DocumentError` when it cannot be used.

    ``max_bytes`` limits the file's size, ``max_text_chars`` the text (and metadata) it yields.
    Files from elsewhere should be read through :class:`assistant.parsing.Parser`, which adds
    limits on time and memory.
    """
    doc_id = doc_id_for(path, root)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            doc_id,
            f"unsupported file type '{path.suffix or '(none)'}'; supported: {', '.join(SUPPORTED_SUFFIXES)}",
        )
    check_inside(path, root, doc_id)
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
    try:
        document = _read(path, data, doc_id, suffix)
    except (DocumentError, MemoryError):
        raise
    except RecursionError as exc:
        raise DocumentError(doc_id, "is nested too deeply to read") from exc
    except Exception as exc:  # a reader's error we did not foresee: still one clear line
        raise DocumentError(doc_id, f"could not be read ({_brief(exc)})") from exc
    if max_text_chars is not None:
        size = sum(len(b.text) for b in document.blocks) + len(str(document.metadata()))
        if size > max_text_chars:
            raise DocumentError(
                doc_id, f"expands to more than {max_text_chars / (1024 * 1024):g} MB of text (COACH_MAX_TEXT_MB)"
            )
    return document


def _read(path: Path, data: bytes, doc_id: str, suffix: str) -> Document:
    loader = _LOADERS[suffix]
    warnings: list[str] = []
    own, blocks = loader(data, doc_id, warnings)
    sidecar = _read_sidecar(path, doc_id, warnings)
    meta = {**own, **sidecar}
    blocks = [b for b in blocks if b.text.strip()]
    if not blocks and suffix != ".pdf":  # a link page: its only words are a summary in its metadata
        key = next((k for k in DESCRIPTION_KEYS if isinstance(meta.get(k), str) and meta[k].strip()), None)
        if key:
            blocks = [Block(tidy_markdown(meta[key].strip()))]
            warnings.append(f"no text below the front matter; its '{key}' is read as the text")
    if not blocks:
        if suffix == ".pdf":
            reason = "no extractable text (a scanned PDF? run it through OCR first)"
        elif own and suffix in (".txt", *(f".{fmt}" for fmt in MARKDOWN_FORMATS)):
            reason = "no text found in the file: it has only front matter and no text to index"
        elif suffix.lstrip(".") in MARKDOWN_FORMATS:
            reason = (
                "no text found in the file: it has only markup (comments, tags, template code) and no text to index"
            )
        else:
            reason = "no text found in the file"
        raise DocumentError(doc_id, reason)
    if not any(_sections(block.text) for block in blocks):
        names = [name for block in blocks for name in headings(block.text)]
        quoted = ", ".join(f"'{name}'" for name in names[:3]) + (", ..." if len(names) > 3 else "")
        warnings.append(f"{NO_TEXT_WARNING} ({quoted}); no passage of it can be found" if names else NO_TEXT_WARNING)
    where = {key: sidecar_path(path).name for key in sidecar}
    return _document_from(doc_id, meta, blocks, file_hash(path), suffix.lstrip("."), warnings, where)


# The warning for a document that is read but yields no passages: it has only headings.
NO_TEXT_WARNING = "has headings but no text to index"


def _read_sidecar(path: Path, doc_id: str, warnings: list[str] | None = None) -> dict:
    sidecar = sidecar_path(path)
    if not sidecar.is_file():
        return {}
    try:
        meta = safe_yaml(sidecar.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DocumentError(doc_id, f"its metadata file {sidecar.name} is not valid YAML ({exc})") from exc
    except YamlTooComplex as exc:
        raise DocumentError(doc_id, f"its metadata file {sidecar.name} {exc}") from exc
    if not isinstance(meta, dict):
        message = f"its metadata file {sidecar.name} must hold 'key: value' lines, not {_type_name(meta)}; ignored"
        if warnings is None:
            raise DocumentError(doc_id, message)
        warnings.append(message)
        return {}
    return {str(key): value for key, value in meta.items()}


# --- loaders: bytes -> (front-matter dict, blocks) ---------------------------------------


_UNICODE_BOMS = (  # UTF-32 first: its little-endian mark starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode_text(data: bytes, doc_id: str) -> str:
    """Text saved as UTF-8 (with or without a byte order mark), or as UTF-16 or UTF-32 with one."""
    encoding = next((name for bom, name in _UNICODE_BOMS if data.startswith(bom)), None)
    if encoding is not None:
        try:
            text = data.decode(encoding)  # the mark says which byte order, and is dropped
        except UnicodeDecodeError as exc:
            raise DocumentError(
                doc_id, f"is not valid {encoding.upper()} text (at byte {exc.start}); save it as UTF-8"
            ) from exc
        if len(text) > 1 and not re.search(r"[ \t\n\r]", text):  # bytes of another kind read in pairs
            raise DocumentError(
                doc_id, f"starts with a {encoding.upper()} byte order mark but is not {encoding.upper()} text"
            )
        return text.replace("\r\n", "\n").replace("\r", "\n")
    if b"\x00" in data[:8192]:
        raise DocumentError(doc_id, "looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            doc_id, f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}); save it as UTF-8"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:(.*?)\n)??(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_TOML_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(?:(.*?)\n)??\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)


def split_front_matter(text: str, doc_id: str, warnings: list[str] | None = None) -> tuple[dict, str]:
    """Separate front matter (YAML between ``---``, Hugo's TOML between ``+++`` or a JSON object
    on the first lines) from the body.

    Unparseable front matter is an error. Front matter that parses to something other than
    ``key: value`` pairs is ignored with a warning when ``warnings`` is given, else an error.
    """
    if re.match(r"\+\+\+[ \t]*\n", text):
        return _split_toml_front_matter(text, doc_id)
    if text.startswith("{"):
        return _split_json_front_matter(text)
    match = _FRONT_MATTER.match(text)
    if not match:
        if re.match(r"---[ \t]*\n", text):
            raise DocumentError(doc_id, "malformed front matter: the opening '---' has no closing '---'")
        return {}, text
    block = match.group(1) or ""
    try:
        try:
            meta = safe_yaml(block) or {}
        except yaml.YAMLError:
            repaired = _repaired_front_matter(block)
            if repaired == block:
                raise
            meta = safe_yaml(repaired) or {}  # a second failure is reported on the repaired lines
            if warnings is not None:
                warnings.append(
                    "front matter is not strict YAML (a colon inside a value, a tab after a key, or a "
                    "template placeholder such as {{date}}); read as if the value were quoted"
                )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise DocumentError(doc_id, f"malformed front matter{where}: {getattr(exc, 'problem', exc)}") from exc
    except YamlTooComplex as exc:
        raise DocumentError(doc_id, f"front matter {exc}") from exc
    if not isinstance(meta, dict):
        if warnings is None:
            raise DocumentError(doc_id, "malformed front matter: expected 'key: value' lines")
        warnings.append(f"front matter is {_type_name(meta)}, not 'key: value' lines; ignored")
        meta = {}
    return {str(key): value for key, value in meta.items()}, text[match.end() :]


_KEY_LINE = re.compile(r"([A-Za-z_][\w-]*):[ \t]+(\S.*)")
# A value that is a template's placeholder ({{date}}, {{title}}, {% now %}), which YAML reads as a mapping.
_PLACEHOLDER_LINE = re.compile(
    r"(?P<lead>[ \t]*(?:[\w-]+:|-)[ \t]+)(?P<value>\{[{%].*?[}%]\}[^\n#]*?)(?P<comment>[ \t]+#.*)?[ \t]*"
)


def _repaired_front_matter(block: str) -> str:
    """Hand-written front matter as strict YAML reads it: tabs in indentation or after a key become
    spaces, a top-level value holding ': ' ("title: Risk appetite: a primer") is quoted, and so is a
    template placeholder left in a value or list item (``created: {{date}}``). Lines keep their
    numbers, so a remaining error is reported where it is."""
    lines = []
    for line in block.split("\n"):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        line = indent.replace("\t", "  ") + line[len(indent) :]
        key_line = _KEY_LINE.fullmatch(line)
        placeholder = _PLACEHOLDER_LINE.fullmatch(line)
        if placeholder:
            line = placeholder.group("lead") + "'" + placeholder.group("value").replace("'", "''") + "'"
            line += placeholder.group("comment") or ""
        elif key_line:
            key, value = key_line.group(1), key_line.group(2).rstrip()
            if ": " in value and value[0] not in "'\"[{|>&*!%@`#":
                value = "'" + value.replace("'", "''") + "'"
            line = f"{key}: {value}"
        lines.append(line)
    return "\n".join(lines)


def _split_json_front_matter(text: str) -> tuple[dict, str]:
    """A JSON object ending on its own line is front matter; anything else is body text."""
    try:
        meta, end = json.JSONDecoder().raw_decode(text)
    except (ValueError, RecursionError):
        return {}, text
    rest = text[end:]
    if not isinstance(meta, dict) or not re.match(r"[ \t]*(?:\n|\Z)", rest):
        return {}, text
    return {str(key): value for key, value in meta.items()}, rest


def _split_toml_front_matter(text: str, doc_id: str) -> tuple[dict, str]:
    import tomllib

    match = _TOML_FRONT_MATTER.match(text)
    if not match:
        raise DocumentError(doc_id, "malformed front matter: the opening '+++' has no closing '+++'")
    try:
        meta = tomllib.loads(match.group(1) or "")
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError(doc_id, f"malformed TOML front matter: {exc}") from exc
    except RecursionError as exc:
        raise DocumentError(doc_id, "malformed TOML front matter: nested too deeply") from exc
    return meta, text[match.end() :]


# Front matter is a few keys; these bounds only stop files built to exhaust the reader.
YAML_MAX_DEPTH = 50
YAML_MAX_EXPANSION = 100_000  # characters that aliases may add to what is written


class YamlTooComplex(Exception):
    """YAML refused before it is built: nested too deeply, or aliases that expand too far."""


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing nesting deeper than :data:`YAML_MAX_DEPTH`."""

    depth = 0

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > YAML_MAX_DEPTH:
                raise YamlTooComplex(f"is nested more than {YAML_MAX_DEPTH} levels deep")
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # '2024-13-45' has a date's shape but is not one: keep the text
            return self.construct_scalar(node)


_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _BoundedLoader.construct_yaml_timestamp)


def safe_yaml(text: str):
    """``yaml.safe_load`` that refuses deep nesting and alias 'bombs' (:class:`YamlTooComplex`)."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, len(text) + YAML_MAX_EXPANSION) > len(text) + YAML_MAX_EXPANSION:
            raise YamlTooComplex(
                f"uses too many YAML aliases (they expand it by more than {YAML_MAX_EXPANSION:,} characters)"
            )
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _expanded_size(root, limit: int) -> int:
    """Characters in the YAML tree under ``root`` with every alias expanded, counted without
    expanding (each node once); more than ``limit`` as soon as that is certain, or if it is a loop."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _yaml_children(node)
        if done:
            open_nodes.discard(key)
            sizes[key] = 1 + (
                len(node.value) if isinstance(node, yaml.ScalarNode) else sum(sizes[id(c)] for c in children)
            )
            if sizes[key] > limit:
                return sizes[key]
        elif key in open_nodes:  # an alias inside its own anchor
            return limit + 1
        elif key not in sizes:
            open_nodes.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children)
    return sizes[id(root)]


def _yaml_children(node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


# Template syntax of static-site generators, removed from Markdown before it becomes passages.
# Code (fenced blocks and inline spans) is kept as written; ``{% raw %}`` keeps its content.
# A tag may span lines but not a blank line, so a stray ``{{`` cannot swallow the text after it.
_TAG_BODY = r"(?:(?!\n[ \t]*\n).){0,2000}?"
_CODE_SPAN = r"(?P<code>`[^`\n]+`)"  # first in each pattern below, so that inline code is kept as written
# Attribute lists (MkDocs attr_list, markdown-it-attrs, Pandoc, kramdown): "{#id .class key="v"}",
# "{: .note}", "{:target="_blank"}", "{-}". Only braces holding nothing but such attributes count, so
# "{placeholder}" and "{#a, b}" stay.
_ATTRIBUTE = r"(?:[#.][A-Za-z][\w:-]*|[A-Za-z][\w:-]*=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s\"'{}]+)|-)"
_QUOTED_ATTRIBUTE = r"(?:[#.][A-Za-z][\w:-]*|[A-Za-z][\w:-]*=(?:\"[^\"\n]*\"|'[^'\n]*')|-)"
_ATTRIBUTE_LIST = (
    rf"\{{(?::[ \t]*(?:{_ATTRIBUTE}|[A-Za-z][\w-]*)(?:[ \t]+(?:{_ATTRIBUTE}|[A-Za-z][\w-]*))*"
    rf"|[ \t]*{_QUOTED_ATTRIBUTE}(?:[ \t]+{_ATTRIBUTE})*)[ \t]*\}}"
)
_TEMPLATE_SYNTAX = re.compile(
    _CODE_SPAN + r"|\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}"
    r"|(?P<block>\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\})"
    r"|(?P<html><!--.*?-->)"
    r"|(?P<toc>^[ \t]*[*-][ \t]+TOC[ \t]*\n[ \t]*\{:[ \t]*\.?toc[^}\n]*\}[ \t]*$)"  # kramdown's "* TOC\n{:toc}"
    r"|(?P<ial>^[ \t]*\{:[^}\n]*\}[ \t]*$)"  # kramdown attribute lines: {:toc}, {: .note}
    r"|\[(?P<span>[^\[\]\n]+)\]"
    + _ATTRIBUTE_LIST  # Pandoc's bracketed spans: [words]{.smallcaps}
    + r"|(?P<attr>[ \t]*"
    + _ATTRIBUTE_LIST
    + ")"  # after headings, links, images, cells: ## Title {#id}
    r"|(?P<tag>\{%" + _TAG_BODY + r"%\})"
    r"|(?P<out>\{\{" + _TAG_BODY + r"\}\})"
    r"|(?P<note>\{#" + _TAG_BODY + r"#\})",
    re.DOTALL | re.MULTILINE,
)


def _template_replacement(match: re.Match) -> str:
    if match.group("code") is not None:
        return match.group(0)
    if match.group("raw") is not None:
        return match.group("raw")
    if match.group("span") is not None:
        return match.group("span")
    return ""


def strip_template_syntax(text: str) -> str:
    """Remove Liquid/Jinja/Hugo tags (``{% %}``, ``{{ }}``, ``{# #}``), HTML comments and attribute
    lists (``{#id .class}``, ``{: .note}``; a Pandoc span ``[words]{.x}`` keeps its words) from
    Markdown prose (inline code is kept; :func:`tidy_markdown` keeps code blocks out of reach)."""
    if "{" not in text and "<!--" not in text:
        return text
    text = _TEMPLATE_SYNTAX.sub(_template_replacement, text)
    text = re.sub(r"[ \t]+$", "", text, flags=re.MULTILINE)
    return re.sub(r"\n{3,}", "\n\n", text)


# Code in Markdown, found line by line as CommonMark reads it: a fenced block (``` or ~~~) runs
# from its opening fence to a closing fence of the same character, at least as long, indented no
# more than three spaces past the opening one (or to the end of the text); an indented block is
# lines indented four spaces past their container (a list item, a note, a footnote) that do not
# continue a paragraph. Nothing in code is a heading, and nothing in it is tidied.
_FENCE_OPEN = re.compile(r"(?P<fence>`{3,}(?=[^`]*$)|~{3,})")
_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
# Notes and tabs (MkDocs), footnotes and definitions hold text indented by four spaces.
_INDENTED_CONTAINER = re.compile(r"(?:(?:!!!|\?\?\?\+?)[ \t]+[\w-]|===[!+]?[ \t]+\"|\[\^[^\]\n]+\]:|:[ \t])")
_ATX_HEADING = re.compile(r"(?P<marks>#{1,6})(?:[ \t]+(?P<text>.*?))?(?:[ \t]+#+)?[ \t]*")
_HTML_CONTAINER_TAGS = (
    "article|aside|blockquote|center|details|div|dl|figure|footer|form|header|main|nav|ol|pre|section|table|ul"
)
_HTML_OPENS = re.compile(rf"<(?:{_HTML_CONTAINER_TAGS})\b[^<>]*(?<!/)>", re.IGNORECASE)
_HTML_CLOSES = re.compile(rf"</(?:{_HTML_CONTAINER_TAGS})\s*>", re.IGNORECASE)
_INLINE_CODE = re.compile(r"`[^`\n]*`")


def _indent(line: str) -> int:
    """Columns of indentation, a tab reaching the next multiple of four."""
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _line_kinds(lines: list[str]) -> list[str]:
    """For each line: ``"fence"`` (a fenced code block, fences included), ``"indented"`` (an
    indented code block) or ``""`` (anything else)."""
    kinds: list[str] = []
    fence: tuple[str, int, int] | None = None  # character, length and indentation of the open fence
    containers: list[int] = []  # where the text of each open list item, note or footnote starts
    previous = "blank"  # the line before: "blank", "text" (a paragraph goes on) or "other"
    html = 0  # HTML elements open around the line (their indented lines are not code)
    comment = ""  # the end of an open HTML or Liquid comment
    for line in lines:
        bare = line.strip()
        if fence is not None:
            kinds.append("fence")
            char, length, opened = fence
            if bare.startswith(char * length) and not bare.strip(char).strip() and _indent(line) <= opened + 3:
                fence = None
                previous = "other"
            continue
        if not bare:
            kinds.append("blank")
            previous = "blank"
            continue
        if comment:
            kinds.append("")
            if comment in line:
                comment = ""
            previous = "text"
            continue
        indent = _indent(line)
        if previous == "blank":
            while containers and indent < containers[-1]:
                containers.pop()
        base = containers[-1] if containers else 0
        if indent >= base + 4 and (previous != "text" or kinds[-1] == "indented") and not html:
            kinds.append("indented")
            previous = "other"
            continue
        kinds.append("")
        if match := _FENCE_OPEN.match(bare):
            fence = (match.group("fence")[0], len(match.group("fence")), indent)
            kinds[-1] = "fence"
            continue
        previous = "text"
        if indent <= base + 3 and _THEMATIC_BREAK.fullmatch(line):
            previous = "other"
        elif indent <= base + 3 and (item := _LIST_ITEM.match(bare)):
            while containers and containers[-1] > indent:
                containers.pop()
            marker = item.group(0).rstrip(" \t")
            gap = len(item.group(0).expandtabs(4)) - len(marker)
            containers.append(indent + len(marker) + (1 if gap > 4 or item.end() == len(bare) else gap))
        elif indent <= base + 3 and _INDENTED_CONTAINER.match(bare):
            while containers and containers[-1] > indent:
                containers.pop()
            containers.append(indent + 4)
        elif indent <= base + 3 and _ATX_HEADING.fullmatch(bare):
            previous = "other"
        prose = _INLINE_CODE.sub("", line)
        if "<" in prose:
            html = max(0, html + len(_HTML_OPENS.findall(prose)) - len(_HTML_CLOSES.findall(prose)))
            if "<!--" in prose and "-->" not in prose[prose.rindex("<!--") :]:
                comment = "-->"
        if "{%" in prose and re.search(r"\{%-?\s*comment\s*-?%\}(?!.*\{%-?\s*endcomment)", prose):
            comment = "endcomment"
    # blank lines between lines of one indented block belong to it
    after = ""
    for n in range(len(kinds) - 1, -1, -1):
        if kinds[n] == "blank":
            kinds[n] = "blank-indented" if after == "indented" else ""
        else:
            after = kinds[n]
    before = ""
    for n, kind in enumerate(kinds):
        if kind == "blank-indented":
            kinds[n] = "indented" if before == "indented" else ""
        elif kind:
            before = kind
        elif lines[n].strip():
            before = ""
    return kinds
    return kinds


def _code_segments(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into runs of code (fenced or indented blocks) and of everything else, in order;
    joined again they are ``text``."""
    lines = text.split("\n")
    runs: list[tuple[bool, list[str]]] = []
    for line, kind in zip(lines, _line_kinds(lines), strict=True):
        if runs and runs[-1][0] == bool(kind):
            runs[-1][1].append(line)
        else:
            runs.append((bool(kind), [line]))
    last = len(runs) - 1
    return [(code, "\n".join(run) + ("\n" if n < last else "")) for n, (code, run) in enumerate(runs)]


_HTML_TAGS = (
    "a|abbr|address|article|aside|audio|b|bdi|bdo|big|blockquote|br|button|caption|center|cite|code|col|colgroup|"
    "data|dd|del|details|dfn|dialog|div|dl|dt|em|embed|fieldset|figcaption|figure|font|footer|form|"
    "h[1-6]|header|hr|i|img|input|ins|kbd|label|legend|li|main|mark|meter|nav|nobr|object|ol|optgroup|option|"
    "output|p|param|picture|pre|progress|q|s|samp|section|select|small|source|span|strike|strong|sub|summary|sup|"
    "table|tbody|td|textarea|tfoot|th|thead|time|tr|track|tt|u|ul|var|video|wbr"
)
_HTML_DROP = re.compile(r"<(script|style|iframe|svg|noscript|template)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.DOTALL | re.IGNORECASE)
_HTML_BREAK = re.compile(
    r"<(?:br|hr)\b[^>]*/?>|</(?:p|div|li|tr|figure|figcaption|section|article|blockquote|dd|dt|table|ul|ol)\s*>",
    re.IGNORECASE,
)
_HTML_TAG = re.compile(_CODE_SPAN + rf"|</?(?:{_HTML_TAGS})\b[^<>]*>", re.IGNORECASE)  # inline code kept


# Markdown links and images, read as their words: ``[text](address "title")``, ``![alt](src)``,
# ``[text][ref]`` and ``[text][]``. The text may wrap onto the next line and hold one level of
# brackets, the address one level of parentheses. Inline code comes first so that it is kept as
# written; footnotes (``[^1]``), task boxes and plain brackets have no address after them and are
# left alone.
_LINK = re.compile(
    _CODE_SPAN + r"|(?<!\\)!?\[(?P<label>(?:[^\[\]\n]|\n(?![ \t]*\n)|\[[^\[\]\n]*\])*)\]"
    r"(?:\([ \t]*(?:[^()\s]|\([^()\s]*\))*[ \t]*(?:(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\))[ \t]*)?\)"
    r"|\[[^\[\]\n]*\])"
)
_LINK_DEFINITION = re.compile(r"^ {0,3}\[(?!\^)(?P<label>[^\]\n]+)\]:[ \t]*\S[^\n]*\n?", re.MULTILINE)
# A shortcut reference, "[label]" or "![alt]" alone, which is a link only when "[label]: ..." is defined.
_SHORTCUT_LINK = re.compile(_CODE_SPAN + r"|(?<![\\\]])!?\[(?P<label>[^\[\]\n^][^\[\]\n]*)\](?![\[(:{])")


def _link_label(label: str) -> str:
    """A reference label as CommonMark matches it: case and runs of spaces do not count."""
    return " ".join(label.split()).casefold()


_ENTITY = re.compile(_CODE_SPAN + r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# CommonMark's escapable punctuation; "\#" that starts a line stays, or the line would read as a heading.
_ESCAPE = re.compile(
    _CODE_SPAN + r"|(?P<hash>^[ \t]*\\#(?=#{0,5}(?:[ \t]|$)))|\\(?P<char>[!-/:-@\[-`{-~])", re.MULTILINE
)
# HTML at the start of a line whose text starts with "#" (<th># of people</th>): that "#" is no heading.
_TAG_BEFORE_HASH = re.compile(rf"^([ \t]*(?:</?(?:{_HTML_TAGS})\b[^<>]*>[ \t]*)+)(?=#)", re.MULTILINE | re.IGNORECASE)


def _characters(text: str) -> str:
    """``text`` with its character references (``&amp;``, ``&#8211;``) read as the characters."""
    return _ENTITY.sub(_character, text) if "&" in text else text


def _character(match: re.Match) -> str:
    if match.group("code") is not None:
        return match.group(0)
    return html.unescape(match.group(0)).replace("\u00a0", " ")


def _tag_space(match: re.Match) -> str:
    return match.group("code") or " "


def _link_text(match: re.Match) -> str:
    return match.group(0) if match.group("code") is not None else match.group("label")


# Blocks that documentation sites write in their own ways, read as plain Markdown: CommonMark's
# underlined (setext) headings, notes and callouts (MkDocs ``!!! note "Title"`` with an indented
# body, ``???`` for a folded one; Docusaurus, VuePress, MyST and Pandoc ``:::`` fences; GitHub and
# Obsidian ``> [!NOTE] Title``), MDX's ``import``/``export`` blocks, component tags and comments,
# wiki links, ``==marked==`` words and ``%%comments%%``.
_SETEXT_RULE = re.compile(r" {0,3}(?:=+|-{2,})[ \t]*")
_NOT_HEADING_TEXT = re.compile(r"(?: {4}|\t|[ \t]*(?:[#>|]|[-*+][ \t]|\d{1,9}[.)][ \t]|:::|!!!|\?\?\?)|[ \t]*$)")
_ADMONITION = re.compile(r'(?P<indent>[ \t]*)(?:(?:!!!|\?\?\?\+?)[ \t]+[\w-]+|===[!+]?(?=[ \t]+"))(?P<rest>[ \t].*|)')
_THEMATIC_BREAK = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})")
_COLON_FENCE = re.compile(r"[ \t]*:{3,}[ \t]*(?:\{\.?[\w-]+[^}]*\}|[\w-]+)?(?:\[(?P<bracket>[^\]]*)\])?(?P<rest>.*)")
_MYST_OPTION = re.compile(r"[ \t]*:[\w-]+:")
_CALLOUT = re.compile(r"(?P<quote>[ \t]*>[ \t]*)\[![\w-]+\][+-]?[ \t]*(?P<title>.*)")
_ESM = re.compile(
    r"^(?:import[ \t]+(?:['\"]|[^\n]*?\bfrom[ \t]+['\"]|[\w*${][^\n]*\n(?:[^\n]+\n)*?[^\n]*\bfrom[ \t]+['\"])"
    r"|export[ \t]+(?:(?:const|let|var|function|default|class|async)\b|\{))[^\n]*(?:\n[^\n]*\S[^\n]*)*",
    re.MULTILINE,
)
_JSX_COMMENT = re.compile(r"\{/\*.*?\*/\}", re.DOTALL)
_JSX_TAG = re.compile(r"</?[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*(?:\s(?:[^<>{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)?/?>")
_ICON = re.compile(_CODE_SPAN + r"|[ \t]*(?<![\w:/]):[a-z0-9]+(?:[_+-][a-z0-9]+)+:(?![\w:])")  # :octicons-search-24:
_WIKI_LINK = re.compile(_CODE_SPAN + r"|(?P<embed>!)?\[\[(?P<target>[^\[\]|\n]*)(?:\|(?P<alias>[^\[\]\n]*))?\]\]")
_MARKED = re.compile(_CODE_SPAN + r"|(?<![=\w])==(?=\S)(?P<words>[^=\n]{0,300}?\S)==(?![=\w])")
_OBSIDIAN_COMMENT = re.compile(_CODE_SPAN + r"|[ \t]*%%.*?%%", re.DOTALL)


def _read_blocks(text: str) -> str:
    """Setext headings as ``#`` headings; note and callout markers as their titles (a paragraph
    of their own), with an MkDocs note's indented body brought back to the margin."""
    if not any(mark in text for mark in ("\n=", "\n-", "\n*", "\n_", "\n ", "!!!", "???", ":::", "[!")):
        return text
    out: list[str] = []
    options = False  # MyST's ":key: value" lines after a ":::" opener
    for line in text.split("\n"):
        if options and _MYST_OPTION.match(line):
            continue
        options = False
        if line.lstrip().startswith(":::") and (match := _COLON_FENCE.fullmatch(line)):
            title = (match.group("bracket") or match.group("rest")).strip()
            out.extend([title, ""] if title else [])
            options = True
        elif match := _CALLOUT.fullmatch(line):
            title = match.group("title").strip()
            out.extend([match.group("quote") + title, match.group("quote").rstrip()] if title else [])
        elif (
            _SETEXT_RULE.fullmatch(line)
            and out
            and not _NOT_HEADING_TEXT.match(out[-1])
            and (len(out) == 1 or not out[-2].strip() or out[-2].lstrip().startswith("#"))
        ):
            out[-1] = ("#" if line.strip()[0] == "=" else "##") + " " + out[-1].strip()
            out.append("")
        elif _THEMATIC_BREAK.fullmatch(line) and (
            "-" not in line or not out or not out[-1].strip() or _NOT_HEADING_TEXT.match(out[-1])
        ):
            continue  # a rule between paragraphs ("---" under a paragraph's only line is a setext heading)
        else:
            out.append(line)
    return "\n".join(out)


def _unwrap_notes(text: str) -> str:
    """MkDocs notes (``!!! note "Title"``, ``??? tip``) and content tabs (``=== "Tab"``) as their
    title, a paragraph of its own, and their indented text (code in it included) brought back to
    the margin of the marker; markers inside code are left alone."""
    if not any(mark in text for mark in ("!!!", "???", "===")):
        return text
    lines = text.split("\n")
    out: list[str] = []
    open_notes: list[int] = []  # the indentation of each open note's marker
    for line, kind in zip(lines, _line_kinds(lines), strict=True):
        if line.strip():
            while open_notes and _indent(line) < open_notes[-1] + 4:
                open_notes.pop()
        if open_notes:
            line = _dedented(line, 4 * len(open_notes))
        if not kind and (match := _ADMONITION.fullmatch(line)):
            quoted = re.search(r'"([^"]*)"', match.group("rest"))
            title = quoted.group(1).strip() if quoted else ""
            out.extend([match.group("indent") + title, ""] if title else [])
            open_notes.append(_indent(line) + 4 * len(open_notes))
            continue
        out.append(line)
    return "\n".join(out)


def _dedented(line: str, columns: int) -> str:
    """``line`` without ``columns`` of its indentation (tabs counted to the next multiple of four)."""
    width = 0
    for n, char in enumerate(line):
        if width >= columns or char not in " \t":
            return " " * (width - columns) + line[n:] if width > columns else line[n:]
        width += 1 if char == " " else 4 - width % 4
    return ""


def _wiki_text(match: re.Match) -> str:
    if match.group("code") is not None:
        return match.group(0)
    if match.group("embed"):
        return ""
    alias = (match.group("alias") or "").strip()
    return alias or " ".join(match.group("target").split("#^")[0].replace("#", " ").split())


def _site_syntax(text: str) -> str:
    """MDX blocks, component tags and comments removed; wiki links, marked words and comments of
    note-taking apps read as their words."""
    if "import" in text or "export" in text:
        text = _ESM.sub("", text)
    if "{/*" in text:
        text = _JSX_COMMENT.sub("", text)
    if "<" in text:
        text = _JSX_TAG.sub("", text)
    if "[[" in text:
        text = _WIKI_LINK.sub(_wiki_text, text)
    if "==" in text:
        text = _MARKED.sub(lambda m: m.group(0) if m.group("code") is not None else m.group("words"), text)
    if ":" in text:
        text = _ICON.sub(lambda m: m.group(0) if m.group("code") is not None else "", text)
    if "%%" in text:
        text = _OBSIDIAN_COMMENT.sub(lambda m: m.group(0) if m.group("code") is not None else "", text)
    return text


def _tidy_prose(text: str) -> str:
    """Markdown as sites write it, read as Markdown: kramdown headings without a space (``##Title``)
    become headings, links and images become their words (addresses and reference definitions
    go), inline HTML is reduced to its text (HTML headings to Markdown headings), character
    references (``&amp;``, ``&rsquo;``, ``&#8212;``) become the characters they name, and
    backslash-escaped punctuation (``\\_``, ``\\*``) the character itself."""
    text = re.sub(r"^(#{1,6})(?=[A-Za-z0-9(\"'])", r"\1 ", text, flags=re.MULTILINE)
    if "|" in text and "-" in text:
        text = _pipe_tables(text)
    if "](" in text or "][" in text or "]:" in text:
        defined = {_link_label(m.group("label")) for m in _LINK_DEFINITION.finditer(text)}
        for _ in range(3):  # a linked image, [![alt](src)](href), is a link around an image
            linked = _LINK.sub(_link_text, text)
            if linked == text:
                break
            text = linked
        if defined:  # [MkDocs] and ![alt] name a definition: they read as their words
            text = _SHORTCUT_LINK.sub(
                lambda m: (
                    m.group("label")
                    if m.group("code") is None and _link_label(m.group("label")) in defined
                    else m.group(0)
                ),
                text,
            )
        text = _LINK_DEFINITION.sub("", text)
    if "<" in text:
        text = _HTML_DROP.sub("", text)
        text = _HTML_HEADING.sub(
            lambda m: f"\n\n{'#' * int(m.group(1))} {' '.join(_HTML_TAG.sub(_tag_space, m.group(2)).split())}\n\n", text
        )
        text = _HTML_BREAK.sub("\n", text)
        text = re.sub(r"</t[dh]\s*>(?=[ \t]*<t[dh]\b)", " ", text, flags=re.IGNORECASE)  # cells of a row apart
        text = _TAG_BEFORE_HASH.sub(lambda m: m.group(1) + "\\", text)
        text = _HTML_TAG.sub(lambda m: m.group("code") or "", text)
        text = re.sub(r"[ \t]+$", "", text, flags=re.MULTILINE)
        text = re.sub(r"\n{3,}", "\n\n", text)
    if "&" in text:  # after the tags are gone, so that "&lt;b&gt;" stays text
        text = _ENTITY.sub(_character, text)
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: m.group("char") or m.group(0), text)
    return text


# A pipe table's rule, under its head row: "| --- | :---: |" or "--- | ---" (at least one pipe).
_TABLE_RULE = re.compile(
    r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?\|?[ \t]*|[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+"
)
_CELL_EDGE = re.compile(r"(?<!\\)\|")


def _pipe_tables(text: str) -> str:
    """Pipe tables a row a line, cells apart by " | ", without the padding that lines up their
    columns, their outer pipes or their rule."""
    lines = text.split("\n")
    out: list[str] = []
    in_table = False
    for line in lines:
        if not in_table and out and "|" in out[-1] and _TABLE_RULE.fullmatch(line):
            out[-1] = _table_row(out[-1])
            in_table = True
            continue
        if in_table and "|" in line and line.strip():
            out.append(_table_row(line))
            continue
        in_table = False
        out.append(line)
    return "\n".join(out)


def _table_row(line: str) -> str:
    cells = [cell.strip() for cell in _CELL_EDGE.split(line.strip())]
    if cells and not cells[0] and line.strip().startswith("|"):
        cells = cells[1:]
    while cells and not cells[-1]:
        cells.pop()
    return " | ".join(cells)


def tidy_markdown(text: str) -> str:
    """Markdown from a site, as passages should read it: site generators' code blocks read as
    fenced code and template macro calls as their words (:func:`_site_blocks`), template syntax
    removed (:func:`strip_template_syntax`) and headings and HTML tidied (:func:`_tidy_prose`),
    everywhere but in code blocks (fenced or indented), which are kept as written."""
    return "".join(
        part if code else _tidy_prose(_read_blocks(_site_syntax(strip_template_syntax(part))))
        for code, part in _code_segments(_unwrap_notes(_site_blocks(text)))
    )


# Code blocks of static-site generators, on lines of their own: Jekyll's "{% highlight ruby linenos %}"
# ... "{% endhighlight %}", Octopress's "{% codeblock Title lang:ruby %}" ... "{% endcodeblock %}", and
# Hugo's "{{< highlight go "opts" >}}" or "{{< code lang="go" >}}" ... "{{< /highlight >}}".
_SITE_CODE_OPEN = re.compile(
    r"[ \t]*(?:\{%-?\s*(?P<tag>highlight|codeblock)\b(?P<args>[^%\n]*?)-?%\}"
    r"|\{\{[<%]\s*(?P<hugo>highlight|code)\b(?P<hugo_args>[^\n]*?)[>%]\}\})[ \t]*"
)
_SITE_CODE_CLOSE = re.compile(
    r"[ \t]*(?:\{%-?\s*end(?P<tag>highlight|codeblock)\s*-?%\}"
    r"|\{\{[<%]\s*/\s*(?P<hugo>highlight|code)\s*[>%]\}\})[ \t]*"
)
_CODE_LANGUAGE = re.compile(r"\blang(?:uage)?[:=][\"']?(?P<lang>[\w+#.-]+)")
# A template macro call, "{{ govukTable({" or "{{- card(", read up to its matching ")" and "}}".
_MACRO_CALL = re.compile(r"\{\{-?[ \t]*[A-Za-z_][\w.]*[ \t]*\(")
_MACRO_END = re.compile(r"[ \t]*-?\}\}")
_MACRO_MAX = 100_000  # characters a macro call may span


def _site_blocks(text: str) -> str:
    """Site generators' code blocks as fenced code and template macro calls as their words, outside
    code that is already fenced or indented."""
    if "{%" not in text and "{{" not in text:
        return text
    lines = text.split("\n")
    kinds = _line_kinds(lines)
    out: list[str] = []
    n = 0
    while n < len(lines):
        line = lines[n]
        opened = None if kinds[n] else _SITE_CODE_OPEN.fullmatch(line)
        close = None
        if opened:
            tag = opened.group("tag") or opened.group("hugo")
            for m in range(n + 1, len(lines)):
                if (found := _SITE_CODE_CLOSE.fullmatch(lines[m])) and (
                    found.group("tag") or found.group("hugo")
                ) == tag:
                    close = m
                    break
        if opened and close is not None:
            args = opened.group("args") if opened.group("tag") else opened.group("hugo_args")
            named = _CODE_LANGUAGE.search(args or "")
            first = (args or "").split()
            language = (
                named.group("lang")
                if named
                else (first[0].strip("\"'") if first and opened.group("tag") != "codeblock" else "")
            )
            body = lines[n + 1 : close]
            longest = max((len(b.strip()) - len(b.strip().lstrip("`")) for b in body), default=0)
            fence = "`" * max(3, longest + 1)
            out.extend([fence + language, *body, fence])
            n = close + 1
            continue
        out.append(line)
        n += 1
    text = "\n".join(out)
    return _macro_calls(text) if "{{" in text else text


def _macro_calls(text: str) -> str:
    lines = text.split("\n")
    kinds = _line_kinds(lines)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    pieces: list[str] = []
    done = 0
    budget = 2 * len(text) + _MACRO_MAX  # characters read in all, so no text costs more than a few readings
    for call in _MACRO_CALL.finditer(text):
        if call.start() < done:
            continue
        row = bisect.bisect_right(starts, call.start()) - 1
        if kinds[row] or "`" in text[starts[row] : call.start()]:
            continue  # in code, or in an inline code span on its line
        end, reached = _closing(text, call.end() - 1)
        budget -= reached - call.end()
        if budget < 0:
            break  # text made of unclosed calls: the rest is left as written
        close = _MACRO_END.match(text, end) if end is not None else None
        if end is None or close is None:
            continue
        words = _call_words(_js_value(text[call.end() : end - 1])) if end - call.end() > 1 else []
        whole_lines = not text[starts[row] : call.start()].strip() and text[close.end() : close.end() + 1] in ("", "\n")
        joined = ("\n".join(words) if whole_lines else " ".join(words)).strip()
        pieces.append(text[done : call.start()])
        pieces.append(f"\n{joined}\n" if whole_lines and joined else joined)
        done = close.end()
    pieces.append(text[done:])
    return "".join(pieces)


_CLOSERS = {"(": ")", "[": "]", "{": "}"}


def _closing(text: str, start: int) -> tuple[int | None, int]:
    """Where the bracket at ``start`` is closed (the index after it; None when it is not closed
    within :data:`_MACRO_MAX` characters), quoted strings skipped, and how far the reading went."""
    stack: list[str] = []
    n = start
    stop = min(len(text), start + _MACRO_MAX)
    while n < stop:
        char = text[n]
        if char in "\"'`":
            quote = char
            n += 1
            while n < stop and text[n] != quote:
                n += 2 if text[n] == "\\" else 1
            n += 1
            continue
        if char in _CLOSERS:
            stack.append(_CLOSERS[char])
        elif char in ")]}":
            if not stack or stack.pop() != char:
                return None, n
            if not stack:
                return n + 1, n
        n += 1
    return None, n


_JS_TOKEN = re.compile(
    r"\s*(?:(?P<string>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`)"
    r"|(?P<punct>[{}\[\],:])|(?P<word>[^\s{}\[\],:\"'`]+))",
    re.DOTALL,
)


_ESCAPED = {"n": "\n", "t": " ", "r": ""}


def _js_value(source: str):
    """The arguments of a macro call read as a JavaScript-like literal: dicts, lists and strings;
    anything else (numbers, names, expressions) is None. Tolerant: what it cannot read is skipped."""
    tokens = [(m.lastgroup, m.group(m.lastgroup)) for m in _JS_TOKEN.finditer(source) if m.lastgroup]
    position = 0

    def value():
        nonlocal position
        if position >= len(tokens):
            return None
        kind, token = tokens[position]
        position += 1
        if kind == "string":
            return re.sub(r"\\(.)", lambda m: _ESCAPED.get(m.group(1), m.group(1)), token[1:-1], flags=re.DOTALL)
        if token == "{":
            found = {}
            while position < len(tokens) and tokens[position][1] != "}":
                key_kind, key = tokens[position]
                position += 1
                if key in (",",):
                    continue
                if position < len(tokens) and tokens[position][1] == ":":
                    position += 1
                    found[key.strip("\"'`")] = value()
                else:
                    skip()
            position += 1
            return found
        if token == "[":
            items = []
            while position < len(tokens) and tokens[position][1] != "]":
                if tokens[position][1] == ",":
                    position += 1
                    continue
                items.append(value())
            position += 1
            return items
        if kind == "word":
            skip()
        return None

    def skip() -> None:  # the rest of an expression, up to the next "," or closing bracket at its depth
        nonlocal position
        depth = 0
        while position < len(tokens):
            token = tokens[position][1]
            if token in "{[" and tokens[position][0] == "punct":
                depth += 1
            elif token in "}]" and tokens[position][0] == "punct":
                if depth == 0:
                    return
                depth -= 1
            elif token == "," and depth == 0:
                return
            position += 1

    found = []
    while position < len(tokens):
        if tokens[position][1] == ",":
            position += 1
            continue
        before = position
        found.append(value())
        if position == before:
            position += 1
    return found


# Keys whose strings are words a reader sees (GOV.UK Frontend and similar component macros:
# text, html, caption, titleText, summaryHtml ...); other strings (classes, names, links) are settings.
_WORD_KEYS = re.compile(r"(?:text|html|caption|title|label|legend|hint|heading|content|description)", re.IGNORECASE)
_WORD_KEY_ENDINGS = ("Text", "Html")


def _call_words(value, key: str = "") -> list[str]:
    """The lines of words in a macro call's arguments: a list of rows (lists) as one line a row,
    cells apart by " | ", a table's head the same way; other words a line each."""
    if isinstance(value, str):
        words = " ".join(value.split())
        if not key:  # a string passed on its own: words if it reads as words, not as a name or a path
            return [words] if len(words.split()) > 1 else []
        return [words] if words and (_WORD_KEYS.fullmatch(key) or key.endswith(_WORD_KEY_ENDINGS)) else []
    if isinstance(value, dict):
        return [line for name, item in value.items() for line in _call_words(item, name)]
    if isinstance(value, list):
        if key == "head" or (key == "rows" or (value and all(isinstance(item, list) for item in value))):
            rows = [value] if key == "head" else value
            cells = [
                [" ".join(_call_words(cell)) for cell in (row if isinstance(row, list) else [row])] for row in rows
            ]
            return [" | ".join(c for c in row if c) for row in cells if any(row)]
        return [line for item in value for line in _call_words(item)]
    return []


def split_header(text: str, doc_id: str, warnings: list[str] | None = None, plain: bool = False) -> tuple[dict, str]:
    """The metadata at the top of a Markdown file and the text after it: front matter
    (:func:`split_front_matter`), or else a Pandoc title block (``% Title``, ``% Author``, ``% Date``).

    In plain text (``plain``), only ``---`` front matter that reads as ``key: value`` lines is
    metadata; anything else there is the text itself, never an error."""
    if not plain:
        meta, body = split_front_matter(text, doc_id, warnings)
    elif re.match(r"---[ \t]*\n", text):
        found: list[str] = []
        try:
            meta, body = split_front_matter(text, doc_id, found)
        except DocumentError:
            meta = {}
        if meta and warnings is not None:
            warnings.extend(found)
        body = body if meta else text
    else:
        meta, body = {}, text
    if not meta and len(body) == len(text):
        meta, body = _split_title_block(text)
    return meta, body


_TITLE_BLOCK_LINE = re.compile(r"%(?:[ \t].*)?")


def _split_title_block(text: str) -> tuple[dict, str]:
    """Pandoc's title block: up to three ``%`` lines (title, authors, date) at the top, a field
    going on over lines that start with a space."""
    if not text.startswith("%"):
        return {}, text
    lines = text.split("\n")
    fields: list[str] = []
    n = 0
    while n < len(lines) and len(fields) < 3 and _TITLE_BLOCK_LINE.fullmatch(lines[n]):
        words = [lines[n][1:].strip()]
        n += 1
        while n < len(lines) and lines[n][:1] in (" ", "\t") and lines[n].strip():
            words.append(lines[n].strip())
            n += 1
        fields.append(" ".join(w for w in words if w))
    if not fields:
        return {}, text
    meta = {key: value for key, value in zip(("title", "author", "date"), fields, strict=False) if value}
    return meta, "\n".join(lines[n:])


def file_header(path: Path, doc_id: str) -> dict:
    """The metadata a Markdown or plain-text file carries at its top, read as its loader reads it."""
    plain = path.suffix.lower() == ".txt"
    return split_header(_decode_text(path.read_bytes(), doc_id), doc_id, [], plain=plain)[0]


def _load_markdown(data: bytes, doc_id: str, warnings: list[str]) -> tuple[dict, list[Block]]:
    meta, body = split_header(_decode_text(data, doc_id), doc_id, warnings)
    return meta, [Block(tidy_markdown(body))]


def _load_text(data: bytes, doc_id: str, warnings: list[str]) -> tuple[dict, list[Block]]:
    """Plain text, kept as written; front matter or a Pandoc title block at its top is its metadata."""
    meta, body = split_header(_decode_text(data, doc_id), doc_id, warnings, plain=True)
    return meta, [Block(body)]


def _load_pdf(data: bytes, doc_id: str, warnings: list[str]) -> tuple[dict, list[Block]]:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # failures are reported as DocumentError
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(doc_id, "the PDF is password-protected")
        blocks = [Block(page.extract_text() or "", page=i + 1) for i, page in enumerate(reader.pages)]
        info: dict = dict(reader.metadata or {})
        title = str(info.get("/Title") or "").strip()
    except (DocumentError, MemoryError):
        raise
    except Exception as exc:  # PdfReadError, LimitReachedError (a decompression bomb), ValueError, KeyError ...
        raise DocumentError(doc_id, f"is not a readable PDF ({_brief(exc)})") from exc
    return ({"title": title} if title else {}), blocks


def _load_docx(data: bytes, doc_id: str, warnings: list[str]) -> tuple[dict, list[Block]]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = []
        for para in document.paragraphs:
            text = para.text.strip()
            if not text:
                continue
            style = (para.style.name or "").lower() if para.style is not None else ""
            level = _heading_level(style)
            lines.append(f"{'#' * level} {text}" if level else text)
        title = (document.core_properties.title or "").strip()
    except MemoryError:
        raise
    except Exception as exc:  # BadZipFile, lxml's XMLSyntaxError, KeyError, ValueError ...
        raise DocumentError(doc_id, f"is not a readable DOCX file ({_brief(exc)})") from exc
    return ({"title": title} if title else {}), [Block("\n\n".join(lines))]


def _heading_level(style_name: str) -> int:
    if style_name == "title":
        return 1
    match = re.match(r"heading (\d)", style_name)
    return min(int(match.group(1)), 6) if match else 0


_HTML_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "blockquote", "pre")


def _load_html(data: bytes, doc_id: str, warnings: list[str]) -> tuple[dict, list[Block]]:
    """The main content's headings, paragraphs, list items, table cells, quotes and code, one
    line each; page furniture (navigation, header, footer, forms, scripts) is left out."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode_text(data, doc_id), "html.parser")
    title = _one_line(soup.title.get_text(" ")) if soup.title else ""
    for tag in soup(["script", "style", "nav", "header", "footer", "aside", "form", "noscript"]):
        tag.decompose()
    main = soup.find("main") or soup.find("article") or soup.body or soup
    return ({"title": title} if title else {}), [Block("\n\n".join(_html_lines(main)))]


def _html_lines(root) -> list[str]:
    """One line per block element, in one pass over the tree (however deep: unclosed tags nest).

    Each piece of text belongs to the innermost block around it, so nested blocks do not repeat
    their text; a paragraph inside a list item or table cell is part of that item or cell.
    """
    from bs4 import CData, NavigableString, Tag

    lines: list[tuple[str, list[str]]] = []
    open_lines: list[tuple[str, list[str]]] = []
    in_item = 0  # open <li> and <td> elements
    stack: list = [(root, None)]
    while stack:
        node, closing = stack.pop()
        if closing is not None:  # the end of a block element
            name, _ = open_lines.pop()
            in_item -= name in ("li", "td")
            continue
        if isinstance(node, Tag):
            if node.name in _HTML_BLOCKS and not (node.name == "p" and in_item):
                line: tuple[str, list] = (node.name, [])
                lines.append(line)
                open_lines.append(line)
                in_item += node.name in ("li", "td")
                stack.append((node, True))
            stack.extend((child, None) for child in reversed(node.contents))
        elif type(node) in (NavigableString, CData) and open_lines:
            open_lines[-1][1].append(node)
    out = []
    for name, parts in lines:
        text = " ".join(" ".join(parts).split())
        if not text:
            continue
        if name[0] == "h":
            out.append(f"{'#' * int(name[1])} {text}")
        elif name == "li":
            out.append(f"- {text}")
        else:
            out.append(text)
    return out


def _load_pptx(data: bytes, doc_id: str, warnings: list[str]) -> tuple[dict, list[Block]]:
    """One block per slide: the slide title as a heading, its text and tables, then its notes."""
    try:
        from pptx import Presentation

        presentation = Presentation(io.BytesIO(data))
        blocks = [
            block
            for number, slide in enumerate(presentation.slides, 1)
            if (block := _slide_block(slide, number)) is not None
        ]
        title = (presentation.core_properties.title or "").strip()
    except (DocumentError, MemoryError):
        raise
    except Exception as exc:  # python-pptx raises zip, XML, key and value errors for broken files
        raise DocumentError(doc_id, f"is not a readable PowerPoint (.pptx) file ({_brief(exc)})") from exc
    if title.lower() in ("powerpoint presentation", "presentation"):  # PowerPoint's placeholder
        title = ""
    return ({"title": title} if title else {}), blocks


def _slide_block(slide, number: int) -> Block | None:
    title_shape = slide.shapes.title
    title = _one_line(title_shape.text_frame.text) if title_shape is not None and title_shape.has_text_frame else ""
    lines: list[str] = []
    for shape in _all_shapes(slide.shapes):
        if title_shape is not None and shape.shape_id == title_shape.shape_id:
            continue
        if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            for para in shape.text_frame.paragraphs:
                text = _one_line(para.text)
                if text:
                    lines.append(f"{'  ' * para.level}- {text}" if para.level else text)
        if getattr(shape, "has_table", False) and shape.has_table:
            lines.extend(_table_lines([[cell.text for cell in row.cells] for row in shape.table.rows]))
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
        notes = " ".join(_one_line(p.text) for p in slide.notes_slide.notes_text_frame.paragraphs if p.text.strip())
        if notes:
            lines.append(f"Notes: {notes}")
    if not title and not lines:
        return None
    # An untitled slide has no heading: its passages are then simply "Slide N".
    heading = f"# {title}\n\n" if title else ""
    return Block(heading + "\n\n".join(_escape_heading(line) for line in lines), page=number, unit="slide")


def _all_shapes(shapes):
    """Every shape, with the members of grouped shapes in their place."""
    for shape in shapes:
        if hasattr(shape, "shapes"):  # a group
            yield from _all_shapes(shape.shapes)
        else:
            yield shape


def _load_odt(data: bytes, doc_id: str, warnings: list[str]) -> tuple[dict, list[Block]]:
    """Headings with their outline level, paragraphs, list items and tables as text rows."""
    try:
        from odf import dc
        from odf.opendocument import load

        document = load(io.BytesIO(data))
        mimetype = document.mimetype or ""
        if not mimetype.startswith("application/vnd.oasis.opendocument.text"):
            raise DocumentError(doc_id, f"is an OpenDocument file but not a text document ({mimetype or 'no type'})")
        lines: list[str] = []
        _odt_lines(document.text, lines, depth=0)
        titles = document.meta.getElementsByType(dc.Title) if document.meta is not None else []
        title = _one_line(_odt_text(titles[0])) if titles else ""
    except (DocumentError, MemoryError):
        raise
    except Exception as exc:  # odfpy raises zip, XML (SAX), key and attribute errors for broken files
        raise DocumentError(doc_id, f"is not a readable OpenDocument text (.odt) file ({_brief(exc)})") from exc
    return ({"title": title} if title else {}), [Block("\n\n".join(lines))]


def _odt_lines(element, lines: list[str], depth: int) -> None:
    for node in element.childNodes:
        if node.nodeType != node.ELEMENT_NODE:
            continue
        name = node.qname[1]
        if name == "h":
            text = _one_line(_odt_text(node))
            if text:
                level = _int_or(node.getAttribute("outlinelevel"), 1)
                lines.append(f"{'#' * max(1, min(level, 6))} {text}")
        elif name == "p":
            text = _one_line(_odt_text(node))
            if text:
                style = (node.getAttribute("stylename") or "").lower()
                lines.append(f"# {text}" if style == "title" else _escape_heading(text))
        elif name == "list":
            for item in node.childNodes:
                if item.nodeType == item.ELEMENT_NODE and item.qname[1] in ("list-item", "list-header"):
                    item_lines: list[str] = []
                    _odt_lines(item, item_lines, depth + 1)
                    for n, line in enumerate(item_lines):
                        bare = line.lstrip()
                        if bare.startswith("- ") and line.startswith("  "):
                            lines.append(line)  # a nested list keeps its own indentation
                        else:
                            lines.append(
                                f"{'  ' * depth}- {line.lstrip('#').strip()}" if n == 0 else f"{'  ' * depth}  {line}"
                            )
        elif name == "table":
            rows = []
            for row in _odt_descendants(node, "table-row"):
                rows.append(
                    [
                        _one_line(_odt_text(cell))
                        for cell in row.childNodes
                        if cell.nodeType == cell.ELEMENT_NODE and cell.qname[1] == "table-cell"
                    ]
                )
            lines.extend(_table_lines(rows))
        elif name in (
            "tracked-changes",
            "sequence-decls",
            "variable-decls",
            "user-field-decls",
            "forms",
            "note-citation",
        ):
            continue
        else:  # sections, frames, text boxes, indexes ...: their paragraphs count
            _odt_lines(node, lines, depth)


def _odt_descendants(element, local_name: str):
    for node in element.childNodes:
        if node.nodeType != node.ELEMENT_NODE:
            continue
        if node.qname[1] == local_name:
            yield node
        elif node.qname[1] != "table":  # rows of nested tables belong to their cell's text
            yield from _odt_descendants(node, local_name)


def _odt_text(element) -> str:
    from odf import teletype

    return teletype.extractText(element)


def _table_lines(rows: list[list[str]]) -> list[str]:
    lines = []
    for row in rows:
        cells = [text for text in (_one_line(cell) for cell in row) if text]
        if cells:
            lines.append(" | ".join(cells))
    return lines


def _one_line(text: str) -> str:
    return " ".join(str(text or "").split())


def _escape_heading(line: str) -> str:
    """Body text that starts like a Markdown heading must not become one."""
    return "\\" + line if re.match(r"#{1,6}\s", line) else line


def _int_or(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _brief(exc: Exception) -> str:
    text = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


_LOADERS = {
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".mdx": _load_markdown,
    ".qmd": _load_markdown,
    ".rmd": _load_markdown,
    ".txt": _load_text,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
    ".pptx": _load_pptx,
    ".odt": _load_odt,
    ".html": _load_html,
    ".htm": _load_html,
}


# --- metadata --------------------------------------------------------------------------


def _is_scalar(value) -> bool:
    return isinstance(value, (str, int, float, dt.date, dt.time)) and not isinstance(value, bool)


def _scalar_text(value) -> str:
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return " ".join(str(value).split())


def _type_name(value) -> str:
    """How a wrongly typed value is named in a warning."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"yes/no ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, (dt.date, dt.time)):
        return f"a date ({value.isoformat()})"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    if isinstance(value, (list, tuple)):
        return "a list" + ("" if all(_is_scalar(v) for v in value) else " holding lists or mappings")
    return type(value).__name__


def json_safe(value, _depth: int = 0):
    """A front matter value as JSON: scalars kept, dates as ISO text, containers of text."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if _depth >= 4:
        return str(value) if _is_scalar(value) else f"({_type_name(value)}, nested too deeply to keep)"
    if isinstance(value, dict):
        return {str(k): _json_leaf(v, _depth) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(str(_json_leaf(v, _depth)) for v in value)
    if isinstance(value, (list, tuple)):
        return [_json_leaf(v, _depth) for v in value]
    return str(value)


def _json_leaf(value, depth: int):
    """Inside lists and mappings every value is text (or a list or mapping of text)."""
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        return json_safe(value, depth + 1)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    safe = json_safe(value, depth + 1)
    return safe if isinstance(safe, str) else str(safe)


def _text_list(value, split: str = "comma") -> list[str] | None:
    """Text or a list of text as a list of strings; None when the value has the wrong type.

    ``split="comma"`` splits text on commas (our ``themes`` and ``sources``); ``"words"`` splits
    on commas when there are any, else on spaces (Jekyll's ``tags: a b c``).
    """
    if value is None:
        return []
    if isinstance(value, str):  # a bare number or date is a mistake (themes: 5), not a list
        text = _scalar_text(value)
        parts = text.split(",") if split == "comma" or "," in text else text.split()
        return [p.strip() for p in parts if p.strip()]
    if isinstance(value, (list, tuple)):
        items = []
        for item in value:
            if item is None:
                continue
            if isinstance(item, dict) and split == "comma":  # sources: [{url: ..., title: ...}]
                url = next((item[k] for k in ("url", "href", "link") if _is_scalar(item.get(k))), None)
                if url is None:
                    return None
                item = url
            if not _is_scalar(item):
                return None
            if _scalar_text(item):
                items.append(_scalar_text(item))
        return items
    return None


def _year_of(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return str(value.year)
    match = re.search(r"(?<!\d)(1[5-9]\d\d|2\d\d\d)(?!\d)", str(value))
    return match.group(1) if match else ""


def _first_heading(blocks: list[Block]) -> str:
    """The text of the first ``#`` heading outside code."""
    for block in blocks:
        lines = block.text.split("\n")
        for line, kind in zip(lines, _line_kinds(lines), strict=True):
            heading = _ATX_HEADING.fullmatch(line.strip()) if not kind and _indent(line) <= 3 else None
            if heading and heading.group("marks") == "#" and _heading_text(heading):
                return _heading_text(heading)
    return ""


def _title_from_name(doc_id: str) -> str:
    stem = Path(doc_id).stem
    return re.sub(r"[-_]+", " ", stem).strip().capitalize() or doc_id


def _kind_from_path(doc_id: str) -> str:
    parts = [p.lower() for p in Path(doc_id).parts[:-1]]
    return "case-study" if any("case" in p for p in parts) else "programme"


def _document_from(
    doc_id: str,
    meta: dict,
    blocks: list[Block],
    digest: str,
    fmt: str,
    warnings: list[str] | None = None,
    where: dict[str, str] | None = None,
) -> Document:
    """A Document from the merged front matter and sidecar; metadata problems become warnings."""
    warnings = list(warnings or [])
    where = where or {}

    def warn(key: str, problem: str, outcome: str) -> None:
        origin = f" in {where[key]}" if key in where else ""
        warnings.append(f"{'front matter' if not origin else 'metadata'} field '{key}'{origin} {problem}; {outcome}")

    def wrong_type(key: str, expected: str, outcome: str) -> None:
        warn(key, f"must be {expected}, not {_type_name(meta[key])}", outcome)

    def scalar_field(key: str, lists_ok: bool = False) -> str:
        value = meta.get(key)
        if value is None or value == "":
            return ""
        if _is_scalar(value):
            return _scalar_text(value)
        if lists_ok and isinstance(value, (list, tuple)) and all(_is_scalar(v) for v in value):
            return ", ".join(_scalar_text(v) for v in value if _scalar_text(v))
        wrong_type(key, "text" + (" or a list of text" if lists_ok else ""), "ignored")
        return ""

    # title: front matter, else the first heading, else the file name
    default_title = _first_heading(blocks) or _title_from_name(doc_id)
    title = ""
    if meta.get("title") not in (None, ""):
        if _is_scalar(meta["title"]):
            title = _characters(_scalar_text(meta["title"]))
        else:
            wrong_type("title", "text", f"using '{default_title}'")

    # kind: front matter, else from the folder
    kind = _kind_from_path(doc_id)
    raw_kind = meta.get("kind")
    if raw_kind not in (None, ""):
        wanted = re.sub(r"[\s_]+", "-", raw_kind.strip().lower()) if isinstance(raw_kind, str) else None
        if wanted in KINDS:
            kind = wanted
        elif isinstance(raw_kind, str):
            warn("kind", f"is '{raw_kind}', not one of {', '.join(KINDS)}", f"using '{kind}' (from the folder)")
        else:
            wrong_type("kind", f"one of {', '.join(KINDS)}", f"using '{kind}' (from the folder)")

    # themes, merged with the tags and categories of static-site generators
    themes: list[str] = []
    for key in ("themes", *THEME_ALIASES):
        if key not in meta:
            continue
        values = _text_list(meta[key], "comma" if key == "themes" else "words")
        if values is None:
            wrong_type(key, "text or a list of text", "ignored")
            continue
        for value in values:
            theme = value.lstrip("#").strip().lower()
            if theme and theme not in themes:
                themes.append(theme)

    sources = _text_list(meta.get("sources"))
    if sources is None:
        wrong_type("sources", "text or a list of text (links)", "ignored")
        sources = []

    # date: kept as extra metadata; its year stands in for a missing 'years'
    years = scalar_field("years", lists_ok=True)
    if not years and meta.get(DATE_KEY) is not None and _is_scalar(meta[DATE_KEY]):
        years = _year_of(meta[DATE_KEY])

    description = next(
        (
            _characters(_scalar_text(meta[k]))
            for k in DESCRIPTION_KEYS
            if _is_scalar(meta.get(k)) and _scalar_text(meta[k])
        ),
        "",
    )
    extra = {
        key: json_safe(value)
        for key, value in meta.items()
        if key not in FRONT_MATTER_KEYS and key not in THEME_ALIASES
    }
    return Document(
        doc_id=doc_id,
        title=title or default_title,
        kind=kind,
        themes=themes,
        region=scalar_field("region", lists_ok=True),
        years=years,
        sources=sources,
        blocks=blocks,
        content_hash=digest,
        fmt=fmt,
        description=description,
        extra=extra,
        warnings=warnings,
    )


# --- chunking --------------------------------------------------------------------------

SECTION_LEVELS = 4  # headings "#" to "####" start a section; deeper ones stay in its text
# Raised whenever a file may be read or cut into passages differently, so an index built by an earlier
# version is read again in full rather than keeping passages the present reader would not make.
READER_VERSION = 2


def _sections(text: str) -> list[tuple[list[str], str]]:
    """``text`` cut at its headings (not at lines in code that start with ``#``): each section's
    heading path and text. Code keeps its lines as written (blank ones too); other lines lose their
    indentation. Lines run on with a line break, and the blocks between blank lines are joined by a
    line break after two spaces (a Markdown hard break), so prose is cut by size as it always was."""
    lines = text.split("\n")
    sections: list[tuple[list[str], str]] = []
    path: list[tuple[int, str]] = []
    blocks: list[str] = []
    current: list[str] = []

    def end_block() -> None:
        while current and not current[-1].strip():
            current.pop()
        if current:
            blocks.append("\n".join(current))
        current.clear()

    def close() -> None:
        end_block()
        body = "  \n".join(blocks)
        if body.strip():
            sections.append(([name for _, name in path if name], body))
        blocks.clear()

    for line, kind in zip(lines, _line_kinds(lines), strict=True):
        if kind:
            if line.strip() or current:
                current.append(line.rstrip())
            continue
        bare = line.strip()
        heading = _ATX_HEADING.fullmatch(bare) if _indent(line) <= 3 else None
        if heading and len(heading.group("marks")) > SECTION_LEVELS:
            current.append(_heading_text(heading))  # its words stay in the section's text
        elif heading:
            close()
            level = len(heading.group("marks"))
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, _heading_text(heading)))
        elif bare:
            current.append(bare)
        else:
            end_block()
    close()
    return sections


def _heading_text(heading: re.Match) -> str:
    """A heading's words, without invisible characters (zero-width spaces, direction marks)."""
    return "".join(char for char in heading.group("text") or "" if char.isprintable()).strip()


def headings(text: str) -> list[str]:
    """The headings of Markdown ``text`` (any level), in order; lines in code are not headings."""
    lines = text.split("\n")
    found = []
    for line, kind in zip(lines, _line_kinds(lines), strict=True):
        if not kind and _indent(line) <= 3 and (heading := _ATX_HEADING.fullmatch(line.strip())):
            found.append(_heading_text(heading))
    return [h for h in found if h]


def chunk_document(document: Document, chunk_size: int = 900, chunk_overlap: int = 120) -> list[Chunk]:
    """Split on headings first, then by size with overlap; each chunk keeps its heading path."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    by_size = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=min(chunk_overlap, chunk_size // 2))
    chunks: list[Chunk] = []
    for block in document.blocks:
        for path, body in _sections(block.text):
            if path and path[0] == document.title:
                path = path[1:]
            section = " > ".join(path)
            if block.page is not None:
                where = f"{block.unit} {block.page}"
                section = f"{section} ({where})" if section else where.capitalize()
            for piece in by_size.split_text(body):
                text = piece.strip()
                if not text:
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
                        text=text,
                        page=block.page,
                        position=position,
                    )
                )
    return chunks
