"""The recognisers' patterns over folded text, and the tables that go with them.

Each pattern reads one kind of fact (a level, a named diploma, an age, a selection mode…) or a
statement that changes no rule; the parser's steps run them in order over every fragment.
"""

from __future__ import annotations

import re

from .vocabulary import AGES


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# -- building blocks of the patterns --------------------------------------------

_NUM = r"(\d+|une?|deux|trois|quatre|cinq|six)"
BAC = r"(?:bac(?:calaureats?|s)?|bacheliers?|bachelieres?)"


# -- statements and conditions -------------------------------------------------------

# Statements that change no rule: consumed whole, as information.
INFO = [
    # A validation of prior learning or experience is a way in for adults, not for a student.
    _c(
        r"(?:(?:par |une |la |sur )?(?:procedure de )?validation (?:de leurs |des |d'acquis)?(?:etudes|acquis)[^.;,]*|(?:par |la )?\bvae\b|"
        r"(?:par |la )?\bvapp?\b)(?: \([^)]*\))?"
    ),
    # « (Dans les établissements agricoles,) les élèves entrent en 2de professionnelle … », « … entrent
    # directement dans cette spécialité »: how the years before the bac pro are organised.
    _c(
        r"(?:dans les etablissements [^,.]*, )?les eleves entrent "
        r"(?:en (?:classe de )?(?:2de|seconde)|directement dans cette specialite)[^.]*"
    ),
    _c(r"l'acces est different pour les eleves en apprentissage[^.]*"),
    _c(r"le brevet professionnel est un diplome de promotion professionnelle[^.]*"),
    _c(
        r"(?:les )?(?:enseignements de )?specialites? (?:de bac general |du bac general )?"
        r"(?:recommandees?|conseillees?|privilegiees?|preconisees?|souhaitees?)[^.]*"
    ),
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
    # « … après 2 années d'études supérieures pour entrer en seconde année du cursus »: the year the level
    # before it leads to, not a condition of its own.
    _c(
        r"pour (?:entrer|integrer|etre admis|acceder)(?: directement)? en (?:seconde|deuxieme|2e|2eme|troisieme|3e|3eme|"
        r"quatrieme|4e|4eme) annee(?: du cursus| de la formation| du cycle| de l'ecole)?"
    ),
    # « Seuls les lauréats du concours … sont formés à l'École nationale … »: where they are trained.
    _c(r"(?:sont|seront) formee?s? (?:a|dans|par|au sein de) [^.;]*"),
    # « … recrute uniquement après le bac »: only at the start of the course, any bac.
    _c(r"\b(?:uniquement|seulement|exclusivement)(?= (?:apres le bac(?:calaureat)?|post-? ?bac)\s*(?:[.;,)]|$| ou\b| sur\b))"),
    # « une classe prépa … qui peut donner lieu à des équivalences de L1 voire L2 »: what earlier studies
    # are worth, not a diploma the entry demands.
    _c(r"(?:qui |pouvant )?(?:peu(?:t|vent) )?(?:donner|donnant|ouvrir|ouvrant) (?:lieu|droit) a (?:des |une )?equivalences?[^.;]*"),
    _c(r"autres attestations prevues[^.]*"),
    _c(r"a noter\s*:[^.]*"),
    _c(r"les attendus et criteres nationaux sont les suivants\s*:?"),
    _c(r"il permet de s'installer a son compte"),
    # « Traditionnellement accessible aux professionnels, il faut justifier de 5 ans d'expérience dans un emploi en
    # rapport avec la finalité de ce BP. »: the professionals' own way in, beside the apprenticeship after a CAP
    # that the card names next, not a condition on every candidate.
    _c(
        r"traditionnellement accessible aux professionnels, il faut justifier de \w+ ans d'experience(?: professionnelle)? "
        r"dans un emploi en rapport avec la finalite de ce bp(?=\s*(?:[.;]|$))"
    ),
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
    # « bacheliers ayant eu mention TB au bac de l'année »: a parallel admission of the best bacheliers, whom the
    # first year's way in already lists.
    _c(r"(?:des |les )?bacheliers ayant (?:eu|obtenu) (?:la |une )?mention (?:tb|tres bien)(?: au bac(?: de l'annee)?)?"),
    _c(r"admission de droit [^.]*"),
    # The sentence or clause around « franco-allemand »: it starts where a sentence or a clause does (at the start,
    # after a full stop or a comma), so that a long text without one is read once, not once per character; what
    # comes before the clause (« … bac + 3 (180 crédits ECTS), cycle master franco-allemand : … ») is read.
    _c(r"(?<![^.,])[^.,]*\bfranco-[a-z]+[^.]*"),
    _c(r"les candidats a l'examen probatoire du diplome de [a-z -]+?(?= doivent)"),
    _c(r"(?:ce diplome|cette formation|il|elle) se prepare (?:dans|en) (?:les|l'une des)? ?\d* ?(?:ecoles|etablissements)[^.]*"),
    _c(r"(?:sont|etant|restent) (?:les )?(?:majoritaires|plus nombreux|mieux (?:prepares|armes))[^.,;]*"),
    _c(r"accessible aux professionnels"),
    _c(r"sur proposition d'une commission(?: d'admission)?"),
]

