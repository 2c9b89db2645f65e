"""Retrieval: dense and lexical search of the index, fused into one ranking."""
