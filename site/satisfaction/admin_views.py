"""The Tevredenheid view in the Wagtail admin: one region (the staff's own) or national, with
SVG charts and a CSV of the answers. Staff with ``satisfaction.view_dashboard`` see it: the
national groups every region and the national view, a region's staff their own region only."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import charts, services
from .models import SCORE_MAX

DEFAULT_MONTHS = 6
MAX_DAYS = 2 * 366
NATIONAL = "landelijk"


def _require(request):
    if not request.user.has_perm("satisfaction.view_dashboard"):
        raise PermissionDenied


class FilterForm(forms.Form):
    regio = forms.ChoiceField(label=gettext_lazy("Regio"), required=False)
    van = forms.DateField(
        label=gettext_lazy("Van"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Vul een geldige begindatum in (jjjj-mm-dd).")},
    )
    tot = forms.DateField(
        label=gettext_lazy("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Vul een geldige einddatum in (jjjj-mm-dd).")},
    )

    def __init__(self, *args, sites, national, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(site.pk), site.site_name or site.hostname) for site in sites]
        if national:
            choices.insert(0, (NATIONAL, _("Landelijk (alle regio's)")))
        self.fields["regio"].choices = choices
        self.fields["regio"].error_messages["invalid_choice"] = _(
            "Kies een regio waarvan je de tevredenheid mag zien."
        )

    def clean(self):
        data = super().clean()
        end = data.get("tot") or timezone.localdate()
        start = data.get("van") or _months_back(end, DEFAULT_MONTHS)
        if start > end:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(_("Kies een periode van hooguit twee jaar."))
        data["van"], data["tot"] = start, end
        return data


def _months_back(end: date, months: int) -> date:
    first = end.replace(day=1)
    for _i in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def _scope(request):
    """The chosen regions, whether national, the form and the status (400 when invalid)."""
    sites, national = services.staff_scope(request.user)
    if not sites:
        raise PermissionDenied
    form = FilterForm(request.GET or None, sites=sites, national=national)
    default_key = NATIONAL if national else str(sites[0].pk)
    status = 200
    if form.is_bound and form.is_valid():
        key = form.cleaned_data["regio"] or default_key
        start, end = form.cleaned_data["van"], form.cleaned_data["tot"]
    else:
        status = 400 if form.is_bound else 200
        key = default_key
        end = timezone.localdate()
        start = _months_back(end, DEFAULT_MONTHS)
        if not form.is_bound:
            form = FilterForm(
                initial={"regio": key, "van": start, "tot": end}, sites=sites, national=national
            )
    chosen = sites if key == NATIONAL else [s for s in sites if str(s.pk) == key]
    return chosen, key == NATIONAL, services.Period(start, end), form, status


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def index(request):
    _require(request)
    sites, national, period, form, status = _scope(request)
    found = services.report(sites, period, national=national)
    target = float(found.target_score) if found.target_score is not None else None
    context = {
        "report": found,
        "form": form,
        "national": national,
        "region_label": _("Landelijk") if national else (sites[0].site_name or sites[0].hostname),
        "query": request.GET.urlencode(),
        "month_chart": charts.columns(
            [(row.label, row.score) for row in found.per_month],
            top_value=SCORE_MAX,
            target=target,
        ),
        "distribution_chart": charts.columns(
            [(str(score), count) for score, count in found.distribution]
        ),
        "kind_chart": charts.bars(
            [(row.label, row.score) for row in found.per_kind], top_value=SCORE_MAX
        ),
        "region_chart": charts.bars(
            [(row.label, row.score) for row in found.per_region], top_value=SCORE_MAX
        ),
        "tables": [
            (_("Per soort contact"), found.per_kind),
            (_("Per thema"), found.per_theme),
            (_("Per adviseur of partner"), found.per_adviser),
            (_("Per maand"), found.per_month),
            *([(_("Per regio"), found.per_region)] if national else []),
        ],
    }
    return TemplateResponse(request, "satisfaction/admin/index.html", context, status=status)


def export_csv(request):
    _require(request)
    sites, national, period, form, status = _scope(request)
    if status != 200:
        return HttpResponse(
            _form_errors(form), status=400, content_type="text/plain; charset=utf-8"
        )
    stream = io.StringIO()
    services.write_csv(sites, period, stream)
    response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
    scope = "landelijk" if national else f"regio-{sites[0].pk}"
    filename = f"tevredenheid-{scope}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
