"""The pure text-processing core: plain Python over plain records, no Dagster imports."""
