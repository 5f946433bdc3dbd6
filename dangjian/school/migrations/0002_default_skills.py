from django.db import migrations

DEFAULT_SKILLS = ["心理咨询师证书", "心理健康教育", "学生工作经验", "班主任经验", "家庭教育指导", "团队工作", "教研组长经验"]


def add_skills(apps, schema_editor):
    Skill = apps.get_model("school", "Skill")
    for name in DEFAULT_SKILLS:
        Skill.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("school", "0001_initial")]
    operations = [migrations.RunPython(add_skills, migrations.RunPython.noop)]
