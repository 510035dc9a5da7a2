"""The panel's scheduled work, run by the queue consumer once a day: consent renewal ("do you want
to stay?", reminders, and removing members who did not answer, erased as if they had left) and
erasing online joiners who never used their confirmation link."""

from __future__ import annotations

import logging
from datetime import datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from panel import repository
from panel.repository import Message, RenewalOutcome
from toolkit import notifications
from toolkit.queue import crontab, huey, in_app_context
from toolkit.schema import PanelMember
from toolkit.timeutil import utcnow

log = logging.getLogger(__name__)


def renewal_message(member: PanelMember, token: str) -> Message:
    """In the member's language: the member page (by the new personal link) has the "stay" button."""
    link = notifications.link(f"/panel/me/{token}")
    with force_locale(member.language):
        if member.contact_method == "sms":
            return Message("", _("Do you want to stay on the citizens' panel? Tell us here: %(link)s", link=link))
        body = _(
            "Thank you for being on the citizens' panel. Once a year we ask whether you want to stay.\n\n"
            'To stay, open your personal link and choose "Yes, I want to stay":\n%(link)s\n\n'
            "If we do not hear from you, we will remove you from the panel and delete your contact "
            "details. This is your new personal link: older ones no longer work.\n",
            link=link,
        )
        return Message(_("Do you want to stay on the citizens' panel?"), body)


def renew_and_expire(now: datetime | None = None) -> tuple[RenewalOutcome, int]:
    now = now or utcnow()
    return repository.run_renewals(now, renewal_message), repository.expire_unconfirmed(now)


@huey.periodic_task(crontab(hour="4", minute="20"))
@in_app_context
def daily_panel_renewals() -> None:
    outcome, expired = renew_and_expire()
    log.info("panel renewals: %s; %s unconfirmed joiners erased", outcome, expired)
