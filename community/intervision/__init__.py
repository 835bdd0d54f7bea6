"""Intervision, its own Django app inside ``community/`` (label ``intervision``): groups, matching
rounds, the confidential group space, notes and actions, and session reminders.
"""
