"""A text field stored encrypted (see crypto.py). It cannot be searched or ordered by content."""

from django.db import models

from . import crypto


class EncryptedTextField(models.TextField):
    description = "加密文本"

    def from_db_value(self, value, expression, connection):
        return None if value is None else crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else crypto.encrypt(value)
