"""Latin letters against digits (etl.extract.latin): the translated text keeps every offset."""

from __future__ import annotations

from etl import catalogue as ref
from etl.extract.latin import LatinForms

FORMS = LatinForms(ref.read_csv("extract/latin_forms.csv"))


def test_translation_keeps_length_and_reads_only_scale_letters_after_digits():
    text = "低保对象1.2W人,步行3km,功率10kW,5G网络,发放RMB1234万元,3k元"
    out, prefixes = FORMS.translate(text)
    assert len(out) == len(text)
    assert "1.2万人" in out and "3千元" in out
    assert "3km" in out and "10kW" in out and "5G" in out
    assert [text[s:e] for s, e in prefixes] == ["RMB"]


def test_text_without_a_letter_against_a_digit_is_returned_as_is():
    text = "低保对象1260人,COVID 防控"
    assert FORMS.translate(text) == (text, [])
