"""Dyad loaders: each module turns one kind of source into RDF."""
