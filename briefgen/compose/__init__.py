"""Composition: what each document of the pack says, decided from the records and the profile."""
