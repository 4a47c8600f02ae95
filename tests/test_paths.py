"""Paths of study: the search through the library, and ``orient path`` / ``--apres`` / ``--bac`` on cards."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from itertools import pairwise

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_formation
from orient.cli.views import no_path_lines
from orient.dataset import Dataset
from orient.eligibility import assess
from orient.models import Formation
from orient.paths import find_paths, next_steps, why_no_path
from orient.profile import BacReader

# Access rules of formations written for the tests: open to every bac; entered after a licence.
ANY_BAC = {"routes": [{"kind": "bac", "track": "ANY"}], "source": "test"}
AFTER_LICENCE = {"routes": [{"kind": "level", "min_level": 3, "label": "une licence (bac+3)"}], "source": "test"}


def ids(path) -> list[str]:
    return [s.formation.id for s in path.steps]


def all_paths(dataset, profile, target, **kw):
    return find_paths(dataset, profile, target, limit=None, **kw).paths


# -- real paths of the embedded dataset ---------------------------------------------


def test_sti2d_sin_to_director_of_photography_through_bts_and_louis_lumiere(dataset, reader):
    profile = reader.profile("STI2D", ["SIN"])
    result = find_paths(dataset, profile, dataset.metiers["directeur-photo"])
    routes = [ids(p) for p in result.paths]
    assert ["bts-mav-image", "ensll-cinema"] in routes
    path = result.paths[routes.index(["bts-mav-image", "ensll-cinema"])]
    bts, school = path.steps
    assert bts.verdict.code == "recommended" and bts.link == "bac" and bts.years == 2
    # After the BTS the student is at bac+2: the school's « bac+2 » rule is met.
    assert school.level_before == 2 and school.verdict.code == "recommended"
    assert school.link == "poursuite" and school.condition == "sur concours après un bac+2"
    assert path.total_years == 5 and path.final_level == 5
    assert path.metier.id == "directeur-photo"
    # Best first: the two-year BTS alone leads to the métier and comes first.
    assert routes[0] == ["bts-mav-image"]


def test_general_bac_reaches_la_femis_only_through_a_bac_plus_2(dataset, reader):
    profile = reader.profile("général")
    femis = dataset.formations["femis-realisation"]
    paths = all_paths(dataset, profile, femis)
    assert paths
    for path in paths:
        *before, last = path.steps
        assert last.formation.id == "femis-realisation"
        assert before, "La Fémis is never the first step after the bac"
        assert last.level_before >= 2
    # The prépa lists La Fémis; the licence lets a student try it from the L2 on.
    routes = [ids(p) for p in paths]
    assert ["cpge-lettres-cinema", "femis-realisation"] in routes
    licence = paths[routes.index(["licence-arts-spectacle", "femis-realisation"])]
    assert licence.steps[0].years == 2 and not licence.steps[0].completes
    assert licence.total_years == 6


def test_bac_pro_to_a_bts_to_a_metier(dataset, reader):
    profile = reader.profile("bac pro")
    result = find_paths(dataset, profile, dataset.metiers["cadreur"])
    best = result.paths[0]
    assert ids(best) == ["bts-mav-image"]
    assert best.steps[0].verdict.code == "recommended"
    assert "en alternance possible" in best.steps[0].condition


def test_ranking_puts_shorter_paths_first_then_planned_ones(dataset, reader):
    # STI2D without SIN is only « possible » (off the planned way) for the BTS image option.
    paths = all_paths(dataset, reader.profile("STI2D"), dataset.metiers["directeur-photo"])
    # Off the planned way: by the bac (weak), or by a leap across fields (leap).
    keys = [(p.total_years, sum(s.weak or s.leap for s in p.steps)) for p in paths if not any(s.verdict.code == "unknown" for s in p.steps)]
    assert keys == sorted(keys)
    assert any(k[1] > 0 for k in keys)
    same_years = [k for k in keys if k[0] == keys[0][0]]
    assert same_years == sorted(same_years)


def test_a_formation_open_to_every_bachelier_is_not_off_the_planned_way(dataset, reader):
    from orient.paths import Step

    pass_ = dataset.formations["pass"]
    verdict = assess(pass_, reader.profile("bac pro"), dataset)
    step = Step(formation=pass_, verdict=verdict, link="bac", condition="", years=1, level_before=0, level_after=1, completes=True)
    assert verdict.code == "possible" and not step.weak


def test_unknown_steps_come_last_and_stay_unknown(dataset, reader):
    paths = all_paths(dataset, reader.profile("général"), dataset.metiers["chef-monteur"])
    unknown = [any(s.verdict.code == "unknown" for s in p.steps) for p in paths]
    assert True in unknown and unknown == sorted(unknown)


def test_unreachable_metier_says_no_formation_leads_there(dataset, reader):
    profile = reader.profile("bac pro")
    result = find_paths(dataset, profile, dataset.metiers["maquilleur"])
    assert result.paths == () and result.ends == ()
    assert why_no_path(result, dataset, profile).blocked == ()
    assert no_path_lines(result, why_no_path(result, dataset, profile)) == [
        f"Aucune formation du jeu de données ne mène à {dataset.metiers['maquilleur'].name} pour l'instant."
    ]


def test_age_is_counted_at_each_step(dataset, reader):
    femis = dataset.formations["femis-image"]
    assert find_paths(dataset, reader.profile("STI2D", age=26), femis).paths
    result = find_paths(dataset, reader.profile("STI2D", age=28), femis)
    assert result.paths == ()
    why = why_no_path(result, dataset, reader.profile("STI2D", age=28))
    assert why.blocked[0].age_then is not None and why.blocked[0].age_then > femis.access.age_max
    lines = no_path_lines(result, why)
    assert "hors limite d'âge" in lines[1] and "30 ans" in lines[1]


def test_max_steps_bounds_every_path(dataset, reader):
    for steps in (1, 2, 3):
        paths = all_paths(dataset, reader.profile("général"), dataset.metiers["directeur-photo"], max_steps=steps)
        assert paths and all(len(p.steps) <= steps for p in paths)


def test_limit_keeps_the_best_and_says_there_are_more(dataset, reader):
    profile = reader.profile("général")
    target = dataset.metiers["directeur-photo"]
    everything = all_paths(dataset, profile, target)
    best = find_paths(dataset, profile, target, limit=3)
    assert best.more and len(best.paths) == 3
    assert [p.key for p in best.paths] == [p.key for p in everything[:3]]


def test_interests_break_ties(dataset, reader):
    from orient.fit import read_wishes

    profile = reader.profile("général")
    target = dataset.formations["femis-image"]
    wishes = read_wishes(dataset, profile, "cinéma, lumière, caméra")
    paths = all_paths(dataset, profile, target, wishes=wishes)
    same = [p for p in paths if p.key == paths[0].key]
    assert len(same) > 1 and all(p.fit is not None for p in same)
    assert [p.fit for p in same] == sorted((p.fit for p in same), reverse=True)


def test_next_steps_give_verdicts_at_the_level_reached(dataset, reader):
    found = next_steps(dataset, reader.profile("général"), dataset.formations["bts-mav-image"])
    steps = {n.step.formation.id: n.step for n in found if n.step}
    assert steps["ensll-cinema"].level_before == 2 and steps["ensll-cinema"].verdict.code == "recommended"
    # Entering a licence in its third year takes one year, not three.
    assert steps["licence-arts-spectacle"].years == 1


# -- the mini dataset: bridges, cycles -------------------------------------------------


def test_bridge_year_counts_in_the_path(mini):
    profile = BacReader(mini.referential).profile("STI2D")
    path = find_paths(mini, profile, mini.formations["t-passerelle"]).paths[0]
    step = path.steps[0]
    assert step.verdict.code == "bridge" and step.years == 3
    assert step.condition.startswith("après une année de mise à niveau")


def _with_cycle(mini: Dataset) -> Dataset:
    """t-a → t-b → t-a, and t-b → t-c, the only way to the métier."""

    def formation(fid: str, level: int, routes: list[dict], poursuites: list[str], metiers: tuple[str, ...] = ()) -> Formation:
        return msgspec.convert(
            {
                "id": fid,
                "name": fid,
                "type": "BTS",
                "duration_years": 2,
                "level": {"cec": 5, "bac_plus": level},
                "description": "test",
                "access": {"routes": routes, "source": "test"},
                "poursuites": [{"formation": p} for p in poursuites],
                "metiers": list(metiers),
                "sources": [{"label": "test"}],
                "checked": dt.date(2025, 1, 1),
            },
            Formation,
        )

    bac = [{"kind": "bac", "track": "ANY"}]
    formations = {
        "t-a": formation("t-a", 2, bac, ["t-b"]),
        "t-b": formation("t-b", 3, bac, ["t-a", "t-c"]),
        "t-c": formation("t-c", 5, [{"kind": "level", "min_level": 3, "label": "un bac+3"}], [], ("m-test",)),
    }
    return Dataset(mini.referential, formations, dict(mini.metiers))


def test_a_cycle_in_the_data_does_not_loop(mini):
    data = _with_cycle(mini)
    profile = BacReader(mini.referential).profile("général")
    paths = all_paths(data, profile, data.metiers["m-test"], max_steps=6)
    assert paths
    for path in paths:
        route = ids(path)
        assert len(route) == len(set(route))
        assert route[-1] == "t-c"
    assert ["t-a", "t-b", "t-c"] in [ids(p) for p in paths]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5)), max_size=15),
    st.integers(1, 5),
    st.sampled_from(["", "bac+2", "bac+3", "bac+8"]),
)
def test_random_graphs_give_simple_bounded_sorted_paths(mini, edges, max_steps, need):
    """Paths through random poursuites toward a métier f4 (bac+2) and f5 (bac+3) lead to, whose
    minimum level is ``need``: simple, bounded, sorted by their key (a path ending below the
    métier's level after one reaching it), and the best ``limit`` found are the first of all."""
    names = [f"f{i}" for i in range(6)]
    formations = {}
    for i, fid in enumerate(names):
        targets = sorted({names[b] for a, b in edges if a == i and b != i})
        formations[fid] = msgspec.convert(
            {
                "id": fid,
                "name": fid,
                "type": "BTS",
                "duration_years": 1 + i % 3,
                "level": {"cec": 5, "bac_plus": 1 + i % 3},
                "description": "test",
                "access": {"routes": [{"kind": "bac", "track": "ANY"}], "source": "test"},
                "poursuites": [{"formation": t} for t in targets],
                "metiers": ["m-test"] if i >= 4 else [],
                "sources": [{"label": "test"}],
                "checked": "2025-01-01",
            },
            Formation,
        )
    metiers = dict(mini.metiers)
    metiers["m-test"] = msgspec.structs.replace(metiers["m-test"], min_level=need)
    data = Dataset(mini.referential, formations, metiers)
    profile = BacReader(mini.referential).profile("général")
    paths = all_paths(data, profile, data.metiers["m-test"], max_steps=max_steps)
    for path in paths:
        route = ids(path)
        assert len(route) == len(set(route)) <= max_steps
        assert route[-1] in ("f4", "f5")
        assert all(b in [p.formation for p in formations[a].poursuites] for a, b in pairwise(route))
    assert [p.key for p in paths] == sorted(p.key for p in paths)
    assert ["f5"] in [ids(p) for p in paths] and ["f4"] in [ids(p) for p in paths]
    if need == "bac+3":  # f4 leaves the student a level short
        assert [ids(p)[-1] for p in paths] == sorted(ids(p)[-1] for p in paths)[::-1]
    best = find_paths(data, profile, data.metiers["m-test"], max_steps=max_steps, limit=2).paths
    assert [p.key for p in best] == [p.key for p in paths[:2]]


# -- level and age along a path; dense graphs ------------------------------------------------


def test_position_is_the_one_model_of_level_and_age():
    from orient.paths import Position

    start = Position(0, 0.0, 18)
    bts = start.advance(2, 2)  # a BTS completed: its level, two years older
    assert bts == Position(2, 2.0, 20)
    assert start.advance(1.5) == Position(1, 1.5, 19)  # left early: a level per whole year
    assert start.advance(1.5).advance(1.5) == Position(2, 3.0, 21)  # ages count the whole years since the start
    assert start.earliest(3) == Position(3, 3.0, 21) and bts.earliest(1) == bts
    assert bts.within_reach(start) and not Position(5, 2.0, 20).within_reach(start)
    assert Position(2).advance(3, 5).age is None


def _dense(mini: Dataset, count: int) -> Dataset:
    """``count`` formations, each listing every other one as a poursuite; the last leads to the métier."""
    names = [f"d{i:02d}" for i in range(count)]
    formations = {
        fid: msgspec.convert(
            {
                "id": fid,
                "name": fid,
                "type": "BTS",
                "duration_years": 1,
                "level": {"cec": 5, "bac_plus": 1},
                "description": "test",
                "access": {"routes": [{"kind": "bac", "track": "ANY"}], "source": "test"},
                "poursuites": [{"formation": t} for t in names if t != fid],
                "metiers": ["m-test"] if fid == names[-1] else [],
                "sources": [{"label": "test"}],
                "checked": "2025-01-01",
            },
            Formation,
        )
        for fid in names
    }
    return Dataset(mini.referential, formations, dict(mini.metiers))


def test_a_dense_graph_of_poursuites_stops_at_the_bounds_and_says_so(mini, monkeypatch):
    import orient.paths

    data = _dense(mini, 30)
    profile = BacReader(mini.referential).profile("général")
    monkeypatch.setattr(orient.paths, "MAX_PARTIAL", 3000)
    result = find_paths(data, profile, data.metiers["m-test"], max_steps=6, limit=None)
    assert result.truncated and result.paths  # 29 × 28 × 27 × 26 × 25 paths of six steps: never all built
    assert [p.key for p in result.paths] == sorted(p.key for p in result.paths)
    assert ids(result.paths[0]) == ["d29"]  # the best ones come first
    monkeypatch.setattr(orient.paths, "MAX_PATHS", 10)
    capped = find_paths(data, profile, data.metiers["m-test"], max_steps=6, limit=None)
    assert capped.truncated and len(capped.paths) == 10
    # With a limit, the paths asked for are found before the bound: only « more » is said.
    best = find_paths(data, profile, data.metiers["m-test"], max_steps=6, limit=3)
    assert not best.truncated and best.more and len(best.paths) == 3


def test_the_default_bounds_end_a_dense_search_in_a_few_seconds(mini):
    import time

    data = _dense(mini, 40)
    started = time.perf_counter()
    result = find_paths(data, BacReader(mini.referential).profile("général"), data.metiers["m-test"], max_steps=6, limit=None)
    assert result.truncated and time.perf_counter() - started < 10


def test_path_tous_on_a_dense_graph_ends_with_a_french_notice(run, tmp_path, monkeypatch):
    import shutil

    import orient.paths
    from conftest import FIXTURES

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "mini", data)
    names = [f"d{i:02d}" for i in range(25)]
    for fid in names:
        poursuites = "".join(f'\n[[poursuites]]\nformation = "{t}"\n' for t in names if t != fid)
        (data / "formations" / f"{fid}.toml").write_text(
            f'id = "{fid}"\nname = "Formation dense {fid}"\ntype = "BTS"\nduration_years = 1\n'
            'level = { cec = 5, bac_plus = 1 }\nchecked = 2025-01-15\ndescription = "Formation de test."\n'
            f"metiers = {['m-test'] if fid == names[-1] else []}\n"
            '\n[[sources]]\nlabel = "Fiche de test"\nurl = "https://example.org/test"\n\n[access]\nsource = "test"\n'
            '  [[access.routes]]\n  kind = "bac"\n  track = "ANY"\n' + poursuites,
            encoding="utf-8",
        )
    metier = data / "metiers" / "m-test.toml"
    metier.write_text(
        metier.read_text().replace('formations = ["t-direct", "t-ecole"]', f'formations = ["t-direct", "t-ecole", "{names[-1]}"]')
    )
    monkeypatch.setattr(orient.paths, "MAX_PARTIAL", 2000)
    result = run("path", "--bac", "général", "--vers", "m-test", "--tous", "--max-etapes", "6", env={"ORIENT_DATA": str(data)})
    assert result.exit_code == 0, result.stderr
    shown = result.stdout.count("Chemin ")
    assert shown >= 1
    assert f"Recherche arrêtée après {shown} chemins : précisez --vers ou réduisez --max-etapes." in result.stderr
    assert "--tous pour les voir tous" not in result.stderr


