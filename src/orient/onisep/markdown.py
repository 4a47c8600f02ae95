"""Reader for ONISEP cards in Markdown (``FOR.*.md`` formations, ``MET.*.md`` métiers).

A card is a ``# Title``, ``**Field:** value`` lines and ``## Section`` blocks.
:func:`read_card` returns a :class:`~.cards.FormationCard`, a
:class:`~.cards.MetierCard` or a :class:`~.cards.CardProblem` naming the line
at fault; it never raises on a bad card.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..atomic import read_regular
from ..errors import BrokenLink, os_reason
from .cards import Card, CardProblem, FormationCard, MetierCard

_FIELD = re.compile(r"^\*\*([^*]+?):\*\*\s*(.*)$")
_ID = re.compile(r"^(FOR|MET)\.(\d+)")
_DURATION = re.compile(r"^\d+(?:[.,]\d+)?\s*ans?$")


def card_files(paths: Iterable[Path], problems: list[CardProblem] | None = None) -> Iterator[Path]:
    """The files given, and the ``.md`` files inside the folders given (links to folders are not
    followed), in a stable order. A path that does not exist and a folder that cannot be listed are
    added to ``problems``; a file given that is not a regular one is yielded, for :func:`read_card`
    to report."""
    problems = problems if problems is not None else []
    for path in paths:
        try:
            is_folder = stat.S_ISDIR(os.stat(path).st_mode)
        except FileNotFoundError:
            why = os_reason(BrokenLink()) if os.path.islink(path) else "fichier ou dossier introuvable"
            problems.append(CardProblem(str(path), 0, why))
            continue
        except OSError as exc:
            problems.append(CardProblem(str(path), 0, os_reason(exc)))
            continue
        except ValueError:  # a NUL byte in the name
            problems.append(CardProblem(repr(str(path)), 0, "nom de fichier invalide"))
            continue
        if not is_folder:
            yield path
            continue
        found: list[Path] = []

        def unreadable(exc: OSError) -> None:
            problems.append(CardProblem(str(exc.filename or path), 0, f"dossier illisible : {os_reason(exc)}"))  # noqa: B023

        for folder, _dirs, names in os.walk(path, onerror=unreadable):
            found += (Path(folder) / n for n in names if n.endswith(".md") and not n.startswith("."))
        yield from sorted(found)


class _Card:
    """A card cut into its title, fields and sections, with line numbers."""

    def __init__(self, text: str) -> None:
        self.title = ""
        self.title_line = 0
        self.fields: dict[str, tuple[str, int]] = {}
        self.sections: dict[str, list[str]] = {}
        current: list[str] | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.rstrip()
            if line.startswith("# ") and not self.title:
                self.title, self.title_line = line[2:].strip(), number
                continue
            if line.startswith("## "):
                current = self.sections.setdefault(line[3:].strip(), [])
                continue
            field = _FIELD.match(line.strip())
            if field and not raw.startswith(" "):
                self.fields[field.group(1).strip()] = (field.group(2).strip(), number)
                current = self.sections.setdefault(f"**{field.group(1).strip()}", [])
                continue
            if current is not None:
                current.append(line)

    def field(self, name: str) -> str:
        return self.fields.get(name, ("", 0))[0]

    def text(self, section: str) -> str:
        """A section as paragraphs of single-spaced text."""
        paragraphs, words = [], []
        for line in self.sections.get(section, []):
            stripped = line.strip()
            if not stripped:
                if words:
                    paragraphs.append(" ".join(words))
                    words = []
                continue
            words.append(stripped)
        if words:
            paragraphs.append(" ".join(words))
        return "\n\n".join(paragraphs)

    def subsection(self, section: str, title: str) -> str:
        """The first paragraph under ``### title`` inside ``## section``."""
        words: list[str] = []
        inside = False
        for line in self.sections.get(section, []):
            stripped = line.strip()
            if stripped.startswith("#"):
                if inside:
                    break
                inside = stripped.lstrip("#").strip() == title
                continue
            if inside:
                if not stripped:
                    if words:
                        break
                    continue
                words.append(stripped)
        return " ".join(words)

    def raw(self, section: str) -> str:
        return "\n".join(line.strip() for line in self.sections.get(section, []) if line.strip())

    def items(self, section: str) -> tuple[str, ...]:
        """``- item`` lines; an item whose text is on the next lines (Parcoursup layout) is joined."""
        out: list[str] = []
        pending = False
        for line in self.sections.get(section, []):
            stripped = line.strip()
            if stripped.startswith("#"):
                continue
            if stripped == "-":
                pending = True
                continue
            if stripped.startswith("- "):
                out.append(stripped[2:].strip())
                pending = False
            elif stripped and pending:
                out.append(stripped)
                pending = False
            elif stripped and out and not pending and section.startswith("Attendus"):
                out[-1] += " " + stripped
        return tuple(item for item in out if item)


