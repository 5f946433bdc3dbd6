"""A school's uploaded agreement template is rendered in a sandbox: the server-side template injection of
the security review (``cycler.__init__.__globals__.os.popen``) and its usual variants are refused at upload
and, for a template stored before the fix, at render — never executed."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from dangjian.mentoring import agreements
from dangjian.mentoring.models import AgreementTemplate
from dangjian.rosters.tests.helpers import with_part

PAYLOADS = [
    "{{ cycler.__init__.__globals__.os.popen('touch /tmp/dangjian-pwned').read() }}",
    "{{ joiner.__init__.__globals__.os.system('touch /tmp/dangjian-pwned') }}",
    "{{ namespace.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ self.__init__.__globals__.__builtins__.__import__('os').popen('id').read() }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ mentor_name.__class__.__mro__[1].__subclasses__() }}",
    "{{ mentor_name|attr('__class__') }}",
    "{{ mentor_name['__class__'] }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ range(10) }}",
    "{% set x = namespace(a=1) %}{{ x }}",
    "{{ config }}{{ request }}{{ settings.SECRET_KEY }}",
    "{% macro m() %}{% endmacro %}{{ m() }}",
    "{{ mentor_name.format }}",
]


def template_with(text: str) -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_check_refuses_every_payload_in_chinese(payload):
    with pytest.raises(ValidationError) as exc:
        agreements.check_template(template_with(payload))
    assert "模板" in exc.value.messages[0]


@pytest.mark.parametrize("payload", PAYLOADS[:5])
def test_an_upload_is_refused_with_a_message_and_nothing_runs(payload, mentoring, world, login, tmp_path):
    response = login("secretary").post(
        reverse("mentoring:template", args=["a"]),
        {"file": SimpleUploadedFile("模板.docx", template_with(payload))},
    )
    assert response.status_code == 200
    assert "模板只能使用" in response.content.decode() or "未提供的变量" in response.content.decode()
    assert AgreementTemplate.objects.filter(school=world.school).count() == 0


def test_the_reviewers_payload_does_not_run_a_command(tmp_path):
    marker = tmp_path / "pwned"
    payload = "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"
    with pytest.raises(ValidationError):
        agreements.check_template(template_with(payload))
    assert not marker.exists()


def test_a_malicious_template_stored_before_the_fix_is_refused_at_render(mentoring, world, login, tmp_path):
    marker = tmp_path / "pwned"
    payload = "{{ cycler.__init__.__globals__.os.popen('touch " + str(marker) + "').read() }}"
    stored = AgreementTemplate(school=world.school, uploaded_by=world.users["secretary"])
    stored.file.save("template.docx", ContentFile(template_with(payload)), save=True)
    client = login("secretary")
    for url in (
        reverse("mentoring:pairing_agreement", args=["a", mentoring.pairing.pk]),
        reverse("mentoring:agreements_zip", args=["a"]) + "?year=2022",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mentoring:template", args=["a"])
    assert not marker.exists()


def test_plain_placeholders_conditions_loops_and_safe_filters_still_work():
    text = "{{ mentor_name|trim }} 带 {{ mentee_name|default('—') }}{% if signed_on %}，{{ signed_on }}{% endif %}"
    data = agreements.render(
        template_with(text), dict.fromkeys(agreements.VARIABLES, "") | {"mentor_name": " 王 ", "mentee_name": "李"}
    )
    assert Document(io.BytesIO(data)).paragraphs[0].text == "王 带 李"


def test_an_unknown_variable_is_named_in_the_message():
    with pytest.raises(ValidationError) as exc:
        agreements.check_template(template_with("{{ mentor_name }} {{ salary }}"))
    assert exc.value.messages == ["模板使用了未提供的变量：salary。只能使用页面列出的变量。"]


def test_a_docx_bomb_is_refused_at_upload_before_it_is_unpacked(mentoring, world, login):
    bomb = with_part(template_with("{{ mentor_name }}"), "word/media/padding.xml", b" " * (40 * 1024 * 1024))
    assert len(bomb) < 2 * 1024 * 1024
    response = login("secretary").post(
        reverse("mentoring:template", args=["a"]), {"file": SimpleUploadedFile("模板.docx", bomb)}
    )
    assert response.status_code == 200
    assert "文件解压后过大（word/media/padding.xml 超过 20 MB）" in response.content.decode()
    assert AgreementTemplate.objects.filter(school=world.school).count() == 0
