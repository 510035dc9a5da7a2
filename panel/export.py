"""The contact list export (plain Python): CSV text with formula-looking cells made safe."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from panel.model import Contact, MemberRow
from toolkit.spreadsheets import BOM, safe_cell

HEADER = ("member", "name", "email", "mobile", "address", "postcode", "contact_method", "language", "format")


def contacts_csv(rows: Sequence[MemberRow], contacts: Mapping[int, Contact]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in rows:
        contact = contacts.get(row.id, Contact())
        cells = (contact.name, contact.email or "", contact.phone or "", contact.address, contact.postcode)
        writer.writerow([row.id, *(safe_cell(c) for c in cells), row.contact_method, row.language, row.format])
    return BOM + out.getvalue()
