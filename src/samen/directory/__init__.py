"""The social map: organisations, services, locations, taxonomy, geography and search (HSDS 3.0)."""
