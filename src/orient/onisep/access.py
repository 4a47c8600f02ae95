"""The access parser: ONISEP's free-text « Accès » paragraph → structured access rules.

The text is cut into fragments (lines, list items, sentences). Recognisers, each
a regular expression over the folded fragment, read the facts they know (a bac
track, a spécialité, a prior level, a selection mode, an age limit…) and mark
the characters they used. A fragment is *understood* when nothing is left but
linking words; anything else is kept as text.

A card whose fragments are all understood and which names at least one way in
gets an :class:`~orient.models.Access`; otherwise its rules are uncertain and
the verdict engine answers ``unknown`` with the card's own sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Literal

import msgspec

from ..models import Access, Referential, Route
from ..text import join_fr

Status = Literal["complete", "partial", "none"]

# One-to-one folding, so that positions in the folded text are positions in the original.
_FOLD = str.maketrans(
    "ÀÂÄÁÃàâäáãÉÈÊËéèêëÎÏÍÌîïíìÔÖÓÒôöóòÙÛÜÚùûüúÇçÑñŸÿ’‘`´«»“”\u00a0\u202f\u2009\u2011\u2013\u2014",
    "aaaaaaaaaaeeeeeeeeiiiiiiiioooooooouuuuuuuuccnnyy''''\"\"\"\"   -- ",
)


def fold_keep(text: str) -> str:
    """Lower-case ``text`` and strip accents without changing its length."""
    return text.translate(_FOLD).lower()


# Words that link facts without adding any: left over, they do not make a fragment unclear.
STOPWORDS = frozenset(
    """
    a au aux avec apres ce ces cet cette d de des du en et est etc il elle ils elles l la le les leur leurs
    meme n ne ou par pas peu peut peuvent pour qu que qui s sa se ses son sont sur sous tout toute toutes tous
    un une y ainsi alors aussi autre autres egalement encore mais notamment particulier voire eventuellement
    possible possibles possibilite accessible accessibles ouvert ouverte ouverts ouvertes accede acceder acces
    admission admis admise admissions entree entrer integrer integration candidat candidats candidate candidates
    candidature candidatures eleve eleves etudiant etudiants etudiante etudiantes personne personnes public
    titulaire titulaires diplome diplomes diplomee diplomees formation formations cursus cycle etudes
    prepare preparee prepares preparer preparent se prepare recrute recrutent recrutement peut-etre
    ayant avoir ont deja effectue effectuee effectues valide validee valides validees obtenu obtenue
    directement principalement surtout priorite preference exemple ceux celles celui celle cas ci
    permet permettent concerne concernes concernee niveau equivalent equivalente equivalents
    domaine domaines secteur secteurs proche proches adapte adaptee adaptes voisin voisine filiere filieres
    specialite specialites option options mention mentions parcours type types serie series
    annee annees an ans 1 2 3 4 5 6 7 8 un deux trois quatre cinq six premiere seconde deuxieme troisieme
    1re 2e 3e 4e 5e 2eme 3eme 4eme 5eme 1ere
    via procedure plateforme sein cadre selon lors dont vers chez entre quel quelle quels quelles certains certaines
    condition conditions certain sous-reserve reserve bon bonne bons bonnes tres tres-bon
    sauf necessite necessitent requis requise exige exigee demande demandee accueille accueillent accedent
    postuler postule inscrire aupres ecole ecoles etablissement etablissements beneficiant souhaitant
    reorienter decision conditionne validation pourra etudie personnalise dans generalement generale
    dossier presenter post anterieure anterieures dure sortent sortant detient detenteur detenteurs accompli
    adresse repose examinees examine examines examinee cote premieres premiers issu issus issue issues
    si etre fait faire se-fait doit doivent il-faut faut sous-condition
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class ParsedAccess(msgspec.Struct, frozen=True, kw_only=True):
    """What the parser made of one access text."""

    status: Status
    access: Access | None  # only when the rules are certain
    fragments: int  # fragments read
    unparsed: tuple[str, ...] = ()  # fragments not understood, in the card's words


class _Facts:
    """What the recognisers found in one text, before it becomes an :class:`Access`."""

    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.selection: list[str] = []
        self.age_min: int | None = None
        self.age_max: int | None = None
        self.age_note = ""
        self.requirements: list[str] = []
        self.others = "possible"
        self.parcoursup = False

    def route(self, route: Route) -> None:
        if route not in self.routes:
            self.routes.append(route)

    def select(self, mode: str) -> None:
        if mode not in self.selection:
            self.selection.append(mode)


