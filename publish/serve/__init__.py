"""publish.serve."""
