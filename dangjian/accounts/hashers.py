"""The hash of one-time initial passwords.

They are random (10 characters of 31: about 49 bits), used once and replaced at the first login (Django then
re-hashes with the default hasher), so a lighter Argon2 is enough: a school's 300 accounts are made in seconds
instead of the 40 s that 100 MB per hash would take, within a web request."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OneTimeCodeHasher(Argon2PasswordHasher):
    algorithm = "argon2_onetime"
    memory_cost = 8192  # KiB
    parallelism = 1