class _Fragment:
    """One sentence or list item: its text, folded text, and which characters were understood."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold_keep(text)
        self.used = bytearray(len(text))

    def free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def use(self, start: int, end: int) -> None:
        self.used[start:end] = b"\x01" * (end - start)

    def find(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches of ``pattern`` on characters nobody has used yet (and marks them used)."""
        for match in pattern.finditer(self.folded):
            if match.end() > match.start() and self.free(match.start(), match.end()):
                self.use(match.start(), match.end())
                yield match

    def consume(self, pattern: re.Pattern[str]) -> None:
        """Mark what ``pattern`` matches as understood, without reading anything from it."""
        for _ in self.find(pattern):
            pass

    def leftover(self) -> list[str]:
        """Meaningful words nobody understood."""
        chars = "".join(" " if used else ch for ch, used in zip(self.folded, self.used))
        words = []
        for word in _WORD.findall(chars.replace("'", " ")):
            if word in STOPWORDS or len(word) == 1:
                continue
            words.append(word)
        return words


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# -- building blocks of the patterns --------------------------------------------

NUMBERS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6}
_NUM = r"(\d+|une?|deux|trois|quatre|cinq|six)"
_BAC = r"(?:bac(?:calaureats?|s)?|bacheliers?|bachelieres?)"
_ART = r"(?:(?:un|une|le|la|les|des|du|d'|l')\s*)"


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS[text]


# Statements that change no rule: consumed whole, as information.
_INFO = [
    _c(r"les eleves entrent en (?:classe de )?(?:2de|seconde)[^.]*"),
    _c(r"l'acces est different pour les eleves en apprentissage[^.]*"),
    _c(r"le brevet professionnel est un diplome de promotion professionnelle[^.]*"),
    _c(r"(?:les )?(?:enseignements de )?specialites? (?:de bac general |du bac general )?(?:recommandees?|conseillees?|privilegiees?|preconisees?|souhaitees?)[^.]*"),
    _c(r"(?:les )?enseignements de specialite(?:s)?,? (?:adaptes,? )?(?:sont les suivants|recommandes|conseilles|privilegies)[^.]*"),
    _c(r"le nombre de places[^.]*"),
    _c(r"si le nombre de candidats depasse la capacite d'accueil(?: de l'organisme de formation)?"),
    _c(r"en fonction de l'experience du candidat[^.]*"),
    _c(r"autres attestations prevues[^.]*"),
    _c(r"a noter\s*:[^.]*"),
    _c(r"les attendus et criteres nationaux sont les suivants\s*:?"),
    _c(r"il permet de s'installer a son compte"),
    _c(r"traditionnellement accessible aux professionnels"),
    _c(r"^(?:connaissances|capacites|aptitudes|qualites|interet pour|motivation|sens de|gout pour)\b[^.]*"),
    _c(r"cette annee fait partie integrante[^.]*"),
    _c(r"(?:les )?[«\"]? ?mathematiques complementaires ?[»\"]? sont recommandees[^.]*"),
    _c(r"certaines universites ne proposent[^.]*"),
    _c(r"(?:ce diplome|cette formation|il|elle) se prepare (?:dans|en) (?:les|l'une des)? ?\d* ?(?:ecoles|etablissements)[^.]*"),
    _c(r"(?:sont|etant|restent) (?:les )?(?:majoritaires|plus nombreux|mieux prepares)[^.]*"),
]

# Conditions a program cannot check (medical certificate, first aid, driving licence…):
# kept word for word and shown beside the verdict.
_REQUIREMENT = _c(
    r"certificat medical|premiers secours|secourisme|psc ?1|pse ?[12]|permis de conduire|permis bateau|"
    r"journee defense|jdc\b|vaccination|bnssa|savoir nager|s'immerger|casier judiciaire|"
    r"experience (?:professionnelle|competitive|d'enseignement|de pratique|significative)|"
    r"ans d'experience|annees d'experience|d'experience professionnelle|attestation d'experience|"
    r"tests? d'exigences? prealables?|exigences prealables|niveau technique|maitrise technique|"
    r"gestes et soins d'urgence|attestation prefectorale|aptitude a la conduite|stage d'observation"
)

_SUBJECT = _c(
    r"^(?:le|la|les|l'|ce|cette|ces)\s*[^.;]*?(?=\s(?:est|sont)\s+(?:accessibles?|ouverte?s?|preparee?s?|proposee?s?|reservee?s?)\b"
    r"|\sse prepare\b|\srecrute\b|\speut\s|\speuvent\s|\saccueille\b|\ss'adresse\b|\sadmet\b|\ss'ouvre\b|\sest preparee?\b)"
)
# « ce BTS », « cette licence pro »: the formation speaking of itself, not a way in.
_SELF = _c(r"\b(?:ce|cette|cet) (?:bac pro|licence pro(?:fessionnelle)?|certificat de specialisation|brevet professionnel|dn made|[a-z]+)\b")

