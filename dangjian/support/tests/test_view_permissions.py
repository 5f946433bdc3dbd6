"""Every support page against every role: the helper sees their own students, collaborators their
cases, the counselling centre special cases, the secretary everything of the school, and nobody else
(party affairs staff, branch secretaries, other teachers: 403 on pages, 404 on students; the county
and outsiders: 404, except the figures, which the county may read)."""

import pytest
from django.urls import reverse

from dangjian.conftest import ROLE_NAMES, module_writes
from dangjian.support.tests.fixtures import build_support

# Some 400 tests, each a request or two that changes nothing it does not roll back: they share one world and
# one supported school per module instead of making them for each test.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(module_world):
    return module_world


@pytest.fixture(scope="module")
def sw(world, django_db_blocker):
    with module_writes(django_db_blocker):
        return build_support(world)


ALL = set(ROLE_NAMES) - {"anonymous"}
MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "superuser"}
SEC = {"secretary", "superuser"}
SPECIAL = SEC | {"counsellor"}


def expect(allowed: set[str], *, forbidden: set[str] = frozenset()):
    """200 if allowed; 403 if in ``forbidden`` (may open the school's support pages but not this);
    404 otherwise; anonymous users are sent to the login page."""
    out = {}
    for role in ROLE_NAMES:
        if role == "anonymous":
            out[role] = 302
        elif role in allowed:
            out[role] = 200
        elif role in forbidden:
            out[role] = 403
        else:
            out[role] = 404
    return out


def page(allowed):
    """A page (not an object): members of the school who may not open it get 403."""
    return expect(allowed, forbidden=MEMBERS - allowed)


def u(name, *args):
    return lambda s: reverse(f"support:{name}", args=["a", *[a(s) if callable(a) else a for a in args]])


CASES = {
    "home": (u("home"), page(SEC | {"counsellor", "teacher"})),
    "poor_list": (u("poor_list"), page(SEC)),
    "poor_create": (u("poor_create"), page(SEC)),
    "poor_edit": (u("poor_edit", lambda s: s.poor_record.pk), expect(SEC, forbidden={"teacher"})),
    "special_list": (u("special_list"), page(SPECIAL)),
    "special_create": (u("special_create"), page(SPECIAL)),
    "special_edit": (u("special_edit", lambda s: s.case.pk), expect(SPECIAL, forbidden={"teacher"})),
    "special_edit_other": (u("special_edit", lambda s: s.other_case.pk), expect(SPECIAL)),
    "collaborator_add": (u("collaborator_add", lambda s: s.case.pk), expect(SPECIAL, forbidden={"teacher"})),
    "student_poor": (u("student", lambda s: s.poor_student.pk), expect(SEC | {"teacher"})),
    "student_special": (u("student", lambda s: s.special_student.pk), expect(SPECIAL | {"teacher"})),
    "student_other_helper": (u("student", lambda s: s.other_student.pk), expect(SPECIAL)),
    "student_erase": (u("student_erase", lambda s: s.poor_student.pk), page(SEC)),
    "pairing_list": (u("pairing_list"), page(SPECIAL)),
    "pairing_create": (u("pairing_create"), page(SPECIAL)),
    "pairing_edit_poor": (u("pairing_edit", lambda s: s.poor_pairing.pk), expect(SEC, forbidden={"teacher"})),
    "pairing_edit_special": (
        u("pairing_edit", lambda s: s.special_pairing.pk),
        expect(SPECIAL, forbidden={"teacher"}),
    ),
    "record_create_own": (u("record_create", lambda s: s.poor_pairing.pk), expect(SEC | {"teacher"})),
    "record_create_special": (
        u("record_create", lambda s: s.special_pairing.pk),
        expect(SEC | {"teacher"}, forbidden={"counsellor"}),
    ),
    "record_create_other_helper": (
        u("record_create", lambda s: s.other_pairing.pk),
        expect(SEC, forbidden={"counsellor"}),
    ),
    "record_edit_own": (u("record_edit", lambda s: s.visit.pk), expect(SEC | {"teacher"}, forbidden={"counsellor"})),
    "record_edit_other_helper": (u("record_edit", lambda s: s.other_visit.pk), expect(SEC, forbidden={"counsellor"})),
    "outcome_create": (u("outcome_create"), page(SEC)),
    "settings": (u("settings"), page(SEC)),
    "aid": (u("aid"), page(SEC)),
    "export_poor": (u("export", "poor"), page(SEC)),
    "export_special": (u("export", "special"), page(SPECIAL)),
    "export_aid": (u("export", "aid"), page(SEC)),
    "import": (u("import"), page(SPECIAL)),
    "import_template_poor": (u("import_template", "poor"), page(SEC)),
    "import_template_special": (u("import_template", "special"), page(SPECIAL)),
    "import_template_unknown": (u("import_template", "aid"), expect(set(), forbidden=set())),
    "audit": (u("audit"), page(SEC)),
    "figures": (u("figures"), expect(SEC | {"county"}, forbidden=MEMBERS - SEC)),
}


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_page_access(sw, client_for, case, role):
    url_of, expected = CASES[case]
    response = client_for(role).get(url_of(sw))
    assert response.status_code == expected[role]


