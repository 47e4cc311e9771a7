"""The maturity instrument is data: complete, consistent, and overridable per client."""

import shutil

import pytest

from kmkit.core.errors import InstrumentError
from kmkit.core.instruments import SHIPPED, load_instrument


def test_maturity_covers_seven_categories_with_five_items_each():
    instrument = load_instrument("maturity")
    ids = [c.id for c in instrument.categories]
    assert ids == [
        "leadership",
        "process",
        "people",
        "technology",
        "knowledge_processes",
        "learning",
        "outcomes",
    ]
    assert all(len(c.items) >= 5 for c in instrument.categories)
    assert all(c.measures.strip() and c.cites for c in instrument.categories)
    assert any(item.reverse for item in instrument.items)


def test_levels_tile_the_whole_scale():
    instrument = load_instrument("maturity")
    assert len(instrument.levels) == 5
    for score in (1.0, 1.79, 2.6, 3.4, 4.99, 5.0):
        assert instrument.level_for(score) is not None
    assert instrument.level_for(1.0).level == 1 and instrument.level_for(5.0).level == 5


def test_scale_labels_cover_every_point():
    scale = load_instrument("maturity").scale
    assert sorted(scale.labels) == [1, 2, 3, 4, 5]
    assert scale.dont_know


BROKEN = {
    "scale not a number": ("  min: 1\n", "  min: one\n", "scale.min", "valid integer"),
    "unknown work cited": (
        "ref: sveiby-1997",
        "ref: sveiby",
        "categories.4.cites.1.ref",
        "'sveiby' is not a key of kmkit/core/references.yaml",
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_instrument_names_file_and_field(tmp_path, kind):
    old, new, field, words = BROKEN[kind]
    client = tmp_path / "acme"
    (client / "instruments").mkdir(parents=True)
    broken = client / "instruments" / "maturity.yaml"
    broken.write_text((SHIPPED / "maturity.yaml").read_text().replace(old, new, 1))
    with pytest.raises(InstrumentError) as err:
        load_instrument("maturity", client)
    assert str(broken) in str(err.value) and f"field '{field}'" in str(err.value)
    assert words in str(err.value)


def test_client_instrument_overrides_shipped_one(tmp_path):
    client = tmp_path / "acme"
    (client / "instruments").mkdir(parents=True)
    own = client / "instruments" / "maturity.yaml"
    shutil.copy(SHIPPED / "maturity.yaml", own)
    own.write_text(own.read_text().replace('version: "1.0"', 'version: "1.0-acme"'))
    assert load_instrument("maturity", client).version == "1.0-acme"
    assert load_instrument("maturity").version == "1.0"


def test_unknown_instrument_lists_known_ones():
    with pytest.raises(InstrumentError, match="Known instruments: .*maturity"):
        load_instrument("nosuch")
