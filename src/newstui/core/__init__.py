"""The pure core of newstui: documents, loaders, annotation, search and bookmarks.

Nothing under this package imports Textual, so the CLI, the benchmarks and the tests can use it alone;
``tests/unit/test_import_hygiene.py`` proves it.
"""
