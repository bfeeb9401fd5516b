"""The corpus desk reads and removes documents by id, and only inside the corpus folder."""

from __future__ import annotations

import pytest

from assistant.desk import CorpusDesk, UploadError
from tests.conftest import write

pytestmark = pytest.mark.slow


@pytest.fixture
def desk(tmp_path, make_components):
    corpus = tmp_path / "corpus"
    write(corpus / "programme" / "pilots.md", "---\ntitle: Running pilots\n---\n# Running pilots\n\nStart small, measure a baseline, then decide.\n")
    write(tmp_path / "outside.md", "# Outside\n\nNot part of the corpus.\n")
    components = make_components(corpus_dir=corpus)
    components.index.ingest(corpus)
    return CorpusDesk(components.index, corpus, 1_000_000)


def test_read_and_delete_by_document_id(desk):
    assert desk.read("programme/pilots.md").startswith("# Running pilots") and "baseline" in desk.read("programme/pilots.md")
    report = desk.delete("programme/pilots.md")
    assert report.documents == 0 and desk.documents() == []


@pytest.mark.parametrize("doc_id", ["../outside.md", "programme/missing.md", "programme/pilots.md.meta.yaml", "programme"])
def test_ids_outside_the_corpus_or_unknown_are_refused(desk, doc_id):
    for action in (desk.read, desk.delete):
        with pytest.raises(UploadError, match=f"no document '{doc_id}' in the corpus"):
            action(doc_id)
    assert [d["doc_id"] for d in desk.documents()] == ["programme/pilots.md"]
