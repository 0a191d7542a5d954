"""Alembic migrations of the store (applied by :func:`crossflight.store.open_store`)."""
