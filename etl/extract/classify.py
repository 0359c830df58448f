"""Stage 5: classify each number -- program, metric, unit, place, period, status.

This module only orchestrates; each decision lives in the module of its concern:

* :mod:`sentences` -- sentences (end at 。!? or a line break) and clauses (end at , ; :);
* :mod:`drops` -- the reasons a number is no fact, each a named rule;
* :mod:`subject` -- the program (or topic) a figure is about, using the program
  groups of :mod:`groups` and the places of :mod:`clause_places`;
* :mod:`table_subjects` -- the subject of a cell of a flattened table;
* :mod:`metric` -- metric and unit from the unit word and the clause's cue words;
* :mod:`distribute` -- 分别, lists of programs or places sharing a value, the place;
* :mod:`period_status` -- the period and whether the figure is a target.

The shared types, the per-document state and the cue patterns are in
:mod:`classify_base`. Works one sentence at a time and inside it one clause at
a time; what a clause names (its subject, its places) is carried to the next
clauses of the sentence, and a sentence's first subject to the next sentence
(for 分市州看 breakdowns and subject-less spending). For every number the
pipeline of :meth:`Classifier._number` runs: the drop rules that need no
subject, the subject, the drop rules that need it, metric and unit,
distribution and places, period and status. Everything that does not end as a
fact is returned with the reason why.
"""

from __future__ import annotations

from bisect import bisect_left

from etl.extract.bounds import pair_bounds
from etl.extract.catalogue import Token, Vocabulary
from etl.extract.classify_base import ClauseState, Classified, Doc, SentenceState, Subject, TO_VERB
from etl.extract.clause_places import place_alone, places
from etl.extract.distribute import distribute
from etl.extract.document import DocContext
from etl.extract.drops import (after_subject, before_subject, combined_total, find_glued, fractional_count,
                               sentence_cues, unnamed_parts_after_total)
from etl.extract.groups import collapse, groups
from etl.extract.locality import carried_across
from etl.extract.metric import listed_rate, metric_unit
from etl.extract.numbers import NumberMention
from etl.extract.parts import parts_of_other_total
from etl.extract.period_status import from_marks, future_cues, period_status
from etl.extract.periods import PeriodCue, PeriodGrammar
from etl.extract.sentences import Sentences, any_between, clause_start, clauses, quote_start
from etl.extract.sentence_heads import breakdown_head, elliptic_subject
from etl.extract.subject import paid_in_clause, paid_subsidy, subject, subject_from

__all__ = ["Classified", "Classifier", "Sentences", "Subject"]


