"""Fictional news articles for the feed tests, written for this project (no data text).

Each *event* is one story: a kind (fire, flood, arrest, ...) with its own place, people and
numbers; two events of one kind share the kind's vocabulary and differ in everything else --
the near-misses a story clusterer must keep apart.  Articles of an event are different
selections and orders of its facts, phrased by different outlets.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

PLACES = [
    "Port Ellery",
    "Milbrook",
    "Carrow Bay",
    "Ostrander",
    "Fenwick Falls",
    "Quarry Hill",
    "Lake Tamsin",
    "Brightwater",
    "Hollins Cross",
    "Varden",
    "Marlow Heath",
    "Sallow Creek",
    "Northam Ridge",
    "Kestrel Point",
    "Dunmere",
    "Ashby Vale",
    "Coldharbour",
    "Penrith Gap",
]
PEOPLE = [
    "Ramon Castell",
    "Grace Okonkwo",
    "Priya Natarajan",
    "Tomas Lindqvist",
    "Alma Ruiz",
    "Owen Hallam",
    "Lena Marsh",
    "Samuel Achebe",
    "Ines Moreau",
    "Kwame Boateng",
    "Harriet Vance",
    "Dmitri Sokol",
    "Yuki Tanabe",
    "Farah Haddad",
    "Colm Brennan",
    "Beatriz Salgado",
    "Anil Mehta",
    "Rosa Ilunga",
    "Pieter de Wit",
    "Mei-Ling Zhou",
    "Oskar Nyberg",
    "Amara Obi",
    "Luis Ferreira",
    "Nadia Petrova",
    "Elias Grant",
    "Sofia Marquez",
    "Hamid Karimi",
    "Greta Holm",
    "Jonah Webb",
    "Leila Nasser",
]
OUTLETS = [
    "Coastal Wire",
    "Ellery Gazette",
    "Harbor Radio",
    "Valley Courier",
    "Ridge Post",
    "Metro Ledger",
]

# kind -> facts -> phrasings ({place}, {p1}, {p2}, {thing}, {org}, {street}, {n}, {h}, {mag}, {day})
KINDS = {
    "fire": [
        [
            "A fire destroyed the {thing} on {street} in {place} on {day}, and {n} families were evacuated.",
            "Flames tore through the {thing} in {place} early on {day}, forcing {n} families from their homes on {street}.",
            "The {thing} on {street} burned to the ground on {day} as {n} families in {place} fled the smoke.",
        ],
        [
            "Fire chief {p1} said crews fought the blaze for {h} hours.",
            "It took {h} hours to bring the fire under control, according to chief {p1}.",
            "{p1}, who leads the {place} fire service, said his crews worked for {h} hours.",
        ],
        [
            "No one was hurt, but the building owned by {org} is a total loss.",
            "{org}, which owns the {thing}, said nobody was inside when the fire started.",
            "The owner, {org}, called the damage devastating.",
        ],
        [
            "Investigator {p2} has not said what caused the fire.",
            "The cause is being examined by fire investigator {p2}.",
            "{p2}, the investigator in charge, said the cause may take weeks to establish.",
        ],
        [
            "Residents of {street} said the smoke could be seen across {place}.",
            "Smoke hung over {street} and the centre of {place} for most of the morning.",
            "People living near {street} described a column of black smoke over {place}.",
        ],
    ],
    "flood": [
        [
            "Flood water swept through {place} on {day} after the {river} burst its banks, and {n} people left their homes.",
            "The {river} overflowed on {day}, flooding {street} and driving {n} residents of {place} from their houses.",
            "{n} people in {place} were forced out on {day} when the {river} broke its banks near {street}.",
        ],
        [
            "Mayor {p1} declared an emergency as the river rose {h} feet overnight.",
            "{p1}, the mayor, said the water climbed {h} feet in a single night.",
            "An emergency was declared by mayor {p1} after a rise of {h} feet.",
        ],
        [
            "Rescue boats sent by {org} pulled residents from the roofs of houses.",
            "Volunteers from {org} used boats to reach families stranded on roofs.",
            "{org} said its boats had rescued dozens of people from flooded homes.",
        ],
        [
            "Forecaster {p2} said more rain would fall before the weekend.",
            "More heavy rain is expected, forecaster {p2} warned.",
            "{p2}, a forecaster, said the rain would not ease until next week.",
        ],
        [
            "Schools along {street} stayed closed while the water was still rising.",
            "Classes in {place} were cancelled and {street} remained under water.",
            "Shops on {street} were sandbagged as the water kept rising.",
        ],
    ],
    "arrest": [
        [
            "Police in {place} arrested {p1} on {day} over the theft of {n} paintings from the {thing}.",
            "{p1} was arrested in {place} on {day}, accused of stealing {n} paintings from the {thing}.",
            "Detectives detained {p1} on {day} after {n} paintings went missing from the {thing} in {place}.",
        ],
        [
            "{p1} was charged with burglary and will appear in court next week, detective {p2} said.",
            "Detective {p2} said {p1} faces a burglary charge and a court hearing next week.",
            "A court will hear the burglary charge against {p1} next week, according to detective {p2}.",
        ],
        [
            "The paintings were found in a storage unit rented from {org}.",
            "{org}, which runs storage units near {street}, said officers searched one of its units.",
            "Officers recovered the paintings from a unit belonging to {org}.",
        ],
        [
            "{p1} had worked as a guard at the {thing} for {h} years.",
            "For {h} years {p1} guarded the {thing}, colleagues said.",
            "Colleagues said {p1} had been a guard at the {thing} for {h} years.",
        ],
        [
            "The {thing} on {street} reopened to visitors after the arrest.",
            "Visitors returned to the {thing} on {street} once the arrest was announced.",
            "Staff at the {thing} on {street} said they were relieved by the arrest.",
        ],
    ],
    "quake": [
        [
            "An earthquake of magnitude {mag} shook {place} on {day}, damaging the {thing} and cracking {street}.",
            "A magnitude {mag} quake hit {place} on {day}, leaving cracks along {street} and damage at the {thing}.",
            "The ground shook in {place} on {day} as a quake of magnitude {mag} damaged the {thing}.",
        ],
        [
            "Seismologist {p1} said the quake struck at a depth of {h} kilometres.",
            "The quake was {h} kilometres deep, according to seismologist {p1}.",
            "{p1}, a seismologist, put the depth of the quake at {h} kilometres.",
        ],
        [
            "At least {n} buildings were damaged, emergency official {p2} said.",
            "{p2}, an emergency official, counted {n} damaged buildings.",
            "Emergency official {p2} said {n} buildings need repairs.",
        ],
        [
            "Engineers from {org} will inspect the {thing} before it reopens.",
            "{org} sent engineers to check the {thing} for damage.",
            "The {thing} stays closed until {org} has inspected it.",
        ],
        [
            "Residents of {street} spent the night outside as aftershocks continued.",
            "Aftershocks kept families from {street} sleeping outdoors.",
            "Many people near {street} slept in their cars because of aftershocks.",
        ],
    ],
}
ORGS = [
    "Hallam Holdings",
    "Brightline Trust",
    "Marsh and Sons",
    "Northgate Cooperative",
    "Vance Estates",
    "Tamsin Rescue League",
    "Okafor Storage",
    "Lindqvist Engineering",
    "Ruiz Partners",
    "Kestrel Civil Works",
    "Holm Property",
    "Dunmere Relief Corps",
]
STREETS = [
    "Mill Lane",
    "Harbor Row",
    "Station Road",
    "Quay Street",
    "Orchard Way",
    "Bell Street",
    "Copper Hill",
    "Fen Road",
    "Market Square",
    "Linden Avenue",
    "Salt Lane",
    "Rope Walk",
]
THINGS = [
    "grain warehouse",
    "timber mill",
    "old cinema",
    "harbor museum",
    "paper factory",
    "county library",
    "bus depot",
    "textile plant",
    "river bridge",
    "town hall",
]
RIVERS = [
    "Tamsin River",
    "Sallow River",
    "Ellery River",
    "Vard River",
    "Kestrel River",
    "Holm River",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FILLER = [
    "The story is developing and will be updated.",
    "Officials asked the public to stay away from the area.",
    "Local radio stations carried the news throughout the morning.",
    "More details are expected at a news conference later in the day.",
]


@dataclass
class Event:
    key: str
    kind: str
    facts: dict[str, str]


def make_events(n: int, seed: int = 7) -> list[Event]:
    """``n`` events, kinds in turn (so every kind has several different events)."""
    rng = random.Random(seed)
    kinds = sorted(KINDS)
    places = rng.sample(PLACES, len(PLACES))
    people = rng.sample(PEOPLE, len(PEOPLE))
    events = []
    for i in range(n):
        facts = {
            "org": ORGS[i % len(ORGS)],
            "street": STREETS[(5 * i) % len(STREETS)],
            "place": places[i % len(places)],
            "p1": people[(2 * i) % len(people)],
            "p2": people[(2 * i + 1) % len(people)],
            "thing": THINGS[rng.randrange(len(THINGS))],
            "river": RIVERS[rng.randrange(len(RIVERS))],
            "day": DAYS[rng.randrange(len(DAYS))],
            "n": str(rng.randrange(12, 480)),
            "h": str(rng.randrange(2, 19)),
            "mag": f"{rng.randrange(40, 72) / 10:.1f}",
        }
        events.append(Event(f"e{i}", kinds[i % len(kinds)], facts))
    return events


def article(event: Event, k: int, rng: random.Random) -> str:
    """The ``k``-th article about ``event``: its lead fact and three or four others, each in
    one of three phrasings."""
    facts = KINDS[event.kind]
    others = list(range(1, len(facts)))
    rng.shuffle(others)
    chosen = [0, *others[: 3 + k % 2]]
    body = [
        facts[f][(k + rng.randrange(3)) % 3 if f else k % 3].format(**event.facts) for f in chosen
    ]
    if k % 3 == 1:
        body.append(FILLER[k % len(FILLER)])
    return " ".join(body)


def make_stream(
    n_events: int = 10, per_event: int = 4, seed: int = 7, dated: bool = True
) -> list[dict]:
    """Articles of ``n_events`` events, interleaved in a fixed pseudo-random order, as feed
    input dicts with a ``story`` key (the event) for checking."""
    rng = random.Random(seed)
    events = make_events(n_events, seed)
    items = []
    for ev in events:
        for k in range(per_event):
            items.append((ev, k))
    rng.shuffle(items)
    out = []
    for seq, (ev, k) in enumerate(items):
        outlet = OUTLETS[(k + seq) % len(OUTLETS)]
        slug = f"{ev.key}-{k}"
        item = {
            "id": f"{outlet.split()[0].lower()}-{slug}",
            "text": article(ev, k, rng),
            "source": outlet,
            "url": f"https://{outlet.split()[0].lower()}.example/news/{slug}",
            "story": ev.key,
        }
        if dated:
            item["date"] = f"2026-05-{1 + seq // 12:02d}T{seq % 12 + 8:02d}:00:00Z"
        out.append(item)
    return out
