"""Word boundaries and proper names, from jieba's part-of-speech segmenter.

jieba ships its dictionary in the package, so nothing is downloaded. It is built for simplified
text: a traditional sentence is segmented through a character-by-character simplified copy (same
length, so every offset stays valid) and the words are read back from the original.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from functools import cache, lru_cache

import jieba
import jieba.posseg

from quizapp.library.scripts import to_simplified

# A user word outranks what the base dictionary would cut it into; jieba's own frequencies for
# common words are in the tens of thousands, proper names far lower.
USER_WORD_FREQ = 50_000
_PERSON, _ORG, _PLACE, _OTHER = "nr", "nt", "ns", "nz"
NAME_FLAGS = (_PERSON, _ORG, _PLACE, _OTHER)
# “AI First”, 「好大夫在线」, 《中国企业家》: quoted names, not quoted sentences.
QUOTED = re.compile(r"[“「『《\"]([^“”「」『』《》\"，,。；;！!？?、\s]{2,10})[”」』》\"]")
_lock = threading.Lock()


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str
    flag: str


@cache
def _tokenizer() -> jieba.posseg.POSTokenizer:
    jieba.setLogLevel(logging.WARNING)
    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def add_user_words(words: set[str] | frozenset[str]) -> None:
    """Teach the segmenter the article's own names, so that 余额宝 or 好大夫在线 stays one word."""
    pos = _tokenizer()
    with _lock:
        for word in sorted(words):
            if word and pos.tokenizer.FREQ.get(word, 0) < USER_WORD_FREQ:
                pos.tokenizer.add_word(word, USER_WORD_FREQ, _OTHER)
                pos.word_tag_tab[word] = _OTHER


@lru_cache(maxsize=65536)
def _simplified_char(ch: str) -> str:
    out = to_simplified(ch)
    return out if len(out) == 1 else ch


def _same_length_simplified(text: str) -> str:
    return "".join(_simplified_char(ch) for ch in text)


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[Token, ...]:
    """The words of `text` with their offsets and part-of-speech flags (jieba's tag set)."""
    found = []
    at = 0
    with _lock:
        pairs = list(_tokenizer().cut(_same_length_simplified(text)))
    for pair in pairs:
        end = at + len(pair.word)
        last = found[-1] if found else None
        if last and _is_split_name(last, pair.word, pair.flag):
            # jieba reads 张俊杰 as 张 (a measure word) + 俊杰 (a given name): one person.
            found[-1] = Token(last.start, end, text[last.start : end], _PERSON)
        else:
            found.append(Token(at, end, text[at:end], pair.flag))
        at = end
    return tuple(found)


def _is_split_name(last: Token, word: str, flag: str) -> bool:
    return (
        last.end - last.start == 1
        and _simplified_char(last.word) in SURNAMES
        and flag == _PERSON
        and 1 <= len(word) <= 2
        and bool(_ALL_CJK.match(word))
    )


@lru_cache(maxsize=4096)
def plain_tokens(text: str) -> tuple[tuple[int, int], ...]:
    """jieba's plain cut of `text` (no part of speech): it keeps "14%" whole where the tagger splits it."""
    spans, at = [], 0
    with _lock:
        pieces = list(_tokenizer().tokenizer.cut(_same_length_simplified(text)))
    for piece in pieces:
        spans.append((at, at + len(piece)))
        at += len(piece)
    return tuple(spans)


def _spans(text: str) -> list[tuple[int, int]]:
    """Words under both readings, so that a blank is whole words whichever jieba mode looks at it."""
    return [(t.start, t.end) for t in tokens(text)] + list(plain_tokens(text))


def boundaries(text: str) -> frozenset[int]:
    """Offsets in `text` where one word ends and the next begins (and both ends)."""
    inside = {i for s, e in _spans(text) for i in range(s + 1, e)}
    return frozenset(set(range(len(text) + 1)) - inside)


def is_whole_words(text: str, start: int, end: int) -> bool:
    cuts = boundaries(text)
    return start in cuts and end in cuts


def widened(text: str, start: int, end: int) -> tuple[int, int]:
    """The smallest span of whole words around text[start:end]."""
    for _ in range(3):  # a word of one reading may overlap a word of the other
        for s, e in _spans(text):
            if s < start < e:
                start = s
            if s < end < e:
                end = e
    return start, end


def quoted_names(text: str) -> set[str]:
    return {m[1] for m in QUOTED.finditer(text)}


def names(text: str, known: dict[str, str]) -> list[Token]:
    """The names in `text` that the article vouches for (`known`: word → kind), with that kind as flag."""
    return [Token(t.start, t.end, t.word, known[t.word]) for t in tokens(text) if t.word in known]


def article_names(body: str, user_words: frozenset[str]) -> dict[str, str]:
    """Names for an article, word → PERSON, ORG or TERM: the people and organisations jieba tags at
    least twice in it (a one-off "name" is mostly a mis-segmentation, like 宝有 out of 余额宝有), and its
    quoted short terms (阿福, 相互宝)."""
    counts: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for t in tokens(body):
        kind = _kind(t.word, t.flag)
        if kind:
            counts[t.word] = counts.get(t.word, 0) + 1
            kinds[t.word] = kind
    found = {word: kind for word, kind in kinds.items() if counts[word] >= 2}
    terms = {w: TERM for w in user_words if 2 <= len(w) <= MAX_TERM and w not in found and w in body}
    return {**terms, **found}


PERSON, ORG, TERM = "person", "org", "term"
MAX_TERM = 6
# The common surnames (simplified): a tagged "person" must start with one, which drops 灵光, 小红书.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤井苗楚祖蒋倪彭"
)
ORG_SUFFIX = re.compile(
    r"(?:公司|集团|集團|银行|銀行|基金|保险|保險|医院|醫院|大学|大學|研究院|委员会|委員會|协会|協會)$"
)
_ALL_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
# What says only which sort of organisation (上市公司, 子公司, 小贷公司, 这家银行): not a name.
GENERIC_ORG = re.compile(
    r"^(?:上市|非上市|母|子|分|总|總|控股|参股|參股|国有|國有|民营|民營|私营|私營|外资|外資|合资|合資|上述|该|該|这家|這家"
    r"|那家|各|多家|大型|中小|小型|科技|互联网|互聯網|金融|保险|保險|证券|證券|投资|投資|小贷|小貸|贷款|貸款|商业|商業"
    r"|股份|有限|全资|全資|三甲|公立|医药|醫藥)+" + ORG_SUFFIX.pattern
)


def _kind(word: str, flag: str) -> str | None:
    if flag == _PERSON and 2 <= len(word) <= 3 and _ALL_CJK.match(word) and _simplified_char(word[0]) in SURNAMES:
        return PERSON
    if flag in NAME_FLAGS and len(word) >= 4 and ORG_SUFFIX.search(word) and not GENERIC_ORG.match(word):
        return ORG
    return None
