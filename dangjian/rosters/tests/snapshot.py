"""Everything an import could touch, as comparable values: a failed import must leave it equal."""

from django.apps import apps

MODELS = [
    "school.Staff",
    "school.StaffYear",
    "school.Student",
    "school.Enrollment",
    "school.SchoolClass",
    "school.Grade",
    "school.Subject",
    "school.Department",
    "school.Skill",
    "staffing.TeachingAssignment",
    "party.PartyMember",
    "party.MemberStatusChange",
    "party.OrganizationPost",
    "accounts.AuditLog",
]


def snapshot() -> dict[str, list[dict]]:
    out = {}
    for label in MODELS:
        model = apps.get_model(label)
        rows = list(model.objects.order_by("pk").values())
        if label == "school.Staff":
            through = model.subjects.through.objects.order_by("pk").values_list("staff_id", "subject_id")
            skills = model.skills.through.objects.order_by("pk").values_list("staff_id", "skill_id")
            out["school.Staff.subjects"] = list(through)
            out["school.Staff.skills"] = list(skills)
        out[label] = rows
    return out
