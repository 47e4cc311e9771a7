"""What a French SME's consultant does: a French Google Forms export in, a deck out."""

from __future__ import annotations

import csv
import random

import pytest
from helpers import run_kmkit
from pptx import Presentation

from kmkit.core.instruments import load_instrument
from kmkit.core.store import Store
from kmkit.core.workspace import open_client

DEPARTMENTS = ["Production", "Qualité", "Bureau d'études", "Administration"]
CLIENT_YAML = """\
name: Atelier Durand SARL
sector: Mécanique de précision
employees: 48
departments: [Production, Qualité, "Bureau d'études", Administration]
roles: [Direction, Technicien, Opérateur]
country: FR
language: fr
"""


@pytest.fixture(scope="module")
def french_client(tmp_path_factory):
    root = tmp_path_factory.mktemp("handover") / "clients"
    assert run_kmkit("new", "durand", "--name", "Atelier Durand", clients=root).returncode == 0
    (root / "durand" / "client.yaml").write_text(CLIENT_YAML, encoding="utf-8")
    maturity = load_instrument("maturity", language="fr")
    labels = maturity.scale.labels
    rng = random.Random(4)
    header = ["Horodateur", "Adresse e-mail", "Dans quel service travaillez-vous ?"]
    header += ["Quelle est votre fonction ?", *(item.text for item in maturity.items)]
    rows = [header]
    for n in range(24):
        day = 13 + n % 10  # days above 12: the column shows it is day first
        rows.append([
            f"{day:02d}/10/2026 09:{n:02d}:00", f"salarie{n}@durand.example",
            DEPARTMENTS[n % 4], ["Direction", "Technicien", "Opérateur"][n % 3],
            *(labels[rng.randint(2, 5)] for _ in maturity.items),
        ])  # fmt: skip
    export = root.parent / "Réponses au formulaire 1.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    imported = run_kmkit("import", "durand", str(export), clients=root)
    deck = run_kmkit("deck", "durand", clients=root, timeout=600)
    return root, imported, deck


def test_a_french_google_form_imports_without_edits(french_client):
    root, imported, _ = french_client
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "24" in imported.stdout and "French" in imported.stdout
    client = open_client("durand", root)
    with Store(client.store_path) as store:
        answers = store.answers("maturity", store.waves("maturity")[-1])
    assert set(answers["department"]) == set(DEPARTMENTS)
    assert str(answers["submitted_at"].min()).startswith("2026-10-13")  # read day first
    assert "durand.example" not in client.store_path.read_bytes().decode("latin-1")


def test_the_deck_has_editable_charts_and_cites_by_author_and_title(french_client):
    root, _, deck = french_client
    assert deck.returncode == 0, deck.stdout + deck.stderr
    slides = Presentation(root / "durand" / "reports" / "deck.pptx").slides
    charts = [s for s in slides for shape in s.shapes if shape.has_chart]
    assert charts  # native, editable PowerPoint charts
    words = " ".join(
        shape.text_frame.text for s in slides for shape in s.shapes if shape.has_text_frame
    )
    assert "Handzic" in words and "Knowledge management in SMEs" in words
    assert "seed" not in words.lower()
