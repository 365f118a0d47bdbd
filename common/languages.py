"""Which of the portal's languages a text a person typed is written in, for its `lang`
attribute (screen readers read it with the right voice, browsers hyphenate it right): a citizen
on a Kyrgyz page may write in Russian, and the reverse.

Russian and Kyrgyz share the Cyrillic alphabet. Kyrgyz has three letters Russian has not
(ң ө ү), Russian a few that Kyrgyz keeps only in Russian loanwords (щ ъ ё); with the commonest
short words of each language they decide most texts. A text they do not decide (a name, a
number, a few words found in both) keeps the language it was sent in."""

import re

KYRGYZ_LETTERS = frozenset("ңөү")
RUSSIAN_LETTERS = frozenset("щъё")
# the commonest short words of each language
_KYRGYZ_WORDS = (
    "жана менен үчүн керек бар жок эмес болот болуп деп бул ал биз сиз алар мен сен дагы эле "
    "ошол бир эки көп аз жакшы айыл айылдын айылга суу мектеп жол"
)
_RUSSIAN_WORDS = (
    "и в во на не что для по с со к ко от это у из как нет есть чтобы или мы все нужно надо "
    "очень уже при за о об его их она они он также только"
)
KYRGYZ_WORDS = frozenset(_KYRGYZ_WORDS.split())
RUSSIAN_WORDS = frozenset(_RUSSIAN_WORDS.split())
WORD = re.compile(r"\w+")


def text_language(text: str, default: str) -> str:
    """ "ru" or "ky": the language `text` is written in, or `default` when the text does not
    say."""
    lowered = (text or "").lower()
    words = WORD.findall(lowered)
    kyrgyz = 3 * sum(lowered.count(letter) for letter in KYRGYZ_LETTERS)
    kyrgyz += sum(word in KYRGYZ_WORDS for word in words)
    russian = 3 * sum(lowered.count(letter) for letter in RUSSIAN_LETTERS)
    russian += sum(word in RUSSIAN_WORDS for word in words)
    if kyrgyz > russian:
        return "ky"
    if russian > kyrgyz:
        return "ru"
    return default
