"""publish.send."""
