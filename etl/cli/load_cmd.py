"""``etl load`` (being written: see issue 5)."""