# The spécialités of the bac général a card advises, and their list: « Spécialités de bac général
# recommandées : … », « Les enseignements de spécialités, adaptés, sont les suivants : … ».
ADVISED = _c(
    r"(?:les )?(?:enseignements? de )?specialites?(?: de bac general| du bac general)?,? "
    r"(?:(?:recommandee?s?|conseillee?s?|privilegiee?s?|preconisee?s?|souhaitee?s?)(?: sont(?: les suivante?s)?)?"
    r"|adaptee?s?,? sont les suivante?s)\s*:?\s*([^.]*)"
)

# Conditions a program cannot check (medical certificate, first aid, driving licence…):
# kept word for word and shown beside the verdict.
REQUIREMENT = _c(
    r"uniquement (?:assuree? |preparee? |proposee? |accessible )?(?:en|par) (?:apprentissage|alternance)|"
    r"se prepare uniquement en apprentissage|certificat medical|premiers secours|secourisme|psc ?1|pse ?[12]|permis de conduire|"
    r"permis bateau|journee defense|jdc\b|vaccination|bnssa|savoir nager|s'immerger|casier judiciaire|"
    r"experience (?:professionnelle|competitive|d'enseignement|de pratique|significative)|"
    r"ans d'experience|annees d'experience|d'experience professionnelle|attestation d'experience|"
    r"tests? d'exigences? prealables?|exigences prealables|niveau technique|maitrise technique|"
    r"gestes et soins d'urgence|attestation prefectorale|aptitude a la conduite|stage d'observation|"
    r"experience d'animation|pratique professionnelle|stage (?:probatoire|preparatoire)|niveau natatoire|autorisation prealable|"
    r"test technique|\battestation\b|certificat (?:d'un |du )?medec|contre-indication|\baptitude\b|"
    r"en regle avec|examen probatoire"
)

# A citizen's duty (« les moins de 25 ans doivent être en règle avec la JDC »): its age is no age limit.
CITIZEN = _c(r"\bjdc\b|journee defense|en regle avec")
# « ayant validé l'unité facultative « secteur sportif » », « ayant les unités capitalisables : « … » et « … » ».
UNITS = _c(
    r"(?:ayant (?:valide |obtenu )?|avec )(?:l'|les )?unites? (?:professionnelles? )?(?:facultatives?|capitalisables?)"
    r"(?: \([a-z]+\))?\s*:?\s*(?:\"[^\"]*\"(?:\s*(?:,|et|ou)\s*)?)+(?:\s*validee?s?)?"
)
SUBJECT = _c(
    r"^(?:le|la|les|l'|ce|cette|ces)\s*[^.;]*?(?=\s(?:est|sont)\s+(?:accessibles?|ouverte?s?|preparee?s?|proposee?s?|reservee?s?)\b"
    r"|\sse prepare\b|\sse fait\b|\srecrute(?:nt)?\b|\speut\s|\speuvent\s|\saccueille\b|\ss'adresse\b|\sadmet\b|\ss'ouvre\b"
    r"|\sest preparee?\b)"
)
# « ce BTS », « cette licence pro »: the formation speaking of itself, not a way in.
SELF = _c(
    r"\b(?:ce|cette|cet) (?:bac pro(?:fessionnel)?|licence pro(?:fessionnelle)?|certificat de specialisation|"
    r"brevet professionnel|dn made|[a-z]+)\b"
)

# -- ways in: before the bac, higher levels, named diplomas -----------------------------

