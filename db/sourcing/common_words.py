"""Common English words that begin sentences: capitalised there, yet no names.

A capitalised word found only at the start of sentences is offered as a name unless it is one of
these (or looks like an adverb such as "Reportedly"), or the text also uses it in lower case; a
word the text also capitalises mid-sentence is a name wherever it stands. A short list, not a
dictionary: words that are names anyway (in ``NOT_LEADING``) need not be here.
"""

from __future__ import annotations

_STARTERS = """
above above-mentioned across actually after afterwards again ago ahead almost alone along already
although always amid among analysts anyway apart around as aside asked away back based because
before behind being below beside besides beyond both briefly but can certainly chief correction
could critics currently data despite details did do does doing done down due during each earlier
early editor either else elsewhere enough especially even ever everybody everyone everything
experts far few finally following for former further given go going good government great had half
has have having hence her hers herself him himself historically hopes how however ideally if in
including indeed initially inside instead investors is just later latest least less let like
likewise little local long many may maybe me might mine more most much must my myself namely near
nearly neither never nevertheless next no nobody none normally not note nothing now nowhere
observers of off officials often oh ok okay on once one only onto or others otherwise ought our
ours ourselves out outside over overall own part perhaps photo plans please plus possibly
previously prices probably quite rather read really recently regardless related reportedly reports
residents sales say says seen separately several shall should similarly simply since so some
somebody someone something sometimes somewhat soon sources still such supporters sure than thanks
thereby therefore these thus together too toward towards trade under unless unlike unlikely up
update updated upon us usually very via video was watch well were whatever whenever whereas
wherever whether whichever whilst whoever whole whom whose will would yes yet yours yourself
"""
SENTENCE_STARTERS = frozenset(_STARTERS.split())

# Endings of adverbs and participles that open sentences ("Reportedly", "Speaking").
STARTER_ENDINGS = ("ally", "ently", "antly", "ately", "ously", "ingly", "edly", "ively",
                   "fully", "ably", "ibly", "arly", "essly")


def is_sentence_starter(word: str) -> bool:
    """Whether a capitalised ``word`` at a sentence's start is likely just a common word."""
    lower = word.lower()
    return lower in SENTENCE_STARTERS or lower.endswith(STARTER_ENDINGS)
