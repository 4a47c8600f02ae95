"""Every error a person reads, in French: the core raises codes with data, this module words them.

:func:`describe` turns an :class:`~orient.errors.OrientError` into (message, hint, candidates);
a code without wording here is a bug, caught by a test that raises every code of the core.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import InputError, OrientError
from ..text import count_fr, join_fr, number_fr


class BadUsage(InputError):
    """An error of the command line itself (incompatible options…), already worded: exit code 2."""

    def __init__(self, text: str, *, suggestions: tuple[str, ...] | list[str] = (), hint: str = "") -> None:
        super().__init__("cli.usage", text=text, hint=hint, suggestions=suggestions)


class Failure(OrientError):
    """A command that cannot run (nothing imported…), already worded: exit code 1."""

    def __init__(self, text: str, *, hint: str = "") -> None:
        super().__init__("cli.failure", text=text, hint=hint)


Wording = Callable[[dict[str, Any]], tuple[str, str]]

# The fields a person types, as a sentence names them.
FIELDS = {
    "bac": "le bac",
    "specialite": "la spécialité",
    "niveau": "le niveau",
    "age": "l'âge",
    "interets": "la liste de centres d'intérêt",
    "atouts": "la liste d'atouts",
    "identifiant": "l'identifiant de l'élève",
    "vers": "le but (colonne « vers »)",
}
# The columns of a class file (« orient batch »), by field, as a person names them.
BATCH_COLUMNS = {
    "student": "identifiant",
    "bac": "bac",
    "specialites": "specialites",
    "niveau": "niveau",
    "age": "age",
    "interets": "interets",
    "atouts": "atouts",
    "vers": "vers",
}
_HEADER_HINT = "La première ligne nomme les colonnes, par exemple : identifiant;bac;specialites;interets;atouts;vers"
_TEXT = "du texte est attendu"
# What a JSONL value must be, for the fields that take more than text.
_EXPECTED = {
    "age": "un âge en années, nombre entier (17) ou texte (« 17 ans »), est attendu",
    "niveau": "un nombre entier d'années après le bac (1) ou un niveau écrit (« bac+1 ») est attendu",
    "student": "du texte ou un nombre est attendu",
    "specialites": "du texte ou une liste de textes est attendu",
    "interets": "du texte ou une liste de textes est attendu",
    "atouts": "du texte ou une liste de textes est attendu",
}
_JSONL_HINT = 'Un objet JSON par ligne, par exemple : {"identifiant": "A1", "bac": "STI2D", "specialites": "SIN"}'
_UTF8_HINT = "Enregistrez le fichier au format « CSV UTF-8 » depuis le tableur, puis relancez."
KINDS = {"formation": "formation", "metier": "métier", "sector": "secteur"}
SEARCH_HINTS = {
    "formation": "Pour chercher : orient formations MOTS",
    "metier": "Pour chercher : orient metiers MOTS",
    "sector": "La liste des secteurs : orient secteur",
}
STORES = {
    "onisep": ("l'import ONISEP", "orient data import onisep DOSSIER"),
    "parcoursup": ("l'import Parcoursup", "orient data import parcoursup FICHIER…"),
    "lock": ("le verrou du dossier des imports", ""),
}
MAX_CANDIDATES = 12  # matches listed for an ambiguous query; the rest are counted
MAX_LISTED = 20  # beyond this many spécialités, an error points to « orient bacs TRACK » instead of listing them
_DATA_DIR_HINT = "ou choisissez un autre dossier avec la variable ORIENT_DATA_DIR."


def _quoted(words: list[str]) -> str:
    return ", ".join(f"« {w} »" for w in words)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _not_found(kind: str) -> Wording:
    article = "Aucune" if kind == "formation" else "Aucun"
    return lambda d: (f"{article} {KINDS[kind]} ne correspond à « {d['query']} ».", SEARCH_HINTS[kind])


def _ambiguous(what: str) -> Wording:
    return lambda d: (f"« {d['query']} » correspond à plusieurs {what} :", "Précisez la recherche ou utilisez un identifiant.")


def candidates(matches: list[tuple[str, str, str]], *, kinds: bool = False) -> list[str]:
    """The lines listing an ambiguous query's matches: identifier and name aligned, after the kind
    of record when ``kinds`` (a search among métiers and formations at once)."""
    width = max(len(i) for _k, i, _n in matches)
    lines = [(f"{KINDS[k].ljust(9)}  " if kinds else "") + f"{i.ljust(width)}  {n}" for k, i, n in matches]
    if len(lines) > MAX_CANDIDATES:
        lines = [*lines[: MAX_CANDIDATES - 1], f"… et {count_fr(len(lines) - MAX_CANDIDATES + 1, 'autre')}"]
    return lines


def _specialite_unknown(d: dict[str, Any]) -> tuple[str, str]:
    label = d["label"]
    if len(d["codes"]) > MAX_LISTED:
        hint = f"Liste des {label}s : orient bacs {d['track'].lower()}"
    else:
        hint = f"{_capital(label)}s possibles : " + ", ".join(d["codes"]) + "."
    return f"{_capital(label)} inconnue pour {d['bac']} : « {d['text']} ».", hint


def _atouts_unknown(d: dict[str, Any]) -> tuple[str, str]:
    listing = "La liste et ses mots clés : orient interets --atouts"
    words = d["words"]
    if len(words) == 1:
        return f"Atout non reconnu : « {words[0]} ».", listing
    close = [f"« {w} » → " + " ou ".join(found) for w, found in d["close"].items()]
    hint = ("Proches : " + " ; ".join(close) + ". " if close else "") + listing
    return f"Atouts non reconnus : {_quoted(words)}.", hint


def _dataset_invalid(d: dict[str, Any]) -> tuple[str, str]:
    problems = d["problems"]
    first = problems[0] if problems else "jeu de données vide"
    more = f" (et {count_fr(len(problems) - 1, 'autre problème', 'autres problèmes')})" if len(problems) > 1 else ""
    return f"Jeu de données invalide : {first}{more}", "Lancez « orient data validate » pour la liste complète."


def _store_damaged(d: dict[str, Any]) -> tuple[str, str]:
    label, again = STORES[d["kind"]]
    return (
        f"{_capital(label)} {d['path']} est abîmé : {d['reason']}.",
        f"Refaites-le avec « {again} », ou effacez-le avec « orient data reset --yes ».",
    )


def _store_failed(action: str) -> Wording:
    verb = {"read": "de lire", "write": "d'écrire", "remove": "de supprimer"}[action]

    def word(d: dict[str, Any]) -> tuple[str, str]:
        label, _again = STORES[d["kind"]]
        if d["kind"] == "lock":
            return (
                f"Impossible de verrouiller le dossier des imports {d['path'].parent} : {d['reason']}.",
                f"Corrigez les droits de ce dossier, {_DATA_DIR_HINT}",
            )
        if action == "write":
            hint = f"{_capital(label)} précédent est intact. Libérez de la place ou corrigez les droits, {_DATA_DIR_HINT}"
        else:
            hint = f"Corrigez les droits ou déplacez ce qui occupe ce chemin, {_DATA_DIR_HINT}"
        return f"Impossible {verb} {label} {d['path']} : {d['reason']}.", hint

    return word


def _import_failed(code: str) -> Wording:
    def word(d: dict[str, Any]) -> tuple[str, str]:
        problems = d["problems"]
        if code == "import.strict":
            return (
                f"Import arrêté (--strict) : {problems[0]}",
                "Rien n'a changé. Corrigez ce problème, ou relancez sans --strict pour l'ignorer.",
            )
        if d["source"] == "parcoursup":
            return (
                "Aucun fichier Parcoursup importé.",
                "Les fichiers reconnus : l'export des admissions, la liste des formations, les résultats par spécialités.",
            )
        if code == "import.none_built":
            return "Aucune fiche ONISEP importée : aucune n'a pu être convertie.", ""
        return (
            f"Aucune fiche ONISEP importée depuis {', '.join(d['roots'])}.",
            "Indiquez des fiches FOR.*.md et MET.*.md, ou des dossiers qui en contiennent.",
        )

    return word


def _no_bac(d: dict[str, Any]) -> tuple[str, str]:
    columns = d["columns"]
    found = f" ; colonnes lues : {_quoted(columns[:12])}" + (" …" if len(columns) > 12 else "") if columns else ""
    hint = "Colonnes reconnues : " + ", ".join(BATCH_COLUMNS.values()) + " (accents, majuscules et espaces n'y comptent pas)."
    return f"Aucune colonne « bac » dans l'en-tête du fichier{found}.", hint


MESSAGES: dict[str, Wording] = {
    "cli.usage": lambda d: (d["text"], d["hint"]),
    "cli.failure": lambda d: (d["text"], d["hint"]),
    # what a person types
    "input.too_long": lambda d: (
        f"Texte trop long pour {FIELDS[d['field']]} : {number_fr(d['length'])} caractères, {number_fr(d['limit'])} au plus.",
        "Indiquez seulement les mots utiles.",
    ),
    "input.undecodable": lambda d: (
        f"Caractère illisible dans {FIELDS[d['field']]} : un octet n'est pas du texte UTF-8.",
        "Vérifiez l'encodage du terminal (UTF-8), puis retapez ce texte.",
    ),
    "list.empty": lambda d: (
        f"{_capital(FIELDS[d['field']])} est vide.",
        'Séparez les mots par des virgules, par exemple : "cinéma, lumière".',
    ),
    "bac.empty": lambda d: ("Le bac est vide.", 'Exemples : --bac STI2D, --bac général, --bac "bac pro photo". Liste : orient bacs'),
    "bac.several": lambda d: (
        f"« {d['text']} » désigne plusieurs bacs à la fois ({join_fr(d['tracks'], 'et')}) : indiquez-en un seul.",
        "",
    ),
    "bac.series_missing": lambda d: (
        f"Série du bac technologique manquante dans « {d['text']} ».",
        "Séries : " + ", ".join(d["series"]) + ".",
    ),
    "bac.unknown": lambda d: (f"Bac inconnu : « {d['text']} ».", "Liste des bacs : orient bacs"),
    "bac.is_level": lambda d: (
        f"« {d['text']} » n'est pas un bac : c'est un diplôme du supérieur, de niveau bac+{d['bac_plus']}.",
        f"Indiquez le bac obtenu avant avec --bac, et ce diplôme avec --niveau bac+{d['bac_plus']}.",
    ),
    "specialite.none": lambda d: (
        f"{d['bac']} n'a pas de {d['label']} à choisir : « {d['text']} » ne s'applique pas.",
        "Retirez --specialite, ou vérifiez la série avec : orient bacs",
    ),
    "specialite.unknown": _specialite_unknown,
    "niveau.out_of_range": lambda d: (
        f"Niveau hors limites : « {d['text']} ».",
        f"Les niveaux vont de bac à bac+{d['high']} : --niveau bac, bac+1… bac+{d['high']}.",
    ),
    "niveau.unknown": lambda d: (f"Niveau inconnu : « {d['text']} ».", "Exemples : bac, bac+1, bac+2, bac+3, bac+5."),
    "age.not_a_number": lambda d: (f"Âge invalide : « {d['text']} ». Indiquez un nombre entier d'années, par exemple 19.", ""),
    "age.out_of_range": lambda d: (f"Âge invalide : {d['age']}. Indiquez un âge en années, entre {d['low']} et {d['high']}.", ""),
    "interets.too_many": lambda d: (
        f"Trop de centres d'intérêt : {d['count']} ; {d['limit']} au plus.",
        "Gardez les mots qui comptent le plus pour vous, séparés par des virgules.",
    ),
    "interets.none_understood": lambda d: (
        f"Aucun mot compris : {_quoted(d['words'])}.",
        "Essayez les mots d'un domaine ou d'un métier, par exemple : --interets « informatique, jeux vidéo ».",
    ),
    "atouts.unknown": _atouts_unknown,
    # searches
    "query.empty": lambda d: ("La recherche est vide.", "Tapez au moins un mot, par exemple : orient formations audiovisuel"),
    "type.empty": lambda d: ("Le type de formation est vide.", "Exemples : --type BTS, --type BUT,licence. Liste des types : orient types"),
    "type.unknown": lambda d: (f"Type de formation inconnu : « {d['text']} ».", "Liste des types : orient types"),
    "specialites.group_unknown": lambda d: (
        f"Ni regroupement du fichier des spécialités ni type de formation : « {d['text']} ».",
        "Un regroupement (PASS, « BUT Production », « Licence Chimie »…) ou un type (BTS, BUT, licence…) ; liste des types : orient types",
    ),
    "formation.not_found": _not_found("formation"),
    "metier.not_found": _not_found("metier"),
    "sector.not_found": _not_found("sector"),
    "target.not_found": lambda d: (
        f"Aucun métier ni aucune formation ne correspond à « {d['query']} ».",
        "Pour chercher : orient metiers MOTS ou orient formations MOTS",
    ),
    "formation.ambiguous": _ambiguous("formations"),
    "metier.ambiguous": _ambiguous("métiers"),
    "sector.ambiguous": _ambiguous("secteurs"),
    "target.ambiguous": _ambiguous("métiers ou formations"),
    # places (Parcoursup)
    "place.out_of_range": lambda d: (
        f"Coordonnées hors limites : « {d['text']} ».",
        "Latitude de -90 à 90, longitude de -180 à 180 : --pres-de 45.76,4.84",
    ),
    "place.unknown": lambda d: (
        f"Lieu inconnu des données Parcoursup : « {d['text']} ».",
        "Seules les communes de l'export des admissions importé sont connues (la liste des formations n'en nomme "
        "aucune) : indiquez plutôt le département (--pres-de Loire-Atlantique, --pres-de 44) ou les coordonnées "
        "du lieu (--pres-de 47.22,-1.55).",
    ),
    "region.unknown": lambda d: (
        f"Région inconnue : « {d['text']} ».",
        "Son nom officiel ou son abréviation : --region Île-de-France, --region PACA, --region Centre-Val de Loire",
    ),
    "departement.unknown": lambda d: (
        f"Département inconnu des données Parcoursup : « {d['text']} ».",
        "Son nom ou son code : --departement 69 ou --departement Rhône",
    ),
    # data, imports and stores
    "dataset.invalid": _dataset_invalid,
    "store.damaged": _store_damaged,
    "store.read": _store_failed("read"),
    "store.write": _store_failed("write"),
    "store.remove": _store_failed("remove"),
    "store.locked": lambda d: (
        f"Un autre import ou une remise à zéro est en cours dans {d['folder']} : "
        f"le verrou {d['path']} ne s'est pas libéré en {d['timeout']:g} s.",
        "Relancez la commande quand il sera fini.",
    ),
    # class files (« orient batch »)
    "batch.spreadsheet": lambda d: (
        "Ce fichier est un classeur de tableur (Excel, LibreOffice), pas un CSV.",
        "Dans le tableur : Fichier › Enregistrer sous › CSV UTF-8 (délimité par des points-virgules), puis donnez ce fichier à orient.",
    ),
    "batch.empty": lambda d: ("Le fichier de la classe est vide : pas même une ligne d'en-tête.", _HEADER_HINT),
    "batch.encoding": lambda d: (
        "L'en-tête du fichier n'est pas du texte UTF-8 (un export de tableur dans un autre encodage ?).",
        _UTF8_HINT,
    ),
    "batch.header_too_long": lambda d: (
        f"La première ligne dépasse {number_fr(d['limit'])} caractères : ce n'est pas l'en-tête d'un fichier de classe.",
        _HEADER_HINT,
    ),
    "batch.header_unreadable": lambda d: ("L'en-tête du fichier est illisible (guillemets mal fermés ?).", _HEADER_HINT),
    "batch.no_bac": _no_bac,
    "batch.missing": lambda d: (
        "Bac manquant.",
        "Indiquez le bac de chaque élève : STI2D, général, « bac pro photo »… (liste : orient bacs)",
    ),
    "batch.too_long": lambda d: (f"Ligne trop longue (plus de {number_fr(d['limit'])} caractères), ignorée.", ""),
    "batch.csv": lambda d: ("Ligne illisible (guillemets mal fermés ?).", ""),
    "batch.unclosed_quote": lambda d: (
        "Guillemets ouverts et jamais fermés : la fin du fichier a été lue comme une seule cellule, "
        "les élèves qui suivent cette ligne ne sont pas traités.",
        "",
    ),
    "batch.json": lambda d: ("Ligne illisible : ce n'est pas du JSON.", _JSONL_HINT),
    "batch.not_object": lambda d: ("Ligne JSON qui n'est pas un objet { … }.", _JSONL_HINT),
    "batch.value": lambda d: (f"Valeur illisible pour « {BATCH_COLUMNS[d['field']]} » : {_EXPECTED.get(d['field'], _TEXT)}.", _JSONL_HINT),
    "batch.undecodable": lambda d: ("Caractères illisibles : un octet n'est pas du texte UTF-8.", _UTF8_HINT),
    "import.strict": _import_failed("import.strict"),
    "import.nothing": _import_failed("import.nothing"),
    "import.nothing_stored": lambda d: (
        "L'import ONISEP est abîmé : ses fiches ne peuvent pas être relues (il est laissé tel quel)."
        if d.get("damaged")
        else "Aucune fiche ONISEP n'est encore importée : il n'y a rien à relire.",
        "Indiquez les fiches à importer : orient data import onisep DOSSIER",
    ),
    "import.none_built": _import_failed("import.none_built"),
}


def describe(error: OrientError) -> tuple[str, str, list[str]]:
    """(message, hint, candidate lines) of ``error``, in French."""
    wording = MESSAGES.get(error.code)
    if wording is None:  # a code without wording: say what is known rather than nothing
        return f"Erreur ({error.code}).", "", []
    text, hint = wording(error.data)
    lines = candidates(error.data["matches"], kinds=error.code.startswith("target.")) if "matches" in error.data else []
    return text, hint, lines
