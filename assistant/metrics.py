"""Ranking and summary metrics for the eval suite, at document level, binary relevance.

Definitions follow the standard ones (as in trec_eval and ranx):

- recall@k: relevant documents in the top k / all relevant documents;
- MRR@k: 1 / rank of the first relevant document within the top k (0 if none);
- nDCG@k: DCG over the top k with gain 1 per relevant document and log2(rank + 1) discount,
  divided by the ideal DCG for min(k, number relevant) documents;
- hit@k: 1 if any relevant document is in the top k.
"""

from __future__ import annotations

import math
import statistics

QUESTION_ALONE = "question alone"  # the hybrid ranking of the bare question, beside the coach's own search


def recall_at_k(ranked: list[str], relevant: set[str], k: int) -> float:
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


def mrr_at_k(ranked: list[str], relevant: set[str], k: int) -> float:
    for rank, doc in enumerate(ranked[:k], 1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: list[str], relevant: set[str], k: int) -> float:
    if not relevant:
        return 0.0
    dcg = sum(1.0 / math.log2(rank + 1) for rank, doc in enumerate(ranked[:k], 1) if doc in relevant)
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal


def hit_at_k(ranked: list[str], relevant: set[str], k: int) -> float:
    return 1.0 if set(ranked[:k]) & relevant else 0.0


def retrieval_scores(ranked: list[str], relevant: set[str]) -> dict[str, float]:
    return {
        "recall@5": recall_at_k(ranked, relevant, 5),
        "mrr@10": mrr_at_k(ranked, relevant, 10),
        "ndcg@10": ndcg_at_k(ranked, relevant, 10),
        "hit@1": hit_at_k(ranked, relevant, 1),
    }


def mean(values: list[float]) -> float | None:
    return round(statistics.fmean(values), 4) if values else None


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 4) if values else None
