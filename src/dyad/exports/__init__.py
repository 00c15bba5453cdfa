"""Stage 5b, exports: subgraphs of the store for Gephi, Cytoscape, networkx, Graphviz and a browser.

A subgraph is chosen by a dyad (its events and what surrounds them), by a centre node and a number of
hops, by a source document, or by a time window alone (:mod:`~dyad.exports.selection`); it becomes a
networkx graph of flat attributes (:mod:`~dyad.exports.networkx_view`) and is written in one format, one
module each: ``graphml`` and ``gexf`` (dynamic, with colours), ``cyjs`` (Cytoscape JSON), ``jsonld`` (the
RDF of the subgraph), ``dot`` (Graphviz) and ``html`` (one self-contained page that works offline). Every
file is written to a temporary file and renamed over the target, so a failure never leaves half a file.

    dyad.export("prk-chn.gexf", dyad=("PRK", "CHN"), store=".dyad/store")
"""

from dyad.exports.cytoscape import cytoscape_json
from dyad.exports.dot import dot_text
from dyad.exports.formats import FORMATS, SUFFIXES, export_graph, format_for
from dyad.exports.html import html_text
from dyad.exports.jsonld import jsonld_text
from dyad.exports.networkx_view import to_networkx
from dyad.exports.selection import dyad_nodes, ego_nodes, select_nodes, source_nodes, window_nodes
from dyad.exports.subgraph import export

__all__ = [
    "FORMATS", "SUFFIXES", "export", "select_nodes", "dyad_nodes", "ego_nodes", "source_nodes", "window_nodes",
    "to_networkx", "export_graph", "format_for", "cytoscape_json", "jsonld_text", "dot_text", "html_text",
]
