"""The patterns the line classifier (bot.text.linekinds) tries, and the words that must be there for each."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from bot.text.regexstart import alternatives, start_class

SHARE_WORDS = frozenset(
    str.split(
        """
    share shares sharing shared tweet facebook twitter x linkedin whatsapp email e-mail mail print pinterest reddit
    flipboard pocket messenger telegram copy link comments comment mix tumblr google+ google odnoklassniki vk this
    on via with to article story the options all submit sms url short get save bookmark instagram youtube rss
    snapchat threads bluesky mastodon gmail outlook more a friend opens in new window click cetak surat elektronik
    teilen partager compartir condividi gift reprints order copied or and for page is caring upvote upvotes downvote
    downvotes
    """
    )
)
# A share bar has a word starting with one of these; the regex finds one in the line before it is split.
SHARE_STARTS = tuple(
    str.split(
        "share shar tweet facebook twitter whatsapp linkedin email pinterest reddit copy print e-mail mail flipboard "
        "telegram messenger teilen partager compartir cetak surat google pocket mix tumblr odnoklassniki instagram "
        "youtube rss sms gift upvote downvote"
    )
)
# The starts no other start lies inside ("share" holds "shar", "e-mail" holds "mail"): a line holds one of
# SHARE_STARTS exactly when it holds one of these, tested with `in` (a regex alternation tried each at every place).
SHARE_HINTS = tuple(s for s in SHARE_STARTS if not any(t != s and t in s for t in SHARE_STARTS))
# The share words of other languages ("Artikel teilen", "Partager l'article", "Condividi", "Compartilhe",
# "Поделиться", "シェアする", "分享到"). The line classifier does not read them yet: a line's kind is a column of the
# headline model's rows, fitted without them (five share lines of four dataset pages would change kind and move
# six rows), so a refit round moves them into SHARE_WORDS and SHARE_STARTS. Until then the reader leaves a line
# they make a share bar out of the body (``is_share_bar(..., world=True)`` in bot.text.pasted).
WORLD_SHARE_WORDS = SHARE_WORDS | frozenset(
    str.split(
        """
    artikel beitrag l'article cet partagez artículo este en l'articolo articolo su compartilhar compartilhe artigo
    matéria no поделиться поделитесь статьей в вконтакте シェア シェアする 分享 分享到
    deel delen dit udostępnij artykuł dela artikeln del paylaş haberi bagikan artikel sdílet článek 공유 공유하기
    κοινοποίηση
    """
    )
)
WORLD_SHARE_STARTS = (
    *SHARE_STARTS,
    *("condivid", "compartilh", "подели", "シェア", "分享", "deel", "delen", "udostępnij", "dela", "paylaş"),
    *("bagikan", "sdílet", "공유", "κοινοποίηση"),
)
WORLD_SHARE_HINTS = tuple(s for s in WORLD_SHARE_STARTS if not any(t != s and t in s for t in WORLD_SHARE_STARTS))
SHARE_SPLIT = re.compile(r"[\s,|/•·]+")
_PIECE = re.compile(r"[^\s,|/•·]+")  # what SHARE_SPLIT leaves between its separators
_TRIM = ":!?.()[]\uff1a"  # what a share bar's words are stripped of (and the full-width colon after "分享到")
SHARE_FOR = re.compile(r"^shar(?:e|ing)\b.{0,40}\bfor:", re.I)  # "Share All sharing options for: <headline>"
# Text-size buttons ("A+ A-", "T- T+"). The repetition is possessive: "A" is both "A" and the start of "A+" or "+A",
# so a long run of a's that fails at its end ("aaaa...ü", a pasted line) was tried every way, each letter doubling
# the time (a hang at about 40 letters); once taken, a button is not split again.
BUTTONS = re.compile(
    r"^(?:(?:[Aa][+\-\u2212]?|[+\-\u2212]?[Aa]|T[+\-\u2212]?)\s*)++$|^(?:text|font)\s*size\b.{0,20}$", re.I
)
_READ_WORDS = (
    r"lesezeit|lesedauer|tiempo\s+de\s+lectura|temps\s+de\s+lecture|tempo\s+de\s+leitura|tempo\s+di\s+lettura"
    r"|czas\s+czytania|leestijd|l\u00e4stid|lukuaika|\u0432\u0440\u0435\u043c\u044f\s+\u0447\u0442\u0435\u043d\u0438\u044f"
)
READING = re.compile(
    r"^(?:reading\s+time\s*:?\s*)?(?:about\s+)?\d{1,3}\s*(?:[-\u2013]|to\s+)?\s*(?:\d{1,3}\s*)?(?:min(?:ute)?s?|m)\.?\s*"
    r"(?:read(?:ing)?|listen|watch)?(?:\s+time)?\.?$|^(?:reading|read)\s+time\b.{0,25}$|^\d+\s+min\s+read\b|"
    r"^(?:word\s*count|words)\s*:?\s*[\d,]+$|"
    # The same in other languages: "Lesezeit: 4 Min.", "Tiempo de lectura: 3 minutos", "Temps de lecture : 5 min",
    # "3 min de lectura", "4 Min. Lesezeit", "Czas czytania: 4 min".
    rf"^(?:{_READ_WORDS})\s*:?\s*(?:ca\.\s*|circa\s+|approx\.\s*)?\d{{1,3}}\s*(?:min[\w.]*|minut\w*)$|"
    rf"^(?:ca\.\s*)?\d{{1,3}}\s*(?:min[\w.]*|minut\w*)\s+(?:de\s+|di\s+)?(?:{_READ_WORDS}|lectura|lecture|leitura"
    r"|lettura|czytania)\.?$",
    re.I,
)
ADVERT = re.compile(
    r"^(?:advertisement|advertising|advert|ads?|sponsored(?:\s+content|\s+links?)?|promoted|paid\s+content|"
    r"adchoices|iklan|anzeige|werbung|publicité|publicidad|pubblicità|reklama|story continues below(?: advertisement)?|"
    r"continue reading(?: the main story| below)?|skip (?:advert|ad)(?:vertisement)?|ad feedback|report (?:this )?ad|"
    r"(?:story|article) continues(?: (?:below|after))?(?: (?:this |the )?(?:advertisement|ad))?|"
    r"advertisement\s*[-\u2013\u2014:]\s*(?:scroll to continue|continue reading(?: below)?)|"
    r"реклама|广告|広告|광고|"
    # A newspaper's jump line, in a copy of its printed or e-paper pages: "Continued on page 5", "See TRAM, Page A6".
    r"(?:continued|cont(?:'?d)?\.?) (?:on|from) (?:page|p\.) ?[a-z]?\d{1,3}|"
    r"(?:please )?see [^\W\d_]+,? (?:on )?page [a-z]?\d{1,3})"
    r"\W*$",
    re.I,
)
# "Af", "Skrevet af/av", "Skriven av" (Danish, Norwegian, Swedish), "Автор:", "Autor:" (Russian, Polish, Czech,
# Spanish, Portuguese), "Autore:", "Auteur :", "Yazar:" (Turkish), "Penulis:" and "Reporter:" (Indonesian, English),
# "Kirjoittaja:" (Finnish), "Szerző:" (Hungarian), "Tác giả:" (Vietnamese), "Текст:", "Texto:", "Tekst:", "Text:",
# "Teksti:" (the words' writer, beside the photographer's "Фото:"), "記者 山田太郎" / "记者 王明" (reporter), "作者" and
# "撰文" (writer) with a colon, full-width or not, and Taiwan's "文" (text) before a slash, full-width or not.
# Turkish "Haber:" (news by). Filipino "Ni" and Swahili "Na" ("by") only before a whole name of two to four
# capitalised words (a particle between: "Ni Juan dela Cruz"), since "Na" opens Slavic and Portuguese phrases
# ("Na Ukrainie ...", "Na Praça ...").
BYLINE = re.compile(
    r"^(?:(?:by|von|par|por|di|oleh|door|av|af|skrevet\s+a[fv]|skriven\s+av|written\s+by|posted\s+by|words\s+by|"
    r"story\s+by|記者|记者)\b|"
    r"(?-i:N[ai])\s(?=(?-i:[A-Z][^\W\d_]+(?:\s(?:[A-Z][^\W\d_]+|dela|de|del|delos|bin|binti)){1,3})$)|"
    r"(?:автор|autor|autore|auteur|authors?|yazar|haber|penulis|reporter|kirjoittaja|szerző|tác\s+giả|текст|texto|tekst|text|"
    r"teksti)\s*:|"  # "Автор фото" has no colon
    r"(?:作者|撰文)\s*[:\uff1a]|文\s*[/\uff0f])\s*",
    re.I,
)
CAPTION_START = re.compile(
    r"^(?:\(?(?:photo|image|picture|pic|foto|bild|credit|photograph|illustration|video|graphic|source|gallery"
    r"|fotoğraf|zdjęcie|picha|larawan|фото)s?"
    r"(?:\s+(?:credit|caption|copyright|source)s?\b|\s*(?::|\.\.\.|\u2026|\bby\b|\d+\s+of\b|/))|"
    r"image\s+\d|caption\b|close\b|expand\b|enlarge\b|media caption|"
    r"hide caption|toggle caption|view (?:gallery|slideshow|image)|\d+\s*/\s*\d+$|"
    r"\[\d{1,3}\s*/\s*\d{1,3}\]\s|"  # a gallery's picture: "[1/3] A ferry leaves the terminal ..."
    r"(?:advertisement\s*)?(?:video|watch|listen)\s*:)",
    re.I,
)
AGENCIES = (
    r"(?:getty(?: images)?|shutterstock|afp|ap|ap photo|associated press|reuters|epa|istock(?:photo)?|alamy|file)"
)
CREDIT_END = r")\W*(?:file)?\W*$"
# The last word (lower-cased) of any line that CREDIT_LEAD matches: an agency's last word, a trailing "images"
# or "photo" with "file" run on, or an agency run on after "via" ("viaReuters").
LEAD_AGENCIES = ("getty", "shutterstock", "afp", "ap", "reuters", "epa", "istock", "istockphoto", "alamy", "file")
CREDIT_LEAD_ENDS = frozenset(
    (*LEAD_AGENCIES, "images", "image", "photo", "press", "photofile", "imagefile", "imagesfile")
) | {f"via{agency}" for agency in LEAD_AGENCIES}
LAST_WORD_REVERSED = re.compile(r"\W*(\w*)")
# A credit that closes the line: a credit word and what follows it, or an agency after a bracket or a slash.
# Apart, the alternatives that need a credit word (or "©") and those that need a bracket, slash or bar: a line
# holding only the one kind of hint runs only the pattern it can match (CREDIT is their union).
_CREDIT_WORDED = (
    r"\b(?:credit|photo|image|photograph|picture)s?\s*(?::|\.\.\.|\u2026|by)\s*[^.]{2,80}|"
    r"\(\s*(?:image|photo)s?:[^)]*\)|"
    r"\u00a9[^.]{0,60}"
)
_CREDIT_MARKED = (
    r"\([^()]{2,60}/[^()]{2,60}\)|"  # (Agency/Photographer)
    rf"[/|(]\s*(?:[\w .'-]*/\s*)?{AGENCIES}\b[^.()]{{0,40}}\)?"
)
CREDIT = re.compile(f"(?:{_CREDIT_WORDED}|{_CREDIT_MARKED}" + CREDIT_END, re.I)
CREDIT_WORDED = re.compile(f"(?:{_CREDIT_WORDED}" + CREDIT_END, re.I)
CREDIT_MARKED = re.compile(f"(?:{_CREDIT_MARKED}" + CREDIT_END, re.I)
# The credit that opens the line ("Jane Doe / Reuters"), apart: it can only match at the start.
CREDIT_LEAD = re.compile(
    rf"(?:^(?:[\w .'-]{{0,40}}(?:[|/,]|\bvia)\s*)?{AGENCIES}\b(?:\s*(?:images?|photo))?" + CREDIT_END, re.I
)
NOTICE = re.compile(
    r"(?:requires javascript|enable javascript|your browser (?:does not|doesn't) support|"
    r"^\[\w+[^\]]*=[^\]]*\]|\bclick(?:ing)? here\b|\btap here\b|"
    r"^to (?:read|continue reading|keep reading) (?:the )?(?:full|whole|rest of (?:the|this)) (?:story|article))",
    re.I,
)
CONTACT = re.compile(r"(?:[\w.+-]+@[\w-]+\.[\w.]+|\B@\w{2,})", re.I)
# "Reach the reporter at https://...": a contact line that gives a link instead of an address.
CONTACT_LINK = re.compile(r"^(?:reach|follow|contact|email|e-mail|write to)\b.{0,80}(?:https?://|www\.)", re.I)
# An affiliate-link disclosure: "If you buy through our links we may earn a commission."
DISCLOSURE = re.compile(
    r"\b(?:may|might|could|will)\s+(?:earn|receive|get|be paid)\s+"
    r"(?:an?\s+)?(?:small\s+)?(?:share|affiliate|commission)",
    re.I,
)
# "Opinions expressed by contributors are their own": the site's disclaimer, not the article.
DISCLAIMER = re.compile(
    r"\b(?:views|opinions)\s+expressed\b.{0,80}\b(?:are\s+(?:their|his|her|the\s+author'?s?)\s+own|"
    r"do\s+not\s+necessarily\s+reflect)",
    re.I,
)
# A newspaper's note of the printed edition under a web copy: "A version of this article appears in print on Dec. 5,
# 2026, Section A, Page 18 ...", "This article appeared in the Europe section of the print edition under the
# headline ...", "Appeared in the December 5, 2026, print edition as '...'".
PRINT_NOTE = re.compile(
    r"^(?:a version of this (?:article|story|review|column|essay|obituary) appear(?:s|ed) in print\b|"
    r"(?:this (?:article|story) )?appeared in the .{0,60}\bprint edition\b)",
    re.I,
)
DISCLOSURE_WORDS = 12
CAPTION_LIMIT = 60
CONTACT_WORDS = re.compile(r"\b(?:follow|email|e-mail|contact|reach(?:ed)?|write to|tips?)\b", re.I)
# A call to read the story on the web, in English and as other languages write it ("Weiterlesen", "Lire la
# suite", "Leer más", "Leia mais", "Continua a leggere", "Lees verder", "Czytaj dalej", "Читать далее", "続きを読む").
READ_ON_WORDS = (
    r"read (more|on|the (full|whole|rest))|continue reading|keep reading|full (story|article)|weiterlesen"
    r"|mehr (lesen|erfahren)|zum (ganzen )?(artikel|beitrag)|lire (la suite|plus)|en savoir plus|leer m[aá]s"
    r"|seguir leyendo|leia mais|continue lendo|saiba mais|continua a leggere|leggi (tutto|di pi[uù])|lees (verder|meer)"
    r"|czytaj (dalej|wi[eę]cej)|читать (далее|дальше|полностью)|続きを読む|阅读全文|阅读更多|baca selengkapnya"
    r"|devam[\u0131i]n[\u0131i] oku|l[äa]s mer|les mer|l[æa]s mere|lue lis[äa][äa]"
)
# A list of the piece's tags under it: "Tags: library, city", "Filed under: Politics". (The English labels are also
# MORE's, a line kind; the others only end a body, ``TAGS``: a new kind would move the headline model's rows.)
_TAG_LABELS = r"tags?:|topics?:|filed under|categories:|keywords:"
# The same labels in other languages, and a blogging platform's "Tagged:", "tags #a #b": the body's closing tags.
_OTHER_TAG_LABELS = (
    r"tagged(?: with)?\s*:|tags?\s+(?::|#)|schlagw(?:ö|oe)rter\s*:|schlagworte\s*:|stichw(?:ö|oe)rter\s*:|"
    r"themen\s*:|étiquettes?\s*:|mots[- ]clés\s*:|sujets?\s*:|etiquetas?\s*:|palabras clave\s*:|temas\s*:|"
    r"etichette\s*:|argomenti\s*:|parole chiave\s*:|trefwoorden\s*:|onderwerpen\s*:|tagi\s*:|tematy\s*:|"
    r"etiketter\s*:|emner\s*:|ämnen\s*:|štítky\s*:|témata\s*:|etiketler\s*:|konular\s*:|теги\s*:|метки\s*:|"
    r"темы\s*:|标签\s*[:\uff1a]|標籤\s*[:\uff1a]|关键词\s*[:\uff1a]|關鍵詞\s*[:\uff1a]|タグ\s*[:\uff1a]|キーワード\s*[:\uff1a]|태그\s*[:\uff1a]|키워드\s*[:\uff1a]"
)
TAGS = re.compile(rf"^(?:{_TAG_LABELS}|{_OTHER_TAG_LABELS})", re.I)
# A tag list's heading alone on its line, over its tags one a line ("Tags" / "Politics" / "Economy").
TAGS_HEADING = re.compile(
    r"^(?:tags|tagged|topics|keywords|filed under|schlagw(?:ö|oe)rter|schlagworte|stichw(?:ö|oe)rter|étiquettes|"
    r"mots[- ]clés|etiquetas|palabras clave|etichette|parole chiave|trefwoorden|tagi|etiketter|štítky|etiketler|"
    r"теги|метки|标签|標籤|关键词|關鍵詞|タグ|キーワード|태그|키워드)\s*[:\uff1a]?$",
    re.I,
)
# An encyclopedia's or a paper's closing sections' heading alone on its line ("References", "Einzelnachweise"):
# under the article's last paragraph, what follows is its sources, not its text.
REFERENCES_HEADING = re.compile(
    r"^(?:references|notes|sources|citations|footnotes|bibliography|external links|further reading|"
    r"notes and references|einzelnachweise|anmerkungen|quellen|weblinks|literatur|r\u00e9f\u00e9rences|"
    r"notes et r\u00e9f\u00e9rences|liens externes|bibliographie|referencias|enlaces externos|bibliograf\u00eda|"
    r"fuentes|note|collegamenti esterni|bibliografia|refer\u00eancias|liga\u00e7\u00f5es externas|fontes|przypisy|"
    r"linki zewn\u0119trzne|bronnen|referenties|externe links|"
    r"\u043f\u0440\u0438\u043c\u0435\u0447\u0430\u043d\u0438\u044f|\u0438\u0441\u0442\u043e\u0447\u043d\u0438\u043a\u0438|\u0441\u0441\u044b\u043b\u043a\u0438|"
    r"\u043b\u0438\u0442\u0435\u0440\u0430\u0442\u0443\u0440\u0430|\u53c2\u8003\u6587\u732e|\u811a\u6ce8|\u6ce8\u91ca)\s*[:\uff1a]?$",
    re.I,
)
MORE = re.compile(
    r"^(?:you are (?:here|at)\b|read more|more:|read also|also read|"
    r"see also|related(?:\s+\w+)?:?|recommended|read next|up next|next:|"
    r"more from|more on|more stories|most (?:popular|read|shared|viewed)|trending|popular|you (?:may|might) (?:also )?"
    r"like|previous(?: article| post)?|next(?: article| post)?|«|\u2039|" + _TAG_LABELS + "|"
    r"in this article|"
    r"related (?:roundup|topics|tags|articles|stories|posts|coverage)|story timeline|what to read next|"
    r"don't miss|more in|latest|top stories|watch next|more news|editor'?s picks|listen:|download:|"
    r"explore more|more about (?:this|these) (?:topics?|stor(?:y|ies))|suggested (?:topics|reading|stories|articles))",
    re.I,
)
# Imperative menu and promotion lines: "Watch live", "Read the magazine", "Support us".
PROMO = re.compile(r"^(?:read|watch|listen|subscribe|shop|download|join|support|sign|get|see|view)\b(?!:)", re.I)
PROMO_WORDS = 6
MORE_END = re.compile(r"\bmore\s*[\u00bb\u203a>]*$", re.I)
SUBSCRIBE = re.compile(
    r"\b(?:newsletters?|subscribe|subscription|subscribing|sign(?:ed)?\s*up|sign\s*in|log\s*in|unsubscribe|"
    r"inbox|e-?mail alerts|opt-in|breaking news emails|notifications|download (?:the|our) app|privacy policy|"
    r"user agreement|terms of (?:use|service)|cookies?)\b|"
    r"^discover more from [^.!?]{1,80}$|"  # a newsletter platform's sign-up box over a post
    r"^(?:type|enter) your e-?mail(?: address)?\b",  # its address field
    re.I,
)
COMMENTS = re.compile(
    r"^(?:(?:new,\s*)?\d+\s+comments?|leave a (?:comment|reply)|view comments|post a comment|comments?|"
    r"comments?\s*\(\d+\)|"
    r"show comments|add a comment|\[\s*\d+\s+comments?\s*\]|join the (?:conversation|discussion)|top rated comments|"
    r"\(view all\)|discussion|"
    # The same box in other languages: comments, reviews, "add a comment", Chinese "我要评论" ("I comment"), and
    # their comment words with a count after them ("Kommentare (3)", "评论(0)") as the English "Comments (3)".
    r"отзыв\w*|добавить (?:отзыв|комментарий)|\d+\s+(?:kommentare?|commentaires?|comentarios?|commenti)|"
    r"(?:kommentare?|commentaires?|comentarios?|commenti|коммент\w*|コメント|댓글|(?:我要|发表|發表|网友|網友)?(?:评论|評論))"
    r"(?:\s*[(\uff08]\d+[)\uff09])?)\W*$",
    re.I,
)
FOLLOW = re.compile(
    r"^(?:follow (?:us|me|him|her|them|[\w.]+(?: [\w.]+)?) on\b|follow\b.{0,30}$|like us on|find us on|"
    r"@\w+$|[\w.+-]+@[\w-]+\.[\w.]+$|click here\b|tap here\b|get (?:the|our) app|print(?: this)? article$)",
    re.I,
)
FOLLOW_ON = re.compile(r"^follow\s+@?[\w.]+(?:\s+[\w.]+)?\s+on\s+(?:twitter|facebook|instagram|x|linkedin)\b", re.I)
# Korean, Japanese and Chinese papers' notices: "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>", "無断転載禁止",
# "版权所有".
COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright\b|ⓒ|<?저작권자\s?(?:\(c\)|ⓒ|©))|all rights reserved|무단\s?전재|alle rechte vorbehalten|"
    r"無断(?:転載|複製)|版[权權]所有|未[经經](?:授[权權]|许可|許可)[\uff0c,]?\s*(?:不得|禁止)[转轉]载",
    re.I,
)
LINK = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
# A line of hashtags alone ("#clippings #transport", a note app's tags; "#energy #wind", a social post's): no text.
HASHTAGS = re.compile(r"(?:#[^\W\d_][\w/-]*\s*)+")
NUMBER = re.compile(r"^[\d\s.,:/|#()+\-\u2013\u2014%]*$")

# "— Jane Doe (@janedoe) November 15, 2019": the signature line under an embedded social-media post.
EMBED_SIGNATURE = re.compile(r"^[\u2014\u2013-]\s*[^()]{1,80}\(@\w{1,30}\)\s+\w+\.? \d{1,2},? \d{4}$")
MORE_LABEL = re.compile(r"^[\w ]{2,20}:")
# The heading of a live blog's or a story's summary list over its first paragraph ("Key points" over three lines
# that say what happened): the list is the story's own text (pasted._with_summary_list). A whole short line.
SUMMARY_HEADING = re.compile(
    r"^(?:key (?:points|events|facts|takeaways)|summary|what we know(?: so far| now)?|at a glance|in brief|highlights|"
    r"what you need to know|das wichtigste(?: in kürze| im überblick)?|auf einen blick|kurz und knapp|zusammenfassung|"
    r"was wir wissen|l['\u2019]essentiel|ce qu['\u2019]il faut (?:retenir|savoir)|ce qu['\u2019]on sait|"
    r"ce que l['\u2019]on sait|les points clés|en bref|résumé|à retenir|lo esencial|lo más importante|(?:las )?claves|"
    r"(?:los )?puntos clave|resumen|lo que sabemos|o essencial|pontos[- ]chave|pontos principais|resumo|o que se sabe|"
    r"o que sabemos|destaques|in breve|(?:i )?punti chiave|in sintesi|cosa sappiamo|l['\u2019]essenziale|in het kort|"
    r"samenvatting|wat we weten|главное|коротко|кратко|что известно|ключевые моменты|najważniejsze|w skrócie|"
    r"co wiemy|要点|重点|摘要|核心提示|ポイント|この記事のポイント|まとめ|핵심 요약|요약|주요 내용)\s*[:\uff1a]?$",
    re.I,
)
SUMMARY_HEADING_CHARS = 30  # no longer heading matches

# Words one of which a line must hold (lower-cased) for the expression beside them to match it. The test is
# only sure where no character matches an ASCII letter under re.IGNORECASE (a dotless i matches "i"): lines
# with one (see bot.text.asciiwords.case_safe) always run the expression.
CREDIT_WORD_HINTS = ("credit", "photo", "image", "picture", "\u00a9")  # one is in every line CREDIT_WORDED matches
CREDIT_MARKS = ("(", "/", "|")  # and one of these in every line CREDIT_MARKED matches (in any case)
NOTICE_HINTS = ("javascript", "your browser", "click", "tap here")
DISCLOSURE_HINTS = ("share", "affiliate", "commission")
SUBSCRIBE_HINTS = tuple(
    str.split(
        "newsletter|subscri|sign|log|inbox|mail alerts|opt-in|breaking news emails|notifications|download|"
        "privacy policy|user agreement|terms of|cookie|discover more|your email|your e-mail",
        "|",
    )
)
COPYRIGHT_STARTS = ("\u00a9", "(c)", "copyright", "\u24d2", "<\uc800\uc791\uad8c\uc790", "\uc800\uc791\uad8c\uc790")
COPYRIGHT_HINTS = (
    *("all rights reserved", "\ubb34\ub2e8", "alle rechte vorbehalten"),
    *("\u7121\u65ad", "\u6240\u6709", "\u672a"),  # 無断, 所有, 未
)


# Every pattern classify_line matches at a line's start, as one: when it fails, none of them can match, and the
# line (most often a paragraph of the article) is spared a dozen separate attempts.
ANCHORED_PARTS = (
    NUMBER,
    BUTTONS,
    READING,
    ADVERT,
    LINK,
    SHARE_FOR,
    COMMENTS,
    FOLLOW,
    FOLLOW_ON,
    EMBED_SIGNATURE,
    BYLINE,
    CAPTION_START,
    MORE,
    CONTACT_LINK,
    PROMO,
)


def _alternation(patterns: Sequence[re.Pattern[str]]) -> re.Pattern[str]:
    """Return one pattern that matches where one of ``patterns`` matches, each with its own flags."""
    return re.compile("|".join(f"(?{'i' if p.flags & re.I else ''}:{p.pattern})" for p in patterns) or "(?!)")


@functools.cache
def anchored_pattern() -> re.Pattern[str]:
    """Return every pattern of ANCHORED_PARTS as one (``_alternation``).

    Compiled when first asked, not at import (~20 ms at each start): :func:`anchored` needs it only for an empty
    text, and most commands never read a line.
    """
    return _alternation(ANCHORED_PARTS)


def anchored(text: str) -> bool:
    """Tell whether :func:`anchored_pattern` matches at ``text``'s start, trying only the patterns that can start so.

    Most lines start with a letter that most alternatives cannot start with: 2.0 us a line for the whole pattern, 1.0
    for the patterns that can start so, 0.4 for their alternatives that can. The alternatives a first character
    leaves are found once per character (bot.text.regexstart; tests/test_linekinds_fastpaths.py).
    """
    if not text:
        return anchored_pattern().match(text) is not None
    pattern = _BY_FIRST.get(text[0])
    if pattern is None:
        pattern = _by_first(text[0])
    return pattern.match(text) is not None


# Each pattern's alternatives apart ("^(?:read more|more:|...)" as "^(?:read more)", ...): a first character leaves
# the few that can start with it (9 of 149 for "T"), not every pattern that has one such alternative.
@functools.cache
def _pieces() -> tuple[list[re.Pattern[str]], list[re.Pattern[str] | None]]:
    """Return the alternatives of ANCHORED_PARTS and the class of first characters of each (None: any).

    Made when :func:`_by_first` first runs, not at import: ~300 patterns, ~30 ms at each start of a command that
    never reads a line.
    """
    pieces = [piece for part in ANCHORED_PARTS for piece in alternatives(part)]
    return pieces, [start_class(piece) for piece in pieces]


_BY_FIRST: dict[str, re.Pattern[str]] = {}  # per first character: the alternation of the patterns it leaves
_BY_PARTS: dict[tuple[int, ...], re.Pattern[str]] = {}
_FIRSTS = 4096  # distinct first characters kept (a hostile text could bring many)


def _by_first(char: str) -> re.Pattern[str]:
    """Return (and remember) the alternation of the alternatives of ANCHORED_PARTS that can start with ``char``."""
    pieces, starts = _pieces()
    kept = tuple(k for k, start in enumerate(starts) if start is None or start.match(char) is not None)
    pattern = _BY_PARTS.get(kept)
    if pattern is None:
        pattern = _BY_PARTS[kept] = _alternation([pieces[k] for k in kept])
    if len(_BY_FIRST) < _FIRSTS:
        _BY_FIRST[char] = pattern
    return pattern


def contains_any(text: str, parts: tuple[str, ...]) -> bool:
    """Tell whether one of ``parts`` occurs in ``text`` (the cheap test run before a pattern's search)."""
    # A plain loop: a third faster than any() over a generator, and this runs several times on every line.
    for part in parts:  # noqa: SIM110 - the loop is the point (measured: bench/README.md, body13)
        if part in text:
            return True
    return False


HintGroups = tuple[tuple[str, tuple[str, ...]], ...]


def hint_groups(hints: tuple[str, ...], pieces: tuple[str, ...]) -> HintGroups:
    """Return ``hints`` grouped under the first of ``pieces`` each holds, for :func:`contains_any_grouped`.

    A group whose only hint is its piece keeps no hints (the piece found is the hint found).

    Raises:
        ValueError: if a hint holds none of the pieces.
    """
    left = [hint for hint in hints if not any(piece in hint for piece in pieces)]
    if left:
        raise ValueError(f"hints holding no piece: {left}")
    groups = []
    for index, piece in enumerate(pieces):
        held = tuple(h for h in hints if piece in h and not any(p in h for p in pieces[:index]))
        if held:
            groups.append((piece, () if held == (piece,) else held))
    return tuple(groups)


def contains_any_grouped(text: str, groups: HintGroups) -> bool:
    """Tell whether one of the hints :func:`hint_groups` grouped occurs in ``text`` (:func:`contains_any` of them).

    A group's hints are looked for only where its piece is: a piece held by several hints, and rare in text, spares
    their scans.
    """
    for piece, hints in groups:  # noqa: SIM110 - the loop is the point, as in contains_any
        if piece in text and (not hints or contains_any(text, hints)):
            return True
    return False


def is_share_bar(text: str, lower: str, *, world: bool = False) -> bool:
    """Tell whether a line (and its lower-cased form) is a bar of share buttons.

    ``world``: with the share words of other languages too (WORLD_SHARE_WORDS: not yet the line classifier's).
    """
    words, starts, hints = (
        (WORLD_SHARE_WORDS, WORLD_SHARE_STARTS, WORLD_SHARE_HINTS)
        if world
        else (SHARE_WORDS, SHARE_STARTS, SHARE_HINTS)
    )
    first = _first_token(text)
    if first is None or not (first in words or first.isdigit() or first.startswith("shar")):
        return False  # a bar's first word is a share word, a number, or "Share ... for:" (0.5 us, not 1.5)
    if not contains_any(lower, hints):
        return False  # no word can start like a share button's (a cheap test before the split)
    tokens = [t.lower().strip(_TRIM) for t in SHARE_SPLIT.split(text) if t.strip(_TRIM)]
    if not tokens or len(tokens) > 14:
        return False
    if not any(t.startswith(starts) for t in tokens):
        return False
    rest = [t for t in tokens if t not in words and not t.isdigit()]
    # "Share All sharing options for: <headline>" keeps the headline's words: allow them after "for".
    if rest and tokens[0].startswith("shar") and "for" in tokens:
        return True
    return not rest


def _first_token(text: str) -> str | None:
    """Return the first word :func:`is_share_bar` reads in ``text`` (lower-cased and stripped), or None."""
    found = _PIECE.search(text)
    while found is not None:
        if found[0].strip(_TRIM):
            return found[0].lower().strip(_TRIM)
        found = _PIECE.search(text, found.end())
    return None


# What a page says to screen readers after a link, copied with the link's text: "said in a statement, opens new tab",
# "(opens in a new window)", "(link is external)". Not words of the text.
_LINK_NOTE = re.compile(
    r",\s*opens? (?:in )?(?:a )?new (?:tab|window)\b|\s*\((?:opens? )?(?:in )?(?:a )?new (?:tab|window)\)"
    r"|\s*\((?:link is external|external link)\)",
    re.IGNORECASE,
)


_LINK_NOTE_HINTS = ("ew tab", "ew window", "xternal", "ew Tab", "ew Window", "EW ")
# A piece of each hint without a blank: a text none of whose lines, blanks and all, holds one has no line that holds
# a hint once its blanks are collapsed (five scans of a copy, not six of each of its lines).
_LINK_NOTE_PIECES = ("tab", "Tab", "indow", "xternal", "EW")


def may_hold_link_notes(text: str) -> bool:
    """Tell whether a line of ``text``, its blanks collapsed, may hold a note :func:`without_link_notes` removes."""
    return contains_any(text, _LINK_NOTE_PIECES)


def without_link_notes(line: str) -> str:
    """Return a line without the screen readers' notes after its links (see _LINK_NOTE)."""
    if not contains_any(line, _LINK_NOTE_HINTS):
        return line
    return _LINK_NOTE.sub("", line).strip()
