"""Encryption at rest for case notes and family descriptions (Fernet: AES-128-CBC + HMAC-SHA256).

The key comes from the environment: ``DANGJIAN_FIELD_KEY`` is a urlsafe base64 32-byte Fernet key
(``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``).
Several keys may be given, comma-separated: the first encrypts, all decrypt (key rotation).

Without it (development, tests) a key is derived from ``SECRET_KEY`` with HKDF, so a checkout just
works; production MUST set ``DANGJIAN_FIELD_KEY`` and keep it safe, apart from the database backups:
losing it makes the notes unreadable, and deriving it from SECRET_KEY ties the notes to that key."""

import base64
import functools
import logging
import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ENV_NAME = "DANGJIAN_FIELD_KEY"
PREFIX = "fernet:"  # marks an encrypted value in the column
UNREADABLE = "［无法解密：字段密钥不符，请联系系统管理员］"

logger = logging.getLogger(__name__)


def derived_key(secret: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"dangjian-field-key", info=b"support-notes")
    return base64.urlsafe_b64encode(hkdf.derive(secret.encode()))


@functools.cache
def _fernet_for(raw: str, secret: str) -> MultiFernet:
    keys = [k.strip() for k in raw.split(",") if k.strip()]
    if not keys:
        return MultiFernet([Fernet(derived_key(secret))])
    try:
        return MultiFernet([Fernet(k.encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"{ENV_NAME} 不是有效的 Fernet 密钥（urlsafe base64 编码的 32 字节）。") from exc


def fernet() -> MultiFernet:
    return _fernet_for(os.environ.get(ENV_NAME, ""), settings.SECRET_KEY)


def encrypt(text: str) -> str:
    """Empty stays empty (an erased note is visibly empty); anything else is stored as a token."""
    if not text:
        return ""
    return PREFIX + fernet().encrypt(text.encode()).decode()


def decrypt(value: str) -> str:
    if not value:
        return ""
    if not value.startswith(PREFIX):
        return value  # written before encryption existed: shown as is, encrypted on the next save
    try:
        return fernet().decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken:
        logger.error("support: a field could not be decrypted (wrong %s?)", ENV_NAME)
        return UNREADABLE
