"""The templates keep to the Content Security Policy: nothing inline that it would refuse."""

from __future__ import annotations

import re
from pathlib import Path

import openjxc.entrypoints.web

TEMPLATES = Path(openjxc.entrypoints.web.__file__).parent / "templates"


def _templates() -> dict[str, str]:
    found = {str(p.relative_to(TEMPLATES)): p.read_text() for p in TEMPLATES.rglob("*.html")}
    assert found, "no templates found"
    return found


def test_no_template_has_an_inline_script() -> None:
    for name, html in _templates().items():
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (name, tag)


def test_no_template_has_an_inline_event_handler_or_style_attribute() -> None:
    for name, html in _templates().items():
        assert not re.search(r"\son[a-z]+\s*=", html), name
        assert not re.search(r"\sstyle\s*=", html), name


def test_an_inline_style_block_carries_the_requests_nonce() -> None:
    for name, html in _templates().items():
        for tag in re.findall(r"<style\b[^>]*>", html):
            assert 'nonce="{{ request.state.csp_nonce }}"' in tag, (name, tag)


def test_no_alpine_expression_reaches_for_a_global() -> None:
    # Alpine's CSP build refuses globals (JSON, window, document…): components wrap them
    expression = re.compile(r'\s(?:x-[a-z:.-]+|@[a-z.:-]+|:[a-z-]+)="([^"]*)"')
    for name, html in _templates().items():
        for value in expression.findall(html):
            assert not re.search(r"\b(JSON|window|document|Math|console)\b", value), (name, value)
