from django.contrib.auth.management import create_permissions
from django.db import migrations

from articles.roles import ROLE_PERMISSIONS, sync_role_groups


def create_role_groups(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); make sure they
    # exist now, including the new publish_article permission.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    sync_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_publishing_workflow"),
        ("authors", "0001_initial"),
        ("taggit", "__latest__"),
        ("auth", "__latest__"),
        ("contenttypes", "__latest__"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
