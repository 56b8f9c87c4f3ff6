"""Reminders before events, kept in step with every change (moved events re-time,
cancelled ones withdraw) by listening to the events area's signals."""
