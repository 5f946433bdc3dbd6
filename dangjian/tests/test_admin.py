"""Every model registered in the admin opens (changelist with a search, and the add form) for a superuser."""

import pytest
from django.contrib import admin
from django.urls import reverse


@pytest.mark.parametrize(
    "model", sorted(admin.site._registry, key=lambda m: m._meta.label), ids=lambda m: m._meta.label
)
def test_admin_pages_render(world, client_for, model):
    client = client_for("superuser")
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(changelist, {"q": "测试"}).status_code == 200
    model_admin = admin.site._registry[model]
    if model_admin.has_add_permission(type("R", (), {"user": world.users["superuser"]})()):
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def test_admin_is_closed_to_school_roles(world, client_for):
    response = client_for("secretary").get(reverse("admin:index"))
    assert response.status_code == 302


def test_the_login_lock_records_have_chinese_names(world, client_for):
    page = client_for("superuser").get("/admin/").content.decode()
    assert "登录失败与锁定" in page and "登录失败记录" in page and "登录记录" in page
    assert "Access attempts" not in page and "Axes" not in page