_PREBAC = _c(r"(?:directement )?apres (?:la |une )?(?:classe de )?(?:3e|3eme|troisieme)\b(?: ,)?")
_PREBAC_FIRST = _c(
    r"(?:apres|(?:deja )?titulaires? d'|detient(?: deja)?|detenteurs? d'|possede(?: deja)?) ?(?:un )?premier diplome(?: \([^)]*\))?|apres une (?:classe de )?(?:2de|seconde) (?:professionnelle|pro)\b|"
    r"(?:une |d'une )?(?:classe de )?(?:2de|seconde) professionnelle"
)
_CAP = _c(
    r"(?:titulaires? (?:de (?:certains |l'un des )?|des |d'un |du |au minimum d'un )?|apres (?:un |le )?|d'un )?"
    r"(?:diplome (?:minimum )?de niveau (?:minimum )?cap|capa?|bep)\b(?: ou (?:de )?niveau superieur| ou un diplome de meme niveau| ou d'un diplome de meme niveau)?"
    r"(?: (?:d'un|du) meme secteur(?: professionnel)?| de la filiere| du secteur| du domaine[^,.;]*)?"
)
_NO_DIPLOMA = _c(r"aucun diplome (?:scolaire )?(?:n'est )?(?:requis|exige)|sans condition de diplome|sans diplome")
_BRIDGE = _c(r"(?:(?:une|l') ?)?(?:annee de |classe de )?mise a niveau(?: [a-z]+ (?:en|d')[^,.;]*?(?=[,.;]|$))?")
_ART_PREPA = _c(r"classe (?:preparatoire|prepa) aux ecoles d'art|prepa(?:ration)? (?:aux ecoles )?d'art")
_OTHERS_BRIDGE = _c(r"pour les autres (?:types de )?(?:bacs?|series|bacheliers)")
_CLOSED = _c(
    r"\b(?:uniquement|exclusivement|seulement) (?:accessible |ouverte? |reservee? )?(?:aux|a des|pour les) (?:titulaires|bacheliers|candidats|eleves|etudiants)\b"
    r"|\breservee?s? (?:aux|a des) (?:titulaires|bacheliers|candidats|eleves|etudiants)\b"
)

# Prior higher-education levels: (pattern, bac+N, label).
_LEVELS: list[tuple[re.Pattern[str], int | None, str]] = [
    (_c(r"bac ?\+ ?(\d)(?: ?/ ?\d)?(?: minimum| au moins)?"), None, "un bac+{n}"),
    (_c(r"(?:au moins |minimum )?" + _NUM + r" (?:ou " + _NUM + r" )?annees? (?:d'etudes superieures|d'enseignement superieur|de classe prepa(?:ratoire)?(?: [a-z]+)*)"), None, "{n} année(s) d'études supérieures"),
    (_c(r"(?:diplome|titre)s? (?:national |homologue )?(?:au moins |minimum )?de niveau (?:de qualification )?([5-8])(?: \(bac ?\+ ?\d\))?"), None, "un diplôme de niveau {cec}"),
    (_c(r"(\d{2,3}) credits? (?:ects|europeens)"), None, "{ects} crédits ECTS"),
    (_c(r"\b(?:pass|l\.?as)\b|parcours d'acces specifique sante|(?:premiere annee de licence|licence) avec (?:une )?option \"?acces sante\"?"), 1, "une première année PASS ou L.AS validée"),
    (_c(r"\bl1\b(?: [a-z]+(?: ou [a-z]+)?(?=[,.;)]))?|premiere annee (?:de licence|universitaire)"), 1, "une première année d'études supérieures validée"),
    (_c(r"\bl2\b|deuxieme annee de licence|2e annee de licence"), 2, "une L2 validée"),
    (_c(r"\bl3\b|licences?(?: generale)?(?: \(l3\))?(?! pro)(?: \(bac ?\+ ?3\))?(?: (?:mention|en|de|d') [a-z' -]+?(?=[,.;)]| ou | et |$))?"), 3, "une licence"),
    (_c(r"licences? pro(?:fessionnelles?)?\b"), 3, "une licence professionnelle"),
    (_c(r"\bm1\b|master 1|premiere annee de master"), 4, "un master 1"),
    (_c(r"\bm2\b|masters?\b(?: 2)?"), 5, "un master"),
    (_c(r"diplomes? d'ingenieurs?"), 5, "un diplôme d'ingénieur"),
    (_c(r"\bdoctorat\b"), 8, "un doctorat"),
    (_c(r"\bbts ?a?\b|brevets? de technicien superieur(?: agricole)?(?: \(btsa\))?"), 2, "un BTS"),
    (_c(r"\bbut ?2?\b|\bdut\b|bachelor universitaire de technologie"), 2, "un BUT (2 années validées)"),
    (_c(r"\bdeust\b"), 2, "un DEUST"),
    (_c(r"\bdna\b(?: \(diplome national d'art\))?|diplome national d'art"), 3, "un DNA"),
    (_c(r"(?:une |2 ans de |deux ans de )?classes? prepa(?:ratoires?)?\b(?: aux grandes ecoles)?(?: (?:scientifique|litteraire|economique et commerciale|economique|commerciale|ecs|ats|b/l|lettres et sciences sociales|arts et design|artistique|ou|et)s?)*(?: avec (?:l')?option [a-z' -]+?(?=[,.;)]|$))?"), 2, "une classe préparatoire (2 ans)"),
    (_c(r"\bdeug\b|\bdeup\b"), 2, "un bac+2"),
    (_c(r"diplome d'etat d'infirmier"), 3, "un diplôme d'État d'infirmier"),
]
# Named diplomas a profile does not state: listed, never met.
_DIPLOMAS: list[tuple[re.Pattern[str], str]] = [
    (_c(r"\bbpa?\b(?: \(bpa?\))?|brevets? professionnels?(?: agricoles?)?(?: \(bpa?\))?"), "un brevet professionnel (BP)"),
    (_c(r"\bbma\b|brevets? des metiers d'art(?: \(bma\))?"), "un brevet des métiers d'art (BMA)"),
    (_c(r"\bbtms?\b|brevets? techniques? des metiers(?: superieur)?"), "un brevet technique des métiers (BTM)"),
    (_c(r"\b(?:bp|de|des)jeps\b(?: [a-z-]+)?|brevet professionnel de la jeunesse[^,;.]*"), "un diplôme de la jeunesse et des sports (BPJEPS, DEJEPS)"),
    (_c(r"\bcs\b|certificats? de specialisation"), "un certificat de spécialisation (CS)"),
    (_c(r"\bmc\b|mentions? complementaires?"), "une mention complémentaire (MC)"),
    (_c(r"\btp\b|titres? professionnels?"), "un titre professionnel"),
    (_c(r"validation (?:de leurs |des |d'acquis)?(?:etudes|acquis)[^.;]*|\bvae\b|\bvapp?\b"), "une validation des études ou des acquis (VAE, VAPP)"),
    (_c(r"(?:un |le )?diplome d'etat (?:d'|de |du )[a-z' -]+?(?=[,.;)]| ou | et |$)"), "un diplôme d'État du domaine"),
    (_c(r"(?:un |le )?diplome (?:de travail social|sanitaire(?: ou paramedical)?|paramedical|d'auxiliaire medical)"), "un diplôme du travail social ou de santé"),
    (_c(r"(?:un |le )?diplome des metiers (?:du|de la|de l'|des) [a-z' -]+?(?=[,.;)]|$)"), "un diplôme des métiers du domaine"),
]

