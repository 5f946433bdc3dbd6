"""Every mentoring page against every role: admins see the school, a mentor and a mentee their own pairs,
other members get 403 on school-wide pages and 404 on others' pairs, outsiders and the county 404."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

ROLES = [
    "anonymous",
    "secretary",
    "party_staff",
    "branch",
    "jiaowu",
    "counsellor",
    "teacher",
    "young",
    "outsider",
    "county",
    "superuser",
]
MANAGERS = {"secretary", "party_staff", "superuser"}
MEMBERS = {"secretary", "party_staff", "branch", "jiaowu", "counsellor", "teacher", "young", "superuser"}
STAFF = {"teacher", "young"}  # members with a staff record (the others are office accounts)


def expect(allowed, *, forbidden=None):
    """200 for ``allowed``; 403 for ``forbidden`` (default: every other member); 404 for the rest."""
    forbidden = MEMBERS - set(allowed) if forbidden is None else set(forbidden)
    out = {}
    for role in ROLES:
        if role == "anonymous":
            out[role] = 302
        elif role in allowed:
            out[role] = 200
        elif role in forbidden:
            out[role] = 403
        else:
            out[role] = 404
    return out


def url(name, *args, query=""):
    return reverse(f"mentoring:{name}", args=["a", *args]) + query


CASES = {
    "index": (lambda m: url("index"), expect(MANAGERS)),
    "mine": (lambda m: url("mine"), expect(MANAGERS | STAFF)),
    "match": (lambda m: url("match"), expect(MANAGERS)),
    "pairing_list": (lambda m: url("pairing_list"), expect(MANAGERS)),
    "pairing_create": (lambda m: url("pairing_create"), expect(MANAGERS)),
    "pairing_detail_own": (lambda m: url("pairing_detail", m.pairing.pk), expect(MANAGERS | STAFF, forbidden=())),
    "pairing_detail_other": (lambda m: url("pairing_detail", m.other.pk), expect(MANAGERS, forbidden=())),
    "pairing_detail_proposed": (lambda m: url("pairing_detail", m.proposed.pk), expect(MANAGERS, forbidden=())),
    "pairing_edit": (lambda m: url("pairing_edit", m.pairing.pk), expect(MANAGERS, forbidden=STAFF)),
    "pairing_agreement": (lambda m: url("pairing_agreement", m.pairing.pk), expect(MANAGERS | STAFF, forbidden=())),
    "pairing_agreement_other": (lambda m: url("pairing_agreement", m.other.pk), expect(MANAGERS, forbidden=())),
    "pairing_sign": (lambda m: url("pairing_sign", m.pairing.pk), expect(MANAGERS, forbidden=STAFF)),
    "activity_create_own": (lambda m: url("activity_create", m.pairing.pk), expect(MANAGERS | STAFF, forbidden=())),
    "activity_create_other": (lambda m: url("activity_create", m.other.pk), expect(MANAGERS, forbidden=())),
    "evaluation_own": (
        lambda m: url("evaluation_edit", m.pairing.pk),
        expect(MANAGERS | {"teacher"}, forbidden={"young"}),
    ),
    "evaluation_other": (lambda m: url("evaluation_edit", m.other.pk), expect(MANAGERS, forbidden=())),
    "activity_list": (lambda m: url("activity_list"), expect(MANAGERS | STAFF)),
    "reviews": (lambda m: url("reviews"), expect(MANAGERS | STAFF)),
    "reflection_create": (lambda m: url("reflection_create"), expect({"young"})),
    "reflection_edit": (
        lambda m: url("reflection_edit", m.reflection.pk),
        expect(MANAGERS | {"young"}, forbidden={"teacher"}),
    ),
    "teacher_path_young": (lambda m: url("teacher_path", m.young.pk), expect(MANAGERS | STAFF, forbidden=())),
    "teacher_path_mentor": (lambda m: url("teacher_path", m.mentor.pk), expect(MANAGERS | {"teacher"}, forbidden=())),
    "teacher_path_other": (lambda m: url("teacher_path", m.other.mentee_id), expect(MANAGERS, forbidden=())),
    "milestone_create": (lambda m: url("milestone_create"), expect(MANAGERS)),
    "milestone_edit": (lambda m: url("milestone_edit", m.milestone.pk), expect(MANAGERS)),
    "figures": (lambda m: url("figures"), expect(MANAGERS)),
    "settings": (lambda m: url("settings"), expect(MANAGERS)),
    "template": (lambda m: url("template"), expect(MANAGERS)),
    "template_default": (lambda m: url("template_download", "default"), expect(MANAGERS)),
    "agreements_zip": (lambda m: url("agreements_zip"), expect(MANAGERS)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_page_access(mentoring, login, case):
    """One test per page; every role in it (the fixture is costly to build)."""
    url_of, expected = CASES[case]
    got = {role: login(role).get(url_of(mentoring)).status_code for role in ROLES}
    assert got == expected


FILES = {
    "pairing_scan_own": (lambda m: url("pairing_scan", m.pairing.pk), expect(MANAGERS | STAFF, forbidden=())),
    "pairing_scan_other": (lambda m: url("pairing_scan", m.other.pk), expect(MANAGERS, forbidden=())),
    "activity_evidence_own": (
        lambda m: url("activity_evidence", m.activity.pk),
        expect(MANAGERS | STAFF, forbidden=()),
    ),
    "activity_evidence_other": (
        lambda m: url("activity_evidence", m.other_activity.pk),
        expect(MANAGERS, forbidden=()),
    ),
}


@pytest.mark.parametrize("case", sorted(FILES))
def test_file_access(mentoring, login, case):
    """Signed scans and activity evidence follow their pairing: the pair and the managers, nobody else."""
    for pairing in (mentoring.pairing, mentoring.other):
        pairing.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"))
    for activity in (mentoring.activity, mentoring.other_activity):
        activity.evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4 evidence"))
    url_of, expected = FILES[case]
    got = {}
    for role in ROLES:
        response = login(role).get(url_of(mentoring))
        if response.streaming:  # read it to the end: the test client then closes the file
            b"".join(response.streaming_content)
        got[role] = response.status_code
    assert got == expected


POSTS = {
    "match_run": lambda m: url("match_run"),
    "match_confirm_all": lambda m: url("match_confirm_all"),
    "match_clear": lambda m: url("match_clear"),
    "pairing_confirm": lambda m: url("pairing_confirm", m.proposed.pk),
    "pairing_release": lambda m: url("pairing_release", m.pairing.pk),
    "template_delete": lambda m: url("template_delete"),
    "activity_delete": lambda m: url("activity_delete", m.activity.pk),
    "reflection_delete": lambda m: url("reflection_delete", m.reflection.pk),
    "milestone_delete": lambda m: url("milestone_delete", m.milestone.pk),
}


# Non-admins: 403 where they can see the object (or the page is school-wide), 404 where they cannot.
POST_EXPECTED = {
    "match_run": {"teacher": 403, "young": 403, "jiaowu": 403, "outsider": 404, "county": 404},
    "match_confirm_all": {"teacher": 403, "young": 403, "jiaowu": 403, "outsider": 404, "county": 404},
    "match_clear": {"teacher": 403, "young": 403, "jiaowu": 403, "outsider": 404, "county": 404},
    "pairing_confirm": {"teacher": 404, "young": 404, "jiaowu": 404, "outsider": 404, "county": 404},
    "pairing_release": {"teacher": 403, "young": 403, "jiaowu": 404, "outsider": 404, "county": 404},
    "template_delete": {"teacher": 403, "young": 403, "jiaowu": 403, "outsider": 404, "county": 404},
    "activity_delete": {"jiaowu": 404, "outsider": 404, "county": 404},
    "reflection_delete": {"teacher": 403, "jiaowu": 404, "outsider": 404, "county": 404},
    "milestone_delete": {"teacher": 403, "young": 403, "jiaowu": 403, "outsider": 404, "county": 404},
}


@pytest.mark.parametrize("case", sorted(POSTS))
def test_only_admins_change_pairings(mentoring, login, case):
    got = {role: login(role).post(POSTS[case](mentoring), {"year": "2022"}).status_code for role in POST_EXPECTED[case]}
    assert got == POST_EXPECTED[case]


@pytest.mark.parametrize("case", sorted(POSTS))
def test_actions_refuse_get(mentoring, login, case):
    assert login("secretary").get(POSTS[case](mentoring)).status_code == 405


def test_other_schools_pairings_are_404_for_its_secretary_peers(mentoring, login, world):
    from dangjian.tests import factories as f

    foreign = f.MentorshipFactory(school=world.other_school, school_year=world.year)
    response = login("secretary").get(reverse("mentoring:pairing_detail", args=["a", foreign.pk]))
    assert response.status_code == 404
    response = login("secretary").get(reverse("mentoring:pairing_detail", args=["b", foreign.pk]))
    assert response.status_code == 404


# Deletes, every role: who may edit (for activities: who may log them) may delete; the row is gone only for them.


def _redirected(expected: dict) -> dict:
    return {role: 302 if status == 200 else status for role, status in expected.items()}


DELETES = {
    "activity_own": ("activity_delete", lambda m: m.activity, MANAGERS | STAFF, ()),
    "activity_other": ("activity_delete", lambda m: m.other_activity, MANAGERS, ()),
    "reflection": ("reflection_delete", lambda m: m.reflection, MANAGERS | {"young"}, {"teacher"}),
    "milestone": ("milestone_delete", lambda m: m.milestone, MANAGERS, None),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", sorted(DELETES))
def test_delete_access(mentoring, login, case, role):
    name, obj_of, deleters, forbidden = DELETES[case]
    obj = obj_of(mentoring)
    response = login(role).post(url(name, obj.pk))
    still_there = type(obj).objects.filter(pk=obj.pk).exists()
    expected = _redirected(expect(deleters, forbidden=forbidden))[role]
    assert (response.status_code, still_there) == (expected, role not in deleters)
