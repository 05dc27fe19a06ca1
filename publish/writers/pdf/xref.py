"""A link from one part of a PDF laid out in parts to another: parts.py writes it as a
private URI (a part cannot name a destination in another file), and merge.py makes it a
named destination again once the parts are one document."""

XREF = "publish-xref:"
