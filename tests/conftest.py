"""Shared test setup. This folder is on sys.path, so tests import ``helpers``."""
