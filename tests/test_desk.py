"""The corpus desk reads and removes documents by id, and only inside the corpus folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.desk import CorpusDesk, UploadError
from tests.conftest import write

pytestmark = pytest.mark.slow


@pytest.fixture
def desk(tmp_path, make_components):
    corpus = tmp_path / "corpus"
    write(
        corpus / "programme" / "pilots.md",
        "---\ntitle: Running pilots\n---\n# Running pilots\n\nStart small, measure a baseline, then decide.\n",
    )
    write(tmp_path / "outside.md", "# Outside\n\nNot part of the corpus.\n")
    components = make_components(corpus_dir=corpus)
    components.index.ingest(corpus)
    return CorpusDesk(components.index, corpus, 1_000_000)


def test_read_and_delete_by_document_id(desk):
    assert desk.read("programme/pilots.md").startswith("# Running pilots") and "baseline" in desk.read(
        "programme/pilots.md"
    )
    report = desk.delete("programme/pilots.md")
    assert report.documents == 0 and desk.documents() == []


@pytest.mark.parametrize(
    "doc_id", ["../outside.md", "programme/missing.md", "programme/pilots.md.meta.yaml", "programme"]
)
def test_ids_outside_the_corpus_or_unknown_are_refused(desk, doc_id):
    for action in (desk.read, desk.delete):
        with pytest.raises(UploadError, match=f"no document '{doc_id}' in the corpus"):
            action(doc_id)
    assert [d["doc_id"] for d in desk.documents()] == ["programme/pilots.md"]


def test_an_upload_is_read_once_and_keeps_its_warnings(desk, monkeypatch):
    reads = []
    parse = desk.index.parse
    monkeypatch.setattr(
        desk.index,
        "parse",
        lambda path, root, *args, **kwargs: reads.append(Path(path).name) or parse(path, root, *args, **kwargs),
    )
    result = desk.upload(
        "bins.md",
        b"---\nregion: {north: 1}\n---\n# Bin rounds\n\nCrews log every missed bin.\n",
        "case-study",
        themes=["digital"],
    )
    assert result.status == "added" and result.doc_id == "case-studies/bins.md" and result.chunks == 1
    assert reads == ["bins.md"]
    assert len(result.warnings) == 1 and "'region'" in result.warnings[0]
    entry = desk.index.manifest()["documents"]["case-studies/bins.md"]
    assert entry["themes"] == ["digital"] and entry["kind"] == "case-study" and entry["warnings"] == result.warnings
    assert (
        desk.upload(
            "bins.md",
            b"---\nregion: {north: 1}\n---\n# Bin rounds\n\nCrews log every missed bin.\n",
            "case-study",
            themes=["digital"],
        ).status
        == "unchanged"
    )


LONG_PASSAGE = (
    "Every pilot starts with a baseline measured over four weeks, a named owner for each measure, a date "
    "for the decision to stop or scale, and a short note of what the team expects to learn, so that the "
    "board can judge the result against what was promised rather than against hopes formed afterwards."
)


def test_an_upload_is_checked_against_the_whole_corpus(desk, make_components):
    write(
        desk.corpus_dir / "programme" / "baselines.md",
        f"---\ntitle: Baselines\n---\n# Baselines\n\n## Before a pilot\n\n{LONG_PASSAGE}\n",
    )
    desk.reindex()
    copied = (
        f"# Ferry tickets\n\n## What was done\n\n{LONG_PASSAGE}\n\n## Results\n\nThe council saved EUR 4m in two "
        f"years.\n"
    )
    result = desk.upload("ferries.md", copied.encode(), "case-study", title="Ferry tickets")
    findings = desk.check([result.doc_id, "programme/pilots.md"])
    kinds = {f.kind: f for f in findings["case-studies/ferries.md"]}
    assert set(kinds) == {"sources", "figures", "duplicate"} and all(f.level == "error" for f in kinds.values())
    assert "EUR 4m" in kinds["figures"].message and "programme/baselines.md" in (
        kinds["duplicate"].path + kinds["duplicate"].other
    )
    assert findings["programme/pilots.md"] == []  # a document with no problem has no findings


def test_the_check_after_an_upload_uses_what_the_upload_read(desk):
    """The Corpus tab checks each upload as it was read for indexing, with the same findings as
    reading the file again, and without reading it a second time."""
    copied = f"# Ferry tickets\n\n## What was done\n\nThe council saved EUR 4m in two years. {LONG_PASSAGE}\n"
    result = desk.upload("ferries.md", copied.encode(), "case-study", title="Ferry tickets")
    assert result.parsed is not None and result.parsed[0].doc_id == result.doc_id
    read_again = desk.check([result.doc_id])
    as_uploaded = desk.check([result.doc_id], [result])
    assert [f.as_dict() for f in as_uploaded[result.doc_id]] == [f.as_dict() for f in read_again[result.doc_id]]
    assert {f.kind for f in as_uploaded[result.doc_id]} == {"sources", "figures"}
    # Were the file read again, its new bytes (binary, not text) would be an "unreadable" error.
    (desk.corpus_dir / "case-studies" / "ferries.md").write_bytes(b"\x00\xff" * 100)
    assert "unreadable" in {f.kind for f in desk.check([result.doc_id])[result.doc_id]}
    assert {f.kind for f in desk.check([result.doc_id], [result])[result.doc_id]} == {"sources", "figures"}
