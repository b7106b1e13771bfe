"""Full-text index over ServiceSearchDocument: FTS5 on SQLite, a stored tsvector on PostgreSQL.

SQLite: an external-content FTS5 table kept in step by triggers; unicode61 with
remove_diacritics folds accents, porter stems English (SQLite has no Dutch stemmer; search
matches word prefixes instead).
PostgreSQL: a stored generated tsvector column, GIN-indexed: Dutch text stemmed as Dutch,
English as English, names and other languages unstemmed; names weighted 'A'. Ranking reads the
stored vector instead of recomputing it.
"""

from django.db import migrations

TABLE = "directory_servicesearchdocument"
COLUMNS = "title, body_nl, body_en, body_other"
NEW = "new.title, new.body_nl, new.body_en, new.body_other"
OLD = "old.title, old.body_nl, old.body_en, old.body_other"
SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE directory_service_fts USING fts5({COLUMNS}, content='{TABLE}', "
    "content_rowid='service_id', tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER directory_service_fts_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO directory_service_fts(rowid, {COLUMNS}) VALUES (new.service_id, {NEW}); END",
    f"CREATE TRIGGER directory_service_fts_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO directory_service_fts(directory_service_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.service_id, {OLD}); END",
    f"CREATE TRIGGER directory_service_fts_au AFTER UPDATE ON {TABLE} BEGIN "
    f"INSERT INTO directory_service_fts(directory_service_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.service_id, {OLD}); "
    f"INSERT INTO directory_service_fts(rowid, {COLUMNS}) VALUES (new.service_id, {NEW}); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_service_fts_au",
    "DROP TRIGGER IF EXISTS directory_service_fts_ad",
    "DROP TRIGGER IF EXISTS directory_service_fts_ai",
    "DROP TABLE IF EXISTS directory_service_fts",
]
POSTGRES_FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, title), 'A')"
    " || to_tsvector('dutch'::regconfig, body_nl)"
    " || to_tsvector('english'::regconfig, body_en)"
    " || to_tsvector('simple'::regconfig, body_other)) STORED",
    f"CREATE INDEX directory_service_search_vector_idx ON {TABLE} USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS directory_service_search_vector_idx",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
