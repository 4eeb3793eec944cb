"""The closing report: counts by outcome, then every item skipped or changed, with the reason."""

from collections import Counter, defaultdict

from django.utils.translation import gettext as _


class Report:
    def __init__(self):
        self.counts = defaultdict(Counter)  # group → outcome → n
        self.entries = []  # (what, WordPress ID, title, reason)

    def count(self, group, outcome, n=1):
        self.counts[group][outcome] += n

    def add(self, what, wp_id, title, reason):
        self.entries.append((what, wp_id, title, reason))

    def total(self, group, outcome):
        return self.counts[group][outcome]

    def render(self, *, header=""):
        lines = [header] if header else []
        for group in sorted(self.counts):
            outcomes = ", ".join(
                f"{outcome} {n}" for outcome, n in sorted(self.counts[group].items())
            )
            lines.append(f"{group}: {outcomes}")
        if self.entries:
            lines.append("")
            lines.append(_("Skipped or changed (%(count)d):") % {"count": len(self.entries)})
            for what, wp_id, title, reason in self.entries:
                where = f"{what} {wp_id}" if wp_id is not None else what
                title = f" “{title}”" if title else ""
                lines.append(f"- {where}{title}: {reason}")
        return "\n".join(lines) + "\n"
