"""Training: learning the shipped weights and building the shipped data.

Never imported at run time: the product (the stages, the store, ``cli``, ``web``,
``watch``) runs on the files these modules write, not on the modules. Modules here may
import ``everyside.evaluate`` and the stages. Each is a command, ``python -m
everyside.training.<module>``, most needing the ``train`` extra (scikit-learn):

- ``clustering``: the story clusterer's pair models (``cluster/model.json`` and
  ``cluster/batch_model.json``).
- ``attribution``: the quote attribution model (``data/attribution_model.json``).
- ``alignment``: the comparison's fact-alignment pair model
  (``compare/data/alignment_model.json``).
- ``gold_labels``: our fact-alignment gold kept as labels only
  (``training/alignment_gold_labels.jsonl``), rebuilt from the shared sources.
- ``cameo_tables``: the event coder's CAMEO tables under ``analyze/data``, converted from
  the Phoenix dictionaries.
"""