PREBAC = _c(r"(?:directement )?(?:apres (?:la |une )?|issus d'une )(?:classe de )?(?:3e|3eme|troisieme)\b(?: ,)?")
PREBAC_FIRST = _c(
    r"apres (?:une |la )?classe de (?:premiere|1re|2de|2nde|seconde)(?: (?:generale et technologique|generale|technologique|"
    r"professionnelle|pro)| [a-z0-9]+(?= [a-z0-9]+\b))*(?: s2tmd| stav| sthr| std2a| sti2d| stl| stmg| st2s)?|"
    r"(?:apres|(?:deja )?titulaires? d'|detient(?: deja)?|detenteurs? d'|possede(?: deja)?) ?(?:un )?premier diplome(?: \([^)]*\))?|"
    r"apres une (?:classe de )?(?:2de|seconde) (?:professionnelle|pro)\b|"
    r"(?:une |d'une )?(?:classe de )?(?:2de|seconde) professionnelle"
)
CAP = _c(
    r"(?:titulaires? (?:de (?:certains |l'un des )?|des |d'un |du |au minimum d'un )?|apres (?:un |le )?|d'un )?"
    r"(?:diplomes? (?:professionnels? )?(?:minimum )?de niveau (?:minimum )?(?:cap|bep)|capa?|bep)\b"
    r"(?: ou (?:de )?niveau superieur| ou un diplome de meme niveau| ou d'un diplome de meme niveau| ou (?:de )?niveau equivalent|"
    r" ou equivalent)?(?: (?:d'un|du) meme secteur(?: professionnel)?| de la filiere| du secteur| du domaine[^,.;]*)?"
)
# The other diplomas of a list that starts with a CAP, up to the sector they share (« un CAP, BP ou bac
# pro du même secteur professionnel », « des diplômes de niveau CAP, bac pro, bac techno ou BTS du
# secteur de la restauration », « de niveau BEP ou CAP du secteur social »).
SECTOR_AFTER_LIST = _c(
    r"(?:(?:,| ou| et) (?:un |d'un |le |du )?(?:bp|brevet professionnel|bac pro|baccalaureat professionnel|bac techno|"
    r"bac technologique|baccalaureat technologique|bep|bma|mc|cs|capa?|btsa?|bac|baccalaureat)\b)+"
    r" (?P<sector>(?:du|d'un|de la) (?:meme )?(?:secteur|filiere|domaine))"
)
# The start of a sentence giving another way in, for those without the diplomas listed (« soit … et
# justifier de quatre ans d'expérience », « En l'absence de l'un de ces diplômes… »).
OTHERWISE = _c(r"\s*(?:[-•]\s*)?(?:soit |en l'absence d|a defaut d|faute d)")
SPECIALITE_OF_PRO = _c(
    r"(?:titulaires? )?(?:de|d'une|d'un) (?:la |l')?(?:specialite|option) \"\s*([^\"]+?)\s*\" (?:du|d'un) (?:bac|baccalaureat) "
    r"(?:professionnel|pro)\b"
)
CONCOURS_PASSED = _c(
    r"(?:candidats? |personnes? |fonctionnaires? )?(?:deja )?(?:recus|laureats|ayant reussi)(?: a| au| aux| d'un| du| des)? "
    r"(?:un |le |l'un des |des |les )?concours"
    r"(?: (?:externes?|internes?|nationa(?:l|ux)|de recrutement))*"
    # The concours's name ends where the sentence goes on (« … sont formés à l'École »); « ou de … » names another.
    r"(?: (?:de|d'|du|des) [a-z' -]+?(?=[,.;(]|$| qu'| que| ou\b| (?:sont|est|peuvent|doivent|suivent|entrent)\b))?"
    r"(?: ou (?:de|d'|du|des) [a-z' -]+?(?=[,.;(]|$| qu'| que| ou\b| (?:sont|est|peuvent|doivent|suivent|entrent)\b))*"
)
# A bac of the year (or of the year before): « avec le bac de l'année ou de l'année antérieure », « des bacheliers
# de l'année »; group 1: the year before is named too, group 2: any earlier year is (no limit).
RECENT_BAC = _c(
    r"(?:(?:avec|pour|a|au|des|les|aux) )?(?:le |les |du )?(?:bac(?:calaureat)?|bacheliers?|bachelieres?) (?:obtenu )?de l'annee"
    r"(?: (?:ou|et) (?:(de l'annee (?:anterieure|precedente))|(des annees (?:anterieures|precedentes))))?"
)
FIELD_DIPLOMA = _c(r"\bdiplome (?:de travail social|sanitaire|paramedical|du secteur|du domaine|de la filiere)")
# « D'autres candidats souhaitant se réorienter : étudiants de licence (L1 ou L2)… peuvent être admis sous
# réserve de la décision du jury »: a level that lets a student apply, not the planned way.
ON_DECISION = _c(r"\bse reorienter\b|\breorientations?\b|sous reserve de (?:la )?decision|\bpeu(?:t|vent) etre admis\b")
SAME_FIELD = _c(
    r"\b(?:ces |les )?memes? (?:domaines?|disciplines?|filieres?|secteurs?)\b|dans (?:ces|les) domaines?"
    r"|dans un domaine (?:adapte|proche|voisin|connexe)"
)
SORTING = _c(
    r"^(?:la |une )?(?:selection|admission|examen|etude|tri)(?: des (?:candidatures|dossiers|candidats))? "
    r"(?:se fait |repose |s'appuie |s'effectue |est faite )?"
    r"(?:sur|a partir|en fonction)(?: de| des| du)? (?:la )?(?:lettre|dossier|notes|resultats|bulletins|le dossier scolaire)"
    r"|^le tri des dossiers|^(?:les )?dossiers sont (?:etudies|examines|tries)"
    r"|^pour (?:les )?(?:eleves|candidats|bacheliers)[^,:]*,? on (?:regarde|examine|prend en compte|etudie)"
)
NO_DIPLOMA = _c(
    r"(?:aucun|pas de) diplome (?:scolaire )?(?:n'est )?(?:requis|exige|demande|necessaire)|sans condition de diplome|"
    r"sans diplome|\bnon[- ]bacheliers?"
)
BRIDGE = _c(
    r"(?:(?:une|l') ?)?(?:annee de |classe de )?mise a niveau"
    r"(?: (?:maritime|scientifique|technologique|professionnelle|specifique|hoteliere))?"
    r"(?: [a-z]+ (?:en|d')[^,.;]*?(?=[,.;]|$))?(?:,? (?:obligatoire|prealable))?"
)
ART_PREPA = _c(r"classe (?:preparatoire|prepa) aux ecoles d'art|prepa(?:ration)? (?:aux ecoles )?d'art")
OTHERS_BRIDGE = _c(
    r"pour les autres (?:types de )?(?:bacs?|series|bacheliers)|"
    r"\b(?:tout|tous les|toute|les) autres? (?:bacheliers?|candidats?|bacs?|profils?)"
    r"|d'une autre specialite que [^,.;)]*|\bautre que (?:la |le )?(?:specialite )?[^,.;)]*"
    r"|(?:avec|d'|venant d'|issus d') ?une? autres? (?:bac|serie|specialite)(?: ou (?:d'|de )?une autre (?:serie|specialite))?"
)
CLOSED = _c(
    r"\b(?:uniquement|exclusivement|seulement) (?:accessible |ouverte? |reservee? )?(?:aux|a des|pour les)"
    r"(?: (?:titulaires|bacheliers|candidats|eleves|etudiants)\b)?"
    r"|\breservee?s? (?:aux|a des|a)(?: (?:titulaires|bacheliers|candidats|eleves|etudiants)\b)?|"
    r"^seule?s? (?:les )?(?:titulaires|bacheliers|candidats|eleves)?"
    r"|\bn'(?:accueille|admet|recrute|est ouverte?|est accessible)(?: que)?\b|\bne recrute(?:nt)? que\b"
)

