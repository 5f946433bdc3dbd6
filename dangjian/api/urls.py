from ninja import NinjaAPI

api = NinjaAPI(title="党建343 API", version="1", urls_namespace="api")
