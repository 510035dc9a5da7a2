"""The easy-read version of a survey: its plain rules, and the pictures and wording a lead sets."""
