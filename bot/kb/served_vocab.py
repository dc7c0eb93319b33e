"""The words that tell who is served in a description: openers ("for", "on behalf of"), verbs
and the words around them that rule an opener in or out (used by served.py)."""

from __future__ import annotations

from bot.kb.normalize import NUM

# "IT support for law firms", "we supply chefs to hotels", "payroll, clients like builders":
# the words after such an opener name the people served, not the business, up to the end of
# the clause. Businesses named there are matched at a discount (matcher.py) and count only as
# weak evidence of who buys (oneshot.py).
SERVED_OPENERS = frozenset(("for", "serving", "serve", "visiting"))
# ... and these verbs after "we" or "i" ("we insure funeral directors", "we advise farms")
SERVED_VERBS = frozenset(
    (
        "advise",
        "advising",
        "insure",
        "insuring",
        "audit",
        "represent",
        "help",
        "support",
        "mentor",
        "fund",
        "finance",
        "defend",
        "equip",
        "staff",
        "visit",
        "manage",
    )
)
# ... and these -ing verbs after the business is named ("recruiter placing nurses": the nurses
# are whom the work is done for or on, not the business)
SERVED_INGS = frozenset(
    (
        "placing",
        "recruiting",
        "entertaining",
        "insuring",
        "representing",
        "defending",
        "sourcing",
        "matching",
    )
)
OWN_OBJECT = frozenset(("a", "an", "the", "my", "our", "this", "two", "three", "several"))
SERVED_PHRASES = (  # several words that open the served part (singular forms)
    ("on", "behalf", "of"),
    ("client", "like"),
    ("client", "such", "as"),
    ("client", "include"),
    ("client", "including"),
    ("client", "are"),
    ("client", "is"),
    ("customer", "like"),
    ("customer", "include"),
    ("customer", "are"),
    ("work", "with"),
    ("working", "with"),
    ("partner", "with"),
    ("contract", "with"),
)
# "for" that does not name a party: "for years", "for hire", "a shop for fishing gear"
NOT_AFTER_FOR = frozenset(
    (
        "sale",
        "rent",
        "hire",
        "free",
        "example",
        "instance",
        "life",
        "now",
        "ever",
        "year",
        "decade",
        "month",
        "week",
        "day",
        "hour",
        "generation",
        "living",
        "good",
        "over",
        "around",
        "about",
        "more",
        "less",
        "up",
    )
)
NOT_BEFORE_FOR = frozenset(
    (
        "look",
        "looking",
        "known",
        "famous",
        "pay",
        "paid",
        "wait",
        "waiting",
        "ask",
        "asking",
        "search",
        "searching",
        "shop",
        "store",
        "boutique",
        "outlet",
        "stall",
        "apply",
        "responsible",
        "ready",
        "thank",
        "thanks",
    )
)
# "to" names a party only before a number, words like these or a plural reached without small
# words ("we sell to the trade", "to hot tub dealers"); otherwise it is mostly "to" + verb
# ("we teach kids to swim").
TO_PARTY = frozenset(
    (
        "the",
        "local",
        "small",
        "independent",
        "other",
        "big",
        "large",
        "major",
        "national",
        "private",
        "public",
        "busy",
        "all",
        "many",
        "most",
        "some",
        "both",
        "retail",
        "commercial",
        "corporate",
        NUM,
    )
)
NOT_BEFORE_TO = frozenset(
    (
        "from",
        "next",
        "close",
        "due",
        "according",
        "up",
        "similar",
        "compared",
        "thanks",
        "door",
        "back",
        "want",
        "need",
        "have",
        "used",
        "able",
        "going",
        "how",
        "way",
        "prefer",
        "like",
        "love",
    )
)
# "the social media of 15 restaurants" names the served; "a chain of gyms", "the owner of two
# cafes", "the rent of karaoke rooms" name the business.
OF_NOT_AFTER = frozenset(("my", "our", "your", "this"))
OF_NOT_BEFORE = frozenset(
    (
        "owner",
        "founder",
        "cofounder",
        "director",
        "manager",
        "head",
        "boss",
        "proprietor",
        "operator",
        "chain",
        "group",
        "network",
        "fleet",
        "team",
        "couple",
        "lot",
        "number",
        "range",
        "variety",
        "kind",
        "sort",
        "type",
        "member",
        "part",
        "one",
        "all",
        "most",
        "some",
        "many",
        "few",
        "each",
        "both",
        "pair",
        "set",
        "selection",
        "collection",
        "franchise",
        "portfolio",
        "family",
        "rent",
        "rental",
        "hire",
        "sale",
        "resale",
        "purchase",
        "repair",
        "delivery",
        "supply",
        "installation",
        "production",
        "manufacture",
        "making",
        "import",
        "export",
        "fitting",
        "printing",
    )
)
SUPPLY = frozenset(("supply", "supplying"))
# Words that start a new clause and so end the served part ("cafe for cyclists, we also ...")
CLAUSE_STARTERS = frozenset(
    (
        "plus",
        "but",
        "also",
        "while",
        "whereas",
        "alongside",
        "besides",
        "then",
        "we",
        "i",
        "our",
        "my",
        "they",
        "under",
    )
)
# small words inside compounds ("walk-in customers", "pop-up shops"), so not after a name
PARTICLES = frozenset(("in", "on", "up", "out", "off"))
