"""What a person sees of each command's rows: table columns and cards, in French."""

from __future__ import annotations

from ..dataset import Dataset
from ..levels import level_label
from ..models import Metier
from ..profile import short_name
from ..text import count_fr, number_fr, of_fr, percent_fr
from .labels import (
    FIT_LABELS,
    RECOGNITION_LABELS,
    SELECTION_LABELS,
    STATUT_LABELS,
    STEP_LABELS,
    VERDICT_LABELS,
    reasons_of,
    selection_text,
    short_of_metier,
)
from .output import Card, Column, Section, as_text

VERDICT_STYLES = {
    "recommended": "bold green",
    "possible": "yellow",
    "bridge": "cyan",
    "later": "magenta",
    "unknown": "dim",
    "excluded": "red",
}


def _level(value: dict, _row: dict) -> str:
    return level_text(value) if value else ""


def level_text(level: dict) -> str:
    """« bac+2 »; for a formation no certification level states, « environ bac+3 » or « non certifié »."""
    if level["cec"]:
        return level_label(level["bac_plus"])
    return f"environ {level_label(level['bac_plus'])}" if level["bac_plus"] > 0 else "non certifié"


def _years(value: float, _row: dict) -> str:
    if value is None:
        return ""
    n = int(value) if float(value).is_integer() else value
    return f"{n} an" if n == 1 else f"{n} ans"


def _selection(value: list, row: dict) -> str:
    return row.get("selection_note") or ", ".join(SELECTION_LABELS.get(v, v) for v in value) or "—"


def _sources(detail: dict) -> list[str]:
    """A card's « Sources » lines: each source with its address, then the check date."""
    lines = [s["label"] + (f" — {s['url']}" if s["url"] else "") for s in detail["sources"]]
    if detail.get("imported"):
        return lines  # the source line already says when the card was imported
    return [*lines, f"Vérifié le {detail['checked']}"]


def formation_columns() -> list[Column]:
    return [
        Column("id", "Identifiant"),
        Column("name", "Formation", max_width=60),
        Column("type", "Type"),
        Column("level", "Niveau", _level),
        Column("duration_years", "Durée", _years),
    ]


