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
    return (Path(path) for path in card_paths(paths, problems))


def card_paths(paths: Iterable[Path], problems: list[CardProblem] | None = None) -> list[str]:
    """What :func:`card_files` gives, as the text of each path (``str(path)``), all at once: a large
    folder's files are named and ordered without making a :class:`~pathlib.Path` of each."""
    problems = problems if problems is not None else []
    out: list[str] = []
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
            out.append(str(Path(path)))
            continue
        found: list[tuple[tuple[str, ...], str]] = []

        def unreadable(exc: OSError) -> None:
            problems.append(CardProblem(str(exc.filename or path), 0, f"dossier illisible : {os_reason(exc)}"))  # noqa: B023

        for folder, _dirs, names in os.walk(path, onerror=unreadable):
            # ``Path(folder) / name``, its text and its parts, from the folder's, worked out once.
            base = Path(folder)
            parts, prefix = base.parts, "" if str(base) == "." else os.path.join(str(base), "")
            found += [((*parts, n), prefix + n) for n in names if n.endswith(".md") and not n.startswith(".")]
        found.sort(key=lambda item: item[0])  # the order of paths, by their parts
        out += (text for _parts, text in found)
    return out


def is_card_name(path: str) -> bool:
    """Does ``path`` (as :func:`card_paths` gives it) end with ``.md``, as ``Path(path).suffix`` says?"""
    name = os.path.basename(path)
    dot = name.rfind(".")
    return 0 < dot < len(name) - 1 and name[dot:] == ".md"


class _Card:
    """A card cut into its title, fields and sections, with line numbers."""

    def __init__(self, text: str) -> None:
        self.title = ""
        self.title_line = 0
        self.fields: dict[str, tuple[str, int]] = {}
        self.sections: dict[str, list[str]] = {}
        current: list[str] | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            first = raw[:1]
            if first != "#" and first != "*" and (first == " " or not first.isspace()):
                # Most lines: text, since neither a title, a section nor a field (``**`` at its start,
                # after no space) can start so.
                if current is not None:
                    current.append(raw.rstrip())
                continue
            line = raw.rstrip()
            if line.startswith("# ") and not self.title:
                self.title, self.title_line = line[2:].strip(), number
                continue
            if line.startswith("## "):
                current = self.sections.setdefault(line[3:].strip(), [])
                continue
            stripped = line.lstrip()
            field = _FIELD.match(stripped) if stripped.startswith("**") else None  # most lines are text: no regex for them
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
        paragraphs: list[str] = []
        words: list[str] = []
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
        """``- item`` lines; an item whose text is on the next line (``-`` alone, then the text) is joined."""
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
        return tuple(item for item in out if item)

    def other_names(self) -> tuple[str, ...]:
        """The « Autres appellations » of a métier card, each written as a name: a ``### title``
        followed by ``- Féminin: …`` and ``- Masculin: …`` gives the masculine then the feminine
        form (« aiguilleur du ciel », « aiguilleuse du ciel »), once each; a title alone gives itself."""
        out: list[str] = []
        title = ""
        forms: dict[str, str] = {}

        def flush() -> None:
            if forms:
                out.extend(forms.get(k, "") for k in ("Masculin", "Féminin"))
            elif title:
                out.append(title)

        for line in self.sections.get("Autres appellations", []):
            stripped = line.strip()
            if stripped.startswith("#"):
                flush()
                title, forms = stripped.lstrip("#").strip(), {}
            elif stripped.startswith("- "):
                key, colon, value = stripped[2:].partition(":")
                if colon and key.strip() in ("Féminin", "Masculin"):
                    forms[key.strip()] = value.strip()
                else:
                    out.append(stripped[2:].strip())
        flush()
        return tuple(dict.fromkeys(name for name in out if name))

    def attendus(self) -> tuple[str, ...]:
        """The attendus of the « Attendus » section, whatever its layout: listed (``- item``, or
        ``-`` then the text), or written as lines, each attendu starting with a verb (« Disposer de
        compétences… ») and followed by lines that explain it. Headings (« QUALITÉS HUMAINES »,
        « Compétences scientifiques »), introductions and explanations are left out, also when the
        card glues them to an attendu (« …de projetDisposer de… »); an attendu that announces a list
        (« …parmi les domaines suivants : ») keeps the list."""
        out: list[list[str]] = []  # each attendu, and the items of the list it announces
        pending = False
        for line in self.sections.get("Attendus", []):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if stripped == "-":
                pending = True
                continue
            listed = stripped.startswith("- ") or pending
            pending = False
            text = stripped[2:].strip() if stripped.startswith("- ") else stripped
            parts = _GLUED_ATTENDU.split(text)
            announces = bool(out) and out[-1][0].rstrip(",; ").endswith(":")
            if announces and len(parts) == 1 and not _is_attendu(text) and not _is_heading(text):
                out[-1].append(text.rstrip(",;. "))
            elif listed:
                out.append([text])
            else:
                out.extend([part] for part in parts if _is_attendu(part))
        joined = (parts[0] if len(parts) == 1 else f"{parts[0].rstrip(',; ')} {' ; '.join(parts[1:])}" for parts in out)
        return tuple(dict.fromkeys(a for a in (_attendu(item) for item in joined) if a))


