"""Visible text of a built page, and what remains of it outside the pseudo-locale's ⟦…⟧ wrappers.

Visible means what a person sees or a screen reader says: text in <body> outside <script>, <style>, <svg> and
<template>, plus the attributes read aloud or shown (alt, title, aria-label, placeholder). Code samples
(<code>, <pre>) are commands and configuration, not prose, and are left out.
"""
import re
from html.parser import HTMLParser

from sitebuild.pseudo_locale import PSEUDO_CLOSE, PSEUDO_OPEN

SKIP = {"script", "style", "svg", "template", "code", "pre"}
SPOKEN_ATTRS = ("alt", "title", "aria-label", "placeholder")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list = []
        self.in_body = False
        self.pieces: list = []

    def handle_starttag(self, tag, attrs):
        if tag == "body":
            self.in_body = True
        if self.in_body and not any(t in SKIP for t in self.stack):
            for name, value in attrs:
                if name in SPOKEN_ATTRS and value:
                    self.pieces.append(value)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if self.in_body and not any(t in SKIP for t in self.stack):
            self.pieces.append(data)


def visible_text(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.pieces


def outside_wrappers(text: str) -> str:
    """The text with every ⟦…⟧ span (nested or not) removed."""
    pattern = re.compile(re.escape(PSEUDO_OPEN) + "[^" + PSEUDO_OPEN + PSEUDO_CLOSE + "]*" + re.escape(PSEUDO_CLOSE))
    previous = None
    while previous != text:
        previous, text = text, pattern.sub(" ", text)
    return text
