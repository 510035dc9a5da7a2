"""Equality monitoring of a survey: the standard section, the representativeness dashboard and weighting."""
