"""Word documents (DOCX) from the rendered HTML: see writer.py."""
