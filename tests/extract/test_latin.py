"""Latin letters against digits (etl.extract.latin): the translated text keeps every offset."""

from __future__ import annotations

import re

from etl import catalogue as ref
from etl.extract.catalogue import vocabulary
from etl.extract.latin import LatinForms
from etl.extract.numerals import NumberMention

UNITS = vocabulary().unit_words
FORMS = LatinForms(ref.read_csv("extract/latin_forms.csv"), ["RMB", "CNY"],
                   "|".join(map(re.escape, sorted(UNITS, key=len, reverse=True))))


def test_translation_keeps_length_and_reads_only_scale_letters_after_digits():
    text = "低保对象1.2W人,步行3km,功率10kW,5G网络,发放RMB1234万元,3k元"
    out = FORMS.translate(text)
    assert len(out) == len(text)
    assert "1.2万人" in out and "3千元" in out
    assert "3km" in out and "10kW" in out and "5G" in out
    assert "发放___1234万元" in out


def test_text_without_a_letter_against_a_digit_is_returned_as_is():
    text = "低保对象1260人,COVID 防控"
    assert FORMS.translate(text) is text


def test_stray_runs_are_kept_unless_a_mention_covers_them():
    text = "对象1W2人,对象3.2万W人,型号H5K元,建成5G网络"
    runs = FORMS.stray(text, [], [], UNITS)
    assert [text[u.start:u.end] for u in runs] == ["1W2人", "3.2万W人"]
    covering = NumberMention(2, 6, 1.0, None, "人", "person", "count", False, None, None, "exact")
    assert [text[u.start:u.end] for u in FORMS.stray(text, [covering], [], UNITS)] == ["3.2万W人"]
