"""The JSON API at /api/v1/: one router per app, bearer token or session (with CSRF) on every
endpoint, Chinese JSON errors. Only /api/v1/openapi.json is served: the interactive docs page
loads Swagger UI from a CDN, which our CSP forbids."""

from . import classes, organizations, schools, staff, students
from .auth import BearerAuth, SessionAuth
from .common import ChineseJSONRenderer, DangjianAPI, StrictJSONParser, install_form_handler
from .errors import install

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
