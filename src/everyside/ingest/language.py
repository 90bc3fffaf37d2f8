"""Language identification with py3langid, whose model ships inside the package."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

# Enough text for a confident guess; more only costs time.
_SAMPLE_CHARS = 2000


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float | None]:
    """Return the ISO 639-1 code of the text's language and the model's probability for it."""
    sample = text[:_SAMPLE_CHARS]
    if not any(char.isalpha() for char in sample):
        return None, None
    code, probability = _identifier().classify(sample)
    return str(code), round(float(probability), 4)
