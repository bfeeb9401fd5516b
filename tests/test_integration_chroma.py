"""A real Chroma server on 127.0.0.1: ingest and search through it, same results as embedded."""

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


def test_server_store_gives_the_same_results_as_embedded(chroma_server, embeddings, bundled_index, tmp_path):
    served = Components(
        Settings(data_dir=tmp_path / "served", chroma_host="127.0.0.1", chroma_port=chroma_server),
        embeddings=embeddings,
    )
    embedded = bundled_index  # the same corpus ingested into the embedded store
    report = served.index.ingest(BUNDLED_CORPUS)
    assert report.failed == [] and report.embedded == report.chunks
    assert served.store.location == f"http://127.0.0.1:{chroma_server}"
    assert served.store.count() == embedded.store.count()
    for mode in ("dense", "hybrid"):
        for query in QUERIES:
            ours = [h.chunk_id for h in served.retriever.search(query, k=5, mode=mode)]
            theirs = [h.chunk_id for h in embedded.retriever.search(query, k=5, mode=mode)]
            assert ours == theirs, (mode, query)
    assert served.index.ingest(BUNDLED_CORPUS).embedded == 0
    assert served.index.verify() == []
