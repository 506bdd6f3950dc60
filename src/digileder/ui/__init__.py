"""Shared pieces of the participant views: escaped HTML and saving as the participant types."""
