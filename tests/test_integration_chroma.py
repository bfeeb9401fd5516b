"""A real Chroma server on 127.0.0.1: ingest and search through it, same results as embedded.

The server starts with the run's vectors of the bundled corpus less four documents (the ones the
queries below look for), so the ingest through it embeds and stores those four."""

from __future__ import annotations

import pytest

from assistant.components import Components
from assistant.config import Settings
from tests import servers
from tests.conftest import BUNDLED_CORPUS

pytestmark = [pytest.mark.integration, pytest.mark.slow]

QUERIES = [
    "how can residents decide how part of the city budget is spent",
    "influence and interest grid for stakeholders",
    "sharing citizen records between government agencies once only",
    "randomised trial of tax reminder letters",
]


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    with servers.chroma_server(tmp_path_factory.mktemp("chroma-server")) as port:
        yield port


# Embedded and stored through the server by the ingest below; the rest of the bundled corpus is
# already there (the run's vectors, put in through the same store class), as after an earlier ingest.
NEW_DOCUMENTS = (
    "case-studies/paris-participatory-budget.md",
    "case-studies/estonia-x-road.md",
    "case-studies/uk-behavioural-insights-tax-letters.md",
    "programme/partnership-strategy.md",
)


def test_server_store_gives_the_same_results_as_embedded(
    chroma_server, embeddings, bundled_index, seed_index_without, tmp_path
):
    settings = Settings(data_dir=tmp_path / "served", chroma_host="127.0.0.1", chroma_port=chroma_server)
    seed_index_without(settings.data_dir, NEW_DOCUMENTS)
    served = Components(settings, embeddings=embeddings)
    embedded = bundled_index  # the same corpus ingested into the embedded store
    stored = embedded.store.collection.get(include=["embeddings", "metadatas"])
    kept = [n for n, meta in enumerate(stored["metadatas"]) if meta["doc_id"] not in NEW_DOCUMENTS]
    served.store.add(
        [stored["ids"][n] for n in kept],
        [list(map(float, stored["embeddings"][n])) for n in kept],
        [stored["metadatas"][n] for n in kept],
    )
    report = served.index.ingest(BUNDLED_CORPUS)
    new_chunks = sum(served.index.manifest()["documents"][doc_id]["chunks"] for doc_id in NEW_DOCUMENTS)
    assert report.failed == [] and sorted(report.added) == sorted(NEW_DOCUMENTS)
    assert report.embedded == new_chunks > 0 and report.documents == len(embedded.index.manifest()["documents"])
    assert served.store.location == f"http://127.0.0.1:{chroma_server}"
    assert served.store.count() == embedded.store.count()
    for mode in ("dense", "hybrid"):
        for query in QUERIES:
            ours = [h.chunk_id for h in served.retriever.search(query, k=5, mode=mode)]
            theirs = [h.chunk_id for h in embedded.retriever.search(query, k=5, mode=mode)]
            assert ours == theirs, (mode, query)
    assert served.index.ingest(BUNDLED_CORPUS).embedded == 0
    assert served.index.verify() == []