# Years of entry: « En L2 ou L3 (admission sur dossier) : », « En 1re année : ».
_ENTRY = _c(
    r"(?:^|\b)en (?:l[1-3]|[1-5](?:re|e|ere|eme) annee|premiere annee|deuxieme annee|troisieme annee|quatrieme annee)"
    r"(?: \([^)]*\))?(?: (?:ou|et) (?:en )?(?:l[1-3]|[1-5](?:re|e|eme) annee)(?: \([^)]*\))?)*\s*:?"
    r"|admission parallele(?: possible)?(?: en [^.]*?annee)?"
)

_SELECTION = [
    (_c(r"concours(?: d'entree| commun| specifique| post-?bac)?"), "concours"),
    (_c(r"\bdossier(?: scolaire| academique| de candidature)?(?: et artistique)?"), "dossier"),
    (_c(r"\bdossier artistique|portfolio|travaux personnels|book"), "portfolio"),
    (_c(r"entretiens?(?: de motivation| individuel| avec le jury| d'admission| oral)?"), "entretien"),
    (_c(r"\btests?(?: de langues?| de selection| d'aptitude| ecrits?| psychotechniques?)?\b|epreuves?(?: (?:ecrites?|orales?|physiques?|d'admissibilite|d'admission|de selection|plastiques?)(?:,? (?:et )?(?:ecrites?|orales?|physiques?|complementaires?))*)?|examen d'entree"), "tests"),
    (_c(r"auditions?"), "audition"),
]
_PARCOURSUP = _c(r"(?:(?:la )?(?:procedure|plateforme) )?parcoursup(?: \([^)]*\))?|(?:hors|procedure hors) parcoursup")
_SELECTION_FILLER = _c(
    r"\b(?:(?:acces|admission|selection|entree(?: selective)?|recrutement|inscription|l'acces se fait|se fait)(?: (?:se fait|complementaire))?(?: sur| par| via)?"
    r"|et/ou|lettre de motivation|projet (?:personnel|professionnel)(?: motive)?(?: et professionnel)?|\bcv\b|"
    r"pre-?inscrire|preinscrire|preinscription|pre-?inscription|se pre-?inscrire|"
    r"phase d'admission|phase d'admissibilite|admissibilite|commission|jury|selectionne?s?|convoques?|"
    r"dans un second temps|en deux temps|deroule|deroulent|la selection|projet motive|"
    r"experience et projet professionnel|(?:l'acces|l'admission|l'entree)(?: a la formation| en formation)? (?:est|reste) (?:tres )?selecti(?:f|ve)|"
    r"selecti(?:f|ve)|(?:dans le cadre de |par |par la voie de |en )l'apprentissage|(?:sous statut scolaire|en apprentissage|par apprentissage|en alternance|en formation continue|en formation initiale)|"
    r"passage par|(?:est |reste )?obligatoire|peuvent presenter|presenter un dossier|au moins|de l'annee(?: anterieure| en cours)?|"
    r"(?:du|d'un|de la|des|dans le|dans la|dans les|dans un) (?:meme |memes )?(?:secteurs?|domaines?|filieres?|champs?)(?: (?!ou\b|et\b|un\b|une\b|bac|avec\b|sur\b|pour\b)[a-z'-]+){0,5}|"
    r"selecti(?:f|ve)|complete d'elements permettant de decrire l'univers visuel et artistique du candidat)\b"
)

