"""Documents in: file → text (loaders) → cleaned text → chunks, with metadata and versions."""
