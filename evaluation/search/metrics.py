"""Ranking metrics on distinct ranked keys and graded judgments ({key: grade}, unlisted = 0).

Pure functions: recall@k, reciprocal rank and nDCG@k per query, and their means over a set.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

ANSWERS = 2  # the grade of a key that answers the query; 1 = related
RECALL_AT = 5
NDCG_AT = 10


def found_at(keys: Sequence[str], relevant: dict[str, int], k: int = RECALL_AT, grade: int = ANSWERS) -> bool:
    """Whether a key graded `grade` or more is among the first `k` keys."""
    return any(relevant.get(key, 0) >= grade for key in keys[:k])


def reciprocal_rank(keys: Sequence[str], relevant: dict[str, int], grade: int = ANSWERS) -> float:
    """1 / rank of the first key graded `grade` or more; 0 when the list has none."""
    return next((1 / rank for rank, key in enumerate(keys, 1) if relevant.get(key, 0) >= grade), 0.0)


def _dcg(grades: Sequence[int]) -> float:
    """Discounted cumulative gain with gains 2^grade − 1 and discount log2(rank + 1)."""
    return sum((2**grade - 1) / math.log2(rank + 1) for rank, grade in enumerate(grades, 1))


def ndcg_at(keys: Sequence[str], relevant: dict[str, int], k: int = NDCG_AT) -> float:
    """nDCG@k: DCG of the first `k` keys over the DCG of the ideal ordering of the judgments."""
    ideal = _dcg(sorted(relevant.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return _dcg([relevant.get(key, 0) for key in keys[:k]]) / ideal


@dataclass(frozen=True)
class Figures:
    """Means over a set of queries: recall@5 (grade 2 and grade ≥ 1), MRR (grade 2), nDCG@10."""

    recall: float
    recall_related: float
    mrr: float
    ndcg: float
    n: int

    def as_dict(self) -> dict[str, float | int]:
        """Plain data for JSON."""
        return asdict(self)

    def minus(self, other: Figures) -> Figures:
        """The difference self − other, metric by metric (n is self's)."""
        return Figures(
            self.recall - other.recall,
            self.recall_related - other.recall_related,
            self.mrr - other.mrr,
            self.ndcg - other.ndcg,
            self.n,
        )


def figures(rankings: Sequence[Sequence[str]], judgments: Sequence[dict[str, int]]) -> Figures:
    """The mean metrics of distinct-key `rankings` against their `judgments` (one of each per query)."""
    if len(rankings) != len(judgments):
        raise ValueError(f"{len(rankings)} rankings for {len(judgments)} queries")
    n = len(rankings)
    if not n:
        return Figures(0.0, 0.0, 0.0, 0.0, 0)
    pairs = list(zip(rankings, judgments, strict=True))
    return Figures(
        recall=sum(found_at(keys, rel) for keys, rel in pairs) / n,
        recall_related=sum(found_at(keys, rel, grade=1) for keys, rel in pairs) / n,
        mrr=sum(reciprocal_rank(keys, rel) for keys, rel in pairs) / n,
        ndcg=sum(ndcg_at(keys, rel) for keys, rel in pairs) / n,
        n=n,
    )


__all__ = ["ANSWERS", "NDCG_AT", "RECALL_AT", "Figures", "figures", "found_at", "ndcg_at", "reciprocal_rank"]
