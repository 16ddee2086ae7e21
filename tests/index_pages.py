"""Home, section, tag, search and archive pages as today's CMSs write them, and the articles that look like them.

The index30 probe's own fixtures (no text of ../shared/datasets): ``INDEXES`` are pages of many story links, none
of them one article; ``NEAR_MISSES`` are articles whose shape comes close (links, headings, timed entries). Each
is a ``(name, suffix, text)``: a saved page (``.html``, and one as ``.mhtml``), a browser's copy (``.txt``) or a
web clipper's Markdown (``.md``), in English, German and Spanish.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Teaser:
    """One story as an index page shows it."""

    title: str
    snippet: str
    author: str
    day: str
    slug: str


EN = (
    Teaser(
        "Harbour ferry to run on batteries from spring",
        "The council voted on Thursday to replace the diesel ferry with an electric boat that will carry "
        "commuters across the bay from April.",
        "Ann Example",
        "December 3, 2026",
        "harbour-ferry-batteries",
    ),
    Teaser(
        "School meals budget rises by a tenth",
        "Parents welcomed the increase, though the union says kitchens are still short of staff in three districts.",
        "Ben Sample",
        "December 2, 2026",
        "school-meals-budget",
    ),
    Teaser(
        "Storm closes coastal road for a second night",
        "Engineers expect to reopen one lane by Friday after clearing fallen rocks near the lighthouse bend.",
        "Cara Demo",
        "December 2, 2026",
        "storm-coastal-road",
    ),
    Teaser(
        "Library extends opening hours over the winter",
        "The main branch will open until nine on weekdays, a trial the city will review in March.",
        "Dan Placeholder",
        "December 1, 2026",
        "library-winter-hours",
    ),
    Teaser(
        "New cycle lanes split opinion on Market Street",
        "Shop owners fear losing parking while riders say the protected lane has made the crossing safer.",
        "Eve Instance",
        "November 30, 2026",
        "market-street-cycle-lanes",
    ),
    Teaser(
        "Football club names its first woman chair",
        "The former treasurer takes over after a vote of members and promises a new stand within five years.",
        "Finn Example",
        "November 29, 2026",
        "club-first-woman-chair",
    ),
    Teaser(
        "Hospital car park fees to be scrapped for nurses",
        "The trust said the change would cost about 300,000 pounds a year and take effect in January.",
        "Gail Sample",
        "November 28, 2026",
        "hospital-parking-fees",
    ),
    Teaser(
        "Museum returns carved panels to island community",
        "The panels, taken in 1911, will be shown in a new hall built by the islanders themselves.",
        "Hal Demo",
        "November 27, 2026",
        "museum-returns-panels",
    ),
)

DE = (
    Teaser(
        "Hafenfähre fährt ab Frühjahr elektrisch",
        "Der Stadtrat hat am Donnerstag beschlossen, die alte Dieselfähre durch ein Elektroboot zu ersetzen.",
        "Anna Beispiel",
        "3. Dezember 2026",
        "hafenfaehre-elektrisch",
    ),
    Teaser(
        "Schulessen wird teurer, aber besser",
        "Eltern begrüßen die neuen Menüs, die Gewerkschaft warnt vor fehlendem Personal in den Küchen.",
        "Bernd Muster",
        "2. Dezember 2026",
        "schulessen-teurer",
    ),
    Teaser(
        "Sturm sperrt Küstenstraße erneut",
        "Die Straße bleibt bis Freitag gesperrt, weil Felsbrocken am Leuchtturm geräumt werden müssen.",
        "Clara Probe",
        "2. Dezember 2026",
        "sturm-kuestenstrasse",
    ),
    Teaser(
        "Bibliothek verlängert Öffnungszeiten im Winter",
        "Die Zentralbibliothek öffnet werktags bis 21 Uhr, die Stadt prüft den Versuch im März.",
        "David Platz",
        "1. Dezember 2026",
        "bibliothek-winter",
    ),
    Teaser(
        "Neue Radwege spalten die Marktstraße",
        "Händler fürchten um Parkplätze, Radfahrer loben die geschützte Spur über die Kreuzung.",
        "Eva Fall",
        "30. November 2026",
        "radwege-marktstrasse",
    ),
    Teaser(
        "Fußballverein wählt erstmals eine Präsidentin",
        "Die frühere Kassenwartin übernimmt nach einer Mitgliederversammlung und verspricht eine neue Tribüne.",
        "Finn Beispiel",
        "29. November 2026",
        "verein-praesidentin",
    ),
)

ES = (
    Teaser(
        "El transbordador del puerto será eléctrico en primavera",
        "El pleno aprobó el jueves sustituir el viejo barco diésel por una embarcación eléctrica.",
        "Lucía Ramos",
        "3 de diciembre de 2026",
        "transbordador-electrico",
    ),
    Teaser(
        "Sube un diez por ciento el presupuesto de comedores",
        "Las familias celebran el aumento, aunque el sindicato denuncia falta de personal en las cocinas.",
        "Mario Ejemplo",
        "2 de diciembre de 2026",
        "presupuesto-comedores",
    ),
    Teaser(
        "El temporal cierra la carretera de la costa",
        "Los técnicos prevén abrir un carril el viernes tras retirar las rocas caídas junto al faro.",
        "Nuria Prueba",
        "2 de diciembre de 2026",
        "temporal-carretera",
    ),
    Teaser(
        "La biblioteca amplía su horario en invierno",
        "La sede central abrirá hasta las nueve entre semana, una prueba que se revisará en marzo.",
        "Óscar Muestra",
        "1 de diciembre de 2026",
        "biblioteca-horario",
    ),
    Teaser(
        "Los nuevos carriles bici dividen la calle Mayor",
        "Los comerciantes temen perder aparcamiento y los ciclistas dicen que el cruce es más seguro.",
        "Paula Caso",
        "30 de noviembre de 2026",
        "carriles-bici",
    ),
    Teaser(
        "El club de fútbol elige a su primera presidenta",
        "La antigua tesorera asume el cargo tras la votación de los socios y promete una nueva grada.",
        "Raúl Ejemplo",
        "29 de noviembre de 2026",
        "club-presidenta",
    ),
)

SITE = "https://news.example"
_NAV = (
    "<header><a class='logo' href='/'>The Harbour Gazette</a><nav><ul><li><a href='/'>Home</a></li>"
    "<li><a href='/news/'>News</a></li><li><a href='/sport/'>Sport</a></li><li><a href='/opinion/'>Opinion</a></li>"
    "<li><a href='/about/'>About us</a></li></ul></nav></header>"
)
_FOOT = (
    "<footer><p>© 2026 The Harbour Gazette</p><a href='/privacy/'>Privacy</a> <a href='/contact/'>Contact</a></footer>"
)


def _page(lang: str, title: str, body: str, head: str = "") -> str:
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body>{_NAV}<main>{body}</main>{_FOOT}</body></html>"
    )


def _ld(*nodes: dict[str, object]) -> str:
    graph = {"@context": "https://schema.org", "@graph": list(nodes)}
    return f"<script type='application/ld+json'>{json.dumps(graph)}</script>"


def wordpress_index(stories: tuple[Teaser, ...], lang: str, more: str = "Read more") -> str:
    """A WordPress blog's front page: one <article> teaser per post, "Read more", Yoast's CollectionPage."""
    head = "<meta property='og:type' content='website'>" + _ld(
        {"@type": "CollectionPage", "name": "Harbour Notes"}, {"@type": "WebSite", "name": "Harbour Notes"}
    )
    posts = "".join(
        f"<article class='post type-post'><header class='entry-header'><h2 class='entry-title'>"
        f"<a href='https://blog.example/2026/12/{s.slug}/' rel='bookmark'>{s.title}</a></h2>"
        f"<div class='entry-meta'><span class='posted-on'><time class='entry-date' datetime='2026-12-01'>{s.day}"
        f"</time></span> <span class='byline'>by <a href='/author/{s.slug[:4]}/'>{s.author}</a></span></div></header>"
        f"<div class='entry-summary'><p>{s.snippet} [&hellip;]</p></div>"
        f"<a class='more-link' href='https://blog.example/2026/12/{s.slug}/'>{more}</a></article>"
        for s in stories
    )
    pager = "<nav class='pagination'><a href='/page/2/'>Older posts</a></nav>"
    return _page(lang, "Harbour Notes - a blog about the bay", posts + pager, head)


def front_page(stories: tuple[Teaser, ...], lang: str) -> str:
    """A news front page: a lead story with its summary, then a grid of headlines with bylines and times."""
    lead, *rest = stories
    body = (
        f"<section class='top'><div class='lead-story'><h2><a href='/news/{lead.slug}'>{lead.title}</a></h2>"
        f"<p class='standfirst'>{lead.snippet}</p><p class='byline'>{lead.author}</p>"
        f"<time datetime='2026-12-03T08:00'>{lead.day}</time></div></section><section class='grid'>"
        + "".join(
            f"<div class='card'><h3><a href='/news/{s.slug}'>{s.title}</a></h3>"
            f"<span class='byline'>{s.author}</span> <time>{s.day}</time></div>"
            for s in rest * 2
        )
        + "</section>"
    )
    head = "<meta property='og:type' content='website'><meta property='og:site_name' content='The Harbour Gazette'>"
    return _page(lang, "The Harbour Gazette | News from the bay", body, head)


def section_page(stories: tuple[Teaser, ...], lang: str, section: str = "World news") -> str:
    """A section page: its name, a lead story with a summary, and a list of the section's other headlines."""
    lead, *rest = stories
    body = (
        f"<h1>{section}</h1><div class='lead'><a href='/world/{lead.slug}'><h2>{lead.title}</h2></a>"
        f"<p>{lead.snippet}</p></div><ul class='story-list'>"
        + "".join(f"<li><a href='/world/{s.slug}'>{s.title}</a> <time>{s.day}</time></li>" for s in rest)
        + "</ul>"
    )
    return _page(lang, f"{section} | The Harbour Gazette", body)


