"""Meetups and seminars: agenda, registration, waiting list, reminders, iCal, check-in."""