# Credits ECTS → years after the bac (60 a year).
ECTS_BAC_PLUS = {60: 1, 120: 2, 180: 3, 240: 4, 300: 5}

# Prior higher-education levels: (pattern, bac+N, label).
LEVELS: list[tuple[re.Pattern[str], int | None, str]] = [
    (_c(r"bac ?\+ ?(\d)(?: ?/ ?\d)?(?: minimum| au moins| au minimum)?"), None, "un bac+{n}"),
    (
        _c(
            r"(?:au moins |minimum )?" + _NUM + r" (?:ou " + _NUM + r" )?annees? "
            r"(?:d'etudes superieures|d'enseignement superieur|de classe prepa(?:ratoire)?(?: [a-z]+)*)"
        ),
        None,
        "{n} année(s) d'études supérieures",
    ),
    (
        _c(
            r"(?:diplome|titre)s? (?:national |homologue )?(?:au moins |minimum )?de niveau "
            r"(?:de qualification ?:? ?niveau |de qualification )?([3-8])"
            r"(?: \((?:bac ?\+ ?\d|cap|bac)\))?"
        ),
        None,
        "un diplôme de niveau {cec}",
    ),
    (
        _c(
            r"(?:permettant de justifier de |conferant |validant |equivalent a )?(\d{2,3}) "
            r"(?:credits? (?:ects|europeens)|credits\b|ects\b)"
        ),
        None,
        "{ects} crédits ECTS",
    ),
    (
        _c(
            r"\b(?:pass|l\.?as)\b|parcours d'acces specifique sante|(?:premiere annee de licence|licence) (?:avec|comportant) "
            r"(?:une )?option \"? ?acces sante ?\"?(?: \(l\.?as\))?"
        ),
        1,
        "une première année PASS ou L.AS validée",
    ),
    (
        _c(
            r"\bl1\b|"
            r"premiere annee (?:de licence|universitaire)"
        ),
        1,
        "une première année d'études supérieures validée",
    ),
    (_c(r"\bl2\b|deuxieme annee de licence|2e annee de licence"), 2, "une L2 validée"),
    (
        _c(
            r"\bl3\b|licences?(?: generale)?(?: \(l3\))?(?! pro)(?: \(bac ?\+ ?3\))?"
            r"(?: (?:mention|en|de|d') [a-z' -]+?(?=[,.;)]| ou | et |$))?"
        ),
        3,
        "une licence",
    ),
    (_c(r"licences? pro(?:fessionnelles?)?\b"), 3, "une licence professionnelle"),
    (_c(r"\bm1\b|master 1|premiere annee de master"), 4, "un master 1"),
    (_c(r"\bm2\b|masters?\b(?: 2)?"), 5, "un master"),
    (_c(r"diplomes? d'ingenieurs?"), 5, "un diplôme d'ingénieur"),
    (_c(r"\bdoctorat\b"), 8, "un doctorat"),
    # A BTSA is of the agricultural field (its type, « t:BTSA »): not any bac+2 (parser._read_levels).
    (_c(r"\bbts ?a\b|brevets? de technicien superieur agricole(?: \(btsa\))?"), 2, "un BTSA"),
    (_c(r"\bbts ?m?\b|brevets? de technicien superieur(?: \(bts\))?"), 2, "un BTS"),
    (_c(r"\bbut ?2?\b|\bdut\b|bachelor universitaire de technologie"), 2, "un BUT (2 années validées)"),
    (_c(r"\bdeust\b"), 2, "un DEUST"),
    (
        _c(
            r"(?:une |2 ans de |deux ans de )?(?:classes? prepa(?:ratoires?)?\b|"
            r"prepa(?=\w* (?:scientifique|litteraire|economique|commerciale|"
            r"ecs|ats|b/l|lettres|d1|aux grandes))|classe prepatoire)(?: aux grandes ecoles)?"
            r"(?: (?:scientifique|litteraire|economique et commerciale|economique|commerciale|ecs|ats|b/l|lettres et sciences sociales|"
            r"arts et design|artistique|ou|et)s?)*(?: avec (?:l')?option [a-z' -]+?(?=[,.;)]|$))?"
        ),
        2,
        "une classe préparatoire (2 ans)",
    ),
    (_c(r"\bdeug\b|\bdeup\b"), 2, "un bac+2"),
    (
        _c(
            r"premier cycle (?:d'enseignement superieur|d'etudes superieures|universitaire)"
            r"(?: valide)?"
        ),
        3,
        "un premier cycle d'études supérieures (licence)",
    ),
]
# Named diplomas a profile does not state: listed, never met. The level they sit at
# (bac+N, -1 for a CAP) tells a student below it that the way opens later; ``None``:
# read from the name (a diplôme d'État may come before or after the bac).
DIPLOMAS: list[tuple[re.Pattern[str], str, int | None]] = [
    # National diplomas of higher education of one field (art, architecture, the performing arts): a
    # level of studies does not say the student holds them (a licence is no DEEA).
    (_c(r"\bdna\b(?: \(diplome national d'art\))?|diplome national d'art"), "un DNA", 3),
    (
        _c(r"\bdeea\b(?: \(diplome d'etudes en architecture\))?|diplome d'etudes en architecture"),
        "un diplôme d'études en architecture (DEEA)",
        3,
    ),
    (
        _c(r"diplome national superieur (?:professionnel )?(?:de |d')[a-z-]+(?: \(dnsp\))?|\bdnsp\b"),
        "un diplôme national supérieur professionnel (DNSP)",
        3,
    ),
    (_c(r"\bbpa?\b(?: \(bpa?\))?|brevets? professionnels?(?: agricoles?)?(?: \(bpa?\))?"), "un brevet professionnel (BP)", 0),
    (_c(r"\bbma\b|brevets? des metiers d'art(?: \(bma\))?"), "un brevet des métiers d'art (BMA)", 0),
    (_c(r"\bbtms?\b|brevets? techniques? des metiers(?: superieur)?"), "un brevet technique des métiers (BTM)", 0),
    (
        _c(r"\b(?:bp|de|des)jeps\b(?: (?!ayant)[a-z-]+)?|brevet professionnel de la jeunesse[^,;.]*"),
        "un diplôme de la jeunesse et des sports (BPJEPS, DEJEPS)",
        0,
    ),
    (_c(r"\bcs\b|certificats? de specialisation"), "un certificat de spécialisation (CS)", 0),
    (_c(r"\bmc\b|mentions? complementaires?"), "une mention complémentaire (MC)", -1),
    (_c(r"\btp\b|titres? professionnels?"), "un titre professionnel", 0),
    (
        _c(
            r"(?:(?:un |le )?diplome d'etat|\b(?<=du |un |le )de) (?:d'|de |du )[a-z' -]+?(?=[,.;)]|$| et (?:un|une|le|la|des|d'un)\b|"
            r" ou (?:un|une|le|la|des|d'un|apres)\b)"
        ),
        "un diplôme d'État du domaine",
        None,
    ),
    (_c(r"\bdt\b|diplome de technicien\b"), "un diplôme de technicien (DT)", 0),
    (
        _c(
            r"(?:un |le )?diplome (?:du |de |d')?(?:travail social|sanitaire|paramedical|auxiliaire medical)"
            r"(?:,? (?:ou )?(?:du |de |d')?(?:travail social|sanitaire|paramedical|social))*"
        ),
        "un diplôme du travail social ou de santé",
        0,
    ),
    (
        _c(
            r"(?:les )?(?:infirmiers?|infirmieres?|sages-femmes?|puericultrices?|masseurs?-kinesitherapeutes?)"
            r"(?:,? (?:et|ou) (?:les )?(?:infirmiers?|infirmieres?|sages-femmes?|puericultrices?))* diplomee?s? d'etat"
        ),
        "un diplôme d'État de santé (infirmier, sage-femme…)",
        3,
    ),
    (_c(r"(?:un |le )?diplome des metiers (?:du|de la|de l'|des) [a-z' -]+?(?=[,.;)]|$)"), "un diplôme des métiers du domaine", 0),
]
# Diplômes d'État by the level they sit at.
STATE_DIPLOMAS: list[tuple[re.Pattern[str], int]] = [
    (_c(r"architecte|paysagiste"), 5),
    (_c(r"docteur"), 8),
    (
        _c(
            r"infirmier|sage-femme|puericult|masseur|kinesitherap|ergotherap|psychomotric|manipulateur|pedicur|orthophon|orthopt|"
            r"audioprothes|educateur specialise|educateur de jeunes enfants|assistant de service social|economie sociale|"
            r"professeur de (?:danse|musique)"
        ),
        3,
    ),
    (_c(r"aide-soignant|auxiliaire de puericulture|ambulancier|moniteur educateur|technicien de l'intervention sociale"), 0),
    (_c(r"accompagnant educatif"), -1),
]


