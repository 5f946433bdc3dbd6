"""Stored files that go with deleted rows."""

from django.db import transaction


def delete_after_commit(*field_files) -> None:
    """Remove the stored files once the surrounding transaction commits, so a rolled-back delete keeps
    its files (empty fields are skipped)."""
    for field_file in field_files:
        if field_file:
            name, storage = field_file.name, field_file.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
