"""A user who logged in with a one-time initial password sets their own before anything else."""

from django.http import JsonResponse
from django.shortcuts import redirect

ALLOWED = {"password_change", "logout"}


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.must_change_password:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in ALLOWED:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "请先在网页上修改初始密码。"}, status=403)
        return redirect("password_change")