# -- years of entry, selection, ages -------------------------------------------------

# Years of entry: « En L2 ou L3 (admission sur dossier) : », « En 1re année : ».
ENTRY = _c(
    r"^(?:l[1-3]|[1-5](?:re|e|ere|eme) annee|premiere annee)(?: \([^)]*\))?(?: (?:ou|et) (?:l[1-3]|[1-5](?:re|e|eme) annee))*"
    r"(?: \([^)]*\))?\s*:"
    r"|(?:^|\b)en (?:l[1-3]|[1-5](?:re|e|ere|eme) annee|premiere annee|deuxieme annee|troisieme annee|quatrieme annee)"
    r"(?: \([^)]*\))?(?: (?:ou|et) (?:en )?(?:l[1-3]|[1-5](?:re|e|eme) annee)(?: \([^)]*\))?)*"
    r"(?: de (?:bts[am]?|but|licence|dn made|cpge)\b)?\s*:?"
    r"|admissions? paralleles?(?: possibles?)?(?: en [^.]*?annee)?(?: pour certains candidats)?\s*:?"
)

SELECTION = [
    (
        _c(
            r"concours(?: d'entree| commun| specifique| post-?bac| national)?(?: commun aux \d+ iep du reseau| \([a-z]{2,6}\))?"
            # « concours commun dénommé concours "véto" »: the concours's name.
            r"(?:,? (?:denomme|appele|nomme|dit)e? (?:le )?(?:concours )?\"[^\"]{1,40}\")?"
        ),
        "concours",
    ),
    (_c(r"\bdossier(?: scolaire| academique| de candidature| artistique)?(?: et artistique)?"), "dossier"),
    (_c(r"\bdossier artistique|portfolio|travaux personnels|book"), "portfolio"),
    (_c(r"entretiens?(?: de motivation| individuel| avec le jury| d'admission| oral)?"), "entretien"),
    (
        _c(
            r"\btests?(?: de langues?| de selection| d'aptitude| ecrits?| psychotechniques?)?\b|"
            r"epreuves?(?: (?:ecrites?|orales?|physiques?|d'admissibilite|d'admission|de selection|plastiques?)"
            r"(?:,? (?:et )?(?:ecrites?|orales?|physiques?|complementaires?))*)?|examen d'entree"
        ),
        "tests",
    ),
    (_c(r"auditions?"), "audition"),
]
PARCOURSUP = _c(r"(?:(?:la )?(?:procedure|plateforme) )?parcoursup(?: \([^)]*\))?|(?:hors|procedure hors) parcoursup")
# What makes the selection modes after it only some candidates' (« sur dossier, voire tests et/ou entretien »).
SOME_TIMES = _c(r"\b(?:voire|eventuellement|parfois|le cas echeant|si necessaire|selon les cas)\b")
SELECTION_FILLER = _c(
    r"\b(?:(?:acces|admission|selection|entree(?: selective)?|recrutement|inscription|l'acces se fait|se fait)"
    r"(?: (?:se fait|complementaire))?(?: sur| par| via)?"
    r"|et/ou|lettre de motivation|projet (?:personnel|professionnel)(?: motive)?(?: et professionnel)?|\bcv\b|"
    r"pre-?inscrire|preinscrire|preinscription|pre-?inscription|se pre-?inscrire|"
    r"phase d'admission|phase d'admissibilite|admissibilite|commission|jury|selectionne?s?|convoques?|"
    r"dans un second temps|en deux temps|deroule|deroulent|la selection|projet motive|"
    r"experience et projet professionnel|"
    r"(?:l'acces|l'admission|l'entree)(?: a la formation| en formation)? (?:est|reste) (?:tres )?selecti(?:f|ve)|"
    r"selecti(?:f|ve)|(?:dans le cadre de |par |par la voie de |en )l'apprentissage|"
    r"(?:sous statut scolaire|en apprentissage|par apprentissage|en alternance|en formation continue|en formation initiale)|"
    r"passage par|(?:est |reste )?obligatoire|peuvent presenter|presenter un dossier|au moins|de l'annee(?: anterieure| en cours)?|"
    r"(?:du|d'un|de la|des|dans le|dans la|dans les|dans un) (?:meme |memes )?(?:secteurs?|domaines?|filieres?|champs?)"
    r"(?: (?!ou\b|et\b|un\b|une\b|bac|avec\b|sur\b|pour\b)[a-z'-]+){0,5}|"
    r"selecti(?:f|ve)|complete d'elements permettant de decrire l'univers visuel et artistique du candidat)\b"
)

