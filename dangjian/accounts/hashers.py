"""Password hashes: Argon2id sized for a school's two-core server, and the hash of one-time initial passwords.

Django's default Argon2 takes 100 MB and about 200 ms of both cores per hash: thirty teachers logging in
at the start of a meeting queue for seconds. ``Argon2idHasher`` uses the first of OWASP's recommended
Argon2id settings (46 MiB, one pass, one lane; Password Storage Cheat Sheet), about 60 ms of one core. Older
hashes still verify and are re-hashed with these settings at the next login.

One-time initial passwords are random (10 characters of 31: about 49 bits), used once and replaced at the first login (Django then
re-hashes with the default hasher), so a lighter Argon2 is enough: a school's 300 accounts are made in seconds
instead of the 40 s that 100 MB per hash would take, within a web request."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    memory_cost = 47104  # KiB (46 MiB)
    time_cost = 1
    parallelism = 1


class OneTimeCodeHasher(Argon2PasswordHasher):
    algorithm = "argon2_onetime"
    memory_cost = 8192  # KiB
    parallelism = 1
