"""The network sees itself and weaves itself: ties, measures, health, introductions."""
