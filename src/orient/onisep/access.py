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

from ..levels import cec_bac_plus
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
    titre titres beneficier suivants suivantes superieur superieure superieurs superieures academies academie plupart
    section apprentissage alternance preparant tels telles envisage national nationale commun commune dit soit parfois
    desormais ensuite majoritaires minimum souhaitent souhaite suivre homologue sanctionnant relevant correspondant
    parmi passer passent passe complete completee completees on comme plus souvent profils profil entrent entre
    viennent venant venus issus proposant propose proposent chaque puis suivie suivi suivis suivies prealable
    prealablement lieu donner organises organisees organise organisee porter retenus retenue recrutes recrutees
    inscrits inscrites inscrit commencent commence debutent determine determines varient pouvant enfin car
    normalement suffit ajouter grande majorite essentiel effectifs constituent menent mene pretendre possedent
    possede posseder detenir detiennent fournir abord appuie regarde tri etudiees etudies examen admissibles
    toutefois mieux juste existe existent ceux-ci celles-ci lesquels auxquels desquels notamment tels que afin
    eux elles leur lui sont ete etant sera seront devra devront doit doivent peut-etre egal egale egalement
    meme memes principal principale principaux principales cote plupart nombreux nombreuses quelques divers
    diverses differentes differents differente different habituellement frequemment generalement bien
    institut instituts regrouper regroupent regional regionale regionaux infraregional departemental national
    comprennent comprend comporte comportent succes portent porte constitution allegement allegements organisme
    organismes postuler candidater presentent presente reussir reussite attendus attendues admises prioritaires
    prioritaire echeant probatoire lycee lycees sept huit neuf dix reseau precedente anterieure publiques publique
    public prive privee contrat comprise prononcee duree suivent partie vaut ensemble agisse celui celle voie voies
    externe interne scolarite ramenee decret ministere fixe validant lorsqu depend travaille direct directe
    obligatoirement completer
    """.split()
)

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_FAMILY_HEADING = re.compile(r"parmi (?:les )?(?:bacheliers|bacs) technologiques|(?:ceux|celles) de la serie")
_EXPANSION = re.compile(r"\b[A-Z][A-Z0-9]{1,9}\s*(\([A-ZÀ-Þ][^()]*\))")


NO_ROUTE = "(aucune voie d'accès reconnue)"


class ParsedAccess(msgspec.Struct, frozen=True, kw_only=True):
    """What the parser made of one access text."""

    status: Status
    # Only when the text is understood: its rules, without any route when it names no way in.
    access: Access | None
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
        self.recommendations: list[str] = []
        self.named = 0  # ways in named so far, repeats included
        self.others = "possible"
        self.parcoursup = False

    def route(self, route: Route) -> None:
        self.named += 1
        if route not in self.routes:
            self.routes.append(route)

    def select(self, mode: str) -> None:
        if mode not in self.selection:
            self.selection.append(mode)

    def require(self, condition: str) -> None:
        if condition not in self.requirements:
            self.requirements.append(condition)

    def recommend(self, advice: str) -> None:
        if advice not in self.recommendations:
            self.recommendations.append(advice)


class _Fragment:
    """One sentence or list item: its text, folded text, and which characters were understood."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold_keep(text)
        self.used = bytearray(len(text))
        self.later = False  # the fragment speaks of an entry after the first year
        self.bridged = False  # the bacs it names go through a mise à niveau (« tout autre bachelier… »)
        self.levels: list[int] = []  # the levels (bac+N) it names

    def free(self, start: int, end: int) -> bool:
        return not any(self.used[start:end])

    def use(self, start: int, end: int) -> None:
        self.used[start:end] = b"\x01" * (end - start)

    def unuse(self, start: int, end: int) -> None:
        self.used[start:end] = bytes(end - start)

    def find(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches of ``pattern`` on characters nobody has used yet (and marks them used)."""
        for match in pattern.finditer(self.folded):
            if match.end() > match.start() and not self.free(match.start(), match.end()):
                # An optional tail may run into understood text: retry without it.
                used = self.used.find(1, match.start(), match.end())
                match = pattern.match(self.folded, match.start(), used) if used > match.start() else None
            if match and match.end() > match.start() and self.free(match.start(), match.end()):
                self.use(match.start(), match.end())
                yield match

    def consume(self, pattern: re.Pattern[str]) -> None:
        """Mark what ``pattern`` matches as understood, without reading anything from it."""
        for _ in self.find(pattern):
            pass

    def leftover(self) -> list[str]:
        """Meaningful words nobody understood (names of schools and towns, capitalised, and the expansion
        of an acronym in brackets, « ENTE (École nationale des techniciens de l'équipement) », say nothing of access)."""
        chars = "".join(" " if used else ch for ch, used in zip(self.folded, self.used))
        for match in _EXPANSION.finditer(self.text):
            chars = chars[: match.start(1)] + " " * (match.end(1) - match.start(1)) + chars[match.end(1) :]
        words = []
        for match in _WORD.finditer(chars.replace("'", " ")):
            word = match.group(0)
            if word in STOPWORDS or len(word) == 1:
                continue
            if match.start() > 0 and self.text[match.start()].isupper() and not _ROUTE_WORDS.fullmatch(word):
                continue  # a proper noun or an acronym: ENVA, Toulouse, DCG
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
    # A validation of prior learning or experience is a way in for adults, not for a student.
    _c(r"(?:(?:par |une |la |sur )?(?:procedure de )?validation (?:de leurs |des |d'acquis)?(?:etudes|acquis)[^.;,]*|(?:par |la )?\bvae\b|(?:par |la )?\bvapp?\b)(?: \([^)]*\))?"),
    _c(r"les eleves entrent en (?:classe de )?(?:2de|seconde)[^.]*"),
    _c(r"l'acces est different pour les eleves en apprentissage[^.]*"),
    _c(r"le brevet professionnel est un diplome de promotion professionnelle[^.]*"),
    _c(r"(?:les )?(?:enseignements de )?specialites? (?:de bac general |du bac general )?(?:recommandees?|conseillees?|privilegiees?|preconisees?|souhaitees?)[^.]*"),
    _c(r"(?:les )?enseignements de specialite(?:s)?,? (?:adaptes,? )?(?:sont les suivants|recommandes|conseilles|privilegies)[^.]*"),
    _c(r"le nombre de places[^.]*"),
    _c(r"si le nombre de candidats depasse la capacite d'accueil(?: de l'organisme de formation)?"),
    _c(r"si les candidats sont (?:trop )?nombreux"),
    _c(r"dans la limite des (?:places|capacites d'accueil)(?: disponibles)?"),
    _c(r"quelle que soit (?:son|leur|l') ?options?(?: \([^)]*\))?"),
    _c(r"(?:,? ?sauf )?pour (?:passer par|candidater (?:sur|via)|s'inscrire sur) parcoursup[^.;]*"),
    _c(r"seule?s? les candidatures (?:deposees |faites )?(?:via|sur|par) parcoursup[^.;]*"),
    _c(r"diplome de promotion (?:professionnelle|sociale)[^.,;]*"),
    _c(r"les apprentis[^.;]*"),
    _c(r"offrant une prepa(?:ration)? [a-z]+"),
    _c(r"(?:de la|d'une) famille (?:des|de) metiers[^.;]*"),
    _c(r"(?:projet motive )?(?:accompagnee?|completee?) d'elements[^.;]*"),
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
    _c(r"selon les parcours (?:du but )?vises"),
    _c(r"(?:dans [^,]*, )?les eleves (?:[a-z' ]+ )?entrent [^.]*"),
    _c(r"le brevet professionnel est un diplome de promotion (?:professionnelle|sociale)[^.]*"),
    _c(r"les instituts ont la possibilite de se regrouper[^.]*"),
    _c(r"si le but [^,]*prepare directement a l'insertion professionnelle[^.]*"),
    _c(r"se partagent (?:majoritairement )?les places[^.]*"),
    _c(r"en formation initiale, la preparation au bac[^.]*"),
    _c(r"selon l'orientation de la licence"),
    _c(r"depuis la rentree \d{4}, son acces est modifie"),
    _c(r"admissions? sur titre pour les bacheliers ayant (?:eu|obtenu) (?:la )?mention (?:tb|tres bien)[^.]*"),
    _c(r"admission de droit [^.]*"),
    _c(r"[^.]*\bfranco-[a-z]+[^.]*"),
    _c(r"les candidats a l'examen probatoire du diplome de [a-z -]+?(?= doivent)"),
    _c(r"(?:ce diplome|cette formation|il|elle) se prepare (?:dans|en) (?:les|l'une des)? ?\d* ?(?:ecoles|etablissements)[^.]*"),
    _c(r"(?:sont|etant|restent) (?:les )?(?:majoritaires|plus nombreux|mieux prepares)[^.,;]*"),
    _c(r"accessible aux professionnels"),
    _c(r"sur proposition d'une commission(?: d'admission)?"),
]

# Conditions a program cannot check (medical certificate, first aid, driving licence…):
# kept word for word and shown beside the verdict.
_REQUIREMENT = _c(
    r"uniquement (?:assuree? |preparee? |proposee? |accessible )?(?:en|par) (?:apprentissage|alternance)|se prepare uniquement en apprentissage|certificat medical|premiers secours|secourisme|psc ?1|pse ?[12]|permis de conduire|permis bateau|"
    r"journee defense|jdc\b|vaccination|bnssa|savoir nager|s'immerger|casier judiciaire|"
    r"experience (?:professionnelle|competitive|d'enseignement|de pratique|significative)|"
    r"ans d'experience|annees d'experience|d'experience professionnelle|attestation d'experience|"
    r"tests? d'exigences? prealables?|exigences prealables|niveau technique|maitrise technique|"
    r"gestes et soins d'urgence|attestation prefectorale|aptitude a la conduite|stage d'observation|"
    r"experience d'animation|pratique professionnelle|stage (?:probatoire|preparatoire)|niveau natatoire|autorisation prealable|test technique|"
    r"\battestation\b|certificat (?:d'un |du )?medec|contre-indication|\baptitude\b|"
    r"en regle avec|examen probatoire"
)

# A citizen's duty (« les moins de 25 ans doivent être en règle avec la JDC »): its age is no age limit.
_CITIZEN = _c(r"\bjdc\b|journee defense|en regle avec")
# « ayant validé l'unité facultative « secteur sportif » », « ayant les unités capitalisables : « … » et « … » ».
_UNITS = _c(
    r"(?:ayant (?:valide |obtenu )?|avec )(?:l'|les )?unites? (?:professionnelles? )?(?:facultatives?|capitalisables?)"
    r"(?: \([a-z]+\))?\s*:?\s*(?:\"[^\"]*\"(?:\s*(?:,|et|ou)\s*)?)+(?:\s*validee?s?)?"
)
_SUBJECT = _c(
    r"^(?:le|la|les|l'|ce|cette|ces)\s*[^.;]*?(?=\s(?:est|sont)\s+(?:accessibles?|ouverte?s?|preparee?s?|proposee?s?|reservee?s?)\b"
    r"|\sse prepare\b|\sse fait\b|\srecrute\b|\speut\s|\speuvent\s|\saccueille\b|\ss'adresse\b|\sadmet\b|\ss'ouvre\b|\sest preparee?\b)"
)
# « ce BTS », « cette licence pro »: the formation speaking of itself, not a way in.
_SELF = _c(r"\b(?:ce|cette|cet) (?:bac pro|licence pro(?:fessionnelle)?|certificat de specialisation|brevet professionnel|dn made|[a-z]+)\b")

_PREBAC = _c(r"(?:directement )?apres (?:la |une )?(?:classe de )?(?:3e|3eme|troisieme)\b(?: ,)?")
_PREBAC_FIRST = _c(
    r"apres (?:une |la )?classe de (?:premiere|1re|2de|2nde|seconde)(?: (?:generale et technologique|generale|technologique|professionnelle|pro)| [a-z0-9]+(?= [a-z0-9]+\b))*(?: s2tmd| stav| sthr| std2a| sti2d| stl| stmg| st2s)?|(?:apres|(?:deja )?titulaires? d'|detient(?: deja)?|detenteurs? d'|possede(?: deja)?) ?(?:un )?premier diplome(?: \([^)]*\))?|apres une (?:classe de )?(?:2de|seconde) (?:professionnelle|pro)\b|"
    r"(?:une |d'une )?(?:classe de )?(?:2de|seconde) professionnelle"
)
_CAP = _c(
    r"(?:titulaires? (?:de (?:certains |l'un des )?|des |d'un |du |au minimum d'un )?|apres (?:un |le )?|d'un )?"
    r"(?:diplome (?:professionnel )?(?:minimum )?de niveau (?:minimum )?cap|capa?|bep)\b(?: ou (?:de )?niveau superieur| ou un diplome de meme niveau| ou d'un diplome de meme niveau| ou (?:de )?niveau equivalent| ou equivalent)?"
    r"(?: (?:d'un|du) meme secteur(?: professionnel)?| de la filiere| du secteur| du domaine[^,.;]*)?"
)
_SPECIALITE_OF_PRO = _c(
    r"(?:titulaires? )?(?:de|d'une|d'un) (?:la |l')?(?:specialite|option) \"\s*([^\"]+?)\s*\" (?:du|d'un) (?:bac|baccalaureat) (?:professionnel|pro)\b"
)
_CONCOURS_PASSED = _c(
    r"(?:candidats? |personnes? |fonctionnaires? )?(?:deja )?(?:recus|laureats|ayant reussi)(?: a| au| aux| d'un| du| des)? (?:un |le |l'un des |des |les )?concours"
    r"(?: (?:externe|interne|national|de recrutement))*(?: (?:de|d'|du|des) [a-z' -]+?(?=[,.;(]|$| qu'| que| ou\b))?"
)
_FIELD_DIPLOMA = _c(r"\bdiplome (?:de travail social|sanitaire|paramedical|du secteur|du domaine|de la filiere)")
_SAME_FIELD = _c(r"\b(?:ces |les )?memes? (?:domaines?|disciplines?|filieres?|secteurs?)\b|dans (?:ces|les) domaines?")
_SORTING = _c(
    r"^(?:la |une )?(?:selection|admission|examen|etude|tri)(?: des (?:candidatures|dossiers|candidats))? (?:se fait |repose |s'appuie |s'effectue |est faite )?"
    r"(?:sur|a partir|en fonction)(?: de| des| du)? (?:la )?(?:lettre|dossier|notes|resultats|bulletins|le dossier scolaire)"
    r"|^le tri des dossiers|^(?:les )?dossiers sont (?:etudies|examines|tries)"
    r"|^pour (?:les )?(?:eleves|candidats|bacheliers)[^,:]*,? on (?:regarde|examine|prend en compte|etudie)"
)
_NO_DIPLOMA = _c(r"(?:aucun|pas de) diplome (?:scolaire )?(?:n'est )?(?:requis|exige|demande|necessaire)|sans condition de diplome|sans diplome|\bnon[- ]bacheliers?")
_BRIDGE = _c(
    r"(?:(?:une|l') ?)?(?:annee de |classe de )?mise a niveau(?: (?:maritime|scientifique|technologique|professionnelle|specifique|hoteliere))?"
    r"(?: [a-z]+ (?:en|d')[^,.;]*?(?=[,.;]|$))?(?:,? (?:obligatoire|prealable))?"
)
_ART_PREPA = _c(r"classe (?:preparatoire|prepa) aux ecoles d'art|prepa(?:ration)? (?:aux ecoles )?d'art")
_OTHERS_BRIDGE = _c(
    r"pour les autres (?:types de )?(?:bacs?|series|bacheliers)|\b(?:tout|tous les|toute|les) autres? (?:bacheliers?|candidats?|bacs?|profils?)"
    r"|d'une autre specialite que [^,.;)]*|\bautre que (?:la |le )?(?:specialite )?[^,.;)]*"
    r"|(?:avec|d'|venant d'|issus d') ?une? autres? (?:bac|serie|specialite)(?: ou (?:d'|de )?une autre (?:serie|specialite))?"
)
_CLOSED = _c(
    r"\b(?:uniquement|exclusivement|seulement) (?:accessible |ouverte? |reservee? )?(?:aux|a des|pour les)(?: (?:titulaires|bacheliers|candidats|eleves|etudiants)\b)?"
    r"|\breservee?s? (?:aux|a des|a)(?: (?:titulaires|bacheliers|candidats|eleves|etudiants)\b)?|^seule?s? (?:les )?(?:titulaires|bacheliers|candidats|eleves)?"
    r"|\bn'(?:accueille|admet|recrute|est ouverte?|est accessible)(?: que)?\b|\bne recrute(?:nt)? que\b"
)

# Prior higher-education levels: (pattern, bac+N, label).
_LEVELS: list[tuple[re.Pattern[str], int | None, str]] = [
    (_c(r"bac ?\+ ?(\d)(?: ?/ ?\d)?(?: minimum| au moins| au minimum)?"), None, "un bac+{n}"),
    (_c(r"(?:au moins |minimum )?" + _NUM + r" (?:ou " + _NUM + r" )?annees? (?:d'etudes superieures|d'enseignement superieur|de classe prepa(?:ratoire)?(?: [a-z]+)*)"), None, "{n} année(s) d'études supérieures"),
    (_c(r"(?:diplome|titre)s? (?:national |homologue )?(?:au moins |minimum )?de niveau (?:de qualification ?:? ?niveau |de qualification )?([3-8])(?: \((?:bac ?\+ ?\d|cap|bac)\))?"), None, "un diplôme de niveau {cec}"),
    (_c(r"(?:permettant de justifier de |conferant |validant |equivalent a )?(\d{2,3}) (?:credits? (?:ects|europeens)|credits\b|ects\b)"), None, "{ects} crédits ECTS"),
    (_c(r"\b(?:pass|l\.?as)\b|parcours d'acces specifique sante|(?:premiere annee de licence|licence) (?:avec|comportant) (?:une )?option \"? ?acces sante ?\"?(?: \(l\.?as\))?"), 1, "une première année PASS ou L.AS validée"),
    (_c(r"\bl1\b(?: [a-z]+(?: ou [a-z]+)?(?=[,.;)]))?|premiere annee (?:de licence|universitaire)"), 1, "une première année d'études supérieures validée"),
    (_c(r"\bl2\b|deuxieme annee de licence|2e annee de licence"), 2, "une L2 validée"),
    (_c(r"\bl3\b|licences?(?: generale)?(?: \(l3\))?(?! pro)(?: \(bac ?\+ ?3\))?(?: (?:mention|en|de|d') [a-z' -]+?(?=[,.;)]| ou | et |$))?"), 3, "une licence"),
    (_c(r"licences? pro(?:fessionnelles?)?\b"), 3, "une licence professionnelle"),
    (_c(r"\bm1\b|master 1|premiere annee de master"), 4, "un master 1"),
    (_c(r"\bm2\b|masters?\b(?: 2)?"), 5, "un master"),
    (_c(r"diplomes? d'ingenieurs?"), 5, "un diplôme d'ingénieur"),
    (_c(r"\bdoctorat\b"), 8, "un doctorat"),
    (_c(r"\bbts ?[am]?\b|brevets? de technicien superieur(?: agricole)?(?: \(btsa\))?"), 2, "un BTS"),
    (_c(r"\bbut ?2?\b|\bdut\b|bachelor universitaire de technologie"), 2, "un BUT (2 années validées)"),
    (_c(r"\bdeust\b"), 2, "un DEUST"),
    (_c(r"\bdna\b(?: \(diplome national d'art\))?|diplome national d'art"), 3, "un DNA"),
    (_c(r"(?:une |2 ans de |deux ans de )?(?:classes? prepa(?:ratoires?)?\b|prepa(?=\w* (?:scientifique|litteraire|economique|commerciale|ecs|ats|b/l|lettres|d1|aux grandes))|classe prepatoire)(?: aux grandes ecoles)?(?: (?:scientifique|litteraire|economique et commerciale|economique|commerciale|ecs|ats|b/l|lettres et sciences sociales|arts et design|artistique|ou|et)s?)*(?: avec (?:l')?option [a-z' -]+?(?=[,.;)]|$))?"), 2, "une classe préparatoire (2 ans)"),
    (_c(r"\bdeug\b|\bdeup\b"), 2, "un bac+2"),
    (_c(r"\bdeea\b(?: \(diplome d'etudes en architecture\))?|diplome d'etudes en architecture"), 3, "un diplôme d'études en architecture (DEEA)"),
    (_c(r"(?:diplome national superieur (?:professionnel )?(?:de |d')[a-z-]+(?: \(dnsp\))?|\bdnsp\b)"), 3, "un diplôme national supérieur professionnel (DNSP)"),
    (_c(r"premier cycle (?:d'enseignement superieur|d'etudes superieures|universitaire)(?: valide)?"), 3, "un premier cycle d'études supérieures (licence)"),
]
# Named diplomas a profile does not state: listed, never met.
# Named diplomas a profile does not state: listed, never met. The level they sit at
# (bac+N, -1 for a CAP) tells a student below it that the way opens later; ``None``:
# read from the name (a diplôme d'État may come before or after the bac).
_DIPLOMAS: list[tuple[re.Pattern[str], str, int | None]] = [
    (_c(r"\bbpa?\b(?: \(bpa?\))?|brevets? professionnels?(?: agricoles?)?(?: \(bpa?\))?"), "un brevet professionnel (BP)", 0),
    (_c(r"\bbma\b|brevets? des metiers d'art(?: \(bma\))?"), "un brevet des métiers d'art (BMA)", 0),
    (_c(r"\bbtms?\b|brevets? techniques? des metiers(?: superieur)?"), "un brevet technique des métiers (BTM)", 0),
    (_c(r"\b(?:bp|de|des)jeps\b(?: (?!ayant)[a-z-]+)?|brevet professionnel de la jeunesse[^,;.]*"), "un diplôme de la jeunesse et des sports (BPJEPS, DEJEPS)", 0),
    (_c(r"\bcs\b|certificats? de specialisation"), "un certificat de spécialisation (CS)", 0),
    (_c(r"\bmc\b|mentions? complementaires?"), "une mention complémentaire (MC)", -1),
    (_c(r"\btp\b|titres? professionnels?"), "un titre professionnel", 0),
    (_c(r"(?:(?:un |le )?diplome d'etat|\b(?<=du |un |le )de) (?:d'|de |du )[a-z' -]+?(?=[,.;)]|$| et (?:un|une|le|la|des|d'un)\b| ou (?:un|une|le|la|des|d'un|apres)\b)"), "un diplôme d'État du domaine", None),
    (_c(r"\bdt\b|diplome de technicien\b"), "un diplôme de technicien (DT)", 0),
    (_c(r"(?:un |le )?diplome (?:du |de |d')?(?:travail social|sanitaire|paramedical|auxiliaire medical)(?:,? (?:ou )?(?:du |de |d')?(?:travail social|sanitaire|paramedical|social))*"), "un diplôme du travail social ou de santé", 0),
    (_c(r"(?:les )?(?:infirmiers?|infirmieres?|sages-femmes?|puericultrices?|masseurs?-kinesitherapeutes?)(?:,? (?:et|ou) (?:les )?(?:infirmiers?|infirmieres?|sages-femmes?|puericultrices?))* diplomee?s? d'etat"), "un diplôme d'État de santé (infirmier, sage-femme…)", 3),
    (_c(r"(?:un |le )?diplome des metiers (?:du|de la|de l'|des) [a-z' -]+?(?=[,.;)]|$)"), "un diplôme des métiers du domaine", 0),
]
# Diplômes d'État by the level they sit at.
_STATE_DIPLOMAS: list[tuple[re.Pattern[str], int]] = [
    (_c(r"architecte|paysagiste"), 5),
    (_c(r"docteur"), 8),
    (_c(r"infirmier|sage-femme|puericult|masseur|kinesitherap|ergotherap|psychomotric|manipulateur|pedicur|orthophon|orthopt|"
        r"audioprothes|educateur specialise|educateur de jeunes enfants|assistant de service social|economie sociale|professeur de (?:danse|musique)"), 3),
    (_c(r"aide-soignant|auxiliaire de puericulture|ambulancier|moniteur educateur|technicien de l'intervention sociale"), 0),
    (_c(r"accompagnant educatif"), -1),
]


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
    r"(?:(?:,? ?(?:notamment|en particulier|surtout|principalement) )?(?:ceux|celles) (?:de la |des )specialites? |"
    r"(?:en priorite|prioritairement|notamment),? (?:des|de la|dans les) specialites?(?: [a-z]+)? ?:? ?|"
    r"(?:prioritairement |en priorite |notamment )?(?:du secteur [a-z]+ )?(?:dans (?:les|la) |de (?:la|l'une des) )?specialites? (?:relatives? (?:a la |a l'|aux |au |a )|"
    r"relevant (?:des champs |du champ |des domaines |du domaine )?(?:de la |de l'|des |du |de )|suivantes ?:? ?)|"
    r"(?:de la |des |les )?specialites? |(?:l')?options? |(?:dans |relevant (?:de |des |du ))?(?:le |les |des |du |de )?(?:champs?|domaines?|secteurs?(?: professionnels?| d'activite)?|disciplines?|filieres?)"
    r"(?: (?:de la |de l'|du |des |de |d'))?|en |d'|de la |de l'|du |des |de )"
)
_QUAL_FIRST = _c(
    r"(?:\s*,\s*(?=en priorite|prioritairement|notamment|en particulier|surtout|principalement))?"
    r"\s*(?:" + _QUAL_CONNECT + r")?" + _QUAL_NAME + r"(?:\s*\([^()]*\))?"
)
_QUAL_NEXT = _c(r"\s*(?:,\s*|\s(?:ou|et)\s+(?:en )?)(?:" + _QUAL_CONNECT + r"|(?:la |le |les |l'))?" + _QUAL_NAME + r"(?:\s*\([^()]*\))?")
_QUAL_BRACKETS = _c(r"\s*\((?:[^()]|\([^)]*\))*\)")


def _qualifier(fragment: _Fragment, pos: int, *, names: bool = False, acronyms: bool = False) -> tuple[int, str]:
    """Read what narrows the diploma named just before ``pos``; return where it ends and its text."""
    text = fragment.folded
    end = pos
    colon = re.match(r"\s*:\s*", text[pos:]) if names else None
    start = pos + colon.end() if colon else pos
    bracket = re.match(r"\s*\([^()]*\)", text[start:])
    if bracket and not fragment.free(start, start + bracket.end()):
        # « une licence (bac + 3) en arts du spectacle »: the level in brackets is read, the field follows.
        start += bracket.end()
        pos = end = start
    limit = fragment.used.find(1, start)
    limit = len(text) if limit < 0 else limit  # stop before what is already understood
    match = _QUAL_BRACKETS.match(text, start, limit) or _QUAL_FIRST.match(text, start, limit)
    while match and match.end() > end and fragment.free(end, match.end()):
        item = text[match.start() : match.end()]
        bare = re.sub(r"(?:tres )?bon niveau|\([^()]*\)", "", item)
        if _ROUTE_WORDS.search(bare) or _SELECTING.search(bare) or any(p.search(bare) for p, _, _ in _LEVELS):
            break
        end = match.end()
        match = _QUAL_NEXT.match(text, end, limit)
    words = fragment.text[pos:end].strip(" ,")
    if words.startswith("(") and words.endswith(")"):
        words = words[1:-1]
    words = re.sub(r"^(?:en|de la|de l'|du|des|de|d')\s*(?=\w)", "", words, flags=re.IGNORECASE)
    if re.fullmatch(r"(?:la |le |du |de la |des )?(?:filière|domaine|secteur)s?", words) or (
        not acronyms and re.fullmatch(r"[A-Z.]{2,6}", words)
    ):
        words = ""  # an acronym or a bare « du domaine »: nothing to add
    return end, words


def _narrowed(fragment: _Fragment, match: re.Match[str], label: str) -> str:
    """``label``, narrowed by what follows ``match`` in the fragment (which is then understood)."""
    return _narrowing(fragment, match, label)[0]


def _narrowing(fragment: _Fragment, match: re.Match[str], label: str) -> tuple[str, str]:
    """``label`` narrowed by what follows ``match`` (then understood), and the narrowing words themselves."""
    end, words = _qualifier(fragment, match.end())
    if end == match.end():
        return label, ""
    fragment.use(match.end(), end)
    return (f"{label} ({words})", words) if words else (label, "")


# Years of entry: « En L2 ou L3 (admission sur dossier) : », « En 1re année : ».
_ENTRY = _c(
    r"^(?:l[1-3]|[1-5](?:re|e|ere|eme) annee|premiere annee)(?: \([^)]*\))?(?: (?:ou|et) (?:l[1-3]|[1-5](?:re|e|eme) annee))*(?: \([^)]*\))?\s*:"
    r"|(?:^|\b)en (?:l[1-3]|[1-5](?:re|e|ere|eme) annee|premiere annee|deuxieme annee|troisieme annee|quatrieme annee)"
    r"(?: \([^)]*\))?(?: (?:ou|et) (?:en )?(?:l[1-3]|[1-5](?:re|e|eme) annee)(?: \([^)]*\))?)*(?: de (?:bts[am]?|but|licence|dn made|cpge)\b)?\s*:?"
    r"|admissions? paralleles?(?: possibles?)?(?: en [^.]*?annee)?(?: pour certains candidats)?\s*:?"
)

_SELECTION = [
    (_c(r"concours(?: d'entree| commun| specifique| post-?bac| national)?(?: commun aux \d+ iep du reseau| \([a-z]{2,6}\))?"), "concours"),
    (_c(r"\bdossier(?: scolaire| academique| de candidature| artistique)?(?: et artistique)?"), "dossier"),
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

_AGES = {"seize": 16, "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20, "vingt-cinq": 25, "trente": 30}
_AGE = r"(\d{2}|" + "|".join(_AGES) + r")"
_AGE_DATE = r"(?: (?:au|a la date|le jour)[^,.;]*)?"
_AGE_MAX = [
    (_c(r"(?:avoir |etre age(?:e)?s? de |ages? de )?moins de " + _AGE + r" ans" + _AGE_DATE), -1),
    (_c(r"(?:avoir |etre age(?:e)?s? de |ages? de )?" + _AGE + r" ans (?:au plus|maximum|au maximum)" + _AGE_DATE), 0),
    (_c(r"(?:limite d'age|age limite)(?: (?:est )?(?:fixee )?(?:a|de))? " + _AGE + r" ans" + _AGE_DATE), 0),
]
_AGE_FROM = _c(r"(?:a partir de|des) (\d{2}) ans(?: \([^)]*\))?|\b(?:candidats? |etre )?majeurs?\b")
_AGE_MIN = _c(
    r"(?:avoir |etre age(?:e)?s? |ages? )?(?:de |d')?(?:au moins |minimum )" + _AGE + r" ans(?: revolus)?" + _AGE_DATE
    + r"|(?:avoir |etre age(?:e)?s? |ages? )?(?:de |d')?" + _AGE + r" ans (?:au moins|minimum|revolus)" + _AGE_DATE
)
_AGE_RANGE = _c(r"(?:de |entre )" + _AGE + r" (?:a|et) " + _AGE + r" ans")


def _age_value(text: str) -> int:
    return int(text) if text.isdigit() else _AGES[text]




# -- bac tracks --------------------------------------------------------------------


class _TrackIndex:
    """Names and acronyms of the bac tracks and their spécialités, as folded patterns."""

    def __init__(self, referential: Referential) -> None:
        self.referential = referential
        self._names_at: dict[str, re.Pattern[str]] = {}
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
        self.track_pattern = re.compile(
            rf"\b(?:{alternatives})\b(?:\s*\((?:[^()]|\([^)]*\))*\)|\s+-\s+(?:{alternatives})\b)?"
        )
        self.acronyms = re.compile(r"\b(?:" + "|".join(re.escape(fold_keep(t.code)) for t in self.techno) + r")\b")
        self.specialites: dict[str, dict[str, str]] = {}
        self.singular_specialites: dict[str, dict[str, str]] = {}  # the same, each word in the singular
        for track in referential.tracks:
            index: dict[str, str] = {}
            for spec in track.specialites:
                for alias in (spec.name, *spec.aliases):
                    index[_norm(alias)] = spec.code
            self.specialites[track.code] = index
            singular: dict[str, str] = {}
            for alias, code in index.items():
                singular.setdefault(_singular(alias), code)
            self.singular_specialites[track.code] = singular

    def track_of(self, folded: str) -> str:
        head = re.split(r"\(|\s+-\s+", folded)[0].strip()
        return self.by_name[head]

    def specialite_at(self, track: str, text: str, pos: int) -> re.Match[str] | None:
        """The longest name of a spécialité of ``track`` written at ``pos`` of the folded ``text``, if any."""
        pattern = self._names_at.get(track)
        if pattern is None:
            names = sorted({fold_keep(a) for s in self.referential.tracks if s.code == track for sp in s.specialites
                            for a in (sp.name, *sp.aliases) if len(a) > 3}, key=len, reverse=True)
            pattern = self._names_at[track] = re.compile(r"\"?\s*(?:" + "|".join(re.escape(n) for n in names) + r")\b\s*\"?") if names else re.compile(r"(?!)")
        match = pattern.match(text, pos)
        return match if match and self.specialite(track, match.group(0).strip(' "')) else None

    def specialite_prefix(self, track: str, text: str) -> tuple[str | None, str]:
        """The spécialité the longest start of ``text`` names (« cultures marines peuvent entrer » → cultures
        marines), with that start; (None, "") when no start names one."""
        words = text.split()
        for size in range(len(words), 0, -1):
            head = " ".join(words[:size])
            code = self.specialite(track, head)
            if code:
                return code, head
        return None, ""

    def specialite(self, track: str, text: str) -> str | None:
        key = _norm(text)
        index = self.specialites.get(track, {})
        if key in index:
            return index[key]
        return self.singular_specialites.get(track, {}).get(_singular(key))


def _singular(key: str) -> str:
    return " ".join(w[:-1] if w.endswith("s") and len(w) > 3 else w for w in key.split())


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold_keep(text)).split())


_SCIENTIFIC = ("MATHS", "PC", "SVT", "SI", "NSI", "BIO-ECO")
_GENERAL_SPECIALITES = _c(
    r"\s*(?:\(|,|avec|ayant suivi|qui ont suivi|issus de|comportant|a dominante|de preference)?\s*(?:au moins )?(?:des |les |une |la |d')?(?:enseignements? (?:de |d')?)?"
    r"(?:specialites?|dominante|profil)? ?(?:scientifiques?|scientifique ou numerique|scientifique et/ou numerique)\)?"
)
_GENERAL_LEAD = _c(
    r"\s*(?:\(|,)?\s*(?:avec|aux|ayant suivi|qui ont suivi|a dominante|de preference|comprenant|comportant|incluant)?\s*"
    r"(?:au moins l'une? des |au moins une? des |l'une? des |une? des |au moins )?(?:l'|les |des |un |une |la |le )?"
    r"(?:enseignements? (?:de |d')?)?(?:specialites? |dominante )?(?:suivants? ?:? ?|adaptee?s? ?|appropriee?s? ?)?\(?"
)
_GENERAL_ITEM = _c(r"\"\s*([^\"]+?)\s*\"|((?:a dominante )?[a-z][a-z' -]*?)(?=\s*(?:[,;)…]|\bou\b|\bet\b|$|\.))")
_GENERAL_SEP = _c(r"\s*(?:,|et/ou|\bou\b|\bet\b)\s*")
_GENERAL_PROFILE = _c(
    r",? (?:ayant suivi|maitrisant|inities?|portant|presentant|ayant une?|avec une?)\b[^.;:]*?"
    r"(?=\s(?:et|ou) (?:les |des |aux |d'un |un )?(?:bacheliers|bacs?\b|titulaires|candidats)|[.;:]|$)"
)
_SPEC_AFTER = _c(r"\s*,?\s*(?:de preference |avec (?:l'|un |une )?(?:enseignements? de )?)?(?:(?:specialites?|option)\s+|(?=sciences physiques|biotechnologies))([a-z' -]+?)(?=\s*(?:[,.;)(]|\bou\b|\bvoire\b|\bmais\b|$))")
_SPEC_TAIL = _c(r"\s*(?:ou|et|,)\s+([a-z' -]+?)(?=\s*(?:[,.;)]|\bou\b|\bet\b|$))")
_GENERAL = _c(r"g[e]n[e]r(?:al|ale|aux|ales)\b")
_TECHNO = _c(r"(?:technologiques?|techno)\b")
_PRO = _c(r"(?:professionnel(?:le)?s?|pro)\b")
_SEPARATOR = _c(
    r"(?:\s|,|;|:|\(|\)|/|\.\.\.|…|\")*(?:en majorite |majoritairement )?(?:ou encore|mais aussi|ou bien|ou|et|voire|puis|notamment|en particulier|de preference|par exemple|surtout|principalement|en priorite|y compris)?\s*"
    r"(?:(?:un|une|le|la|les|des|du|d'un|d'une|d')\s*)?(?:" + _BAC + r"\s*)?"
)
_BARE_SPECIALITE = _c(r"\s*de la specialite\b")
_BARE_FIELD = _c(r"\s*(?:ou equivalent\s*)?(?=(?:du |des |dans le |dans les |de la )?(?:secteurs?|domaines?|filieres?)\b|en [a-z])")
_GENERIC_PRO = _c(r"^(?:agricole|industriel|tertiaire|de la filiere|du domaine|des domaines|du secteur|de ce secteur|de la meme filiere)$")


class _BacReader:
    """Reads « un bac général, un bac technologique STI2D spécialité SIN ou un bac pro » and the like."""

    def __init__(self, tracks: _TrackIndex) -> None:
        self.tracks = tracks
        self.start = re.compile(r"\b" + _BAC + r"\b")

    def read(self, fragment: _Fragment, facts: _Facts) -> None:
        if fragment.bridged:
            # « Tout autre bachelier (général, technologique…) passe par une mise à niveau »: these
            # bacs are read to be understood, but they are not direct ways in.
            facts = _Facts()
        before = len(facts.routes)
        self._read(fragment, facts)
        added = facts.routes[before:]
        techno = [r for r in added if r.kind == "bac" and r.track in {t.code for t in self.tracks.techno}]
        if techno and any(r.track == "TECHNO" for r in added) and _FAMILY_HEADING.search(fragment.folded):
            # « parmi les bacheliers technologiques, ceux de la série STMG »: the family heads the séries it names.
            facts.routes[before:] = [r for r in added if r.track != "TECHNO"]

    def _read(self, fragment: _Fragment, facts: _Facts) -> None:
        text = fragment.folded
        for start in self.start.finditer(text):
            if not fragment.free(start.start(), start.end()):
                continue
            end = self._read_list(fragment, start.end(), facts)
            if end == start.end():
                if re.match(r"\s*\+", text[end:]):
                    continue  # « bac + 2 » is a level, read elsewhere
                end = self._bare(fragment, end, facts)
            fragment.use(start.start(), end)
        # « … (selon la licence : STI2D, STL) »: a série named without the word « bac ».
        for start in self.tracks.acronyms.finditer(text):
            if fragment.free(start.start(), start.end()):
                end = self._read_list(fragment, start.start(), facts)
                fragment.use(start.start(), max(end, start.end()))

    def _bare(self, fragment: _Fragment, pos: int, facts: _Facts) -> int:
        """A « bac » with no série: any bac, unless a spécialité or a field narrows it."""
        text = fragment.folded
        spec = _BARE_SPECIALITE.match(text, pos)
        if spec:  # « un baccalauréat de la spécialité électromécanicien marine »
            end, words = _qualifier(fragment, spec.end(), names=True)
            if words:
                code, shorter = self.tracks.specialite_prefix("PRO", words.strip("«» \""))
                if code:
                    facts.route(Route(kind="bac", track="PRO", specialites=(code,)))
                    # The rest of the words (« … entrent directement ») are left for the other readers.
                    return fragment.folded.index(fold_keep(shorter), spec.end()) + len(shorter) if shorter else end
                else:
                    facts.route(Route(kind="bac", track="PRO", other_specialites=(words,), label=words))
                return end
        field = _BARE_FIELD.match(text, pos)
        if field:  # « un bac ou équivalent en menuiserie, ébénisterie »: a field, met by a spécialité of that field
            end, words = _qualifier(fragment, field.end())
            if words:
                facts.route(Route(kind="bac", track="ANY", other_specialites=(words,), label=f"un bac ou équivalent ({words})"))
                return end
        facts.route(Route(kind="bac", track="ANY", grants="possible"))
        return pos

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
                    r"\s*[,(]?\s*(?:notamment|en particulier|par exemple|surtout)", text[end:]
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
        named = self._general_named(fragment, pos)
        if named is not None:
            end, specs = named
            facts.route(Route(kind="bac", track="GENERAL", specialites=specs))
            soft = _GENERAL_PROFILE.match(fragment.folded, end)
            return soft.end() if soft else end
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

    def _general_named(self, fragment: _Fragment, pos: int) -> tuple[int, tuple[str, ...]] | None:
        """« bac général (spécialité scientifique ou numérique) », « … aux enseignements de SI ou physique-chimie »."""
        text = fragment.folded
        lead = _GENERAL_LEAD.match(text, pos)
        if not lead or "special" not in lead.group(0) and "enseignement" not in lead.group(0) and "dominante" not in lead.group(0):
            return None
        specs: list[str] = []
        end = at = lead.end()
        while True:
            whole = self.tracks.specialite_at("GENERAL", text, at)  # « numérique et sciences informatiques »
            item = whole or _GENERAL_ITEM.match(text, at)
            if item is None:
                break
            name = (item.group(1) or item.group(2) or "").strip() if not whole else whole.group(0)
            if whole:
                found = (self.tracks.specialite("GENERAL", name),)  # type: ignore[assignment]
            elif re.fullmatch(r"(?:a dominante )?scientifiques?", name):
                found: tuple[str, ...] = _SCIENTIFIC
            elif re.fullmatch(r"numeriques?", name):
                found = ("NSI",)
            else:
                code = self.tracks.specialite("GENERAL", name)
                found = (code,) if code else ()
            if not found:
                break
            specs.extend(c for c in found if c not in specs)
            end = item.end()
            sep = _GENERAL_SEP.match(text, end)
            if not sep:
                break
            at = sep.end()
        if not specs:
            return None
        if "(" in lead.group(0):
            close = re.match(r"\s*(?:…|\.\.\.|etc\.?)?\s*\)", text[end:])
            if close:
                end += close.end()
        return end, tuple(specs)

    def _track(self, fragment: _Fragment, match: re.Match[str], facts: _Facts) -> int:
        code = self.tracks.track_of(match.group(0))
        end = match.end()
        specs: list[str] = []
        others: list[str] = []
        # « STI2D (spécialité architecture et construction) »: the brackets name the spécialité.
        inside = re.search(r"\((?:[^()]*?\b(?:avec|de) (?:l'|un |une )?)?(?:enseignements? de )?specialites? ([^()]*)\)", match.group(0))
        if inside:
            for name in re.split(r"\s*(?:,|\bou\b)\s*", inside.group(1)):
                found = self.tracks.specialite(code, name)
                if found:
                    specs.append(found)
                elif name.strip():
                    others.append(name.strip())
            facts.route(Route(kind="bac", track=code, specialites=tuple(specs), other_specialites=tuple(others)))
            return end
        spec = _SPEC_AFTER.match(fragment.folded, end)
        preferred = bool(spec) and "de preference" in spec.group(0)  # a preference, not a rule
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
        if preferred:
            specs, others = [], []
        facts.route(Route(kind="bac", track=code, specialites=tuple(specs), other_specialites=tuple(others)))
        return end

    def _pro(self, fragment: _Fragment, pos: int, facts: _Facts) -> int:
        """« bac pro photographie », « bac pro du domaine du transport ou de la logistique », « bac pro (A ; B) »."""
        end, words = _qualifier(fragment, pos, names=True, acronyms=True)
        words = re.sub(r",?\s*(?:en particulier|notamment|principalement|surtout|etc\.?)$", "", words).strip()
        if re.fullmatch(r"[A-Z.]{2,6}", words) and self.tracks.specialite("PRO", words) is None:
            words = ""  # an acronym the referential does not know: any bac pro
        if end == pos or not words.strip():
            facts.route(Route(kind="bac", track="PRO"))
            return end
        if _GENERIC_PRO.match(fold_keep(words)):
            facts.route(Route(kind="bac", track="PRO", other_specialites=(words,)))
            return end
        # « du domaine (aménagement et finition du bâtiment principalement) »: the field is in the brackets.
        inner = re.match(r"^(?:du |des |de la )?(?:domaines?|secteurs?|filieres?)\s*\((.*)\)$", fold_keep(words))
        if inner:
            words = re.sub(r",?\s*(?:principalement|notamment|en particulier|surtout)$", "", words[len(words) - len(inner.group(1)) - 1 : -1]).strip()
        # « prioritairement du secteur tertiaire dans les spécialités relatives à A, B, C »: the list after;
        # the other bac pro may apply. « notamment A »: every bac pro is listed, A first.
        priority = bool(re.match(r"(?:prioritairement|en priorite|de preference)\b", fold_keep(words)))
        highlighted = bool(re.match(r",? ?(?:notamment|en particulier|surtout|principalement)\b", fold_keep(words)))
        listed = re.split(
            r"\b(?:dans|de) (?:les|la|l'une des) specialites? (?:relatives? (?:a|aux)|relevant (?:des champs )?(?:de la|de l'|des|du|de)|suivantes|de)\s*:?\s*"
            r"|\b(?:des|dans les|de la) specialites?(?: [a-z]+)?\s*:\s*|\b(?:ceux|celles) (?:de la|des) specialites? ",
            fold_keep(words),
            maxsplit=1,
        )
        if len(listed) == 2:
            words = words[len(words) - len(listed[1]) :]
        # « métiers de l'électricité… (MELEC) ou cybersécurité, informatique et réseaux, électronique (CIEL) »:
        # an acronym in brackets names the words before it.
        pieces = re.split(r"\(\s*([A-Z][A-Z0-9-]{1,9})\s*\)", words)
        acronyms = [self.tracks.specialite("PRO", a) for a in pieces[1::2]]
        if acronyms and all(acronyms):
            words = pieces[-1]
        items = [i.strip(" .…\"«»") for i in _split_items(words) if i.strip(" .…\"«»")]
        items = [re.sub(r"^(?:(?:specialites?|option|de la|du|des|les|la|le|en|dans le|dans la)\s+|de l'|l'|d')", "", i, flags=re.I) for i in items]
        codes = [self.tracks.specialite("PRO", i) for i in items]
        if acronyms and all(acronyms):
            codes = [*acronyms, *codes]
            items = [*pieces[1:-1:2], *items]
        found = tuple(dict.fromkeys(c for c in codes if c))
        whole = self.tracks.specialite("PRO", words.strip("\"«» ")) or self.tracks.specialite("PRO", re.sub(r"\s*\(.*\)", "", words))
        if whole:
            found, others = (whole,), ()
        elif all(codes):
            others = ()
        elif found:
            others = tuple(i for i, c in zip(items, codes) if not c)
        else:
            others = (words,)
        facts.route(Route(kind="bac", track="PRO", specialites=found, other_specialites=others, label=words if others else ""))
        if priority:  # the other bac pro may apply too
            facts.route(Route(kind="bac", track="PRO", grants="possible"))
        elif highlighted:
            facts.route(Route(kind="bac", track="PRO"))
        return end


def _split_items(words: str) -> list[str]:
    """Items of a list (« A, B ou C ; D »), commas inside quotes kept (« cybersécurité, informatique et réseaux »)."""
    items, depth, current = [], 0, ""
    for part in re.split(r"(\s*(?:;|,|\bou\b|…|\.\.\.|\betc\b)\s*|[«»\"])", words):
        if part in ("«", "»", '"'):
            depth = 1 - depth if part == '"' else (1 if part == "«" else 0)
            current += part
        elif depth == 0 and re.fullmatch(r"\s*(?:;|,|\bou\b|…|\.\.\.|\betc\b)\s*", part):
            items.append(current)
            current = ""
        else:
            current += part
    items.append(current)
    return items


# -- the parser ------------------------------------------------------------------------


class AccessParser:
    """Turns access texts into :class:`Access` rules, with the referential's tracks."""

    def __init__(self, referential: Referential) -> None:
        self.tracks = _TrackIndex(referential)
        self.bacs = _BacReader(self.tracks)
        self.steps: list[Callable[[_Fragment, _Facts], None]] = [
            self._remark,
            self._selection_remark,
            self._info,
            self._requirement,
            self._units,
            self._subject,
            self._entry,
            self._age,
            self._prebac,
            self._bridge,
            self._levels,
            self._diplomas,
            self._concours,
            self._pro_specialite_first,
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
            named = facts.named
            for step in self.steps:
                step(fragment, facts)
            if fragment.leftover() and facts.named == named:
                _aside(fragment, facts)
            if fragment.leftover() and fragment.later:
                # An entry in a later year (« En L3 : … ») that is not understood leaves the first year's rules whole.
                fragment.use(0, len(fragment.text))
            if fragment.leftover():
                unparsed.append(fragment.text)
            else:
                understood += 1
        if not fragments:
            return ParsedAccess(status="none", access=None, fragments=0)
        status: Status = "complete" if not unparsed else ("partial" if understood else "none")
        access = self._access(facts, source) if status == "complete" else None
        if access is not None and not access.routes:
            # Understood, but names no way in: its conditions (selection, age…) are kept for
            # the national rule of the formation's type to complete.
            status = "partial"
            unparsed.append(NO_ROUTE)
        return ParsedAccess(status=status, access=access, fragments=len(fragments), unparsed=tuple(unparsed))

    # - recognisers -

    def _remark(self, fragment: _Fragment, facts: _Facts) -> None:
        """Whole sentences that set no rule (figures, exemptions) or only advise."""
        if _REMARK.search(fragment.folded):
            fragment.use(0, len(fragment.text))
        elif _ADVICE.search(fragment.folded):
            facts.recommend(fragment.text.strip(" -;:."))
            fragment.use(0, len(fragment.text))
        else:
            for match in fragment.find(_GOOD_LEVEL):
                facts.recommend(fragment.text[match.start() : match.end()].removeprefix("avec "))

    def _info(self, fragment: _Fragment, facts: _Facts) -> None:
        for pattern in _INFO:
            fragment.consume(pattern)

    def _requirement(self, fragment: _Fragment, facts: _Facts) -> None:
        if _REQUIREMENT.search(fragment.folded) and not _BRIDGE.search(fragment.folded):
            if not _CITIZEN.search(fragment.folded):  # « les moins de 25 ans doivent être en règle avec la JDC »: no age limit
                self._age(fragment, facts)
            # The sentence may name the diploma the condition goes with (« les titulaires d'un CAP doivent
            # justifier de deux ans d'expérience »): a way in of its own, not a condition on the others.
            if _CAP.search(fragment.folded):
                facts.route(Route(kind="diploma", label="un CAP, avec l'expérience professionnelle demandée"))
            else:
                facts.require(fragment.text.strip(" -;."))
            fragment.use(0, len(fragment.text))

    def _units(self, fragment: _Fragment, facts: _Facts) -> None:
        for match in fragment.find(_UNITS):
            facts.require(fragment.text[match.start() : match.end()].strip(" ,"))

    def _subject(self, fragment: _Fragment, facts: _Facts) -> None:
        for match in fragment.find(_SUBJECT):
            # « Les bacheliers STMG peuvent postuler »: a subject naming bacs is a way in, read later.
            if self.bacs.start.search(match.group(0)) or self.tracks.acronyms.search(match.group(0)):
                fragment.unuse(match.start(), match.end())
        fragment.consume(_SELF)

    def _entry(self, fragment: _Fragment, facts: _Facts) -> None:
        for match in fragment.find(_ENTRY):
            if match.start() < 3 and not re.match(r"(?:en )?(?:l1|1(?:re|ere) annee|premiere annee)", match.group(0)):
                fragment.later = True

    def _age(self, fragment: _Fragment, facts: _Facts) -> None:
        for pattern, shift in _AGE_MAX:
            for match in fragment.find(pattern):
                age = _age_value(match.group(1)) + shift
                facts.age_max = age if facts.age_max is None else min(facts.age_max, age)
                facts.age_note = fragment.text[match.start() : match.end()].strip()
        for match in fragment.find(_AGE_MIN):
            facts.age_min = _age_value(match.group(1) or match.group(2))
        for match in fragment.find(_AGE_RANGE):
            facts.age_min, facts.age_max = _age_value(match.group(1)), _age_value(match.group(2))
            facts.age_note = fragment.text[match.start() : match.end()].strip()
        for match in fragment.find(_AGE_FROM):
            facts.age_min = int(match.group(1)) if match.group(1) else 18
            earlier = re.search(r"(?:voire|ou|des|a partir de) (\d{2}) ans", match.group(0)[3:])
            if earlier and int(earlier.group(1)) < facts.age_min:  # an exception that lets younger candidates in
                facts.age_min = int(earlier.group(1))

    def _prebac(self, fragment: _Fragment, facts: _Facts) -> None:
        for _ in fragment.find(_NO_DIPLOMA):
            facts.route(Route(kind="level", min_level=-3, label="sans diplôme requis"))
        for _ in fragment.find(_PREBAC):
            facts.route(Route(kind="level", min_level=-3, label="après la classe de 3e"))
        for _ in fragment.find(_PREBAC_FIRST):
            facts.route(Route(kind="level", min_level=-1, label="après un premier diplôme (CAP, seconde professionnelle…)"))
        for match in fragment.find(_CAP):
            if re.search(r"secteur|filiere|domaine|certains", match.group(0)):
                facts.route(Route(kind="diploma", min_level=-1, label=_narrowed(fragment, match, "un CAP du même secteur"), in_field=True))
            elif (named := _narrowed(fragment, match, "un CAP")) != "un CAP":
                facts.route(Route(kind="diploma", min_level=-1, label=named, in_field=True))
            else:
                facts.route(Route(kind="level", min_level=-1, label="un CAP ou un diplôme de même niveau"))

    def _bridge(self, fragment: _Fragment, facts: _Facts) -> None:
        bridged = False
        for _ in fragment.find(_BRIDGE):
            facts.route(Route(kind="bridge", track="MAN", label="une année de mise à niveau", years=1))
            bridged = True
        if bridged:
            for _match in fragment.find(_OTHERS_BRIDGE):
                facts.others = "bridge"
                fragment.bridged = True
        for _ in fragment.find(_ART_PREPA):
            facts.route(Route(kind="bridge", label="une classe préparatoire aux écoles d'art", years=1))

    def _levels(self, fragment: _Fragment, facts: _Facts) -> None:
        before = len(facts.routes)
        self._read_levels(fragment, facts)
        added = facts.routes[before:]
        fragment.levels = [r.min_level for r in added if r.kind == "level"]
        # « une licence en biologie, ou un autre diplôme de 180 crédits dans ces mêmes domaines »,
        # « un diplôme sanitaire de niveau bac + 2 »: the field cannot be checked, so none of
        # these levels makes a planned way.
        if any(r.grants == "possible" for r in added) or _SAME_FIELD.search(fragment.folded) or _FIELD_DIPLOMA.search(fragment.folded):
            facts.routes[before:] = [msgspec.structs.replace(r, grants="possible") if r.kind == "level" else r for r in added]

    def _read_levels(self, fragment: _Fragment, facts: _Facts) -> None:
        for pattern, level, label in _LEVELS:
            for match in fragment.find(pattern):
                n = level
                text = label
                if n is None:
                    if "{ects}" in label:
                        ects = int(match.group(1))
                        n = {60: 1, 120: 2, 180: 3, 240: 4, 300: 5}.get(ects)
                        text = label.format(ects=ects)
                    elif "{cec}" in label:
                        cec = int(match.group(1))
                        n = cec_bac_plus(cec)
                        text = label.format(cec=cec)
                    elif "année(s)" in label:
                        values = [_number(g) for g in match.groups() if g]
                        n = min(values)
                        text = f"{n} année{'s' if n > 1 else ''} d'études supérieures"
                    else:
                        n = int(match.group(1))
                        text = label.format(n=n)
                if n is None:
                    continue
                if n == 0:  # « un diplôme de niveau 4 (bac) »: the bac or its equivalent
                    facts.route(Route(kind="bac", track="ANY", grants="possible"))
                    continue
                label, field = _narrowing(fragment, match, text)
                if "PASS" in text:  # a first year of health studies: its field is health
                    field = field or "santé"
                # A level in a given field (« une licence de biologie »): the field cannot be checked.
                grants = "possible" if label != text else "recommended"
                facts.route(Route(kind="level", min_level=n, label=label, grants=grants, field=field))

    def _diplomas(self, fragment: _Fragment, facts: _Facts) -> None:
        for pattern, label, level in _DIPLOMAS:
            for match in fragment.find(pattern):
                at = level if level is not None else next((n for p, n in _STATE_DIPLOMAS if p.search(match.group(0))), None)
                if at is None:  # a diplôme d'État of unknown level: the card stays uncertain
                    fragment.unuse(match.start(), match.end())
                    continue
                name = label
                if level is None:  # « le DE d'infirmier ou de sage-femme »: the card's own words
                    name = "un diplôme d'État (" + fragment.text[match.start() : match.end()].strip() + ")"
                if fragment.levels and at <= 0:
                    # « un diplôme du travail social au moins de niveau bac + 2 »: the level is the diploma's.
                    at = max(fragment.levels)
                label, field = _narrowing(fragment, match, name)
                in_field = label != name or at >= 1 or bool(re.search(r"m[eê]me (?:secteur|domaine|m[eé]tier)|du domaine|du secteur", label))
                facts.route(Route(kind="diploma", min_level=at, label=label, in_field=in_field, field=field))

    def _selection(self, fragment: _Fragment, facts: _Facts) -> None:
        for pattern, mode in _SELECTION:
            for _ in fragment.find(pattern):
                facts.select(mode)
        fragment.consume(_SELECTION_FILLER)
        for _ in fragment.find(_PARCOURSUP):
            facts.parcoursup = facts.parcoursup or not fragment.later

    def _others(self, fragment: _Fragment, facts: _Facts) -> None:
        for _ in fragment.find(_CLOSED):
            # « En 3e année : passerelle réservée aux… » closes no first-year entry; a mise à niveau
            # offered to every other bac keeps the door open through it.
            if not fragment.later and facts.others != "bridge":
                facts.others = "closed"

    def _pro_specialite_first(self, fragment: _Fragment, facts: _Facts) -> None:
        """« titulaires de la spécialité « X » du baccalauréat professionnel »."""
        for match in fragment.find(_SPECIALITE_OF_PRO):
            code = self.tracks.specialite("PRO", match.group(1))
            if code:
                facts.route(Route(kind="bac", track="PRO", specialites=(code,)))
            else:
                facts.route(Route(kind="bac", track="PRO", other_specialites=(fragment.text[match.start(1) : match.end(1)],)))

    def _concours(self, fragment: _Fragment, facts: _Facts) -> None:
        for match in fragment.find(_CONCOURS_PASSED):
            words = fragment.text[match.start() : match.end()]
            name = re.sub(r"^.*?\bconcours\b", "concours", words, flags=re.IGNORECASE).strip()
            facts.route(Route(kind="concours", label=f"la réussite au {name}"))

    def _selection_remark(self, fragment: _Fragment, facts: _Facts) -> None:
        """Sentences about how files are sorted (« Sélection des candidatures sur lettre de motivation et
        notes… ») name bacs only to say what is looked at: they set no way in."""
        if _SORTING.match(fragment.folded) and not fragment.later:
            facts.select("dossier")
            fragment.use(0, len(fragment.text))

    # - result -

    def _access(self, facts: _Facts, source: str) -> Access:
        routes = list(facts.routes)
        # « un bac général, technologique ou professionnel »: every family named, none targeted — any bac.
        families = {r.track for r in routes if r.kind == "bac" and not r.specialites and not r.other_specialites and r.grants == "recommended"}
        if {"GENERAL", "TECHNO", "PRO"} <= families:
            routes = [r for r in routes if not (r.kind == "bac" and r.track in ("GENERAL", "TECHNO", "PRO") and r.grants == "recommended"
                                                and not r.specialites and not r.other_specialites)]
            routes.append(Route(kind="bac", track="ANY", grants="possible"))
        if facts.parcoursup and not any(r.kind in ("bac", "bridge") for r in routes):
            routes.append(Route(kind="bac", track="ANY", grants="possible", note="candidature via Parcoursup"))
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
            recommendations=tuple(facts.recommendations),
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


# Sentences about exemptions, reduced programmes or past figures: they set no rule,
# even when they name diplomas.
_REMARK = _c(
    r"\d+ ?%|\bdispensee?s? (?:de|des|d')|sont dispensee?s?|allegements? de formation|ne suivent pas de procedure de selection|"
    r"\bdispenses? ou allegements?|allegements? (?:peuvent|sont)|nombre de places|"
    r"menent des experimentations|pour realiser le 2nd cycle"
)
# Sentences that say what helps, not what is required.
_ADVICE = _c(
    r"\b(?:est|sont) (?:fortement |vivement )?(?:recommandee?s?|conseillee?s?|attendue?s?)\b(?! (?:les |des )?(?:titulaires|bacheliers|candidats))|il est (?:fortement )?(?:recommande|conseille)|"
    r"(?:est |etant )?(?:moins )?adaptee? a la poursuite|ont generalement choisi|les mieux (?:armes|prepares)|les plus (?:utiles|adaptee?s)"
)
_GOOD_LEVEL = _c(r"avec un (?:tres )?bon niveau (?:en|dans les?) [a-z-]+(?: et [a-z-]+)?")


# -- sentences that name no way in ---------------------------------------------------

# A sentence naming a diploma or a level is about ways in: it must be read, not set aside.
_ROUTE_WORDS = _c(
    r"\b(?:bac|bacs|baccalaureats?|bacheliers?|bachelieres?|titulaires?|diplomes?|diplomee?s?|licences?|masters?|bts|btsa|but|dut|"
    r"cap|bep|bma|btms?|bpa?|l[1-3]|m[12]|cpge|prepas?|brevets?|certificats?|titres?|niveau|annees? d'etudes|premier cycle)\b"
)
_RECOMMENDED = _c(r"recommande|conseille|souhaitable|apprecie|\battendue?s?\b|bon niveau|important|s'informer|adaptee?s? a")
# Words that limit who may enter: such a sentence is kept as a condition.
_RESTRICTED = _c(
    r"reserve|\bseule?s?\b|uniquement|exclusivement|destinee?s? aux\b|\bne\b|\bn'|interdit|impossible|aucun|\d+ ans|\bage|limite|"
    r"attester|justifier|capable|autorisation|exige|requis|indispensable|obligatoire|imperati|soumis"
)
_SELECTING = _c(r"dossier|entretien|epreuve|concours|\btests?\b|jury|audition|\boral|admissib|selection|commission|parcoursup|candidature|inscri")
_DEMANDED = _c(r"\bdoi(?:t|vent)\b|\bfaut\b|necessaire|demandent|condition|accessible|ouverte?s?\b|recrute|\badmise?s?\b|s'adresse|\bjeunes\b|sportifs|public")


def _aside(fragment: _Fragment, facts: _Facts) -> None:
    """Place a sentence that names no way in: a recommendation, a condition, or a remark.

    Recommendations are shown and change no verdict; conditions are shown and keep
    the verdict at « possible » at best; remarks on the selection or the context
    (how the interview runs, how many schools) change nothing. A sentence that
    speaks of diplomas or levels is left unread, so the card stays uncertain.
    """
    text = fragment.folded
    if _ROUTE_WORDS.search(text):
        return
    sentence = fragment.text.strip(" -;:.")
    if not fragment.later:  # a later-year entry sets no condition on the first year
        if _RECOMMENDED.search(text):
            facts.recommend(sentence)
        elif _RESTRICTED.search(text) or (_DEMANDED.search(text) and not _SELECTING.search(text)):
            facts.require(sentence)
    fragment.use(0, len(fragment.text))


# -- fragments --------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<![\s(][A-Z]\.)(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ«\"“(])|(?<=[a-zé]\.)(?=[A-ZÀ-ÖØ-Þ])")


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
