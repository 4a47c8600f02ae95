"""A verdict found once per access rule over one profile's listing (``assess(..., shared)``, as
``check`` judges) is the verdict each formation gets alone: on every dataset, for any profile."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orient.dataset import Dataset
from orient.eligibility import SharedVerdicts, assess
from orient.models import Access, Formation
from orient.profile import Profile


def _sharing(dataset: Dataset) -> list[Formation]:
    """The formations of ``dataset`` with equal access rules held once, as an import's reader holds
    them (every formation of a type decided by its national rule then holds the same one)."""
    held: dict[Access, Access] = {}
    out = []
    for formation in dataset.formations.values():
        if formation.access is not None:
            formation = msgspec.structs.replace(formation, access=held.setdefault(formation.access, formation.access))
        out.append(formation)
    return out


def _profiles(dataset: Dataset) -> st.SearchStrategy[Profile]:
    tracks = list(dataset.referential.tracks)

    @st.composite
    def profile(draw) -> Profile:
        track = draw(st.sampled_from(tracks))
        specs = draw(st.lists(st.sampled_from(track.specialites), max_size=2, unique=True)) if track.specialites else []
        return Profile(
            track=track,
            specialites=tuple(specs),
            level=draw(st.integers(min_value=0, max_value=5)),
            age=draw(st.none() | st.integers(min_value=15, max_value=45)),
        )

    return profile()


def _same_alone_and_shared(dataset: Dataset, formations: list[Formation], profile: Profile) -> None:
    shared = SharedVerdicts()
    for formation in formations:
        assert assess(formation, profile, dataset, shared) == assess(formation, profile, dataset), (formation.id, profile.describe())
    rules = {id(f.access) for f in formations if f.access is not None}
    assert set(shared.by_rule) <= rules and set(shared.given) <= set(shared.by_rule)


@pytest.mark.parametrize("name", ["dataset", "mini", "labelled"])
def test_a_verdict_shared_by_rule_is_the_verdict_alone(request, name):
    dataset = request.getfixturevalue(name)
    formations = _sharing(dataset)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_profiles(dataset))
    def check(profile: Profile) -> None:
        _same_alone_and_shared(dataset, formations, profile)

    check()


def test_a_verdict_is_found_once_for_the_formations_of_a_national_rule(labelled):
    """The table is used: formations sharing a national rule (and no field of their own) share a verdict."""
    dataset = labelled
    formations = _sharing(dataset)
    profile = Profile(track=dataset.tracks["STI2D"])
    shared = SharedVerdicts()
    for formation in formations:
        assess(formation, profile, dataset, shared)
    national = {id(f.access) for f in formations if f.access is not None and f.access.basis == "national"}
    assert national and national & set(shared.by_rule)
    # and, above the bac, the verdict given too, and for later with what leads there
    assert national & set(shared.given) and national & {rule for rule, _feeders in shared.later}


def test_over_the_corpus_for_every_track(corpus):
    formations = _sharing(corpus)
    for track in corpus.referential.tracks:
        for specs in [(), *((s,) for s in track.specialites[:3])]:
            for level, age in [(0, None), (2, 30)]:
                _same_alone_and_shared(corpus, formations, Profile(track=track, specialites=specs, level=level, age=age))
