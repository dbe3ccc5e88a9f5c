"""The checks' own word lists (kept apart from the analyses' lexicon on purpose: a pipeline
rule must not pass its own test).

The lists the context checks read as sets, and the alternatives the regular expressions of
:mod:`storybrief.evaluate.checks.patterns` are built from (the grammar stays there).  Each
list is tuned for its one rule: where two rules read different words for a like idea, both
are here under their own names, and merging them would change what the checks find."""

from __future__ import annotations

from storybrief.text.words import STOP_WORDS

# -- glued sentences --------------------------------------------------------------------------

_GLUE_EXEMPT = frozenset(
    "mrs mrs ms mr dr sr jr st vs no nos gen sen rep gov col capt sgt lt jan feb mar apr jun "
    "jul aug sep sept oct nov dec inc corp ltd co etc approx dept univ".split()
)

# -- openers that need an antecedent (dangling) -----------------------------------------------

_PRONOUNS = frozenset(
    "he she they it we i his her hers their theirs its him them our my this that these those "
    "such".split()
)
_PERSONAL = frozenset("he she his her him hers".split())
_CHAINS = (
    frozenset("he him his himself".split()),
    frozenset("she her hers herself".split()),
    frozenset("they them their theirs themselves".split()),
    # one voice: an article's "I" and "we" are its writer or speaker
    frozenset("i me my mine myself we us our ours ourselves".split()),
)
_CONNECTIVES = (
    "but and yet so also still however meanwhile moreover furthermore nevertheless nonetheless "
    "additionally instead besides thus therefore hence consequently likewise similarly "
    "otherwise indeed regardless plus then"
).split()
_CONNECTIVE_PHRASES = (
    "in addition",
    "as a result",
    "in fact",
    "after all",
    "even so",
    "on the other hand",
    "by contrast",
    "in contrast",
    "in turn",
    "that said",
    "even then",
    "then again",
    "at the same time",
    "for that reason",
    "to that end",
    "in response",
    "in that case",
    "not only that",
    "either way",
)
_NEEDS_COMMA = frozenset("still then indeed regardless plus".split())
_TIME_WORDS = (
    "week weekend weeks year years month months morning afternoon evening night summer winter "
    "spring fall autumn season time days century decade past monday tuesday wednesday "
    "thursday friday saturday sunday january february march april may june july august "
    "september october november december"
).split()

# -- names, titles and speech (unintroduced) --------------------------------------------------

_NOT_NAMES = frozenset(
    w.capitalize()
    for w in (
        list(STOP_WORDS)
        + _TIME_WORDS
        + "mr mrs ms miss dr i jan feb mar apr jun jul aug sep sept oct nov dec".split()
    )
)
_COURTESY = frozenset("Mr Mrs Ms Miss".split())
_TITLES = frozenset(
    """Mr Mrs Ms Miss Dr Prof Professor President Vice Sen Senator Rep Representative Gov
    Governor Mayor Judge Justice Gen General Lt Col Capt Sgt Maj Adm Cmdr Officer Detective
    Chief Deputy Sheriff Secretary Minister Prime Pope King Queen Prince Princess Lord Lady Sir
    Dame Coach Rev Father Brother Sister Saint St Attorney Director Chairman Chairwoman Speaker
    Leader Agent Trooper Commissioner Inspector Superintendent Ambassador Chancellor Premier
    Sheikh Emir Sultan Cardinal Bishop Rabbi Imam Dean Captain Sergeant Lieutenant Colonel
    Admiral Corporal Private Councilman Councilwoman Congressman Congresswoman Assemblyman
    Spokesman Spokeswoman Mister Madam Uncle Aunt Grandma Grandpa Mother Mom Dad Doctor Nurse
    Pastor Editor Founder""".split()
)
_SPEECH = frozenset(
    """said says told added agreed wrote explained noted argued continued described recalled
    asked replied insisted admitted claimed stated tweeted testified warned urged acknowledged
    confirmed declined denied""".split()
)
_FUNCTION_OR_SPEECH = STOP_WORDS | _SPEECH
_SUBJECT_VERBS = frozenset(
    """was is had has lived died became remains remained won lost faces faced left joined
    played starred wrote told added denied admitted pleaded""".split()
)

# -- referents (issue 17) ---------------------------------------------------------------------

