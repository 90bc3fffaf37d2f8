"""Turn articles into provenance-carrying facts: entities, quotes, numbers, dates."""