# -- the command line --------------------------------------------------------------------


def test_path_table_reads_like_a_route(run):
    result = run("path", "--bac", "STI2D SIN", "--vers", "directeur de la photographie")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Chemin 1 : 2 ans d'études après le bac, niveau final bac+2" in out
    assert "  1. BTS métiers de l'audiovisuel option métiers de l'image — 2 ans" in out
    assert "  2. ENS Louis-Lumière, spécialité cinéma — 3 ans" in out
    assert "voie prévue · sur concours après un bac+2" in out
    assert "→ Métier : directeur/trice de la photographie" in out
    assert out.count("Chemin ") == 5
    assert "--tous" in result.stderr and "Objectif : directeur/trice de la photographie (métier)" in result.stderr


def test_path_json_has_the_documented_keys(run):
    result = run("path", "--bac", "STI2D SIN", "--vers", "ensll-cinema", "--format", "json")
    assert result.exit_code == 0, result.stderr
    paths = json.loads(result.stdout)
    first = paths[0]
    assert {"steps", "metier", "total_years", "final_level"} <= set(first)
    assert {"formation", "verdict", "condition", "years"} <= set(first["steps"][0])
    assert [s["formation"] for s in first["steps"]] == ["bts-mav-image", "ensll-cinema"]
    assert first["metier"] is None and first["total_years"] == 5 and first["final_level"]["bac_plus"] == 5


