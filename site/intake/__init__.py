"""Intake requests: "Vraag een gratis intakegesprek aan", handled by the desk's staff."""
