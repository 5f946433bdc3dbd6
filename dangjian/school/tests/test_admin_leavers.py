"""Setting 在职 = 否 in the admin locks the login like the staff form and the roster import do."""

import pytest
from django.urls import reverse

from dangjian.accounts.models import RoleGrant, User

pytestmark = pytest.mark.django_db


def test_admin_setting_not_in_service_locks_login_and_roles(world, client_for):
    staff = world.users["teacher"].staff
    RoleGrant.objects.create(user=staff.user, role="party_staff", school=world.school)
    client = client_for("superuser")
    url = reverse("admin:school_staff_change", args=[staff.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        data[name] = [v.pk for v in value] if isinstance(value, list) else getattr(value, "pk", value)
    data.pop("is_active", None)
    for prefix in ("years",):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    user = User.objects.get(pk=staff.user_id)
    assert not user.is_active and not user.role_grants.exists()