def test_path_jsonl_is_one_path_per_line_and_csv_one_row_per_step(run):
    args = ["path", "--bac", "STI2D SIN", "--vers", "directeur-photo"]
    lines = run(*args, "--format", "jsonl").stdout.splitlines()
    assert len(lines) == 5 and all("steps" in json.loads(line) for line in lines)
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    steps = sum(len(json.loads(line)["steps"]) for line in lines)
    assert len(rows) == steps
    assert rows[0]["path"] == "1" and rows[0]["step"] == "1" and rows[0]["formation"] == "bts-mav-image"
    tsv = run(*args, "--format", "tsv").stdout.splitlines()
    from orient.records import path_step_headers

    assert tsv[0].split("\t") == path_step_headers()  # the header of an empty listing is the real one


def test_path_tous_shows_more(run):
    few = json.loads(run("path", "--bac", "général", "--vers", "directeur-photo", "--format", "json").stdout)
    every = json.loads(run("path", "--bac", "général", "--vers", "directeur-photo", "--tous", "--format", "json").stdout)
    assert len(few) == 5 < len(every)
    assert every[:5] == few


def test_path_unreachable_explains_and_suggests(run):
    result = run("path", "--bac", "bac pro", "--vers", "maquilleur")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "Aucune formation du jeu de données ne mène à maquilleur/euse artistique" in result.stderr
    assert "Métiers proches que vous pouvez viser :" in result.stderr
    assert run("path", "--bac", "bac pro", "--vers", "maquilleur", "--format", "json").stdout.strip() == "[]"


