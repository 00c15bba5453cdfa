"""Dyad ontology and SHACL shapes (Turtle files)."""
