"""Campaign results in the Wagtail admin: an overview and one page per campaign, with CSV.

Only staff with ``attribution.view_results`` (Communicatie, superusers) see them. Every page runs
the same few queries however many days or conversions it covers.
"""

import io
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.models import Site

from loket.accounts.services.roles import (
    ALL_REGIONS,
    region_name,
    site_of_path,
    staff_site_ids,
    staff_sites,
)

from ..pages import CampaignPage, national_q
from . import charts, services
from .models import OTHER, ConversionKind

DEFAULT_DAYS = 42
MAX_DAYS = 366


def _require(request):
    if not request.user.has_perm("attribution.view_results"):
        raise PermissionDenied


class RangeForm(forms.Form):
    van = forms.DateField(
        label=gettext_lazy("Van"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Vul een geldige begindatum in (jjjj-mm-dd).")},
    )
    tot = forms.DateField(
        label=gettext_lazy("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Vul een geldige einddatum in (jjjj-mm-dd).")},
    )

    def clean(self):
        data = super().clean()
        end = data.get("tot") or timezone.localdate()
        start = data.get("van") or end - timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        if (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(_("Kies een periode van hooguit een jaar."))
        data["van"], data["tot"] = start, end
        return data


def _range(request):
    """The chosen period, the form, and the status: 400 with the default period when invalid."""
    form = RangeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form.cleaned_data["van"], form.cleaned_data["tot"], form, 200
    end = timezone.localdate()
    start = end - timedelta(days=DEFAULT_DAYS - 1)
    if not form.is_bound:
        form = RangeForm(initial={"van": start, "tot": end})
    return start, end, form, 400 if form.is_bound else 200


def _campaigns(request):
    """The campaigns whose results this staff member reads: their regions' and the national
    ones (every campaign for national staff)."""
    pages = CampaignPage.objects.defer_streamfields()
    site_ids = staff_site_ids(request.user)
    if site_ids is None:
        return pages
    own = Q(pk__in=[])
    for site in staff_sites(request.user).select_related("root_page"):
        own |= pages.descendant_of_q(site.root_page)
    return pages.filter(own | national_q())


def index(request):
    _require(request)
    start, end, form, status = _range(request)
    campaigns = list(_campaigns(request).order_by("-starts_at", "-pk"))
    sites = {site.pk: site for site in Site.objects.select_related("root_page")}
    roots = {pk: site.root_page.path for pk, site in sites.items()}
    site_ids = staff_site_ids(request.user)
    national = site_ids is ALL_REGIONS
    codes = [page.code for page in campaigns] + [OTHER]
    totals = services.campaign_totals(codes, start, end, site_ids)
    rows = []
    for page in campaigns:
        site_id = site_of_path(page.path, roots)
        region = region_name(sites[site_id]) if site_id is not None else _("Landelijk")
        rows.append({"page": page, "totals": totals[page.code], "region": region})
    if national:  # all regions side by side
        rows.sort(key=lambda row: row["region"])
    context = {
        "rows": rows,
        # Links with an unknown code belong to no region: only national staff read them.
        "other": totals[OTHER] if national else None,
        "form": form,
        "start": start,
        "end": end,
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "attribution/admin/index.html", context, status=status)


def detail(request, pk):
    _require(request)
    page = get_object_or_404(_campaigns(request), pk=pk)
    start, end, form, status = _range(request)
    site_ids = staff_site_ids(request.user)
    results = services.campaign_results(page.code, start, end, site_ids)
    per_day_visits = [(day, row.visits) for day, row in results.days]
    per_day_actions = [(day, row.actions) for day, row in results.days]
    per_channel = [
        (channel, row.actions + row.count(ConversionKind.TIP)) for channel, row in results.channels
    ]
    kinds = list(ConversionKind)

    def counts(row):
        return [row.count(kind) for kind in kinds]

    context = {
        "page": page,
        "results": results,
        "form": form,
        "kinds": [kind.label for kind in kinds],
        "totals": counts(results.totals),
        "channel_rows": [
            {"channel": channel, "row": row, "counts": counts(row)}
            for channel, row in results.channels
        ],
        "day_rows": [{"day": day, "row": row, "counts": counts(row)} for day, row in results.days],
        "visits_chart": charts.columns(per_day_visits),
        "actions_chart": charts.columns(per_day_actions),
        "channel_chart": charts.bars([item for item in per_channel if item[1]]),
        "region_rows": [
            {"site": site, "row": row, "counts": counts(row)}
            for site, row in services.results_by_region(page.code, start, end, site_ids)
        ],
        "window_days": settings.ATTRIBUTION_WINDOW_DAYS,
        "query": request.GET.urlencode(),
    }
    return TemplateResponse(request, "attribution/admin/detail.html", context, status=status)


def export_csv(request, pk):
    _require(request)
    page = get_object_or_404(_campaigns(request), pk=pk)
    start, end, form, status = _range(request)
    if status != 200:
        errors = " ".join(str(e) for e in form.non_field_errors()) or " ".join(
            str(e) for errors in form.errors.values() for e in errors
        )
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    stream = io.StringIO()
    results = services.campaign_results(page.code, start, end, staff_site_ids(request.user))
    services.write_csv(results, stream)
    response = HttpResponse(stream.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"campagneresultaten-{page.code}-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
