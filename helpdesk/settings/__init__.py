"""Settings, split by how the product runs.

- ``base``: everything shared, read from the environment.
- ``local``: ``make run`` (SQLite and embedded Redis unless URLs are given).
- ``test``: the test suite.
- ``production``: refuses to start without its secrets.
"""
