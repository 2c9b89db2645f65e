"""Uploaded files copied under safe names into a folder of their own, ready to ingest.

The name becomes the document's id (``documents.slug``), so the original base name is kept,
å/ä/ö included; only directories, ``..`` and characters a file system or shell could
trip on are removed.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MAX_NAME_CHARS = 120
MAX_SUFFIX_CHARS = 10
FALLBACK_STEM = "dokument"
_ODD = re.compile(r"[^\w\-. ()]+")  # \w is Unicode: letters with å/ä/ö, digits, underscore
_SPACES = re.compile(r"\s+")


def safe_filename(name: str) -> str:
    """``name`` without directories or odd characters, e.g. ``../../x/a:b.pdf`` → ``a_b.pdf``.

    NFC first: a name from macOS spells å as a + ring, which would otherwise be replaced.
    No leading dot (no hidden files, no ``..``), at most ``MAX_NAME_CHARS`` characters.
    """
    base = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    base = _ODD.sub("_", _SPACES.sub(" ", base)).strip(" _")
    stem, dot, suffix = base.rpartition(".")
    suffix = suffix.strip(" ._")
    if not dot or len(suffix) > MAX_SUFFIX_CHARS:  # no suffix, or a dot inside the name
        stem, suffix = base, ""
    stem = stem.strip(" ._") or FALLBACK_STEM
    suffix = f".{suffix}" if suffix else ""
    return stem[: MAX_NAME_CHARS - len(suffix)].rstrip(" ._") + suffix


@dataclass(frozen=True)
class Staged:
    """An uploaded file's copy (``path``) and the name it came with."""

    path: Path
    original: str

    @property
    def renamed(self) -> bool:
        return self.path.name != self.original


def stage_uploads(uploads: Sequence[Path], folder: Path) -> list[Staged]:
    """Copy each upload into ``folder`` under its safe name (``-2``, ``-3`` … if taken)."""
    staged: list[Staged] = []
    for upload in uploads:
        target = _free_name(folder, safe_filename(upload.name))
        shutil.copyfile(upload, target)
        staged.append(Staged(target, upload.name))
    return staged


def _free_name(folder: Path, name: str) -> Path:
    target = folder / name
    stem, suffix = target.stem, target.suffix
    n = 2
    while target.exists():
        target = folder / f"{stem}-{n}{suffix}"
        n += 1
    return target
