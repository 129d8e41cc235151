"""briefgen: briefing packs for diplomatic and defence meetings."""

__version__ = "0.1.0"
