"""French text analysis for the search engine: words, stop words, stems.

The same analysis runs on the cards when the index is built and on what a
person types, so that « jeux vidéos », « jeu video » and « Jeux vidéo » meet:

1. lower case, then split into words (letters and digits; apostrophes and
   hyphens separate words, so the elided « l' », « d' » fall out as one-letter
   words);
2. stop words (``vocabulaire.toml``, Snowball's French list) and one-letter
   words are dropped, as are bare numbers;
3. each word is stemmed by the Snowball French stemmer (``snowballstemmer``,
   run by its compiled twin PyStemmer: the corpus's 30,000 words are stemmed
   in well under a second at import; stems are cached), after a plural
   step Snowball leaves to words long enough (« vidéos » → « vidéo », « jeux »
   → « jeu », « animaux » → « animal »), then folded to ASCII;
4. three rules Snowball does not apply: a final « u » after « g » or « q »
   goes (« psychologue » and « psychologie » → « psycholog »); the agent
   suffixes « -icien » and « -ier » meet their field (« informaticien » →
   « informat », like « informatique »; « cuisinier » → « cuisin », like
   « cuisine »; « banquier », « banque » → « banq »);
5. a few words Snowball would cut down to the stem of a common, unrelated
   word are kept whole (:data:`KEPT_WHOLE`): « loisirs » is not « lois »,
   « opéra » not « opération »;
6. in a locution (``vocabulaire.toml``) where a word loses its own sense, that
   word becomes the locution (« activ+physiqu »): « activités physiques » meets
   « activité physique », never « physique » (physics); « en dehors de » never
   « dehors ». The other words of the locution keep their own sense. A locution
   typed without its accents (« activites physiques ») is the locution too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from .text import fold

if TYPE_CHECKING:
    from .models import Locution

_WORD = re.compile(r"[^\W_]+")
# Tokens joining two stems: a phrase of two words that follow each other.
PAIR = "_"
# Joins the stems of a locution, the word a word of it becomes (« activ+physiqu »): no text holds it.
LOCUTION = "+"


class Analyzer:
    """Words and stems of French text; the stemmer is loaded on first use."""

    def __init__(self, stop_words: Iterable[str] = (), locutions: Iterable[Locution] = ()) -> None:
        self.stop_words = frozenset(fold(w) for w in stop_words)
        self._keys: dict[str, tuple[str, str] | None] = {}  # word → (folded, stem), None if it has no weight
        # The stem of a word that loses its sense in some locutions → those locutions: their stems,
        # where the word is among them, what it becomes there; longest first.
        self._locutions: dict[str, list[tuple[tuple[str, ...], int, str]]] = {}
        self._fused: set[str] = set()
        for locution in locutions:
            target = stem(locution.word.lower())
            for phrase in locution.phrases:
                stems = tuple(stem(w) for w in _WORD.findall(phrase.lower()))
                if target not in stems or len(stems) < 2:  # the validator reports it
                    continue
                fused = LOCUTION.join(stems)
                self._locutions.setdefault(target, []).append((stems, stems.index(target), fused))
                self._fused.add(fused)
                self._keys[fused] = (fused, fused)
                # Typed without accents (« activites physiques »), where Snowball stems otherwise.
                plain_target = stem(fold(locution.word.lower()))
                plain = tuple(stem(fold(w)) for w in _WORD.findall(phrase.lower()))
                if plain != stems and plain_target in plain:
                    self._locutions.setdefault(plain_target, []).append((plain, plain.index(plain_target), fused))
        for found in self._locutions.values():
            found.sort(key=lambda item: -len(item[0]))
        self._targets: dict[str, str | None] = {}  # word → its stem when locutions hold it

    def split(self, text: str) -> list[str]:
        """Every word of ``text``, lower case, those without weight too (:meth:`key` tells them); a
        word that loses its sense in a locution is that locution."""
        words = _WORD.findall(text.lower())
        return self._read_locutions(words) if self._locutions else words

    def _read_locutions(self, words: list[str]) -> list[str]:
        out = words
        targets = self._targets
        for i, word in enumerate(words):
            try:
                target = targets[word]
            except KeyError:
                target = targets[word] = stem(word) if stem(word) in self._locutions else None
            if target is None:
                continue
            for stems, at, fused in self._locutions[target]:
                start = i - at
                if (
                    start >= 0
                    and start + len(stems) <= len(words)
                    and all(j == at or stem(words[start + j]) == s for j, s in enumerate(stems))
                ):
                    if out is words:
                        out = list(words)
                    out[i] = fused
                    break
        return out

    def words(self, text: str) -> list[str]:
        """The meaningful words of ``text``, lower case, accents kept (a locution's word as the locution)."""
        return [word for word in self.split(text) if self.key(word) is not None]

    def keys(self, text: str) -> list[tuple[str, str]]:
        """(folded word, stem) for each meaningful word of ``text`` (a locution's word as the locution)."""
        out = []
        for word in self.split(text):
            key = self.key(word)
            if key is not None:
                out.append(key)
        return out

    def key(self, word: str) -> tuple[str, str] | None:
        """(folded, stem) of one lower-case word; None for a stop word, a letter or a number."""
        try:
            return self._keys[word]
        except KeyError:
            pass
        folded, stemmed = fold(word), stem(word)
        if not folded.isalnum():  # a letter whose decomposition holds a space or marks (« ﱞ »): its letters only
            folded, stemmed = "".join(_WORD.findall(folded)), "".join(_WORD.findall(stemmed))
        key = None if len(word) < 2 or folded.isdigit() or not stemmed or folded in self.stop_words else (folded, stemmed)
        self._keys[word] = key
        return key

    def stem(self, word: str) -> str:
        """The search key of one lower-case word (of a locution's word, the locution)."""
        return word if word in self._fused else stem(word)

    def terms(self, text: str) -> list[str]:
        """The stems of ``text``, in order, repeats kept."""
        return [self.stem(w) for w in self.words(text)]


# Words Snowball cuts down to the stem of a common, unrelated word, kept whole (folded, singular):
# « loisir » → « lois » (laws), « tennis » → « ten » (tenir), « capes » → « cap » (the CAP),
# « opéra » → « oper » (opération, opérateur), « relativité » → « relat » (relation),
# « publicité » → « publiq » (publique), « communication » → « commun » (une commune),
# « productique » → « product » (production), « collectivité » → « collect » (collection),
# « égalité » → « egal » (également), « armée » → « arme » (une arme, béton armé), « chantier »
# → « chant » (le chant), « vente » → « vent » (le vent), « mère » → « mer » (la mer), « livre »
# → « livr » (livrer), « données » → « don » (donner), « assurance » → « assur » (assurer),
# « génie » → « gen » (les gens), « télé » → « tel » (tel, telle), « mobilier » → « mobil »
# (mobile), « fichier » → « fich » (une fiche), « équitable » → « equit » (équitation), « équipe » → « equip » (équipement).
KEPT_WHOLE = frozenset(
    {
        "loisir",
        "tennis",
        "capes",
        "opera",
        "relativite",
        "publicite",
        "communication",
        "productique",
        "collectivite",
        "egalite",
        "armee",
        "chantier",
        "vente",
        "mere",
        "livre",
        "donnee",
        "assurance",
        "genie",
        "tele",
        "mobilier",
        "fichier",
        "equitable",
        "equipe",
    }
)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The search key of one lower-case word (cached for the whole process)."""
    if len(word) <= 3:  # « bts », « art », « jeu »: too short to carry a suffix
        return fold(word)
    if (kept := fold(word)) in KEPT_WHOLE:
        return kept
    singular = _singular(word)
    if (kept := fold(singular)) in KEPT_WHOLE:
        return kept
    out = fold(_stemmer().stemWord(singular))
    if len(out) >= 6 and out.endswith("er") and fold(singular).endswith("erie"):
        out = out[:-2]  # the trade and its workshop meet the worker: « boulangerie » → « boulang », like « boulanger »
    if len(out) > 4 and out[-1] == "u" and out[-2] in "gq":
        out = out[:-1]
    if len(out) > 7 and out.endswith("icien"):
        out = out[:-5]
    elif len(out) >= 5 and out[-1] == "i" and out[-2] not in "aeiouy":
        out = out[:-1]  # what Snowball leaves of « -ier »: « cuisini » → « cuisin », like « cuisine »
    return out


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("french")


def pairs(stems: list[str]) -> list[str]:
    """Tokens for the phrases of two consecutive stems: ``["jeu", "video"]`` → ``["jeu_video"]``."""
    return [f"{a}{PAIR}{b}" for a, b in pairwise(stems) if a != b]


def _singular(word: str) -> str:
    """« vidéos » → « vidéo », « jeux » → « jeu », « bureaux » → « bureau », « animaux » → « animal »."""
    if len(word) > 4 and word.endswith("aux") and not word.endswith("eaux"):
        return word[:-3] + "al"
    if len(word) > 3 and word.endswith("x") and word[-3:-1] in ("eu", "au", "ou"):
        return word[:-1]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
