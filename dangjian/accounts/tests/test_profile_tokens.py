from django.urls import reverse

from dangjian.accounts.models import ApiToken, AuditLog, hash_token


def test_user_creates_a_token_and_sees_the_key_once(world, client_for):
    client = client_for("teacher")
    response = client.post(reverse("profile"), {"name": "统计脚本"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.users["teacher"])
    key = response.context["new_key"]
    assert token.key_hash == hash_token(key)
    assert key not in token.key_hash
    assert "只显示一次" in response.content.decode()
    assert AuditLog.objects.filter(action="api_token.create", object_id=str(token.pk)).count() == 1
    again = client.get(reverse("profile"))
    assert key not in again.content.decode()


def test_token_name_is_required(world, client_for):
    response = client_for("teacher").post(reverse("profile"), {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["这个字段是必填项。"]}
    assert ApiToken.objects.count() == 0


def test_user_revokes_own_token(world, client_for):
    client = client_for("teacher")
    client.post(reverse("profile"), {"name": "脚本"})
    token = ApiToken.objects.get()
    response = client.post(reverse("token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_revoke_needs_post_and_own_token(world, client_for):
    client = client_for("teacher")
    client.post(reverse("profile"), {"name": "脚本"})
    token = ApiToken.objects.get()
    assert client.get(reverse("token_revoke", args=[token.pk])).status_code == 405
    other = client_for("secretary")
    assert other.post(reverse("token_revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
