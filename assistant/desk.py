"""The facilitators' corpus desk: list, upload, replace, delete and re-index documents.

Uploads are checked before anything is written: the name must be a plain file name with a
supported type, the size within ``COACH_MAX_UPLOAD_MB``, and the file must load within the
parsing limits (time, memory, text; see :mod:`assistant.parsing`). Only then is it written
(atomically) into the corpus folder, with a ``.meta.yaml`` sidecar for the metadata, and the
index updated incrementally with the document as it was read, so a file is read once per
upload. A rejected upload changes nothing.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .documents import (
    KINDS,
    SIDECAR_SUFFIX,
    SUPPORTED_SUFFIXES,
    Chunk,
    Document,
    DocumentError,
    file_hash,
    sidecar_path,
)

KIND_FOLDERS = {"programme": "programme", "case-study": "case-studies"}
THEMES = (
    "strategy",
    "objectives",
    "partnership",
    "engagement",
    "innovation",
    "digital",
    "sustainability",
    "evaluation",
)
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._ -]{0,120}$")


class UploadError(ValueError):
    """An upload that was refused; nothing was stored."""


@dataclass
class UploadResult:
    doc_id: str
    status: str  # added | replaced | unchanged
    chunks: int
    warnings: list[str] = field(default_factory=list)  # metadata problems that did not stop it
    # The document and passages read from the upload, so the corpus check need not read it again.
    parsed: tuple[Document, list[Chunk]] | None = field(default=None, repr=False, compare=False)


def compact_extra(extra: dict, limit: int = 3, width: int = 40) -> str:
    """Extra front matter in one short line: ``layout: post · date: 2024-03-01 · +2 more``."""
    parts = []
    for key, value in list(extra.items())[:limit]:
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        text = " ".join(str(value).split())
        parts.append(f"{key}: {text[: width - 1] + '…' if len(text) > width else text}")
    if len(extra) > limit:
        parts.append(f"+{len(extra) - limit} more")
    return " · ".join(parts)


def safe_file_name(name: str) -> str:
    """A plain file name, or an error: no folders, no traversal, no hidden files."""
    raw = (name or "").replace("\\", "/")
    base = raw.rsplit("/", 1)[-1].strip()
    if raw != base or not _SAFE_NAME.match(base) or ".." in base:
        raise UploadError(f"'{name}': use a plain file name (letters, digits, '-', '_', '.'), without folders")
    if Path(base).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise UploadError(f"'{base}': unsupported file type; upload {', '.join(SUPPORTED_SUFFIXES)}")
    return base.replace(" ", "-")


def _atomic_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class CorpusDesk:
    def __init__(self, index, corpus_dir: Path, max_upload_bytes: int, settings=None):
        self.index = index
        self.corpus_dir = Path(corpus_dir)
        self.max_upload_bytes = max_upload_bytes
        self.settings = settings

    def check(self, doc_ids: list[str], uploads: Sequence[UploadResult] = ()) -> dict[str, list]:
        """The corpus check's findings (:mod:`assistant.corpus_check`) about each of ``doc_ids``:
        those files are read (except the ``uploads`` just read, which are checked as read), and
        their passages compared with the other documents' passages in the index, so passages
        repeated from other documents show."""
        from .config import get_settings
        from .corpus_check import check_corpus

        snapshot = self.index.snapshot()
        others = snapshot.chunks if snapshot is not None else []
        parsed = {u.doc_id: u.parsed for u in uploads if u.parsed is not None and u.doc_id in doc_ids}
        findings = check_corpus(self.corpus_dir, self.settings or get_settings(), set(doc_ids), others, parsed)
        return {doc_id: [f for f in findings if f.concerns(doc_id)] for doc_id in doc_ids}

    def documents(self) -> list[dict]:
        manifest = self.index.manifest()
        rows = []
        for doc_id, entry in manifest.get("documents", {}).items():
            rows.append(
                {
                    "doc_id": doc_id,
                    "title": entry.get("title", ""),
                    "kind": entry.get("kind", ""),
                    "themes": ", ".join(entry.get("themes", [])),
                    "chunks": entry.get("chunks", 0),
                    "indexed_at": entry.get("indexed_at", ""),
                    "metadata": compact_extra(entry.get("extra", {})),
                    "warnings": "; ".join(entry.get("warnings", [])),
                }
            )
        return rows

    def upload(
        self,
        name: str,
        data: bytes,
        kind: str = "programme",
        title: str = "",
        themes: list[str] | None = None,
        progress=None,
    ) -> UploadResult:
        file_name = safe_file_name(name)
        if kind not in KINDS:
            raise UploadError(f"kind must be one of {', '.join(KINDS)}, not '{kind}'")
        unknown = sorted(set(themes or []) - set(THEMES))
        if unknown:
            raise UploadError(f"unknown theme(s) {', '.join(unknown)}; use {', '.join(THEMES)}")
        if len(data) > self.max_upload_bytes:
            raise UploadError(
                f"'{file_name}' is {len(data) / 1e6:.1f} MB, over the {self.max_upload_bytes / 1e6:.0f} MB upload "
                f"limit (COACH_MAX_UPLOAD_MB)"
            )
        meta: dict[str, str | list[str]] = {"kind": kind}
        if title.strip():
            meta["title"] = title.strip()
        if themes:
            meta["themes"] = list(themes)
        meta_text = yaml.safe_dump(meta, sort_keys=True, allow_unicode=True)
        target = self.corpus_dir / KIND_FOLDERS[kind] / file_name
        doc_id = target.relative_to(self.corpus_dir).as_posix()
        with tempfile.TemporaryDirectory() as tmp:
            # Staged at the same relative path, so it reads as the document it will be.
            staged = Path(tmp) / doc_id
            staged.parent.mkdir(parents=True)
            staged.write_bytes(data)
            sidecar_path(staged).write_text(meta_text, encoding="utf-8")
            try:
                document, chunks = self.index.parse(staged, Path(tmp))
            except DocumentError as exc:
                raise UploadError(f"'{file_name}' {exc.reason}") from exc
        new_hash = document.content_hash
        twin = self._same_content(data, doc_id)
        if twin:
            raise UploadError(f"'{file_name}' is already in the corpus as '{twin}'; replace that document instead")
        status = "added"
        if target.exists():
            status = "unchanged" if file_hash(target) == new_hash else "replaced"
        if status != "unchanged":
            _atomic_bytes(sidecar_path(target), meta_text.encode("utf-8"))
            _atomic_bytes(target, data)
        report = self.index.ingest(self.corpus_dir, progress, parsed={doc_id: (document, chunks)})
        entry = self.index.manifest().get("documents", {}).get(doc_id, {})
        if not entry:
            reason = next((f["error"] for f in report.failed if f["path"] == doc_id), "it was not indexed")
            raise UploadError(f"'{file_name}': {reason}")
        return UploadResult(doc_id, status, entry.get("chunks", 0), document.warnings, (document, chunks))

    def _same_content(self, data: bytes, doc_id: str) -> str | None:
        """Another indexed document with exactly these bytes, if any."""
        for other in self.index.manifest().get("documents", {}):
            path = self.corpus_dir / other
            if other != doc_id and path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
                return other
        return None

    def _document_path(self, doc_id: str) -> Path:
        """The file behind ``doc_id``, refusing anything outside the corpus folder."""
        path = (self.corpus_dir / doc_id).resolve()
        if self.corpus_dir.resolve() not in path.parents or not path.is_file() or path.name.endswith(SIDECAR_SUFFIX):
            raise UploadError(f"no document '{doc_id}' in the corpus")
        return path

    def delete(self, doc_id: str, progress=None):
        path = self._document_path(doc_id)
        path.unlink()
        sidecar_path(path).unlink(missing_ok=True)
        return self.index.ingest(self.corpus_dir, progress)

    def reindex(self, progress=None):
        return self.index.ingest(self.corpus_dir, progress)

    def read(self, doc_id: str, page: int | None = None) -> str:
        """The whole document as Markdown (one page of a PDF or one slide when ``page`` is given),
        read within the parsing limits."""
        try:
            document, _ = self.index.parse(self._document_path(doc_id), self.corpus_dir, chunked=False)
        except DocumentError as exc:
            raise UploadError(f"'{doc_id}' {exc.reason}") from exc
        blocks = [b for b in document.blocks if page is None or b.page == page] or document.blocks
        parts = [f"# {document.title}"]
        if document.description:
            parts.append(f"_{document.description}_")
        for block in blocks:
            if block.page is not None:
                parts.append(f"**{block.unit.capitalize()} {block.page}**")
            parts.append(block.text.strip())
        if document.sources:
            parts.append("**Sources:** " + ", ".join(document.sources))
        return "\n\n".join(parts)
