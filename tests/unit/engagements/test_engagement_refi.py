"""The codebook as a REFI-QDA .qdc file: valid against the format's schema, read back the same."""

from __future__ import annotations

import pytest
from lxml import etree

from engagements import refi
from engagements.coding import Code

BOOK = [
    Code(1, "Access", None, "Getting an appointment", "I can't get through at 8am", "Parking"),
    Code(2, "Phone lines", 1, "Calls at 8am"),
    Code(3, "Care & <kindness>"),
]


def test_the_export_is_valid_against_the_refi_qda_codebook_schema_and_reads_back() -> None:
    data = refi.to_qdc(BOOK, engagement_id=7)
    root = etree.fromstring(data)
    assert refi.schema().validate(root), refi.schema().error_log
    assert root.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    rows = refi.from_qdc(data)
    assert [(parent, d.name, d.definition, d.include_example, d.exclude_example) for parent, d in rows] == [
        ("", "Access", "Getting an appointment", "I can't get through at 8am", "Parking"),
        ("Access", "Phone lines", "Calls at 8am", "", ""),
        ("", "Care & <kindness>", "", "", ""),
    ]
    assert refi.to_qdc(BOOK, 7) == data  # stable guids: the same file every time


def test_a_file_that_breaks_the_schema_is_refused_saying_why() -> None:
    missing_guid = (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code name="A" isCodable="true"/></Codes></CodeBook>'
    )
    with pytest.raises(ValueError, match="not a REFI-QDA codebook"):
        refi.from_qdc(missing_guid)
    with pytest.raises(ValueError, match="it is not XML"):
        refi.from_qdc(b"theme,sub_theme\nAccess,")
    with pytest.raises(ValueError):
        refi.to_qdc([], 7)


def test_entities_in_an_uploaded_file_are_never_expanded() -> None:
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
        b'<Code guid="eafa8d60-1c05-5b33-960a-46148e251d96" name="&secret;" isCodable="true"/></Codes></CodeBook>'
    )
    try:
        rows = refi.from_qdc(hostile)
    except ValueError:
        return
    assert all("root:" not in draft.name for _parent, draft in rows)
