"""Rendering: the composed documents laid out as DOCX and PDF, and put together as the pack."""
