"""Answering a survey (public): the standard version one section per page, and the easy-read version."""
