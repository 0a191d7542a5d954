"""Built-in data files (CSV/TOML), each row with its source."""