def test_path_says_when_more_steps_would_help(run):
    result = run("path", "--bac", "général", "--vers", "femis-series", "--max-etapes", "1")
    assert "relancez avec --max-etapes 3" in result.stderr  # licence, master, then the Fémis


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--vers", "directeur photo", "--max-etapes", "0"], "--max-etapes attend un nombre entier de 1 à 6"),
        (["--vers", "directeur photo", "--max-etapes", "beaucoup"], "--max-etapes attend un nombre entier de 1 à 6"),
        (["--vers", "xyzzy plomberie"], "Aucun métier ni aucune formation ne correspond"),
        (["--vers", "fémis"], "correspond à plusieurs métiers ou formations"),
    ],
)
def test_path_bad_input_is_a_french_usage_error(run, args, message):
    result = run("path", "--bac", "STI2D", *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_metier_card_with_bac_shows_how_to_get_there(run):
    result = run("metier", "directeur-photo", "--bac", "STI2D SIN")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())  # cards wrap long lines
    assert "Comment y accéder (STI2D SIN)" in out
    assert "BTS métiers de l'audiovisuel option métiers de l'image → ENS Louis-Lumière, spécialité cinéma (5 ans" in out
    assert 'orient path --bac "STI2D SIN" --vers directeur-photo' in out
    detail = json.loads(run("metier", "directeur-photo", "--bac", "STI2D SIN", "--format", "json").stdout)
    assert len(detail["paths"]) == 3 and detail["profile"]["specialites"] == ["SIN"]
    assert "paths" not in json.loads(run("metier", "directeur-photo", "--format", "json").stdout)


