"""GET /healthz/: 200 {"status": "ok"} when the database answers and every migration is applied, else 503
with the reason. No login, no session, left out of the request log: for load balancers and monitors.

HealthzMiddleware answers it ahead of the Host check and the HTTPS redirect, because monitors ask by address
over plain http (the compose healthcheck asks http://127.0.0.1:8000/healthz/, which ALLOWED_HOSTS refuses)."""

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def unapplied_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


PATH = "/healthz/"


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        pending = unapplied_migrations()
    except DatabaseError:
        return JsonResponse({"status": "error", "reason": "数据库无法连接"}, status=503)
    if pending:
        return JsonResponse({"status": "error", "reason": f"有 {pending} 个数据库迁移尚未执行"}, status=503)
    return JsonResponse({"status": "ok"})


class HealthzMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == PATH:
            return healthz(request)
        return self.get_response(request)
