"""The English path of the quote finder: cues, speakers and clauses from a dependency parse.

``finder.ParsedFinder`` runs the parts: ``syntax`` (reporting verbs and their
subjects), ``clauses`` (what a cue reports), ``marked``, ``indirect``, ``learned`` and
``unmarked`` (one kind of quote each) and ``antecedents`` (who the speakers are).
"""
