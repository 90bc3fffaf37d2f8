"""Intentions and statements: how a committed or announced action is coded.

CAMEO codes a commitment to cooperate as its own event, an expressed intent (root 03),
whose code follows the action committed to: "agreed to lift the sanctions" is 0354
(intent to ease economic sanctions), not the sanction itself. ``intent_code`` maps a
cooperative action's code to its intent code; ``COMMITMENT_VERBS`` are the verbs whose
infinitive complement is that action. A commitment to a conflict action is a threat
(root 13): "vowed to attack" is 138, "threatened to impose sanctions" 1312
(``threat_code``).

``STATEMENT_MODES`` are the values of the coder's ``statements`` setting: whether the
plain statements of CAMEO root 01 ("X said ...") are coded.
"""

from __future__ import annotations

from typing import Final

from everyside.analyze.cameo.tables import cameo_code

# Verbs whose infinitive complement is an action their subject commits to.
COMMITMENT_VERBS: Final = frozenset(
    {
        "agree",
        "pledge",
        "promise",
        "vow",
        "offer",
        "consent",
        "commit",
        "undertake",
        "volunteer",
        "threaten",
    }
)

# Commitment verbs whose complement must be a conflict action: the threats.
THREAT_VERBS: Final = frozenset({"threaten"})

# The intent code of cooperative actions, most specific first (code prefix -> intent).
_INTENT_BY_PREFIX: Final = {
    "03": None,  # already an intent
    "045": "039",  # mediate
    "04": "036",  # consult, meet, negotiate
    "055": "030",  # apologize
    "056": "030",  # forgive
    "05": "032",  # diplomatic cooperation
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    "06": "031",  # material cooperation
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "07": "033",  # aid
    "081": "0351",  # ease administrative sanctions
    "082": "0352",  # ease political dissent
    "083": "034",  # accede to political reform
    "084": "0353",  # return, release
    "085": "0354",  # ease economic sanctions
    "086": "0355",  # allow international involvement
    "087": "0356",  # de-escalate
    "08": "035",  # yield
}

# The threat of conflict actions, most specific first (code prefix -> threat).
_THREAT_BY_PREFIX: Final = {
    "13": None,  # already a threat
    "162": "1311",  # reduce or stop aid
    "163": "1312",  # embargo, boycott, sanctions
    "164": "1313",  # break relations
    "16": "131",  # other non-force reductions
    "172": "132",  # administrative sanctions
    "17": "137",  # repression
    "191": "1381",  # blockade
    "192": "1382",  # occupy
    "15": "138",
    "18": "138",
    "19": "138",  # military force
    "20": "1384",
}

STATEMENT_ROOT: Final = "01"
STATEMENT_MODES: Final = ("none", "addressed", "all")
DEFAULT_STATEMENTS: Final = "none"


def is_cooperation(code: str) -> bool:
    """Whether a CAMEO code is cooperation (quad class 1 or 2: roots 01-09)."""
    facts = cameo_code(code)
    return facts is not None and facts.quad_class in (1, 2)


def intent_code(code: str) -> str:
    """The "express intent" code of a cooperative action's code: 085 -> 0354, 042 -> 036.

    Intents stay as they are; statements and appeals (roots 01, 02) give the unspecified
    intent to cooperate (030); a conflict code is returned unchanged.
    """
    if not is_cooperation(code):
        return code
    for prefix in sorted(_INTENT_BY_PREFIX, key=len, reverse=True):
        if code.startswith(prefix):
            return _INTENT_BY_PREFIX[prefix] or code
    return "030"


def threat_code(code: str) -> str:
    """The threat code of a conflict action's code: 163 -> 1312, 190 -> 138; else 130.

    Threats stay as they are; a cooperative code is returned unchanged.
    """
    if is_cooperation(code):
        return code
    for prefix in sorted(_THREAT_BY_PREFIX, key=len, reverse=True):
        if code.startswith(prefix):
            return _THREAT_BY_PREFIX[prefix] or code
    return "130"


def committed_code(code: str) -> str:
    """The code of an action committed to: cooperation an intent, conflict a threat.

    "agreed to lift the sanctions" (085) is 0354, "vowed to attack" (190) is 138.
    """
    return intent_code(code) if is_cooperation(code) else threat_code(code)


def keeps_statement(code: str, mode: str, has_target: bool) -> bool:
    """Whether the ``statements`` setting keeps an event of this code (see the module doc).

    "none" codes no root-01 statement, "addressed" those made to or about an actor (a
    target), "all" every one. Other codes are always kept.
    """
    if not code.startswith(STATEMENT_ROOT):
        return True
    return mode == "all" or (mode == "addressed" and has_target)