def search_page(stories: tuple[Teaser, ...], lang: str, heading: str = 'Search results for "harbour"') -> str:
    """A site's search results: a heading, a count, and one linked title, snippet and date per result."""
    body = (
        f"<h1>{heading}</h1><p class='count'>{len(stories)} results</p><ol class='results'>"
        + "".join(
            f"<li class='result'><h3><a href='{SITE}/news/{s.slug}'>{s.title}</a></h3>"
            f"<p class='snippet'>{s.snippet}</p><span class='date'>{s.day}</span></li>"
            for s in stories
        )
        + "</ol>"
    )
    head = _ld({"@type": "SearchResultsPage", "name": heading})
    return _page(lang, f"{heading} | The Harbour Gazette", body, head)


def tag_page(stories: tuple[Teaser, ...], lang: str, tag: str = "Tag: transport") -> str:
    """A tag page: whole teasers as links (a heading and the snippet inside one <a>), no metadata."""
    body = f"<h1>{tag}</h1>" + "".join(
        f"<div class='teaser'><a href='/{s.slug}.html'><h3>{s.title}</h3><p>{s.snippet}</p></a>"
        f"<div class='meta'>{s.author} · {s.day}</div></div>"
        for s in stories
    )
    return _page(lang, tag, body)


def ghost_archive(stories: tuple[Teaser, ...], lang: str) -> str:
    """A Ghost blog's home page: post cards whose link wraps the title and excerpt, reading time under each."""
    cards = "".join(
        f"<article class='post-card post'><a class='post-card-content-link' href='/{s.slug}/'>"
        f"<header class='post-card-header'><h2 class='post-card-title'>{s.title}</h2></header>"
        f"<section class='post-card-excerpt'><p>{s.snippet}</p></section></a>"
        f"<footer class='post-card-meta'><span>{s.author}</span> <time>{s.day}</time> "
        f"<span class='reading-time'>4 min read</span></footer></article>"
        for s in stories
    )
    head = "<meta property='og:type' content='website'>" + _ld({"@type": "WebSite", "name": "Bay Letters"})
    return _page(lang, "Bay Letters", f"<div class='post-feed'>{cards}</div>", head)


