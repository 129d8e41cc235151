"""briefgen: briefing packs for diplomatic and defence meetings."""

__version__ = "0.1.0"

#: True in the command-line process (cli.main), which loads one workspace and then ends: the
#: records it loads are frozen out of the cycle collector's way (store.gc_paused). Here, not
#: in store, so that setting it imports nothing.
SHORT_LIVED_PROCESS = False
