"""How well metadata is derived from a text alone, measured against the realdocs manifest.

    python bench/metadata.py [--manifest ../shared/data/realdocs/manifest.jsonl] [--no-url]

Each manifest file is loaded as an admin would drop it in, with nothing given but (unless
--no-url) its source address, and the derived kommuner, region, national flag, document type
and date are compared with the manifest's. Types: the corpus stores the manifest's two
annexes as 'bilaga'; a derived 'överenskommelse' for them counts as right (an annex reads as
the agreement it belongs to). The manifest's region is where a text belongs (a county such as
"Värmland"), the derived one the region or joint body the text is from or signed by, so
region figures compare two different things and are shown for information. Prints one
line per miss and the totals as the last line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.ingest.documents import derive_meta, load_document

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT.parent / "shared" / "data" / "realdocs" / "manifest.jsonl"
AGREEMENT_LIKE = {"överenskommelse", "bilaga"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--no-url", action="store_true", help="derive without the source address")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.manifest.read_text("utf-8").splitlines() if line]
    hits = {"kommuner": 0, "region": 0, "national": 0, "type": 0, "date": 0}
    counted = dict.fromkeys(hits, 0)
    for row in rows:
        path = args.manifest.parent / "docs" / row["file"]
        text = load_document(path).raw_text
        given = {} if args.no_url else {"url": row.get("url", "")}
        meta, _ = derive_meta(path, text, given)
        checks = {
            "kommuner": set(meta.kommuner) == set(row.get("kommuner") or []),
            "region": (meta.region or None) == (row.get("region") or None),
            "national": meta.national == bool(row.get("national")),
            "type": meta.doc_type == row["doc_type"]
            or {meta.doc_type, row["doc_type"]} <= AGREEMENT_LIKE,
        }
        if row.get("date"):  # a manifest without a date has nothing to compare with
            checks["date"] = meta.date == row["date"]
        for field, ok in checks.items():
            hits[field] += ok
            counted[field] += 1
        misses = [f for f, ok in checks.items() if not ok]
        if misses:
            got = {
                "kommuner": list(meta.kommuner),
                "region": meta.region,
                "national": meta.national,
                "type": meta.doc_type,
                "date": meta.date,
            }
            want = {
                "kommuner": row.get("kommuner"),
                "region": row.get("region"),
                "national": row.get("national"),
                "type": row["doc_type"],
                "date": row.get("date"),
            }
            detail = "; ".join(f"{f}: got {got[f]!r}, manifest {want[f]!r}" for f in misses)
            print(f"{row['file']}: {detail}")
    print(" ".join(f"{field}={count}/{counted[field]}" for field, count in hits.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
