"""Okapi BM25 as an inverted index that takes and drops texts one batch at a time.

bm25s precomputes every (term, text) score with the collection's statistics baked in, so a
new or removed document means re-indexing all texts (xhluca/bm25s#5: "not possible"). This
index keeps raw term frequencies instead and applies the statistics — number of texts,
average length, document frequency — when a query is scored, so adding a document is
tokenizing that document and removing one is clearing its slots. It scores exactly as
bm25s's defaults (Lucene variant, k1 = 1.5, b = 0.75; tests/test_scale_index.py compares).

Texts live in numbered slots; each batch of added texts is a segment (a CSC matrix, slots ×
terms). Segments are merged, and the slots of removed texts reclaimed, as they accumulate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy import sparse

Tokenizer = Callable[[str], list[str]]

K1 = 1.5
B = 0.75
_EMPTY = "\x00"  # an empty text still counts (length 1), as it did with bm25s
_MAX_SEGMENTS = 8


@dataclass
class _Segment:
    start: int  # its first slot
    tf: sparse.csc_matrix  # rows: its slots; columns: term ids known when it was made


class Bm25Index:
    """Term frequencies of texts by slot; ``scores`` ranks them for a query."""

    def __init__(self, tokenize: Tokenizer) -> None:
        self._tokenize = tokenize
        self._vocab: dict[str, int] = {}
        self._segments: list[_Segment] = []
        self._lengths = np.zeros(0, dtype=np.float64)
        self.alive = np.zeros(0, dtype=bool)
        self._total_length = 0.0

    @property
    def size(self) -> int:
        """Slots in use, removed texts included until they are reclaimed."""
        return len(self.alive)

    def add(self, texts: Sequence[str]) -> int:
        """Index ``texts`` in new consecutive slots; returns the first."""
        start = self.size
        if not texts:
            return start
        tokens = [self._tokenize(t) or [_EMPTY] for t in texts]
        vocab = self._vocab
        ids = np.fromiter(
            (vocab.setdefault(tok, len(vocab)) for tok in chain.from_iterable(tokens)),
            dtype=np.int32,
        )
        lengths = np.array([len(t) for t in tokens], dtype=np.float64)
        rows = np.repeat(np.arange(len(texts), dtype=np.int32), lengths.astype(np.int64))
        tf = sparse.csc_matrix(
            (np.ones(len(ids), dtype=np.float32), (rows, ids)), shape=(len(texts), len(vocab))
        )
        tf.sum_duplicates()
        self._segments.append(_Segment(start, tf))
        self._lengths = np.concatenate([self._lengths, lengths])
        self.alive = np.concatenate([self.alive, np.ones(len(texts), dtype=bool)])
        self._total_length += float(lengths.sum())
        return start

    def remove(self, start: int, stop: int) -> None:
        """Drop the texts in slots ``start`` … ``stop - 1``."""
        gone = self.alive[start:stop]
        self._total_length -= float(self._lengths[start:stop][gone].sum())
        self.alive[start:stop] = False

    def needs_compacting(self) -> bool:
        dead = self.size - int(self.alive.sum())
        return len(self._segments) > _MAX_SEGMENTS or dead > max(1000, self.size // 2)

    def compact(self) -> np.ndarray:
        """Merge the segments into one without the removed slots; returns each old slot's
        new number (-1: removed)."""
        width = len(self._vocab)
        parts = []
        for seg in self._segments:
            tf = seg.tf.copy()
            tf.resize((tf.shape[0], width))
            parts.append(tf)
        new_slot = np.where(self.alive, np.cumsum(self.alive) - 1, -1)
        if parts:
            merged = sparse.vstack(parts, format="csr")[self.alive]
            self._segments = [_Segment(0, sparse.csc_matrix(merged))]
        self._lengths = self._lengths[self.alive]
        self.alive = np.ones(len(self._lengths), dtype=bool)
        return new_slot

    def scores(self, query: str, allowed: np.ndarray) -> np.ndarray | None:
        """BM25 of ``query`` for every slot (0 outside ``allowed``, a mask over the slots);
        None when no query term is indexed. The statistics are those of all live texts, so
        a scoped search scores a text as an unscoped one does."""
        weights = Counter(self._vocab[t] for t in self._tokenize(query) if t in self._vocab)
        live = int(self.alive.sum())
        if not weights or live == 0:
            return None
        terms = np.fromiter(weights, dtype=np.int64)
        repeats = np.fromiter(weights.values(), dtype=np.float64)
        slots, columns, tf = self._postings(terms)
        live_posting = self.alive[slots]
        df = np.bincount(columns[live_posting], minlength=len(terms)).astype(np.float64)
        idf = np.log(1.0 + (live - df + 0.5) / (df + 0.5))
        keep = allowed[slots] & live_posting
        slots, columns, tf = slots[keep], columns[keep], tf[keep]
        norm = K1 * (1.0 - B + B * self._lengths[slots] / (self._total_length / live))
        contribution = repeats[columns] * idf[columns] * tf / (norm + tf)
        return np.bincount(slots, weights=contribution, minlength=self.size)

    def _postings(self, terms: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(slot, query-term index, frequency) of every occurrence of ``terms``."""
        slots, columns, tf = [], [], []
        for seg in self._segments:
            known = np.flatnonzero(terms < seg.tf.shape[1])
            if not len(known):
                continue
            sub = seg.tf[:, terms[known]]
            slots.append(sub.indices.astype(np.int64) + seg.start)
            columns.append(np.repeat(known, np.diff(sub.indptr)))
            tf.append(sub.data.astype(np.float64))
        if not slots:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0, dtype=np.float64)
        return np.concatenate(slots), np.concatenate(columns), np.concatenate(tf)
