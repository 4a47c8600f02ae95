"""Importing ONISEP cards: every formation and métier of France beside the curated dataset.

- :mod:`.cards`: what a card holds, whatever its format (the readers' output);
- :mod:`.markdown`: the reader for cards in Markdown;
- :mod:`.access`: the parser that turns access texts into rules;
- :mod:`.build`: cards → formations and métiers, with links between them;
- :mod:`.store`: the import on disk, written atomically;
- :mod:`.importer`: one import run, its summary and its coverage report.

Another format (ONISEP's XML export) is one more reader yielding the same cards.
"""