_AGE_MAX = [
    (_c(r"(?:avoir |etre age(?:e)?s? de |ages? de )?moins de (\d{2}) ans(?: (?:au|a la date|le jour)[^,.;]*)?"), -1),
    (_c(r"(?:avoir |etre age(?:e)?s? de |ages? de )?(\d{2}) ans (?:au plus|maximum|au maximum)(?: (?:au|a la date|le jour)[^,.;]*)?"), 0),
    (_c(r"(?:limite d'age|age limite)(?: (?:est )?(?:fixee )?(?:a|de))? (\d{2}) ans(?: (?:au|a la date|le jour)[^,.;]*)?"), 0),
]
_AGE_FROM = _c(r"(?:a partir de|des) (\d{2}) ans(?: \([^)]*\))?|\b(?:candidats? |etre )?majeurs?\b")
_AGE_MIN = _c(r"(?:avoir |etre age(?:e)?s? d'|ages? d'|etre age(?:e)?s? de |ages? de )?(?:au moins |minimum )?(\d{2}) ans (?:au moins|minimum|revolus)(?: (?:au|a la date|le jour)[^,.;]*)?")


# -- bac tracks --------------------------------------------------------------------


class _TrackIndex:
    """Names and acronyms of the bac tracks and their spécialités, as folded patterns."""

    def __init__(self, referential: Referential) -> None:
        self.techno = [t for t in referential.tracks if t.family == "techno"]
        self.tracks = {t.code: t for t in referential.tracks}
        names: list[tuple[str, str]] = []
        for track in self.techno:
            names.append((fold_keep(track.code), track.code))
            for alias in track.aliases:
                if len(alias) >= 4 or alias.replace(" ", "").isalnum():
                    names.append((fold_keep(alias), track.code))
        names.sort(key=lambda item: -len(item[0]))
        self.by_name = dict(names)
        alternatives = "|".join(re.escape(n) for n, _ in names)
        self.track_pattern = re.compile(rf"\b(?:{alternatives})\b(?:\s*\((?:[^()]|\([^)]*\))*\))?")
        self.specialites: dict[str, dict[str, str]] = {}
        for track in referential.tracks:
            index: dict[str, str] = {}
            for spec in track.specialites:
                for alias in (spec.name, *spec.aliases):
                    index[_norm(alias)] = spec.code
            self.specialites[track.code] = index

    def track_of(self, folded: str) -> str:
        head = folded.split("(")[0].strip()
        return self.by_name[head]

    def specialite(self, track: str, text: str) -> str | None:
        key = _norm(text)
        index = self.specialites.get(track, {})
        if key in index:
            return index[key]
        singular = " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in key.split())
        for alias, code in index.items():
            alias_singular = " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in alias.split())
            if singular == alias_singular:
                return code
        return None


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold_keep(text)).split())


_SCIENTIFIC = ("MATHS", "PC", "SVT", "SI", "NSI", "BIO-ECO")
_GENERAL_SPECIALITES = _c(
    r"\s*(?:\(|,|avec|ayant suivi|a dominante|de preference)?\s*(?:des |les |une |la )?(?:enseignements? de )?"
    r"(?:specialites?|dominante|profil)? ?(?:scientifiques?|scientifique ou numerique|scientifique et/ou numerique)\)?"
)
_GENERAL_PROFILE = _c(r",? (?:ayant suivi|maitrisant|inities?|portant|presentant|ayant un|avec un)\b[^.;:]*")
_SPEC_AFTER = _c(r"\s*,?\s*(?:avec (?:l'enseignement de )?)?(?:specialites?|option)\s+([a-z' -]+?)(?=\s*(?:[,.;)(]|\bou\b|\bvoire\b|\bmais\b|$))")
_SPEC_TAIL = _c(r"\s*(?:ou|et|,)\s+([a-z' -]+?)(?=\s*(?:[,.;)]|\bou\b|\bet\b|$))")
_GENERAL = _c(r"g[e]n[e]r(?:al|ale|aux|ales)\b")
_TECHNO = _c(r"(?:technologiques?|techno)\b")
_PRO = _c(r"(?:professionnel(?:le)?s?|pro)\b")
_SEPARATOR = _c(
    r"(?:\s|,|;|:|\(|\)|/|\.\.\.|…)*(?:en majorite |majoritairement )?(?:ou encore|mais aussi|ou bien|ou|et|voire|notamment|en particulier|de preference|par exemple|surtout|principalement|en priorite|y compris)?\s*"
    r"(?:(?:un|une|le|la|les|des|du|d'un|d'une|d')\s*)?(?:" + _BAC + r"\s*)?"
)
_PRO_SPEC_STOP = _c(
    r"\s*(?:[,.;:()]|\.\.\.|…|\bou\b|\bet (?:un|une|le|la|les|des|d'un|d'une|bac)\b|\bavec\b|\bmais\b|\bvoire\b|\bpour\b|\bdans le cadre\b|\bsous\b|\bayant\b|\bqui\b|\bsur\b|\bainsi\b|\bacces\b|\bpeuvent\b|\best\b|$)"
)
_GENERIC_PRO = _c(r"^(?:agricole|industriel|tertiaire|de la filiere|du domaine|des domaines|du secteur|de ce secteur|de la meme filiere)$")