def test_show_with_bac_gives_verdict_route_and_next_steps(run):
    out = " ".join(run("show", "femis-image", "--bac", "général").stdout.split())
    assert "Votre verdict (bac général)" in out and "Plus tard (bac+N / concours)." in out
    assert "Comment y accéder" in out and "→ La Fémis, département image" in out
    direct = json.loads(run("show", "bts-mav-image", "--bac", "bac pro", "--format", "json").stdout)
    assert direct["verdict"] == "recommended" and direct["paths"] == []
    nxt = {n["formation"]: n for n in direct["next"]}
    assert nxt["ensll-cinema"]["verdict"] == "recommended"
    assert nxt["licence-arts-spectacle"]["years"] == 1


def test_profile_options_without_bac_are_refused(run):
    result = run("show", "femis-image", "--niveau", "bac+2")
    assert result.exit_code == 2 and "indiquez aussi --bac" in result.stderr


def test_check_apres_lists_poursuites_with_verdicts_at_the_new_level(run):
    result = run("check", "--bac", "STI2D SIN", "--apres", "bts-mav-image", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert set(rows) == {"lp-techniques-son-image", "licence-arts-spectacle", "femis-image", "ensll-cinema"}
    assert all(r["verdict"] == "recommended" for r in rows.values())
    assert rows["ensll-cinema"]["condition"] == "sur concours après un bac+2"
    table = run("check", "--bac", "STI2D SIN", "--apres", "bts-mav-image", env={"COLUMNS": "400"})
    assert "Condition : sur concours après un bac+2." in table.stdout
    assert "après BTS métiers de l'audiovisuel option métiers de l'image (bac+2)" in table.stderr


def test_check_apres_keeps_poursuites_without_a_record_as_unknown(run):
    rows = json.loads(run("check", "--bac", "général", "--apres", "licence-arts-spectacle", "--format", "json").stdout)
    labelled = [r for r in rows if r["id"] is None]
    assert labelled and all(r["verdict"] == "unknown" for r in labelled)
    assert rows[-1]["id"] is None  # after every formation of the dataset
    assert set(rows[0]) == set(labelled[0])


def test_check_apres_refuses_niveau(run):
    result = run("check", "--bac", "général", "--apres", "bts-mav-image", "--niveau", "bac+2")
    assert result.exit_code == 2 and "retirez --niveau" in result.stderr


def test_check_apres_sorts_by_fit_when_asked(run):
    args = ["check", "--bac", "général", "--apres", "licence-arts-spectacle", "--interets", "écriture, scénario", "--format", "json"]
    rows = [r for r in json.loads(run(*args, "--tri", "fit").stdout) if r["id"]]
    scores = [r["fit_score"] for r in rows]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) > 1
    assert {r["id"] for r in rows} == {r["id"] for r in json.loads(run(*args).stdout) if r["id"]}


def test_cards_say_why_there_is_no_path(run):
    metier = " ".join(run("metier", "maquilleur", "--bac", "bac pro").stdout.split())
    assert "Aucune formation du jeu de données n'y mène : pas de chemin à proposer." in metier
    show = " ".join(run("show", "femis-image", "--bac", "général", "--age", "29").stdout.split())
    assert "Aucun chemin pour votre profil ; la raison : orient path --bac GENERAL --vers femis-image" in show


def test_equal_paths_go_first_through_the_closest_field(mini):
    """Two ways to a master its cards do not name, as long and as planned: the licence of the
    master's own discipline comes before a formation sharing one word of its name, whatever
    their names' order."""
    from orient.dataset import prepared

    formations = {
        "t-but": make_formation("t-but", "BUT carrières juridiques parcours droit", "BUT", 3, years=3, access=ANY_BAC),
        "t-licence": make_formation("t-licence", "licence mention droit", "licence", 3, years=3, access=ANY_BAC),
        "t-master": make_formation("t-master", "master mention droit", "master", 5, access=AFTER_LICENCE, metiers=["m-test"]),
    }
    data = prepared(Dataset(mini.referential, formations, dict(mini.metiers)))
    profile = BacReader(mini.referential).profile("général")
    paths = find_paths(data, profile, data.metiers["m-test"], limit=None).paths
    assert [ids(p) for p in paths] == [["t-licence", "t-master"], ["t-but", "t-master"]]
    assert paths[0].key == paths[1].key  # as long, as planned: only the field tells them apart


def test_a_card_counting_its_years_from_the_bac_is_entered_for_what_remains(mini):
    """A bac+5 of five years entered after a first year of studies (the masso-kinésithérapie after
    PASS): its card counts that first year, the path counts it once."""
    from orient.dataset import prepared

    first_year = {"routes": [{"kind": "level", "min_level": 1, "label": "une première année PASS validée"}], "source": "test"}
    pass_level = {"cec": 0, "bac_plus": 1}
    formations = {
        "t-pass": make_formation(
            "t-pass", "PASS", "licence", 3, years=1, level=pass_level, access=ANY_BAC, poursuites=[{"formation": "t-de"}]
        ),
        "t-de": make_formation("t-de", "diplôme d'État de kiné", "DE santé", 5, years=5, access=first_year, metiers=["m-test"]),
        "t-licence": make_formation("t-licence", "licence mention droit", "licence", 3, years=3, access=ANY_BAC),
        "t-master": make_formation("t-master", "master mention droit", "master", 5, years=2, access=AFTER_LICENCE, metiers=["m-test"]),
    }
    data = prepared(Dataset(mini.referential, formations, dict(mini.metiers)))
    profile = BacReader(mini.referential).profile("général")
    paths = {tuple(ids(p)): p for p in find_paths(data, profile, data.metiers["m-test"], limit=None).paths}
    health = paths[("t-pass", "t-de")]
    assert [s.years for s in health.steps] == [1, 4] and health.total_years == 5 and health.final_level == 5
    # A master's two years are its own: entered after a licence, it lasts them all.
    assert [s.years for s in paths[("t-licence", "t-master")].steps] == [3, 2]


