from .fixtures import Support, sw  # noqa: F401