def _score(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


# Where a word of --interets was found, as a student reads it.
FIELD_PLACES = {
    "formation": {
        "name": "dans le nom de la formation",
        "alias": "dans un autre nom de la formation",
        "metier": "métier",
        "description": "dans sa présentation",
        "poursuite": "dans ses poursuites d'études",
    },
    "metier": {
        "name": "dans le nom du métier",
        "alias": "dans une autre appellation du métier",
        "description": "dans sa présentation",
        "formation": "dans les formations qui y mènent",
    },
}


def match_text(match: dict, dataset: Dataset, kind: str) -> str:
    """« informatique : dans le nom de la formation », « jeux vidéo : métier de concepteur de jeux vidéo »."""
    places: list[str] = []
    for field in match["fields"]:
        if field == "metier":
            names = [dataset.metiers[m].name for m in match["metiers"] if m in dataset.metiers]
            if names:
                places.append("métier " + of_fr(", ".join(names[:2])))
            elif not places:
                places.append("dans les métiers où elle mène")
            continue
        place = FIELD_PLACES[kind].get(field)
        if place and place not in places:
            places.append(place)
    if match["synonyms"]:
        places.append("au sens " + of_fr(", ".join(match["synonyms"][:3])))
    if match["interests"] and not places:
        names = [dataset.interests[i] for i in match["interests"] if i in dataset.interests]
        places.append("centre d'intérêt ONISEP « " + " », « ".join(names) + " »")
    return f"{match['input']} : " + (" ; ".join(places[:3]) if places else "rapproché de vos mots")


def check_columns(dataset: Dataset, *, with_fit: bool = False) -> list[Column]:
    def formation(name: str, row: dict) -> str:
        if row["id"] is None:
            return f"{name}\n(sans fiche dans le jeu de données)"
        years = _years(row["duration_years"], row)
        return f"{name}\n{row['type']} · {_level(row['level'], row)} · {years}\n({row['id']})"

    def next_steps(ids: list, row: dict) -> str:
        lines = [f"→ {dataset.formations[i].name}" for i in ids if i in dataset.formations]
        metiers = [dataset.metiers[m].name for m in row["metiers"] if m in dataset.metiers]
        if metiers:
            lines.append("Métiers : " + ", ".join(metiers))
        return "\n".join(lines) or "—"

    def verdict(value: str, row: dict) -> str:
        text = VERDICT_LABELS.get(value, value)
        if with_fit:
            fit = f"{FIT_LABELS[row['fit']]} ({_score(row['fit_score'])})" if row["fit"] else "inconnue"
            text += f"\n\nadéquation :\n{fit}"
        return text

    def reasons(value: list, row: dict) -> str:
        lines = reasons_of(row)
        if row.get("condition"):
            lines.insert(0, f"Condition : {row['condition']}.")
        if with_fit:
            for match in row["interest_matches"]:
                lines.append("Intérêt — " + match_text(match, dataset, "formation") + ".")
            judged = len(row["attendus_met"]) + len(row["attendus_missing"])
            if judged:
                lines.append(f"Prêt pour {count_fr(len(row['attendus_met']), 'attendu')} sur {number_fr(judged)}.")
            if row["attendus_unknown"]:
                lines.append(f"{count_fr(len(row['attendus_unknown']), 'attendu')} à vérifier vous-même.")
            if row["advice"]:  # the first few in a table, every one in the machine formats
                shown, rest = row["advice"][:ADVICE_IN_TABLE], len(row["advice"]) - ADVICE_IN_TABLE
                more = f" ({count_fr(rest, 'autre conseil', 'autres conseils')} en --format json ou csv)" if rest > 0 else ""
                lines.append("Pour progresser : " + " ; ".join(shown) + more + ".")
        return "\n".join(lines)

    return [
        Column("verdict", "Verdict", verdict, max_width=14, style=lambda v: VERDICT_STYLES.get(v, "")),
        Column("name", "Formation", formation, max_width=34),
        Column("reasons", "Pourquoi", reasons),
        Column("selection", "Sélection", _selection, max_width=12),
        Column("next_formations", "Et après", next_steps, max_width=34),
    ]


def interest_columns() -> list[Column]:
    return [
        Column("id", "Identifiant"),
        Column("label", "Centre d'intérêt (ONISEP)", max_width=45),
        Column("keywords", "Mots clés", lambda v, r: ", ".join(v), max_width=60),
    ]


def strength_columns() -> list[Column]:
    return [
        Column("label", "Atout (étiquette d'attendu)", max_width=28),
        Column("keywords", "Mots clés", lambda v, r: ", ".join(v), max_width=45),
        Column("advice", "Conseil quand il manque", max_width=50),
    ]


def euros(amount: int) -> str:
    """« 1 801 € » with a narrow no-break space between thousands."""
    return f"{amount:,}".replace(",", "\u202f") + "\u00a0€"


def salary_text(salary: dict | None) -> str:
    """« à partir de 1 801 € brut par mois (hors primes) », « variable », « non chiffré »."""
    if not salary:
        return ""
    if salary["min"] is None:
        return "variable" if salary["varies"] else "non chiffré"
    if salary["max"] is not None:
        text = f"entre {euros(salary['min'])[:-2]} et {euros(salary['max'])} brut par mois"
    else:
        text = f"à partir de {euros(salary['min'])} brut par mois"
    notes = [
        n
        for n, on in (("hors primes", salary["excludes_bonuses"]), ("variable", salary["varies"]), ("selon le statut", salary["several"]))
        if on
    ]
    return text + (f" ({', '.join(notes)})" if notes else "")


def metier_columns(dataset: Dataset, *, ranked: bool = False) -> list[Column]:
    def formations(ids: list, _row: dict) -> str:
        return str(len(ids))

    def matches(value: list, _row: dict) -> str:
        return "\n".join(match_text(match, dataset, "metier") for match in value)

    def salary(value: dict | None, _row: dict) -> str:
        if not value or value["min"] is None:
            return salary_text(value) or "—"
        amount = euros(value["min"]) if value["max"] is None else f"{euros(value['min'])[:-2]}–{euros(value['max'])}"
        return ("dès " if value["max"] is None else "") + amount

    columns = [
        Column("id", "Identifiant"),
        Column("name", "Métier", max_width=40 if ranked else 50),
        Column("min_level", "Niveau min.", lambda v, r: v or "—"),
        Column("salary", "Salaire débutant (brut/mois)", salary, max_width=22),
        Column("formations", "Formations", formations),
    ]
    if ranked:
        columns.insert(2, Column("interest_score", "Score", lambda v, r: _score(v)))
        columns.append(Column("interest_matches", "Intérêts retrouvés", matches, max_width=50))
    return columns


def bac_columns() -> list[Column]:
    def specs(value: list, row: dict) -> str:
        main = [s["code"] for s in value if not s["group"]]
        if len(main) > 12:
            return f"{len(main)} spécialités : orient bacs {row['code'].lower()}"
        return ", ".join(main) or "—"

    def aliases(value: list, _row: dict) -> str:
        return ", ".join(value[:4])

    return [
        Column("code", "Code"),
        Column("name", "Voie", max_width=50),
        Column("specialites", "Spécialités (--specialite)", specs, max_width=40),
        Column("aliases", "Se tape aussi", aliases, max_width=40),
    ]


def specialite_columns() -> list[Column]:
    def aliases(value: list, row: dict) -> str:
        return ", ".join(a for a in value if a not in row["former"])[:200]

    def name(value: str, row: dict) -> str:
        return value + (f"\n(option de {row['group']})" if row["group"] else "")

    return [
        Column("code", "Code"),
        Column("name", "Spécialité", name, max_width=45),
        Column("aliases", "Se tape aussi", aliases, max_width=40),
        Column("former", "Anciens noms", lambda v, r: ", ".join(v) or "—", max_width=30),
    ]


def type_columns() -> list[Column]:
    def rule(value: dict | None, _row: dict) -> str:
        if value is None:
            return "—"
        summary = value["summary"]
        return f"{summary[:1].upper()}{summary[1:]}.\nSource : {value['source']}"

    return [
        Column("code", "Type (--type)"),
        Column("name", "Nom", max_width=30),
        Column("stage", "Étape", lambda v, r: "avant le bac" if v == "pre-bac" else "après le bac"),
        Column("formations", "Formations"),
        Column("rule", "Règle nationale d'accès", rule, max_width=70),
    ]


def level_columns() -> list[Column]:
    return [
        Column("bac_plus", "Niveau", lambda v, r: level_label(v)),
        Column("name", "Signification"),
        Column("aliases", "Se tape aussi", lambda v, r: ", ".join(v[:5])),
    ]


def _exit_level(level: dict) -> str:
    if not level["cec"]:
        return "Niveau de sortie : pas de niveau de certification (formation non inscrite au RNCP)" + (
            f", environ {level_label(level['bac_plus'])}" if level["bac_plus"] > 0 else ""
        )
    return f"Niveau de sortie : {level_label(level['bac_plus'])} (niveau {level['cec']} du cadre européen)"


def formation_card(detail: dict, dataset: Dataset) -> Card:
    codes = detail["codes"]
    info = [
        f"Type : {detail['type_name']}" + (f" ({detail['type']})" if detail["type"] != detail["type_name"] else ""),
        f"Durée : {_years(detail['duration_years'], detail)}",
        _exit_level(detail["level"]),
    ]
    code_parts = [
        f"{label} {codes[k]}" for k, label in (("scolarite", "code scolarité"), ("rncp", ""), ("onisep", "ONISEP")) if codes.get(k)
    ]
    if code_parts:
        info.append("Codes : " + ", ".join(p.strip() for p in code_parts))
    statut = " et ".join(STATUT_LABELS[s] for s in detail["statut"])
    if not statut and detail.get("where"):  # the card does not say; the establishments of Parcoursup do
        kinds = {"public" if (row["statut"] or "").lower().startswith("public") else "prive" for row in detail["where"] if row["statut"]}
        statut = " et ".join(STATUT_LABELS[k] for k in ("public", "prive") if k in kinds)
        statut += " (d'après Parcoursup)" if statut else ""
    info.append(f"Établissements : {statut or 'non précisé'}")
    alternance = {True: "possible", False: "non", None: "non précisée"}[detail["alternance"]]
    info.append(f"Alternance : {alternance}")
    recognition = ", ".join(RECOGNITION_LABELS[r] for r in detail["recognition"]) or "aucune indiquée dans le jeu de données"
    info.append(f"Reconnaissance : {recognition}")
    if detail["establishments"]:
        info.append("Où : " + " ; ".join(detail["establishments"]))
    if detail["parcours"]:
        named = [p["name"] + (f" ({p['onisep']})" if p["onisep"] else "") for p in detail["parcours"]]
        info.append("Parcours (choisi après l'admission) : " + " ; ".join(named))

    access_lines: list[str] = []
    access = detail["access"]
    if access is None and detail["access_text"]:
        access_lines.append("Règles d'accès incertaines : le texte de la fiche n'a pas pu être lu en entier. Texte de la fiche :")
        access_lines.append(detail["access_text"])
    elif access is None:
        access_lines.append("Règles d'accès inconnues dans le jeu de données : consultez la fiche officielle.")
    else:
        if access["summary"]:
            access_lines.append(access["summary"])
        for access_route in access["routes"]:
            access_lines.append("Voie : " + access_route["text"] + (f" ({access_route['note']})" if access_route.get("note") else ""))
        access_lines.append("Sélection : " + selection_text(access["selection"], access["selection_note"] or ""))
        if access["age_max"] is not None:
            access_lines.append(f"Âge maximum : {access['age_max']} ans" + (f" ({access['age_note']})" if access["age_note"] else ""))
        if access["age_min"] is not None:
            access_lines.append(f"Âge minimum : {access['age_min']} ans")
        if access["max_attempts"] is not None:
            access_lines.append(f"Tentatives au concours : {access['max_attempts']} au plus")
        for requirement in access["requirements"]:
            access_lines.append(f"Condition : {requirement}")
        for recommendation in access["recommendations"]:
            access_lines.append(f"Recommandé : {recommendation}")
        access_lines.append(f"Source : {access['source']}")
        if detail["access_text"]:
            access_lines.append("Texte de la fiche : " + detail["access_text"])
    if detail["leads_here"]:
        access_lines.append("Y mènent : " + ", ".join(dataset.formations[i].name for i in detail["leads_here"]))

    poursuites = [p["label"] + (f" ({p['condition']})" if p["condition"] else "") for p in detail["poursuites"]]
    if detail["poursuites_note"]:
        poursuites.insert(0, detail["poursuites_note"])
    metiers = [dataset.metiers[m].name for m in detail["metiers"] if m in dataset.metiers]
    sources = _sources(detail)
    route: list[Section] = []
    if "verdict" in detail:
        label = VERDICT_LABELS[detail["verdict"]]
        verdict = [f"{label[:1].upper()}{label[1:]}.", *reasons_of(detail)]
        route.append(Section(f"Votre verdict ({_profile_label(detail['profile'], dataset)})", verdict))
        if detail["verdict"] != "recommended":
            route.append(Section("Comment y accéder", _route_lines(detail, dataset), bullets=True))
        poursuites = [_next_line(n) for n in detail["next"]]
        if detail["poursuites_note"]:
            poursuites.insert(0, detail["poursuites_note"])
    return Card(
        title=detail["name"],
        subtitle=f"{detail['id']} · {detail['type']} · {level_text(detail['level'])}",
        sections=[
            Section("Informations générales", info),
            Section("Description", [detail["description"]]),
            Section("Accès", access_lines),
            *route,
            *_where_sections(detail),
            Section("Attendus Parcoursup", [a["label"] for a in detail["attendus"]], bullets=True),
            Section("Poursuite d'études" + (" (votre verdict à la sortie)" if detail.get("next") else ""), poursuites, bullets=True),
            Section("Métiers associés", metiers, bullets=True),
            Section("Sources", sources, bullets=True),
        ],
    )


WHERE_ON_CARD = 8  # establishments listed on a formation's card; « orient ou » lists them all
ADVICE_IN_TABLE = 3  # pieces of advice a row of the check table gives; the machine formats give them all


def percent(value: float | None) -> str:
    """0.12 → « 12 % »; « — » when unknown."""
    return "—" if value is None else percent_fr(value)


def where_line(row: dict) -> str:
    """« Lycée Le Mirail, Bordeaux (Gironde) — privé sous contrat — 25 places, taux d'accès 51 %, admis : 71 % général, … »"""
    head = row["etablissement"] + (f", {row['commune']}" if row["commune"] else "")
    if row["departement"] or row["region"]:  # « Lycée Le Mirail, Bordeaux (Gironde) », « IUT de Grenoble (Isère) »
        head += f" ({row['departement'] or row['region']})"
    parts = [head]
    if row["statut"]:
        parts.append(row["statut"].lower())
    figures = []
    if row["places"] is not None:
        figures.append(f"{row['places']} places")
    if row["access_rate"] is not None:
        figures.append(f"taux d'accès {percent_fr(row['access_rate'] / 100)}")
    shares = row["admitted_share"]
    if shares and shares["general"] is not None:
        figures.append(
            "admis : "
            + ", ".join(f"{percent(shares[k])} {label}" for k, label in (("general", "général"), ("techno", "techno"), ("pro", "pro")))
        )
    if figures:
        parts.append(", ".join(figures) + f" (session {row['session']})")
    if row["distance_km"] is not None:
        parts.append(f"à {row['distance_km']:.0f} km".replace(".", ","))
    return " — ".join(parts)


def _where_sections(detail: dict) -> list[Section]:
    """« Où se former », when Parcoursup figures are imported."""
    if "where" not in detail:
        return []
    rows = detail["where"]
    lines: list[str] = []
    summary = detail.get("admissions")
    if summary:
        from ..parcoursup.query import MIN_ADMITTED

        totals = []
        several = summary["offers"] > 1
        if summary["places"] is not None:
            totals.append(f"{number_fr(summary['places'])} places")
        if summary["access_rate"] is not None:
            rate = percent_fr(summary["access_rate"] / 100)
            totals.append(f"taux d'accès moyen {rate} (pondéré par les candidats)" if several else f"taux d'accès {rate}")
        shares = summary["admitted_share"]
        few = f" (sur {number_fr(summary['admitted_neo'])} admis seulement)" if summary["admitted_neo"] < MIN_ADMITTED else ""
        totals.append(
            "admis néo-bacheliers : "
            + ", ".join(
                f"{percent(shares[k])} bac {label}"
                for k, label in (("general", "général"), ("techno", "technologique"), ("pro", "professionnel"))
            )
            + few
        )
        # Over the offers with figures: with a sample of the admissions export, a few of those listed.
        listed = len(rows)
        of = f"{number_fr(summary['offers'])} des {number_fr(listed)} formations listées" if listed > summary["offers"] else ""
        counted = of or count_fr(summary["offers"], "formation")
        lines.append(f"En {summary['session']}, chiffres de Parcoursup pour {counted} : " + " ; ".join(totals) + ".")
        if of:
            lines.append("Les autres n'ont pas de chiffres dans les données importées.")
    if not rows:
        lines.append("Aucun établissement de Parcoursup n'est relié à cette formation dans les données importées.")
    if not any(row["distance_km"] is not None for row in rows):  # no place given: those with figures first
        rows = sorted(rows, key=lambda row: row["places"] is None and row["access_rate"] is None)
    for row in rows[:WHERE_ON_CARD]:
        lines.append(where_line(row))
    if len(rows) > WHERE_ON_CARD:
        lines.append(f"… et {len(rows) - WHERE_ON_CARD} autres : orient ou {detail['id']}")
    if rows or summary:
        lines.append("Source : Parcoursup, données ouvertes du ministère de l'Enseignement supérieur (Licence Ouverte / Etalab 2.0).")
    return [Section("Où se former", lines)]


def where_columns(dataset: Dataset) -> list[Column]:
    def formation(value: str | None, row: dict) -> str:
        name = dataset.formations[value].name if value is not None and value in dataset.formations else "— (non reliée)"
        return f"{name}\n{row['parcoursup_name']}"

    def place(value: str, row: dict) -> str:
        where = ", ".join(x for x in (row["commune"], row["departement"] or row["region"]) if x)
        return f"{value}\n{where}" + (f"\n{row['statut'].lower()}" if row["statut"] else "")

    def figures(value, row: dict) -> str:
        lines = []
        if row["places"] is not None:
            lines.append(f"{row['places']} places")
        if row["access_rate"] is not None:
            lines.append(f"taux d'accès {percent_fr(row['access_rate'] / 100)}")
        if row["session"]:
            lines.append(f"session {row['session']}")
        return "\n".join(lines) or "—"

    def shares(value: dict | None, _row: dict) -> str:
        if not value or value["general"] is None:
            return "—"
        return "\n".join(f"{label} {percent(value[k])}" for k, label in (("general", "général"), ("techno", "techno"), ("pro", "pro")))

    columns = [
        Column("formation", "Formation", formation, max_width=40),
        Column("etablissement", "Établissement", place, max_width=34),
        Column("places", "Places, accès", figures),
        Column("admitted_share", "Admis néo-bac.", shares),
    ]
    columns.append(Column("distance_km", "Distance", lambda v, r: "—" if v is None else f"{v:.0f} km"))
    return columns


def metier_card(detail: dict, dataset: Dataset) -> Card:
    info = []
    if detail["other_names"]:
        info.append("Autres appellations : " + ", ".join(detail["other_names"]))
    if detail["rome"]:
        info.append("Codes ROME : " + ", ".join(detail["rome"]))
    if detail["min_level"]:
        info.append(f"Niveau d'accès minimum : {detail['min_level']}")
    if detail["salary"]:
        info.append(f"Salaire du débutant : {salary_text(detail['salary'])} (fiche ONISEP)")
    if detail["statuts"]:
        info.append("Statuts : " + ", ".join(detail["statuts"]))
    for entry in detail["families"]:
        sector = dataset.sectors[entry["sector"]]
        info.append(f"Famille : {entry['family']} (secteur {sector.name.lower()} : orient secteur {sector.id})")
    interests = [dataset.interests.get(i, i) for i in detail["interests"]]
    formations = [
        f"{dataset.formations[f].name} ({dataset.formations[f].type}, {level_label(dataset.formations[f].level.bac_plus)})"
        for f in detail["formations"]
        if f in dataset.formations
    ]
    sources = _sources(detail)
    return Card(
        title=detail["name"],
        subtitle=detail["id"],
        sections=[
            Section("Informations", info),
            Section("Description", [detail["description"]]),
            Section("Centres d'intérêt", interests, bullets=True),
            *([Section("Accès au métier, selon sa fiche", detail["access_text"].split("\n\n"))] if detail.get("access_text") else []),
            Section("Formations qui y mènent", formations or ["Aucune formation du jeu de données n'y mène pour l'instant."], bullets=True),
            *(
                [Section(f"Comment y accéder ({_profile_label(detail['profile'], dataset)})", _route_lines(detail, dataset), bullets=True)]
                if "paths" in detail
                else []
            ),
            Section("Sources", sources, bullets=True),
        ],
    )


def sector_columns() -> list[Column]:
    return [
        Column("id", "Identifiant"),
        Column("name", "Secteur", max_width=40),
        Column("families", "Familles de métiers", lambda v, r: ", ".join(v), max_width=60),
        Column("metiers", "Métiers"),
        Column("formations", "Formations"),
    ]


def sector_card(detail: dict, dataset: Dataset) -> Card:
    overview = [detail["description"]]
    if detail["covers"]:
        overview.append("Œuvres : " + ", ".join(detail["covers"]) + ".")
    families = [
        Section(
            f"Famille · {family['name']}",
            [family["description"], "Métiers : " + ", ".join(m["name"] for m in family["metiers"])],
        )
        for family in detail["families"]
    ]
    advice = [f"{a['title']}. {a['text']} (Source : {a['source']}.)" for a in detail["advice"]]
    by_type: dict[str, int] = {}
    for formation_id in detail["formations"]:
        kind = dataset.formations[formation_id].type
        by_type[kind] = by_type.get(kind, 0) + 1
    training = [f"{kind} : {count}" for kind, count in sorted(by_type.items(), key=lambda item: (-item[1], item[0]))]
    if training:
        training.append(
            f"{count_fr(len(detail['formations']), 'formation')} du jeu de données y mène(nt) : "
            "orient formations pour la liste, orient check --bac VOTRE_BAC pour votre verdict."
        )
    sources = _sources(detail)
    return Card(
        title=detail["name"],
        subtitle=(
            f"{detail['id']} · {count_fr(sum(len(f['metiers']) for f in detail['families']), 'métier')}"
            f" en {count_fr(len(detail['families']), 'famille')}"
        ),
        sections=[
            Section("Ce que couvre le secteur", overview),
            *families,
            Section("Conseils pour y entrer", advice, bullets=True),
            Section("Se former", training, bullets=True),
            Section("Sources", sources, bullets=True),
        ],
    )


# -- paths ---------------------------------------------------------------------


def _step_years(step: dict) -> str:
    """« 2 ans », « 1 an (entrée en cours de cursus) », « 2 ans sur 3 (avant le diplôme) »."""
    years, duration = step["years"], step["duration_years"]
    text = _years(years, step)
    if not step["completes"]:
        return f"{text} sur {duration} (sans aller jusqu'au diplôme)"
    if step["verdict"] == "bridge" and years > duration:
        return f"{text}, dont {_years(years - duration, step)} de mise à niveau"
    if years < duration:
        return f"{text} (entrée en cours de cursus)"
    return text


# In a path, a step whose rule the student meets at that point is « the planned way »:
# « accès direct » would read oddly next to « sur concours après un bac+2 ».


def _step_line(step: dict) -> str:
    verdict = STEP_LABELS.get(step["verdict"], step["verdict"])
    link = {"niveau": " (poursuite non citée par la formation précédente, ouverte par le niveau atteint)"}.get(step["link"], "")
    detail = f"{verdict} · {step['condition']}" if step["condition"] else verdict
    return f"{step['name']} — {_step_years(step)}\n{detail}{link}"


def path_title(row: dict) -> str:
    years = _years(row["total_years"], row)
    start = row["start_level"]
    since = "après le bac" if start == 0 else f"à partir de votre niveau ({level_label(start)})"
    text = f"Chemin {row['path']} : {years} d'études {since}, niveau final {level_label(row['final_level']['bac_plus'])}"
    if row["fit"] is not None:
        text += f", adéquation {_score(row['fit'])}"
    return text


def path_card(row: dict, dataset: Dataset) -> Card:
    """One path as a route: numbered steps with their verdict, condition and years, then the métier."""
    sections = [Section("", [_step_line(s) for s in row["steps"]], numbered=True)]
    if row["metier"]:
        short = short_of_metier(row)
        sections.append(Section("", [f"  → Métier : {dataset.metiers[row['metier']].name}", *([f"  {short}"] if short else [])]))
    return Card(title=path_title(row), sections=sections)


def path_summary(row: dict) -> str:
    """A path on one line, for the « Comment y accéder » section of cards."""
    names = " → ".join(s["name"] for s in row["steps"])
    weak = sum(1 for s in row["steps"] if s["off_route"])
    unknown = sum(1 for s in row["steps"] if s["verdict"] == "unknown")
    if unknown:
        how = f"{count_fr(unknown, 'étape')} au verdict inconnu"
    elif weak:
        how = f"{count_fr(weak, 'étape')} {'possible' if weak == 1 else 'possibles'} hors de la voie prévue"
    else:
        how = "voie prévue à chaque étape"
    return f"{names} ({_years(row['total_years'], row)}, {how})"


def _profile_label(profile: dict, dataset: Dataset) -> str:
    track = next(t for t in dataset.referential.tracks if t.code == profile["bac"])
    text = short_name(track) + "".join(f" {s}" for s in profile["specialites"])
    if profile["level"]:
        text += f", {level_label(profile['level'])}"
    return text


def _route_lines(detail: dict, dataset: Dataset) -> list[str]:
    """The best paths of a card, one per line, and the command that shows them all."""
    profile = detail["profile"]
    bac = " ".join([profile["bac"], *profile["specialites"]])
    bac = f'"{bac}"' if " " in bac else bac
    command = f"orient path --bac {bac} --vers {detail['id']}"
    if not detail["paths"]:
        if detail.get("formations") == []:
            return ["Aucune formation du jeu de données n'y mène : pas de chemin à proposer."]
        return [f"Aucun chemin pour votre profil ; la raison : {command}"]
    lines = [path_summary(row) for row in detail["paths"]]
    more = " --tous" if detail["more_paths"] else ""
    lines.append(f"Le détail, étape par étape : {command}{more}")
    return lines


def _next_line(row: dict) -> str:
    verdict = STEP_LABELS.get(row["verdict"], row["verdict"])
    condition = f", {row['condition']}" if row["condition"] else ""
    return f"{row['name']} : {verdict}{condition}"


# -- data import -------------------------------------------------------------


def problem_columns() -> list[Column]:
    return [Column("file", "Fichier"), Column("field", "Champ"), Column("message", "Problème", max_width=70)]


def import_record(summary) -> dict:
    """What an ONISEP import did, for machine output."""
    return {
        "files": summary.files,
        "formations": summary.formations,
        "metiers": summary.metiers,
        "skipped": summary.skipped,
        "partial": summary.partial,
        "changed": summary.changed,
        "path": summary.path,
        "problems": [{"file": p.file, "line": p.line or None, "message": p.message} for p in summary.problems],
    }


def import_lines(summary) -> list[str]:
    """What an import did, in French, for stderr."""
    report = summary.report
    if summary.rebuilt:
        lines = [
            f"Fiches déjà importées relues avec les règles de cette version : {count_fr(report.formations, 'formation')}, "
            f"{count_fr(report.metiers, 'métier')}."
        ]
    else:
        lines = [
            f"Fichiers lus : {number_fr(summary.files)} — {count_fr(summary.formations, 'formation')}, "
            f"{count_fr(summary.metiers, 'métier')}"
            f", {count_fr(summary.skipped, 'fiche ignorée', 'fiches ignorées')}"
            f", {count_fr(summary.partial, 'accès compris en partie seulement', 'accès compris en partie seulement')}."
        ]
    for problem in summary.problems[:20]:
        lines.append(f"  {problem}")
    if len(summary.problems) > 20:
        lines.append(f"  … et {count_fr(len(summary.problems) - 20, 'autre problème', 'autres problèmes')}.")
    if summary.changed:
        lines.append(
            f"Import enregistré : {count_fr(report.formations, 'formation')} et {count_fr(report.metiers, 'métier')} "
            f"au total ({summary.path})."
        )
    else:
        lines.append("Rien n'a changé : l'import contenait déjà exactement ces fiches.")
    if summary.merged:
        lines.append(
            f"Déjà décrites par le jeu intégré, et fusionnées avec lui : {count_fr(len(summary.merged), 'fiche')}"
            " (liste : orient data rapport)."
        )
    return lines


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %".replace(".", ",") if whole else "—"


def report_card(report, merged=()) -> tuple[Card, dict]:
    """The coverage report as a card (table) and as a record (json, csv…), with the imported cards
    ``merged`` into the embedded dataset's records."""
    record = {
        "formations": report.formations,
        "metiers": report.metiers,
        "with_access": report.with_access,
        "complete": report.complete,
        "partial": report.partial,
        "unparsed": report.unparsed,
        "complete_share": round(report.complete / report.with_access, 4) if report.with_access else None,
        "phrases": [{"text": p.text, "count": p.count} for p in report.phrases],
        "decided": {"card": report.by_card, "national": report.by_national, "unknown": report.by_nothing},
        "by_type": [
            {"type": c.type, "formations": c.formations, "card": c.card, "national": c.national, "unknown": c.unknown}
            for c in report.by_type
        ],
        "unknown_types": [{"label": p.text, "count": p.count} for p in report.unknown_types],
        "merged": [merged_row(m) for m in merged],
    }
    counts = [
        f"Fiches lues : {report.formations} formations, {report.metiers} métiers",
        f"Fiches avec un texte d'accès : {report.with_access}",
        f"Comprises entièrement : {report.complete} ({_percent(report.complete, report.with_access)})",
        f"Comprises en partie : {report.partial} ({_percent(report.partial, report.with_access)})",
        f"Pas comprises du tout : {report.unparsed} ({_percent(report.unparsed, report.with_access)})",
    ]
    phrases = [f"{p.count} × {p.text}" for p in report.phrases]
    total = report.by_card + report.by_national + report.by_nothing
    decided = [
        f"Par le texte de leur fiche : {report.by_card} ({_percent(report.by_card, total)})",
        f"Par la règle nationale de leur type : {report.by_national} ({_percent(report.by_national, total)})",
        f"Par rien (verdict « inconnu ») : {report.by_nothing} ({_percent(report.by_nothing, total)})",
    ]
    by_type = [
        f"{c.type} : {count_fr(c.formations, 'fiche')} — par la fiche {c.card}, par la règle nationale {c.national}, inconnu {c.unknown}"
        for c in report.by_type
    ]
    unknown_types = [f"{p.count} × « {p.text} »" for p in report.unknown_types]
    card = Card(
        title="Rapport de couverture des fiches importées",
        subtitle="Une fiche comprise en partie reçoit le verdict « inconnu », avec le texte de la fiche.",
        sections=[
            Section("Effectifs", counts),
            Section("Ce qui décide les verdicts, sur toutes les fiches formations", decided),
            Section("Par type de formation", by_type, bullets=True),
            *([Section("Types ONISEP inconnus (rangés dans « autre »)", unknown_types, bullets=True)] if unknown_types else []),
            Section("Phrases les plus fréquentes non comprises", phrases or ["aucune"], bullets=True),
            merged_section(merged),
        ],
    )
    return card, record


MERGED_REASONS = {
    "onisep": "même identifiant ONISEP",
    "scolarite": "même code scolarité",
    "rncp": "même fiche RNCP",
    "name": "même nom",
    "parcours": "l'un de ses parcours",
}


def merged_row(merged) -> dict:
    """One imported card that a record of the embedded dataset describes (see ``onisep.store.Merged``)."""
    return {"card": merged.card, "into": merged.into, "why": merged.why, "name": merged.name, "parcours": merged.parcours or None}


def merged_section(merged) -> Section:
    """The imported cards the embedded dataset already describes, and the record that stands for each."""
    lines = [f"{m.card} {m.name} → {m.into} ({MERGED_REASONS.get(m.why, m.why)})" for m in merged]
    return Section("Fiches importées fusionnées avec le jeu intégré (c'est lui qui compte)", lines or ["aucune"], bullets=True)


def day(value: str | None, _row: dict) -> str:
    """An ISO date as French writes it (« 01/12/2026 »)."""
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
        return f"{value[8:]}/{value[5:7]}/{value[:4]}"
    return as_text(value)


def count(value: int | None, _row: dict) -> str:
    """A count as French writes it (« 34 948 »)."""
    return number_fr(value) if isinstance(value, int) else as_text(value)


def status_columns() -> list[Column]:
    return [
        Column("label", "Source"),
        Column("formations", "Formations", count),
        Column("metiers", "Métiers", count),
        Column("shadowed", "Déjà dans le jeu intégré", count),
        Column("date", "Date", day),
        Column("path", "Emplacement", max_width=50),
    ]


def pair_columns(*, with_group: bool = True) -> list[Column]:
    from .labels import group_name

    def pair(value: list, row: dict) -> str:
        return " + ".join(value)

    def group(value: str, row: dict) -> str:
        return group_name(value)

    def rate(value: float | None, row: dict) -> str:
        text = percent(value)
        return text + (" (peu de candidats)" if row["small"] else "")

    columns = [
        Column("group", "Regroupement", group, max_width=44),
        Column("specialites", "Spécialités", pair, max_width=36),
        Column("candidates", "Candidats", count),
        Column("proposal_rate", "Ont reçu une proposition", rate),
        Column("accepted", "Ont accepté", count),
    ]
    return columns if with_group else columns[1:]


def parcoursup_report_card(report) -> tuple[Card, dict]:
    """The Parcoursup import's report: offers linked to a formation of the dataset, by filière."""
    record = {
        "offers": report.offers,
        "outcomes": report.outcomes,
        "linked": report.linked,
        "counted": report.counted,
        "counted_linked": report.counted_linked,
        "coverage": round(report.counted_linked / report.counted, 3) if report.counted else None,
        "by_filiere": [
            {"filiere": t.filiere, "label": t.label or None, "rows": t.rows, "linked": t.linked, "counted": t.counted}
            for t in report.by_filiere
        ],
        "unlinked": [{"label": label, "rows": n} for label, n in report.unlinked],
    }
    summary = [
        f"{report.offers} formations de Parcoursup importées, {report.linked} reliées à une formation du jeu de données.",
    ]
    if report.counted:
        share = percent_fr(report.counted_linked / report.counted)
        summary.append(
            f"Parmi les {report.counted} dont le type a des formations dans le jeu de données : {report.counted_linked} reliées ({share})."
        )
    summary.append(f"{report.outcomes} résultats de candidats par paire de spécialités.")
    by_type = [
        f"{t.label or t.filiere} : {t.linked} reliées sur {t.rows}"
        + ("" if t.counted else " (aucune formation de ce type dans le jeu de données)")
        for t in report.by_filiere
    ]
    unlinked = [f"{label} ({n})" for label, n in report.unlinked]
    card = Card(
        title="Rapport de l'import Parcoursup",
        subtitle="liens entre les formations de Parcoursup et celles du jeu de données",
        sections=[
            Section("Liens", summary),
            Section("Par filière", by_type, bullets=True),
            Section("Libellés non reliés les plus fréquents", unlinked, bullets=True),
        ],
    )
    return card, record


def _opening(text: str, limit: int = 300) -> str:
    """The first sentences of ``text`` up to about ``limit`` characters, « … » when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(". ", 0, limit)
    return flat[: cut + 1] + " […]" if cut > 0 else flat[:limit].rsplit(" ", 1)[0] + " […]"


def no_path_lines(result, why) -> list[str]:
    """Why a path search found nothing, in French, most telling first."""
    name = result.target.name
    if not result.ends:
        lines = [f"Aucune formation du jeu de données ne mène à {name} pour l'instant."]
        access = result.target.access_text if isinstance(result.target, Metier) else ""  # its card may still say how
        if access:
            lines.append(f"Sa fiche dit de l'accès au métier : « {_opening(access)} » (tout le texte : orient metier {result.target.id}).")
        return lines
    lines = [f"Aucun chemin vers {name} pour votre profil en {count_fr(result.max_steps, 'étape')} au plus."]
    for blocked in why.blocked:
        formation, verdict = blocked.formation, blocked.verdict
        access = formation.access
        if blocked.age_then is not None:
            lines.append(
                f"{formation.name} : hors limite d'âge. Il faut d'abord un niveau {level_label(blocked.need_level)}, atteint au plus tôt "
                f"à {blocked.age_then} ans, et la limite est de {access.age_max} ans ({access.age_note or 'âge maximum'})."
            )
            continue
        # For later, the rule's reason and what leads there (the next reason): the way to look for.
        told = verdict.reasons[:2] if verdict.code == "later" else verdict.reasons[:1]
        lines.append(f"{formation.name} : {VERDICT_LABELS[verdict.code]}. {' '.join(told)}")
    if why.steps_needed is not None:
        lines.append(f"Un chemin existe en {count_fr(why.steps_needed, 'étape')} : relancez avec --max-etapes {why.steps_needed}.")
    return lines
