"""Rate limits for anonymous clients, counted in the default cache that every app server shares."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """API_RATE_LIMIT requests per client address (see NUM_PROXIES), e.g. "120/minute"."""

    def get_rate(self):
        return settings.API_RATE_LIMIT
