"""Cycling rallies: stops in route order with leg distances, riders joining and leaving
at stops, check-in at each stop."""