def substack_archive(stories: tuple[Teaser, ...], lang: str) -> str:
    """A Substack archive: a title link, a subtitle link and a date line per post."""
    items = "".join(
        f"<div class='post-preview'><a class='post-preview-title' href='{SITE}/p/{s.slug}'>"
        f"{s.title}</a><a class='post-preview-description' href='{SITE}/p/{s.slug}'>"
        f"{s.snippet}</a><div class='post-preview-meta'><time>{s.day}</time> ∙ {s.author}</div></div>"
        for s in stories
    )
    return _page(lang, "Archive - Bay Letters", f"<h1>Archive</h1><div class='portable-archive-list'>{items}</div>")


def mhtml(html: str, location: str = f"{SITE}/") -> str:
    """The page as Chrome saves "Webpage, Single File"."""
    return (
        "From: <Saved by Blink>\r\nSnapshot-Content-Location: " + location + "\r\nSubject: The Harbour Gazette\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n\ttype="text/html";\r\n'
        '\tboundary="----MultipartBoundary--abc--"\r\n\r\n------MultipartBoundary--abc--\r\n'
        "Content-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\nContent-Transfer-Encoding: 8bit\r\n"
        f"Content-Location: {location}\r\n\r\n{html}\r\n------MultipartBoundary--abc----\r\n"
    )