# "the group", "the storm": nouns that refer back to something the reader must already know.
# Epithets may stand for a person the digest named ("Halle Berry ... The actress"), so they
# count only when the digest has named no one before them.
_REFERENT_NOUNS = frozenset(
    """group storm company firm findings study report reports measure bill course witness
    witnesses friend friends agreement deal statement officers rebels piece suspect suspects
    victim victims couple pair incident attack crash blast explosion lawsuit
    researchers agency organization program sandwich insider insiders source sources chief
    magazine school network""".split()
)
_EPITHETS = frozenset(
    """woman man boy girl teen teenager doctor rapper singer actress actor star winner
    spokesman spokeswoman official""".split()
)
# a referent introduced in other words: "Hurricane Sandy ... the storm"
_HYPERNYMS = {
    "storm": "hurricane typhoon cyclone tornado blizzard",
    "company": "firm corp inc co maker retailer chain brand startup",
    "firm": "company corp inc co",
    "group": "organization coalition association militia band club party",
    "organization": "group association",
    "study": "research paper journal researchers report",
    "findings": "study research researchers found",
    "researchers": "study research scientists university archaeologists experts team",
    "report": "study reported research published findings survey",
    "measure": "proposition bill law referendum initiative act",
    "bill": "measure legislation act law",
    "agreement": "deal accord treaty",
    "deal": "agreement accord",
    "attack": "attacked attacker bombing shooting",
    "shooting": "shot gunman shooter",
    "crash": "crashed collision collided",
    "couple": "husband wife married",
    "pair": "two both",
    "suspect": "arrested charged accused man woman gunman",
    "victim": "killed died injured",
    "victims": "killed died injured",
    "lawsuit": "sued suit",
    "school": "university college",
    "rebels": "insurgents militants",
}
_RESTRICTIVE = frozenset(
    "of who whom that which whose behind named called known in at from with for about on "
    "involved responsible accused charged".split()
)
# words after "this" that are no noun it governs ("this is", "this could", "this much"),
# and the page the text stands on ("share this story": the furniture rule's business)
_NOT_A_HEAD = frozenset(
    """is was were are has had have will would could can may might must should does did
    means shows showed comes came seems seemed much many kind sort way one ones
    story article page post site website""".split()
)

# -- the alternatives of patterns' regular expressions, in their order (it is the regex's) -----

# a title a sentence never ends with: "(The Rev." and "For more on Sen." were cut by a splitter
_CUT_TITLES = (
    "Rev Sen Sens Gov Dr Mr Mrs Ms St Gen Rep Reps Lt Col Sgt Capt Prof Maj Adm Cmdr Supt Insp "
    "Det Hon Pres Ald Atty Sup Msgr Fr Assemblyman"
).split()
# the words outside a quotation that give it a speaker (``speakerless``, ``opinion``)
_SPEAKER_WORDS = (
    *"said says say told tells added adds asked asks wrote writes explained explains".split(),
    "according to",
    *"""tweeted recalled continued responded replied insisted noted stated declared announced
    argued warned quoted quipped joked began concluded""".split(),
)
# the digest's own first person ("opinion"), and the words before "I" that make it a numeral
_FIRST_PERSON_WORDS = "I I'm I’m I've I’ve I'd I’d me my we we're we’re us our let's let’s".split()
_FIRST_PERSON_OPENERS = "We Our My Let's Let’s".split()
_NUMERAL_I_AFTER = "War Phase Type Title".split()
# a reviewer's or columnist's verdict, never a reporter's in the digest's own voice (each a
# phrase, regex syntax only for its variants: "it(?:'s|’s| is) clear that"; the ones that
# must end at a word's end say so with \b)
_VERDICT_PHRASES = (
    "of course",
    "obviously",
    "congratulations",
    "it(?:'s|’s| is) clear that",
    "it seems",
    "needs to find",
    "plays like",
    "comes off as",
    "a must-see",
    "masterpiece",
    "tour de force",
    "(?:charm|hilarity|tenderness|gentle tact)\\b",
    "stylish",
    "unsubtle",
    "savvy",
    "(?:most|biggest) (?:shocking|exciting|shock)",
    "overrated",
    "underwhelming",
    "the (?:best|worst) (?:film|movie|album|book|show|episode)s?\\b",
)
# the words with which a digest attributes a view to its writer ("Another reviewer found it
# ...", "argues"; "?" marks an optional letter)
_VIEW_WORDS = """argues? argued calls? called finds found praised praises believes? believed asserts?
asserted contends? suggests? writes wrote reports? reported reviewer critic""".split()
# the verbs of a quotation tagged by a pronoun ('"...," he said', "he went on")
_PRONOUN_TAG_VERBS = (
    *"said says added continued began asked told explained".split(),
    "went on",
    *"wrote recalled insisted noted".split(),
)
# "the X" that refers back to what its article introduced: abstract or one-off referents
_ANAPHORIC_NOUNS = """course measure article problem lead silliness appeal word video burials guy
sandwich offer product piece idea technique method device exchange comment remarks claim tape
letter post tweet photo interview episode collection creature""".split()
# an epithet that a distinguishing modifier makes one person ("The Oscar winner")
_MODIFIED_EPITHET_NOUNS = """winner rapper singer actress actor star champion nominee comedian
host frontman quarterback director author""".split()
# the weekday a wire photo caption's date opens with ("..., Tuesday, April 11, 2017.")
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
# the conjunctions of a subordinate clause standing as a sentence ("Though ...")
_SUBORDINATORS = "Though Although Except Whereas Unless Because".split()
# the verbs of an attribution left without its quotation ("Weiner said loudly, ...")
_BARE_TAG_VERBS = "said says added asked replied shouted".split()