def read_card(path: Path, name: str | None = None) -> Card | CardProblem:
    """Read one card file; ``name`` is how the file is called in messages."""
    label = name or str(path)
    try:
        text = read_regular(path).decode("utf-8")  # type: ignore[union-attr]
    except UnicodeDecodeError:
        return CardProblem(label, 0, "le fichier n'est pas en UTF-8")
    except OSError as exc:
        return CardProblem(label, 0, f"fichier ignoré : {os_reason(exc)}")
    except ValueError:  # a NUL byte in the name
        return CardProblem(repr(label), 0, "nom de fichier invalide")
    # Line ends as a text read would give them: « \r\n » and « \r » become « \n ».
    return parse_card(text.replace("\r\n", "\n").replace("\r", "\n"), label, Path(path).name)


def parse_card(text: str, label: str, filename: str = "") -> Card | CardProblem:
    card = _Card(text)
    digest = hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
    if not card.title:
        return CardProblem(label, 1, "titre manquant (la fiche doit commencer par « # Nom »)")
    onisep_id, line = card.fields.get("ID", ("", 0))
    match = _ID.match(onisep_id) or _ID.match(filename)
    if match is None:
        return CardProblem(label, line or 1, "identifiant ONISEP introuvable (ni « **ID:** », ni nom de fichier FOR.… / MET.…)")
    onisep = f"{match.group(1)}.{match.group(2)}"
    if match.group(1) == "MET":
        return _metier(card, onisep, label, digest)
    return _formation(card, onisep, label, digest)


def _formation(card: _Card, onisep: str, label: str, digest: str) -> FormationCard | CardProblem:
    for field in ("Type", "Durée", "Niveau de certification"):
        if not card.field(field):
            where = card.fields.get(field, ("", card.title_line))[1]
            return CardProblem(label, where, f"champ « {field} » manquant ou vide")
    duration, line = card.fields["Durée"]
    if not _DURATION.match(duration):
        return CardProblem(label, line, f"durée illisible « {duration} » (attendu : « 2 ans »)")
    link = re.search(r"\((https?://[^)]+)\)|\[(https?://[^\]]+)\]", card.field("Lien"))
    access = card.raw("Accès")
    return FormationCard(
        onisep=onisep,
        name=card.title,
        type=card.field("Type"),
        duration=duration,
        level=card.field("Niveau de certification"),
        scolarite=card.field("Code scolarité"),
        sigle=card.field("Sigle"),
        link=(link.group(1) or link.group(2)) if link else "",
        description=card.text("Description"),
        access=access,
        attendus=card.items("Attendus"),
        poursuites=card.text("Poursuite d'études"),
        metiers=card.items("Métiers associés"),
        file=label,
        digest=digest,
    )


def _metier(card: _Card, onisep: str, label: str, digest: str) -> MetierCard | CardProblem:
    names = {"Féminin": "", "Masculin": ""}
    for item in card.items("**Appellations"):
        key, _, value = item.partition(":")
        if key.strip() in names:
            names[key.strip()] = value.strip()
    if not names["Masculin"] and not names["Féminin"]:
        line = card.fields.get("Appellations", ("", card.title_line))[1]
        return CardProblem(label, line, "appellations féminin / masculin manquantes")
    masculine = names["Masculin"] or names["Féminin"]
    feminine = names["Féminin"] or names["Masculin"]
    formations = tuple(re.findall(r"\(ID:\s*(FOR\.\d+)\)", card.raw("Formations recommandées")))
    return MetierCard(
        onisep=onisep,
        name=card.title,
        feminine=feminine,
        masculine=masculine,
        other_names=card.items("Autres appellations"),
        rome=tuple(i for i in card.items("**Codes ROME") if re.match(r"^[A-Z]\d{4}$", i)),
        description=card.text("Présentation") or card.text("En bref"),
        interests=card.items("Centres d'intérêt"),
        formations=formations,
        min_level=card.field("Niveau d'accès minimum"),
        statuts=card.items("**Statuts possibles"),
        salary=card.subsection("Salaire", "Salaire du débutant"),
        file=label,
        digest=digest,
    )
