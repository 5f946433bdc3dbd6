"""The main menu: entries grouped into the menus of the 343 mechanism; each role sees only pages it may open."""

import pytest
from django.urls import reverse
from django.utils.module_loading import import_string

from dangjian.accounts.context_processors import MODULE_NAV, NAV_GROUPS, NavGroup, NavItem, group_nav, nav_items
from dangjian.accounts.enums import Role
from dangjian.tests import factories as f

# --- the grouping, without the web layer ---


def test_items_mark_the_longest_matching_url_active():
    entries = [("首页", "/s/a/"), ("三会一课", "/s/a/meetings/"), ("党课计划", "/s/a/meetings/plans/")]
    assert nav_items(entries, "/s/a/meetings/plans/3/") == [
        NavItem("首页", "/s/a/", False),
        NavItem("三会一课", "/s/a/meetings/", False),
        NavItem("党课计划", "/s/a/meetings/plans/", True),
    ]
    assert [item.active for item in nav_items(entries, "/accounts/profile/")] == [False, False, False]


def test_groups_follow_their_order_and_leave_out_empty_ones():
    entries = [
        ("helps", "团支部", "/s/a/league/"),
        ("home", "首页", "/s/a/"),
        ("measures", "三会一课", "/s/a/meetings/"),
        ("helps", "帮扶", "/s/a/support/"),
    ]
    assert group_nav(entries, "/s/a/support/7/") == [
        NavGroup("home", "首页", (NavItem("首页", "/s/a/", False),)),
        NavGroup("measures", "四条措施", (NavItem("三会一课", "/s/a/meetings/", False),)),
        NavGroup(
            "helps", "三个帮好", (NavItem("团支部", "/s/a/league/", False), NavItem("帮扶", "/s/a/support/", True))
        ),
    ]


def test_a_group_is_active_with_one_of_its_entries_and_a_group_of_one_is_a_link():
    home, measures, helps = group_nav(
        [("home", "首页", "/s/a/"), ("measures", "三会一课", "/s/a/meetings/"), ("helps", "团支部", "/s/a/league/")],
        "/s/a/meetings/",
    )
    assert (home.active, measures.active, helps.active) == (False, True, False)
    assert measures.link == NavItem("三会一课", "/s/a/meetings/", True)
    two = NavGroup("helps", "三个帮好", (NavItem("团支部", "/l/", False), NavItem("帮扶", "/s/", False)))
    assert two.link is None


def test_no_entries_no_groups():
    assert group_nav([], "/") == []


def test_an_unknown_group_is_refused():
    with pytest.raises(ValueError, match="unknown navigation group: nowhere"):
        group_nav([("nowhere", "某页", "/x/")], "/")


def test_every_module_entry_names_a_known_group_and_an_importable_function():
    keys = {key for key, _ in NAV_GROUPS}
    for group, path in MODULE_NAV:
        assert group in keys, path
        assert callable(import_string(path)), path


# --- what each role sees ---

