"""Which version of each document readers see, so a replace is never seen half-done.

A document's chunks carry its content hash and the number of chunks in that version. A new
version is written beside the old one and the old one deleted afterwards. At every moment
readers take, per document, the newest *complete* version: never two versions at once
(a document seen twice) and never none while a complete one exists (a document missing).
An ingest killed half-way leaves an incomplete version that readers ignore and the next
run completes or replaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def current_versions(metadatas: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """doc_id → content hash of the version readers should see, from one record per chunk
    (or a record standing for ``chunks`` chunks of one version)."""
    counts: dict[tuple[str, str], int] = {}
    expected: dict[tuple[str, str], int] = {}
    added: dict[tuple[str, str], str] = {}
    for meta in metadatas:
        key = (str(meta["doc_id"]), str(meta.get("content_hash", "")))
        counts[key] = counts.get(key, 0) + int(meta.get("chunks", 1))
        expected[key] = int(meta.get("version_chunks") or 0)
        added[key] = max(added.get(key, ""), str(meta.get("added_at", "")))
    best: dict[str, tuple[str, str]] = {}  # doc_id → (added_at, hash)
    for key, n in counts.items():
        doc_id, digest = key
        complete = expected[key] == 0 or n >= expected[key]  # 0: written before versioning
        if complete and (doc_id not in best or (added[key], digest) > best[doc_id]):
            best[doc_id] = (added[key], digest)
    return {doc_id: digest for doc_id, (_, digest) in best.items()}
