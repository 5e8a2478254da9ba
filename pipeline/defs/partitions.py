"""Batches of pages as Dagster partitions: one key per sub-folder of the input folder."""

import dagster as dg

BATCHES = "batches"

# Keys are added by `make build` and by the `new_batches` sensor as batches appear.
batches = dg.DynamicPartitionsDefinition(name=BATCHES)
