"""Who did it to whom: participants the parse hides behind an object, a support verb, a misread acronym or a
generic-looking head (sentences written for these tests)."""
import pytest

from sanderling.coder.pipeline import Coder


@pytest.fixture(scope="module")
def coder():
    return Coder.load()


def _only(coder, text, event_type):
    events = [e.to_dict() for e in coder.code_text(text)]
    same = [e for e in events if e["event_type"] == event_type]
    assert len(same) == 1, events
    return same[0]


def _codes(entities):
    return [e["code"] for e in entities]


def test_the_other_party_named_with_the_object_of_a_joint_act(coder):
    e = _only(coder, "Swiss prosecutors shared evidence with the U.S. Justice Department on Monday.", "COOPERATE")
    assert _codes(e["actor"]) == ["CHE", "USA"] and e["recipient"] == []  # PLOVER: every party of it is an actor


def test_the_other_party_named_with_the_support_verb_of_a_meeting(coder):
    e = _only(coder, "Russian Foreign Minister Sergei Lavrov held a meeting on Tuesday with Israeli Prime Minister "
                     "Benjamin Netanyahu.", "CONSULT")
    assert [a["name"] for a in e["actor"]] == ["Sergey Lavrov", "Benjamin Netanyahu"]


def test_whom_a_demand_is_made_of_sits_inside_its_object(coder):
    e = _only(coder, "Kenyan opposition leaders demanded an explanation from President William Ruto.", "REQUEST")
    assert [(r["text"], r["code"]) for r in e["recipient"]] == [("President William Ruto", "KEN")]


def test_suspects_are_participants(coder):
    e = _only(coder, "Police in Nairobi detained several suspects on Monday.", "COERCE")
    assert [(r["text"], r["sector"], r["code"]) for r in e["recipient"]] == [("several suspects", "CRM", "KEN")]


def test_the_expelled_take_no_code_from_the_expelling_country(coder):
    e = _only(coder, "Iraq expelled all UNSCOM weapons inspectors in 1998.", "SANCTION")
    assert _codes(e["actor"]) == ["IRQ"]
    assert [(r["text"], r["code"]) for r in e["recipient"]] == [("UNSCOM weapons inspectors", None)]


def test_many_countries_are_an_actor_without_a_code(coder):
    e = _only(coder, "Nearly 40 countries have agreed to share tax information.", "AGREE")
    assert [(a["text"], a["code"], a["kind"]) for a in e["actor"]] == [("Nearly 40 countries", None, "countries")]


def test_leaders_of_a_named_body_are_not_an_anaphoric_generic(coder):
    e = _only(coder, "Leaders of the Kenya National Union of Teachers said they will not end the strike.", "REJECT")
    assert [a["text"] for a in e["actor"]] == ["Leaders of the Kenya National Union of Teachers"]


def test_an_acronym_the_parser_reads_as_an_adverb_is_still_the_subject(coder):
    e = _only(coder, "In cooperation with local partners, USAID delivered food to Haiti.", "AID")
    assert [(a["text"], a["code"]) for a in e["actor"]] == [("USAID", "USA")]
    assert _codes(e["recipient"]) == ["HTI"]


def test_a_name_with_a_capitalised_preposition_is_one_name(coder):
    e = _only(coder, "Action Against Hunger said it is providing food to 300,000 people in Niger.", "AID")
    assert [(a["text"], a["code"]) for a in e["actor"]] == [("Action Against Hunger", "NGO")]


def test_sub_national_actors_and_targets_are_coded_by_their_country(coder):
    e = _only(coder, "Authorities in Wyoming have launched an investigation into the shooting.", "ACCUSE")
    assert _codes(e["actor"]) == ["USA"]
    e = _only(coder, "Hezbollah threatened to shell Haifa if Israel hits Beirut.", "THREATEN")
    assert ("Haifa", "ISR", "place") in [(r["text"], r["code"], r["kind"]) for r in e["recipient"]]


def test_a_town_named_inside_a_group_does_not_code_it(coder):
    e = _only(coder, "But the women-led Hirak movement boycotted the vote, citing repression.", "PROTEST")
    assert [a["code"] for a in e["actor"]] == [None]  # Al-Hirak is a Syrian town; the movement is Algerian


