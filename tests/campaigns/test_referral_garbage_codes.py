"""Garbage in a referral or campaign code is an unknown code, never a database error.

PostgreSQL refuses a NUL byte in a text comparison; the bad-input suite found both views."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["%00", "AB%00CD", "%22%27", "x" * 40, "..%2F..%2F"])
def test_a_garbage_referral_link_is_treated_as_an_unknown_code(client, code):
    response = client.get(f"/r/{code}/")
    unknown = client.get("/r/ONBEKEND/")
    assert response.status_code == unknown.status_code < 500
    assert response.get("Location") == unknown.get("Location")


@pytest.mark.parametrize("code", ["%00", "a%00b", "%3Cscript%3E"])
def test_a_garbage_campaign_status_code_is_not_found(client, code):
    assert client.get(f"/campagne-status/{code}/").status_code == 404
