# ruff: noqa: E501, RUF001  (fixture text: the mails as their platforms write them, long lines and all)
"""Write the platform-shaped newsletters of ``tests/test_eml_platforms.py`` as .eml files (run once; output kept).

Every text is written for these tests (no real newsletter is copied). Each mail copies what its platform or
mail client produces: the MIME structure (multipart/alternative or a lone part), the transfer encoding
(quoted-printable, base64, 7bit ISO-2022-JP), RFC 2047 subjects, and the furniture around the story (view in
browser, mastheads, bylines, buttons, footers with unsubscribe links and postal addresses, forward headers).

    python tests/data/eml/build.py
"""

from __future__ import annotations

import email.charset
import textwrap
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _text(body: str, subtype: str, charset: str, cte: str) -> MIMEText:
    cs = email.charset.Charset(charset)
    cs.body_encoding = {"qp": email.charset.QP, "b64": email.charset.BASE64, "7bit": None}[cte]
    part = MIMEText("", subtype)
    del part["Content-Transfer-Encoding"]
    part.set_payload(body, cs)
    if cte == "7bit":
        del part["Content-Transfer-Encoding"]
        part["Content-Transfer-Encoding"] = "7bit"
    return part


def build(
    name: str,
    headers: list[tuple[str, str]],
    *,
    plain: str | None = None,
    html: str | None = None,
    charset: str = "utf-8",
    cte: str = "qp",
) -> None:
    parts = []
    if plain is not None:
        parts.append(_text(plain, "plain", charset, cte))
    if html is not None:
        parts.append(_text(html, "html", charset, cte))
    if len(parts) == 2:
        message: MIMEMultipart | MIMEText = MIMEMultipart("alternative", boundary=f"----=_Part_{name}_0001")
        for part in parts:
            message.attach(part)
    else:
        message = parts[0]
    for key, value in headers:
        message[key] = value
    (HERE / f"{name}.eml").write_bytes(message.as_bytes())


def q(text: str, charset: str = "utf-8") -> str:
    """An RFC 2047 header in ``charset`` (the mail clients' choice of Q or B encoding)."""
    return Header(text, charset).encode()


# --- Substack: a post sent as an e-mail ---------------------------------------------------------------------
SUBSTACK_STORY = [
    "Four hundred gardeners came on Saturday. Next year it moves to the covered market.",
    "The seed swap began eight years ago as a trestle table at the back of St Anne's hall, with a biscuit tin "
    "for donations and a dozen of us trading runner beans. This year the queue went round the block before the "
    "doors opened, and by eleven the tomato table was bare.",
    "Volunteers counted 412 visitors and more than 2,300 packets changing hands. The most asked-for seeds were "
    "not vegetables at all but wildflowers for verges, which the council now lets residents sow on six streets.",
    "The market trust has offered us the covered hall free of charge for next November, on condition that the "
    "swap stays free to enter. We said yes before they could change their minds.",
]
SUBSTACK_HTML = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Why the seed swap outgrew the church hall</title>
<style>.post-title{{font-size:32px}}</style></head><body>
<div class="preview" style="display:none;max-height:0;overflow:hidden">{SUBSTACK_STORY[0]}&#847; &#847; &#847;</div>
<table class="email-body-container" width="100%"><tr><td>
<div class="email-head"><p class="forwarded-message">Forwarded this email? <a href="https://allotmentletter.substack.com/subscribe?utm_source=email">Subscribe here</a> for more</p></div>
<div class="post typography">
<table class="meta"><tr><td><a href="https://substack.com/app-link/post?publication_id=991">READ IN APP</a></td></tr></table>
<h1 class="post-title published"><a href="https://allotmentletter.substack.com/p/seed-swap-outgrew-hall">Why the seed swap outgrew the church hall</a></h1>
<h3 class="subtitle">{SUBSTACK_STORY[0]}</h3>
<table class="post-meta"><tr><td><a href="https://substack.com/@miraokafor">Mira Okafor</a></td></tr>
<tr><td class="post-date">Nov 28</td></tr></table>
<table class="post-ufi"><tr><td><a href="https://allotmentletter.substack.com/p/seed-swap-outgrew-hall?action=like">Like</a></td>
<td><a href="https://allotmentletter.substack.com/p/seed-swap-outgrew-hall/comments">Comment</a></td>
<td><a href="https://substack.com/redirect/2/restack">Restack</a></td></tr></table>
<div class="body markup">
<p>{SUBSTACK_STORY[1]}</p>
<p>{SUBSTACK_STORY[2]}</p>
<p>{SUBSTACK_STORY[3]}</p>
</div>
<p class="button-wrapper"><a class="button primary" href="https://allotmentletter.substack.com/subscribe"><span>Subscribe now</span></a></p>
<table class="post-ufi"><tr><td><a href="https://allotmentletter.substack.com/p/seed-swap-outgrew-hall?action=like">Like</a></td>
<td><a href="https://allotmentletter.substack.com/p/seed-swap-outgrew-hall/comments">Comment</a></td>
<td><a href="https://substack.com/redirect/2/restack">Restack</a></td></tr></table>
</div>
<div class="footer"><p class="footer-copyright">&copy; 2026 Mira Okafor<br>548 Market Street PMB 72296, San Francisco, CA 94104<br>
<a href="https://allotmentletter.substack.com/action/disable_email">Unsubscribe</a></p>
<p><a href="https://substack.com/app">Get the app</a> <a href="https://substack.com/signup">Start writing</a></p></div>
</td></tr></table></body></html>"""
SUBSTACK_PLAIN = f"""View this post on the web at https://allotmentletter.substack.com/p/seed-swap-outgrew-hall

{SUBSTACK_STORY[0]}

{SUBSTACK_STORY[1]}

{SUBSTACK_STORY[2]}

{SUBSTACK_STORY[3]}