def test_equal_paths_go_first_to_the_formation_named_after_the_metier(mini):
    """Two one-year formations lead to a pâtissier: the one named after the métier comes first,
    whatever the names' order; a name holding only part of the métier's name does not count."""
    from orient.dataset import prepared
    from orient.fields import names_metier

    formations = {
        "t-cuisine": make_formation("t-cuisine", "CAP cuisine", "CAP", -1, years=1, access=ANY_BAC, metiers=["m-test"]),
        "t-patissier": make_formation("t-patissier", "CAP pâtissier", "CAP", -1, years=1, access=ANY_BAC, metiers=["m-test"]),
    }
    metiers = dict(mini.metiers)
    metiers["m-test"] = msgspec.structs.replace(
        metiers["m-test"], names=msgspec.structs.replace(metiers["m-test"].names, masculine="pâtissier", feminine="pâtissière")
    )
    data = prepared(Dataset(mini.referential, formations, metiers))
    profile = BacReader(mini.referential).profile("général")
    paths = find_paths(data, profile, data.metiers["m-test"], limit=None).paths
    assert [ids(p) for p in paths] == [["t-patissier"], ["t-cuisine"]]
    assert paths[0].key == paths[1].key
    # Another of the métier's names counts as well: a chef de cuisine is also called cuisinier.
    chef = msgspec.structs.replace(
        metiers["m-test"],
        names=msgspec.structs.replace(metiers["m-test"].names, masculine="chef de cuisine", feminine="cheffe de cuisine"),
        other_names=("cuisinier",),
    )
    boulanger = make_formation("t-boulanger", "CAP boulanger", "CAP", -1, years=1, access=ANY_BAC, metiers=["m-test"])
    data = prepared(
        Dataset(mini.referential, {"t-boulanger": boulanger, "t-cuisine": formations["t-cuisine"]}, {**metiers, "m-test": chef})
    )
    assert [ids(p) for p in find_paths(data, profile, data.metiers["m-test"], limit=None).paths] == [["t-cuisine"], ["t-boulanger"]]
    generic = data.generic_words
    assert names_metier("chef de cuisine", "CAP cuisine et gastronomie de chef", generic)
    assert not names_metier("chef de cuisine", "CAP cuisine", generic)
    assert not names_metier("directeur de la photographie", "ENS Louis-Lumière, spécialité photographie", generic)


def test_a_path_reaching_the_metiers_level_comes_before_a_shorter_one_ending_below_it(mini):
    """The expert-comptable (bac+8 on its card) is reached by the DCG (bac+3) and the DSCG (bac+5)
    after it: three years more, but two levels closer, so the DSCG's path comes first."""
    from orient.dataset import prepared

    formations = {
        "t-dcg": make_formation(
            "t-dcg", "diplôme de comptabilité", "DCG", 3, years=3, access=ANY_BAC, metiers=["m-test"], poursuites=[{"formation": "t-dscg"}]
        ),
        "t-dscg": make_formation(
            "t-dscg", "diplôme supérieur de comptabilité", "DSCG", 5, years=2, access=AFTER_LICENCE, metiers=["m-test"]
        ),
    }
    metiers = dict(mini.metiers)
    data = prepared(
        Dataset(mini.referential, formations, {**metiers, "m-test": msgspec.structs.replace(metiers["m-test"], min_level="bac+8")})
    )
    profile = BacReader(mini.referential).profile("général")
    paths = find_paths(data, profile, data.metiers["m-test"], limit=None).paths
    assert [ids(p) for p in paths] == [["t-dcg", "t-dscg"], ["t-dcg"]]
    # Without a level on the métier's card, the shorter path comes first.
    data = prepared(Dataset(mini.referential, formations, {**metiers, "m-test": msgspec.structs.replace(metiers["m-test"], min_level="")}))
    assert [ids(p) for p in find_paths(data, profile, data.metiers["m-test"], limit=None).paths] == [["t-dcg"], ["t-dcg", "t-dscg"]]


def test_a_master_is_reached_unnamed_from_its_discipline_not_from_a_qualifier_of_it(mini):
    """« master mention droit social » shares one word with « licence mention droit » and one with
    « diplôme d'État d'assistant de service social »: only the first is of its discipline (the
    mention's first word), and leads to it unnamed; a métier in common still links any two."""
    from orient.dataset import prepared
    from orient.fields import discipline_key, linked

    formations = {
        "t-droit": make_formation("t-droit", "licence mention droit", "licence", 3, years=3, access=ANY_BAC),
        "t-social": make_formation("t-social", "diplôme d'État d'assistant de service social", "DE social", 3, years=3, access=ANY_BAC),
        "t-master": make_formation("t-master", "master mention droit social", "master", 5, access=AFTER_LICENCE, metiers=["m-test"]),
    }
    data = prepared(Dataset(mini.referential, formations, dict(mini.metiers)))
    generic = data.generic_words
    assert discipline_key("master mention droit social", generic) == "w:droit"
    assert discipline_key("diplôme d'État d'assistant de service social", generic) is None
    droit, social, master = (data.formations[i] for i in ("t-droit", "t-social", "t-master"))
    assert linked(droit, master, generic) and not linked(social, master, generic)
    profile = BacReader(mini.referential).profile("général")
    assert [ids(p) for p in find_paths(data, profile, data.metiers["m-test"], limit=None).paths] == [["t-droit", "t-master"]]
    # A métier in common links them whatever their names.
    shared = msgspec.structs.replace(social, metiers=("m-test",))
    data = prepared(Dataset(mini.referential, {**formations, "t-social": shared}, dict(mini.metiers)))
    assert linked(data.formations["t-social"], data.formations["t-master"], generic)


