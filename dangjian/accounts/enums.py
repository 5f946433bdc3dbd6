from django.db import models


class Role(models.TextChoices):
    """Granted roles. Every user linked to a staff record is also a teacher of their school."""

    COUNTY = "county", "县教育工委（只读统计）"
    SECRETARY = "secretary", "学校党组织书记"
    PARTY_STAFF = "party_staff", "组织委员/党务干部"
    BRANCH_SECRETARY = "branch_secretary", "支部书记/党小组长"
    ACADEMIC_AFFAIRS = "academic_affairs", "教务处"
    COUNSELLING = "counselling", "政教处/心理辅导中心"


SCHOOL_ROLES = (Role.SECRETARY, Role.PARTY_STAFF, Role.ACADEMIC_AFFAIRS, Role.COUNSELLING)

# What the school's secretary grants on 账号与权限 (the county role is the county's own).
GRANTABLE = (
    Role.SECRETARY,
    Role.PARTY_STAFF,
    Role.BRANCH_SECRETARY,
    Role.ACADEMIC_AFFAIRS,
    Role.COUNSELLING,
)
