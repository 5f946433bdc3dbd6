"""Copies of records that move with a person (an in-county transfer takes their paid dues months and their
development steps to the new school, each copy pointing back at the original)."""

from django.db import models


def copy_for(instance: models.Model, **overrides) -> models.Model:
    """An unsaved copy of ``instance``: its concrete field values (not its primary key) with ``overrides`` set
    (by field name or attname). A file field's copy names the same stored file. Automatic dates are set again
    when the copy is saved."""
    model = type(instance)
    values = {}
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in overrides or field.attname in overrides:
            continue
        value = getattr(instance, field.attname)
        values[field.attname] = value.name if isinstance(field, models.FileField) else value
    return model(**values, **overrides)
