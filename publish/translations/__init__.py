"""Gettext PO editions: a book's text cut into messages as mdbook-i18n-helpers cuts it, and
each message's translation spliced back in.

- markup.py: Markdown inlines written as mdbook-i18n-helpers writes a message;
- codeblocks.py: the comments and string literals of a code block (Pygments);
- segment.py: a chapter's messages, and the chapter with their translations in place;
- catalog.py: a PO file read (polib), its figures and the translations that may be used;
- editions.py: which editions a project's PO files make, and their titles;
- pot.py: `messages.pot` written as mdbook-xgettext writes it, and merged into PO files.
"""
