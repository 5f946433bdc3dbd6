"""`manage.py check --deploy`: production must set its own field key (see crypto.py)."""

import os

from django.core import checks

from .crypto import ENV_NAME


@checks.register(checks.Tags.security, deploy=True)
def field_key_is_set(app_configs, **kwargs):
    if os.environ.get(ENV_NAME, "").strip():
        return []
    return [
        checks.Warning(
            f"{ENV_NAME} is not set: case notes about minors are encrypted with a key derived from SECRET_KEY.",
            hint=f'Generate a key with `python -c "from cryptography.fernet import Fernet; '
            f'print(Fernet.generate_key().decode())"`, set {ENV_NAME}, and keep it apart from the backups; '
            "then run `python manage.py rotate_field_key` to re-encrypt what was written before.",
            id="dangjian.W001",
        )
    ]
