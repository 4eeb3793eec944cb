"""The legacy clean-up rules, as data: how hand-made news sites wrote their boxes and credits.

Add a language by adding phrasings to each list; matching ignores case and accents are written
as they appear. `cleanup.py` reads these and nothing else decides what counts as a "Don't Miss"
block, a credit line or an author's bio.
"""

# Labels that open a block of links to other stories of the site ("Don't Miss: <a>…</a>").
# The label may end with ":" and may be bold or a heading; straight and curly apostrophes match.
PICKS_LABELS = {
    "en": [
        "Don't Miss",
        "Do Not Miss",
        "Related",
        "Related stories",
        "Related articles",
        "Related coverage",
        "Read more",
        "Read also",
        "Also read",
        "See also",
        "More on this",
    ],
    "es": [
        "Te puede interesar",
        "Te podría interesar",
        "No te pierdas",
        "No te lo pierdas",
        "Lee también",
        "Lea también",
        "Lee más",
        "Relacionado",
        "Relacionados",
        "Noticias relacionadas",
        "Artículos relacionados",
        "Ver también",
        "Más información",
    ],
}

# A paragraph crediting the cover photo; `{credit}` is the credit kept. Whole paragraph only,
# short (see MAX_CREDIT_LENGTH), optionally in parentheses. Labels without a colon need the
# parentheses or "Cover", so an ordinary sentence starting with "Photo" is never taken.
CREDIT_LABELS = {
    "en": {
        "colon_optional": ["Cover Photo", "Cover photo by", "Cover image", "Featured image"],
        "colon_required": ["Photo", "Photo credit", "Photograph", "Image", "Photo by"],
    },
    "es": {
        "colon_optional": ["Foto de portada", "Imagen de portada", "Foto principal"],
        "colon_required": ["Foto", "Fotografía", "Imagen", "Crédito", "Foto de"],
    },
}
MAX_CREDIT_LENGTH = 160

# After the author's name, words that make a closing paragraph a bio ("Maria Pérez is a
# journalist…", "Carlos Ruiz es periodista…").
BIO_VERBS = {
    "en": ["is", "was", "has", "covers", "writes", "reports", "edits", ","],
    "es": ["es", "fue", "ha", "cubre", "escribe", "reporta", "edita", ","],
}
MAX_BIO_LENGTH = 800