def pasted_index(stories: tuple[Teaser, ...], more: str = "Read more") -> str:
    """A blog's front page as a browser copies it: the site's header, then title, date and author, snippet."""
    top = "Harbour Notes\nHome\nAbout\nContact\n\n"
    posts = "\n\n".join(f"{s.title}\n{s.day} by {s.author}\n{s.snippet} […]\n{more}" for s in stories)
    return top + posts + "\n\nOlder posts\n© 2026 Harbour Notes\n"


def pasted_front(stories: tuple[Teaser, ...]) -> str:
    """A news front page as a browser copies it: headline, standfirst, byline and time, story after story."""
    return "The Harbour Gazette\nNews Sport Opinion\n\n" + "\n\n".join(
        f"{s.title}\n{s.snippet}\n{s.author}\n{s.day}" for s in stories
    )


def markdown_index(stories: tuple[Teaser, ...], more: str = "Read more") -> str:
    """A web clipper's Markdown of a blog's front page: linked headings, date and author, snippet, "Read more"."""
    front = "---\ntitle: Harbour Notes\nsource: https://blog.example/\n---\n\n"
    return front + "\n\n".join(
        f"## [{s.title}](https://blog.example/2026/12/{s.slug}/)\n\n*{s.day} · {s.author}*\n\n{s.snippet}\n\n"
        f"[{more} →](https://blog.example/2026/12/{s.slug}/)"
        for s in stories
    )


def markdown_list(stories: tuple[Teaser, ...]) -> str:
    """A clipped section page: the section's name, then one linked headline and its date per line."""
    return "# World news\n\n" + "\n".join(
        f"- [{s.title}](https://news.example/world/{s.slug}) — {s.day}" for s in stories
    )


# The near misses: articles.
STORY = (
    "The council voted on Thursday night to replace the harbour's ageing diesel ferry with an electric boat, "
    "ending two years of argument over the cost of the crossing and the noise it makes in the old town.",
    "The new vessel, built at the yard across the bay, will carry up to 120 passengers and 20 bicycles. It will be "
    "charged overnight from a cable laid along the north pier, which the port authority will pay for.",
    "Mayor Ruth Example said after the vote that the boat would be quieter and cleaner, and that fares would not "
    "rise before 2028. The opposition, which wanted a public tender, called the timetable too tight.",
    "The yard expects to deliver the hull in March. Batteries are due from a supplier in the north in April, and "
    "sea trials are planned for the first two weeks of May, weather permitting.",
    'Commuters on the morning crossing were mostly pleased. "It is about time," said one nurse who takes the '
    'ferry to the hospital every day. "The old one shakes so much you cannot read on it."',
    "The old ferry, in service since 1987, will be sold. Two island communities have already asked about it, the "
    "harbour master said, and a museum in the capital would like its wheelhouse.",
)


def article_with_related(lang: str = "en", *, declared: bool = True) -> str:
    """A long article with a "Related stories" block of teasers under it and a sidebar of most-read links."""
    head = (
        "<meta property='og:type' content='article'>"
        + _ld({"@type": "NewsArticle", "headline": "Harbour ferry to run on batteries from spring"})
        if declared
        else ""
    )
    related = "".join(
        f"<div class='related-item'><h3><a href='/news/{s.slug}'>{s.title}</a></h3><p>{s.snippet}</p></div>"
        for s in EN[1:5]
    )
    sidebar = "".join(f"<li><a href='/news/{s.slug}'>{s.title}</a></li>" for s in EN * 2)
    body = (
        "<article><h1>Harbour ferry to run on batteries from spring</h1><p class='byline'>By Ann Example</p>"
        "<time datetime='2026-12-03T08:00'>December 3, 2026</time>"
        + "".join(f"<p>{p}</p>" for p in STORY)
        + f"</article><section class='related'><h2>Related stories</h2>{related}</section>"
        f"<aside><h2>Most read</h2><ol>{sidebar}</ol></aside>"
    )
    return _page(lang, "Harbour ferry to run on batteries from spring | The Harbour Gazette", body, head)


