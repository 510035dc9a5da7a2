"""Engagements: one record from plan to findings, holding the surveys, workshops and other activities."""
