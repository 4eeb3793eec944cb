# Varnish 7 (Debian's `varnish`) with xkey (`varnish-modules`) in front of the Newsroom app servers.
#
# - Keys: the app sends each page's keys in `xkey`; it purges them with `PURGE /` carrying
#   `xkey-purge` (hard: the copy is gone, grace included, e.g. an unpublished story) or
#   `xkey-softpurge` (soft: expired, kept only for when every app server is down).
# - Freshness: the app's `s-maxage` counts down from when the page's content was read, to the
#   next scheduled publication at the latest; pages without Cache-Control (404s, redirects,
#   admin) are never kept.
# - Grace: while an app server is healthy, nothing stale is served; while none is, the last good
#   copy is, for at most `beresp.grace` (bounded).
#
# deploy/check_scaleout.py renders this file with its own ports; adjust the backends to yours.
vcl 4.1;

import directors;
import std;
import xkey;

probe healthz {
    .url = "/healthz";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

backend app1 {
    .host = "127.0.0.1";
    .port = "8001";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

backend app2 {
    .host = "127.0.0.1";
    .port = "8002";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

# Who may purge: the app servers.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.x-purged = xkey.purge(req.http.xkey-purge);
        } elsif (req.http.xkey-softpurge) {
            set req.http.x-purged = xkey.softpurge(req.http.xkey-softpurge);
        } else {
            return (synth(400, "No xkey-purge or xkey-softpurge header"));
        }
        return (synth(200, "Purged " + req.http.x-purged));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|preview)/") {
        return (pass);
    }

    # Public pages are the same for every reader: cookies neither reach them nor split the cache.
    unset req.http.Cookie;

    # Campaign parameters no view reads: one copy of the page, not one per newsletter.
    if (req.url ~ "[?&](utm_[a-z]+|fbclid|gclid)=") {
        set req.url = regsuball(req.url, "(utm_[a-z]+|fbclid|gclid)=[^&]*&?", "");
        set req.url = regsub(req.url, "[?&]+$", "");
    }

    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        # Not marked cacheable by the app: a 404, a redirect, an error page.
        set beresp.ttl = 0s;
    }
    set beresp.grace = 1h;
    set beresp.keep = 0s;
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
