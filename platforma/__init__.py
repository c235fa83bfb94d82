"""Domain core of Platforma Wiedzy: no MkDocs imports here.

Modules: `safe_yaml` (reading), `vocabularies`, `schema`, `practices` (model and
validation), `render` (sanitised Markdown), `project` (where things live).
"""
