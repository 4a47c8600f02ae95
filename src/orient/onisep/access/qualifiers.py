"""What narrows a named diploma or bac: its field, its spécialités, in the card's own words."""

from __future__ import annotations

import re

from .fragments import Fragment
from .patterns import LEVELS, ROUTE_WORDS, SELECTING

# What narrows a named diploma: « un BTS management en hôtellerie-restauration »,
# « une L2 d'économie et gestion », « un CAP du secteur de la mécanique, de la métallerie ».
_QUAL_STOP = (
    r"(?:un|une|le|la|les|ou|et|avec|pour|sur|par|apres|avant|mais|ainsi|qui|que|est|sont|se|peut|peuvent|ayant|dans|a|au|aux|"
    r"permettant|voire|puis|notamment|principalement|surtout|etc|sous|selon|si|ne|n|en|de|du|des|d|l|valide|validee|valides|validees|"
    r"ou|soit|y|compris|tels?|telles?|comme|minimum|maximum|equivalent|equivalente|superieur|obtenu|obtenue|"
    r"tout|toute|tous|cap|bac|bts|btsa|but|dut|licence|master|brevet|diplome|titre|bp|bma|cs|mc|general|generale|generaux|technologiques?)"
)
_QUAL_WORD = r"(?!" + _QUAL_STOP + r"\b)[a-z0-9][a-z0-9'-]*"
_QUAL_LINK = (
    r"(?:(?:et )?(?:de |d'|du |des |de la |de l'|en |a la |a l'|a |aux |dans (?:les?|la) (?!cadre))|et |"
    r"sur (?!dossier|concours|titre|tests?|entretien|epreuve|audition|parcoursup))"
)
_QUAL_NAME = r"(?:«[^»]*»|\"[^\"]*\"|" + _QUAL_WORD + r"(?:\s+" + _QUAL_LINK + r"?" + _QUAL_WORD + r")*)"
_QUAL_CONNECT = (
    # « un bac pro pour les spécialités du secteur de l'aménagement »
    r"(?:pour (?:les |la )?specialites? (?:du |des |de la )(?:secteurs?|domaines?|filieres?) (?:de la |de l'|du |des |de |d')?|"
    r"(?:,? ?(?:notamment|en particulier|surtout|principalement) )?(?:ceux|celles) (?:de la |des )specialites? |"
    r"(?:en priorite|prioritairement|notamment),? (?:des|de la|dans les) specialites?(?: [a-z]+)? ?:? ?|"
    r"(?:prioritairement |en priorite |notamment )?(?:du secteur [a-z]+ )?(?:dans (?:les|la) |de (?:la|l'une des) )?specialites? "
    r"(?:relatives? (?:a la |a l'|aux |au |a )|"
    r"relevant (?:des champs |du champ |des domaines |du domaine )?(?:de la |de l'|des |du |de )|suivantes ?:? ?)|"
    r"(?:de la |des |les )?specialites? |(?:l')?options? |(?:dans |relevant (?:de |des |du ))?(?:le |les |des |du |de )?"
    r"(?:champs?|domaines?|secteurs?(?: professionnels?| d'activite)?|disciplines?|filieres?)"
    r"(?: (?:de la |de l'|du |des |de |d'))?|en |d'|de la |de l'|du |des |de )"
)
_QUAL_FIRST = re.compile(
    r"(?:\s*,\s*(?=en priorite|prioritairement|notamment|en particulier|surtout|principalement))?"
    r"\s*(?:" + _QUAL_CONNECT + r")?" + _QUAL_NAME + r"(?:\s*\([^()]*\))?"
)
_QUAL_NEXT = re.compile(
    r"\s*(?:,\s*|\s(?:ou|et)\s+(?:en )?)(?:" + _QUAL_CONNECT + r"|(?:la |le |les |l'))?" + _QUAL_NAME + r"(?:\s*\([^()]*\))?"
)
_QUAL_BRACKETS = re.compile(r"\s*\((?:[^()]|\([^)]*\))*\)")
# Brackets that only say a level again, in credits or in years: « (180 crédits ECTS) », « (60 ECTS validés) », « (bac + 2) ».
_RESTATED_LEVEL = re.compile(
    r"\s*\(\s*(?:(?:soit |au moins |minimum )?\d{2,3} (?:credits? ?(?:ects|europeens)?|ects)(?: valides?)?|bac ?\+ ?\d)\s*\)"
)


# Acronyms that name a discipline, not a diploma: the field of a licence (« une L1 STAPS »).
_DISCIPLINES = frozenset({"STAPS", "LEA", "MIASHS", "AES", "MASS", "LLCER", "SVT", "SVTE"})


def qualifier(fragment: Fragment, pos: int, *, names: bool = False, acronyms: bool = False) -> tuple[int, str]:
    """Read what narrows the diploma named just before ``pos``; return where it ends and its text."""
    text = fragment.folded
    end = pos
    colon = re.match(r"\s*:\s*", text[pos:]) if names else None
    start = pos + colon.end() if colon else pos
    bracket = re.match(r"\s*\([^()]*\)", text[start:])
    if bracket and (not fragment.free(start, start + bracket.end()) or _RESTATED_LEVEL.fullmatch(bracket.group(0))):
        # « une licence (bac + 3) en arts du spectacle »: the level in brackets is read, the field follows;
        # « bac + 3 (180 crédits ECTS) »: the brackets say the level again, they name no field.
        start += bracket.end()
        pos = end = start
    limit = fragment.used.find(1, start)
    limit = len(text) if limit < 0 else limit  # stop before what is already understood
    match = _QUAL_BRACKETS.match(text, start, limit) or _QUAL_FIRST.match(text, start, limit)
    while match and match.end() > end and fragment.free(end, match.end()):
        item = text[match.start() : match.end()]
        bare = re.sub(r"(?:tres )?bon niveau|\([^()]*\)", "", item)
        if ROUTE_WORDS.search(bare) or SELECTING.search(bare) or any(p.search(bare) for p, _, _ in LEVELS):
            break
        end = match.end()
        match = _QUAL_NEXT.match(text, end, limit)
    words = fragment.text[pos:end].strip(" ,")
    if words.startswith("(") and words.endswith(")"):
        words = words[1:-1]
    words = re.sub(r"^pour (?:les |la )?spécialités? (?=du |des |de la )", "", words, flags=re.IGNORECASE)
    words = re.sub(r"^(?:en|de la|de l'|du|des|de|d')\s*(?=\w)", "", words, flags=re.IGNORECASE)
    if re.fullmatch(r"(?:la |le |du |de la |des )?(?:filière|domaine|secteur)s?", words) or (
        not acronyms and re.fullmatch(r"[A-Z.]{2,6}", words) and words not in _DISCIPLINES
    ):
        words = ""  # an acronym (but a discipline's: « une L1 STAPS ») or a bare « du domaine »: nothing to add
    return end, words


def narrowed(fragment: Fragment, match: re.Match[str], label: str) -> str:
    """``label``, narrowed by what follows ``match`` in the fragment (which is then understood)."""
    return narrowing(fragment, match, label)[0]


def narrowing(fragment: Fragment, match: re.Match[str], label: str) -> tuple[str, str]:
    """``label`` narrowed by what follows ``match`` (then understood), and the narrowing words themselves."""
    end, words = qualifier(fragment, match.end())
    if end == match.end():
        return label, ""
    fragment.use(match.end(), end)
    return (f"{label} ({words})", words) if words else (label, "")
