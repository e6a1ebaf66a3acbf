"""lintmed's version, in a module of its own: the cache keys and reports read it
without importing the package's public functions (lintmed/__init__.py re-exports it)."""
__version__ = "0.1.0"
