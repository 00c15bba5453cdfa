"""Dyad."""
__version__ = "0.1.0"


def query(reference, params=None, *, store=None, write=False):  # noqa: ANN001, ANN201
    """Run a SPARQL query of the library (by name), a file or query text; see :func:`dyad.query_library.query`."""
    from dyad.query_library import query as run

    return run(reference, params, store=store, write=write)


def __getattr__(name):  # noqa: ANN001, ANN202 - lazy: ``dyad.export(...)`` imports the exporter on first use
    if name == "export":
        import importlib

        return importlib.import_module("dyad.export")  # a callable module: dyad.export(path, dyad=(A, B), ...)
    raise AttributeError(f"module 'dyad' has no attribute {name!r}")
