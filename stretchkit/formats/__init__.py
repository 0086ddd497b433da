"""Formats: pure functions that turn entries into text or bytes and back."""