def test_a_promise_is_made_to_whom_its_act_is_for(coder):
    e = _only(coder, "The Korean government has agreed to provide Sri Lanka with modern technology.", "AGREE")
    assert _codes(e["recipient"]) == ["LKA"]
    e = _only(coder, "The Ethiopian government has agreed to allow UN aid workers expanded access to the region.", "AGREE")
    assert _codes(e["recipient"]) == ["UNO"]


def test_people_the_parser_does_not_tag_are_still_targets(coder):
    e = _only(coder, "Iraqi security forces opened fire on protesters in Baghdad on Friday.", "ASSAULT")
    assert [(r["text"], r["code"]) for r in e["recipient"]] == [("protesters in Baghdad", "IRQ")]  # not "fire"
    e = _only(coder, "Iceland's president on Tuesday refused a request from the prime minister to dissolve parliament.",
              "REJECT")
    assert [r["text"] for r in e["recipient"]] == ["prime minister"]


def test_a_day_is_never_a_target(coder):
    e = _only(coder, "The Mozambique government on Thursday accepted demands from Shona rebels.", "CONCEDE")
    assert "Thursday" not in [r["text"] for r in e["recipient"]]


def test_a_rejection_is_aimed_at_whoever_made_the_proposal(coder):
    e = _only(coder, "President Bush swiftly rejected every offer made by the Taliban.", "REJECT")
    assert [r["text"] for r in e["recipient"]] == ["Taliban"]
    e = _only(coder, "On 17 July 2017 Russia's Supreme Court rejected a motion by former president Hosni Mubarak.", "REJECT")
    assert [a["text"] for a in e["actor"]] == ["Russia's Supreme Court"]  # the date is no part of the name
    assert [r["text"] for r in e["recipient"]] == ["former president Hosni Mubarak"]


def test_the_possessor_named_with_its_country_is_the_target(coder):
    e = _only(coder, "Omar Abdullah condemned the Indian government's decision to revoke the special status.", "ACCUSE")
    assert [(r["text"], r["code"]) for r in e["recipient"]] == [("Indian government", "IND")]


def test_the_speaker_of_a_reported_pronoun_is_the_subject_nearest_the_verb(coder):
    e = _only(coder, "ISLAMABAD -- Pakistani Prime Minister Yousaf Raza Gilani said on Monday that he has rejected a "
                     "request from his British counterpart.", "REJECT")
    assert [(a["text"], a["code"]) for a in e["actor"]] == [("Pakistani Prime Minister Yousaf Raza Gilani", "PAK")]


def test_hyphenated_agent_words_are_found(coder):
    e = _only(coder, "A group of asylum-seekers has gone on hunger strike in Dublin.", "PROTEST")
    assert [(a["text"], a["sector"]) for a in e["actor"]] == [("group of asylum-seekers", "REF")]


def test_those_reported_killed_are_victims_not_attackers(coder):
    e = _only(coder, "A suicide bomber carried out attacks on the parliament, with at least two people reported killed.",
              "ASSAULT")
    assert [a["text"] for a in e["actor"]] == ["suicide bomber"]
    assert [r["text"] for r in e["recipient"]] == ["parliament", "at least two people"]


def test_the_host_of_talks_is_the_recipient_and_their_parties_the_actors(coder):
    e = _only(coder, "Moscow hosted two days of talks between Syrian government envoys and opposition figures.", "CONSULT")
    assert (_codes(e["actor"]), _codes(e["recipient"])) == (["SYR"], ["RUS"])



def _by_trigger(coder, text, trigger):
    events = [e.to_dict() for e in coder.code_text(text)]
    same = [e for e in events if e["evidence"][0]["trigger"] == trigger]
    assert len(same) == 1, events
    return same[0]


