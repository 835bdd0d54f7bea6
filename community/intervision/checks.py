"""Start-up check of intervision's settings: the default group sizes must make sense."""

from django.conf import settings
from django.core.checks import Error, register

from .models import SIZE_CEILING, SIZE_FLOOR


@register()
def check_group_size_settings(app_configs=None, **kwargs):
    low = getattr(settings, "INTERVISION_GROUP_MIN_SIZE", None)
    high = getattr(settings, "INTERVISION_GROUP_MAX_SIZE", None)
    valid = all(isinstance(v, int) and SIZE_FLOOR <= v <= SIZE_CEILING for v in (low, high))
    if valid and low <= high:
        return []
    return [
        Error(
            f"INTERVISION_GROUP_MIN_SIZE ({low}) and INTERVISION_GROUP_MAX_SIZE ({high}) must lie "
            f"within {SIZE_FLOOR}..{SIZE_CEILING}, the minimum not above the maximum.",
            id="community.E001",
        )
    ]
