"""The launch page renders every block with real content, the same HTML for every visitor."""

import json
import re

import pytest

from campaigns.blocks import CampaignStreamBlock

pytestmark = pytest.mark.django_db


def test_every_block_type_renders_with_real_content(client, launch):
    response = client.get(launch.url)
    html = response.content.decode()
    assert response.status_code == 200
    used = {block.block_type for block in launch.body}
    assert used == set(CampaignStreamBlock.base_blocks), "the fixture uses every block type"
    for name in used:
        assert f'data-block="{name}"' in html
    assert "Waarom kan ik je online niet vinden?" in html  # hero
    assert "Gevonden worden op Google" in html  # event of the theme
    assert "Marketing voor de mkb&#x27;er" in html or "Marketing voor de mkb'er" in html
    assert "Sinds de kritische blik vinden klanten me wel" in html  # testimonials
    assert "Yasmina Bouali" in html  # ambassador
    assert "Nog <span data-offer-left>50</span> van de 50 plekken" in html
    assert 'action="/account/aanmelden/"' in html
    assert 'action="/gesprek-aanvragen/"' in html
    assert 'action="/tip-een-ander/"' in html
    assert "Bekijk de agenda" in html  # call to action


def test_each_section_says_which_phase_it_serves(client, launch):
    html = client.get(launch.url).content.decode()
    phases = re.findall(r'data-block="(\w+)"[^>]*|data-phase="(\w+)"', html)
    assert re.search(r'data-phase="bekend_maken" data-block="hero"', html)
    assert re.search(r'data-phase="word_of_mouth" data-block="tip"', html)
    assert phases


def test_faq_carries_faqpage_json_ld(client, launch):
    html = client.get(launch.url).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "FAQPage"
    assert data["mainEntity"][0]["name"] == "Wat kost een intakegesprek?"


def test_two_visitors_with_different_utm_get_byte_identical_html(client, launch):
    from django.test import Client

    first = client.get(launch.url + "?utm_source=linkedin&utm_campaign=een-kritische-blik")
    second = Client().get(launch.url + "?utm_source=nieuwsbrief&utm_medium=email&x=<script>")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert b'csrfmiddlewaretoken" value=""' in first.content  # the token comes from the fetch
    assert b"utm_" not in first.content
