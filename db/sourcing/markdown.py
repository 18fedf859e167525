"""Markdown posts as readable text: front matter as metadata, markup stripped.

Kept: the words of headings, paragraphs, list items, quotes and code, and the text of links.
Dropped: HTML tags, images, link targets and attribute lines such as ``{:.class}``.
"""

from __future__ import annotations

import html
import re

from db.sourcing.document import Document, clean_text

_FRONT = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\n(.*?)\n\1[ \t]*(?:\n|\Z)", re.DOTALL)
_ATTRIBUTES = re.compile(r"\{:[^}\n]*\}")  # kramdown's {:.class} and {: #id}
_TAG = re.compile(r"<[^>]*>")
_KEYS = {"title": "title", "date": "date", "published": "date", "byline": "author",
         "author": "author", "authors": "author", "publisher": "publisher", "site": "publisher",
         "url": "url", "canonical_url": "url", "link": "url"}


def read_markdown(text: str) -> Document:
    meta, body = front_matter(text)
    return Document(text=clean_text(markdown_text(body)), format="markdown", **meta)


def front_matter(text: str) -> tuple[dict, str]:
    """The metadata a post's front matter gives (title, date, author, …) and the body after it."""
    found = _FRONT.match(text)
    if not found:
        return {}, text
    meta: dict = {}
    for line in found.group(2).splitlines():
        key, sep, value = line.partition("=" if found.group(1) == "+++" else ":")
        field = _KEYS.get(key.strip().lower())
        value = _unquoted(value)
        if sep and field and value and field not in meta:
            meta[field] = value[:500]
    return meta, text[found.end():]


def _unquoted(value: str) -> str:
    value = value.strip().strip("[]").strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value.strip()


def markdown_text(body: str) -> str:
    """The readable text of a Markdown body, one paragraph a line, blank lines between."""
    from markdown_it import MarkdownIt

    body = _ATTRIBUTES.sub("", body)
    tokens = MarkdownIt("commonmark").parse(body)
    blocks, bullet = [], False
    for token in tokens:
        if token.type == "list_item_open":
            bullet = True
        elif token.type == "inline":
            words = _inline_text(token.children or [])
            if words.strip():
                blocks.append(("• " if bullet else "") + words.strip())
            bullet = False
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
        elif token.type == "html_block":
            words = html.unescape(_TAG.sub(" ", token.content))
            if words.strip():
                blocks.append(" ".join(words.split()))
    return "\n\n".join(blocks)


def _inline_text(children) -> str:
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
    return "".join(out)
