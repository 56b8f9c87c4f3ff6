"""Taking part: seats and the FIFO waitlist, per-organisation quotas, promotion when a
place frees up, and the hosts' door tools (lists, CSV, sign-in sheet, check-in)."""
