"""Event mentions and their argument phrases, straight from the parse (no knowledge base involved)."""
import pytest

from sanderling.coder import lexicon
from sanderling.coder import parse as nlp
from sanderling.coder.arguments import find_arguments
from sanderling.coder.mentions import find_mentions


@pytest.fixture(scope="module")
def lex():
    return lexicon.load()


def mentions(text, lex):
    doc = next(nlp.parse([text]))
    out = []
    for s in doc.sents:
        out.extend(find_mentions(s, lex))
    return out


def summary(text, lex):
    out = []
    for m in mentions(text, lex):
        a, r = find_arguments(m)
        out.append((m.event_type, m.trigger_text, [x.text for x in a], [x.text for x in r]))
    return out


def test_frame_absorbs_its_content_and_sets_mode(lex):
    ms = mentions("Macron urged an immediate ceasefire and the resumption of peace negotiations.", lex)
    assert [(m.event_type, m.trigger_text) for m in ms] == [("REQUEST", "urged")]
    assert ms[0].modes[0] == "yield" and "meet" in ms[0].modes


def test_participle_clause_is_a_second_event_with_the_same_subject(lex):
    s = summary("Macron urged an immediate ceasefire, reaffirming France's unwavering support for Ukraine's sovereignty.", lex)
    types = [x[0] for x in s]
    assert types[0] == "REQUEST"
    support = [x for x in s if x[0] == "SUPPORT"]
    assert support and "Ukraine" in support[-1][3]


def test_speech_verb_with_must_is_a_request_to_the_inner_subject(lex):
    s = summary("Macron emphasized Iran must fully cooperate with the International Atomic Energy Agency.", lex)
    assert s == [("REQUEST", "emphasized", ["Macron"], ["Iran"])]


def test_nominal_trigger_takes_the_light_verb_subject_and_on_object(lex):
    s = summary("Russia launched its largest aerial attack on Kyiv to date.", lex)
    assert s == [("ASSAULT", "attack", ["Russia"], ["Kyiv"])]


def test_compound_actor_is_split_into_participants(lex):
    s = summary("Russian President Vladimir Putin and French President Emmanuel Macron held talks in Paris.", lex)
    assert s[0][0] == "CONSULT"
    assert s[0][2] == ["Russian President Vladimir Putin", "French President Emmanuel Macron"]


def test_phone_call_mode(lex):
    ms = mentions("The two presidents held a two-hour phone call on Tuesday.", lex)
    assert [(m.event_type, m.modes) for m in ms] == [("CONSULT", ["phone"])]


def test_negation_future_and_hypothesis(lex):
    (neg,) = mentions("Government troops did not attack the village.", lex)
    assert neg.event_type == "ASSAULT" and neg.negated
    (fut,) = mentions("The ministers will meet in Geneva next week.", lex)
    assert fut.event_type == "AGREE" and fut.future  # a future meeting is AGREE (codebook)
    (hyp,) = mentions("If Russia were to invade, NATO could respond.", lex)[:1]
    assert hyp.hypothetical


def test_announced_future_withdrawal_is_a_commitment(lex):
    # AGREE, as both real gold sets code it (the manual's CONCEDE section says CONCEDE)
    ms = mentions("Israel announced it would withdraw its troops from the town.", lex)
    assert [m.event_type for m in ms] == ["AGREE"]
    ms = mentions("The government said it would free 1,500 prisoners.", lex)
    assert [m.event_type for m in ms] == ["AGREE"]


def test_agreeing_to_withdraw_is_agree(lex):
    # a commitment, as both real gold sets code "agreed to lift the ban / to resign / to lay down weapons"
    ms = mentions("Israel agreed to withdraw its troops from the town.", lex)
    assert [m.event_type for m in ms] == ["AGREE"]


def test_threaten_mode_comes_from_the_threatened_act(lex):
    (m,) = mentions("North Korea threatened to attack South Korean warships.", lex)
    assert (m.event_type, m.modes) == ("THREATEN", ["violence"])


