"""The HTML newsletter as headless Chromium lays it out: nothing wider than a phone or desktop viewport."""

from __future__ import annotations

from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from chromium_cdp import Browser, find_chromium
from newsletter_support import sample_digest

from bot.models import ArticleImage
from bot.newsletter.render import NewsletterRenderer, build_view

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not installed (apt-get install chromium, or set CHROMIUM=/path/to/chrome)",
)

MEASURE = """
(() => {
  const vw = document.documentElement.clientWidth;
  const over = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;  // not rendered (the hidden preheader)
    const name = el.tagName.toLowerCase() + (el.className ? '.' + el.className : '');
    if (r.right > vw + 0.5 || r.left < -0.5) over.push(`${name} spans ${Math.round(r.left)}..${Math.round(r.right)}`);
    if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible')
      over.push(`${name} content ${el.scrollWidth} wider than its box ${el.clientWidth}`);
  }
  const headlines = [...document.querySelectorAll('h2')].map(h => {
    const a = h.querySelector('a[href]');
    return {text: h.textContent.trim(), href: a ? a.getAttribute('href') : null,
            whole: !!a && a.textContent.trim() === h.textContent.trim()};
  });
  const images = [...document.querySelectorAll('img')].map(i => {
    const r = i.getBoundingClientRect();
    return {src: i.getAttribute('src'), alt: i.getAttribute('alt'), width: i.getAttribute('width'),
            height: i.getAttribute('height'), left: r.left, right: r.right, shown: r.width};
  });
  const card = document.querySelector('.nd-card');
  return {vw, width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, over, headlines, images,
          cardWidth: card ? card.getBoundingClientRect().width : null,
          background: card ? getComputedStyle(card).backgroundColor : null,
          fontSize: card ? parseFloat(getComputedStyle(card).fontSize) : null};
})()
"""

# An https image, as the bot keeps them; the browser cannot load it (no network: see chromium_cdp.FLAGS), so the
# layout is what the attributes say: 1600 x 400 declared, shown at the column's width, and shrunk on a phone.
WIDE_IMAGE = ArticleImage("https://images.news.example/wide-harbour.jpg", 'The harbour at "dusk" <wide>', 1600, 400)


def newsletter_html() -> tuple[str, list]:
    digest = sample_digest(8)
    items = list(digest.items)
    lead = items[1].article
    items[1] = replace(items[1], article=replace(lead, article=replace(lead.article, image=WIDE_IMAGE)))
    view = build_view(
        replace(digest, items=tuple(items)),
        ZoneInfo("Europe/Berlin"),
        unsubscribe_url="https://digest.example/newsletter/unsubscribe?token=" + "t" * 60,
        unsubscribe_mailto="mailto:news@digest.example?subject=unsubscribe",
    )
    return NewsletterRenderer().html(view), list(view.items)


@needs_chromium
async def test_newsletter_fits_phone_and_desktop_and_every_headline_is_a_link(tmp_path):
    html, items = newsletter_html()
    page = tmp_path / "newsletter.html"
    page.write_text(html, encoding="utf-8")
    control = tmp_path / "control.html"
    control.write_text('<html><body><div style="width:2000px">too wide</div><h2>no link</h2></body></html>')

    async with Browser(CHROMIUM) as browser:
        # The measurement must be able to fail: a page that overflows is caught.
        await browser.open(control.as_uri(), width=375)
        bad = await browser.evaluate(MEASURE)
        assert bad["over"]
        assert bad["headlines"] == [{"text": "no link", "href": None, "whole": False}]

        results = {}
        for width in (375, 1280):
            await browser.open(page.as_uri(), width=width)
            results[width] = await browser.evaluate(MEASURE)
        await browser.open(page.as_uri(), width=375, dark=True)
        dark = await browser.evaluate(MEASURE)

    for width, seen in results.items():
        assert seen["over"] == [], f"at {width}px: {seen['over']}"
        assert seen["width"] == width  # a phone page that overflows zooms out, which widens innerWidth
        assert seen["scrollWidth"] <= seen["vw"]
        assert len(seen["headlines"]) == len(items)
        for headline, item in zip(seen["headlines"], items, strict=True):
            assert headline["whole"], headline
            assert headline["href"] == item.url
        assert seen["fontSize"] >= 16  # readable without zooming on a phone
        (image,) = seen["images"]
        assert image["src"] == WIDE_IMAGE.url
        assert image["alt"] == WIDE_IMAGE.alt  # escaped in the markup, read back by the browser as written
        assert (image["width"], image["height"]) == ("592", "148")  # declared at most the column's width
        assert image["shown"] <= 592
        assert image["right"] <= seen["vw"]
    assert results[375]["cardWidth"] <= 375
    assert results[1280]["cardWidth"] == 640  # a comfortable measure on a wide screen
    assert results[375]["background"] == "rgb(255, 255, 255)"
    assert dark["background"] != results[375]["background"]  # dark mode has its own colours
    assert dark["over"] == []
