"""Surveys: building them (staff), answering them (public), results and exports."""
