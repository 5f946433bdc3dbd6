"""What a user may reach: their roles and scopes, computed once per request.

Every app's permissions.py asks this object; nothing else reads RoleGrant."""

from dataclasses import dataclass, field

from .enums import Role


@dataclass(frozen=True)
class Access:
    is_superuser: bool = False
    school_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    county_ids: frozenset[int] = frozenset()
    county_school_ids: frozenset[int] = frozenset()
    branch_org_ids: frozenset[int] = frozenset()
    staff_id: int | None = None
    staff_school_id: int | None = None

    def has_role(self, school_id: int, *roles: str) -> bool:
        return self.is_superuser or bool(self.school_roles.get(school_id, frozenset()) & set(roles))

    def schools_with(self, *roles: str) -> frozenset[int]:
        return frozenset(sid for sid, have in self.school_roles.items() if have & set(roles))

    def is_member_of(self, school_id: int) -> bool:
        """Works in the school in any capacity (a role there, or a staff record)."""
        return self.is_superuser or school_id in self.school_roles or school_id == self.staff_school_id

    def can_see_school(self, school_id: int) -> bool:
        return self.is_member_of(school_id) or school_id in self.county_school_ids

    @property
    def member_school_ids(self) -> frozenset[int]:
        ids = set(self.school_roles)
        if self.staff_school_id:
            ids.add(self.staff_school_id)
        return frozenset(ids)


ANONYMOUS = Access()


def get_access(user) -> Access:
    """The user's Access, cached on the user object for the request (two queries)."""
    if not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_dangjian_access", None)
    if cached is not None:
        return cached
    from dangjian.school.models import School, Staff

    school_roles: dict[int, set[str]] = {}
    county_ids, branch_org_ids = set(), set()
    for grant in user.role_grants.select_related("organization").only(
        "user_id", "role", "school_id", "county_id", "organization__id", "organization__school_id"
    ):
        if grant.role == Role.COUNTY:
            county_ids.add(grant.county_id)
        elif grant.role == Role.BRANCH_SECRETARY:
            branch_org_ids.add(grant.organization_id)
            school_roles.setdefault(grant.organization.school_id, set()).add(grant.role)
        else:
            school_roles.setdefault(grant.school_id, set()).add(grant.role)
    staff = Staff.objects.filter(user=user, is_active=True).values("pk", "school_id").first()
    county_school_ids = (
        frozenset(School.objects.filter(county_id__in=county_ids).values_list("pk", flat=True))
        if county_ids
        else frozenset()
    )
    access = Access(
        is_superuser=user.is_superuser,
        school_roles={sid: frozenset(roles) for sid, roles in school_roles.items()},
        county_ids=frozenset(county_ids),
        county_school_ids=county_school_ids,
        branch_org_ids=frozenset(branch_org_ids),
        staff_id=staff["pk"] if staff else None,
        staff_school_id=staff["school_id"] if staff else None,
    )
    user._dangjian_access = access
    return access