# Extra people: another helper, and a collaborator on the special student's case.


@pytest.fixture
def login(client, sw):
    from dangjian.accounts.models import User

    def make(username):
        client.force_login(User.objects.get(username=username))
        return client

    return make


def test_another_helper_cannot_open_the_teachers_students(login, sw):
    client = login("helper2")
    for student in (sw.poor_student, sw.special_student):
        assert client.get(reverse("support:student", args=["a", student.pk])).status_code == 404
    assert client.get(reverse("support:record_create", args=["a", sw.special_pairing.pk])).status_code == 404
    assert client.get(reverse("support:record_edit", args=["a", sw.visit.pk])).status_code == 404
    assert client.get(reverse("support:student", args=["a", sw.other_student.pk])).status_code == 200


def test_collaborator_reads_the_case_and_logs_their_own_contacts(login, sw):
    """A collaborator (here the 班主任) reads the case and records their own contacts on it: encrypted and
    audited like the helper's, shown in the case history as 协同记录, but not the helper's person-time or
    last contact; they may change only their own records."""
    from django.db import connection

    from dangjian.accounts.models import AuditLog
    from dangjian.support.models import SupportRecord
    from dangjian.support.queries import with_record_counts

    client = login("collab")
    response = client.get(reverse("support:student", args=["a", sw.special_student.pk]))
    assert response.status_code == 200
    assert "考试前容易紧张" in response.content.decode()
    before = with_record_counts(type(sw.special_pairing).objects.filter(pk=sw.special_pairing.pk)).get()
    url = reverse("support:record_create", args=["a", sw.special_pairing.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "home_visit", "date": str(sw.visit.date), "notes": "班主任家访：家长配合"})
    assert response.status_code == 302
    record = SupportRecord.objects.latest("pk")
    assert record.notes == "班主任家访：家长配合"
    assert record.by_collaborator and record.created_by.username == "collab"
    assert AuditLog.objects.filter(action="support.record.create", user__username="collab").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM support_supportrecord WHERE id = %s", [record.pk])
        assert "家访" not in cursor.fetchone()[0]
    after = with_record_counts(type(sw.special_pairing).objects.filter(pk=sw.special_pairing.pk)).get()
    assert (after.record_count, after.last_contact) == (before.record_count, before.last_contact)
    page = client.get(reverse("support:student", args=["a", sw.special_student.pk])).content.decode()
    assert "协同记录" in page
    assert client.get(reverse("support:record_edit", args=["a", record.pk])).status_code == 200
    assert client.get(reverse("support:record_edit", args=["a", sw.visit.pk])).status_code == 403
    assert client.get(reverse("support:special_edit", args=["a", sw.case.pk])).status_code == 403
    assert client.get(reverse("support:student", args=["a", sw.poor_student.pk])).status_code == 404
    assert client.get(reverse("support:student", args=["a", sw.other_student.pk])).status_code == 404
    # The helper may not change the collaborator's record.
    assert login("teacher").get(reverse("support:record_edit", args=["a", record.pk])).status_code == 403


