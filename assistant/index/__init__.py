"""The index: the embedder seam, the Chroma seam, and BM25 derived from the store."""