class _BacReader:
    """Reads « un bac général, un bac technologique STI2D spécialité SIN ou un bac pro » and the like."""

    def __init__(self, tracks: _TrackIndex) -> None:
        self.tracks = tracks
        self.start = re.compile(r"\b" + _BAC + r"\b")

    def read(self, fragment: _Fragment, facts: _Facts) -> None:
        text = fragment.folded
        for start in self.start.finditer(text):
            if not fragment.free(start.start(), start.end()):
                continue
            end = self._read_list(fragment, start.end(), facts)
            if end == start.end():  # a bare « bac »: any bac will do
                if re.match(r"\s*\+", text[end:]):
                    continue  # « bac + 2 » is a level, read elsewhere
                facts.route(Route(kind="bac", track="ANY"))
            fragment.use(start.start(), end)

    def _read_list(self, fragment: _Fragment, pos: int, facts: _Facts) -> int:
        """Read the items after a « bac » word; return where the list ends."""
        text = fragment.folded
        end = pos
        while True:
            sep = _SEPARATOR.match(text, end)
            at = sep.end() if sep else end
            if at < len(text) and not fragment.free(at, at + 1):
                break
            general = _GENERAL.match(text, at)
            techno = _TECHNO.match(text, at)
            pro = _PRO.match(text, at)
            track = self.tracks.track_pattern.match(text, at)
            if general:
                end = self._general(fragment, general.end(), facts)
            elif techno:
                end = techno.end()
                nxt = _SEPARATOR.match(text, end)
                peek = nxt.end() if nxt else end
                if not self.tracks.track_pattern.match(text, peek) or re.match(
                    r"\s*,?\s*(?:notamment|en particulier|par exemple|surtout)", text[end:]
                ):
                    facts.route(Route(kind="bac", track="TECHNO"))
            elif track:
                end = self._track(fragment, track, facts)
            elif pro:
                end = self._pro(fragment, pro.end(), facts)
            else:
                break
        return end

    def _general(self, fragment: _Fragment, pos: int, facts: _Facts) -> int:
        soft = _GENERAL_PROFILE.match(fragment.folded, pos)
        if soft and "scientifique" not in soft.group(0):
            # « bacheliers généraux maîtrisant deux langues » : what is expected, not a rule.
            facts.route(Route(kind="bac", track="GENERAL"))
            return soft.end()
        match = _GENERAL_SPECIALITES.match(fragment.folded, pos)
        if match and "scientifique" in match.group(0):
            facts.route(Route(kind="bac", track="GENERAL", specialites=_SCIENTIFIC))
            return match.end()
        facts.route(Route(kind="bac", track="GENERAL"))
        return pos

    def _track(self, fragment: _Fragment, match: re.Match[str], facts: _Facts) -> int:
        code = self.tracks.track_of(match.group(0))
        end = match.end()
        specs: list[str] = []
        others: list[str] = []
        spec = _SPEC_AFTER.match(fragment.folded, end)
        while spec:
            found = self.tracks.specialite(code, spec.group(1))
            if found is None and " et " in spec.group(1):  # « spécialité SIN et un bac pro »
                head = spec.group(1).split(" et ")[0]
                found = self.tracks.specialite(code, head)
                if found is not None:
                    specs.append(found)
                    end = spec.start(1) + len(head)
                    break
            if found is None:
                others.append(spec.group(1).strip())
                end = spec.end()
                break
            specs.append(found)
            end = spec.end()
            spec = _SPEC_TAIL.match(fragment.folded, end)
            if spec and self.tracks.specialite(code, spec.group(1)) is None:
                break
        facts.route(Route(kind="bac", track=code, specialites=tuple(specs), other_specialites=tuple(others)))
        return end

    def _pro(self, fragment: _Fragment, pos: int, facts: _Facts) -> int:
        text = fragment.folded
        # A list in brackets: « un bac pro (agroéquipement ; maintenance des matériels) ».
        if re.match(r"\s*\(", text[pos:]) and ")" in text[pos:]:
            close = text.index(")", pos)
            names = [n.strip(" .") for n in re.split(r";|,| ou ", text[text.index("(", pos) + 1 : close]) if n.strip(" .")]
            self._pro_route(names, facts, fragment.text[text.index("(", pos) + 1 : close])
            return close + 1
        stop = _PRO_SPEC_STOP.search(text, pos)
        end = stop.start() if stop else len(text)
        if text[end : end + 2].strip().startswith("(") and ")" in text[end:]:
            end = text.index(")", end) + 1  # « du secteur du bois (technicien constructeur bois, …) »
        name = text[pos:end].strip()
        if not name:
            facts.route(Route(kind="bac", track="PRO"))
            return pos
        self._pro_route([name], facts, fragment.text[pos:end].strip())
        return end

    def _pro_route(self, names: list[str], facts: _Facts, original: str) -> None:
        codes: list[str] = []
        others: list[str] = []
        for name in names:
            name = re.sub(r"^(?:specialites?|option|de la|du|des|de l'|en|dans le|dans la|d')\s+", "", name).strip()
            code = self.tracks.specialite("PRO", name)
            if code:
                codes.append(code)
            elif name:
                others.append(name)
        if not codes and not others:
            facts.route(Route(kind="bac", track="PRO"))
            return
        label = original.strip(" ,;()")
        facts.route(
            Route(kind="bac", track="PRO", specialites=tuple(codes), other_specialites=tuple(others), label=label if others else "")
        )


