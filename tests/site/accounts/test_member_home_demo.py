"""``seed_demo``: the demo member's home has every section filled."""

import re

import pytest

from loket.accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_member_home_is_full(client, seeded_demo):
    sanne = User.objects.get(email="sanne.devries@example.com")
    client.force_login(sanne)
    page = client.get("/account/").content.decode()
    headings = re.findall(r'<h2 id="thuis-[a-z]+-titel">([^<]+)</h2>', page)
    assert headings == [
        "Wat komt eraan",
        "Mijn groepen en communities",
        "Wacht op jou",
        "Mijn tips en credits",
        "Mijn ervaringen",
        "Eerdere bijeenkomsten",
    ]
    for text in (
        "Gesprekken met het loket",
        "gesprekken met nieuwe berichten",
        "Plek bekijken en aannemen",
        "Aanpassing bekijken",
        "Ingepland",
        "Je tips",
        "Je ervaring is gedeeld",
    ):
        assert text in page, text
    assert "Thuispagina van sanne.devries@example.com" in seeded_demo.output
