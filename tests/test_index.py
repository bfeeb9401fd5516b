"""Incremental ingestion with the real embedding model: add, change, delete, bad files."""

from __future__ import annotations

import json

import pytest

from tests.builders import make_docx, make_pdf
from tests.conftest import write

pytestmark = pytest.mark.slow


def _corpus(root):
    write(
        root / "programme" / "objectives.md",
        "---\ntitle: Objectives\nthemes: [objectives]\n---\n# Objectives\n\n## SMART\nAn objective names a measure, a "
        "baseline, a target and a date.\n",
    )
    write(
        root / "case-studies" / "bins.md",
        "---\ntitle: Bin collections\nthemes: [objectives]\n---\n# Bin collections\n\n## Context\nThe council cut "
        "missed bin collections by rerouting crews.\n",
    )
    make_pdf(
        root / "programme" / "juries.pdf",
        ["Citizens' juries deliberate over several days.", "Recruit members by random selection."],
    )
    make_docx(
        root / "programme" / "data.docx",
        "Data sharing",
        [("Once only", "Ask residents for their details once and share them safely.")],
    )
    return root


def _chunk_ids(components):
    return components.store.all_ids()


def test_second_ingest_embeds_nothing(tmp_path, make_components):
    components = make_components()
    root = _corpus(tmp_path / "corpus")
    first = components.index.ingest(root)
    assert first.failed == []
    assert first.documents == 4
    assert first.embedded == first.chunks > 0
    assert len(_chunk_ids(components)) == first.chunks
    version = components.index.manifest()["version"]

    second = components.index.ingest(root)
    assert second.summary() == {**first.summary(), "embedded": 0}
    assert components.index.manifest()["version"] == version
    assert components.index.is_current(root)


def test_changed_file_replaced_and_deleted_file_removed(tmp_path, make_components):
    components = make_components()
    root = _corpus(tmp_path / "corpus")
    components.index.ingest(root)
    before = _chunk_ids(components)

    write(
        root / "case-studies" / "bins.md",
        "---\ntitle: Bin collections\n---\n# Bin collections\n\n## Context\nCrews now use tablets to log every missed "
        "bin.\n",
    )
    (root / "programme" / "juries.pdf").unlink()
    write(root / "programme" / "new.txt", "Participatory budgeting lets residents vote on spending.")
    assert not components.index.is_current(root)
    report = components.index.ingest(root)

    assert report.changed == ["case-studies/bins.md"]
    assert report.added == ["programme/new.txt"]
    assert report.removed == 1 and report.removed_ids == ["programme/juries.pdf"]
    assert report.embedded == 2  # one chunk for the changed file, one for the new file
    after = _chunk_ids(components)
    assert not any(i.startswith("programme/juries.pdf::") for i in after)
    assert len([i for i in after if i.startswith("case-studies/bins.md::")]) == 1
    assert len(after) == report.chunks
    assert before & after  # untouched documents kept their vectors

    hits = components.retriever.search("tablets log missed bins", k=3, mode="bm25")
    assert hits[0].doc_id == "case-studies/bins.md"
    assert "tablets" in hits[0].text
    for mode in ("bm25", "dense", "hybrid"):  # the removed document is gone from every ranking
        assert all(
            h.doc_id != "programme/juries.pdf"
            for h in components.retriever.search("random selection juries", k=5, mode=mode)
        ), mode


def test_corrupt_file_beside_good_ones(tmp_path, make_components):
    components = make_components()
    root = _corpus(tmp_path / "corpus")
    write(root / "programme" / "broken.pdf", b"%PDF-1.4 garbage")
    write(root / "programme" / "image.md", b"\x00\x01\x02binary")
    report = components.index.ingest(root)
    assert report.documents == 4
    assert sorted(f["path"] for f in report.failed) == ["programme/broken.pdf", "programme/image.md"]
    assert all(f["error"] for f in report.failed)
    # Still failing on the next run, and nothing is re-embedded.
    again = components.index.ingest(root)
    assert again.embedded == 0 and len(again.failed) == 2
    assert components.index.is_current(root)


def test_good_version_kept_when_a_file_turns_bad(tmp_path, make_components):
    components = make_components()
    root = _corpus(tmp_path / "corpus")
    components.index.ingest(root)
    write(root / "case-studies" / "bins.md", b"\xff\xfe broken encoding \xff")
    report = components.index.ingest(root)
    assert [f["path"] for f in report.failed] == ["case-studies/bins.md"]
    assert report.documents == 4
    hits = components.retriever.search("rerouting crews missed bin collections", k=1)
    assert hits[0].doc_id == "case-studies/bins.md"


def test_orphan_vectors_from_an_interrupted_run_are_collected(tmp_path, make_components):
    components = make_components()
    root = _corpus(tmp_path / "corpus")
    components.index.ingest(root)
    components.store.add(
        ["ghost.md::deadbeef0000::0"],
        [components.embeddings.embed_query("ghost")],
        [{"kind": "programme", "doc_id": "ghost.md"}],
    )
    # A reader never sees a chunk that the manifest does not name.
    assert all(h.doc_id != "ghost.md" for h in components.retriever.search("ghost", k=10, mode="dense"))
    components.index.ingest(root)
    assert "ghost.md::deadbeef0000::0" not in components.store.all_ids()


def test_manifest_lists_documents_with_metadata(tmp_path, make_components):
    components = make_components()
    root = _corpus(tmp_path / "corpus")
    components.index.ingest(root)
    manifest = json.loads((components.settings.index_dir / "manifest.json").read_text())
    entry = manifest["documents"]["programme/juries.pdf"]
    assert entry["kind"] == "programme" and entry["format"] == "pdf" and entry["chunks"] == 2
    assert entry["indexed_at"]
    assert manifest["documents"]["case-studies/bins.md"]["kind"] == "case-study"
