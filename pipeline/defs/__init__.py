"""Dagster definitions, loaded by `pipeline.definitions` from this folder."""
