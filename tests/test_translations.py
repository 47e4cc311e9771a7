"""Instruments in the client's language: complete translations, same ids and scale, checked."""

import shutil

import pytest

from kmkit.apps.check import check_client
from kmkit.core.errors import InstrumentError
from kmkit.core.instruments import SHIPPED, instrument_languages, instrument_paths, load_instrument
from kmkit.core.workspace import open_client
from kmkit.present.text import answered_in

SHIPPED_INSTRUMENTS = sorted(instrument_paths())


def shape(instrument):
    """What must not change in translation: ids, order, reverse coding, scale, level bands."""
    return (
        instrument.id,
        instrument.version,
        instrument.about,
        (instrument.scale.min, instrument.scale.max, sorted(instrument.scale.labels)),
        bool(instrument.scale.dont_know),
        [(c.id, [(i.id, i.reverse) for i in c.items]) for c in instrument.categories],
        [(lv.level, lv.min, lv.max) for lv in instrument.levels],
        [q.id for q in instrument.free_text],
    )


def words(instrument):
    """Every text a respondent or a report reader sees."""
    return [
        instrument.title,
        *instrument.scale.labels.values(),
        *[c.name for c in instrument.categories],
        *[i.text for i in instrument.items],
        *[lv.name for lv in instrument.levels],
        *[lv.meaning for lv in instrument.levels],
        *[q.text for q in instrument.free_text],
    ]


@pytest.mark.parametrize("instrument_id", SHIPPED_INSTRUMENTS)
def test_every_instrument_is_complete_in_french_and_german(instrument_id):
    languages = instrument_languages(instrument_id)
    assert set(languages) == {"en", "fr", "de"}
    english = languages["en"]
    for code in ("fr", "de"):
        translated = languages[code]
        assert translated.language == code
        assert shape(translated) == shape(english)
        # Translated, not copied: every text longer than a short name differs from the
        # English (a name such as "Communication" or "Initial" may be the same word).
        pairs = zip(words(translated), words(english), strict=True)
        assert all(a != b for a, b in pairs if len(b) > 20)
        assert all(text.strip() for text in words(translated))


def test_the_four_instruments_are_the_ones_shipped():
    assert SHIPPED_INSTRUMENTS == ["alliance", "maturity", "orientation", "pulse"]


def client_with_own_maturity(tmp_path):
    """A client folder with its own maturity instrument and French translation beside it."""
    own = tmp_path / "acme" / "instruments"
    (own / "translations").mkdir(parents=True)
    shutil.copy(SHIPPED / "maturity.yaml", own / "maturity.yaml")
    french = own / "translations" / "maturity.fr.yaml"
    shutil.copy(SHIPPED / "translations" / "maturity.fr.yaml", french)
    return tmp_path / "acme", french


def test_a_translation_missing_or_adding_an_item_is_refused_naming_both(tmp_path):
    folder, french = client_with_own_maturity(tmp_path)
    assert load_instrument("maturity", folder, "fr").items[2].id == "lead_owner"
    text = french.read_text(encoding="utf-8")
    text = text.replace("      - id: lead_owner\n", "      - id: lead_ownr\n")
    french.write_text(text, encoding="utf-8")
    with pytest.raises(InstrumentError) as err:
        load_instrument("maturity", folder, "fr")
    message = str(err.value)
    assert str(french) in message
    assert "missing item(s) in 'leadership': lead_owner" in message
    assert "item(s) in 'leadership' the instrument does not have: lead_ownr" in message
    with pytest.raises(InstrumentError, match="lead_ownr"):
        instrument_languages("maturity", folder)


def test_a_translation_of_another_version_or_scale_is_refused(tmp_path):
    folder, french = client_with_own_maturity(tmp_path)
    text = french.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "0.9"')
    text = text.replace('    5: "Tout à fait d\'accord"\n', "")
    french.write_text(text, encoding="utf-8")
    with pytest.raises(InstrumentError) as err:
        load_instrument("maturity", folder, "fr")
    assert "translates version 0.9, but the instrument is version 1.0" in str(err.value)
    assert "missing scale point(s): 5" in str(err.value)


def test_a_language_without_translation_keeps_the_instrument_and_check_says_so(clients_dir):
    assert load_instrument("maturity", language="es").language == "en"
    assert load_instrument("maturity", language="FR-ch").items[0].text.startswith("Nos ")
    config = clients_dir / "demo-precision" / "client.yaml"
    text = config.read_text(encoding="utf-8").replace("language: en", "language: es")
    config.write_text(text + "ask_targets: [maturity, maturty]\n", encoding="utf-8")
    problems = check_client("demo-precision", clients_dir)
    assert any("language 'es'" in p and "no Spanish translation" in p for p in problems)
    assert any("ask_targets names 'maturty'" in p for p in problems)
    config.write_text(text.replace("language: es", "language: French"), encoding="utf-8")
    problems = check_client("demo-precision", clients_dir)
    assert any("'language'" in p and "language code such as en, fr or de" in p for p in problems)


def test_a_client_translation_that_does_not_match_is_a_check_problem(clients_dir, tmp_path):
    _, french = client_with_own_maturity(tmp_path)
    client = open_client("demo-precision", clients_dir)
    shutil.copytree(french.parent.parent, client.path / "instruments")
    broken = client.path / "instruments" / "translations" / "maturity.fr.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("kp_share", "kp_sharing"))
    problems = check_client("demo-precision", clients_dir)
    assert any(
        str(broken) in p and "missing item(s) in 'knowledge_processes'" in p for p in problems
    )


def test_the_language_respondents_answered_in_is_said_in_words():
    assert answered_in({"fr": 12}) == "in French"
    assert answered_in({"fr": 30, "de": 4}) == "30 in French and 4 in German"
    assert answered_in({"en": 3, "": 2}) == "3 in English and 2 in a language not recorded"
    assert answered_in({"": 9}) == ""
