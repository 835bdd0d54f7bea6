"""Opt-outs keep a keyed hash of the address instead of the address; a status for skipped mail.

The data step hashes every stored address and then drops the address column. It cannot be
undone once opt-outs exist (a hash does not give the address back): going back refuses rather
than silently forgetting who asked for no more mail.
"""

from django.db import migrations, models
from django.utils.crypto import salted_hmac

# A frozen copy of loket.mail.models.address_hash as it was when this migration was written.
PURPOSE = "loket.mail.opt-out-address"


def _hash(email):
    normalised = (email or "").strip().lower()
    return salted_hmac(PURPOSE, normalised, algorithm="sha256").hexdigest()


def hash_addresses(apps, schema_editor):
    MailOptOut = apps.get_model("mail", "MailOptOut")
    seen = set()
    for opt_out in MailOptOut.objects.order_by("pk").iterator():
        key = (_hash(opt_out.email), opt_out.category)
        if key in seen:
            # "A@x.nl " and "a@x.nl" were stored apart by code that skipped normalising.
            opt_out.delete()
            continue
        seen.add(key)
        opt_out.address_hash = key[0]
        opt_out.save(update_fields=["address_hash"])


def refuse_to_forget(apps, schema_editor):
    if apps.get_model("mail", "MailOptOut").objects.exists():
        raise RuntimeError(
            "Opt-outs hold only hashes now; the addresses cannot be restored. Going back would "
            "forget who opted out: move them aside first if you really must."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0001_outbox_and_opt_outs"),
    ]

    operations = [
        migrations.AddField(
            model_name="mailoptout",
            name="address_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="adres-hash"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(hash_addresses, migrations.RunPython.noop, elidable=False),
        migrations.RemoveConstraint(
            model_name="mailoptout",
            name="mail_optout_unique",
        ),
        migrations.RemoveField(
            model_name="mailoptout",
            name="email",
        ),
        migrations.AddConstraint(
            model_name="mailoptout",
            constraint=models.UniqueConstraint(
                fields=("address_hash", "category"), name="mail_optout_hash_unique"
            ),
        ),
        migrations.AlterField(
            model_name="outgoingmail",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "In de wachtrij"),
                    ("sending", "Wordt verstuurd"),
                    ("sent", "Verstuurd"),
                    ("failed", "Mislukt"),
                    ("skipped", "Afgemeld"),
                ],
                default="queued",
                max_length=10,
                verbose_name="status",
            ),
        ),
        # Last, so that going back checks first, before any column changes.
        migrations.RunPython(migrations.RunPython.noop, refuse_to_forget, elidable=False),
    ]
