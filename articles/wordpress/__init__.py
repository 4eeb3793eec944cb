"""Moving a WordPress newsroom in: `manage.py import_wordpress` and the `?p=` redirect.

Modules, one concern each: `wxr` (streaming, hostile-input-safe reading of the export), `autop`
(WordPress's paragraph filter), `shortcodes`, `rules` (the legacy clean-up phrasings, as data),
`cleanup`, `body` (turning a post's content into a sanitised Newsroom body), `photos`
(attachments through the photo pipeline, in a process pool), `redirects`, `report`, `importer`
(mapping and the run itself), `models` (which WordPress item became which row) and `views`.
"""
