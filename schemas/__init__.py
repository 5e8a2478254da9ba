"""Contracts of the published dataset (Pandera models, one per table)."""

from schemas.tables import TABLES, Documents, Entities, Mentions, Paragraphs, Quotes, Rejects

# Bump the major part when a column changes meaning or is removed, the minor part when
# one is added.
SCHEMA_VERSION = "1.0"

__all__ = ["SCHEMA_VERSION", "TABLES", "Documents", "Entities", "Mentions", "Paragraphs", "Quotes", "Rejects"]
