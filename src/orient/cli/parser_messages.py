"""French wording for the command-line parser's own errors (unknown option, missing value…)."""

from __future__ import annotations

import re


def _param_name(param) -> str:
    if param is None:
        return ""
    opts = getattr(param, "opts", None) or []
    if getattr(param, "param_type_name", "") == "argument":
        return (getattr(param, "metavar", None) or param.name or "").upper()
    return max(opts, key=len) if opts else (param.name or "")


def _command_names(exc) -> list[str]:
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command", None)
    commands = getattr(command, "commands", None)
    return sorted(commands) if commands else []


def _quoting_hint(extras: list[str], argv: list[str]) -> str:
    """« --bac "STI2D SIN" »: the value the extra words most likely belong to, quoted."""
    if not extras or extras[0] not in argv:
        return ""
    i = argv.index(extras[0])
    words = argv[i : i + len(extras)]
    if i >= 2 and argv[i - 2].startswith("-") and not argv[i - 1].startswith("-"):
        return f'{argv[i - 2]} "{" ".join([argv[i - 1], *words])}"'
    if i >= 1 and not argv[i - 1].startswith("-"):
        return f'"{" ".join([argv[i - 1], *words])}"'
    return ""


def _path_in(root, argv: list[str]) -> str:
    """The command path ``argv`` names under the group ``root`` (« orient check »), for an error the
    parser raised without saying which command it was reading."""
    words = ["orient"]
    command = root
    for arg in argv:
        commands = getattr(command, "commands", None)
        if not commands or arg not in commands:
            break
        command = commands[arg]
        words.append(arg)
    return " ".join(words)


def french_usage_error(exc, argv: list[str] | None = None, root=None) -> tuple[str, list[str], str]:
    """Return (message, suggestions, hint) for a parser error; ``argv`` (the command line) lets
    a stray word be shown in the quoted value it belongs to, and names the command whose help the
    hint gives (under the group ``root``) when the error does not."""
    from typer._click.exceptions import BadParameter, MissingParameter, NoArgsIsHelpError, NoSuchOption

    from ..text import suggest

    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else _path_in(root, argv or [])
    hint = f"Aide : {path} --help"
    if isinstance(exc, NoArgsIsHelpError):
        return "il manque une commande.\n\n" + french_help(exc.format_message()).rstrip(), [], ""
    if isinstance(exc, NoSuchOption):
        suggestions = sorted(exc.possibilities or [])
        if not suggestions and ctx is not None:
            options = [o for p in ctx.command.params for o in getattr(p, "opts", [])]
            suggestions = suggest(exc.option_name, options, limit=2, cutoff=60)
        return f"Option inconnue : {exc.option_name}.", suggestions, hint
    if isinstance(exc, MissingParameter):
        name = _param_name(exc.param)
        if getattr(exc.param, "param_type_name", "") == "argument":
            return f"Argument manquant : {name}.", [], hint
        return f"Option obligatoire manquante : {name}.", [], hint
    if isinstance(exc, BadParameter):
        name = _param_name(exc.param) if exc.param is not None else ""
        text = exc.message
        match = re.match(r"'?(.*?)'? is not a valid integer", text)
        if match:
            text = f"« {match.group(1)} » n'est pas un nombre entier"
        return f"Valeur invalide pour {name} : {text}.", [], hint
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    match = re.match(r"No such command '([^']+)'", message)
    if match:
        name = match.group(1)
        return f"Commande inconnue : « {name} ».", suggest(name, _command_names(exc), limit=2, cutoff=60), hint
    match = re.match(r"Option '(.+)' requires an argument", message)
    if match:
        return f"L'option {match.group(1)} attend une valeur.", [], hint
    match = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.+)\)", message)
    if match:
        extras = match.group(1).split()
        quoted = _quoting_hint(extras, argv or [])
        words = " ".join(f"« {w} »" for w in extras)
        text = f"{'Mot' if len(extras) == 1 else 'Mots'} en trop : {words}. Une valeur de plusieurs mots s'écrit entre guillemets"
        text += f" : {quoted}" if quoted else "."
        return text, [], hint
    if message == "Missing command.":
        return "il manque une commande.", _command_names(exc), hint
    return f"Utilisation incorrecte : {message}", [], hint


# The parser's fixed English words and their French: compiled on first use (help or error only).
_HELP_WORDS: list[tuple[tuple[str, int], str]] = [
    ((r"^Usage: ", re.M), "Utilisation : "),
    ((r"COMMAND \[ARGS\]\.\.\.", 0), "COMMANDE [ARGUMENTS]..."),
    ((r"^Options:$", re.M), "Options :"),
    ((r"^Commands:$", re.M), "Commandes :"),
    ((r"^Arguments:$", re.M), "Arguments :"),
    ((r"Show this message and exit\.", 0), "Affiche cette aide et quitte."),
    ((r"\[required\]", 0), "[obligatoire]"),
    ((r"\[default: ([^\]]*)\]", 0), r"[par défaut : \1]"),
    ((r"<str>", 0), "TEXTE"),
    ((r"<int>", 0), "NOMBRE"),
    ((r"<path>", 0), "CHEMIN"),
]


def french_help(text: str) -> str:
    """The parser's help page with its fixed English words put in French."""
    from .output import typeset

    for (pattern, flags), replacement in _HELP_WORDS:
        text = re.sub(pattern, replacement, text, flags=flags)
    return typeset(text)
