"""The shared vocabulary every stage speaks: namespaces, stable IRIs, countries and CAMEO codes.

Nothing here reads documents or touches a store; loaders, validation, queries, the sync and the
exports all name things through these modules, so an IRI is minted in one place only.
"""