def test_other_school_students_are_404_even_for_the_secretary(client_for, sw, world):
    from dangjian.tests import factories as f

    other = f.StudentFactory(school=world.other_school)
    response = client_for("secretary").get(reverse("support:student", args=["a", other.pk]))
    assert response.status_code == 404
    assert client_for("secretary").get(reverse("support:student", args=["b", other.pk])).status_code == 404


def test_proposed_pairing_gives_the_helper_no_access(login, sw):
    from dangjian.support.models import Pairing

    Pairing.objects.filter(pk=sw.poor_pairing.pk).update(status="proposed")
    client = login("teacher")
    assert client.get(reverse("support:student", args=["a", sw.poor_student.pk])).status_code == 404
    assert client.get(reverse("support:record_create", args=["a", sw.poor_pairing.pk])).status_code == 404


# Changes by POST: refused with 403/404 and nothing written.

POSTS = {
    "pairing_propose": (u("pairing_propose"), {"semester": "2022-2023-1"}),
    "pairing_confirm": (u("pairing_confirm"), {"semester": "2022-2023-1", "all": "1"}),
    "pairing_delete": (u("pairing_delete", lambda s: s.other_pairing.pk), {}),
    "record_delete": (u("record_delete", lambda s: s.other_visit.pk), {}),
    "collaborator_remove": (
        lambda s: reverse("support:collaborator_remove", args=["a", s.case.collaborators.get().pk]),
        {},
    ),
}
POST_EXPECTED = {
    #                     anonymous secretary party_staff branch jiaowu counsellor teacher outsider county superuser
    "pairing_propose": [302, 302, 403, 403, 403, 302, 403, 404, 404, 302],
    "pairing_confirm": [302, 302, 403, 403, 403, 302, 403, 404, 404, 302],
    "pairing_delete": [302, 302, 404, 404, 404, 302, 404, 404, 404, 302],
    "record_delete": [302, 302, 404, 404, 404, 403, 404, 404, 404, 302],
    "collaborator_remove": [302, 302, 404, 404, 404, 302, 403, 404, 404, 302],
}


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("case", sorted(POSTS))
def test_post_access(sw, client_for, case, role):
    from dangjian.accounts.models import AuditLog

    url_of, data = POSTS[case]
    url = url_of(sw)
    before = AuditLog.objects.count()
    response = client_for(role).post(url, data)
    expected = POST_EXPECTED[case][ROLE_NAMES.index(role)]
    assert response.status_code == expected
    if expected != 302 or role == "anonymous":
        assert AuditLog.objects.count() == before


@pytest.mark.parametrize("name", ["pairing_propose", "pairing_confirm", "record_delete", "collaborator_remove"])
def test_get_is_not_allowed_on_post_only_views(sw, client_for, name):
    url = POSTS[name][0](sw)
    assert client_for("secretary").get(url).status_code == 405


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_import_preview_and_confirm_per_role(client_for, sw, world, role):
    """An upload belongs to its uploader: another user who may import is sent back to the upload page (302),
    school members who may not import the register get 403, everybody else 404; only the uploader confirms."""
    from dangjian.support.models import PoorStudentRecord
    from dangjian.support.tests.test_import import token_of, upload, url

    uploader = client_for("secretary")
    rows = [["学号", "困难类型", "认定日期"], [sw.other_student.student_number, "低保", "2022-9-1"]]
    token = token_of(upload(uploader, "poor", rows, world.year))
    client = uploader if role == "secretary" else client_for(role)
    preview = client.get(url("import_preview", "poor", token)).status_code
    before = PoorStudentRecord.objects.count()
    confirm = client.post(url("import_confirm", "poor", token)).status_code
    expected = expect(SEC, forbidden=MEMBERS - SEC)[role]
    if role == "secretary":
        assert (preview, confirm) == (200, 302)
        assert PoorStudentRecord.objects.count() == before + 1
    else:
        assert (preview, confirm) == ((302, 302) if expected == 200 else (expected, expected))
        assert PoorStudentRecord.objects.count() == before
