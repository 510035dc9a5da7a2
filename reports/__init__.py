"""Reports (issue 14): the engagement report a committee reads and the "You said, we did" the public reads."""
