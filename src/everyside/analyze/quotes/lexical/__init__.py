"""The other-languages path of the quote finder: tokens, sentences and cue words, no parse.

``finder.LexicalFinder`` runs it: ``names`` (sentences and capitalized name runs),
``cues`` (cue words and the speakers beside them) and ``antecedents`` (who the
speakers are).
"""
