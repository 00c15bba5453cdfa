"""Dyad query library: SPARQL and Cypher files."""
