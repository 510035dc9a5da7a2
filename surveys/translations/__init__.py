"""Translating a survey's own content: its strings, completeness, and spreadsheets for translators."""
