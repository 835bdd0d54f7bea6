"""Attribution: which campaign and channel brought a visitor, and what they did next.

How a touch is recorded without defeating page caching
------------------------------------------------------
Campaign pages are the same HTML for every visitor, so a cache in front may serve them. They
never read or write the session themselves. Instead the page includes a tiny first-party
beacon (``attribution/beacon.js``, through ``{% attribution_beacon %}``) that POSTs
``location.search`` and the path to :func:`campaigns.attribution.views.beacon`; that response
(204, never cached) carries the session cookie. The middleware records a touch itself only
where the response is not shareable anyway: the referral link ``/r/<code>/`` (a redirect that
already sets a cookie) and pages marked private or no-cache.

A touch holds the cleaned campaign code (a live CampaignPage's code, else ``overig``), the
channel (``referral``, ``<utm_source>/<utm_medium>`` or ``direct``), source, medium, content,
the landing path and the moment: no IP address, no user agent. The session keeps the first and
the last touch; sign-up copies them onto the account, and so does a log-in when the account has
none yet. A direct visit never replaces an earlier campaign touch as the last one.

Conversions are credited to the last touch: the session of the request the action's signal
carries, when the member acts themselves, otherwise the touch stored on their account, if it is
younger than ``ATTRIBUTION_WINDOW_DAYS``; without either the conversion counts as ``direct``.
The services that do an action send its domain signal after the commit (``registration_made``,
``membership_started``, ``experience_submitted``, ``tip_sent``, ...), so crediting runs no query
inside their transaction; ``campaigns.attribution.receivers`` records the conversion then.

The modules: ``base`` (settings, channel names, campaign codes), ``cleaning`` (what a
visitor sends, made safe), ``touches`` (recording arrivals), ``conversions`` (crediting what
members do), ``retention`` (the AVG) and ``reporting`` (results and their CSV).
"""

from .base import (
    DIRECT,
    PATH_MAX,
    RAW_MAX,
    REFERRAL,
    SEEN_MAX,
    SESSION_KEY,
    TOKEN_MAX,
    UTM_FIELDS,
    channel_for,
    is_known_campaign,
    running_word_of_mouth_code,
)
from .cleaning import clean_code, clean_path, clean_token
from .conversions import (
    Credit,
    convert,
    credit_for,
    record_conversion,
    record_qualified_referrals,
    was_referred,
)
from .reporting import (
    Results,
    Row,
    campaign_results,
    campaign_totals,
    csv_rows,
    results_by_region,
    write_csv,
)
from .retention import erase_touches, export_touches, purge_expired
from .touches import (
    build_touch,
    carry_to_account,
    record_arrival,
    record_engaged,
    session_touches,
    store_touches,
    touch_from_query,
)

__all__ = [
    "Credit",
    "DIRECT",
    "PATH_MAX",
    "RAW_MAX",
    "REFERRAL",
    "Results",
    "Row",
    "SEEN_MAX",
    "SESSION_KEY",
    "TOKEN_MAX",
    "UTM_FIELDS",
    "build_touch",
    "campaign_results",
    "campaign_totals",
    "results_by_region",
    "carry_to_account",
    "channel_for",
    "clean_code",
    "clean_path",
    "clean_token",
    "convert",
    "credit_for",
    "csv_rows",
    "erase_touches",
    "export_touches",
    "is_known_campaign",
    "purge_expired",
    "record_arrival",
    "record_conversion",
    "record_engaged",
    "record_qualified_referrals",
    "running_word_of_mouth_code",
    "session_touches",
    "store_touches",
    "touch_from_query",
    "was_referred",
    "write_csv",
]
