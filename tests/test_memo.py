"""Results kept while a client's inputs are unchanged: fresh after any change, never shared."""

from kmkit.core.workspace import open_client
from kmkit.phases.awareness.compute import assess_maturity
from kmkit.phases.solutions.compute import plan


def test_the_plan_is_made_again_once_a_choice_changes(clients_dir):
    client = open_client("demo-accounting", clients_dir)
    first = plan(client)
    assert "onboarding" in set(first.chosen["id"])
    selection = client.path / "data" / "selection.csv"
    selection.write_text(selection.read_text().replace("onboarding,add", "onboarding,drop"))
    assert "onboarding" not in set(plan(client).chosen["id"])


def test_each_caller_gets_a_copy_it_may_change(clients_dir):
    client = open_client("demo-accounting", clients_dir)
    mine = assess_maturity(client)
    means = mine.categories["mean"].tolist()
    mine.categories["mean"] = 0.0  # a careless caller
    assert assess_maturity(client).categories["mean"].tolist() == means


def test_a_client_opened_with_another_config_is_scored_on_its_own(clients_dir):
    client = open_client("demo-accounting", clients_dir)
    english = assess_maturity(client)
    french = client.__class__(
        client.slug, client.path, client.config.model_copy(update={"language": "fr"})
    )
    names = set(assess_maturity(french).categories["name"])
    assert names != set(english.categories["name"])  # the instrument's words in French
