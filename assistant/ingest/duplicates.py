"""Near-duplicate texts: the same press release as PDF and as text, or published by two kommuner.

A document's *signature* is a MinHash of its word 5-gram shingles (64 values): the share of
equal values between two signatures estimates the Jaccard overlap of their shingle sets. At
or above :data:`NEAR_DUPLICATE` the later document is stored as a near-duplicate of the
earlier one; answers then cite only one of them. The threshold is measured by
``bench/duplicates.py`` (README, "Near-duplicates").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

from assistant.swedish import words

SHINGLE_WORDS = 5
SIGNATURE_SIZE = 64
NEAR_DUPLICATE = 0.5  # bench/duplicates.py: copies ≥ 0.61 (even cut 25 % shorter), different ≤ 0.02

_rng = np.random.default_rng(20261202)
_XOR = _rng.integers(0, 2**63, SIGNATURE_SIZE, dtype=np.uint64)
_MULT = _rng.integers(0, 2**63, SIGNATURE_SIZE, dtype=np.uint64) | np.uint64(1)


def _shingle_hashes(text: str) -> np.ndarray:
    tokens = words(text)
    if len(tokens) < SHINGLE_WORDS:
        shingles: Iterable[str] = [" ".join(tokens)] if tokens else []
    else:
        shingles = {
            " ".join(tokens[i : i + SHINGLE_WORDS]) for i in range(len(tokens) - SHINGLE_WORDS + 1)
        }
    digests = [hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest() for s in shingles]
    return np.frombuffer(b"".join(digests), dtype=np.uint64)


def signature(text: str) -> str:
    """The text's MinHash signature as hex ("" for a text without words)."""
    hashes = _shingle_hashes(text)
    if hashes.size == 0:
        return ""
    with np.errstate(over="ignore"):
        mixed = (hashes[None, :] ^ _XOR[:, None]) * _MULT[:, None]
    mins = (mixed >> np.uint64(32)).min(axis=1).astype(np.uint32)
    return str(mins.astype(">u4").tobytes().hex())


def similarity(a: str, b: str) -> float:
    """Estimated Jaccard overlap of two texts' shingles, from their signatures (0–1)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    left = np.frombuffer(bytes.fromhex(a), dtype=">u4")
    right = np.frombuffer(bytes.fromhex(b), dtype=">u4")
    return float(np.mean(left == right))


def nearest(sig: str, stored: Iterable[tuple[str, str]]) -> tuple[str, float]:
    """(doc id, similarity) of the stored signature closest to ``sig`` (("", 0.0) if none)."""
    best = ("", 0.0)
    for doc_id, other in stored:
        score = similarity(sig, other)
        if score > best[1]:
            best = (doc_id, score)
    return best
