"""Card files read by worker processes give what reading them one by one gives, in the same order."""

from __future__ import annotations

from conftest import FIXTURES
from orient.onisep.markdown import card_files
from orient.onisep.reading import read_cards


def test_workers_read_the_cards_as_one_process_does():
    files = sorted(card_files([FIXTURES / "onisep", FIXTURES / "onisep-merge", FIXTURES / "broken"]))
    labels = [f"carte {n}" for n in range(len(files))]
    alone = list(read_cards(files, labels, workers=1))
    assert len(alone) == len(files) > 10
    assert {type(card).__name__ for card in alone} >= {"FormationCard", "MetierCard", "CardProblem"}
    assert list(read_cards(files, labels, workers=2)) == alone
    assert list(read_cards([], [], workers=2)) == []
