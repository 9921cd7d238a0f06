"""archive_app: a desktop catalogue for photographic archives."""

__version__ = "0.1.0"
