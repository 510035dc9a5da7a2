"""Paper: print-ready PDFs (standard, large print, easy read), posters, and keying returned copies."""
