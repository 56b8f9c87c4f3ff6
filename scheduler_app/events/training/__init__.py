"""Training classes: sessions (one by one or a weekly / fortnightly series), roll-call per
session, and a certificate when attendance reaches the class's threshold."""