SCHOOL = ["党组织", "教职工", "班级", "学生", "导入导出"]
TRANSFERS = ["组织关系转接", "民主评议党员", "支部换届"]  # the secretary, Party affairs staff, branch secretaries
START = [("首页", ["首页"]), ("我的", ["我的待办"])]  # every member of a school
TEACHER = [
    ("首页", ["首页"]),
    ("我的", ["我的待办"]),  # one tap; 我的党费 is linked from 我的待办
    ("学校", ["党组织", "我的档案", "班级"]),
    ("四条措施", ["三会一课", "抓好学科"]),
    ("三个帮好", ["团支部", "帮扶"]),
]
MENUS = {
    "anonymous": [],
    "secretary": [
        *START,
        ("学校", [*SCHOOL, "发展党员", *TRANSFERS, "党费收缴", "账号与权限", "消息提醒设置"]),
        ("四条措施", ["三会一课", "任课安排", "抓好学科", "青年教师"]),
        ("三个帮好", ["团支部", "帮扶"]),
        ("成效", ["党建动态", "数据看板"]),
    ],
    "party_staff": [
        *START,
        ("学校", [*SCHOOL, "发展党员", *TRANSFERS, "党费收缴", "消息提醒设置"]),
        ("四条措施", ["三会一课", "任课安排", "抓好学科", "青年教师"]),
        ("三个帮好", ["团支部"]),
        ("成效", ["党建动态", "数据看板"]),
    ],
    "branch": [
        *START,
        ("学校", ["党组织", "教职工", "班级", "发展党员", *TRANSFERS, "党费收缴", "消息提醒设置"]),
        ("四条措施", ["三会一课", "抓好学科"]),
        ("三个帮好", ["团支部"]),
    ],
    "jiaowu": [*START, ("学校", SCHOOL), ("四条措施", ["三会一课", "任课安排", "抓好学科"]), ("三个帮好", ["团支部"])],
    "counsellor": [*START, ("学校", SCHOOL[:4]), *TEACHER[3:]],
    "teacher": TEACHER,
    "outsider": TEACHER,  # a teacher of school b, in school b
    "county": [("学校", ["全部学校", "账号管理"]), ("成效", ["县域概览"])],
    "superuser": [("学校", ["全部学校"]), ("后台管理", ["后台管理"])],
}


def _menu(response) -> list[tuple[str, list[str]]]:
    return [(group.label, [item.label for item in group.items]) for group in response.context["nav_groups"]]


@pytest.mark.parametrize("role", list(MENUS))
def test_each_role_sees_its_menus(world, client_for, role):
    response = client_for(role).get(reverse("home"), follow=True)
    assert _menu(response) == MENUS[role]


@pytest.mark.parametrize("role", [role for role, menus in MENUS.items() if menus])
def test_every_entry_opens_for_its_role(world, client_for, role):
    """Deny by default: the menu offers no page the role cannot open."""
    client = client_for(role)
    response = client.get(reverse("home"), follow=True)
    urls = [item.url for group in response.context["nav_groups"] for item in group.items]
    assert {url: client.get(url, follow=True).status_code for url in urls} == dict.fromkeys(urls, 200)


def test_a_member_of_two_schools_finds_the_school_list_in_the_school_menu(world, client_for):
    f.RoleGrantFactory(user=world.users["secretary"], role=Role.SECRETARY, school=world.other_school)
    response = client_for("secretary").get(reverse("school:home", args=["a"]))
    assert _menu(response)[2] == (
        "学校",
        ["全部学校", *SCHOOL, "发展党员", *TRANSFERS, "党费收缴", "账号与权限", "消息提醒设置"],
    )


def _bar(response) -> str:
    """The HTML of the main navigation bar."""
    return response.content.decode().split('<nav class="navbar', 1)[1].split("</nav>", 1)[0]


def test_the_bar_shows_menus_with_the_current_page_marked(world, client_for):
    page = _bar(client_for("secretary").get(reverse("meetings:activity_list", args=["a"])))
    url = reverse("meetings:activity_list", args=["a"])
    assert 'class="nav-link dropdown-toggle active" type="button" data-bs-toggle="dropdown"' in page
    assert f'<a class="dropdown-item active" aria-current="page" href="{url}">三会一课</a>' in page
    assert page.count('aria-current="page"') == 1
    assert 'class="nav-link dropdown-toggle" type="button" data-bs-toggle="dropdown" aria-expanded="false">学校' in page


def test_a_group_of_one_shows_as_a_plain_link(world, client_for):
    page = _bar(client_for("county").get(reverse("reports:county", args=["sfx"])))
    url = reverse("reports:county", args=["sfx"])
    assert f'<a class="nav-link active" aria-current="page" href="{url}">县域概览</a>' in page
    assert page.count("dropdown-toggle") == 2  # 学校 (全部学校, 账号管理) and the user's own menu


def test_my_dues_are_one_tap_from_my_todo(client_for):
    url = reverse("dues:mine", args=["a"])
    assert f'href="{url}">我的党费</a>' in client_for("teacher").get(reverse("reports:me", args=["a"])).content.decode()
