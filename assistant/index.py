"""The corpus index: incremental ingestion and consistent snapshots.

An index lives in one folder (``<data dir>/index``)::

    manifest.json            which documents are indexed, at which content hash (written last)
    snapshots/<version>/     the chunk texts (chunks.jsonl) and the BM25 index of that version
    chroma/                  the vectors, keyed by chunk id (embedded Chroma)

Chunk ids carry the document's content hash (``doc_id::hash::n``), so a new version of a
document is added beside the old one. The manifest is replaced atomically only after the new
vectors and the new snapshot are on disk, and old vectors are deleted after that. A process
killed at any point therefore leaves each document whole in its old or its new version; the
vectors it left behind that no manifest names are removed at the start of the next ingest.
Readers only trust chunk ids present in the snapshot the manifest names.

Files are read in a worker process within limits of time, memory and text
(:mod:`assistant.parsing`); a file that cannot be read is reported by name with the reason, and
the version of it that was indexed before, if any, stays.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .documents import (
    READER_VERSION,
    Chunk,
    Document,
    DocumentError,
    check_inside,
    doc_id_for,
    file_hash,
    list_corpus_files,
)
from .filelock import exclusive
from .lexical import LexicalIndex
from .parsing import ParseLimits, Parser
from .vectorstore import chunk_metadata

MANIFEST_FORMAT = 1
Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    documents: int = 0
    chunks: int = 0
    embedded: int = 0
    removed: int = 0
    failed: list[dict] = field(default_factory=list)
    # Metadata problems that did not stop a document going in: {"path", "warning"}.
    warnings: list[dict] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed_ids: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> dict:
        return {
            "documents": self.documents,
            "chunks": self.chunks,
            "embedded": self.embedded,
            "removed": self.removed,
            "failed": self.failed,
            "warnings": self.warnings,
        }


def document_texts(chunks: list[Chunk]) -> list[str]:
    """Each document's whole indexed text (its passages with their headings), in the order of
    its first passage, for the document-level BM25 index."""
    texts: dict[str, list[str]] = {}
    for chunk in chunks:
        texts.setdefault(chunk.doc_id, []).append(chunk.index_text())
    return ["\n".join(parts) for parts in texts.values()]


class Snapshot:
    """One corpus version as readers see it: chunks, BM25 over passages and over whole
    documents, and filter masks."""

    def __init__(
        self,
        version: str,
        chunks: list[Chunk],
        lexical: LexicalIndex,
        documents: dict,
        document_lexical: LexicalIndex | None = None,
    ):
        self.version = version
        self.chunks = chunks
        self.lexical = lexical
        self.documents = documents
        self.position = {c.chunk_id: i for i, c in enumerate(chunks)}
        self._first: dict[str, Chunk] = {}
        for chunk in chunks:
            self._first.setdefault(chunk.doc_id, chunk)
        self.document_ids = list(self._first)
        # An index written before documents had their own BM25 gets one built here, once.
        if document_lexical is None:
            document_lexical = LexicalIndex.build(document_texts(chunks))
        self.document_lexical = document_lexical

    def document_mask(self, kind: str | None, themes: tuple[str, ...]) -> np.ndarray | None:
        """:meth:`mask` for the document-level index (a document's passages share its kind and themes)."""
        return self._mask([self._first[d] for d in self.document_ids], kind, themes)

    def mask(self, kind: str | None, themes: tuple[str, ...]) -> np.ndarray | None:
        return self._mask(self.chunks, kind, themes)

    @staticmethod
    def _mask(chunks: list[Chunk], kind: str | None, themes: tuple[str, ...]) -> np.ndarray | None:
        if not kind and not themes:
            return None
        wanted = set(themes)
        return np.array(
            [(not kind or c.kind == kind) and (not wanted or bool(wanted & set(c.themes))) for c in chunks],
            dtype=np.float32,
        )


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class CorpusIndex:
    """Incremental ingestion into the vector store and BM25, and snapshot loading."""

    def __init__(
        self,
        folder: Path,
        embeddings,
        store,
        chunk_size: int = 900,
        chunk_overlap: int = 120,
        max_file_bytes: int | None = None,
        limits: ParseLimits | None = None,
    ):
        """``limits`` bound the reading of each file; by default they come from the settings
        (``COACH_PARSE_TIMEOUT_S``, ``COACH_PARSE_MEMORY_MB``, ``COACH_MAX_TEXT_MB``)."""
        self.folder = Path(folder)
        self.embeddings = embeddings
        self.store = store
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self.max_file_bytes = max_file_bytes
        self.limits = limits
        self._parser: Parser | None = None
        self._snapshot: Snapshot | None = None
        self._snapshot_stamp: tuple | None = None

    # --- reading files -----------------------------------------------------------------

    @property
    def parser(self) -> Parser:
        """The worker that reads files for this index, started on first use."""
        if self._parser is None:
            if self.limits is None:
                from .config import get_settings

                self.limits = ParseLimits.from_settings(get_settings())
            self._parser = Parser(self.limits)
        return self._parser

    def parse(self, path: Path, root: Path, chunked: bool = True) -> tuple[Document, list[Chunk]]:
        """Read one file as ingestion does (within the limits) and, if ``chunked``, cut it into
        this index's chunks; raise :class:`DocumentError` when it cannot be used."""
        chunking = (self.chunk_size, self.chunk_overlap) if chunked else None
        return self.parser.parse(path, root, self.max_file_bytes, chunking)

    # --- manifest ----------------------------------------------------------------------

    @property
    def manifest_path(self) -> Path:
        return self.folder / "manifest.json"

    def manifest(self) -> dict:
        try:
            return json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (json.JSONDecodeError, OSError) as exc:
            raise RuntimeError(
                f"the index manifest {self.manifest_path} is unreadable ({exc}); run 'coach ingest' again"
            ) from exc

    def fingerprint(self) -> dict:
        return {
            "format": MANIFEST_FORMAT,
            "embedding_model": self.embeddings.name,
            "chunk_size": self.chunk_size,
            "chunk_overlap": self.chunk_overlap,
            "reader": READER_VERSION,
        }

    def is_current(self, root: Path) -> bool:
        """True when the index holds exactly the files of ``root`` at their present content."""
        manifest = self.manifest()
        if not manifest or manifest.get("fingerprint") != self.fingerprint():
            return False
        if Path(manifest.get("corpus_dir", "")) != Path(root).resolve():
            return False
        docs = manifest.get("documents", {})
        failed = set(manifest.get("failed", []))
        seen = set()
        for path in list_corpus_files(root):
            doc_id = doc_id_for(path, root)
            seen.add(doc_id)
            entry = docs.get(doc_id)
            if entry is None:
                if doc_id in failed:
                    continue
                return False
            try:
                check_inside(path, root, doc_id)
            except DocumentError:
                return False
            if entry["hash"] != file_hash(path):
                return False
        return seen >= set(docs)

    # --- ingestion ---------------------------------------------------------------------

    def _lock(self):
        return exclusive(self.folder / ".lock")

    def ingest(
        self,
        root: Path,
        progress: Progress | None = None,
        parsed: dict[str, tuple[Document, list[Chunk]]] | None = None,
    ) -> IngestReport:
        """Bring the index in line with the files under ``root``.

        ``parsed`` holds documents already read with :meth:`parse` (by document id); one is used
        instead of reading its file again when the file still has the same content hash.
        """
        started = time.perf_counter()
        root = Path(root)
        if not root.is_dir():
            raise FileNotFoundError(f"corpus folder not found: {root}")
        with self._lock():
            report = self._ingest_locked(root.resolve(), progress or (lambda *_: None), parsed or {})
        report.seconds = time.perf_counter() - started
        return report

    def _ingest_locked(self, root: Path, progress: Progress, parsed: dict) -> IngestReport:
        old = self.manifest()
        fingerprint = self.fingerprint()
        reuse = old.get("fingerprint") == fingerprint
        old_docs: dict = old.get("documents", {}) if reuse else {}
        self._collect_garbage(old if reuse else {})

        report = IngestReport()
        new_docs: dict[str, dict] = {}
        fresh: list[Chunk] = []
        files = list_corpus_files(root)
        for n, path in enumerate(files, 1):
            progress("reading", n, len(files))
            doc_id = doc_id_for(path, root)
            entry = old_docs.get(doc_id)
            try:
                check_inside(path, root, doc_id)
                digest = file_hash(path)
            except DocumentError as exc:
                report.failed.append({"path": doc_id, "error": exc.reason})
                if entry:
                    new_docs[doc_id] = entry
                continue
            except OSError as exc:
                report.failed.append({"path": doc_id, "error": f"cannot be read ({exc.strerror or exc})"})
                if entry:
                    new_docs[doc_id] = entry
                continue
            if entry and entry["hash"] == digest:
                new_docs[doc_id] = entry
                report.warnings.extend({"path": doc_id, "warning": w} for w in entry.get("warnings", []))
                continue
            ready = parsed.get(doc_id)
            try:
                if ready is not None and ready[0].content_hash == digest:
                    document, chunks = ready
                else:
                    document, chunks = self.parse(path, root)
            except DocumentError as exc:
                report.failed.append({"path": doc_id, "error": exc.reason})
                if entry:
                    new_docs[doc_id] = entry  # keep the version that was good
                continue
            (report.changed if entry else report.added).append(doc_id)
            report.warnings.extend({"path": doc_id, "warning": w} for w in document.warnings)
            fresh.extend(chunks)
            new_docs[doc_id] = {
                **document.metadata(),
                "hash": document.content_hash,
                "chunks": len(chunks),
                "indexed_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        report.removed_ids = sorted(set(old_docs) - {doc_id_for(p, root) for p in files})
        report.removed = len(report.removed_ids)

        changed = bool(fresh or report.removed_ids or not reuse or not old or old.get("corpus_dir") != str(root))
        if changed:
            self._embed_and_store(fresh, progress)
            report.embedded = len(fresh)
            version = self._version(new_docs)
            kept = self._load_chunks(old, set(new_docs) - set(report.added) - set(report.changed)) if reuse else []
            self._write_snapshot(version, kept + fresh, new_docs)
            manifest = {
                "format": MANIFEST_FORMAT,
                "fingerprint": fingerprint,
                "version": version,
                "corpus_dir": str(root),
                "documents": dict(sorted(new_docs.items())),
                "failed": sorted(f["path"] for f in report.failed),
                "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            }
            _atomic_write(self.manifest_path, json.dumps(manifest, indent=1))
            self._drop_stale(old, manifest)
        elif sorted(f["path"] for f in report.failed) != old.get("failed", []):
            old["failed"] = sorted(f["path"] for f in report.failed)
            _atomic_write(self.manifest_path, json.dumps(old, indent=1))
        report.documents = len(new_docs)
        report.chunks = sum(d["chunks"] for d in new_docs.values())
        return report

    def _version(self, docs: dict) -> str:
        digest = hashlib.sha256(json.dumps(self.fingerprint(), sort_keys=True).encode())
        for doc_id in sorted(docs):
            digest.update(f"{doc_id}\0{docs[doc_id]['hash']}\n".encode())
        return digest.hexdigest()[:16]

    def _embed_and_store(self, chunks: list[Chunk], progress: Progress) -> None:
        """Embed and store the passages one model batch at a time (COACH_EMBEDDING_BATCH_SIZE);
        passages of similar length share a batch, so the model pads them less."""
        batch = max(1, getattr(self.embeddings, "batch_size", 64))
        chunks = sorted(chunks, key=lambda c: len(c.index_text()))
        for start in range(0, len(chunks), batch):
            part = chunks[start : start + batch]
            progress("embedding", start, len(chunks))
            vectors = self.embeddings.embed_documents([c.index_text() for c in part])
            self.store.add(
                [c.chunk_id for c in part],
                vectors,
                [chunk_metadata(c.kind, c.doc_id, c.themes) for c in part],
            )
        progress("embedding", len(chunks), len(chunks))

    def _snapshot_dir(self, version: str) -> Path:
        return self.folder / "snapshots" / version

    def _load_chunks(self, manifest: dict, doc_ids: set[str]) -> list[Chunk]:
        if not manifest.get("version") or not doc_ids:
            return []
        path = self._snapshot_dir(manifest["version"]) / "chunks.jsonl"
        with open(path, encoding="utf-8") as fh:
            chunks = [Chunk.from_dict(json.loads(line)) for line in fh]
        return [c for c in chunks if c.doc_id in doc_ids]

    def _write_snapshot(self, version: str, chunks: list[Chunk], docs: dict) -> None:
        final = self._snapshot_dir(version)
        if final.exists():
            return
        chunks.sort(key=lambda c: (c.doc_id, c.position))
        staging = final.with_name(f".{version}.staging-{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        with open(staging / "chunks.jsonl", "w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(json.dumps(asdict(chunk), ensure_ascii=False) + "\n")
        LexicalIndex.build([c.index_text() for c in chunks]).save(staging / "bm25")
        LexicalIndex.build(document_texts(chunks)).save(staging / "bm25-documents")
        os.replace(staging, final)

    @staticmethod
    def _chunk_ids(manifest: dict) -> set[str]:
        ids: set[str] = set()
        for doc_id, entry in manifest.get("documents", {}).items():
            ids.update(f"{doc_id}::{entry['hash'][:12]}::{i}" for i in range(entry["chunks"]))
        return ids

    def _drop_stale(self, old: dict, new: dict) -> None:
        stale = self._chunk_ids(old) - self._chunk_ids(new)
        if stale:
            self.store.delete(sorted(stale))
        for folder in (self.folder / "snapshots").iterdir():
            if folder.name != new["version"]:
                shutil.rmtree(folder, ignore_errors=True)

    def _collect_garbage(self, manifest: dict) -> None:
        """Remove vectors that no manifest names (left by an interrupted ingest)."""
        orphans = self.store.all_ids() - self._chunk_ids(manifest)
        if orphans:
            self.store.delete(sorted(orphans))

    def verify(self) -> list[str]:
        """Problems that would make the index inconsistent (empty when every document is whole)."""
        manifest = self.manifest()
        if not manifest:
            return []
        problems = []
        expected = self._chunk_ids(manifest)
        missing = expected - self.store.all_ids()
        if missing:
            problems.append(f"{len(missing)} vectors named by the manifest are missing, e.g. {sorted(missing)[0]}")
        try:
            snapshot = self._load_snapshot(manifest["version"], manifest["documents"])
        except (FileNotFoundError, ValueError, KeyError) as exc:
            return problems + [f"the snapshot of version {manifest.get('version')} cannot be read ({exc})"]
        in_snapshot = set(snapshot.position)
        if in_snapshot != expected:
            problems.append(f"the snapshot holds {len(in_snapshot)} passages, the manifest names {len(expected)}")
        if snapshot.lexical.size != len(snapshot.chunks):
            problems.append("the BM25 index does not match the snapshot")
        if snapshot.document_lexical.size != len(snapshot.document_ids):
            problems.append("the document-level BM25 index does not match the snapshot")
        return problems

    # --- reading -----------------------------------------------------------------------

    def snapshot(self) -> Snapshot | None:
        """The current corpus version, loaded once and reloaded when the manifest changes."""
        try:
            stat = self.manifest_path.stat()
            stamp = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
        except FileNotFoundError:
            return None
        if self._snapshot is not None and self._snapshot_stamp == stamp:
            return self._snapshot  # the hot path of every search: one stat, no parsing
        for attempt in range(3):
            manifest = self.manifest()
            version = manifest.get("version")
            if not version:
                return None
            if self._snapshot is not None and self._snapshot.version == version:
                self._snapshot_stamp = stamp
                return self._snapshot
            try:
                self._snapshot = self._load_snapshot(version, manifest["documents"])
                self._snapshot_stamp = stamp
                return self._snapshot
            except FileNotFoundError:
                # An ingest replaced this version between reading the manifest and the files.
                if attempt == 2:
                    raise
                time.sleep(0.05)
        return self._snapshot

    def _load_snapshot(self, version: str, documents: dict) -> Snapshot:
        folder = self._snapshot_dir(version)
        with open(folder / "chunks.jsonl", encoding="utf-8") as fh:
            chunks = [Chunk.from_dict(json.loads(line)) for line in fh]
        # an index saved before the words were split as now is rebuilt here from the passages (Snapshot builds the
        # whole-document one), so a search never compares terms split two ways
        whole = (
            LexicalIndex.load(folder / "bm25-documents") if LexicalIndex.current(folder / "bm25-documents") else None
        )
        passages = (
            LexicalIndex.load(folder / "bm25")
            if LexicalIndex.current(folder / "bm25")
            else LexicalIndex.build([c.index_text() for c in chunks])
        )
        return Snapshot(version, chunks, passages, documents, whole)
