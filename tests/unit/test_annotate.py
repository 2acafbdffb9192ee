"""The annotator on the hard cases of news text, as a named table of small examples written for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstui.cli import main
from newstui.core.annotate import annotate
from newstui.core.annotate.render import as_record, bracketed
from tests.conftest import SEED_FILE


def article(*paragraphs: str, title: str = "A report") -> str:
    return title + "\n\n" + "\n\n".join(paragraphs) + "\n"


QUOTE_CASES: dict[str, tuple[str, list[str]]] = {
    "curly double quotes": (article("He said “we will win” today."), ["“we will win”"]),
    "straight double quotes": (article('She said "no way" and left.'), ['"no way"']),
    "mixed straight and curly marks": (article('"Mixed marks,” he said.'), ['"Mixed marks,”']),
    "single-quoted sentence": (article("‘We will fight on,’ the mayor said."), ["‘We will fight on,’"]),
    "scare quotes are not quotations": (article("Troops of the elite ‘Spetsnaz’ brigade arrived."), []),
    "apostrophes are not quotations": (
        article("Kazakhstan’s capital isn’t calm, officials’ reports say."),
        [],
    ),
    "nested quotation": (
        article("“He told me ‘we will never give up on this,’ then left,” she said."),
        ["“He told me ‘we will never give up on this,’ then left,”", "‘we will never give up on this,’"],
    ),
    "multi-paragraph quotation is one span": (
        article("He said: “First part.", "“Second part.", "“Last part.”", "After."),
        ["“First part.\n\n“Second part.\n\n“Last part.”"],
    ),
    "unbalanced mark does not swallow the article": (
        article("A stray “mark here and nothing else.", "Next paragraph has “a quote” in it."),
        ["“a quote”"],
    ),
    "one paragraph per line: an unclosed mark stops at the line's end": (
        "T\n\n"
        + "“An unclosed quotation in a long line of text that is a paragraph on its own " * 2
        + "\n"
        + "Then another long paragraph on the next line, with “a quote” in it, long enough to count. " * 2
        + "\n",
        [
            "“An unclosed quotation in a long line of text that is a paragraph on its own "
            "“An unclosed quotation in a long line of text that is a paragraph on its own",
            "“a quote”",
            "“a quote”",
        ],
    ),
    "quotation left open at paragraph end stops there": (
        article("“Unclosed quotation runs to the end", "Plain text “closed” after."),
        ["“Unclosed quotation runs to the end", "“closed”"],
    ),
}


@pytest.mark.parametrize(("text", "expected"), QUOTE_CASES.values(), ids=QUOTE_CASES.keys())
def test_quotations(text: str, expected: list[str]) -> None:
    quotes = annotate(text).quotes
    assert [q.text for q in quotes] == expected
    assert all(text[q.start : q.end] == q.text for q in quotes)


ENTITY_CASES: dict[str, tuple[str, set[tuple[str, str]], set[str]]] = {
    # name: (text, (label, text) pairs that must be found, texts that must not be entities)
    "non-breaking spaces between words": (
        article("Russian\u00a0President\u00a0Vladimir Putin has sent troops."),
        {("NORP", "Russian"), ("PERSON", "Vladimir Putin")},
        {"President", "President\u00a0Vladimir Putin"},
    ),
    "curly possessive leaves the name alone": (
        article("Gunfire was heard in Almaty, Kazakhstan’s largest city."),
        {("PLACE", "Kazakhstan"), ("PLACE", "Almaty")},
        {"Kazakhstan’s"},
    ),
    "straight possessive": (
        article("Kenya's ruler for 20 years spoke on Saturday."),
        {("PLACE", "Kenya"), ("DATE", "20 years"), ("DATE", "Saturday")},
        {"Kenya's"},
    ),
    "hyphenated name after a title": (
        article("It came as President Kassym-Jomart Tokayev claimed victory."),
        {("PERSON", "Kassym-Jomart Tokayev")},
        {"President Kassym-Jomart Tokayev"},
    ),
    "sentence-initial capitals that are not names": (
        article("Scores of civilians were hurt. Buildings have been torched. Demonstrations grew."),
        set(),
        {"Scores", "Buildings", "Demonstrations"},
    ),
    "title case headline": (
        article("Vladimir Putin sent troops.", title="Putin Sends Thousands Of Soldiers Into Kazakhstan"),
        {("PERSON", "Putin"), ("PLACE", "Kazakhstan")},
        {"Sends", "Soldiers", "Into"},
    ),
    "all-caps dateline": (
        article("NAIROBI, Kenya (AP) _ Thousands of workers protested on Saturday."),
        {("PLACE", "NAIROBI"), ("PLACE", "Kenya"), ("ORG", "AP"), ("DATE", "Saturday")},
        set(),
    ),
    "honorific and name particle": (
        article("Mr. Obama met President Daniel arap Moi in the capital."),
        {("PERSON", "Obama"), ("PERSON", "Daniel arap Moi")},
        {"Mr. Obama", "Mr."},
    ),
    "dates and numbers": (
        article("He took power three years ago; 2,500 troops, £600m and 76% of votes followed."),
        {("DATE", "three years ago"), ("NUMBER", "2,500"), ("NUMBER", "£600m"), ("NUMBER", "76%")},
        set(),
    ),
    "lone unknown word never introduced as a person is an organisation": (
        article("Shares of Qorvex rose after Qorvex said profits doubled."),
        {("ORG", "Qorvex")},
        set(),
    ),
    "surname of a person introduced earlier stays a person": (
        article("Kivutha Kibwana led the rally.", "Kibwana said the strike would go ahead."),
        {("PERSON", "Kivutha Kibwana"), ("PERSON", "Kibwana")},
        set(),
    ),
    "middle initial inside a name": (
        article("Another critic, Laurence H. Tribe, likened the rules to a fire."),
        {("PERSON", "Laurence H. Tribe")},
        {"Tribe", "Laurence"},
    ),
    "organisation with a company suffix": (
        article("Shares of Walt Disney Co. rose after the report."),
        {("ORG", "Walt Disney Co.")},
        set(),
    ),
}


@pytest.mark.parametrize(("text", "wanted", "unwanted"), ENTITY_CASES.values(), ids=ENTITY_CASES.keys())
def test_entities(text: str, wanted: set[tuple[str, str]], unwanted: set[str]) -> None:
    entities = annotate(text).entities
    found = {(e.label, e.text) for e in entities}
    assert wanted <= found
    assert not {e.text for e in entities} & unwanted
    assert all(text[e.start : e.end] == e.text for e in entities)


SPEAKER_CASES: dict[str, tuple[str, str | None]] = {
    "X said after the quotation": (
        article("John Smith arrived late.", "“We will win,” Smith said."),
        "John Smith",
    ),
    "said X after the quotation": (article("“We will win,” said Mary Jones."), "Mary Jones"),
    "X said: before the quotation": (article("Mary Jones said: “We will win.”"), "Mary Jones"),
    "according to X": (article("According to Peter Brown, “the vote is lost.”"), "Peter Brown"),
    "X told reporters": (article("“It is over,” Anna Lee told reporters on Monday."), "Anna Lee"),
    "X wrote": (article("“Sad news,” Donald Trump wrote on Twitter."), "Donald Trump"),
    "title before the name": (
        article("President Kassym-Jomart Tokayev said: “Order will be restored.”"),
        "Kassym-Jomart Tokayev",
    ),
    "name with an apposition": (
        article("“We are ready,” Mike Pence, the Indiana governor, said."),
        "Mike Pence",
    ),
    "pronoun resolved to the person named before": (
        article(
            "It came as President Kassym-Jomart Tokayev claimed victory.",
            "Scores of people were hurt.",
            "He said: “The militants have not laid down their arms.",
            "“Whoever does not surrender will be destroyed.”",
        ),
        "Kassym-Jomart Tokayev",
    ),
    "quotation opening the sentence after X said": (
        article("The vote may slip to March, Adam Schiff said. “The other factor is time.”"),
        "Adam Schiff",
    ),
    "unknown organisation as subject": (article("Zero Hedge asked, “Wait, now it is lower?”"), "Zero Hedge"),
    "no speaker stated": (article("Crowds waved flags marked “No surrender” in red."), None),
    "a description speaks for itself": (
        article("Obama spoke first. The banner at the rally read “No surrender” in red."),
        "The banner",
    ),
    "a described speaker is not the last person named": (
        article("Obama spoke on Monday.", "“We are ready,” the report said."),
        "the report",
    ),
    "a possessive description": (article("“No comment,” Obama's spokesman said."), "Obama's spokesman"),
    "a surname takes the full name the article gave": (
        article("Vladimir Putin arrived.", "“We will see,” Putin said."),
        "Vladimir Putin",
    ),
    "it resolves to the organisation named before": (
        article("The European Commission met with farmers on Monday.", "“We will act,” it said."),
        "European Commission",
    ),
}


LINK_CASES: dict[str, tuple[str, str, str]] = {
    "a surname joins the full name": (
        article("Vladimir Putin spoke.", "Later Putin left and Mr Putin returned."),
        "Putin",
        "Vladimir Putin",
    ),
    "a short form joins the organisation": (
        article("Wells BDDP, the agency, will close.", "Wells had 133 employees."),
        "Wells",
        "Wells BDDP",
    ),
    "an ambiguous surname stays unresolved": (
        article("Hillary Clinton and Bill Clinton arrived.", "Clinton spoke first."),
        "Clinton",
        "Clinton",
    ),
    "a title says which of two people is meant": (
        article("Hillary Clinton and Bill Clinton arrived.", "Mrs. Clinton spoke first."),
        "Clinton",
        "Hillary Clinton",
    ),
    "the nearest fitting full name wins": (
        article(
            "Bill Clinton arrived on Monday.",
            "Nothing else happened that day.",
            "Hillary Clinton spoke on Tuesday.",
            "Clinton said she would return.",
        ),
        "Clinton",
        "Hillary Clinton",
    ),
    "U.S. is the United States": (
        article("The United States and Britain agreed.", "U.S. officials said America would act."),
        "U.S.",
        "United States",
    ),
    "America is the United States": (
        article("The United States and Britain agreed.", "U.S. officials said America would act."),
        "America",
        "United States",
    ),
    "Britain is the United Kingdom, named so even when the article never says it": (
        article("Britain and France agreed.", "The UK will sign first."),
        "Britain",
        "United Kingdom",
    ),
    "an acronym introduced in brackets is its organisation": (
        article("The National Association of Realtors (NAR) met on Monday.", "NAR said prices rose."),
        "NAR",
        "National Association of Realtors",
    ),
    "the introduced acronym names the organisation by its full name": (
        article("The Committee to Protect Journalists (CPJ) said two were held.", "The CPJ asked."),
        "Committee to Protect Journalists",
        "Committee to Protect Journalists",
    ),
}


@pytest.mark.parametrize(("text", "mention", "canonical"), LINK_CASES.values(), ids=LINK_CASES.keys())
def test_mentions_are_linked(text: str, mention: str, canonical: str) -> None:
    found = [e for e in annotate(text).entities if e.text == mention]
    assert found
    assert {e.entity for e in found} == {canonical}
    assert len({e.label for e in annotate(text).entities if e.entity == canonical}) == 1


@pytest.mark.parametrize(("text", "speaker"), SPEAKER_CASES.values(), ids=SPEAKER_CASES.keys())
def test_speakers(text: str, speaker: str | None) -> None:
    annotations = annotate(text)
    quotes = annotations.quotes
    assert quotes
    assert {q.speaker for q in quotes} == {speaker}
    described = {(r.start, r.end): r.entity for r in annotations.references}
    for q in quotes:
        if q.speaker_start is not None and q.speaker_end is not None:
            mention = text[q.speaker_start : q.speaker_end]
            pronoun = mention.lower() in ("he", "she", "they", "it")
            linked = described.get((q.speaker_start, q.speaker_end)) == q.speaker
            assert pronoun or linked or mention.split()[-1] in q.speaker.split()


REFERENCE_CASES: dict[str, tuple[str, str, str | None]] = {
    "a title before the name gives the role": (
        article("Russian President Vladimir Putin arrived.", "Later the Russian president left."),
        "the Russian president",
        "Vladimir Putin",
    ),
    "the head noun alone fits the role": (
        article("Russian President Vladimir Putin arrived.", "Later the president left."),
        "the president",
        "Vladimir Putin",
    ),
    "an apposition gives the role": (
        article("Adam Schiff, the California congressman, spoke.", "The congressman left early."),
        "The congressman",
        "Adam Schiff",
    ),
    "an abbreviated title gives the role": (
        article("Sen. Bernie Sanders spoke on Monday.", "The senator left early."),
        "The senator",
        "Bernie Sanders",
    ),
    "an organisation's own name says what it is": (
        article("On Monday the Labour Party cut jobs.", "The party said more would come."),
        "The party",
        "Labour Party",
    ),
    "a company's ending makes it the company": (
        article("Acme Inc. cut jobs on Monday.", "The company said more would go."),
        "The company",
        "Acme Inc.",
    ),
    "words the role never used do not link": (
        article("Russian President Vladimir Putin arrived.", "Later the former president left."),
        "the former president",
        None,
    ),
    "a description before the role is given does not link": (
        article("The president arrived late.", "Russian President Vladimir Putin then spoke."),
        "The president",
        None,
    ),
    "no role in the text, no link": (
        article("Vladimir Putin arrived.", "Later the president left."),
        "the president",
        None,
    ),
    "two people of one role named close by stay apart": (
        article("President Joe Biden met President Emmanuel Macron.", "The president spoke first."),
        "The president",
        None,
    ),
    "a description of its own is not the role's": (
        article("Russian President Vladimir Putin arrived.", "Later the president of Brazil left."),
        "the president",
        None,
    ),
}


@pytest.mark.parametrize(
    ("text", "description", "entity"), REFERENCE_CASES.values(), ids=REFERENCE_CASES.keys()
)
def test_descriptions_link_where_the_text_says(text: str, description: str, entity: str | None) -> None:
    found = {r.text: r.entity for r in annotate(text).references}
    assert found.get(description) == entity


def test_a_described_speaker_is_named_and_keeps_the_description() -> None:
    text = article("Russian President Vladimir Putin arrived.", "“We will talk,” the Russian president said.")
    [quote] = annotate(text).quotes
    assert quote.speaker == "Vladimir Putin"
    record = as_record("x.txt", annotate(text))
    assert record["quotes"][0]["speaker"] == "Vladimir Putin"
    assert record["quotes"][0]["speaker_description"] == "the Russian president"
    assert {"text": "the Russian president", "entity": "Vladimir Putin"}.items() <= record["references"][
        0
    ].items()


def test_seed_article() -> None:
    text = SEED_FILE.read_text(encoding="utf-8")
    result = annotate(text)
    quotes = result.quotes
    assert len(quotes) == 2
    multi = quotes[1]
    assert multi.text.startswith("“The militants") and multi.text.endswith("without warning.”")
    assert multi.text.count("\n\n") == 2
    assert multi.speaker == "Kassym-Jomart Tokayev"
    assert text[multi.speaker_start : multi.speaker_end] == "He"
    labels = {(e.label, e.text) for e in result.entities}
    assert {("PERSON", "Vladimir Putin"), ("PLACE", "Almaty"), ("NORP", "Russian")} <= labels
    assert "Spetsnaz’" not in {q.text for q in quotes}


def test_deterministic() -> None:
    text = SEED_FILE.read_text(encoding="utf-8")
    assert annotate(text) == annotate(text)


def test_bracketed_rendering() -> None:
    text = article("“We will win,” said Mary Jones in Paris.")
    shown = bracketed(text, annotate(text))
    assert "[Mary Jones|PERSON]" in shown and "[Paris|PLACE]" in shown
    assert "{— Mary Jones}" in shown


def test_annotate_command_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "b.txt"
    other.write_text(article("“Fine,” said Mary Jones."), encoding="utf-8")
    assert main(["annotate", "--json", str(SEED_FILE), str(other)]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["path"] for r in records] == [str(SEED_FILE), str(other)]
    text = SEED_FILE.read_text(encoding="utf-8")
    for entity in records[0]["entities"]:
        assert set(entity) == {"start", "end", "label", "text", "entity"}
        assert entity["entity"]
        assert text[entity["start"] : entity["end"]] == entity["text"]
    quote = records[1]["quotes"][0]
    assert {"start", "end", "text", "speaker", "speaker_start", "speaker_end"} <= set(quote)
    assert quote["speaker_description"] is None  # named, not described
    assert quote["speaker"] == "Mary Jones"


def test_annotate_command_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["annotate", str(tmp_path / "nope.txt")]) == 2
    assert "no such file" in capsys.readouterr().err


WORDS = [
    "Mr.",
    "said",
    "He",
    "President",
    "Putin",
    "of",
    "the",
    "Kazakhstan’s",
    "2,500",
    "\u00a0",
    "\n\n",
    "\n",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(WORDS), st.text(alphabet="Aa “”‘’\"'.,:—-(", max_size=6)), max_size=60)
)
def test_any_text_gives_valid_spans(pieces: list[str]) -> None:
    """Whatever the text, every span lies inside it and says what the text says there."""
    text = " ".join(pieces)
    result = annotate(text)
    for e in result.entities:
        assert 0 <= e.start < e.end <= len(text) and text[e.start : e.end] == e.text
    for q in result.quotes:
        assert text[q.start : q.end] == q.text
        if q.speaker_start is not None and q.speaker_end is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= len(text)
