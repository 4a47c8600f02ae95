"""The embedded dataset: the seed card's facts, sources, dates, integrity, cache."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import SHARED
from orient.dataset import embedded_data_dir, load, read_folder
from orient.text import gender_pair
from orient.validate import validate_folder


def test_embedded_dataset_validates():
    assert validate_folder(embedded_data_dir()) == []


def test_seed_card_facts_are_all_present(dataset):
    f = dataset.formations["bts-mav-image"]
    assert (f.codes.scolarite, f.codes.rncp, f.codes.onisep) == ("32032329", "RNCP37021", "FOR.5810")
    assert f.duration_years == 2 and f.level.cec == 5 and f.level.bac_plus == 2
    routes = {(r.kind, r.track, r.specialites) for r in f.access.routes}
    assert routes == {("bac", "GENERAL", ()), ("bac", "STI2D", ("SIN",)), ("bac", "PRO", ()), ("bridge", "MAN", ())}
    assert f.access.selection == ("dossier", "tests", "entretien")
    assert len(f.attendus) == 7
    assert {p.formation for p in f.poursuites} >= {"femis-image", "ensll-cinema", "lp-techniques-son-image", "licence-arts-spectacle"}
    assert all("concours" in p.condition for p in f.poursuites if p.formation.startswith(("femis", "ensll")))
    # The card's four métiers come first, in its order; the dataset may add others.
    assert f.metiers[:4] == ("regisseur-lumiere", "cadreur", "scripte", "directeur-photo")


def test_issue_scope_records_exist(dataset):
    for fid in ("bts-mav-son", "bts-mav-gestion-production", "bts-mav-tiee", "bts-mav-montage"):
        assert dataset.formations[fid].access is not None
    assert any(f.startswith("femis-") for f in dataset.formations)
    assert any(f.startswith("ensll-") for f in dataset.formations)


def test_every_record_is_sourced_and_dated(dataset):
    for record in [*dataset.formations.values(), *dataset.metiers.values()]:
        assert record.sources, record.id
        assert dt.date(2020, 1, 1) <= record.checked <= dt.date.today(), record.id


def test_links_go_both_ways(dataset):
    for formation in dataset.formations.values():
        for metier in formation.metiers:
            assert formation.id in dataset.metiers[metier].formations


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared absent")
def test_seed_card_codes_match_the_source():
    text = (SHARED / "seeds" / "formation-card-bts-ma-image.md").read_text()
    assert "32032329" in text and "rncp/37021" in text
    metiers = re.findall(r"^- (.+)$", text.split("## Métiers associés")[1], flags=re.M)
    dataset = load(embedded_data_dir())
    names = {dataset.metiers[m].name for m in dataset.formations["bts-mav-image"].metiers}
    assert names >= set(metiers)


def _copied(text: str, source: str, size: int = 8) -> str:
    """The first run of ``size`` words of ``text`` found as it is in ``source``, or ''."""
    words = text.split()
    for i in range(len(words) - size + 1):
        run = " ".join(words[i : i + size])
        if run in source:
            return run
    return ""


def _written_texts(record) -> list[str]:
    texts = [record.description]
    access = getattr(record, "access", None)
    if access is not None:
        texts += [access.summary, access.selection_note, access.age_note, *(r.note for r in access.routes)]
    texts += [a.label for a in getattr(record, "attendus", ())]
    texts.append(getattr(record, "poursuites_note", ""))
    return [t for t in texts if t]


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared absent")
def test_texts_are_not_copied_from_onisep(dataset):
    """No run of 8 words or more taken as it is from an ONISEP card the record cites."""
    folder = SHARED / "corpus" / "onisep"
    for record in [*dataset.formations.values(), *dataset.metiers.values()]:
        for source in record.sources:
            cards = list(folder.glob(f"*/{source.onisep}_*.md")) if source.onisep else []
            if not cards:
                continue
            card = " ".join(cards[0].read_text().split())
            for text in _written_texts(record):
                assert not _copied(text, card), (record.id, _copied(text, card))


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared absent")
def test_sector_is_not_copied_from_the_article(dataset):
    article = " ".join((SHARED / "seeds" / "sector-article-production-audiovisuelle.txt").read_text().split())
    sector = dataset.sectors["audiovisuel"]
    texts = [sector.description, *(f.description for f in sector.families), *(a.text for a in sector.advice)]
    for text in texts:
        assert not _copied(text, article, 6), _copied(text, article, 6)


def test_cache_is_used_and_refreshed(tmp_path, monkeypatch):
    import shutil

    from conftest import FIXTURES

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    monkeypatch.setenv("ORIENT_CACHE_DIR", str(tmp_path / "cache"))
    first = load(data)
    assert list((tmp_path / "cache").glob("dataset-*.msgpack"))
    assert load(data).formations == first.formations
    path = data / "formations" / "t-ferme.toml"
    path.write_text(path.read_text().replace("BTS test réservé", "BTS test réservé, renommé"))
    assert load(data).formations["t-ferme"].name == "BTS test réservé, renommé"
    assert len(list((tmp_path / "cache").glob("dataset-*.msgpack"))) == 1


def test_missing_folder_is_a_problem(tmp_path):
    dataset, problems = read_folder(tmp_path / "nope")
    assert dataset is None and problems[0].message == "dossier introuvable"


@pytest.mark.parametrize(
    ("masculine", "feminine", "expected"),
    [
        ("cadreur", "cadreuse", "cadreur/euse"),
        ("directeur de la photographie", "directrice de la photographie", "directeur/trice de la photographie"),
        ("régisseur général cinéma", "régisseuse générale cinéma", "régisseur/euse général/e cinéma"),
        ("chef monteur", "cheffe monteuse", "chef/fe monteur/euse"),
        ("perchman", "perchwoman", "perchman/woman"),
        ("reporter-photographe", "reportrice-photographe", "reporter/trice-photographe"),
        ("scripte", "scripte", "scripte"),
    ],
)
def test_gender_pair(masculine, feminine, expected):
    assert gender_pair(masculine, feminine) == expected


_TITLE = st.text(alphabet="abcdeéiorstu -", min_size=1, max_size=20)


@given(_TITLE, _TITLE)
def test_gender_pair_keeps_the_masculine_readable(masculine, feminine):
    """Dropping each « /ending » gives back the masculine form (or both are spelled out)."""
    pair = gender_pair(masculine, feminine)
    assert pair == f"{masculine} / {feminine}" or re.sub(r"/[^ -]*", "", pair) == masculine
