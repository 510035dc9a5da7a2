"""The survey builder (staff): sections, questions, routing, publishing, channels and QR codes."""
