"""Generators of the reference documents committed in templates/ (Word styles, slide master)."""
