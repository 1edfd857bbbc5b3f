"""French language knowledge shared by the stages, on plain text (no parse): name folding and
keys, numbers and dates, role nouns, fact word lists, quotation marks. Each module loads its own
file from `rules/`; import the module you need."""
