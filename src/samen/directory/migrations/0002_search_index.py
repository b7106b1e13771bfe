"""Full-text index over Service.search_title/search_text: FTS5 on SQLite, GIN on PostgreSQL.

The SQLite index is an external-content FTS5 table kept in step by triggers; unicode61 with
remove_diacritics folds accents, porter stems English. PostgreSQL indexes the exact expression
that samen.directory.search.PG_VECTOR queries, with Dutch and English stemming.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE directory_service_fts USING fts5("
    "search_title, search_text, content='directory_service', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER directory_service_fts_ai AFTER INSERT ON directory_service BEGIN "
    "INSERT INTO directory_service_fts(rowid, search_title, search_text) "
    "VALUES (new.id, new.search_title, new.search_text); END",
    "CREATE TRIGGER directory_service_fts_ad AFTER DELETE ON directory_service BEGIN "
    "INSERT INTO directory_service_fts(directory_service_fts, rowid, search_title, search_text) "
    "VALUES ('delete', old.id, old.search_title, old.search_text); END",
    "CREATE TRIGGER directory_service_fts_au AFTER UPDATE OF search_title, search_text "
    "ON directory_service BEGIN "
    "INSERT INTO directory_service_fts(directory_service_fts, rowid, search_title, search_text) "
    "VALUES ('delete', old.id, old.search_title, old.search_text); "
    "INSERT INTO directory_service_fts(rowid, search_title, search_text) "
    "VALUES (new.id, new.search_title, new.search_text); END",
    "INSERT INTO directory_service_fts(directory_service_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS directory_service_fts_au",
    "DROP TRIGGER IF EXISTS directory_service_fts_ad",
    "DROP TRIGGER IF EXISTS directory_service_fts_ai",
    "DROP TABLE IF EXISTS directory_service_fts",
]
POSTGRES_FORWARD = [
    "CREATE INDEX directory_service_fts_idx ON directory_service USING GIN (("
    "setweight(to_tsvector('dutch', search_title), 'A')"
    " || setweight(to_tsvector('english', search_title), 'A')"
    " || to_tsvector('dutch', search_text) || to_tsvector('english', search_text)))",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS directory_service_fts_idx"]


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