# each beside a second event, which left the talks without a participant and so without an event
@pytest.mark.parametrize("text, trigger, actor", [
    ("Joe Biden and Xi Jinping held more than three hours of talks in Bali on the eve of the G20 summit, pledging "
     "to keep communication open.", "talks", ["Joe Biden", "Xi Jinping"]),  # held for hours
    ("Afghan government negotiators and Taliban envoys sat down for peace talks in Doha on Saturday, promising to "
     "protect civilians.", "talks", ["Afghan government negotiators", "Taliban envoys"]),  # sat down for
    ("Britain's foreign secretary joined Iranian Foreign Minister Mohammad Javad Zarif for a meeting in Vienna on "
     "the eve of the EU summit.", "meeting",
     ["Britain's foreign secretary", "Iranian Foreign Minister Mohammad Javad Zarif"]),  # the one joined
])
def test_the_parties_of_talks_named_through_their_support_verb(coder, text, trigger, actor):
    e = _by_trigger(coder, text, trigger)
    assert (e["event_type"], [a["text"] for a in e["actor"]]) == ("CONSULT", actor)


def test_him_is_the_person_the_sentence_just_named(coder):
    e = _only(coder, "The court issued an arrest warrant for Belarusian President Alexander Lukashenko on Tuesday, "
                     "accusing him of deporting children.", "ACCUSE")
    assert [(r["text"], r["code"]) for r in e["recipient"]] == [("him", "BLR")]


def test_them_is_the_people_the_sentence_just_joined_by_and(coder):
    e = _only(coder, "The prosecutor sought warrants for Israeli Prime Minister Benjamin Netanyahu and Hamas leader "
                     "Yahya Sinwar on Monday, accusing them of war crimes.", "ACCUSE")
    assert _codes(e["recipient"]) == ["ISR", "PSE"]


def test_a_condemned_act_points_at_its_doer_not_at_its_victim(coder):
    e = _only(coder, "The Arab League condemned Iraq's invasion of Kuwait on Friday.", "ACCUSE")
    assert _codes(e["recipient"]) == ["IRQ"]


def test_a_welcomed_act_points_at_its_doer_in_the_passive_too(coder):
    e = _only(coder, "Poland's support for Ukraine was welcomed by Kyiv.", "SUPPORT")
    assert (_codes(e["actor"]), _codes(e["recipient"])) == (["UKR"], ["POL"])


@pytest.mark.parametrize("text, event_type, actor, recipient", [
    ("Serbia closed its border crossings with Kosovo on Sunday, a move the European Union condemned as dangerous.",
     "ACCUSE", ["EUR"], ["SRB"]),
    ("Turkey sent survey ships into disputed waters, and Greece's government called the move a provocation.",
     "ACCUSE", ["GRC"], ["TUR"]),
    ("Mali expelled the French ambassador on Monday, a decision that drew sharp criticism from Paris.",
     "ACCUSE", ["FRA"], ["MLI"]),
])
def test_a_reaction_to_an_act_summed_up_as_a_move_answers_its_doer(coder, text, event_type, actor, recipient):
    events = [e.to_dict() for e in coder.code_text(text)]
    reaction = [e for e in events if e["evidence"][0]["trigger"] in ("condemned", "called", "criticism")]
    assert len(reaction) == 1, events
    e = reaction[0]
    assert event_type is None or e["event_type"] == event_type
    assert actor is None or _codes(e["actor"]) == actor
    assert _codes(e["recipient"]) == recipient


def test_people_from_an_organisation_take_its_code(coder):
    e = _only(coder, "Syria has invited inspectors from the International Atomic Energy Agency to visit a reactor "
                     "site.", "AGREE")
    assert [(r["text"], r["code"]) for r in e["recipient"]] == [
        ("inspectors from the International Atomic Energy Agency", "UNO")]


def test_whom_an_inquiry_found_guilty_is_the_recipient_of_its_accusation(coder):
    e = _only(coder, "A United Nations inquiry found that Myanmar's military had burned hundreds of villages.",
              "ACCUSE")
    assert (_codes(e["actor"]), [(r["text"], r["code"]) for r in e["recipient"]]) == (
        ["UNO"], [("Myanmar's military", "MMR")])


