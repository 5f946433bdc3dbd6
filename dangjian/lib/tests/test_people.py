"""Person pickers: every staff select carries each person's name, pinyin initials, full pinyin and 工号 for the
filter box, members of the chosen organization can come first, and empty choices read 请选择…."""

from django import forms

from dangjian.lib.forms import BootstrapFormMixin
from dangjian.lib.people import PersonSelect, members_first, search_key
from dangjian.school.models import Staff
from dangjian.tests import factories as f


def test_search_key_has_the_name_its_initials_and_its_pinyin():
    assert search_key("王老师") == "王老师 wls wanglaoshi"


class PickForm(BootstrapFormMixin, forms.Form):
    host = forms.ModelChoiceField(label="主持人", queryset=Staff.objects.none())
    kind = forms.ChoiceField(label="类型", choices=[("", "---------"), ("a", "甲")])


def test_every_staff_select_becomes_a_person_picker(world):
    wang = f.StaffFactory(school=world.school, name="王老师", staff_number="T9001")
    li = f.StaffFactory(school=world.school, name="李党员", staff_number="T9002")
    form = PickForm()
    form.fields["host"].queryset = Staff.objects.filter(pk__in=[wang.pk, li.pk]).order_by("staff_number")
    members_first(form.fields["host"], lambda: {li.pk: [world.branch.pk, 7]}, org_field="organization")
    html = str(form["host"])
    assert isinstance(form.fields["host"].widget, PersonSelect)
    assert "data-picker" in html and 'data-org-field="organization"' in html
    assert f'<option value="{wang.pk}" data-search="王老师 wls wanglaoshi t9001">' in html
    assert f'data-orgs="{world.branch.pk} 7"' in html
    assert '<option value="" selected>请选择…</option>' in html
    assert '<option value="" selected>请选择…</option>' in str(form["kind"])
