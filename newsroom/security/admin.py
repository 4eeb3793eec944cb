from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit log: superusers read it; nobody adds, changes or deletes through the admin."""

    list_display = ["created_at", "kind", "actor_name", "ip_address", "subject", "detail"]
    list_filter = ["kind", "created_at"]
    search_fields = ["actor_name", "ip_address", "subject", "detail"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
