"""Evaluation of the assistant: Swedish evaluation sets, reports, run comparison, the CI gate
and the SweFAQ retrieval benchmark. ``python -m evals --help`` lists the commands."""
