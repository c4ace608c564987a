"""Exchange formats: pure functions from parsed files to drafts of documents with spans, and back.

Every reader returns ``AnnotatedDraft`` values (offsets already in code points of
the stored text); every writer fills a ``FormatReport`` with whatever the target
format could not hold or had to change, so nothing is lost silently.
"""
