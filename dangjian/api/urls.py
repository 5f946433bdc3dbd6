"""The JSON API at /api/v1/: one router per app, bearer token or session (with CSRF) on every
endpoint, Chinese JSON errors. Only /api/v1/openapi.json is served: the interactive docs page
loads Swagger UI from a CDN, which our CSP forbids."""

from . import classes, organizations, publicity, schools, staff, staffing, students
from .accounts import router as accounts_router
from .auth import BearerAuth, SessionAuth
from .common import ChineseJSONRenderer, DangjianAPI, StrictJSONParser, install_form_handler
from .development import router as development_router
from .dues import router as dues_router
from .errors import install
from .jobs import router as jobs_router
from .league import router as league_router
from .me import router as me_router
from .meetings import router as meetings_router
from .mentoring import router as mentoring_router
from .rosters import router as rosters_router
from .stats import router as stats_router
from .subjects import router as subjects_router
from .support import router as support_router
from .transfers import router as transfers_router

api = DangjianAPI(
    title="党建343 API",
    version="1",
    description="学校党建“343”工作机制管理系统的 JSON 接口。认证：请求头 Authorization: Bearer <令牌>"
    "（在“个人资料”页创建），或浏览器登录会话（写操作须带 X-CSRFToken）。",
    urls_namespace="api",
    docs_url=None,
    auth=[BearerAuth(), SessionAuth()],
    renderer=ChineseJSONRenderer(),
    parser=StrictJSONParser(),
)
install(api)
install_form_handler(api)

api.add_router("/schools", schools.router)
api.add_router("/staff", staff.router)
api.add_router("/students", students.router)
api.add_router("/classes", classes.router)
api.add_router("/organizations", organizations.router)
api.add_router("/publicity", publicity.router)
api.add_router("/staffing", staffing.router)
api.add_router("/support", support_router)
api.add_router("/meetings", meetings_router)
api.add_router("/mentoring", mentoring_router)
api.add_router("/subjects", subjects_router)
api.add_router("/league", league_router)
api.add_router("/development", development_router)
api.add_router("/stats", stats_router)
api.add_router("/rosters", rosters_router)
api.add_router("/jobs", jobs_router)
api.add_router("/dues", dues_router)
api.add_router("/me", me_router)
api.add_router("/accounts", accounts_router)
api.add_router("/transfers", transfers_router)
