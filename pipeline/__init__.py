"""newsparts: scraped news pages in, a validated Parquet dataset of their parts out.

`pipeline.core` is the pure text-processing core (no Dagster); `pipeline.defs` wires it
into Dagster assets; `pipeline.cli` is what `make build` runs.
"""