class Classifier:
    """Classifies the numbers of one document."""

    def __init__(self, vocab: Vocabulary, periods: PeriodGrammar, text: str, ctx: DocContext,
                 tokens: list[Token] | None = None, cues: list[PeriodCue] | None = None,
                 sentences: Sentences | None = None) -> None:
        self.doc = Doc(vocab, periods, text, ctx, tokens, cues, sentences)

    # ------------------------------------------------------------------ public
    def classify(self, mentions: list[NumberMention]) -> list[Classified]:
        """Classify all mentions (sorted by position)."""
        out: list[Classified] = []
        sentences = self.doc.sentences
        i = 0
        n = len(mentions)
        while i < n:
            m = mentions[i]
            s_start = sentences.start(m.start)
            s_end = sentences.end(m.end)
            j = i
            while j < n and mentions[j].start < s_end:
                j += 1
            out.extend(self._sentence(s_start, s_end, mentions[i:j]))
            i = j
        unnamed_parts_after_total(self.doc, out)
        parts_of_other_total(self.doc, out)
        pair_bounds(self.doc, out)
        return out

    # --------------------------------------------------------------- sentence
    def _sentence(self, s: int, e: int, mentions: list[NumberMention]) -> list[Classified]:
        """Classify the numbers of the sentence text[s:e], clause by clause."""
        doc = self.doc
        text = doc.text
        if all(m.kind == "other" or m.unit is None for m in mentions):
            # Only other counters (座, 个): each is an other_unit mention, and nothing
            # is carried out of a sentence, so the clause analysis can be skipped.
            return [Classified(m, quote_start(text, clause_start(text, s, m.start), m.start), "other_unit")
                    for m in mentions]
        sent = self._sentence_state(s, e, mentions)
        m_starts = sent.m_starts
        last_number = m_starts[-1] if m_starts else -1
        tokens, tok_starts = sent.tokens, sent.tok_starts
        results: list[Classified] = []
        for cs, ce in sent.clauses:
            if cs > last_number:
                break  # no number left: what the remaining clauses would carry is never used
            # tokens and numbers are in text order: a clause's share is a slice
            ctoks = tokens[bisect_left(tok_starts, cs):bisect_left(tok_starts, ce)]
            cms = mentions[bisect_left(m_starts, cs):bisect_left(m_starts, ce)]
            # (a clause with numbers and nothing lent to it lends nothing on: no call needed)
            lent = self._lend_places(sent, ctoks, cms, cs, ce) if sent.lent_places or not cms else []
            cl = ClauseState(cs, ce, ctoks, cms, lent)
            for k, m in enumerate(cms):
                r = Classified(m, quote_start(text, cs, m.start))
                results.append(r)
                self._number(sent, cl, k, m, r)
            if cl.counted:
                sent.counted.extend(p for p in cl.counted if p not in sent.counted)
            if cl.last_subject is not None and len(cl.counted) < 2 and len(cl.paid) < 2:
                sent.carried = carried_across(doc, cl.last_subject, ce)  # the common case of _carry
            else:
                self._carry(sent, cl)
            if cms:
                self._sibling_run(sent, cl)
        doc.prev_head = (e, sent.first_subject)
        return results

    def _sentence_state(self, s: int, e: int, mentions: list[NumberMention]) -> SentenceState:
        """What the rules ask of the whole sentence, found once."""
        doc = self.doc
        text = doc.text
        sent = SentenceState(s, e)
        lo, hi = bisect_left(doc.starts, s), bisect_left(doc.starts, e)
        sent.tokens = doc.tokens[lo:hi]
        sent.tok_starts = doc.starts[lo:hi]
        sent.m_starts = [m.start for m in mentions]
        sent.cues = doc.cues[bisect_left(doc.cue_starts, s):bisect_left(doc.cue_starts, e)]
        sent.clauses = clauses(text, s, e)
        sent.to_verbs = [m.start() for m in TO_VERB.finditer(text, s, e)]
        sent.from_marks = from_marks(doc, s, e)
        sent.future = future_cues(doc, s, e)
        sent.glued, sent.restated = find_glued(text, mentions)
        head = breakdown_head(doc, s)
        if head is not None:
            # 分市州看,衡阳市19.6万人,...: the places' shares of the sentence before's first figure
            # (only figures after a place: 其中,因病致贫1200人 is no place's share)
            sent.carried = sent.head = Subject(list(head.programs), head.kind, [], head.word, -1)
        # 审计发现...多发低保金12.3万元: the sentence counts an irregularity, not the program
        sent.irregular = bool(doc.irr_sentence) and any_between(doc.irr_sentence, s, e)
        sent.example = bool(doc.example_sentence) and any_between(doc.example_sentence, s, e)
        doc.counted_before = sent.counted
        sentence_cues(doc, sent)
        return sent

    def _lend_places(self, sent: SentenceState, ctoks: list[Token], cms: list[NumberMention],
                     cs: int, ce: int) -> list[str]:
        """The places lent to this clause by the one before, and those it lends to the next.

        宾川县最多,为1.6万人: the place of a clause with no figure is the next 为-clause's
        ...or the next clause's when the clause names only the place (比如龙江县,去年为...)."""
        doc = self.doc
        lent = sent.lent_places if (sent.lent_alone or doc.text.startswith("为", cs)) else []
        sent.lent_places = [] if cms or not any_between(doc.place_starts, cs, ce) else places(doc, ctoks, cs, ce)
        sent.lent_alone = bool(sent.lent_places) and place_alone(doc, ctoks, cs, ce)
        return lent

    def _carry(self, sent: SentenceState, cl: ClauseState) -> None:
        """The subject the clause carries to the next clauses of its sentence."""
        last_subject = cl.last_subject
        if last_subject is not None:
            sent.carried = carried_across(self.doc, last_subject, cl.ce)
            if len(cl.counted) > 1 and last_subject.kind == "program":
                # 为286名孤儿和412名事实无人抚养儿童发放...,全年发放1027万元: what follows is
                # about all the groups counted, i.e. their common program
                common = _common_subject(self.doc, cl.counted, last_subject)
                if common is not None:
                    sent.carried = common
            elif len(cl.paid) > 1 and not cl.counted:
                # 拨付困难残疾人生活补贴126万元、重度残疾人护理补贴219万元,1.4万名残疾人受惠:
                # sums of several programs; what follows is their common program's, or no one's
                sent.carried = _common_subject(self.doc, cl.paid, last_subject)
        else:
            # (占全县农村人口的3.8%: the base of a share is not what the sentence goes on about)
            text = self.doc.text
            own = [g for g in groups(self.doc, cl.ctoks, cl.cs, cl.ce)
                   if g.kind != "generic" and text.find("占", cl.cs, g.start) < 0]
            if own:
                carry = paid_in_clause(self.doc, own, cl.cs, cl.ce)
                sent.carried = subject_from(self.doc, carry, cl.ctoks, cl.cs, cl.ce)

    def _sibling_run(self, sent: SentenceState, cl: ClauseState) -> None:
        """其中,城镇特困人员22人,农村特困人员380人,供养标准为1050元: after consecutive clauses that
        each give figures of one kind for a program they name themselves, two or more variants
        of one program, a figure of the other kind in a clause that names none speaks of all of
        them: of that program (``sent.run_common``, applied in :meth:`_subject`). So a sum or a
        rate after such counts, a count after such standards (农村五保标准..., 城市“三无”标准...,
        有4000多人受益); a count after counts (农村低保对象43355户,6.67万人) is still the last one's."""
        sent.run_common = None
        last = cl.last_subject
        kinds = {m.kind for m in cl.cms}
        # (whether the clause names a program itself, the dearest question, asked last)
        if not (last is not None and last.kind == "program" and len(last.programs) == 1 and len(kinds) == 1
                and (not sent.run or kinds == {sent.run_kind})
                and any(t.kind in ("program", "modifier") for t in cl.ctoks)):
            sent.run = []
            return
        sent.run_kind = kinds.pop()
        sent.run.extend(p for p in last.programs if p not in sent.run)
        common = collapse(self.doc.v, sent.run) if len(sent.run) > 1 else []
        if len(common) == 1 and common[0] in self.doc.kinds.broad and len([p for p in sent.run if p != common[0]]) > 1:
            sent.run_common = common

    # ----------------------------------------------------------------- number
    def _number(self, sent: SentenceState, cl: ClauseState, k: int, m: NumberMention, r: Classified) -> None:
        """Classify the ``k``-th number of the clause into ``r``: fields of facts, or a reason."""
        doc = self.doc
        reason = before_subject(doc, sent, cl, m)
        if reason is not None:
            r.reason = reason
            return
        subj = self._subject(sent, cl, k, m)
        if subj is None:
            r.reason = "no_program"  # nothing in or around the clause names a program
            return
        cl.last_subject = subj
        if sent.first_subject is None and subj.kind == "program":
            sent.first_subject = subj
        reason = after_subject(doc, sent, cl, m, subj)
        if reason is not None:
            r.reason = reason
            return
        reason, subj = combined_total(doc, sent, cl, m, subj)
        if reason is not None:
            r.reason = reason
            return
        cs = cl.cs
        metric_unit(doc, r, subj, cs)
        if m.kind == "money":
            listed_rate(doc, r, sent.last_rate)
            sent.last_rate = r if r.metric in ("standard", "avg_benefit") and not r.reason else None
        if r.reason:
            return
        distribute(doc, r, subj, cl.cms, k, cl.ctoks, cs, sent.clauses, sent.tokens)
        if r.reason:
            return
        period_status(doc, r, sent.cues, sent.to_verbs, sent.from_marks, sent.future, cs)
        if not r.reason and m.kind == "count":
            r.reason = fractional_count(m)
        if m.kind == "count" and subj.kind == "program":
            cl.counted.extend(p for p in subj.programs if p not in cl.counted)
        elif r.metric == "spending" and m.scaled and subj.kind == "program":
            cl.paid.extend(p for p in subj.programs if p not in cl.paid)

    def _subject(self, sent: SentenceState, cl: ClauseState, k: int, m: NumberMention) -> Subject | None:
        """The subject of the number (:func:`subject.subject`), with what the sentence adds:
        places lent by a clause before, a by-place breakdown's head, an elliptic spending's."""
        doc = self.doc
        cs, ce, ctoks = cl.cs, cl.ce, cl.ctoks
        subj = paid_subsidy(doc, m, subject(doc, m, cl.cms, k, ctoks, cs, ce, sent.carried), cs, ce)
        if cl.lent and subj is not None and not any_between(doc.place_starts, cs, m.start):
            subj.places = list(cl.lent)
        head = sent.head
        if head is not None and not cl.lent and subj is not None and subj.word == head.word and subj.start < 0 and not any(
                t.kind == "place" for t in ctoks if t.start < m.start) and subj.programs == head.programs:
            # 分市州看: only figures after a place are the places' shares (or, 其中:集中供养32人, the
            # share of the variant a bare modifier picked)
            subj = None
        carried = sent.carried
        if (sent.run_common and subj is not None and m.kind != sent.run_kind and carried is not None
                and subj.start == carried.start and subj.programs == carried.programs and subj.start < cs):
            subj.programs = list(sent.run_common)  # see _sibling_run
        if subj is None and m.kind == "money" and k == 0 and cs == sent.s:
            subj = elliptic_subject(doc, sent.s, m.start)
        return subj


def _common_subject(doc: Doc, programs: list[str], last: Subject) -> Subject | None:
    """The common program of ``programs`` as a subject where ``last`` stood, or None when they have none."""
    common = collapse(doc.v, programs)
    return Subject(common, "program", list(last.places), last.word, last.start) if len(common) == 1 else None
