"""The admin's guards (loket.core.guards): input that Wagtail 8's own views would answer with a
500 gets a 404 or a Dutch 400, and the same views still work for sound input. The bad-input suite
(tests/badinput, on PostgreSQL) walks all such URLs; these are the quick checks on each guard."""

import pytest

from django.contrib.auth.models import Group
from django.test import Client

from loket.themes.models import Theme
from tests.badinput.garbage import form_fields
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/snippets/choose/themes/theme/"


@pytest.fixture
def staff():
    """A community manager: staff, no superuser (as the bad-input suite's staff)."""
    user = MemberFactory()
    user.groups.add(Group.objects.get(name="Communitymanagers"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def theme():
    return Theme.objects.get_or_create(slug="financien", defaults={"name": "Financiën"})[0]


@pytest.mark.parametrize("garbage", ["plausible", "1e9", "%00", str(2**63), "-"])
def test_a_chosen_url_with_an_id_that_is_no_id_is_not_found(staff, theme, garbage):
    assert staff.get(f"{CHOOSER}chosen/{garbage}/").status_code == 404
    assert staff.get(f"/admin/documents/chooser/chosen/{garbage}/").status_code == 404


def test_a_chosen_url_with_a_real_id_still_chooses_it(staff, theme):
    response = staff.get(f"{CHOOSER}chosen/{theme.pk}/")
    assert response.status_code == 200
    assert response.json()["result"]["id"] == str(theme.pk)


def test_chosen_multiple_with_a_garbage_id_is_refused_in_dutch(staff, theme):
    response = staff.get(f"{CHOOSER}chosen-multiple/?id={theme.pk}&id=1e9")
    assert response.status_code == 400
    assert "Kies alleen bestaande items." in response.content.decode()
    assert staff.get("/admin/choose-page/chosen-multiple/?id=%27%22").status_code == 400
    assert staff.get(f"{CHOOSER}chosen-multiple/?id={theme.pk}").status_code == 200


def test_the_deliberate_error_page_is_only_for_superusers(staff):
    assert staff.get("/admin/failwhale/").status_code == 404


def test_the_admin_login_refuses_a_next_that_is_no_local_path(staff):
    response = staff.get("/admin/login/?next=plausible")
    assert response.status_code == 400
    assert "doorverwijzing" in response.content.decode()
    assert staff.get("/admin/login/?next=https://evil.example/").status_code == 400
    response = staff.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302 and response.url == "/admin/pages/"


def test_the_external_link_chooser_wants_its_url(staff):
    response = staff.post("/admin/choose-external-link/", {"q": "x"})
    assert response.status_code == 400
    assert "Vul de URL van de link in." in response.content.decode()
    response = staff.post(
        "/admin/choose-external-link/",
        {"external-link-chooser-url": "https://www.kvk.nl/", "external-link-chooser-link_text": ""},
    )
    assert response.status_code == 200
    assert response.json()["result"]["url"] == "https://www.kvk.nl/"


def test_the_image_chooser_refuses_a_search_within_a_tag_and_keeps_each_alone(staff):
    response = staff.get("/admin/images/chooser/results/?q=bakker&tag=oven")
    assert response.status_code == 400
    assert "kies een tag" in response.content.decode()
    assert staff.get("/admin/images/chooser/results/?tag=oven").status_code == 200
    assert staff.get("/admin/images/chooser/results/?q=bakker").status_code == 200


def test_the_root_page_cannot_be_moved(staff, home):
    response = staff.post("/admin/pages/1/set_position/?position=0")
    assert response.status_code == 400
    assert "bovenste pagina" in response.content.decode()


def test_a_chooser_without_a_creation_form_has_no_create_url(staff):
    assert staff.post("/admin/snippets/choose/community/membership/create/", {}).status_code == 404


def test_a_snippet_form_with_a_garbage_chooser_id_shows_the_form_again(staff, home):
    """The form's chooser widgets re-render the posted (garbage) ids: the form and its errors."""
    url = "/admin/snippets/community/membership/add/"
    names = form_fields(staff.get(url).content)
    assert names
    response = staff.post(url, dict.fromkeys(names, "1e9"))
    assert response.status_code == 200
    assert "errorlist" in response.content.decode() or "error-message" in response.content.decode()


def test_choosers_with_their_own_creation_form_keep_it(staff, client):
    # The document chooser's upload form: the guard leaves it to Wagtail (no 404, no 500).
    assert staff.get("/admin/documents/chooser/create/").status_code in (200, 403)
    assert client.get("/admin/documents/chooser/create/").status_code == 302  # to the log-in
