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
UNREADABLE = "无法解密（密钥不符）"

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


class Undecryptable(str):
    """What a stored value reads as when no configured key opens it: the text 无法解密（密钥不符） for the
    page, carrying the stored token, so that saving the record writes the token back unchanged and the
    note comes back once the right key is restored (never the placeholder encrypted over it)."""

    def __new__(cls, token: str):
        obj = super().__new__(cls, UNREADABLE)
        obj.token = token
        return obj


def encrypt(text: str) -> str:
    """Empty stays empty (an erased note is visibly empty); anything else is stored as a token.
    A value that could not be decrypted is stored as the token it was read from."""
    if isinstance(text, Undecryptable):
        return text.token
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
        return Undecryptable(value)


def rotate(value: str) -> tuple[str, bool]:
    """``value`` as stored, re-encrypted with the first key (legacy plain text encrypted); and whether it
    changed. Raises InvalidToken when no configured key opens it."""
    if not value:
        return value, False
    if not value.startswith(PREFIX):
        return encrypt(value), True
    return PREFIX + fernet().rotate(value[len(PREFIX) :].encode()).decode(), True


def undecryptable_fields(instance) -> list[str]:
    """The verbose names of ``instance``'s encrypted fields that no configured key could open."""
    return [
        str(f.verbose_name)
        for f in instance._meta.concrete_fields
        if isinstance(getattr(instance, f.attname, None), Undecryptable)
    ]
