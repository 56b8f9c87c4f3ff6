"""Events of four kinds (study visit, exchange, rally, training), registration with
capacity and waitlist, and the calendar pages."""