# An age, in figures or in words.
_AGE = r"(\d{2}|" + "|".join(AGES) + r")"
# « au 31 décembre de l'année d'entrée », up to the next clause (« … et titulaires d'un bac »).
_AGE_DATE = r"(?: (?:au|a la date|le jour)(?:(?! et | ou )[^,.;])*)?"
# Upper age limits: (pattern, years added to the age read; « moins de 26 ans » is 25 at most).
AGE_MAX = [
    (_c(r"(?:avoir |etre age(?:e)?s? de |ages? de )?moins de " + _AGE + r" ans" + _AGE_DATE), -1),
    (_c(r"(?:avoir |etre age(?:e)?s? de |ages? de )?" + _AGE + r" ans (?:au plus|maximum|au maximum)" + _AGE_DATE), 0),
    (_c(r"(?:limite d'age|age limite)(?: (?:est )?(?:fixee )?(?:a|de))? " + _AGE + r" ans" + _AGE_DATE), 0),
]
AGE_FROM = _c(r"(?:a partir de|des) (\d{2}) ans(?: \([^)]*\))?|\b(?:candidats? |etre )?majeurs?\b")
AGE_MIN = _c(
    r"(?:avoir |etre age(?:e)?s? |ages? )?(?:de |d')?(?:au moins |minimum )"
    + _AGE
    + r" ans(?: revolus)?"
    + _AGE_DATE
    + r"|(?:avoir |etre age(?:e)?s? |ages? )?(?:de |d')?"
    + _AGE
    + r" ans (?:au moins|minimum|revolus)"
    + _AGE_DATE
    # « il faut avoir 18 ans » (an upper limit, « avoir 25 ans au plus », is read before).
    + r"|(?:il faut |doi(?:t|vent) )?avoir "
    + _AGE
    + r" ans(?! (?:au plus|maximum|au maximum|ou moins))"
    + _AGE_DATE
)
AGE_RANGE = _c(r"(?:de |entre )" + _AGE + r" (?:a|et) " + _AGE + r" ans")


