"""Web pages as readable text: the article's paragraphs, not the page's navigation and chrome.

jusText (BSD) tells content from boilerplate paragraph by paragraph. The page's title comes from
``og:title`` (else ``<title>``, else its ``<h1>``), its site from ``og:site_name`` or
``application-name``; a title's " | Site" or " - Site" suffix naming the site is taken off and
becomes the publisher. Author, date and address come from ``<meta>`` and ``<link>`` tags.
"""

from __future__ import annotations

import re

from db.sourcing.document import Document, SourceFileError, clean_text

# jusText's stop lists by the page's declared language (``<html lang>``).
_LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
              "pt": "Portuguese", "ru": "Russian", "nl": "Dutch", "pl": "Polish",
              "uk": "Ukrainian", "tr": "Turkish", "sv": "Swedish", "cs": "Czech"}
_META = {"title": ("og:title", "twitter:title", "dc.title"),
         "author": ("author", "article:author", "byl", "dc.creator", "parsely-author"),
         "date": ("article:published_time", "date", "dc.date", "pubdate", "parsely-pub-date"),
         "publisher": ("og:site_name", "application-name", "publisher", "dc.publisher")}
# " | Steppe Times", " - Steppe Times", " — Steppe Times" at the end of a title.
_SITE_SUFFIX = re.compile(r"^(?P<head>.+)\s+(?P<sep>[|–—-]|::)\s+(?P<site>[^|–—]{2,80})$")


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
    body = _first_found(tree, ".//article", ".//main", ".//body")
    if body is None:
        return []
    found = [p.text_content() for p in body.findall(".//p")] or [body.text_content()]
    return [" ".join(p.split()) for p in found if p.strip()]


def _first_found(tree, *paths: str):
    """The first element one of ``paths`` finds (an element without children is still one)."""
    for path in paths:
        element = tree.find(path)
        if element is not None:
            return element
    return None


def _metadata(tree) -> dict:
    tags = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in tags:
            tags[key] = " ".join(content.split())[:500]
    found = {field: next((tags[k] for k in keys if k in tags), None)
             for field, keys in _META.items()}
    found["title"], found["publisher"] = _title_and_site(
        found["title"] or _text_of(tree, ".//title"), found["publisher"],
        _text_of(tree, ".//h1"))
    canonical = tree.find(".//link[@rel='canonical']")
    found["url"] = tags.get("og:url") or (canonical.get("href") if canonical is not None
                                          else None)
    return found


def _text_of(tree, path: str) -> str | None:
    element = tree.find(path)
    text = " ".join(element.text_content().split())[:500] if element is not None else ""
    return text or None


def _title_and_site(title: str | None, site: str | None,
                    heading: str | None) -> tuple[str | None, str | None]:
    """The title without a suffix naming the site, and the site. Without a declared site, a
    " | X" suffix is the site, and so is a " - X" one whose title is the page's heading."""
    if not title:
        return heading, site
    found = _SITE_SUFFIX.match(title)
    if found is None:
        return title, site
    head, suffix = found["head"].strip(), found["site"].strip()
    if site:
        return (head, site) if suffix.casefold() == site.casefold() else (title, site)
    if found["sep"] == "|" or (heading and heading.casefold() == head.casefold()):
        return head, suffix
    return title, site
