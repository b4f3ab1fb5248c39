"""Turn an article file into clean text and metadata.

Files come from many places (WeChat exports, forum reposts, markdown with front matter,
bare text) and carry page chrome around the article. The rules here are data-driven so a
new kind of footer is one more pattern, not one more branch.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml
from django.utils.translation import gettext as _

from quizapp.library import safe_yaml
from quizapp.library.scripts import detect_script


class UnusableFile(Exception):
    """The file cannot become an article; the message is one line for the person importing."""


MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_FRONT_MATTER_DEPTH = 10
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _FrontMatterLoader(yaml.SafeLoader):
    """Safe YAML with dates left as text, so `2024-13-45` becomes a reason instead of a crash. The
    bounds (no aliases, depth, repeated keys) are safe_yaml's, as for the bank files."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def load_front_matter(text: str, first_line: int = 1) -> object:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FRONT_MATTER_BYTES:
        raise UnusableFile(
            _("the YAML front matter is larger than %(size)d kB") % {"size": MAX_FRONT_MATTER_BYTES // 1024}
        )
    try:
        return safe_yaml.load(text, MAX_FRONT_MATTER_DEPTH, _FrontMatterLoader)
    except safe_yaml.Refused as exc:
        message = _("the YAML front matter %(problem)s (line %(line)d)")
        raise UnusableFile(message % {"problem": exc.problem, "line": first_line + exc.line - 1}) from None
    except yaml.YAMLError as exc:
        message = _("the YAML front matter is not valid YAML (%(problem)s)")
        raise UnusableFile(message % {"problem": str(exc).splitlines()[0]}) from None


@dataclass
class ParsedArticle:
    paragraphs: list[str]
    title: str = ""
    title_is_provisional: bool = False
    author: str = ""
    byline: str = ""
    publisher: str = ""
    published_on: dt.date | None = None
    source_url: str = ""
    tags: list[str] = field(default_factory=list)
    script: str = "zh-Hans"
    truncated: bool = False
    # The article's own id, when its front matter gives one (files written by dump_content do).
    article_id: str = ""
    # Page chrome dropped from the end (share prompts, reposting notes), shown before an editor confirms.
    removed: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


_LABELS = {
    "title": ("標題", "标题", "title"),
    "author": ("作者", "author"),
    "date": ("發布時間", "发布时间", "發佈時間", "日期", "date"),
    "url": ("原文連結", "原文链接", "原文連接", "链接", "source"),
    "tags": ("標籤", "标签", "tags"),
}
_LABEL_LINE = re.compile(
    r"^(?P<label>" + "|".join(re.escape(x) for xs in _LABELS.values() for x in xs) + r")\s*[：:]\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_FORUM_LINE = re.compile(
    r"^(?P<name>\S.{0,40}?)\s+(?:发表于|發表於)\s+(?P<date>\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_SEPARATOR = re.compile(r"^[-=_*~·—]{1,}$|^-?\s*(?:FIN|END|完)\s*-?$", re.IGNORECASE)
_MD_LINK = re.compile(r"\[([^\]]*)\]\((https?://[^)\s]+)\)")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_SOURCE_LINE = re.compile(r"^(?:来源|來源|出处|出處)\s*[：:]\s*(?P<rest>.+)$")
_REPOST = re.compile(r"^(?:本篇|本文)?(?:转载自|轉載自|来自|來自)\s*[：:]\s*(?P<name>[^，。,]+)$")
_PARTNER = re.compile(r"合作伙伴(?P<name>[^，。,\s]{2,20}?)授权发布")
_CREDIT = re.compile(r"^(?:文|撰文|作者|编辑|編輯|摄影|攝影|制作|製作|校对|校對|审校|審校|责编|責編)\s*[丨|｜]")

# Lines that are never article text wherever they stand at the end of a file.
_TRAILING_CHROME = [
    re.compile(p)
    for p in (
        r"^(?:往期推荐|往期推薦|继续阅读|繼續閱讀|阅读原文|閱讀原文|推荐阅读|推薦閱讀|相关阅读|相關閱讀)$",
        r"^(?:点击|點擊|长按|長按).{0,30}(?:关注|關注|二维码|二維碼|阅读原文|閱讀原文)",
        r"^(?:分享|点赞|點讚|在看|收藏)(?:[、，, ]+(?:分享|点赞|點讚|在看|收藏))*$",
        r"^页\s*[:：]\s*\[\d+\]",
        r"^頁\s*[:：]\s*\[\d+\]",
        r"^查看完整版本\s*[:：]",
        r"^(?:返回列表|上一篇|下一篇)",
        r"^(?:原文連結|原文链接)\s*[：:]",
        r"^感谢阅读|^感謝閱讀",
        r"本平台只提供信息存储服务|本平台僅提供資訊存儲服務|如有侵权|如有侵權|版权归原作者|版權歸原作者",
        r"^(?:题图来源|題圖來源|图片来源|圖片來源|题图|題圖|图源|圖源)\s*[：:]?",
    )
]
_IMAGE_CREDIT = _TRAILING_CHROME[-1]
_SENTENCE_END = tuple("。！？!?…”」』）)\"'．.")


def parse_article(raw: bytes, filename: str = "") -> ParsedArticle:
    text = _decode(raw, filename)
    lines = text.split("\n")
    meta: dict[str, object] = {}
    lines = _take_header(lines, meta)
    paragraphs = _clean_body(lines, meta)
    if not paragraphs:
        raise UnusableFile(_("no article text left once the header and page chrome are removed"))

    title = str(meta.get("title") or "").strip()
    parsed = ParsedArticle(
        paragraphs=paragraphs,
        title=title or provisional_title(paragraphs),
        title_is_provisional=not title,
        author=str(meta.get("author") or "").strip(),
        byline=" · ".join(meta.get("credits", [])),  # type: ignore[arg-type]
        publisher=str(meta.get("publisher") or "").strip(),
        published_on=_parse_date(meta.get("date")),
        source_url=_web_address(str(meta.get("url") or "").strip()),
        tags=_split_tags(meta.get("tags")),
        script=detect_script(" ".join(paragraphs)),
        truncated=not paragraphs[-1].endswith(_SENTENCE_END),
        article_id=str(meta.get("id") or "").strip(),
        removed=list(reversed(meta.get("removed", []))),  # type: ignore[call-overload]
    )
    if meta.get("byline"):
        parsed.byline = str(meta["byline"]).strip()
    return parsed


def _web_address(url: str) -> str:
    """The source link is shown as a link: only a web address, never javascript: or data:."""
    if url and not re.match(r"https?://[^\s/]", url, re.IGNORECASE):
        raise UnusableFile(
            _("the source URL must be an http:// or https:// address, not %(url)s") % {"url": repr(url[:40])}
        )
    return url


def _decode(raw: bytes, filename: str) -> str:
    if not raw.strip():
        raise UnusableFile(_("the file is empty"))
    if b"\x00" in raw:  # anywhere: PostgreSQL cannot store a NUL in text
        message = _("the file is binary, not text (a NUL byte at offset %(offset)d)")
        raise UnusableFile(message % {"offset": raw.index(b"\x00")})
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = _("the file is not UTF-8 text (byte 0x%(byte)02x at offset %(offset)d)")
        raise UnusableFile(message % {"byte": raw[exc.start], "offset": exc.start}) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _take_header(lines: list[str], meta: dict[str, object]) -> list[str]:
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    head = lines[first].strip() if first < len(lines) else ""

    if head == "---":
        end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            raise UnusableFile(_("the YAML front matter starting on line 1 is never closed with '---'"))
        data = load_front_matter("\n".join(lines[first + 1 : end]), first_line=first + 2) or {}
        if not isinstance(data, dict):
            raise UnusableFile(_("the YAML front matter is not a mapping of keys to values"))
        for key, value in data.items():
            slot = _slot_for(str(key))
            if slot and value not in (None, ""):
                meta[slot] = _front_matter_value(str(key), slot, value)
        return lines[end + 1 :]

    if _LABEL_LINE.match(head):
        i = first
        while i < len(lines):
            line = lines[i].strip()
            match = _LABEL_LINE.match(line)
            if match:
                slot = _slot_for(match["label"])
                if slot:
                    meta[slot] = match["value"].strip()
            elif line and not _SEPARATOR.match(line):
                break
            i += 1
        return lines[i:]

    forum = _FORUM_LINE.match(head)
    if forum:
        meta["author"] = forum["name"].strip()
        meta["date"] = forum["date"]
        rest = lines[first + 1 :]
        title_at = next((i for i, line in enumerate(rest) if line.strip()), None)
        if title_at is not None:
            meta["title"] = rest[title_at].strip()
            return rest[title_at + 1 :]
        return rest
    return lines[first:]


def _front_matter_value(key: str, slot: str, value: object) -> object:
    """Text (or numbers, written as text) for every slot; tags may also be a list of them."""
    scalar = (str, int, float)
    if isinstance(value, scalar) and not isinstance(value, bool):
        return value
    if slot == "tags" and isinstance(value, list) and all(isinstance(item, scalar) for item in value):
        return value
    message = _("the YAML front matter's %(key)s must be text, not %(type)s")
    raise UnusableFile(message % {"key": repr(key), "type": type(value).__name__})


def _slot_for(label: str) -> str | None:
    label = label.strip().lower()
    for slot, names in _LABELS.items():
        if label in (n.lower() for n in names):
            return slot
    return {"publisher": "publisher", "url": "url", "source_url": "url", "id": "id", "byline": "byline"}.get(label)


def _clean_body(lines: list[str], meta: dict[str, object]) -> list[str]:
    paras: list[str] = []
    for raw_line in lines:
        line = raw_line.strip()
        source = _SOURCE_LINE.match(line)
        if source and len(paras) < 3:
            _note_source(source["rest"], meta)
            continue
        line = _unmarkdown(line)
        if line and not _SEPARATOR.match(line):
            paras.append(line)
    paras = _strip_trailing_chrome(paras, meta)
    paras = _take_credits(paras, meta)
    return _join_speaker_labels(paras)


def _unmarkdown(line: str) -> str:
    line = _MD_HEADING.sub("", line)
    line = _MD_BOLD.sub(lambda m: m[1] or m[2], line)
    return _MD_LINK.sub(lambda m: m[1] or m[2], line)


def _note_source(rest: str, meta: dict[str, object]) -> None:
    link = _MD_LINK.search(rest)
    if link:
        name, url = link[1], link[2]
    else:
        bare = re.search(r"https?://\S+", rest)
        url = bare[0] if bare else ""
        name = rest.replace(url, "") if url else rest
    if url:
        meta.setdefault("url", url)
    if name.strip(" []"):
        meta.setdefault("publisher", name.strip(" []"))


def _strip_trailing_chrome(paras: list[str], meta: dict[str, object]) -> list[str]:
    removed: list[str] = meta.setdefault("removed", [])  # type: ignore[assignment]
    while paras:
        last = paras[-1]
        partner = _PARTNER.search(last)
        if partner:
            meta.setdefault("publisher", partner["name"])
        repost = _REPOST.match(last)
        if repost:
            meta.setdefault("publisher", repost["name"].strip())
            removed.append(paras.pop())
        elif any(p.search(last) for p in _TRAILING_CHROME):
            removed.append(paras.pop())
        elif len(paras) >= 2 and _IMAGE_CREDIT.search(paras[-2]) and len(last) <= 20:
            removed.append(paras.pop())  # "题图来源：" with its credit on the next line
        elif _CREDIT.match(last):
            break  # credits are collected by _take_credits
        else:
            break
    return paras


def _take_credits(paras: list[str], meta: dict[str, object]) -> list[str]:
    """Move byline lines ("文丨X", "编辑 | Y", split over several lines or not) into metadata."""
    joined: list[str] = []
    for p in paras:
        if p in ("丨", "|", "｜") and joined:
            joined[-1] += "丨"
        elif joined and joined[-1].endswith("丨") and len(p) <= 12:
            joined[-1] += p
        else:
            joined.append(p)
    credits: list[str] = []
    kept: list[str] = []
    for p in joined:
        if _CREDIT.match(p) and len(p) <= 80:
            credits.append(re.sub(r"\s*[丨|｜]\s*", "丨", p))
            writer = re.match(r"^(?:文|撰文)丨\s*([^丨|｜\s]+)", credits[-1])
            if writer:
                meta.setdefault("writer", writer[1])
        else:
            kept.append(p)
    if credits:
        meta["credits"] = credits
        if not meta.get("author") and meta.get("writer"):
            meta["author"] = meta["writer"]
    # Strip the trailing chrome that sat after the credits (往期推荐 after 撰文 lines, and so on).
    return _strip_trailing_chrome(kept, meta) if credits else kept


def _join_speaker_labels(paras: list[str]) -> list[str]:
    """Re-join lines that exported pages break apart.

    Interview transcripts put the speaker on one line and the answer on the next, opening
    with '：' (sometimes a lone '：' line between them); headings lose their closing quote
    mark to a line of its own.
    """
    out: list[str] = []
    for p in paras:
        prev = out[-1] if out else ""
        if prev and all(ch in "”’」』）)" for ch in p):
            out[-1] = prev + p
        elif prev and p[0] in "：:" and len(prev) <= 12 and not prev.endswith(_SENTENCE_END + ("：",)):
            out[-1] = prev + "：" + p[1:].lstrip()
        elif prev.endswith("：") and len(prev) <= 13:
            out[-1] = prev + p
        else:
            out.append(p)
    return out


def provisional_title(paragraphs: list[str], limit: int = 30) -> str:
    first = re.split(r"(?<=[。！？!?])", paragraphs[0], maxsplit=1)[0].rstrip("。！？!? ")
    if len(first) <= limit:
        return first
    clauses = re.split(r"(?<=[，,；;：:])", first)
    title = ""
    for clause in clauses:
        if len(title) + len(clause) > limit:
            break
        title += clause
    return (title.rstrip("，,；;：: ") or first[:limit]) + "…"


def _parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    match = re.search(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", str(value))
    if not match:
        return None  # "未知" and friends: the date is unknown, not an error
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise UnusableFile(_("the date %(date)s is not a day of the calendar") % {"date": repr(match[0])}) from None


def _split_tags(value: object) -> list[str]:
    if not value:
        return []
    items = value if isinstance(value, list) else re.split(r"[,，、;；\s]+", str(value))
    tags = []
    for item in items:
        tag = re.sub(r"\s+", "-", str(item).strip().lstrip("#"))
        if tag and tag not in tags:
            tags.append(tag[:60])
    return tags