# -- the parser ------------------------------------------------------------------------


class AccessParser:
    """Turns access texts into :class:`Access` rules, with the referential's tracks."""

    def __init__(self, referential: Referential) -> None:
        self.tracks = _TrackIndex(referential)
        self.bacs = _BacReader(self.tracks)
        self.steps: list[Callable[[_Fragment, _Facts], None]] = [
            self._info,
            self._requirement,
            self._subject,
            self._entry,
            self._age,
            self._prebac,
            self._bridge,
            self._levels,
            self._diplomas,
            self.bacs.read,
            self._selection,
            self._others,
        ]

    def parse(self, text: str, *, source: str = "") -> ParsedAccess:
        fragments = list(split_fragments(text))
        facts = _Facts()
        unparsed: list[str] = []
        understood = 0
        for fragment in fragments:
            for step in self.steps:
                step(fragment, facts)
            if fragment.leftover():
                unparsed.append(fragment.text)
            else:
                understood += 1
        if not fragments:
            return ParsedAccess(status="none", access=None, fragments=0)
        status: Status = "complete" if not unparsed else ("partial" if understood else "none")
        access = self._access(facts, source) if status == "complete" else None
        if access is not None and not access.routes:
            status, access = "partial", None
            unparsed.append("(aucune voie d'accès reconnue)")
        return ParsedAccess(status=status, access=access, fragments=len(fragments), unparsed=tuple(unparsed))

    # - recognisers -

    def _info(self, fragment: _Fragment, facts: _Facts) -> None:
        for pattern in _INFO:
            fragment.consume(pattern)

    def _requirement(self, fragment: _Fragment, facts: _Facts) -> None:
        if _REQUIREMENT.search(fragment.folded) and not _BRIDGE.search(fragment.folded):
            sentence = fragment.text.strip(" -;.")
            if sentence not in facts.requirements:
                facts.requirements.append(sentence)
            # The sentence may still name diplomas (« 2 ans pour les titulaires d'un CAP »).
            if _CAP.search(fragment.folded):
                facts.route(Route(kind="diploma", label="un CAP, avec l'expérience professionnelle demandée"))
            fragment.use(0, len(fragment.text))

    def _subject(self, fragment: _Fragment, facts: _Facts) -> None:
        fragment.consume(_SUBJECT)
        fragment.consume(_SELF)

    def _entry(self, fragment: _Fragment, facts: _Facts) -> None:
        fragment.consume(_ENTRY)

    def _age(self, fragment: _Fragment, facts: _Facts) -> None:
        for pattern, shift in _AGE_MAX:
            for match in fragment.find(pattern):
                age = int(match.group(1)) + shift
                facts.age_max = age if facts.age_max is None else min(facts.age_max, age)
                facts.age_note = fragment.text[match.start() : match.end()].strip()
        for match in fragment.find(_AGE_MIN):
            facts.age_min = int(match.group(1))
        for match in fragment.find(_AGE_FROM):
            facts.age_min = int(match.group(1)) if match.group(1) else 18

    def _prebac(self, fragment: _Fragment, facts: _Facts) -> None:
        for _ in fragment.find(_NO_DIPLOMA):
            facts.route(Route(kind="level", min_level=-3, label="sans diplôme requis"))
        for _ in fragment.find(_PREBAC):
            facts.route(Route(kind="level", min_level=-3, label="après la classe de 3e"))
        for _ in fragment.find(_PREBAC_FIRST):
            facts.route(Route(kind="level", min_level=-1, label="après un premier diplôme (CAP, seconde professionnelle…)"))
        for match in fragment.find(_CAP):
            if re.search(r"secteur|filiere|domaine|certains", match.group(0)):
                facts.route(Route(kind="diploma", label="un CAP du même secteur"))
            else:
                facts.route(Route(kind="level", min_level=-1, label="un CAP ou un diplôme de même niveau"))

    def _bridge(self, fragment: _Fragment, facts: _Facts) -> None:
        for match in fragment.find(_OTHERS_BRIDGE):
            if _BRIDGE.search(fragment.folded):
                facts.others = "bridge"
        for _ in fragment.find(_BRIDGE):
            facts.route(Route(kind="bridge", track="MAN", label="une année de mise à niveau", years=1))
        for _ in fragment.find(_ART_PREPA):
            facts.route(Route(kind="bridge", label="une classe préparatoire aux écoles d'art", years=1))

    def _levels(self, fragment: _Fragment, facts: _Facts) -> None:
        for pattern, level, label in _LEVELS:
            for match in fragment.find(pattern):
                n = level
                text = label
                if n is None:
                    if "credits" in match.group(0):
                        ects = int(match.group(1))
                        n = {60: 1, 120: 2, 180: 3, 240: 4, 300: 5}.get(ects)
                        text = label.format(ects=ects)
                    elif "niveau" in match.group(0) and "bac" not in match.group(0)[:3]:
                        cec = int(match.group(1))
                        n = {5: 2, 6: 3, 7: 5, 8: 8}[cec]
                        text = label.format(cec=cec)
                    elif "annee" in match.group(0):
                        values = [_number(g) for g in match.groups() if g]
                        n = min(values)
                        text = f"{n} année{'s' if n > 1 else ''} d'études supérieures"
                    else:
                        n = int(match.group(1))
                        text = label.format(n=n)
                if n is None:
                    continue
                facts.route(Route(kind="level", min_level=n, label=text))

    def _diplomas(self, fragment: _Fragment, facts: _Facts) -> None:
        for pattern, label in _DIPLOMAS:
            for _ in fragment.find(pattern):
                facts.route(Route(kind="diploma", label=label))

    def _selection(self, fragment: _Fragment, facts: _Facts) -> None:
        fragment.consume(_SELECTION_FILLER)
        for pattern, mode in _SELECTION:
            for _ in fragment.find(pattern):
                facts.select(mode)
        for _ in fragment.find(_PARCOURSUP):
            facts.parcoursup = True

    def _others(self, fragment: _Fragment, facts: _Facts) -> None:
        for _ in fragment.find(_CLOSED):
            facts.others = "closed"

    # - result -

    def _access(self, facts: _Facts, source: str) -> Access:
        routes = list(facts.routes)
        if not routes and facts.parcoursup:
            routes.append(Route(kind="bac", track="ANY", note="candidature via Parcoursup"))
        # « tout bac » makes the named tracks redundant.
        if any(r.kind == "bac" and r.track == "ANY" for r in routes):
            routes = [r for r in routes if r.kind != "bac" or r.track == "ANY"]
        others = facts.others
        if others == "bridge" and not any(r.kind == "bridge" for r in routes):
            others = "possible"
        selection = [m for m in ("dossier", "tests", "entretien", "concours", "audition", "portfolio") if m in facts.selection]
        access = Access(
            routes=tuple(routes),
            others=others,  # type: ignore[arg-type]
            selection=tuple(selection),  # type: ignore[arg-type]
            age_min=facts.age_min,
            age_max=facts.age_max,
            age_note=facts.age_note,
            requirements=tuple(facts.requirements),
            source=source,
        )
        return msgspec.structs.replace(access, summary=summarize(access, self.tracks))