_LIVE = (
    ("09:05", "Coastal road closed", "Police have closed the coastal road at the lighthouse bend after rocks fell."),
    ("09:40", "Ferries cancelled", "All morning crossings are cancelled, the port says, as gusts reach 70 mph."),
    ("10:15", "Schools shut early", "Four schools on the bay will close at noon so children get home in daylight."),
    ("10:50", "Power cuts", "About 2,000 homes are without power in the north of the town, the grid company says."),
    ("11:20", "Rescue at the harbour", "A lifeboat crew brought two fishermen ashore after their engine failed."),
    ("12:05", "Trains slowed", "Trains along the coast run at reduced speed because of debris on the line."),
    ("12:40", "Council opens hall", "The town hall is open as a warm space for anyone who has lost power."),
    ("13:10", "Winds to ease", "Forecasters expect the wind to drop by evening, though the rain will go on."),
)


def live_blog(lang: str = "en") -> str:
    """A live blog: one story told in many short timed entries, each with a permalink."""
    entries = "".join(
        f"<div class='block' id='b{i}'><a class='permalink' href='#b{i}'><time>{t}</time></a><h3>{h}</h3>"
        f"<p>{p} Our reporter on the seafront says conditions are worse than forecast.</p></div>"
        for i, (t, h, p) in enumerate(_LIVE)
    )
    head = "<meta property='og:type' content='article'>"
    body = (
        "<article><h1>Storm Example live: roads and ferries closed across the bay</h1>"
        "<p class='standfirst'>Follow the latest as the storm reaches the coast.</p>" + entries + "</article>"
    )
    return _page(lang, "Storm Example live | The Harbour Gazette", body, head)


def listicle(lang: str = "en") -> str:
    """A listicle: "7 best ...", an intro, then a numbered heading, a paragraph and a link out per item."""
    items = "".join(
        f"<h2>{i}. {s.title.split(' ', 3)[-1].capitalize()} walk</h2><p>{s.snippet} The path is "
        f"about {i + 2} miles long and takes most walkers two hours.</p>"
        f"<p><a href='https://maps.example{i}.org/route'>See the route on Example Maps</a></p>"
        for i, s in enumerate(EN[:7], 1)
    )
    body = (
        "<article><h1>7 best winter walks around the bay</h1><p>Short days need not mean staying in. We asked "
        "readers and rangers for the walks they love most when the weather turns.</p>" + items + "</article>"
    )
    return _page(lang, "7 best winter walks around the bay", body)


def roundup(lang: str = "en") -> str:
    """A roundup newsletter's page: an intro, then linked headlines of other sites with a line of comment each."""
    items = "".join(
        f"<h3><a href='https://paper{i}.example/{s.slug}'>{s.title}</a></h3><p>{s.snippet}</p>"
        for i, s in enumerate(EN, 1)
    )
    body = (
        "<article><h1>The week on the coast: eight stories worth your time</h1><p>Hello again. It was a week of "
        "storms and budgets, and a good one for anyone who likes boats. Here is what we read.</p>"
        + items
        + "<p>That is all for this week. Reply to this letter to tell us what we missed.</p></article>"
    )
    return _page(lang, "The week on the coast", body)


def linked_article(lang: str = "en") -> str:
    """A short article whose sentences carry many inline links."""
    paragraphs = (
        "The <a href='/council'>council</a> voted to replace the <a href='/ferry'>harbour ferry</a> with an "
        "<a href='https://yard.example/'>electric boat</a>, the <a href='/mayor'>mayor</a> said on Thursday.",
        "The boat will be built by <a href='https://yard.example/'>the yard across the bay</a> and charged from a "
        "<a href='/pier'>cable on the north pier</a>, <a href='/port'>the port authority</a> said.",
        "Fares will not rise before 2028, according to <a href='/budget'>the budget papers</a>.",
    )
    body = "<article><h1>Council backs electric harbour ferry</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    return _page(lang, "Council backs electric harbour ferry", body + "</article>")


def short_article_with_sidebar(lang: str = "en") -> str:
    """A short brief, no metadata, beside a sidebar of the site's headlines (a <div>, not an <aside>)."""
    sidebar = "".join(f"<h3><a href='/news/{s.slug}'>{s.title}</a></h3>" for s in EN)
    body = (
        "<div class='story'><h1>Ferry timetable changes on Monday</h1><p>The first crossing of the day will leave "
        "ten minutes earlier from Monday, the port said, so that commuters can catch the 7.40 train. The last "
        "crossing is unchanged.</p><p>Season tickets bought before the change remain valid.</p></div>"
        f"<div class='sidebar'><h2>Latest</h2>{sidebar}</div>"
    )
    return _page(lang, "Ferry timetable changes on Monday", body)


