"""The admin article form: rich-text body, workflow buttons, edit conflicts, copy desk."""

import copy

from django import forms
from django.forms.models import BaseInlineFormSet
from django.urls import reverse_lazy
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
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
    # The prose editor turns the browser's spellchecker off unless told not to.
    "NoSpellCheck": False,
    # The body's rich forms (articles/embeds.py), from articles/static/articles/admin/body_forms.js.
    "BodyPhoto": {
        "searchUrl": reverse_lazy("admin:articles_photo_body_search"),
        "uploadUrl": reverse_lazy("admin:articles_photo_body_upload"),
    },
    "BodyEmbed": {"checkUrl": reverse_lazy("admin:articles_article_embed_check")},
    "PullQuote": True,
}
# The buttons that publish or schedule over copy-desk warnings (value: the action + ":anyway").
ANYWAY_LABELS = {
    workflow.PUBLISH: gettext_lazy("Publish anyway"),
    workflow.SCHEDULE: gettext_lazy("Schedule anyway"),
}
# Fields only an editor may set; a reporter's POST carrying any of them is refused outright.
EDITOR_ONLY_KEYS = {"status", "publish_at", "publish_at_0", "publish_at_1", "published_by"}


class VersionInput(forms.HiddenInput):
    """Hidden, so the admin's label must not point at it (HTML: a label names a visible control)."""

    def id_for_label(self, id_):
        return ""


class ArticleAdminForm(forms.ModelForm):
    """`user` is set on the class by ArticleAdmin.get_form.

    The pressed button is `_workflow`: an action of `workflow`, with ":anyway" appended by the
    "Publish anyway" button that overrides the copy desk. Saving, and with it publishing, is
    `workflow.carry_out`'s job (ArticleAdmin.save_model); the form only checks.
    """

    body = ProseEditorFormField(
        config={"extensions": BODY_EXTENSIONS},
        sanitize=richtext.sanitize,
        widget=AdminProseEditorWidget,
        required=False,
    )
    loaded_version = forms.CharField(widget=VersionInput, required=False)
    publish_anyway = forms.BooleanField(
        required=False,
        label=gettext_lazy("Publish anyway"),
        help_text=gettext_lazy("Publish or schedule even though the copy desk has warnings."),
    )

    user = None

    class Meta:
        model = Article
        fields = ["headline", "slug", "dek", "body", "section", "tags", "cover_photo", "publish_at"]
        # Two lines, so a long headline shows whole while it is written.
        widgets = {"headline": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["loaded_version"] = self.instance.updated_at.isoformat()
        self.copydesk_warnings = []
        # True when publishing was refused because of copy-desk warnings.
        self.copydesk_blocked = False
        self.now = timezone.now()

    def clean_headline(self):
        # The headline box wraps lines but a headline is one line: no pasted line breaks.
        return " ".join(self.cleaned_data["headline"].split())

    @property
    def action(self):
        return (self.data.get("_workflow") or workflow.SAVE).partition(":")[0]

    @property
    def anyway(self):
        return self.data.get("_workflow", "").endswith(":anyway")

    @property
    def requested_publish_at(self):
        """The publication time the editor typed (reporters have no such field)."""
        if "publish_at" in self.fields:
            return self.cleaned_data.get("publish_at")
        return self.instance.publish_at

    def clean(self):
        cleaned = super().clean()
        if not workflow.can_publish(self.user) and EDITOR_ONLY_KEYS & set(self.data):
            raise forms.ValidationError(
                _("Only editors can set the status or publication time. Nothing was saved.")
            )
        self._check_conflict()
        if self.errors:
            return cleaned
        # Check the action on a copy: the instance only changes when the admin saves it.
        try:
            workflow.apply(
                copy.copy(self.instance),
                self.action,
                self.user,
                publish_at=self.requested_publish_at,
                now=self.now,
            )
        except workflow.WorkflowError as error:
            raise forms.ValidationError(str(error)) from error
        headline = cleaned.get("headline", "")
        self.copydesk_warnings = copydesk.review(
            copydesk.Copy(
                headline=headline,
                dek=cleaned.get("dek", ""),
                body=cleaned.get("body", ""),
                cover_photo=cleaned.get("cover_photo"),
                tag_names=cleaned.get("tags") or [],
                headline_taken=bool(headline)
                and Article.objects.with_headline(headline).exclude(pk=self.instance.pk).exists(),
            )
        )
        overridden = self.anyway or cleaned.get("publish_anyway")
        if self.action in workflow.PUBLISHING_ACTIONS and self.copydesk_warnings and not overridden:
            self.copydesk_blocked = True
            raise forms.ValidationError(
                ngettext(
                    "Not published yet: the copy desk has a warning. Fix it, or press "
                    "“%(button)s”.",
                    "Not published yet: the copy desk has %(count)d warnings. Fix them, or "
                    "press “%(button)s”.",
                    len(self.copydesk_warnings),
                )
                % {"count": len(self.copydesk_warnings), "button": ANYWAY_LABELS[self.action]}
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
        who = (user.get_full_name() or user.get_username()) if user else _("Someone")
        when = formats.date_format(timezone.localtime(saved_at or current), "DATETIME_FORMAT")
        # The next save is a deliberate overwrite: the user has now seen the warning.
        self.data = self.data.copy()
        self.data["loaded_version"] = current.isoformat()
        self.add_error(
            None,
            _(
                "%(who)s saved this article at %(when)s, after you opened it. Your text is kept "
                "below: compare it with theirs (open the article in another tab), then save "
                "again to overwrite their version."
            )
            % {"who": who, "when": when},
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
