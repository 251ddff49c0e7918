"""The closed vocabulary of removal reasons.

Every dropped line carries exactly one of these codes. The directory names under
`cleaner/data/` that hold phrase lists are a subset of these keys (a test checks it).
"""

from __future__ import annotations

REASONS: dict[str, str] = {
    "comment-form": "Comment form prompts and comment-section labels (Leave a Reply, Post a Comment)",
    "share": "Share widgets and social buttons (Share post:, Share This, Facebook Twitter)",
    "navigation": "Site and post navigation (Scroll to Top, Previous Post Next Post, Skip to content)",
    "taxonomy": "Tag and category labels (TAGS, CATEGORIES, Filed under)",
    "related": "Markers that start a related/popular articles block (Related Posts, More like this)",
    "related-teaser": "Teaser headlines and cut-off snippets after a related marker",
    "subscribe": "Newsletter and subscription prompts (Subscribe, Sign up for our newsletter)",
    "template": "Template and widget junk (spot_imgspot_img, Loading...)",
    "empty-label": "A field label with no value (Date:, Author:)",
    "dangling-heading": "A heading with no content under it before residue or the end",
    "duplicate-title": "The title repeated in the body",
    "byline": "An author line at the head of the document (kept as metadata `author`)",
    "dateline": "A date line at the head of the document (kept as metadata `date`), or a labelled date "
    "line elsewhere (Aktualisiert: 11.04.2020)",
    "source-attribution": "A 'Source: ...' line (kept as metadata `attribution`)",
    "cookie": "Cookie and consent banners",
    "advertisement": "Ad slot labels (Advertisement, Anzeige, Sponsored)",
    "caption": "An image caption that ends with a photo credit (... Foto: Name, ... © Agency)",
    "copyright": "Copyright and rights notices (© 2024 ..., All rights reserved)",
    "repeated-boilerplate": "A line that recurs in many documents of the corpus, outside their body text (site template)",
    "boilerplate": "Menu items, footers, widget text and teasers the line classifier judges residue: few "
    "stopwords, no sentence, and residue around them (cleaner.context, after jusText)",
    "link-list": "Lines made mostly of URLs, domains or e-mail addresses",
    "site-notice": "Lines below the article in which the site talks about itself: newsletter and donation "
    "pitches, author bios, comment rules, cookie notices (cleaner.zones)",
}

CONTENT = "content"


def is_reason(code: str) -> bool:
    """True for a known removal reason.

    >>> is_reason("share"), is_reason("content"), is_reason("nope")
    (True, False, False)
    """
    return code in REASONS
