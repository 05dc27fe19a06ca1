"""publish: multilingual Markdown manuscripts to EPUB 3 and print-ready PDF.

Importing the package costs nothing: the pipeline lives in publish.build, and
`python -m publish --help` loads neither Markdown nor lxml nor WeasyPrint.
"""

__version__ = "0.1.0"
