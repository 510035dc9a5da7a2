"""Results (counts, percentages, charts) and exports (CSV, XLSX) of a survey's responses."""
