"""publish.bench."""
