"""Stage 5a, the trajectory: relations between two countries over time, as a table and a chart.

:func:`trajectory` sums the library query ``trajectory`` (SPARQL on the store, or Cypher on Neo4j)
by period, the same way for both engines; :mod:`~dyad.trajectory.charts` draws the result.
"""

from dyad.trajectory.compute import PERIODS, QUAD_FIELDS, SOURCES, TrajectoryRow, aggregate, event_rows, period_of, periods_between, trajectory

__all__ = [
    "PERIODS", "QUAD_FIELDS", "SOURCES", "TrajectoryRow", "aggregate", "event_rows", "period_of", "periods_between",
    "trajectory",
]
