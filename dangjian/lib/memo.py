"""Results kept for one request: a page that shows the same findings in two places (the home page's today
panel and its module cards) computes them once."""

from collections.abc import Callable


class Memo:
    """Calls ``fn(*args)`` once per distinct (fn, args) and returns the kept result after that. The arguments
    must be hashable (model instances hash by primary key)."""

    def __init__(self):
        self._results = {}

    def __call__(self, fn: Callable, *args):
        key = (fn, *args)
        if key not in self._results:
            self._results[key] = fn(*args)
        return self._results[key]


def for_request(request) -> Memo:
    """The request's memo, made on first use; it ends with the request."""
    memo = getattr(request, "_dangjian_memo", None)
    if memo is None:
        memo = request._dangjian_memo = Memo()
    return memo