Unsubscribe https://allotmentletter.substack.com/action/disable_email
"""

# --- Mailchimp: the lead's probe, as Mailchimp's classic template sends it -----------------------------------
MAILCHIMP_STORY = [
    "The regional transport board approved a tram line from the railway station to the county hospital on "
    "Friday, ending eleven years of argument over the route along Mill Road.",
    "The line will run for 6.4 kilometres with nine stops. Construction is due to start in the spring of 2028 "
    "and the first trams should carry passengers by the end of 2030, the board said.",
    "Shopkeepers on Mill Road had opposed the plan because of the loss of parking. The approved design keeps "
    "forty spaces in two side streets and moves deliveries to the early morning.",
]
MAILCHIMP_HTML = f"""<!doctype html><html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="UTF-8">
<title>Morning Brief: Tram line approved</title><style type="text/css">p{{margin:10px 0}}</style></head>
<body><center><table align="center" border="0" cellpadding="0" cellspacing="0" height="100%" width="100%" id="bodyTable">
<tr><td align="center" valign="top" id="bodyCell">
<span class="mcnPreviewText" style="display:none !important;">Eleven years of argument end on Mill Road</span>
<table class="templateContainer"><tr><td valign="top" id="templatePreheader">
<table class="mcnTextBlock"><tr><td class="mcnTextContent" style="text-align:right">
<a href="https://us21.campaign-archive.com/?u=5f2a&amp;id=81c3e" target="_blank">View this email in your browser</a></td></tr></table>
</td></tr>
<tr><td valign="top" id="templateHeader"><table class="mcnImageBlock"><tr><td class="mcnImageContent">
<img align="center" alt="" src="https://mcusercontent.com/5f2a/images/brief-logo.png" width="564" class="mcnImage"></td></tr></table>
<table class="mcnTextBlock"><tr><td class="mcnTextContent"><h4 style="text-align:center">MORNING BRIEF - Monday 30 November</h4></td></tr></table>
</td></tr>
<tr><td valign="top" id="templateBody"><table class="mcnTextBlock"><tr><td class="mcnTextContent">
<h1>Tram line to the hospital approved after eleven years</h1>
<p>{MAILCHIMP_STORY[0]}</p>
<p>{MAILCHIMP_STORY[1]}</p>
<p>{MAILCHIMP_STORY[2]}</p>
<p>Read more: <a href="https://morningbrief.example/2026/11/30/tram-line-approved">https://morningbrief.example/2026/11/30/tram-line-approved</a></p>
</td></tr></table></td></tr>
<tr><td valign="top" id="templateFooter"><table class="mcnFollowBlock"><tr><td>
<a href="https://twitter.com/morningbrief"><img src="https://cdn-images.mailchimp.com/icons/social-block-v2/color-twitter-48.png" alt="Twitter"></a>
<a href="https://www.facebook.com/morningbrief"><img src="https://cdn-images.mailchimp.com/icons/social-block-v2/color-facebook-48.png" alt="Facebook"></a>
</td></tr></table>
<table class="mcnTextBlock"><tr><td class="mcnTextContent"><em>Copyright &copy; 2026 Morning Brief, All rights reserved.</em><br>
You are receiving this email because you opted in via our website.<br><br>
<strong>Our mailing address is:</strong><br>Morning Brief<br>12 Quay Street<br>Northam, NB1 4QT<br>United Kingdom<br><br>
<a href="https://morningbrief.us21.list-manage.com/vcard?u=5f2a&amp;id=77">Add us to your address book</a><br><br>
Want to change how you receive these emails?<br>You can <a href="https://morningbrief.us21.list-manage.com/profile?u=5f2a&amp;id=77">update your preferences</a>
or <a href="https://morningbrief.us21.list-manage.com/unsubscribe?u=5f2a&amp;id=77">unsubscribe from this list</a>.<br>
<a href="http://www.mailchimp.com/email-referral/?utm_source=freemium_newsletter"><img src="https://cdn-images.mailchimp.com/monkey_rewards/intuit-mc-rewards-text-dark.png" alt="Intuit Mailchimp"></a>
</td></tr></table></td></tr></table></td></tr></table></center></body></html>"""
MAILCHIMP_PLAIN = f"""** View this email in your browser (https://us21.campaign-archive.com/?u=5f2a&id=81c3e)

MORNING BRIEF - Monday 30 November

------------------------------------------------------------
** Tram line to the hospital approved after eleven years
------------------------------------------------------------

{MAILCHIMP_STORY[0]}

{MAILCHIMP_STORY[1]}

{MAILCHIMP_STORY[2]}

Read more: https://morningbrief.example/2026/11/30/tram-line-approved

** Twitter (https://twitter.com/morningbrief)
** Facebook (https://www.facebook.com/morningbrief)

Copyright (C) 2026 Morning Brief. All rights reserved.
You are receiving this email because you opted in via our website.

Our mailing address is:
Morning Brief
12 Quay Street
Northam, NB1 4QT
United Kingdom

Want to change how you receive these emails?
You can ** update your preferences (https://morningbrief.us21.list-manage.com/profile?u=5f2a&id=77)
or ** unsubscribe from this list (https://morningbrief.us21.list-manage.com/unsubscribe?u=5f2a&id=77)
"""

# --- Beehiiv ------------------------------------------------------------------------------------------------
BEEHIIV_STORY = [
    "A start-up in the old biscuit factory says it can recycle the lithium from scooter batteries for a third "
    "of what the big smelters charge.",
    "Voltreclaim, founded by two former lab technicians, shreds spent cells in a sealed drum and separates the "
    "metals with a water-based solution instead of heat. The company says the process uses about a tenth of "
    "the energy of a furnace.",
    "It processed 40 tonnes of batteries in its first year, mostly from rental scooter fleets, and plans to "
    "reach 600 tonnes once a second line opens in March.",
    "Independent chemists who visited the site said the recovery rates were plausible but that the economics "
    "would depend on lithium prices, which have fallen by half since last year.",
]
BEEHIIV_HTML = f"""<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>The Circuit</title></head><body>
<div style="display:none;font-size:1px;max-height:0px;opacity:0;overflow:hidden;">Cheaper lithium from old scooters&nbsp;&zwnj;&nbsp;&zwnj;&nbsp;&zwnj;</div>
<table role="presentation" width="100%"><tr><td align="center">
<table class="rendered-email" style="max-width:640px"><tr><td>
<table><tr><td class="b"><p style="text-align:right"><a href="https://thecircuit.beehiiv.com/p/biscuit-factory-batteries?utm_source=thecircuit">Read Online</a></p></td></tr></table>
<table><tr><td><img src="https://media.beehiiv.com/uploads/publication/logo/8812/circuit.png" alt="The Circuit" width="120"></td></tr></table>
<table><tr><td><h1 style="font-size:32px">The biscuit factory that recycles scooter batteries</h1>
<p class="subtitle">Cheaper lithium from old scooters, if prices hold</p></td></tr></table>
<table><tr><td><p style="font-size:14px">Priya Raman</p><p style="font-size:14px">December 02, 2026</p></td></tr></table>
<table><tr><td class="dd"><p>{BEEHIIV_STORY[0]}</p>
<p>{BEEHIIV_STORY[1]}</p>
<p>{BEEHIIV_STORY[2]}</p>
<p>{BEEHIIV_STORY[3]}</p></td></tr></table>
<table><tr><td><p style="text-align:center">What did you think of today's issue?</p>
<p><a href="https://thecircuit.beehiiv.com/p/biscuit-factory-batteries/poll?choice=great">Great</a> | <a href="https://thecircuit.beehiiv.com/p/biscuit-factory-batteries/poll?choice=ok">Okay</a> | <a href="https://thecircuit.beehiiv.com/p/biscuit-factory-batteries/poll?choice=bad">Not for me</a></p></td></tr></table>
<table class="footer"><tr><td>
<p><a href="https://thecircuit.beehiiv.com/subscribe?ref=forward">Did someone forward you this? Sign up here</a></p>
<p>Update your email preferences or unsubscribe <a href="https://thecircuit.beehiiv.com/unsubscribe?token=ab12">here</a></p>
<p>&copy; 2026 The Circuit</p><p>228 Park Ave S, #29976, New York, New York 10003, United States</p>
<p><a href="https://www.beehiiv.com/?utm_source=thecircuit&amp;utm_medium=footer"><img src="https://media.beehiiv.com/static_assets/powered_by_beehiiv.png" alt="Powered by beehiiv"></a></p>
<p><a href="https://thecircuit.beehiiv.com/terms">Terms of Service</a></p></td></tr></table>
</td></tr></table></td></tr></table></body></html>"""

# --- Buttondown (markdown sent as plain text and HTML) -------------------------------------------------------
BUTTONDOWN_STORY = [
    "The last independent bookshop on the high street will become a co-operative in January, after 212 "
    "customers each bought a share of at least fifty pounds.",
    "Owner Hal Brennan announced in September that he wanted to retire and could not find a buyer. A group of "
    "regulars set up the co-op within a fortnight and raised the £64,000 needed to buy the stock and lease.",
    "Brennan will stay on two days a week until the summer to train the new manager, who was hired from a "
    "shop in Leeds. Members get ten percent off and a vote on the shop's events.",
]
BUTTONDOWN_PLAIN = f"""# Reader-owned bookshop saved

{BUTTONDOWN_STORY[0]}

{BUTTONDOWN_STORY[1]}

{BUTTONDOWN_STORY[2]}

-- Jo

---

You're receiving this email because you subscribed to Spine & Margin (https://buttondown.com/spineandmargin). Unsubscribe: https://buttondown.com/unsubscribe/ae41c2

Powered by Buttondown (https://buttondown.com/refer/spineandmargin).
"""
BUTTONDOWN_HTML = f"""<html><head><meta charset="utf-8"></head><body><div class="email-body-content">
<h1>Reader-owned bookshop saved</h1>
<p>{BUTTONDOWN_STORY[0]}</p>
<p>{BUTTONDOWN_STORY[1]}</p>
<p>{BUTTONDOWN_STORY[2]}</p>
<p>-- Jo</p>
</div><hr>
<div class="email-footer"><p>You're receiving this email because you subscribed to <a href="https://buttondown.com/spineandmargin">Spine &amp; Margin</a>.
<a href="https://buttondown.com/unsubscribe/ae41c2">Unsubscribe</a></p>
<p><a href="https://buttondown.com/refer/spineandmargin">Powered by Buttondown</a></p></div></body></html>"""

# --- Kit (ConvertKit) -----------------------------------------------------------------------------------------
KIT_STORY = [
    "Hi friend,",
    "The river trust finished counting the autumn salmon run last week, and the number surprised everyone: "
    "1,140 fish passed the weir at Ashford, the most since counting began in 1994.",
    "The trust credits the removal of two old mill dams upstream in 2023, which opened twelve kilometres of "
    "gravel beds where the fish lay their eggs. Water quality has also improved since the sewage works was "
    "upgraded.",
    "Volunteers will be back at the weir in March to count the young fish heading to sea. If you want to "
    "help, reply to this email and I will add you to the rota.",
    "Tom",
]
KIT_HTML = f"""<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width"><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<style type="text/css">.ck-section{{padding:0}}</style></head><body>
<table width="100%" class="wrapper"><tr><td>
<div class="preheader" style="font-size:0;color:transparent;height:0;">Best count since 1994</div>
<table class="content"><tr><td class="ck-section"><div class="ck-section">
<h2>Record salmon run at Ashford weir</h2>
<p>{KIT_STORY[0]}</p>
<p>{KIT_STORY[1]}</p>
<p>{KIT_STORY[2]}</p>
<p>{KIT_STORY[3]}</p>
<p>{KIT_STORY[4]}</p>
</div></td></tr></table>
<table class="footer"><tr><td><p style="font-size:12px;color:#999">
Riverwatch Notes, 14 Weir Lane, Ashford, TN24 8XX, United Kingdom</p>
<p style="font-size:12px"><a href="https://unsubscribe.kit.com/7xq2lm">Unsubscribe</a> &middot; <a href="https://preferences.kit.com/7xq2lm">Update your profile</a></p>
<p><a href="https://kit.com/?utm_campaign=poweredby&amp;utm_content=email&amp;utm_source=dynamic"><img src="https://embed.filekitcdn.com/e/built-with-kit.png" alt="Built with Kit" width="120"></a></p>
</td></tr></table></td></tr></table>
<img src="https://open.kit-mail3.com/abc123.gif" width="1" height="1" alt=""></body></html>"""

# --- Ghost ----------------------------------------------------------------------------------------------------
GHOST_STORY = [
    "The city's night bus network will lose four of its eleven routes in February, the operator confirmed, "
    "after a council subsidy of £1.2 million a year ran out.",
    "The routes to go are the N4, N7, N9 and N12, which together carried about 2,100 passengers a night this "
    "autumn. Most of them are hospital and warehouse workers on late shifts.",
    "Unions have asked the council to find the money in its spring budget. The council said it would look at a "
    "smaller network of demand-responsive minibuses instead.",
]
GHOST_HTML = f"""<!doctype html><html><head><meta name="viewport" content="width=device-width">
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><title>Night buses to lose four routes</title>
<style>.post-title{{color:#15212A}}</style></head><body>
<span class="preheader" style="display:none">The city's night bus network will lose four of its eleven routes in February</span>
<table role="presentation" class="body"><tr><td class="container"><div class="content">
<table role="presentation" class="main"><tr><td class="wrapper">
<table role="presentation"><tr><td class="header">
<table><tr><td class="site-info"><a href="https://thelatestop.example/"><img class="site-icon" src="https://thelatestop.example/content/images/icon.png" alt="The Late Stop"></a></td></tr>
<tr><td class="site-url"><div class="site-title">The Late Stop</div></td></tr></table>
<table><tr><td class="view-online"><a href="https://thelatestop.example/night-buses-lose-four-routes/">View in browser</a></td></tr></table>
</td></tr>
<tr><td class="post-title"><a href="https://thelatestop.example/night-buses-lose-four-routes/" class="post-title-link">Night buses to lose four routes</a></td></tr>
<tr><td><table class="post-meta-wrapper"><tr><td class="post-meta">By Sam Adeyemi &#8226; <span class="post-meta-date">01 Dec 2026</span></td>
<td class="post-meta-view-online"><a href="https://thelatestop.example/night-buses-lose-four-routes/">View in browser</a></td></tr></table></td></tr>
<tr><td class="post-content-row"><div class="post-content">
<p>{GHOST_STORY[0]}</p><p>{GHOST_STORY[1]}</p><p>{GHOST_STORY[2]}</p>
</div></td></tr>
<tr><td><table class="feedback-buttons"><tr><td><a href="https://thelatestop.example/night-buses-lose-four-routes/#/feedback/6733/1">More like this</a></td>
<td><a href="https://thelatestop.example/night-buses-lose-four-routes/#/feedback/6733/0">Less like this</a></td>
<td><a href="https://thelatestop.example/night-buses-lose-four-routes/#ghost-comments">Comment</a></td></tr></table></td></tr>
</table></td></tr></table>
<table class="footer"><tr><td class="footer">The Late Stop &copy; 2026 &ndash; <a href="https://thelatestop.example/unsubscribe/?uuid=44e1&amp;key=9a">Unsubscribe</a></td></tr>
<tr><td class="footer-powered"><a href="https://ghost.org/?via=pbg-newsletter"><img src="https://static.ghost.org/v4.0.0/images/powered.png" alt="Powered by Ghost" width="142"></a></td></tr></table>
</div></td></tr></table></body></html>"""

# --- A Google Groups digest (plain text; one topic per story) ------------------------------------------------
GROUPS_PLAIN = """=============================================================================
Today's topic summary
=============================================================================

Group: eastside-neighbours@googlegroups.com
Url:    https://groups.google.com/forum/?utm_source=digest&utm_medium=email#!forum/eastside-neighbours/topics

  - Allotment waiting list reopens in January [1 Update]
  - Bin collections move to Tuesdays from next week [1 Update]
  - Footbridge over the canal closed for repairs [1 Update]

=============================================================================
Topic: Allotment waiting list reopens in January
Url:    https://groups.google.com/forum/?utm_source=digest&utm_medium=email#!topic/eastside-neighbours/Qm3xLk/discussion
=============================================================================

---------- 1 of 1 ----------
From: Rosa Delgado <rosa.d@example.net>
Date: Dec 03 07:41PM

The parish council will reopen the allotment waiting list on 4 January after
two years closed. Eighteen plots at Brook Fields are free after the council
split some full plots into halves.

Forms go in the box at the library or by email to the clerk.

=============================================================================
Topic: Bin collections move to Tuesdays from next week
Url:    https://groups.google.com/forum/?utm_source=digest&utm_medium=email#!topic/eastside-neighbours/Tw9pRe/discussion
=============================================================================

---------- 1 of 1 ----------
From: Ken Obi <ken.obi@example.org>
Date: Dec 03 09:02PM

Just had the letter from the council: general waste and recycling on our
side of the estate move from Thursday to Tuesday from 8 December. Garden
waste stays on Fridays.

=============================================================================
Topic: Footbridge over the canal closed for repairs
Url:    https://groups.google.com/forum/?utm_source=digest&utm_medium=email#!topic/eastside-neighbours/Fb2uKa/discussion
=============================================================================

---------- 1 of 1 ----------
From: Lena Fischer <lena.f@example.com>
Date: Dec 03 10:15PM

The canal trust has fenced off the footbridge by the lock because two of its
timber beams have rotted. They expect it to be shut until the end of January.
The diversion via Wharf Road adds about ten minutes on foot.

=============================================================================

You received this digest because you're subscribed to updates for this group. You can change your settings on the group membership page.
To unsubscribe from this group and stop receiving emails from it send an email to eastside-neighbours+unsubscribe@googlegroups.com.
"""
GROUPS_STORIES = [
    (
        "Allotment waiting list reopens in January",
        "The parish council will reopen the allotment waiting list on 4 January after two years closed. Eighteen "
        "plots at Brook Fields are free after the council split some full plots into halves.",
    ),
    (
        "Bin collections move to Tuesdays from next week",
        "Just had the letter from the council: general waste and recycling on our side of the estate move from "
        "Thursday to Tuesday from 8 December. Garden waste stays on Fridays.",
    ),
    (
        "Footbridge over the canal closed for repairs",
        "The canal trust has fenced off the footbridge by the lock because two of its timber beams have rotted. "
        "They expect it to be shut until the end of January. The diversion via Wharf Road adds about ten minutes "
        "on foot.",
    ),
]

# --- A multi-story morning briefing (HTML tables, tracked links) ---------------------------------------------
BRIEFING_STORIES = [
    (
        "Water company fined for sewage spills into the estuary",
        "https://estuarytimes.example/2026/12/04/water-company-fined",
        "The regulator fined the company £3.1 million for 140 spills last year, the largest penalty it has set.",
    ),
    (
        "School meals to be free for all primary pupils",
        "https://countyvoice.example/news/free-school-meals-primary",
        "The county will pay for lunches for every primary pupil from September, costing about £9 million a year.",
    ),
    (
        "Airport's second runway plan withdrawn",
        "https://northernpost.example/business/runway-plan-withdrawn",
        "The owners said rising costs and a fall in business travel made the £800 million extension unviable.",
    ),
    (
        "Rare orchid found on a railway embankment",
        "https://fieldnotes.example/orchid-railway-embankment",
        "Botanists confirmed a colony of lizard orchids near the station, the first in the county since 1952.",
    ),
]


def _tracked(url: str, n: int) -> str:
    return f"https://link.briefing.example/click/{n}/{url.replace(':', '%3A').replace('/', '%2F')}/1/0100018c"


BRIEFING_HTML = (
    """<html><head><meta charset="utf-8"></head><body>
<table width="100%"><tr><td><a href="https://briefing.example/archive/2026-12-04">View in browser</a></td></tr>
<tr><td><h2>The Daily Rundown &middot; Friday 4 December</h2><p>Good morning. Four stories to start your day.</p></td></tr>
"""
    + "".join(
        f"""<tr><td><h3><a href="{_tracked(url, n)}">{title}</a></h3><p>{blurb}</p></td></tr>\n"""
        for n, (title, url, blurb) in enumerate(BRIEFING_STORIES, 1)
    )
    + """<tr><td><p>You are receiving this email because you signed up at briefing.example.
<a href="https://briefing.example/unsubscribe?u=31">Unsubscribe</a> | <a href="https://briefing.example/preferences?u=31">Manage preferences</a></p>
<p>The Daily Rundown, 9 Print Row, Northam NB2 7AA</p></td></tr></table></body></html>"""
)

# --- A press release from a PR wire ---------------------------------------------------------------------------
WIRE_STORY = [
    "Halvorsen Marine today announced an order for six battery-electric harbour tugs from the Port of Northam, "
    "the largest order for electric tugs placed in Europe to date.",
    "The tugs will be built at Halvorsen's yard in Bergen and delivered between 2028 and 2030. Each carries "
    "batteries of 2.8 megawatt-hours and can work a full shift before charging from the quay.",
    '"The port has committed to cutting its own emissions to zero by 2035, and tugs are a third of them," '
    "said Ingrid Solberg, chief executive of Halvorsen Marine.",
    "The value of the order was not disclosed.",
]
WIRE_HTML = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>
<table width="600"><tr><td><img src="https://mma.newswire-relay.example/logo/pr-wire.png" alt="PR Wire"></td></tr>
<tr><td><p style="font-size:11px">NEWS PROVIDED BY<br><b>Halvorsen Marine AS</b><br>Dec 01, 2026, 08:00 ET</p></td></tr>
<tr><td><h1>Halvorsen Marine wins order for six electric harbour tugs</h1>
<h2><i>Largest electric tug order in Europe so far</i></h2>
<p>BERGEN, Norway, Dec. 1, 2026 /PRWire/ -- {WIRE_STORY[0]}</p>
<p>{WIRE_STORY[1]}</p>
<p>{WIRE_STORY[2]}</p>
<p>{WIRE_STORY[3]}</p>
<p><b>About Halvorsen Marine</b><br>Halvorsen Marine designs and builds workboats for ports in northern Europe. It employs 640 people.</p>
<p><b>Media contact:</b><br>Kari Lunde, +47 55 00 00 00, press@halvorsen.example</p>
<p>SOURCE Halvorsen Marine AS</p></td></tr>
<tr><td><p style="font-size:10px">You are receiving this release because you subscribed to PR Wire alerts for the industry "Shipping &amp; Maritime".
<a href="https://alerts.newswire-relay.example/unsubscribe?id=5521">Unsubscribe</a> | <a href="https://alerts.newswire-relay.example/preferences?id=5521">Manage your alerts</a></p>
<p style="font-size:10px">&copy; 2026 PR Wire Relay, 350 Hudson Street, Suite 300, New York, NY 10014</p></td></tr></table></body></html>"""

# --- Forwards -------------------------------------------------------------------------------------------------
FERRY_STORY = [
    "The island ferry company will freeze its fares for the winter timetable, which starts on 5 January, after "
    "a year in which prices rose twice.",
    "A return ticket for a car and two passengers stays at £86. The company said lower fuel costs since the "
    "summer had made the freeze possible.",
    "Islanders' groups welcomed the decision but said the winter timetable still has no sailing after 18:00 on "
    "weekdays.",
]
GMAIL_PLAIN = f"""Thought you'd want this for the bulletin.

---------- Forwarded message ---------
From: Island Herald <newsletter@islandherald.example>
Date: Mon, Nov 30, 2026 at 7:02 AM
Subject: Ferry fares frozen for the winter
To: <dana.reader@gmail.com>


View this email in your browser <https://islandherald.example/email/2026-11-30>

{FERRY_STORY[0]}

{FERRY_STORY[1]}

{FERRY_STORY[2]}

Unsubscribe <https://islandherald.example/unsubscribe?e=dana> | Island Herald, Pier
Road, Kirkwall

"""
GMAIL_HTML = f"""<div dir="ltr"><div>Thought you'd want this for the bulletin.</div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">Island Herald</strong> <span dir="auto">&lt;<a href="mailto:newsletter@islandherald.example">newsletter@islandherald.example</a>&gt;</span><br>Date: Mon, Nov 30, 2026 at 7:02 AM<br>Subject: Ferry fares frozen for the winter<br>To: &lt;<a href="mailto:dana.reader@gmail.com">dana.reader@gmail.com</a>&gt;<br></div><br><br>
<div><table width="100%"><tr><td><p><a href="https://islandherald.example/email/2026-11-30" target="_blank">View this email in your browser</a></p>
<p>{FERRY_STORY[0]}</p><p>{FERRY_STORY[1]}</p><p>{FERRY_STORY[2]}</p>
<p><a href="https://islandherald.example/unsubscribe?e=dana" target="_blank">Unsubscribe</a> | Island Herald, Pier Road, Kirkwall</p></td></tr></table></div>
</div></div>"""

LIBRARY_STORY = [
    "Northam's central library will open on Sundays from 10 January, for the first time since 2011.",
    "The council has moved two posts from its events budget to pay for the extra hours. The library will open "
    "from 11:00 to 16:00, with the children's floor and the study rooms available.",
    "Visitor numbers rose by 18 percent this year, which the head librarian put down to people looking for a "
    "warm place to work.",
]
OUTLOOK_PLAIN = f"""FYI - for Friday's digest.

Pat

-----Original Message-----
From: Northam Council News <news@northam-council.example>
Sent: Tuesday, December 1, 2026 4:30 PM
To: Pat Greaves <pat.greaves@outlook.example>
Subject: Library to open on Sundays

{LIBRARY_STORY[0]}

{LIBRARY_STORY[1]}

{LIBRARY_STORY[2]}

To stop receiving these updates, manage your subscription at https://northam-council.example/subscriptions.
"""
OUTLOOK_HTML = f"""<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta http-equiv="Content-Type" content="text/html; charset=us-ascii"><meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!-- p.MsoNormal {{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;}} --></style></head>
<body lang="EN-GB" link="#0563C1" vlink="#954F72"><div class="WordSection1">
<p class="MsoNormal">FYI - for Friday&#8217;s digest.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">Pat<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
<p class="MsoNormal">-----Original Message-----<br><b>From:</b> Northam Council News &lt;news@northam-council.example&gt;<br>
<b>Sent:</b> Tuesday, December 1, 2026 4:30 PM<br><b>To:</b> Pat Greaves &lt;pat.greaves@outlook.example&gt;<br>
<b>Subject:</b> Library to open on Sundays<o:p></o:p></p></div></div>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">{LIBRARY_STORY[0]}<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">{LIBRARY_STORY[1]}<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">{LIBRARY_STORY[2]}<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">To stop receiving these updates, manage your subscription at <a href="https://northam-council.example/subscriptions">https://northam-council.example/subscriptions</a>.<o:p></o:p></p>
</div></body></html>"""

MARKET_STORY = [
    "The Christmas market will return to Castle Square this year after two years at the retail park, the "
    "organisers said on Monday.",
    "Sixty stalls will open from 12 December to 23 December, fewer than before the move, because the square's "
    "new paving cannot take heavy cabins.",
    "Traders who moved to the retail park said their takings had fallen by a third there, mostly because "
    "people did not stay for food and drink.",
]
APPLE_PLAIN = f"""

Begin forwarded message:

From: Castle Quarter Bulletin <hello@castlequarter.example>
Subject: Christmas market returns to Castle Square
Date: 30 November 2026 at 08:14:05 GMT
To: alex@icloud.example
Reply-To: Castle Quarter Bulletin <hello@castlequarter.example>

CASTLE QUARTER BULLETIN

{MARKET_STORY[0]}

{MARKET_STORY[1]}

{MARKET_STORY[2]}

Unsubscribe | Update preferences
Castle Quarter BID, 3 Gate Street, Northam NB1 2CQ
"""
APPLE_HTML = f"""<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body style="overflow-wrap: break-word; -webkit-nbsp-mode: space; line-break: after-white-space;"><br id="lineBreakAtBeginningOfMessage"><div><br><blockquote type="cite"><div>Begin forwarded message:</div><br class="Apple-interchange-newline"><div style="margin-top: 0px; margin-right: 0px; margin-bottom: 0px; margin-left: 0px;"><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif; color:rgba(0, 0, 0, 1.0);"><b>From: </b></span><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif;">Castle Quarter Bulletin &lt;hello@castlequarter.example&gt;<br></span></div><div style="margin-top: 0px; margin-right: 0px; margin-bottom: 0px; margin-left: 0px;"><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif; color:rgba(0, 0, 0, 1.0);"><b>Subject: </b></span><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif;"><b>Christmas market returns to Castle Square</b><br></span></div><div style="margin-top: 0px; margin-right: 0px; margin-bottom: 0px; margin-left: 0px;"><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif; color:rgba(0, 0, 0, 1.0);"><b>Date: </b></span><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif;">30 November 2026 at 08:14:05 GMT<br></span></div><div style="margin-top: 0px; margin-right: 0px; margin-bottom: 0px; margin-left: 0px;"><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif; color:rgba(0, 0, 0, 1.0);"><b>To: </b></span><span style="font-family: -webkit-system-font, Helvetica Neue, Helvetica, sans-serif;">alex@icloud.example<br></span></div><br><div>
<table width="100%"><tr><td><p style="font-size:11px;letter-spacing:2px">CASTLE QUARTER BULLETIN</p>
<p>{MARKET_STORY[0]}</p><p>{MARKET_STORY[1]}</p><p>{MARKET_STORY[2]}</p>
<p style="font-size:10px"><a href="https://castlequarter.example/unsubscribe">Unsubscribe</a> | <a href="https://castlequarter.example/preferences">Update preferences</a><br>Castle Quarter BID, 3 Gate Street, Northam NB1 2CQ</p></td></tr></table>
</div></blockquote></div><br></body></html>"""

# --- A plain-text-only letter and an HTML-only letter ---------------------------------------------------------
PLAIN_STORY = [
    "The volunteer lifeboat crew at Porthwen launched 61 times this year, more than in any year since the "
    "station opened in 1887.",
    "Most call-outs were to paddleboarders and kayakers blown offshore by the easterly winds in August. Nobody "
    "the crew went out to was lost.",
    "The station needs six new crew members for next season. Training takes about a year and the station pays for it.",
]
PLAIN_ONLY = f"""PORTHWEN LIFEBOAT NEWS
Winter 2026
=================================

Busiest year for the Porthwen lifeboat

{PLAIN_STORY[0]}

{PLAIN_STORY[1]}

{PLAIN_STORY[2]}

--
Porthwen Lifeboat Station, The Slipway, Porthwen
You are receiving this because you are a supporter. Reply STOP to be removed.
"""

HTMLONLY_STORY = [
    "The county's first public electric-bike hire scheme ended its trial on Sunday with 38,000 rides in six "
    "months, twice what the council had predicted.",
    "The 300 bikes will stay on the streets while the council signs a longer contract. Riders paid £1 to "
    "unlock a bike and 15p a minute.",
    "Thefts were lower than feared: eleven bikes went missing, and nine were found.",
]
HTMLONLY = f"""<html><head><meta charset="utf-8"><title>E-bike hire trial beats forecast</title></head><body>
<div style="max-width:600px;margin:auto">
<p style="font-size:12px;text-align:center"><a href="https://pedalcounty.example/news/ebike-trial?view=web">Trouble viewing this email? Read it online</a></p>
<div style="background:#0a5;color:#fff;padding:8px"><b>PEDAL COUNTY</b> &nbsp;|&nbsp; News for cyclists &nbsp;|&nbsp; Issue 48</div>
<h2>E-bike hire trial beats forecast</h2>
<p style="color:#888;font-size:12px">By Nia Edwards</p>
<p>{HTMLONLY_STORY[0]}</p>
<p>{HTMLONLY_STORY[1]}</p>
<p>{HTMLONLY_STORY[2]}</p>
<p style="font-size:11px;color:#888">Pedal County Cycle Campaign, 7 Spoke Yard, Northam NB3 1PC &middot; <a href="https://pedalcounty.example/unsubscribe">Unsubscribe</a></p>
</div></body></html>"""

# --- Non-English ----------------------------------------------------------------------------------------------
DE_STORY = [
    "Die Stadtwerke Lindenau bauen im nächsten Jahr das größte Solardach der Region auf dem Busdepot an der "
    "Mühlenstraße.",
    "Die Anlage soll jährlich rund 1,9 Gigawattstunden Strom liefern, genug für die elektrischen Busse der "
    "Linien 3 und 7. Die Kosten von 2,4 Millionen Euro übernimmt zur Hälfte das Land.",
    "Die Arbeiten beginnen im März und dauern etwa fünf Monate. Der Busbetrieb läuft währenddessen weiter.",
]
DE_HTML = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head><body>
<table width="100%"><tr><td style="font-size:11px"><a href="https://news.stadtwerke-lindenau.example/online/2026-12-02">Im Browser ansehen</a></td></tr>
<tr><td><h3>Stadtwerke Lindenau &ndash; Newsletter Dezember 2026</h3></td></tr>
<tr><td><h1>Größtes Solardach der Region entsteht auf dem Busdepot</h1>
<p>{DE_STORY[0]}</p><p>{DE_STORY[1]}</p><p>{DE_STORY[2]}</p>
<p><a href="https://stadtwerke-lindenau.example/presse/solardach-busdepot">Weiterlesen</a></p></td></tr>
<tr><td style="font-size:10px"><p>Sie erhalten diesen Newsletter, weil Sie sich auf unserer Website angemeldet haben.
<a href="https://news.stadtwerke-lindenau.example/abmelden?id=8812">Newsletter abbestellen</a></p>
<p>Stadtwerke Lindenau GmbH, Mühlenstraße 12, 04177 Lindenau<br>Geschäftsführer: Dr. Jana Wolff &middot; Amtsgericht Lindenau HRB 1234</p>
<p><a href="https://stadtwerke-lindenau.example/impressum">Impressum</a> | <a href="https://stadtwerke-lindenau.example/datenschutz">Datenschutz</a></p></td></tr></table></body></html>"""
DE_PLAIN = f"""Im Browser ansehen: https://news.stadtwerke-lindenau.example/online/2026-12-02

Stadtwerke Lindenau - Newsletter Dezember 2026

Größtes Solardach der Region entsteht auf dem Busdepot

{DE_STORY[0]}

{DE_STORY[1]}

{DE_STORY[2]}

Weiterlesen: https://stadtwerke-lindenau.example/presse/solardach-busdepot

Sie erhalten diesen Newsletter, weil Sie sich auf unserer Website angemeldet haben.
Newsletter abbestellen: https://news.stadtwerke-lindenau.example/abmelden?id=8812

Stadtwerke Lindenau GmbH, Mühlenstraße 12, 04177 Lindenau
Impressum | Datenschutz
"""

FR_STORY = [
    "La médiathèque de Saint-Aubin rouvrira ses portes le 12 janvier après dix-huit mois de travaux de "
    "rénovation énergétique.",
    "Le bâtiment, construit en 1974, a reçu une nouvelle isolation et des panneaux solaires sur le toit. La "
    "mairie estime que sa facture de chauffage baissera de moitié.",
    "Les horaires d'ouverture seront élargis au dimanche matin, une demande ancienne des familles du quartier.",
]
FR_HTML = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"></head><body>
<table width="100%"><tr><td align="center" style="font-size:11px">Si ce message ne s'affiche pas correctement, <a href="https://saint-aubin.example/lettre/decembre?web=1">voir la version en ligne</a></td></tr>
<tr><td><p style="text-transform:uppercase">La Lettre de Saint-Aubin &middot; Jeudi 3 décembre 2026</p></td></tr>
<tr><td><h1>La médiathèque rouvre en janvier</h1>
<p>{FR_STORY[0]}</p><p>{FR_STORY[1]}</p><p>{FR_STORY[2]}</p>
<p><a href="https://saint-aubin.example/actualites/mediatheque-reouverture">Lire la suite</a></p></td></tr>
<tr><td style="font-size:10px"><p>Vous recevez cet e-mail car vous êtes inscrit(e) à la lettre d'information de la ville.</p>
<p><a href="https://saint-aubin.example/lettre/desinscription?u=221">Se désinscrire</a> | <a href="https://saint-aubin.example/lettre/preferences?u=221">Gérer mes préférences</a></p>
<p>Mairie de Saint-Aubin, 1 place de la République, 35000 Saint-Aubin</p></td></tr></table></body></html>"""

ES_STORY = [
    "El ayuntamiento de Valdemora aprobó el martes la peatonalización de la calle Mayor, que quedará cerrada "
    "al tráfico desde el próximo mes de marzo.",
    "La obra costará 1,8 millones de euros e incluye nuevo pavimento, sesenta árboles y bancos a la sombra. "
    "Los vecinos podrán acceder con su coche a los garajes.",
    "Los comerciantes de la zona pidieron que las obras se hagan por tramos para no cerrar todos los negocios a "
    "la vez.",
]
ES_HTML = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body>
<table><tr><td><a href="https://valdemoradigital.example/boletin/2026-12-02">Ver en el navegador</a></td></tr>
<tr><td><h4>BOLETÍN VALDEMORA DIGITAL | Miércoles, 2 de diciembre de 2026</h4></td></tr>
<tr><td><h1>La calle Mayor será peatonal desde marzo</h1><p>Por la Redacción</p>
<p>{ES_STORY[0]}</p><p>{ES_STORY[1]}</p><p>{ES_STORY[2]}</p>
<p><a href="https://valdemoradigital.example/noticias/calle-mayor-peatonal">Leer más</a></p></td></tr>
<tr><td style="font-size:10px"><p>Recibes este correo porque te suscribiste al boletín de Valdemora Digital.
<a href="https://valdemoradigital.example/baja?u=8">Darse de baja</a> · <a href="https://valdemoradigital.example/preferencias?u=8">Preferencias</a></p>
<p>© 2026 Valdemora Digital S.L. Todos los derechos reservados. Plaza de España 4, 28000 Valdemora</p></td></tr></table></body></html>"""

JA_STORY = [
    "港北市は二日、市内の全ての市立小学校で来年四月から給食費を無償にすると発表した。",
    "対象は約一万二千人で、年間の費用はおよそ六億円を見込む。財源には国の交付金とふるさと納税を充てる。",
    "市長は記者会見で「子育て世帯の負担を少しでも軽くしたい」と述べた。",
]
JA_PLAIN = f"""━━━━━━━━━━━━━━━━━━━━
港北タイムズ　ニュースレター　2026年12月2日号
━━━━━━━━━━━━━━━━━━━━

■小学校の給食費、来年四月から無償に

{JA_STORY[0]}

{JA_STORY[1]}

{JA_STORY[2]}

▼続きはこちら
https://kohoku-times.example/news/2026/12/02/kyushoku

━━━━━━━━━━━━━━━━━━━━
配信停止はこちら：https://kohoku-times.example/mail/stop
発行：港北タイムズ編集部
━━━━━━━━━━━━━━━━━━━━
"""

# --- A Mailman digest (plain text; added after the first round of rules, to TUNE, before its output was seen) --
MAILMAN_MESSAGES = [
    (
        "Jo Bloggs",
        "jo.bloggs@example.org",
        "Thu, 3 Dec 2026 19:41:02 +0000",
        "Repair cafe moves to the library on Saturdays",
        "From January the repair cafe will meet in the library's community room every second Saturday, "
        "because the church hall is being rewired. Bring broken lamps, toasters and clothes; the volunteers "
        "fixed 61 things last month.",
    ),
    (
        "Ann Other",
        "ann.other@example.net",
        "Thu, 3 Dec 2026 21:05:44 +0000",
        "Street lights out on Canal Row",
        "Five street lights on Canal Row have been out for a week. I reported it to the council on Monday "
        "and they say a contractor will replace the cable before the 18th.",
    ),
]
MAILMAN_PLAIN = (
    """Send Eastside-talk mailing list submissions to
	eastside-talk@lists.eastside.example

To subscribe or unsubscribe via the World Wide Web, visit
	https://lists.eastside.example/mailman/listinfo/eastside-talk
or, via email, send a message with subject or body 'help' to
	eastside-talk-request@lists.eastside.example

When replying, please edit your Subject line so it is more specific
than "Re: Contents of Eastside-talk digest..."


Today's Topics:

"""
    + "".join(f"   {n}. {subject} ({name})\n" for n, (name, _, _, subject, _) in enumerate(MAILMAN_MESSAGES, 1))
    + "\n\n----------------------------------------------------------------------\n\n"
    + "".join(
        f"""Message: {n}
Date: {when}
From: {name} <{address}>
To: eastside-talk@lists.eastside.example
Subject: [Eastside-talk] {subject}
Message-ID: <msg{n}@example.org>
Content-Type: text/plain; charset="utf-8"

{textwrap.fill(text, 72)}

--
{name}

------------------------------

"""
        for n, (name, address, when, subject, text) in enumerate(MAILMAN_MESSAGES, 1)
    )
    + """Subject: Digest Footer

_______________________________________________
Eastside-talk mailing list
eastside-talk@lists.eastside.example
https://lists.eastside.example/mailman/listinfo/eastside-talk


------------------------------

End of Eastside-talk Digest, Vol 12, Issue 4
********************************************
"""
)

# --- CHECK2: written after the rules, before their output was seen, as a second unseen check ----------------
DREDGE_STORY = [
    "Dredging of the harbour's main channel will start on 11 January and last about ten weeks, the port "
    "authority said on Tuesday.",
    "About 180,000 cubic metres of silt will be removed so that the new ro-ro ferries, which draw a metre more "
    "than the old ones, can enter at low tide.",
    "Fishing boats will be moved to the east quay while the work goes on.",
]
THUNDERBIRD_PLAIN = f"""For the shipping page.


-------- Forwarded Message --------
Subject: \tHarbour dredging starts in January
Date: \tTue, 1 Dec 2026 10:12:55 +0100
From: \tPort Authority Bulletin <bulletin@port.example>
To: \tme@example.org



PORT AUTHORITY BULLETIN | December

{DREDGE_STORY[0]}

{DREDGE_STORY[1]}

{DREDGE_STORY[2]}

Unsubscribe from this bulletin: https://port.example/bulletin/leave
"""
THUNDERBIRD_HTML = f"""<html><head><meta http-equiv="content-type" content="text/html; charset=UTF-8"></head><body>
<p>For the shipping page.</p><div class="moz-forward-container"><br><br>-------- Forwarded Message --------
<table class="moz-email-headers-table" cellpadding="0" cellspacing="0" border="0"><tbody>
<tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">Subject: </th><td>Harbour dredging starts in January</td></tr>
<tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">Date: </th><td>Tue, 1 Dec 2026 10:12:55 +0100</td></tr>
<tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">From: </th><td>Port Authority Bulletin <a class="moz-txt-link-rfc2396E" href="mailto:bulletin@port.example">&lt;bulletin@port.example&gt;</a></td></tr>
<tr><th valign="BASELINE" nowrap="nowrap" align="RIGHT">To: </th><td><a class="moz-txt-link-abbreviated" href="mailto:me@example.org">me@example.org</a></td></tr>
</tbody></table><br><br>
<p>PORT AUTHORITY BULLETIN | December</p><p>{DREDGE_STORY[0]}</p><p>{DREDGE_STORY[1]}</p><p>{DREDGE_STORY[2]}</p>
<p><a href="https://port.example/bulletin/leave">Unsubscribe from this bulletin</a></p></div></body></html>"""

POOL_STORY = [
    "The town's outdoor swimming pool, closed since a pipe burst in 2023, will reopen in May after a "
    "community share offer raised £410,000.",
    "More than 1,900 people bought shares. The new heat pump will keep the water at 24 degrees from May to "
    "September, and the pool will open at 6:30 on weekdays for early swimmers.",
    "A café run by the pool's trust will open on the terrace in June.",
]
CM_HTML = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Lido News</title></head><body class="emailBody">
<table class="wrapper" width="100%"><tr><td>
<table class="preheader" align="center"><tr><td><p style="font-size:11px">Lido News, Winter edition &middot; <webversion>Web version</webversion> <a href="https://lido.cmail20.example/t/r-e-abc/">Web version</a></p></td></tr></table>
<table class="header"><tr><td><img src="https://i1.createsend1.example/ei/r/logo.png" alt="Lido News" width="150"></td></tr></table>
<table class="layout"><tr><td class="column"><h1 style="font-size:28px">Lido to reopen in May after share offer</h1>
<p style="font-size:12px;color:#777">Written by Grace Whitfield</p>
<p>{POOL_STORY[0]}</p><p>{POOL_STORY[1]}</p><p>{POOL_STORY[2]}</p>
<table class="btn"><tr><td><a href="https://lido.example/news/reopening">Find out more</a></td></tr></table></td></tr></table>
<table class="footer"><tr><td><p>Friends of the Lido<br>Station Road, Wexcombe, WX4 2LD</p>
<p>You're receiving this email because you joined our mailing list at the open day.</p>
<p><a href="https://lido.cmail20.example/t/r-u-abc/">Unsubscribe</a> | <a href="https://lido.cmail20.example/t/r-f-abc/">Forward to a friend</a> | <a href="https://lido.updatemyprofile.example/r-abc">Preferences</a></p></td></tr></table>
</td></tr></table></body></html>"""
CM_PLAIN = f"""Web version: https://lido.cmail20.example/t/r-e-abc/

LIDO TO REOPEN IN MAY AFTER SHARE OFFER
Written by Grace Whitfield

{POOL_STORY[0]}

{POOL_STORY[1]}

{POOL_STORY[2]}

Find out more (https://lido.example/news/reopening)

Friends of the Lido
Station Road, Wexcombe, WX4 2LD

You're receiving this email because you joined our mailing list at the open day.
Unsubscribe: https://lido.cmail20.example/t/r-u-abc/
"""

IT_STORY = [
    "Il comune di Valpiana ha approvato lunedì il progetto della nuova pista ciclabile lungo il fiume, lunga "
    "sette chilometri.",
    "I lavori costeranno 2,3 milioni di euro, in gran parte coperti da fondi regionali, e dovrebbero finire "
    "entro l'estate del 2028.",
    "Il percorso collegherà la stazione alle scuole superiori e al parco del Mulino.",
]
IT_HTML = f"""<!doctype html><html><head><meta charset="UTF-8"><title>Valpiana Notizie</title></head><body>
<center><table id="bodyTable" width="100%"><tr><td id="bodyCell">
<span class="mcnPreviewText" style="display:none;">Sette chilometri lungo il fiume</span>
<table><tr><td class="mcnTextContent" style="text-align:right"><a href="https://us5.campaign-archive.example/?u=1&amp;id=2">Visualizza questa email nel tuo browser</a></td></tr></table>
<table><tr><td class="mcnTextContent"><h3>VALPIANA NOTIZIE &ndash; Martedì 1 dicembre 2026</h3></td></tr></table>
<table><tr><td class="mcnTextContent"><h1>Via libera alla pista ciclabile sul fiume</h1>
<p>{IT_STORY[0]}</p><p>{IT_STORY[1]}</p><p>{IT_STORY[2]}</p>
<p><a href="https://valpiananotizie.example/2026/12/01/pista-ciclabile">Leggi tutto</a></p></td></tr></table>
<table><tr><td class="mcnTextContent"><em>Copyright &copy; 2026 Valpiana Notizie, Tutti i diritti riservati.</em><br>
Ricevi questa email perché sei iscritto alla newsletter di Valpiana Notizie.<br><br>
<strong>Il nostro indirizzo è:</strong><br>Valpiana Notizie<br>Via Roma 12<br>Valpiana 10010<br>Italy<br><br>
Vuoi cambiare il modo in cui ricevi queste email?<br>Puoi <a href="https://valpiana.us5.list-manage.example/profile?u=1">aggiornare le tue preferenze</a> o <a href="https://valpiana.us5.list-manage.example/unsubscribe?u=1">annullare l'iscrizione</a>.</td></tr></table>
</td></tr></table></center></body></html>"""

PT_STORY = [
    "A câmara municipal de Vila Serra anunciou que os autocarros urbanos passam a ser gratuitos para todos "
    "os residentes a partir de janeiro.",
    "A medida custa cerca de 1,1 milhões de euros por ano e será paga com a receita do estacionamento no "
    "centro histórico.",
    "Os visitantes continuam a pagar 1,20 euros por viagem.",
]
PT_HTML = f"""<!DOCTYPE html><html lang="pt"><head><meta charset="utf-8"></head><body>
<div class="ml-preview" style="display:none;opacity:0;max-height:0;overflow:hidden">Autocarros gratuitos a partir de janeiro</div>
<table class="ml-wrapper" width="100%"><tr><td>
<table><tr><td align="right"><a href="https://preview.mailerlite.example/v9x2">Ver no navegador</a></td></tr></table>
<table><tr><td><img src="https://storage.mlcdn.example/logo-jornal.png" alt="Jornal da Serra" width="160"></td></tr></table>
<table><tr><td><h1>Autocarros gratuitos para residentes em Vila Serra</h1>
<p>{PT_STORY[0]}</p><p>{PT_STORY[1]}</p><p>{PT_STORY[2]}</p></td></tr></table>
<table class="ml-footer"><tr><td><p>Jornal da Serra<br>Rua Direita 40, 6270-000 Vila Serra, Portugal</p>
<p>Recebeu este email porque subscreveu a nossa newsletter.</p>
<p><a href="https://unsubscribe.mailerlite.example/v9x2">Cancelar subscrição</a></p>
<p><a href="https://www.mailerlite.example/"><img src="https://assets.mlcdn.example/ml/logo/created-with-mailerlite.png" alt="Created with MailerLite" width="100"></a></p></td></tr></table>
</td></tr></table></body></html>"""

KO_STORY = [
    "해안시는 내년 3월부터 시내버스 전 노선에 저상버스를 투입한다고 3일 밝혔다.",
    "시는 이를 위해 전기 저상버스 120대를 새로 구입하며, 예산은 약 480억 원이다.",
    "휠체어 이용자와 노약자의 이동이 한결 편해질 것으로 기대된다.",
]
KO_HTML = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"></head><body>
<table width="640"><tr><td><p style="font-size:11px">이 메일이 잘 보이지 않으면 <a href="https://haean-news.example/mail/view/2026-12-03">여기</a>를 클릭하세요.</p></td></tr>
<tr><td><h2>해안뉴스 뉴스레터 | 2026년 12월 3일</h2></td></tr>
<tr><td><h1>내년 3월부터 모든 시내버스 노선에 저상버스</h1>
<p>{KO_STORY[0]}</p><p>{KO_STORY[1]}</p><p>{KO_STORY[2]}</p></td></tr>
<tr><td style="font-size:11px"><p>본 메일은 뉴스레터 수신에 동의하신 분들께 발송됩니다.</p>
<p>더 이상 받지 않으시려면 <a href="https://haean-news.example/mail/reject">수신거부</a>를 눌러 주세요.</p>
<p>해안뉴스 | 해안시 중앙로 1 | 대표전화 000-000-0000</p></td></tr></table></body></html>"""


def main() -> None:
    build(
        "substack",
        [
            ("From", "Mira Okafor from The Allotment Letter <allotmentletter@substack.com>"),
            ("Reply-To", "Mira Okafor from The Allotment Letter <reply+2b7d1e@substack.com>"),
            ("To", "reader@example.org"),
            ("Subject", "Why the seed swap outgrew the church hall"),
            ("Date", "Sat, 28 Nov 2026 14:03:11 +0000"),
            ("List-Unsubscribe", "<https://allotmentletter.substack.com/action/disable_email>"),
            ("List-URL", "<https://allotmentletter.substack.com/>"),
            ("X-Mailgun-Tag", "post"),
        ],
        plain=SUBSTACK_PLAIN,
        html=SUBSTACK_HTML,
    )
    build(
        "mailchimp",
        [
            ("Subject", q("Fwd: Morning Brief: Tram line approved \u2013 eleven years on")),
            ("From", "Morning Brief <editor@morningbrief.example>"),
            ("Reply-To", "Morning Brief <editor@morningbrief.example>"),
            ("To", "<reader@example.org>"),
            ("Date", "Mon, 30 Nov 2026 06:00:12 +0000"),
            ("List-Unsubscribe", "<https://morningbrief.us21.list-manage.com/unsubscribe?u=5f2a&id=77>"),
            ("X-Mailer", "Mailchimp Mailer - **CID81c3e**"),
            ("X-Campaign", "mailchimp5f2a.81c3e"),
        ],
        plain=MAILCHIMP_PLAIN,
        html=MAILCHIMP_HTML,
    )
    build(
        "beehiiv",
        [
            ("From", "The Circuit <thecircuit@mail.beehiiv.com>"),
            ("To", "reader@example.org"),
            ("Subject", q("\U0001f50b The biscuit factory that recycles scooter batteries")),
            ("Date", "Wed, 02 Dec 2026 12:30:44 +0000"),
            ("List-Unsubscribe", "<https://thecircuit.beehiiv.com/unsubscribe?token=ab12>"),
        ],
        html=BEEHIIV_HTML,
    )
    build(
        "buttondown",
        [
            ("From", "Spine & Margin <spineandmargin@buttondown.email>"),
            ("To", "reader@example.org"),
            ("Subject", "Reader-owned bookshop saved"),
            ("Date", "Thu, 03 Dec 2026 17:45:00 -0000"),
            ("List-Unsubscribe", "<https://buttondown.com/unsubscribe/ae41c2>"),
        ],
        plain=BUTTONDOWN_PLAIN,
        html=BUTTONDOWN_HTML,
    )
    build(
        "kit",
        [
            ("From", "Tom at Riverwatch Notes <tom@riverwatch.example>"),
            ("To", "reader@example.org"),
            ("Subject", "Record salmon run at Ashford weir"),
            ("Date", "Fri, 04 Dec 2026 09:00:03 -0500"),
            ("List-Unsubscribe", "<https://unsubscribe.kit.com/7xq2lm>"),
            ("X-Kit-Broadcast", "19921"),
        ],
        html=KIT_HTML,
    )
    build(
        "ghost",
        [
            ("From", '"The Late Stop" <noreply@thelatestop.example>'),
            ("Reply-To", "The Late Stop <hello@thelatestop.example>"),
            ("To", "reader@example.org"),
            ("Subject", "Night buses to lose four routes"),
            ("Date", "Tue, 01 Dec 2026 21:15:00 +0000"),
            ("List-Unsubscribe", "<https://thelatestop.example/unsubscribe/?uuid=44e1&key=9a>"),
        ],
        html=GHOST_HTML,
    )
    build(
        "googlegroups",
        [
            ("From", "eastside-neighbours@googlegroups.com"),
            ("To", "Digest recipients <eastside-neighbours@googlegroups.com>"),
            (
                "Subject",
                "[eastside-neighbours] Digest for eastside-neighbours@googlegroups.com - 3 updates in 3 topics",
            ),
            ("Date", "Fri, 04 Dec 2026 06:00:41 +0000"),
            ("List-ID", "<eastside-neighbours.googlegroups.com>"),
            (
                "Mailing-list",
                "list eastside-neighbours@googlegroups.com; contact eastside-neighbours+owners@googlegroups.com",
            ),
        ],
        plain=GROUPS_PLAIN,
        charset="utf-8",
        cte="qp",
    )
    build(
        "mailman",
        [
            ("From", "eastside-talk-request@lists.eastside.example"),
            ("Subject", "Eastside-talk Digest, Vol 12, Issue 4"),
            ("To", "eastside-talk@lists.eastside.example"),
            ("Reply-To", "eastside-talk@lists.eastside.example"),
            ("Date", "Fri, 04 Dec 2026 12:00:03 +0000"),
            ("List-Id", "Eastside neighbours <eastside-talk.lists.eastside.example>"),
            ("Errors-To", "eastside-talk-bounces@lists.eastside.example"),
        ],
        plain=MAILMAN_PLAIN,
        charset="us-ascii",
        cte="7bit",
    )
    build(
        "thunderbird-forward",
        [
            ("From", "Nils Berg <nils@example.net>"),
            ("To", "drop@example.org"),
            ("Subject", "Fwd: Harbour dredging starts in January"),
            ("Date", "Wed, 2 Dec 2026 09:30:12 +0100"),
            ("User-Agent", "Mozilla Thunderbird"),
        ],
        plain=THUNDERBIRD_PLAIN,
        html=THUNDERBIRD_HTML,
    )
    build(
        "campaignmonitor",
        [
            ("From", "Friends of the Lido <news@lido.example>"),
            ("To", "reader@example.org"),
            ("Subject", "Lido to reopen in May after share offer"),
            ("Date", "Thu, 03 Dec 2026 18:00:00 +0000"),
            ("List-Unsubscribe", "<https://lido.cmail20.example/t/r-u-abc/>"),
        ],
        plain=CM_PLAIN,
        html=CM_HTML,
    )
    build(
        "italian",
        [
            ("From", "Valpiana Notizie <redazione@valpiananotizie.example>"),
            ("To", "lettore@example.it"),
            ("Subject", q("Via libera alla pista ciclabile sul fiume", "iso-8859-15")),
            ("Date", "Tue, 01 Dec 2026 07:00:00 +0100"),
        ],
        html=IT_HTML,
    )
    build(
        "portuguese",
        [
            ("From", "Jornal da Serra <noticias@jornaldaserra.example>"),
            ("To", "leitor@example.pt"),
            ("Subject", q("Autocarros gratuitos para residentes em Vila Serra")),
            ("Date", "Fri, 04 Dec 2026 08:15:00 +0000"),
        ],
        html=PT_HTML,
        cte="b64",
    )
    build(
        "korean",
        [
            ("From", q("해안뉴스", "euc-kr") + " <news@haean-news.example>"),
            ("To", "reader@example.kr"),
            ("Subject", q("내년 3월부터 모든 시내버스 노선에 저상버스", "euc-kr")),
            ("Date", "Thu, 03 Dec 2026 17:00:00 +0900"),
        ],
        html=KO_HTML,
        charset="euc-kr",
        cte="b64",
    )
    build(
        "briefing",
        [
            ("From", "The Daily Rundown <rundown@briefing.example>"),
            ("To", "reader@example.org"),
            ("Subject", "The Daily Rundown: fines, free meals and a rare orchid"),
            ("Date", "Fri, 04 Dec 2026 05:30:00 +0000"),
        ],
        html=BRIEFING_HTML,
    )
    build(
        "prwire",
        [
            ("From", "PR Wire Alerts <alerts@newswire-relay.example>"),
            ("To", "desk@example.org"),
            ("Subject", "Halvorsen Marine wins order for six electric harbour tugs"),
            ("Date", "Tue, 01 Dec 2026 08:00:00 -0500"),
        ],
        html=WIRE_HTML,
    )
    build(
        "gmail-forward",
        [
            ("From", "Dana Reader <dana.reader@gmail.com>"),
            ("Date", "Tue, 1 Dec 2026 09:41:17 -0800"),
            ("Message-ID", "<CAF8x=2k@mail.gmail.com>"),
            ("Subject", "Fwd: Ferry fares frozen for the winter"),
            ("To", "drop@example.org"),
        ],
        plain=GMAIL_PLAIN,
        html=GMAIL_HTML,
    )
    build(
        "outlook-forward",
        [
            ("From", "Pat Greaves <pat.greaves@outlook.example>"),
            ("To", "drop@example.org"),
            ("Subject", "FW: Library to open on Sundays"),
            ("Thread-Topic", "Library to open on Sundays"),
            ("Date", "Wed, 2 Dec 2026 08:05:44 +0000"),
            ("Content-Language", "en-GB"),
            ("X-MS-Has-Attach", ""),
        ],
        plain=OUTLOOK_PLAIN,
        html=OUTLOOK_HTML,
        charset="us-ascii",
    )
    build(
        "apple-forward",
        [
            ("From", "Alex Moreau <alex@icloud.example>"),
            ("Subject", "Fwd: Christmas market returns to Castle Square"),
            ("Date", "Mon, 30 Nov 2026 19:20:31 +0000"),
            ("To", "drop@example.org"),
            ("X-Mailer", "Apple Mail (2.3774.300.61.1.2)"),
        ],
        plain=APPLE_PLAIN,
        html=APPLE_HTML,
    )
    build(
        "plain-only",
        [
            ("From", "Porthwen Lifeboat <news@porthwenlifeboat.example>"),
            ("To", "supporters@porthwenlifeboat.example"),
            ("Subject", "Busiest year for the Porthwen lifeboat"),
            ("Date", "Sun, 29 Nov 2026 18:00:00 +0000"),
        ],
        plain=PLAIN_ONLY,
        charset="us-ascii",
        cte="7bit",
    )
    build(
        "html-only",
        [
            ("From", "Pedal County <news@pedalcounty.example>"),
            ("To", "reader@example.org"),
            ("Subject", "E-bike hire trial beats forecast"),
            ("Date", "Mon, 30 Nov 2026 07:15:00 +0000"),
        ],
        html=HTMLONLY,
        cte="b64",
    )
    build(
        "german",
        [
            ("From", q("Stadtwerke Lindenau", "iso-8859-1") + " <newsletter@stadtwerke-lindenau.example>"),
            ("To", "leser@example.de"),
            ("Subject", q("Größtes Solardach der Region entsteht auf dem Busdepot", "iso-8859-1")),
            ("Date", "Wed, 02 Dec 2026 10:00:00 +0100"),
            ("Content-Language", "de"),
        ],
        plain=DE_PLAIN,
        html=DE_HTML,
        charset="iso-8859-1",
    )
    build(
        "french",
        [
            ("From", q("La Lettre de Saint-Aubin") + " <lettre@saint-aubin.example>"),
            ("To", "lecteur@example.fr"),
            (
                "Subject",
                "=?UTF-8?B?"
                + __import__("base64").b64encode("La médiathèque rouvre en janvier".encode()).decode()
                + "?=",
            ),
            ("Date", "Thu, 3 Dec 2026 11:30:00 +0100"),
        ],
        html=FR_HTML,
        cte="b64",
    )
    build(
        "spanish",
        [
            ("From", "Valdemora Digital <boletin@valdemoradigital.example>"),
            ("To", "lector@example.es"),
            ("Subject", q("La calle Mayor será peatonal desde marzo", "windows-1252")),
            ("Date", "Wed, 02 Dec 2026 08:00:00 +0100"),
        ],
        html=ES_HTML,
        charset="windows-1252",
    )
    build(
        "japanese",
        [
            ("From", q("港北タイムズ", "iso-2022-jp") + " <mail@kohoku-times.example>"),
            ("To", "reader@example.jp"),
            ("Subject", q("小学校の給食費、来年四月から無償に", "iso-2022-jp")),
            ("Date", "Wed, 02 Dec 2026 18:00:00 +0900"),
        ],
        plain=JA_PLAIN,
        charset="iso-2022-jp",
        cte="7bit",
    )


if __name__ == "__main__":
    main()
