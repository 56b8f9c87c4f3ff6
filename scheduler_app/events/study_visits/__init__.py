"""Study visits (ศึกษาดูงาน): a visiting member's request, the host's answer (accept,
propose other dates, decline), the scheduled visit with its programme and the host's
visitor briefing, and the visitors' learning report."""