def test_genie_names_no_field_alone(dataset):
    """« génie » is in the names of engineering fields of every kind, as « ingénierie » is: a BUT
    génie biologique and a master génie civil share no field by it."""
    from orient.fields import name_keys

    generic = dataset.generic_words
    assert name_keys("BUT génie biologique parcours agronomie", generic) == {"w:biolog", "w:agrono"}
    assert name_keys("master mention génie civil", generic) == {"w:civil"}


def test_a_detour_through_another_field_weighs_as_a_step_off_the_planned_way(mini):
    """As long, a licence the student's bac is not listed for, then the master of its discipline,
    comes before a BTS whose licence pro leads to that master by a métier in common alone (no word
    of their names shared): a leap across fields is a step off the planned way as well."""
    from orient.dataset import prepared

    stmg_only = {"routes": [{"kind": "bac", "track": "STMG"}], "others": "possible", "source": "test"}
    after_bts = {"routes": [{"kind": "level", "min_level": 2, "label": "un bac+2"}], "source": "test"}
    formations = {
        "t-bts": make_formation("t-bts", "BTS banque", "BTS", 2, access=ANY_BAC, poursuites=[{"formation": "t-lp"}]),
        "t-lp": make_formation("t-lp", "licence pro mention banque", "licence pro", 3, years=1, access=after_bts, metiers=["m-other"]),
        "t-licence": make_formation("t-licence", "licence mention droit", "licence", 3, years=3, access=stmg_only),
        "t-master": make_formation("t-master", "master droit", "master", 5, access=AFTER_LICENCE, metiers=["m-test", "m-other"]),
    }
    metiers = {**mini.metiers, "m-other": msgspec.structs.replace(mini.metiers["m-test"], id="m-other")}
    data = prepared(Dataset(mini.referential, formations, metiers))
    profile = BacReader(mini.referential).profile("général")
    paths = find_paths(data, profile, data.metiers["m-test"], limit=None).paths
    assert [ids(p) for p in paths] == [["t-licence", "t-master"], ["t-bts", "t-lp", "t-master"]]
    licence, detour = paths
    assert licence.steps[0].weak and not detour.steps[0].weak and detour.steps[-1].leap
    assert licence.total_years == detour.total_years == 5
    # A master named after a mention is reached from its discipline: a métier in common with no word
    # of the name shared is no way in (a licence pro of aéronautique before a master of traduction).
    formations["t-master"] = msgspec.structs.replace(formations["t-master"], name="master mention droit")
    data = prepared(Dataset(mini.referential, formations, metiers))
    assert [ids(p) for p in find_paths(data, profile, data.metiers["m-test"], limit=None).paths] == [["t-licence", "t-master"]]


def test_equal_paths_go_first_to_the_formation_named_most_closely_after_the_metier(mini):
    """Two formations say « agent de sécurité »: the one named after the métier alone comes before
    one whose name holds it among other words, whatever the names' order."""
    from orient.dataset import prepared

    formations = {
        "t-bp": make_formation(
            "t-bp", "BP agent technique de prévention et de sécurité", "BP", 0, years=1, access=ANY_BAC, metiers=["m-test"]
        ),
        "t-cap": make_formation("t-cap", "CAP agent de sécurité", "CAP", 0, years=1, access=ANY_BAC, metiers=["m-test"]),
    }
    metiers = dict(mini.metiers)
    metiers["m-test"] = msgspec.structs.replace(
        metiers["m-test"],
        names=msgspec.structs.replace(metiers["m-test"].names, masculine="agent de sécurité", feminine="agente de sécurité"),
    )
    data = prepared(Dataset(mini.referential, formations, metiers))
    paths = find_paths(data, BacReader(mini.referential).profile("général"), data.metiers["m-test"], limit=None).paths
    assert [ids(p) for p in paths] == [["t-cap"], ["t-bp"]]
    assert paths[0].key == paths[1].key and all(p.named(data.generic_words) for p in paths)
    assert paths[0].naming(data.generic_words) > paths[1].naming(data.generic_words) > (2, 0.0)


def test_a_formation_no_certification_level_states_leaves_its_years_of_study_when_its_entry_is_known():
    from orient.levels import diploma_level

    assert diploma_level(6, 3, 0, 3) == 3  # a certified level is the level
    assert diploma_level(0, 0, 0, 6) == 6  # the docteur vétérinaire, 6 years after the bac: bac+6
    assert diploma_level(0, 0, 3, 1.5) == 5  # a year and a half after a bac+3
    assert diploma_level(0, 0, None, 3) == 0  # entered no one knows when: no level claimed


