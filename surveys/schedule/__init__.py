"""Scheduled work on surveys: closing at their dates and notification emails."""
