"""Stage 2, validation: the SHACL gate every graph passes before it is stored.

- :mod:`~dyad.validation.report`: results and reports people and programs can act on;
- :mod:`~dyad.validation.shapes`: Dyad's shapes (plus a user's) and plain pySHACL validation of a graph;
- :mod:`~dyad.validation.translation`: SHACL Core shapes compiled to SPARQL constraints;
- :mod:`~dyad.validation.slicing`: the store as the gate sees it, and the data given to pySHACL;
- :mod:`~dyad.validation.gate`: the incremental gate for new documents, and whole-store validation.
"""

from dyad.validation.report import (
    FAIL_ON, SEVERITY_ORDER, ValidationReport, ValidationResult, compact, path_text, results_from_report, shape_name,
    sort_results, term_text,
)
from dyad.validation.shapes import shapes_graph, validate_graph
from dyad.validation.gate import DocumentToValidate, validate_documents, validate_whole_store

__all__ = [
    "FAIL_ON", "SEVERITY_ORDER", "ValidationReport", "ValidationResult", "compact", "path_text", "results_from_report",
    "shape_name", "sort_results", "term_text", "shapes_graph", "validate_graph", "DocumentToValidate",
    "validate_documents", "validate_whole_store",
]
