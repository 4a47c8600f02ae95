"""Words of access texts: accent folding that keeps positions, linking words, numbers and ages in words."""

from __future__ import annotations

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


NUMBERS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6}


def read_number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBERS[text]


AGES = {"seize": 16, "dix-sept": 17, "dix-huit": 18, "dix-neuf": 19, "vingt": 20, "vingt-cinq": 25, "trente": 30}


def age_value(text: str) -> int:
    return int(text) if text.isdigit() else AGES[text]
