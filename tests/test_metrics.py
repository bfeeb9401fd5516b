"""Ranking metrics on hand-made rankings with known values."""

from __future__ import annotations

import math

import pytest

from assistant.metrics import hit_at_k, mrr_at_k, ndcg_at_k, recall_at_k, retrieval_scores

RANKED = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"]


@pytest.mark.parametrize(
    "relevant, recall5, mrr10, ndcg10, hit1",
    [
        ({"a"}, 1.0, 1.0, 1.0, 1.0),
        ({"c"}, 1.0, 1 / 3, 1 / math.log2(4), 0.0),
        ({"b", "f"}, 0.5, 0.5, (1 / math.log2(3) + 1 / math.log2(7)) / (1 + 1 / math.log2(3)), 0.0),
        ({"k"}, 0.0, 0.0, 0.0, 0.0),  # rank 11: outside every cut-off
        ({"z"}, 0.0, 0.0, 0.0, 0.0),
        ({"a", "b", "c", "d", "e", "f"}, 5 / 6, 1.0, 1.0, 1.0),
    ],
)
def test_known_values(relevant, recall5, mrr10, ndcg10, hit1):
    assert recall_at_k(RANKED, relevant, 5) == pytest.approx(recall5)
    assert mrr_at_k(RANKED, relevant, 10) == pytest.approx(mrr10)
    assert ndcg_at_k(RANKED, relevant, 10) == pytest.approx(ndcg10)
    assert hit_at_k(RANKED, relevant, 1) == hit1


def test_empty_relevance_and_short_rankings():
    assert recall_at_k(RANKED, set(), 5) == 0.0 and ndcg_at_k(RANKED, set(), 10) == 0.0
    assert retrieval_scores([], {"a"}) == {"recall@5": 0.0, "mrr@10": 0.0, "ndcg@10": 0.0, "hit@1": 0.0}
    assert retrieval_scores(["x", "a"], {"a"})["mrr@10"] == 0.5
