"""Scope: which kommuner (and regions) a document concerns and a question asks about."""
