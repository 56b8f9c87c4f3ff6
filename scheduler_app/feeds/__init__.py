"""iCalendar feeds and ``.ics`` downloads (issue 5)."""
