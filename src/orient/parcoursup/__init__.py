"""Parcoursup open data (Licence Ouverte / Etalab 2.0): where formations are taught, how many get in, and who.

- ``files.py`` recognises each file by its header and reads its rows;
- ``models.py`` holds what is kept of them;
- ``link.py`` links each Parcoursup formation to a formation record of the dataset;
- ``store.py`` keeps the import in the user's data directory, replaced whole by each import;
- ``importer.py`` runs an import and makes its report;
- ``query.py`` answers the commands: where a formation is taught, its admissions, the spécialités.
"""
