"""A passage marked with another language is typeset by its rules (issue 25: a PO edition's
fallback paragraphs keep the source language's quotes)."""
from __future__ import annotations

from lxml import etree

from publish.languages import get_language
from publish.render.typography import typeset_tree


def test_a_passage_in_another_language_keeps_its_own_quotes():
    root = etree.fromstring('<div><p>Il dit "oui".</p><p lang="en">He said "yes".</p>'
                            '<p lang="zz-nothing">Ici "non".</p></div>')
    typeset_tree(root, get_language("fr"))
    french, english, unknown = ("".join(p.itertext()) for p in root)
    assert french == "Il dit «\u202foui\u202f»." and unknown == "Ici «\u202fnon\u202f»."
    assert english == "He said \u201cyes\u201d."