def test_sports_attack_is_not_an_event(lex):
    assert mentions("Liverpool attacked relentlessly in the second half and the striker scored twice.", lex) == []


def test_passive_agent_is_the_actor(lex):
    s = summary("Three journalists were arrested by police in Minsk.", lex)
    assert s == [("COERCE", "arrested", ["police in Minsk"], ["Three journalists"])]  # the place names their country


def test_aerial_attack_modes_from_weapons_in_the_clause(lex):
    (m,) = [m for m in mentions("Russia launched its largest aerial attack on Kyiv, deploying 539 drones and 11 missiles.", lex)]
    assert m.event_type == "ASSAULT"
    assert {"aerial", "drone"} <= set(m.modes)


def test_words_sport_shares_with_politics_do_not_veto_alone(lex):
    # "over", "set" and "final" each once silenced every conflictual trigger of the sentence
    assert summary("Russia threatened Ukraine over the border dispute.", lex) == [
        ("THREATEN", "threatened", ["Russia"], ["Ukraine"])]
    assert [m.event_type for m in mentions("The army attacked rebels in the final push.", lex)] == ["ASSAULT"]
    assert mentions("The striker attacked the goalkeeper in the cup final.", lex) == []


def test_a_date_is_never_a_participant(lex):
    (m,) = mentions("Archbishop Desmond Tutu on Sunday called for sanctions against Nigeria.", lex)
    a, r = find_arguments(m)
    assert [x.text for x in r] == ["Nigeria"]  # not "Sunday" (from "called on")


def test_mediation_between_two_parties_makes_them_recipients(lex):
    s = summary("Arab League Secretary General Chadli Klibi undertook a mediation mission between Syria and "
                "Palestinian leader Yasser Arafat.", lex)
    assert s == [("CONSULT", "mediation", ["Arab League Secretary General Chadli Klibi"],
                  ["Syria", "Palestinian leader Yasser Arafat"])]


def test_conditional_threat_keeps_the_target_of_the_threatened_act(lex):
    s = summary("Nigeria announced that it will withdraw its peacekeeping force from Chad unless the president "
                "arranges a ceasefire.", lex)
    assert s[0][0] == "THREATEN" and "Chad" in s[0][3]


def test_promise_to_meet_is_made_to_the_other_party(lex):
    s = summary("Afghan rebel leaders said they would meet U.N. mediator Diego Cordovez.", lex)
    assert s == [("AGREE", "meet", ["Afghan rebel leaders"], ["U.N. mediator Diego Cordovez"])]


def test_protest_against_whom_from_its_stance_or_purpose(lex):
    s = summary("Hundreds of thousands of people blocked streets in Hong Kong in defiance of Chinese authorities.", lex)
    assert s == [("PROTEST", "blocked", ["Hundreds of thousands of people"], ["Chinese"])]
    s = summary("Demonstrators blocked a road to show their disapproval for the United States' military policies.", lex)
    assert s[0][3] == ["United States"]  # not "road"


def test_a_refusals_content_names_whom_it_is_aimed_at(lex):
    s = summary("Ecuador refused to hand over Julian Assange to Britain.", lex)
    assert s[0][0] == "REJECT" and s[0][3] == ["Britain"]


def test_a_call_to_punish_or_investigate_is_an_accusation(lex):
    (m,) = mentions("Archbishop Desmond Tutu called for sanctions against Nigeria.", lex)
    assert (m.event_type, m.modes) == ("ACCUSE", ["disapprove"])
    (m,) = mentions("A U.N. expert is calling for a full investigation into the death of the migrant.", lex)
    assert (m.event_type, m.modes) == ("ACCUSE", ["investigate"])
    # a call to lift them is still a request
    assert [m.event_type for m in mentions("The president called for an end to Western sanctions.", lex)] == ["REQUEST"]