def test_a_bachelier_prepares_no_other_bac_nor_the_cap_of_their_own_trade(corpus):
    """Toward chef de cuisine, a bac pro cuisine is not sent to a bac techno STHR nor back to the CAP cuisine."""
    reader = BacReader(corpus.referential)
    chef = next(m for m in corpus.metiers.values() if m.name.startswith("chef/fe de cuisine"))
    paths = all_paths(corpus, reader.profile("bac pro cuisine"), chef)
    assert paths
    names = [step.formation.name for path in paths for step in path.steps]
    assert not any(name.startswith(("bac ", "baccalauréat")) for name in names)
    assert "CAP cuisine" not in names
    # A bachelier of another trade may still take the CAP cuisine in a year.
    other = [s.formation.name for p in all_paths(corpus, reader.profile("bac pro MELEC"), chef) for s in p.steps]
    assert "CAP cuisine" in other


def test_a_diploma_just_completed_lifts_a_verdict_for_later_without_the_way_there():
    """A « later » whose route names the diploma the path just gave becomes « possible »: its reason
    says so, and no longer lists the formations leading there (the path went through one)."""
    from conftest import make_formation
    from orient.eligibility import Verdict
    from orient.paths import _held_diploma

    route = {"kind": "diploma", "label": "le DE d'infirmier", "min_level": 3, "in_field": True}
    target = make_formation("t-ibode", "DE d'infirmier de bloc opératoire", "DE", 5, access={"routes": [route]}, fields=("m:infirmier",))
    held = make_formation("t-ide", "DE d'infirmier", "DE", 3, years=3, fields=("m:infirmier",))
    later = Verdict(
        "later",
        (
            "Demande le DE d'infirmier ; votre niveau actuel : bac (source : fiche).",
            "Y mènent dans le jeu de données : DE d'infirmier.",
            "Entrée sur concours.",
        ),
    )
    lifted = _held_diploma(later, target, held, 3)
    assert lifted is not None and lifted.code == "possible"
    assert lifted.reasons == ("Avec DE d'infirmier, vous pouvez répondre à la condition : le DE d'infirmier.", "Entrée sur concours.")


def test_a_formation_for_later_out_of_reach_says_what_leads_there(dataset, reader):
    profile = reader.profile("STI2D")
    femis = dataset.formations["femis-image"]
    result = find_paths(dataset, profile, femis, max_steps=1)
    assert result.paths == ()
    lines = no_path_lines(result, why_no_path(result, dataset, profile))
    blocked = next(line for line in lines if line.startswith(femis.name))
    assert "plus tard" in blocked and "Y mènent dans le jeu de données : " in blocked
    assert dataset.formations["bts-mav-image"].name in blocked


def test_a_path_ending_below_the_metier_s_minimum_level_says_so(dataset, reader):
    """The métier's card gives a minimum level (« niveau d'accès minimum »): a path ending below it
    says how far below, in every format, and the table and the report say it in words."""
    from orient.cli.labels import short_of_metier
    from orient.cli.views import path_card
    from orient.records import path_rows

    metier = msgspec.structs.replace(dataset.metiers["realisateur"], min_level="bac+8")
    rows = path_rows(find_paths(dataset, reader.profile("STI2D"), metier))
    assert rows and all(r["metier_level"] == 8 and r["levels_short"] == 8 - r["final_level"]["bac_plus"] > 0 for r in rows)
    assert short_of_metier(rows[0]) == (
        f"Niveau minimum du métier d'après sa fiche : bac+8 (ce chemin : bac+{rows[0]['final_level']['bac_plus']})."
    )
    lines = [line for section in path_card(rows[0], dataset).sections for line in section.lines]
    assert any("Niveau minimum du métier" in line for line in lines)
    # Reached, or nothing known: nothing said.
    reached = path_rows(find_paths(dataset, reader.profile("STI2D"), dataset.metiers["directeur-photo"]))
    assert reached and all(r["levels_short"] == 0 and short_of_metier(r) == "" for r in reached)
    to_formation = path_rows(find_paths(dataset, reader.profile("STI2D"), dataset.formations["femis-image"]))
    assert to_formation and all(r["metier_level"] is None and r["levels_short"] is None for r in to_formation)


def test_a_bac_pro_of_the_trade_already_leads_to_its_metier(dataset, reader):
    """The records say the student's own bac (a bac pro cuisine) leads to the métier: every path
    found goes further, and ``path`` says the bac is enough to start with."""
    from orient.paths import bac_leading_to

    bac_pro = make_formation("t-bacpro", "bac pro cuisine", "bac pro", 0, years=3, after_bac=False, metiers=("realisateur",))
    formations = {**dataset.formations, "t-bacpro": bac_pro}
    data = Dataset(dataset.referential, formations, dict(dataset.metiers))
    metier = data.metiers["realisateur"]
    assert bac_leading_to(data, reader.profile("bac pro", ["cuisine"]), metier) == bac_pro
    assert bac_leading_to(data, reader.profile("bac pro", ["commerce"]), metier) is None
    assert bac_leading_to(data, reader.profile("STI2D"), metier) is None
    # Without a path, the bac is not given as what blocks the way.
    cook = reader.profile("bac pro", ["cuisine"])
    result = find_paths(data, cook, metier, max_steps=1)
    assert "t-bacpro" in result.ends
    assert all(b.formation.id != "t-bacpro" for b in why_no_path(result, data, cook).blocked)
