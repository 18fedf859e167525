"""Web pages as readable text: the article's paragraphs, not the page's navigation and chrome.

jusText (BSD) tells content from boilerplate paragraph by paragraph; the page's title, author,
date, site and address come from its ``<title>`` and ``<meta>`` tags.
"""

from __future__ import annotations

from db.sourcing.document import Document, SourceFileError, clean_text

# jusText's stop lists by the page's declared language (``<html lang>``).
_LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
              "pt": "Portuguese", "ru": "Russian", "nl": "Dutch", "pl": "Polish",
              "uk": "Ukrainian", "tr": "Turkish", "sv": "Swedish", "cs": "Czech"}
_META = {"title": ("og:title", "twitter:title", "dc.title"),
         "author": ("author", "article:author", "byl", "dc.creator", "parsely-author"),
         "date": ("article:published_time", "date", "dc.date", "pubdate", "parsely-pub-date"),
         "publisher": ("og:site_name", "publisher", "dc.publisher")}


def read_webpage(raw: bytes, name: str) -> Document:
    import lxml.html
    from lxml.etree import ParserError

    try:
        tree = lxml.html.fromstring(raw)
    except (ParserError, ValueError) as exc:
        raise SourceFileError(f"{name} cannot be read as a web page: {exc}") from None
    meta = _metadata(tree)
    text = clean_text("\n\n".join(_article_paragraphs(raw, tree)))
    return Document(text=text, format="html", **meta)


def _article_paragraphs(raw: bytes, tree) -> list[str]:
    import justext

    language = _LANGUAGES.get((tree.get("lang") or "en")[:2].lower(), "English")
    paragraphs = justext.justext(raw, justext.get_stoplist(language))
    kept = [" ".join(p.text.split()) for p in paragraphs if not p.is_boilerplate]
    if kept:
        return kept
    # A short page jusText finds no article in: the paragraphs of <article> or <main>.
    body = tree.find(".//article") or tree.find(".//main") or tree.find(".//body")
    found = body.findall(".//p") if body is not None else []
    return [" ".join(p.text_content().split()) for p in found if p.text_content().strip()]


def _metadata(tree) -> dict:
    tags = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in tags:
            tags[key] = content[:500]
    found = {field: next((tags[k] for k in keys if k in tags), None)
             for field, keys in _META.items()}
    if not found["title"]:
        title = tree.findtext(".//title")
        found["title"] = " ".join(title.split())[:500] if title and title.strip() else None
    canonical = tree.find(".//link[@rel='canonical']")
    found["url"] = tags.get("og:url") or (canonical.get("href") if canonical is not None
                                          else None)
    return found
