"""Stage 5c, the endpoint: ``dyad serve``, a read-only SPARQL 1.1 Protocol endpoint on the store."""

from dyad.serve.endpoint import DEFAULT_HOST, DEFAULT_PORT, EndpointLimits, SparqlServer, answer, make_server, serve

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "EndpointLimits", "SparqlServer", "answer", "make_server", "serve"]