# An attendu starts with a verb in the infinitive (« Disposer », « Savoir », « Être », « S'intéresser »).
_INFINITIVE = re.compile(r"^(?:[Ss]e |[Ss]['’]|[Nn]e pas )?[A-ZÀ-Ýa-zà-ÿ][a-zà-ÿ-]*(?:er|ir|re|oir)\b")
_NOT_VERBS = frozenset(
    {
        "outre",
        "entre",
        "notre",
        "votre",
        "autre",
        "cadre",
        "titre",
        "centre",
        "premier",
        "dernier",
        "métier",
        "dossier",
        "lettre",
        "chiffre",
        "ordre",
    }
)
# Where a card glues an attendu to the text before it: a small letter or a bracket, then a verb's capital.
_GLUED_ATTENDU = re.compile(r"(?<=[a-zà-ÿ)])(?=(?:S['’]|Se )?[A-ZÀ-Ý][a-zà-ÿ-]*(?:er|ir|re|oir)\b)")


def _is_heading(text: str) -> bool:
    """« QUALITÉS HUMAINES », « COMPETENCES GENERALES » : a line in capitals."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_attendu(text: str) -> bool:
    """A line written as an attendu: one sentence starting with a verb in the infinitive."""
    text = text.strip()
    match = _INFINITIVE.match(text)
    if match is None or _is_heading(text) or re.search(r"[.!?] [A-ZÀ-Ý]", text):
        return False
    first = match.group(0).lower().split()[-1].split("'")[-1].split("’")[-1]
    return first not in _NOT_VERBS


def _attendu(text: str) -> str:
    """An attendu without the list punctuation at its end."""
    return text.strip().rstrip(",;").rstrip()


def read_card(path: Path | str, name: str | None = None) -> Card | CardProblem:
    """Read one card file (a path, or its text as :func:`card_paths` gives it); ``name`` is how the
    file is called in messages."""
    label = name or str(path)
    try:
        text = read_regular(path).decode("utf-8")  # type: ignore[union-attr, arg-type]  # a text path reads the same
    except UnicodeDecodeError:
        return CardProblem(label, 0, "le fichier n'est pas en UTF-8")
    except OSError as exc:
        return CardProblem(label, 0, f"fichier ignoré : {os_reason(exc)}")
    except ValueError:  # a NUL byte in the name
        return CardProblem(repr(label), 0, "nom de fichier invalide")
    # Line ends as a text read would give them: « \r\n » and « \r » become « \n ».
    filename = path.name if isinstance(path, Path) else os.path.basename(path)
    return parse_card(text.replace("\r\n", "\n").replace("\r", "\n"), label, filename)


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
        attendus=card.attendus(),
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
        other_names=card.other_names(),
        rome=tuple(i for i in card.items("**Codes ROME") if re.match(r"^[A-Z]\d{4}$", i)),
        description=card.text("Présentation") or card.text("En bref"),
        interests=card.items("Centres d'intérêt"),
        formations=formations,
        access=card.text("Accès au métier"),
        min_level=card.field("Niveau d'accès minimum"),
        statuts=card.items("**Statuts possibles"),
        salary=card.subsection("Salaire", "Salaire du débutant"),
        file=label,
        digest=digest,
    )
