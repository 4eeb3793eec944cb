"""The admin article form: rich-text body, workflow buttons, edit conflicts, copy desk."""

import copy

from django import forms
from django.forms.models import BaseInlineFormSet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.models import Tag

from . import copydesk, richtext, workflow
from .models import Article, Page
from .revisions import last_editor

# What the editor offers; richtext.sanitize remains the one policy for what is stored.
BODY_EXTENSIONS = {
    "Paragraph": True,
    "Heading": {"levels": [2, 3]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "History": True,
}
# What workflow.apply may change; copied onto the article when the form saves.
WORKFLOW_FIELDS = ["status", "publish_at", "published_by", "first_published_at"]
# Fields only an editor may set; a reporter's POST carrying any of them is refused outright.
EDITOR_ONLY_KEYS = {"status", "publish_at", "publish_at_0", "publish_at_1", "published_by"}


class VersionInput(forms.HiddenInput):
    """Hidden, so the admin's label must not point at it (HTML: a label names a visible control)."""

    def id_for_label(self, id_):
        return ""


class ArticleAdminForm(forms.ModelForm):
    """`user` is set on the class by ArticleAdmin.get_form; the pressed button is `_workflow`."""

    body = ProseEditorFormField(
        config={"extensions": BODY_EXTENSIONS},
        sanitize=richtext.sanitize,
        widget=AdminProseEditorWidget,
        required=False,
    )
    loaded_version = forms.CharField(widget=VersionInput, required=False)
    publish_anyway = forms.BooleanField(
        required=False,
        label="Publish anyway",
        help_text="Publish or schedule even though the copy desk has warnings.",
    )

    user = None

    class Meta:
        model = Article
        fields = ["headline", "slug", "dek", "body", "section", "tags", "cover_photo", "publish_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["loaded_version"] = self.instance.updated_at.isoformat()
        self.copydesk_warnings = []
        self.workflow_changes = {}

    @property
    def action(self):
        return self.data.get("_workflow") or workflow.SAVE

    def clean(self):
        cleaned = super().clean()
        if not workflow.can_publish(self.user) and EDITOR_ONLY_KEYS & set(self.data):
            raise forms.ValidationError(
                "Only editors can set the status or publication time. Nothing was saved."
            )
        self._check_conflict()
        if self.errors:
            return cleaned
        # Work on a copy: the instance only changes in save(), once the whole form is valid.
        planned = copy.copy(self.instance)
        try:
            workflow.apply(
                planned,
                self.action,
                self.user,
                publish_at=cleaned.get("publish_at", self.instance.publish_at),
                now=timezone.now(),
            )
        except workflow.WorkflowError as error:
            raise forms.ValidationError(str(error)) from error
        self.workflow_changes = {name: getattr(planned, name) for name in WORKFLOW_FIELDS}
        if "publish_at" in self.fields and self.action not in workflow.PUBLISHING_ACTIONS:
            # Saving, submitting or unpublishing: the time the editor typed stands.
            del self.workflow_changes["publish_at"]
        self.copydesk_warnings = copydesk.review(
            copydesk.Copy(
                headline=cleaned.get("headline", ""),
                dek=cleaned.get("dek", ""),
                body=cleaned.get("body", ""),
                cover_photo=cleaned.get("cover_photo"),
                tag_names=cleaned.get("tags") or [],
                pk=self.instance.pk,
            )
        )
        if (
            self.action in workflow.PUBLISHING_ACTIONS
            and self.copydesk_warnings
            and not cleaned.get("publish_anyway")
        ):
            raise forms.ValidationError(
                [*self.copydesk_warnings, 'Fix these, or tick "Publish anyway" to publish.']
            )
        return cleaned

    def clean_tags(self):
        # taggit's field does not check the name's length; the database would refuse it later.
        names = self.cleaned_data.get("tags") or []
        limit = Tag._meta.get_field("name").max_length
        too_long = [name for name in names if len(name) > limit]
        if too_long:
            raise forms.ValidationError(
                _("A tag can be at most %(limit)d characters long.") % {"limit": limit}
            )
        return names

    def save(self, commit=True):
        for name, value in self.workflow_changes.items():
            setattr(self.instance, name, value)
        return super().save(commit)

    def _check_conflict(self):
        """Refuse the save when the article changed since this form was loaded (optimistic lock)."""
        if not self.instance.pk:
            return
        current = (
            Article.objects.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if current is None or self.data.get("loaded_version") == current.isoformat():
            return
        user, saved_at = last_editor(self.instance)
        who = (user.get_full_name() or user.get_username()) if user else "Someone"
        when = formats.date_format(timezone.localtime(saved_at or current), "DATETIME_FORMAT")
        # The next save is a deliberate overwrite: the user has now seen the warning.
        self.data = self.data.copy()
        self.data["loaded_version"] = current.isoformat()
        self.add_error(
            None,
            f"{who} saved this article at {when}, after you opened it. Your text is kept below: "
            "compare it with theirs (open the article in another tab), then save again to "
            "overwrite their version.",
        )


class PageAdminForm(forms.ModelForm):
    """A static page, written with the article body's editor and stored through its policy."""

    body = ProseEditorFormField(
        config={"extensions": BODY_EXTENSIONS},
        sanitize=richtext.sanitize,
        widget=AdminProseEditorWidget,
        required=False,
    )

    class Meta:
        model = Page
        fields = ["title", "slug", "body", "is_in_footer", "position"]


class RelatedArticleFormSet(BaseInlineFormSet):
    """ "Don't Miss" picks; the story itself is refused here rather than by the database."""

    def clean(self):
        super().clean()
        for form in self.forms:
            data = getattr(form, "cleaned_data", {})
            if self.instance.pk and data.get("related") == self.instance and not data.get("DELETE"):
                form.add_error("related", _("A story cannot be its own “Don't Miss” pick."))