@pytest.mark.parametrize("text, recipient", [
    ("Nepal's government accepted offers of help from India, China and Japan after the earthquake.",
     ["IND", "CHN", "JPN"]),
    ("Chile's president accepted an invitation to visit Argentina next month.", ["ARG"]),
    ("Armenia's prime minister accepted a peace plan drawn up by France's foreign minister.", ["FRA"]),
])
def test_whom_an_acceptance_answers(coder, text, recipient):
    e = _by_trigger(coder, text, "accepted")
    assert (e["event_type"], _codes(e["recipient"])) == ("AGREE", recipient)


def test_who_secured_an_endorsement_received_it_from_whom_it_names(coder):
    e = _only(coder, "Ghana's opposition candidate won the endorsement of President John Mahama on Friday.",
              "SUPPORT")
    assert ([a["text"] for a in e["actor"]], [r["text"] for r in e["recipient"]]) == (
        ["President John Mahama"], ["Ghana's opposition candidate"])


def test_who_tendered_a_resignation_resigned(coder):
    e = _only(coder, "Peru's prime minister tendered his resignation on Tuesday, hours after protesters stormed the "
                     "Congress building.", "RETREAT")  # beside another event, it was lost
    assert [(a["text"], a["code"]) for a in e["actor"]] == [("Peru's prime minister", "PER")]


@pytest.mark.parametrize("text, actor, recipient", [
    ("Chile's new president won praise from Washington for his pledge on copper exports.", ["USA"], ["CHL"]),
    ("Ukraine's president received messages of support from Poland and Lithuania after the attack.",
     ["POL", "LTU"], ["UKR"]),
])
def test_what_was_received_came_from_whom_it_names(coder, text, actor, recipient):
    e = _only(coder, text, "SUPPORT")
    assert (_codes(e["actor"]), _codes(e["recipient"])) == (actor, recipient)


def test_the_party_one_signs_with_is_the_recipient(coder):
    e = _only(coder, "Armenia and Georgia signed trade agreements with the European Union on Friday.", "SUPPORT")
    assert (_codes(e["actor"]), _codes(e["recipient"])) == (["ARM", "GEO"], ["EUR"])
    e = _only(coder, "Bhutan has established diplomatic ties with Seychelles.", "SUPPORT")
    assert (_codes(e["actor"]), _codes(e["recipient"])) == (["BTN"], ["SYC"])


def test_a_province_named_with_a_possessive_codes_its_official(coder):
    e = _only(coder, "Sao Paulo's governor asked the federal government for emergency funds.", "REQUEST")
    assert [(a["text"], a["code"]) for a in e["actor"]] == [("Sao Paulo's governor", "BRA")]


def test_an_organisation_speaking_of_unnamed_locals_gives_them_no_code_of_its_own(coder):
    # the tagger reads "Niger" here as a date; the country is still the story's
    events = [e.to_dict() for e in coder.code_text(
        "The African Union condemned the military takeover in Niger and demanded that soldiers return to barracks "
        "within 15 days.")]
    demand = [e for e in events if e["event_type"] == "REQUEST"][0]
    assert [(r["text"], r["code"]) for r in demand["recipient"]] == [("soldiers", "NER")]


def test_who_did_it_in_a_relative_clause_is_the_noun_it_describes(coder):
    events = [e.to_dict() for e in coder.code_text(
        "Four soldiers who shot a student in Lagos were arrested on Friday.")]
    (shot,) = [e for e in events if e["event_type"] == "ASSAULT"]
    assert [a["text"] for a in shot["actor"]] == ["Four soldiers"]


def test_an_envoy_is_coded_by_the_country_that_sent_him_not_the_capital_he_serves_in(coder):
    e = _only(coder, "Norway summoned the Russian ambassador in Oslo on Monday.", "ACCUSE")
    assert [(r["text"], r["code"]) for r in e["recipient"]] == [("Russian ambassador in Oslo", "RUS")]


def test_people_named_with_their_city_are_a_party_of_their_own(coder):
    # the words "Lahore" in both phrases no longer make the magistrate "the same" as the court
    e = _only(coder, "The Lahore High Court demanded an explanation from a Lahore city magistrate on Tuesday.",
              "REQUEST")
    assert [(r["text"], r["code"]) for r in e["recipient"]] == [("Lahore city magistrate", "PAK")]
