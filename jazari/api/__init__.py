"""The public API, version 1: gathers the routers each app defines in its own `api.py`."""
