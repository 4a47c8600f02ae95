"""orient: où mène mon bac ? Conseils d'orientation après le bac, en ligne de commande."""

__version__ = "0.1.0"
