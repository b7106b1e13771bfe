"""What filters select, as words of the search index (directory/search_tags.py).

ServiceSearchDocument gains `tags`. SQLite: the FTS5 table is made again with a `tags` column
(text queries keep to the other columns) and rebuilt from the documents. PostgreSQL: a stored
generated tsvector of the tags, GIN-indexed, beside the text's. The tags of the documents
already there are worked out here in SQL, as services.search_document does.
"""

from django.db import migrations, models

TABLE = "directory_servicesearchdocument"
FTS = "directory_service_fts"
OLD_COLUMNS = "title, body_nl, body_en, body_other"
COLUMNS = f"{OLD_COLUMNS}, tags"


def _trigger_sql(columns: str) -> list[str]:
    new = ", ".join(f"new.{c.strip()}" for c in columns.split(","))
    old = ", ".join(f"old.{c.strip()}" for c in columns.split(","))
    return [
        f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON {TABLE} BEGIN "
        f"INSERT INTO {FTS}(rowid, {columns}) VALUES (new.service_id, {new}); END",
        f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON {TABLE} BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, {columns}) VALUES ('delete', old.service_id, {old}); END",
        f"CREATE TRIGGER {FTS}_au AFTER UPDATE ON {TABLE} BEGIN "
        f"INSERT INTO {FTS}({FTS}, rowid, {columns}) VALUES ('delete', old.service_id, {old}); "
        f"INSERT INTO {FTS}(rowid, {columns}) VALUES (new.service_id, {new}); END",
    ]


def _fts_sql(columns: str) -> list[str]:
    return [
        f"CREATE VIRTUAL TABLE {FTS} USING fts5({columns}, content='{TABLE}', "
        "content_rowid='service_id', tokenize='porter unicode61 remove_diacritics 2')",
        *_trigger_sql(columns),
        f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
    ]


DROP_FTS = [
    f"DROP TRIGGER IF EXISTS {FTS}_au",
    f"DROP TRIGGER IF EXISTS {FTS}_ad",
    f"DROP TRIGGER IF EXISTS {FTS}_ai",
    f"DROP TABLE IF EXISTS {FTS}",
]


def _tags_sql(aggregate: str) -> str:
    doc = f"{TABLE}.service_id"
    flags = " || ".join(
        f"CASE WHEN s.{field} THEN '{tag} ' ELSE '' END"
        for field, tag in (
            ("anonymous", "xanon"),
            ("free_of_charge", "xfree"),
            ("open_24_7", "xday"),
            ("advice_for_professionals", "xpro"),
            ("interpreter_available", "xinterp"),
        )
    )
    urgent = (
        "CASE WHEN s.open_24_7 AND s.audience = 'everyone' AND EXISTS (SELECT 1 FROM "
        "directory_servicearea a WHERE a.service_id = s.id AND a.extent_type = 'national') "
        "THEN 'xurgent ' ELSE '' END"
    )
    return (
        f"UPDATE {TABLE} SET tags = TRIM("
        f"(SELECT {flags} || {urgent} FROM directory_service s WHERE s.id = {doc})"
        f" || COALESCE((SELECT {aggregate}('xt' || CAST(st.taxonomyterm_id AS TEXT), ' ') "
        f"FROM directory_service_topics st WHERE st.service_id = {doc}), '')"
        f" || ' ' || COALESCE((SELECT {aggregate}('xl' || LOWER(REPLACE(l.code, '-', '')), ' ') "
        f"FROM directory_language l WHERE l.service_id = {doc}), ''))"
    )


FORWARD = {
    "sqlite": [*DROP_FTS, _tags_sql("group_concat"), *_fts_sql(COLUMNS)],
    "postgresql": [
        _tags_sql("string_agg"),
        f"ALTER TABLE {TABLE} ADD COLUMN tag_vector tsvector GENERATED ALWAYS AS "
        "(to_tsvector('simple'::regconfig, tags)) STORED",
        f"CREATE INDEX directory_service_tag_vector_idx ON {TABLE} USING GIN (tag_vector)",
    ],
}
BACKWARD = {
    "sqlite": [*DROP_FTS, *_fts_sql(OLD_COLUMNS)],
    "postgresql": [
        "DROP INDEX IF EXISTS directory_service_tag_vector_idx",
        f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS tag_vector",
    ],
}


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_service_updated_indexes")]

    operations = [
        migrations.AddField(
            model_name="servicesearchdocument",
            name="tags",
            field=models.TextField(
                blank=True, help_text="What filters select, as words (directory/search_tags.py)."
            ),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
