"""The named query library: ``sparql/*.rq`` and ``cypher/*.cypher``, and the code that reads, binds and runs them.

Each file opens with a header naming the query, its parameters and what it returns
(:mod:`~dyad.queries.library`); values are bound as typed terms, never pasted into the text.
:mod:`~dyad.queries.formatting` turns result rows into tables, CSV and JSON.
"""
