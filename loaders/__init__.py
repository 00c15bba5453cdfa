"""Dyad loaders: each module turns one kind of source into RDF, one named graph per document.

Loaders are found through a registry keyed by name. The built-in ones are registered
through the same entry-point group (``dyad.loaders``) that other packages use to add theirs.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from pathlib import Path

from dyad.errors import LoaderError, SourceLocation
from dyad.loaders.base import Loader, SourceGraph, SourceMetadata

# Built-in loaders, by name, in the order they are tried when guessing from a file.
_BUILT_IN = {
    "gdelt": "dyad.loaders.gdelt:GdeltLoader",
    "facts": "dyad.loaders.facts:FactsLoader",
    "rdf": "dyad.loaders.rdf:RdfLoader",
    "news": "dyad.loaders.news:NewsLoader",
}


def _import(target: str) -> type[Loader] | None:
    module_name, _, attribute = target.partition(":")
    try:
        module = __import__(module_name, fromlist=[attribute])
    except ModuleNotFoundError as error:
        if error.name == module_name:  # a loader not built (yet) in this version
            return None
        raise
    return getattr(module, attribute)


def loader_names() -> list[str]:
    """Names of every available loader (built-in first, then plugins)."""
    names = [name for name, target in _BUILT_IN.items() if _import(target) is not None]
    names += [ep.name for ep in entry_points(group="dyad.loaders") if ep.name not in names]
    return names


def get_loader(name: str) -> Loader:
    """The loader registered under ``name``."""
    if name in _BUILT_IN:
        loader_class = _import(_BUILT_IN[name])
        if loader_class is not None:
            return loader_class()
    for entry_point in entry_points(group="dyad.loaders"):
        if entry_point.name == name:
            return entry_point.load()()
    raise LoaderError(f"unknown loader {name!r}; available: {', '.join(loader_names())}")


def loader_for(path: Path) -> Loader:
    """Pick the loader that recognises ``path`` (built-in ones first; plugins are looked up only when none does)."""
    for name, target in _BUILT_IN.items():
        loader_class = _import(target)
        if loader_class is not None and (loader := loader_class()).can_load(path):
            return loader
    for entry_point in entry_points(group="dyad.loaders"):
        if entry_point.name not in _BUILT_IN and (loader := entry_point.load()()).can_load(path):
            return loader
    raise LoaderError(
        "no loader recognises this file" + _why_unreadable(path) + "; name one with --loader (" + ", ".join(loader_names()) + ")",
        SourceLocation(str(path)),
    )


def _why_unreadable(path: Path) -> str:
    """A hint when the file is not UTF-8 text at all (UTF-16, binary), which is why nothing recognised it."""
    from dyad.loaders.common import text_encoding_problem

    try:
        with path.open("rb") as handle:
            problem = text_encoding_problem(handle.read(65536))
    except OSError:
        return ""
    return f", as it is {problem}" if problem else ""


__all__ = ["Loader", "SourceGraph", "SourceMetadata", "get_loader", "loader_for", "loader_names"]
