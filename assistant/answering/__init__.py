"""Answering: extractive answers, LLM answers from verified sources, follow-up questions."""
