"""Hashiya's domain: documents, spans, relations, schema, Arabic text tools, formats.

Pure Python: nothing here imports Qt or touches SQLite.
"""
