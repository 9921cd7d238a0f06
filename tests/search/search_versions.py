"""The search index as earlier schema versions left it, for the upgrade tests."""

from __future__ import annotations


def make_views_of_version_10(database, server: bool) -> None:
    """Put back the document views as versions up to 10 had them: without the `dated` column."""
    import re

    from archive_app.catalog.search.documents import DOCUMENTS, view_name
    from archive_app.catalog.search.server_index import view_sql

    for record_type, select in DOCUMENTS.items():
        sql = view_sql(record_type) if server else select
        old = re.sub(r",\s*(?:''|coalesce[^\n]*?) AS dated", "", sql)
        assert "dated" not in old
        database.execute_sql(f"DROP VIEW IF EXISTS {view_name(record_type)}")
        database.execute_sql(f"CREATE VIEW {view_name(record_type)} AS {old}")
