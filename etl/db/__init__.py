"""The database layer: models, engine/URL handling, migrations, reference data."""
