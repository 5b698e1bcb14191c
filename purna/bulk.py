"""Bulk writes the ORM makes slow."""

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import Model


def rows_update(model: type[Model], objs: Sequence[Model], names: Sequence[str]) -> None:
    """What QuerySet.bulk_update does, as one prepared UPDATE run with executemany.

    bulk_update builds a CASE WHEN per object and field; on SQLite that costs about 1 ms
    per object, executemany about 5 us (psycopg 3 pipelines it on PostgreSQL). Values are
    prepared by each field's get_db_prep_save, as save() does.
    """
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(model._meta.pk.column),
    )
    params = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