def summarize(access: Access, tracks: _TrackIndex) -> str:
    """The rules in one French sentence of the tool's own words."""
    from ..eligibility import route_label

    names = [route_label(r, tracks.tracks) for r in access.routes]
    parts = [f"Voies d'accès : {join_fr(names)}"] if names else []
    if access.selection:
        parts.append("sélection : " + ", ".join(access.selection))
    if access.age_max is not None:
        parts.append(f"{access.age_max} ans au plus")
    if access.requirements:
        parts.append(f"{len(access.requirements)} condition(s) en plus")
    return " ; ".join(parts) + "." if parts else ""


# -- fragments --------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<![A-Z]\.)(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ«\"“(])|(?<=[a-zé]\.)(?=[A-ZÀ-ÖØ-Þ])")


def split_fragments(text: str) -> Iterator[_Fragment]:
    """Lines, list items and sentences of an access text, cleaned of list marks and sub-headings."""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        line = re.sub(r"^[-*•]\s*", "", line)
        line = " ".join(line.replace("\u00a0", " ").replace("\u202f", " ").split())
        for sentence in _SENTENCE_END.split(line):
            sentence = sentence.strip()
            if sentence and re.search(r"[A-Za-zÀ-ÿ]", sentence):
                yield _Fragment(sentence)
