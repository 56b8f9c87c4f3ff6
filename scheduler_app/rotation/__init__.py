"""Fair host rotation for the twice-yearly inter-community exchange events."""
