"""Model choice fields that answer an out-of-range id as an invalid choice, not a server error.
SQLite cannot bind an integer above 2**63 - 1; Django guards plain id lookups only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1


def out_of_range(value: Any) -> bool:
    """Whether ``value`` reads as an integer that no database id can have."""
    try:
        return abs(int(str(value).strip())) > MAX_ID
    except (TypeError, ValueError):
        return False


class ModelChoiceField(forms.ModelChoiceField):
    """``forms.ModelChoiceField`` that refuses ids beyond 64 bits with its own message."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and out_of_range(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """``forms.ModelMultipleChoiceField`` that refuses ids beyond 64 bits with its own message."""

    def _check_values(self, value: Any) -> Any:
        if not isinstance(value, str | bytes):
            for pk in value or ():
                if out_of_range(pk):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