# -- sentences that set no rule or only advise ---------------------------------------

# Sentences about exemptions, reduced programmes or past figures: they set no rule,
# even when they name diplomas.
REMARK = _c(
    r"\d+ ?%|\bdispensee?s? (?:de|des|d')|sont dispensee?s?|allegements? de formation|ne suivent pas de procedure de selection|"
    r"\bdispenses? ou allegements?|allegements? (?:peuvent|sont)|nombre de places|"
    r"menent des experimentations|pour realiser le 2nd cycle|"
    # « Pour les bacheliers, la formation dure deux années » : how long, not who may enter.
    r"\bla formation (?:ne )?dure\b"
)
# Sentences that say what helps, not what is required.
ADVICE = _c(
    r"\b(?:est|sont) (?:fortement |vivement )?(?:recommandee?s?|conseillee?s?|attendue?s?)\b"
    r"(?! (?:les |des )?(?:titulaires|bacheliers|candidats))|il est (?:fortement )?(?:recommande|conseille)|"
    r"(?:est |etant )?(?:moins )?adaptee? a la poursuite|ont generalement choisi|les plus (?:utiles|adaptee?s)"
)
# « L'option "structure" du bac pro aéronautique étant moins adaptée à la poursuite dans ce CS »
LESS_SUITED_OPTION = _c(
    r"l'option [\"«]?\s*([a-z][a-z' -]*?)\s*[\"»]? du (?:bac pro(?:fessionnel)?|baccalaureat professionnel) "
    r"[\"«]?\s*([a-z][a-z' -]*?)\s*[\"»]? (?:etant|est) moins adaptee"
)
GOOD_LEVEL = _c(r"avec un (?:tres )?bon niveau (?:en|dans les?) [a-z-]+(?: et [a-z-]+)?")


