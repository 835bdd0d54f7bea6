"""Plain models keep Django's fast delete: no project receiver listens to every model's deletes.

A ``post_delete`` receiver connected without a sender makes Django load and signal each row
before deleting it; connected to the page classes only, other models delete in one query.
"""

import pytest

from django.db.models.signals import post_delete, pre_delete

from wagtail.models import Page

from loket.mail.models import Category, MailOptOut


def test_no_delete_receiver_listens_to_a_plain_model():
    assert not post_delete.has_listeners(MailOptOut)
    assert not pre_delete.has_listeners(MailOptOut)
    # The menu cache still hears of deleted pages.
    assert post_delete.has_listeners(Page)


@pytest.mark.django_db
def test_deleting_2000_opt_outs_takes_at_most_two_queries(django_assert_max_num_queries):
    MailOptOut.objects.bulk_create(
        MailOptOut(address_hash=f"{n:064x}", category=Category.BULK) for n in range(2000)
    )
    with django_assert_max_num_queries(2):
        deleted, _ = MailOptOut.objects.all().delete()
    assert deleted == 2000
    assert not MailOptOut.objects.exists()
