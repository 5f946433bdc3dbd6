"""Shared fixtures: two schools in one county, and a user for every role of school A."""

from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import transaction

from dangjian.accounts.enums import Role
from dangjian.accounts.models import RoleGrant, User
from dangjian.school.models import School, Staff
from dangjian.tests import factories as f


@dataclass
class World:
    school: object
    other_school: object
    branch: object
    year: object
    users: dict  # role name -> user


ROLE_NAMES = [
    "anonymous",
    "secretary",
    "party_staff",
    "branch",
    "jiaowu",
    "counsellor",
    "teacher",
    "outsider",
    "county",
    "superuser",
]


def build_world() -> World:
    """The factories build the world's rows; they are saved a model at a time (8 queries, not 62: made for
    most tests). Rows and the order in which they are numbered are those of creating them one by one."""
    county = f.CountyFactory.build(code="sfx", name="示范县")
    county.save()
    school, other = School.objects.bulk_create(
        [
            f.SchoolFactory.build(county=county, code="a", name="甲中学"),
            f.SchoolFactory.build(county=county, code="b", name="乙中学"),
        ]
    )
    year = f.SchoolYearFactory.build(start_year=2022)
    year.save()
    branch = f.OrganizationFactory.build(school=school, name="第一党支部")
    branch.save()
    school_roles = {
        "secretary": Role.SECRETARY,
        "party_staff": Role.PARTY_STAFF,
        "jiaowu": Role.ACADEMIC_AFFAIRS,
        "counsellor": Role.COUNSELLING,
    }
    grants = {
        name: f.RoleGrantFactory.build(user__username=name, role=role, school=school)
        for name, role in school_roles.items()
    }
    grants["branch"] = f.RoleGrantFactory.build(
        user__username="branch", role=Role.BRANCH_SECRETARY, organization=branch, school=school
    )
    teacher = f.UserFactory.build(username="teacher")
    member = f.PartyMemberFactory.build(branch=branch, staff__user=teacher, staff__name="王老师")
    outsider = f.StaffFactory.build(school=other, user=f.UserFactory.build(username="outsider"), name="外校老师")
    grants["county"] = f.RoleGrantFactory.build(user__username="county", role=Role.COUNTY, county=county)
    root = f.UserFactory.build(username="root", is_superuser=True, is_staff=True)
    users = {name: grant.user for name, grant in grants.items() if name != "county"}
    users.update(teacher=teacher, outsider=outsider.user, county=grants["county"].user, superuser=root)
    User.objects.bulk_create(users.values())
    RoleGrant.objects.bulk_create(grants.values())
    Staff.objects.bulk_create([member.staff, outsider])
    member.save()
    return World(school=school, other_school=other, branch=branch, year=year, users={"anonymous": None, **users})


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def client_for(client, world):
    """client_for("secretary") gives a test client logged in as that role (anonymous: logged out)."""

    def make(role: str):
        user = world.users[role]
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the process-local cache outlives a test's database)."""
    from django.core.cache import cache

    cache.clear()


BASE_STORY_DAY = "2023-08-31"  # the demo's story was drawn for 2018-2019 … 2022-2023 (dangjian.demo.timeline)


@pytest.fixture
def base_story(settings):
    """Pin the clock at the end of the demo's base story, so that tests of the demo's content see the years
    and deliberate gaps as written (the demo itself moves with today)."""
    settings.DANGJIAN_TODAY = BASE_STORY_DAY


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """Shared data for the tests of one module: what a module-scoped fixture writes while this transaction
    is open (use ``module_writes``) every test of the module sees, each test in its own savepoint as usual,
    and the rollback at the module's end removes. For expensive data the tests only read (the seeded demo);
    a test that needs an empty database must not use it."""
    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@contextmanager
def module_writes(django_db_blocker, settings_overrides=None):
    """Database access for a module-scoped fixture inside ``module_transaction``."""
    from django.test import override_settings

    with django_db_blocker.unblock(), override_settings(**(settings_overrides or {})):
        yield


@pytest.fixture(scope="module")
def module_world(module_transaction, django_db_blocker):
    """The world made once for a module (see module_transaction): a module overrides ``world`` with it when
    its tests are many and leave the world's rows and objects as they found them (access matrices)."""
    with module_writes(django_db_blocker):
        return build_world()
