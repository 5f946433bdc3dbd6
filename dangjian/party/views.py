from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from dangjian.lib.access import not_found, require
from dangjian.lib.listing import paginate
from dangjian.lib.views import form_page
from dangjian.school.permissions import get_member_school_for_user

from . import permissions as perms
from .forms import OrganizationForm, PartyMemberForm
from .models import PartyMember
from .queries import org_members, organization_tree, subtree_ids
from .services import organization_save, party_member_save


def _school(request, code):
    school = get_member_school_for_user(request.user, code)
    request.current_school = school
    require(perms.can_view_tree(request.user, school))
    return school


@login_required
def org_tree(request, code):
    school = _school(request, code)
    roots = organization_tree(school)
    rows = [(depth, node) for root in roots for depth, node in root.walk()]
    return render(
        request,
        "party/org_tree.html",
        {
            "school": school,
            "rows": rows,
            "can_create": perms.can_create_organizations(request.user, school),
            "can_manage_members": perms.can_manage_members(request.user, school),
        },
    )


@login_required
def org_detail(request, code, pk):
    school = _school(request, code)
    org = perms.get_organization_for_user(request.user, school, pk)
    node = next((n for root in organization_tree(school) for _, n in root.walk() if n.org.pk == org.pk), None)
    members = org_members(school, subtree_ids(school, [org.pk]), q=request.GET.get("q", "").strip())
    return render(
        request,
        "party/org_detail.html",
        {
            "school": school,
            "org": org,
            "node": node,
            **paginate(request, members),
            "q": request.GET.get("q", ""),
            "can_edit": perms.can_edit_organization(request.user, org),
        },
    )


@login_required
def org_create(request, code):
    school = _school(request, code)
    require(perms.can_create_organizations(request.user, school))
    form = OrganizationForm(request.POST or None, school=school, **perms.organization_form_scope(request.user, school))
    return form_page(
        request,
        form=form,
        save=organization_save,
        title="新增党组织",
        school=school,
        cancel_url=reverse("party:org_tree", args=[code]),
    )


@login_required
def org_edit(request, code, pk):
    school = _school(request, code)
    org = perms.get_organization_for_user(request.user, school, pk, write=True)
    form = OrganizationForm(
        request.POST or None,
        instance=org,
        school=school,
        **perms.organization_form_scope(request.user, school),
    )
    return form_page(
        request,
        form=form,
        save=organization_save,
        title=f"编辑党组织：{org.name}",
        school=school,
        cancel_url=org.get_absolute_url(),
    )


@login_required
def member_create(request, code):
    school = _school(request, code)
    require(perms.can_manage_members(request.user, school))
    form = PartyMemberForm(request.POST or None, school=school)
    return form_page(
        request,
        form=form,
        save=party_member_save,
        title="新增党员（含发展对象）",
        school=school,
        cancel_url=reverse("party:org_tree", args=[code]),
    )


@login_required
def member_edit(request, code, pk):
    school = _school(request, code)
    member = PartyMember.objects.filter(branch__school=school, pk=pk).select_related("staff", "branch").first()
    if member is None:
        not_found()
    require(perms.can_edit_organization(request.user, member.branch))
    form = PartyMemberForm(request.POST or None, instance=member, school=school)
    return form_page(
        request,
        form=form,
        save=party_member_save,
        title=f"编辑党员：{member.staff.name}",
        school=school,
        cancel_url=member.get_absolute_url(),
    )