# -- sentences that name no way in ---------------------------------------------------

# A sentence naming a diploma or a level is about ways in: it must be read, not set aside.
ROUTE_WORDS = _c(
    r"\b(?:bac|bacs|baccalaureats?|bacheliers?|bachelieres?|titulaires?|diplomes?|diplomee?s?|licences?|masters?|bts|btsa|but|dut|"
    r"cap|bep|bma|btms?|bpa?|l[1-3]|m[12]|cpge|prepas?|brevets?|certificats?|titres?|niveau|annees? d'etudes|premier cycle)\b"
)
RECOMMENDED = _c(r"recommande|conseille|souhaitable|apprecie|\battendue?s?\b|bon niveau|important|s'informer|adaptee?s? a")
# Words that limit who may enter: such a sentence is kept as a condition.
RESTRICTED = _c(
    r"reserve|\bseule?s?\b|uniquement|exclusivement|destinee?s? aux\b|\bne\b|\bn'|interdit|impossible|aucun|\d+ ans|\bage|limite|"
    r"attester|justifier|capable|autorisation|exige|requis|indispensable|obligatoire|imperati|soumis"
)
SELECTING = _c(
    r"dossier|entretien|epreuve|concours|\btests?\b|jury|audition|\boral|admissib|selection|commission|parcoursup|candidature|"
    r"inscri"
)
DEMANDED = _c(
    r"\bdoi(?:t|vent)\b|\bfaut\b|necessaire|demandent|condition|accessible|ouverte?s?\b|recrute|\badmise?s?\b|s'adresse|"
    r"\bjeunes\b|sportifs|public"
)
# The holders of a diploma a sentence of conditions speaks of (« … pour les titulaires d'un bac général… et pour les
# personnes ayant 3 ans d'expérience »): the diplomas it names are ways in, not part of the condition.
HOLDERS = _c(r"\btitulaires? (?:d'une?|du|des) ")
# « Il est également accessible aux titulaires d'un BTM… avec 4 ans d'expérience »: another way in, with its own condition.
ALSO_OPEN = _c(r"\b(?:egalement|aussi) (?:accessible|ouverte?)s?\b")
