"""Command-line document administration: ``python -m ingest add|list|remove|rebuild``."""
