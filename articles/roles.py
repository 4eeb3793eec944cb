"""The newsroom's two roles as permission lists, shared by the data migration and the tests.

Codenames are "app_label.codename". Reporters write and submit; only Editors hold
`articles.publish_article`, which the workflow checks before publishing, scheduling or unpublishing.
"""

from django.contrib.auth.models import Group, User
from django.db.models.signals import m2m_changed

REPORTER = "Reporter"
EDITOR = "Editor"

REPORTER_PERMISSIONS = [
    "articles.add_article",
    "articles.change_article",
    "articles.view_article",
    "articles.add_byline",
    "articles.change_byline",
    "articles.delete_byline",
    "articles.view_byline",
    "articles.view_relatedarticle",
    "articles.add_relatedarticle",
    "articles.change_relatedarticle",
    "articles.delete_relatedarticle",
    "articles.view_correction",
    "articles.view_section",
    "articles.add_photo",
    "articles.view_photo",
    "authors.view_author",
    "taggit.view_tag",
]

EDITOR_PERMISSIONS = [
    *(
        f"articles.{action}_{model}"
        for model in ["article", "byline", "relatedarticle", "correction", "section", "photo"]
        for action in ["add", "change", "delete", "view"]
    ),
    "articles.publish_article",
    *(f"authors.{action}_author" for action in ["add", "change", "delete", "view"]),
    *(f"taggit.{action}_tag" for action in ["add", "change", "delete", "view"]),
]

ROLE_PERMISSIONS = {REPORTER: REPORTER_PERMISSIONS, EDITOR: EDITOR_PERMISSIONS}


def sync_role_groups(group_model, permission_model):
    """Create or update the role groups so each holds exactly its listed permissions."""
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = []
        for dotted in codenames:
            app_label, codename = dotted.split(".")
            permissions.append(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(permissions)


def role_makes_staff(sender, instance, action, reverse, pk_set, **kwargs):
    """After a role group is given to users, mark them staff so they can sign in to the admin.

    Listens to `User.groups` (see `connect`), so it holds however the role is given: the
    admin, the shell, a script.
    """
    if action != "post_add" or not pk_set:
        return
    if reverse:
        # group.user_set.add(...): `instance` is the group, `pk_set` the users.
        if instance.name in ROLE_PERMISSIONS:
            User.objects.filter(pk__in=pk_set, is_staff=False).update(is_staff=True)
    elif (
        not instance.is_staff
        and Group.objects.filter(pk__in=pk_set, name__in=ROLE_PERMISSIONS).exists()
    ):
        instance.is_staff = True
        instance.save(update_fields=["is_staff"])


def connect():
    m2m_changed.connect(
        role_makes_staff, sender=User.groups.through, dispatch_uid="roles-role-makes-staff"
    )