def pasted_live_blog() -> str:
    """A live blog as a browser copies it."""
    entries = "\n\n".join(f"{t}\n{h}\n{p} Our reporter says conditions are worse than forecast." for t, h, p in _LIVE)
    return "Storm Example live: roads and ferries closed across the bay\nDecember 3, 2026\n\n" + entries


def pasted_listicle() -> str:
    """A listicle as a browser copies it."""
    items = "\n\n".join(
        f"{i}. {s.title.split(' ', 3)[-1].capitalize()} walk\n{s.snippet} The path takes most walkers two hours.\n"
        "See the route on Example Maps"
        for i, s in enumerate(EN[:7], 1)
    )
    return (
        "7 best winter walks around the bay\nBy Ann Example\nDecember 3, 2026\n\nShort days need not mean staying "
        "in. We asked readers and rangers for the walks they love most.\n\n" + items
    )


def pasted_article_with_related() -> str:
    """An article as a browser copies it, with the related stories under it."""
    related = "\n".join(f"{s.title}\n{s.day}" for s in EN[1:6])
    return (
        "Harbour ferry to run on batteries from spring\nBy Ann Example\nDecember 3, 2026\n\n"
        + "\n\n".join(STORY)
        + f"\n\nRelated stories\n{related}\n"
    )


def markdown_roundup() -> str:
    """A roundup clipped as Markdown: linked headlines of other sites, a line of comment under each."""
    items = "\n\n".join(
        f"### [{s.title}](https://paper{i}.example/{s.slug})\n\n{s.snippet}" for i, s in enumerate(EN, 1)
    )
    return (
        "---\ntitle: The week on the coast\nsource: https://letters.example/p/week-49\n---\n\nHello again. It was a "
        "week of storms and budgets, and a good one for anyone who likes boats. Here is what we read.\n\n" + items
    )


def markdown_listicle() -> str:
    """A listicle clipped as Markdown."""
    items = "\n\n".join(
        f"## {i}. {s.title.split(' ', 3)[-1].capitalize()} walk\n\n{s.snippet} The path takes two hours.\n\n"
        f"[See the route](https://maps.example{i}.org/route)"
        for i, s in enumerate(EN[:7], 1)
    )
    return "# 7 best winter walks around the bay\n\nShort days need not mean staying in. Our favourites:\n\n" + items


INDEXES = (
    ("wordpress-en", ".html", wordpress_index(EN, "en")),
    ("wordpress-de", ".html", wordpress_index(DE, "de", "Weiterlesen")),
    ("wordpress-es", ".html", wordpress_index(ES, "es", "Leer más")),
    ("front-en", ".html", front_page(EN, "en")),
    ("front-de", ".mhtml", mhtml(front_page(DE, "de"))),
    ("section-en", ".html", section_page(EN, "en")),
    ("section-es", ".html", section_page(ES, "es", "Internacional")),
    ("search-en", ".html", search_page(EN, "en")),
    ("search-de", ".html", search_page(DE, "de", "Suchergebnisse für „Hafen“")),
    ("tag-en", ".html", tag_page(EN, "en")),
    ("tag-es", ".html", tag_page(ES, "es", "Etiqueta: transporte")),
    ("ghost-en", ".html", ghost_archive(EN, "en")),
    ("substack-en", ".html", substack_archive(EN, "en")),
    ("substack-de", ".mhtml", mhtml(substack_archive(DE, "de"))),
    ("pasted-index-en", ".txt", pasted_index(EN)),
    ("pasted-index-de", ".txt", pasted_index(DE, "Weiterlesen")),
    ("pasted-front-es", ".txt", pasted_front(ES)),
    ("markdown-index-en", ".md", markdown_index(EN)),
    ("markdown-index-es", ".md", markdown_index(ES, "Leer más")),
    ("markdown-list-de", ".md", markdown_list(DE)),
)

NEAR_MISSES = (
    ("related-en", ".html", article_with_related()),
    ("related-bare-en", ".html", article_with_related(declared=False)),
    ("live-en", ".html", live_blog()),
    ("listicle-en", ".html", listicle()),
    ("roundup-en", ".html", roundup()),
    ("linked-en", ".html", linked_article()),
    ("short-sidebar-en", ".html", short_article_with_sidebar()),
    ("pasted-related-en", ".txt", pasted_article_with_related()),
    ("pasted-live-en", ".txt", pasted_live_blog()),
    ("pasted-listicle-en", ".txt", pasted_listicle()),
    ("markdown-roundup-en", ".md", markdown_roundup()),
    ("markdown-listicle-en", ".md", markdown_listicle()),
)
