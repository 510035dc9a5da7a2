"""Co-production workshops: planning sessions, capturing notes on a phone, theming them,
voting on priorities, agreeing actions, and the workshop record."""
