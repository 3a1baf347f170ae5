"""BM25F as Whoosh computes it, with each document's field length read once and kept.

Whoosh's BM25F scorer reads a document's field length from the index for every posting it
scores, and a query over seven fields scores the same documents again and again. The lengths
are kept per searcher (a searcher is opened once per index generation and kept), so a warm
search reads each length once. The score is the same `bm25()` of the same numbers.
"""

from __future__ import annotations

from typing import Any

from whoosh import scoring

__all__ = ["KeptLengthBM25F"]


class _Scorer(scoring.BM25FScorer):  # type: ignore[misc]
    def __init__(
        self,
        searcher: Any,
        fieldname: str,
        text: bytes,
        B: float,
        K1: float,
        lengths: dict[int, int],
    ):
        super().__init__(searcher, fieldname, text, B, K1)
        self._lengths = lengths

    def score(self, matcher: Any) -> float:
        docid = matcher.id()
        length = self._lengths.get(docid)
        if length is None:
            length = self._lengths[docid] = self.dfl(docid)
        return float(scoring.bm25(self.idf, matcher.weight(), length, self.avgfl, self.B, self.K1))


class KeptLengthBM25F(scoring.BM25F):  # type: ignore[misc]
    """Whoosh's BM25F (its B, per-field B and K1 as given; the defaults here) with field
    lengths kept."""

    def scorer(self, searcher: Any, fieldname: str, text: bytes, qf: int = 1) -> Any:
        if not searcher.schema[fieldname].scorable:
            return scoring.WeightScorer.for_(searcher, fieldname, text)
        kept = searcher.__dict__.setdefault("_kb_lengths", {})
        B = self._field_B.get(fieldname, self.B)
        return _Scorer(searcher, fieldname, text, B, self.K1, kept.setdefault(fieldname, {}))
