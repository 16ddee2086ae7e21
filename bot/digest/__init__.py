"""Digests: picking the stories of a window and rendering them for each place they go."""
