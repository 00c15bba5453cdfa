"""GDELT at scale: the scan of export files and the dyad-day aggregates it feeds.

The flow: :mod:`dyad.loaders.gdelt` reads an export row by row; each row goes through
:class:`dyad.gdelt.scan.ExportScanner` first (its two actor countries tested before anything
else is parsed; rows between two countries kept as a few columns for the aggregates); the rows
its :class:`~dyad.gdelt.scan.RowFilter` keeps are mapped to record-level RDF by the loader;
:mod:`dyad.gdelt.aggregates` sums the scans of every stored export by dyad × day × QuadClass
(and month), writes them to the store as RDF, and reads them back for a trajectory.
"""
