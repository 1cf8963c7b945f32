"""The network's demo data: synthetic organisations, people and affiliations across the 12 regions.

Everything is drawn from the step's own random generator and fixed dates, never from the clock, so the
same seed gives the same rows (names, Arabic names, public identifiers, consent times) on every run.
All rows are marked `is_demo` and written with `bulk_create`, which skips the change history on purpose.
"""

import json
import random
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any, TypeVar

from django.db import reset_queries

from jazari.core.models import Skill, Theme
from jazari.core.seeding import Output, Scale, delete_fast, seed_cleanup, seed_step
from jazari.network.models import Affiliation, Institute, Organisation, Person, Region
from jazari.network.reference import load_reference

STEP_ORDER = 10
BATCH_SIZE = 5000
PEOPLE_PER_CHUNK = 5000

# Fixed reference moments: demo dates are offsets from these, never from the clock.
CONSENT_BASE = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
CONSENT_SPREAD_SECONDS = 420 * 24 * 3600
AFFILIATION_BASE = date(2026, 1, 1)

DEMO_EMAIL_DOMAIN = "demo.invalid"

T = TypeVar("T")
NamePair = tuple[str, str]  # (Latin script, Arabic script)

# The names the demo data are made of live in a data file, with what each list holds (its "about").
_NAMES: dict[str, Any] = json.loads((Path(__file__).parent / "data" / "demo_names.json").read_text("utf-8"))


def _pairs(key: str) -> list[Any]:
    return [tuple(item) for item in _NAMES[key]]


FEMALE_GIVEN_NAMES: list[NamePair] = _pairs("female_given_names")
MALE_GIVEN_NAMES: list[NamePair] = _pairs("male_given_names")
FAMILY_NAMES: list[NamePair] = _pairs("family_names")
# The first city of each region is its capital.
CITIES: dict[str, list[NamePair]] = {
    code: [(latin, arabic) for latin, arabic in cities] for code, cities in _NAMES["cities"].items()
}
QUARTERS: list[NamePair] = _pairs("quarters")
COOPERATIVE_PRODUCTS: list[tuple[str, str, str]] = _pairs("cooperative_products")
VIRTUES: list[NamePair] = _pairs("virtues")
ACTIVITIES: list[NamePair] = _pairs("activities")
COMPANY_PREFIXES: list[NamePair] = _pairs("company_prefixes")
STARTUP_ROOTS: list[str] = _NAMES["startup_roots"]
STARTUP_SUFFIXES: list[str] = _NAMES["startup_suffixes"]
SCHOOL_PATTERNS: list[tuple[str, str, str]] = _pairs("school_patterns")
UNIVERSITY_PATTERNS: list[tuple[str, str, str]] = _pairs("university_patterns")
RESEARCH_DOMAINS: list[NamePair] = _pairs("research_domains")
ADMINISTRATION_DOMAINS: list[NamePair] = _pairs("administration_domains")
NGO_CAUSES: list[NamePair] = _pairs("ngo_causes")
INTERNATIONAL_PATTERNS: list[str] = _NAMES["international_patterns"]
INVESTOR_PATTERNS: list[str] = _NAMES["investor_patterns"]
OTHER_PATTERNS: list[NamePair] = _pairs("other_patterns")

KIND_WEIGHTS: dict[str, int] = {
    Organisation.Kind.COOPERATIVE: 180,
    Organisation.Kind.SME: 230,
    Organisation.Kind.COMPANY: 90,
    Organisation.Kind.STARTUP: 120,
    Organisation.Kind.SCHOOL: 60,
    Organisation.Kind.UNIVERSITY: 15,
    Organisation.Kind.RESEARCH_CENTRE: 25,
    Organisation.Kind.PUBLIC_ADMINISTRATION: 45,
    Organisation.Kind.LOCAL_AUTHORITY: 70,
    Organisation.Kind.REGIONAL_COUNCIL: 4,
    Organisation.Kind.INTERNATIONAL_PARTNER: 12,
    Organisation.Kind.NGO: 95,
    Organisation.Kind.INVESTOR: 14,
    Organisation.Kind.OTHER: 40,
}

# Kinds whose names can run out in one region; when they do, another kind with many more names is drawn.
ROOMY_KINDS = [Organisation.Kind.SME, Organisation.Kind.NGO, Organisation.Kind.COOPERATIVE]

SIZE_BANDS: dict[str, list[str]] = {
    Organisation.Kind.COOPERATIVE: ["micro", "micro", "small"],
    Organisation.Kind.SME: ["micro", "small", "small", "medium"],
    Organisation.Kind.COMPANY: ["medium", "large", "large"],
    Organisation.Kind.STARTUP: ["micro", "micro", "small"],
    Organisation.Kind.SCHOOL: ["small", "medium", "medium"],
    Organisation.Kind.UNIVERSITY: ["large"],
    Organisation.Kind.RESEARCH_CENTRE: ["small", "medium"],
    Organisation.Kind.PUBLIC_ADMINISTRATION: ["medium", "large"],
    Organisation.Kind.LOCAL_AUTHORITY: ["medium", "large"],
    Organisation.Kind.REGIONAL_COUNCIL: ["large"],
    Organisation.Kind.INTERNATIONAL_PARTNER: ["small", "medium"],
    Organisation.Kind.NGO: ["micro", "micro", "small"],
    Organisation.Kind.INVESTOR: ["micro", "small"],
    Organisation.Kind.OTHER: ["micro", "small", "medium"],
}

# Sectors most likely for a kind (theme codes); any theme may still be drawn.
KIND_SECTORS: dict[str, list[str]] = {
    Organisation.Kind.COOPERATIVE: [
        "agriculture",
        "agriculture",
        "rural_mountain",
        "tourism",
        "blue_economy",
    ],
    Organisation.Kind.SME: ["industry", "agriculture", "energy", "finance", "smart_cities", "telecoms"],
    Organisation.Kind.COMPANY: ["industry", "energy", "finance", "telecoms", "tourism", "water"],
    Organisation.Kind.STARTUP: ["health", "finance", "agriculture", "education", "smart_cities"],
    Organisation.Kind.SCHOOL: ["education"],
    Organisation.Kind.UNIVERSITY: ["education", "health"],
    Organisation.Kind.PUBLIC_ADMINISTRATION: ["public_administration", "justice", "security"],
    Organisation.Kind.LOCAL_AUTHORITY: ["public_administration", "smart_cities", "water"],
    Organisation.Kind.REGIONAL_COUNCIL: ["public_administration"],
    Organisation.Kind.NGO: ["education", "environment_climate", "rural_mountain", "languages_culture"],
    Organisation.Kind.INVESTOR: ["finance"],
}

ROLES_BY_KIND: dict[str, list[str]] = {
    Organisation.Kind.UNIVERSITY: ["researcher", "researcher", "student", "student", "trainer", "staff"],
    Organisation.Kind.SCHOOL: ["student", "student", "trainer", "staff"],
    Organisation.Kind.RESEARCH_CENTRE: ["researcher", "researcher", "engineer", "director"],
    Organisation.Kind.COMPANY: ["employee", "engineer", "engineer", "director"],
    Organisation.Kind.SME: ["employee", "employee", "engineer", "director"],
    Organisation.Kind.STARTUP: ["engineer", "engineer", "employee", "director"],
    Organisation.Kind.COOPERATIVE: ["associate", "associate", "employee", "director"],
    Organisation.Kind.NGO: ["associate", "staff", "trainer"],
}
DEFAULT_ROLES = ["staff", "staff", "employee", "engineer", "director"]
INSTITUTE_ROLES = ["researcher", "engineer", "trainee", "trainee", "trainer", "staff"]

LANGUAGES = ["ar fr", "ar fr en", "zgh ar fr", "zgh ar fr en", "ar fr es", "ar en", "ar fr en es"]
LANGUAGE_WEIGHTS_BY_REGION: dict[str, list[int]] = {
    "default": [35, 35, 8, 6, 4, 8, 4],
    "north": [30, 30, 5, 4, 18, 5, 8],  # Spanish is widely spoken in the north
    "amazigh": [22, 25, 28, 17, 2, 4, 2],  # Tachelhit and Tamazight heartlands
}
REGION_LANGUAGE_GROUP = {"MA-01": "north", "MA-02": "north", "MA-08": "amazigh", "MA-09": "amazigh"}

SKILL_KEYWORDS: dict[str, list[str]] = {
    "machine_learning": ["gradient boosting", "séries temporelles", "apprentissage supervisé"],
    "deep_learning": ["réseaux de neurones", "PyTorch", "transformers"],
    "nlp": ["darija", "arabe standard", "traduction automatique", "classification de textes"],
    "computer_vision": ["détection d'objets", "imagerie médicale", "segmentation"],
    "speech": ["reconnaissance vocale", "synthèse vocale", "tamazight parlé"],
    "data_engineering": ["pipelines de données", "Spark", "entrepôts de données"],
    "data_science": ["statistiques", "visualisation", "tableaux de bord"],
    "mlops": ["déploiement de modèles", "Kubernetes", "suivi des modèles"],
    "ai_ethics_governance": ["loi 09-08", "biais algorithmiques", "IA de confiance"],
    "robotics": ["ROS", "bras robotisés", "drones"],
    "llm_applications": ["RAG", "agents conversationnels", "évaluation de LLM"],
    "iot_edge": ["capteurs", "microcontrôleurs", "IA embarquée"],
    "cybersecurity": ["détection d'intrusions", "cryptographie", "SOC"],
    "geospatial": ["imagerie satellite", "SIG", "cartographie des sols"],
}
THEME_KEYWORDS: dict[str, list[str]] = {
    "agriculture": ["irrigation intelligente", "prévision de rendement", "phéniciculture"],
    "water": ["dessalement", "gestion des nappes", "fuites de réseau"],
    "energy": ["hydrogène vert", "réseaux intelligents", "solaire"],
    "health": ["télémédecine", "diagnostic assisté", "dossier patient"],
    "education": ["tutorat adaptatif", "décrochage scolaire"],
    "tourism": ["recommandation touristique", "patrimoine numérique"],
    "blue_economy": ["pêche durable", "aquaculture"],
    "industry": ["maintenance prédictive", "contrôle qualité"],
    "public_administration": ["e-gouvernement", "traitement de documents"],
    "justice": ["jurisprudence", "recherche juridique"],
    "smart_cities": ["mobilité urbaine", "éclairage public"],
    "languages_culture": ["tifinagh", "corpus arabes", "manuscrits"],
    "finance": ["scoring de crédit", "détection de fraude", "mobile money"],
    "security": ["analyse de risques", "vidéosurveillance éthique"],
    "major_events_sport": ["Coupe du monde 2030", "billetterie", "analyse de matchs"],
    "environment_climate": ["sécheresse", "qualité de l'air", "incendies de forêt"],
    "rural_mountain": ["désenclavement", "santé rurale"],
    "telecoms": ["5G", "optimisation de réseau"],
}


@dataclass
class DemoOrganisation:
    """What affiliations need to know of a demo organisation once it is saved."""

    pk: int
    kind: str
    region_code: str


def arabic_for(noun: str) -> str:
    """The Arabic "for …" (the preposition li-): joined to the noun, and written لل before the article ال."""
    if noun.startswith("الل"):
        return f"ل{noun[2:]}"  # اللوز → للوز
    return f"لل{noun[2:]}" if noun.startswith("ال") else f"ل{noun}"


def _deterministic_uuid(rng: random.Random) -> uuid.UUID:
    """A version-4 identifier drawn from the step's generator, so public identifiers repeat across runs."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _weighted(rng: random.Random, items: Sequence[T], weights: Sequence[int]) -> T:
    return rng.choices(items, weights=weights)[0]


def _ascii(text: str) -> str:
    """A name written for an email address: no accents, no spaces, lower case."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(character if character.isalnum() else "-" for character in plain.lower()).strip("-")


def share_by_population(total: int, regions: Sequence[Region]) -> dict[str, int]:
    """Split `total` over the regions in proportion to their population, at least one each (if possible).

    Largest remainders decide the rounding, so the shares always add up to `total`.
    """
    population = sum(region.population_2024 for region in regions)
    minimum = 1 if total >= len(regions) else 0
    spare = total - minimum * len(regions)
    exact = {region.code: spare * region.population_2024 / population for region in regions}
    shares = {code: minimum + int(value) for code, value in exact.items()}
    leftover = total - sum(shares.values())
    by_remainder = sorted(exact, key=lambda code: (-(exact[code] - int(exact[code])), code))
    for code in by_remainder[:leftover]:
        shares[code] += 1
    return shares


class OrganisationNamer:
    """Draws plausible, unique (per region) names for the demo organisations of one region."""

    def __init__(self, rng: random.Random, region: Region, taken: set[str], themes: list[Theme]) -> None:
        self.rng = rng
        self.region = region
        self.taken = taken
        self.themes = themes
        self.cities = CITIES.get(region.code) or [(region.capital, region.capital)]

    def _city(self) -> NamePair:
        # The first towns of the list are the largest: draw them more often.
        weights = [len(self.cities) - index + 2 for index in range(len(self.cities))]
        return _weighted(self.rng, self.cities, weights)

    def _candidate(self, kind: str, city: NamePair) -> tuple[str, str, str]:
        """One (name, Arabic name, acronym) for a body of `kind` in `city`; may already be taken."""
        rng = self.rng
        city_fr, city_ar = city
        quarter_fr, quarter_ar = rng.choice(QUARTERS)
        Kind = Organisation.Kind
        if kind == Kind.COOPERATIVE:
            product_fr, product_of_fr, product_ar = rng.choice(COOPERATIVE_PRODUCTS)
            virtue_fr, virtue_ar = rng.choice(VIRTUES)
            form = rng.randrange(3)
            if form == 0:
                return f"Coopérative {product_fr} de {city_fr}", f"تعاونية {product_ar} ب{city_ar}", ""
            if form == 1:
                return (
                    f"Coopérative {virtue_fr} {product_of_fr}",
                    f"تعاونية {virtue_ar} {arabic_for(product_ar)}",
                    "",
                )
            return (
                f"Coopérative féminine {virtue_fr} {product_of_fr} — {city_fr}",
                f"التعاونية النسوية {virtue_ar} {arabic_for(product_ar)} - {city_ar}",
                "",
            )
        if kind == Kind.SME:
            family_fr, family_ar = rng.choice(FAMILY_NAMES)
            activity_fr, activity_ar = rng.choice(ACTIVITIES)
            form = rng.randrange(3)
            if form == 0:
                return f"{family_fr} {activity_fr} SARL", f"{family_ar} {activity_ar} ش.م.م", ""
            if form == 1:
                return f"Ets {family_fr} & Fils — {city_fr}", f"مؤسسة {family_ar} وأبناؤه - {city_ar}", ""
            return (
                f"{activity_fr} {city_fr} {family_fr} SARL AU",
                f"{family_ar} {activity_ar} - {city_ar}",
                "",
            )
        if kind == Kind.COMPANY:
            prefix_fr, prefix_ar = rng.choice(COMPANY_PREFIXES)
            activity_fr, activity_ar = rng.choice(ACTIVITIES)
            form = rng.randrange(3)
            if form == 0:
                return f"{prefix_fr} {activity_fr} SA", f"{prefix_ar} {activity_ar} ش.م", ""
            if form == 1:
                return f"Groupe {prefix_fr} {activity_fr}", f"مجموعة {prefix_ar} {activity_ar}", ""
            return f"{prefix_fr} Industries {city_fr}", f"صناعات {prefix_ar} {city_ar}", ""
        if kind == Kind.STARTUP:
            root, suffix = rng.choice(STARTUP_ROOTS), rng.choice(STARTUP_SUFFIXES)
            return (f"{root}{suffix}" if rng.random() < 0.5 else f"{root} {suffix}"), "", ""
        if kind == Kind.SCHOOL:
            name, name_ar, acronym = rng.choice(SCHOOL_PATTERNS)
            values = {"city": city_fr, "quarter": quarter_fr}
            values_ar = {"city": city_ar, "quarter": quarter_ar}
            return name.format(**values), name_ar.format(**values_ar), acronym
        if kind == Kind.UNIVERSITY:
            name, name_ar, acronym = rng.choice(UNIVERSITY_PATTERNS)
            return name.format(city=city_fr), name_ar.format(city=city_ar), acronym
        if kind == Kind.RESEARCH_CENTRE:
            domain_fr, domain_ar = rng.choice(RESEARCH_DOMAINS)
            if rng.random() < 0.5:
                return f"Laboratoire de {domain_fr} — {city_fr}", f"مختبر {domain_ar} - {city_ar}", ""
            return (
                f"Centre de recherche en {domain_fr} de {city_fr}",
                f"مركز البحث في {domain_ar} ب{city_ar}",
                "",
            )
        if kind == Kind.PUBLIC_ADMINISTRATION:
            domain_fr, domain_ar = rng.choice(ADMINISTRATION_DOMAINS)
            if rng.random() < 0.3:
                return (
                    f"Direction régionale {domain_fr} — {self.region.name_fr}",
                    f"المديرية الجهوية {domain_ar} - {self.region.name_ar}",
                    "",
                )
            return (
                f"Direction provinciale {domain_fr} de {city_fr}",
                f"المديرية الإقليمية {domain_ar} ب{city_ar}",
                "",
            )
        if kind == Kind.LOCAL_AUTHORITY:
            form = rng.randrange(3)
            if form == 0:
                return f"Commune de {city_fr}", f"جماعة {city_ar}", ""
            if form == 1:
                return f"Conseil provincial de {city_fr}", f"المجلس الإقليمي {arabic_for(city_ar)}", ""
            return f"Arrondissement {quarter_fr} — {city_fr}", f"مقاطعة {quarter_ar} - {city_ar}", ""
        if kind == Kind.REGIONAL_COUNCIL:
            region_fr, region_ar = self.region.name_fr, self.region.name_ar
            return rng.choice(
                [
                    (
                        f"Agence régionale d'exécution des projets {region_fr}",
                        f"الوكالة الجهوية لتنفيذ المشاريع {region_ar}",
                        "AREP",
                    ),
                    (
                        f"Commission du numérique du Conseil régional {region_fr}",
                        f"لجنة الرقمنة بمجلس جهة {region_ar}",
                        "",
                    ),
                    (
                        f"Observatoire régional de l'innovation {region_fr}",
                        f"المرصد الجهوي للابتكار {region_ar}",
                        "",
                    ),
                ]
            )
        if kind == Kind.NGO:
            virtue_fr, virtue_ar = rng.choice(VIRTUES)
            cause_fr, cause_ar = rng.choice(NGO_CAUSES)
            return (
                f"Association {virtue_fr} pour {cause_fr} — {city_fr}",
                f"جمعية {virtue_ar} {arabic_for(cause_ar)} - {city_ar}",
                "",
            )
        theme = rng.choice(self.themes).name_fr.lower() if self.themes else "numérique"
        prefix_fr, prefix_ar = rng.choice(COMPANY_PREFIXES)
        values = {
            "city": city_fr,
            "quarter": quarter_fr,
            "theme": theme,
            "prefix": prefix_fr,
            "region": self.region.name_fr,
            "city_ar": city_ar,
            "prefix_ar": prefix_ar,
        }
        if kind == Kind.INTERNATIONAL_PARTNER:
            return rng.choice(INTERNATIONAL_PATTERNS).format(**values), "", ""
        if kind == Kind.INVESTOR:
            return rng.choice(INVESTOR_PATTERNS).format(**values), "", ""
        name, name_ar = rng.choice(OTHER_PATTERNS)
        return name.format(**values), name_ar.format(**values), ""

    def draw(self, kind: str) -> tuple[str, str, str, str, str]:
        """A free (name, Arabic name, acronym, city, kind) for a new body of `kind` in this region.

        When the names of that kind run out in the region, another kind with many more names is drawn.
        """
        for attempt in range(24):
            if attempt == 8:
                kind = self.rng.choice(ROOMY_KINDS)
            city = self._city()
            name, name_ar, acronym = self._candidate(kind, city)
            if name not in self.taken:
                self.taken.add(name)
                return name, name_ar, acronym, city[0], kind
        # Every attempt collided (a very large scale): number the name, which is always free.
        number = 2
        while f"{name} {number}" in self.taken:
            number += 1
        name = f"{name} {number}"
        self.taken.add(name)
        return name, (f"{name_ar} {number}" if name_ar else ""), acronym, city[0], kind


def _organisation_sector(rng: random.Random, kind: str, themes: list[Theme]) -> Theme | None:
    if not themes:
        return None
    if rng.random() < 0.1:
        return None
    by_code = {theme.code: theme for theme in themes}
    preferred = [by_code[code] for code in KIND_SECTORS.get(kind, []) if code in by_code]
    if preferred and rng.random() < 0.7:
        return rng.choice(preferred)
    return rng.choice(themes)


def _network_role(rng: random.Random, kind: str) -> str:
    Kind, Role = Organisation.Kind, Organisation.NetworkRole
    academic = kind in {Kind.UNIVERSITY, Kind.SCHOOL, Kind.RESEARCH_CENTRE, Kind.REGIONAL_COUNCIL}
    draw = rng.random()
    if draw < (0.03 if academic else 0.002):
        return Role.FOUNDING_MEMBER
    if draw < (0.18 if academic else 0.04):
        return Role.PARTNER
    if draw < (0.28 if academic else 0.06):
        return Role.ASSOCIATE
    return Role.NONE


def seed_organisations(
    rng: random.Random, scale: Scale, regions: list[Region], themes: list[Theme], out: Output
) -> dict[str, list[DemoOrganisation]]:
    """Create the demo organisations, spread over the regions by population; returns them by region code."""
    shares = share_by_population(scale.organisations, regions)
    taken: dict[int, set[str]] = {region.pk: set() for region in regions}
    for region_id, name in Organisation.objects.filter(region__isnull=False).values_list("region_id", "name"):
        taken.setdefault(region_id, set()).add(name)
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    by_region: dict[str, list[DemoOrganisation]] = {}
    for region in regions:
        namer = OrganisationNamer(rng, region, taken[region.pk], themes)
        rows = []
        for _ in range(shares[region.code]):
            name, name_ar, acronym, city, kind = namer.draw(_weighted(rng, kinds, weights))
            size_band = rng.choice(SIZE_BANDS[kind]) if rng.random() < 0.9 else ""
            rows.append(
                Organisation(
                    public_id=_deterministic_uuid(rng),
                    name=name,
                    name_ar=name_ar,
                    acronym=acronym,
                    kind=kind,
                    region=region,
                    city=city,
                    sector=_organisation_sector(rng, kind, themes),
                    size_band=size_band,
                    network_role=_network_role(rng, kind),
                    is_demo=True,
                )
            )
        for row in rows:
            row.refresh_search_text()
        created = Organisation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        by_region[region.code] = [
            DemoOrganisation(pk=row.pk, kind=row.kind, region_code=region.code) for row in created
        ]
    out(f"  {scale.organisations:,} organisations in {len(regions)} regions")
    return by_region


@dataclass
class PeopleContext:
    """The fixed choices people are drawn from: regions, taxonomies, organisations and institutes."""

    regions: list[Region]
    region_cumulative_weights: list[int]
    skills: list[Skill]
    themes: list[Theme]
    organisations: dict[str, list[DemoOrganisation]]
    all_organisations: list[DemoOrganisation]
    institutes: list[Institute]


def _chunks(total: int, size: int) -> Iterator[range]:
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


def _consent_time(rng: random.Random) -> datetime:
    return CONSENT_BASE + timedelta(seconds=rng.randrange(CONSENT_SPREAD_SECONDS))


def _draw_person(
    rng: random.Random, number: int, context: PeopleContext
) -> tuple[Person, list[int], list[int]]:
    """One demo person, with the primary keys of their skills and themes (linked once they are saved)."""
    draw = rng.random()
    if draw < 0.47:
        gender, given = Person.Gender.FEMALE, rng.choice(FEMALE_GIVEN_NAMES)
    elif draw < 0.94:
        gender, given = Person.Gender.MALE, rng.choice(MALE_GIVEN_NAMES)
    else:
        gender = Person.Gender.UNDISCLOSED
        given = rng.choice(FEMALE_GIVEN_NAMES if rng.random() < 0.5 else MALE_GIVEN_NAMES)
    family = rng.choice(FAMILY_NAMES)
    region = rng.choices(context.regions, cum_weights=context.region_cumulative_weights)[0]
    group = REGION_LANGUAGE_GROUP.get(region.code, "default")
    languages = _weighted(rng, LANGUAGES, LANGUAGE_WEIGHTS_BY_REGION[group])
    skills = rng.sample(context.skills, k=min(len(context.skills), rng.randint(1, 3)))
    themes = rng.sample(context.themes, k=min(len(context.themes), rng.randint(1, 2)))
    pool = [word for skill in skills for word in SKILL_KEYWORDS.get(skill.code, [])]
    pool += [word for theme in themes for word in THEME_KEYWORDS.get(theme.code, [])]
    keywords = ", ".join(rng.sample(pool, k=min(len(pool), rng.randint(2, 4))))
    email = ""
    if rng.random() < 0.5:
        email = f"{_ascii(given[0])}.{_ascii(family[0])}.{number}@{DEMO_EMAIL_DOMAIN}"
    public_profile = rng.random() < 0.3
    contactable = rng.random() < 0.2
    person = Person(
        public_id=_deterministic_uuid(rng),
        given_name=given[0],
        given_name_ar=given[1],
        family_name=family[0],
        family_name_ar=family[1],
        gender=gender,
        email=email,
        region=region,
        keywords=keywords,
        languages=languages,
        consent_public_profile=public_profile,
        consent_public_profile_at=_consent_time(rng) if public_profile else None,
        consent_contactable=contactable,
        consent_contactable_at=_consent_time(rng) if contactable else None,
        is_demo=True,
    )
    return person, [skill.pk for skill in skills], [theme.pk for theme in themes]


def _draw_affiliations(rng: random.Random, person: Person, context: PeopleContext) -> list[Affiliation]:
    """One or two ties of a demo person: mostly to bodies of their region, some to the real institutes."""
    affiliations = []
    chosen: set[tuple[str, int]] = set()
    for _ in range(1 if rng.random() < 0.7 else 2):
        draw = rng.random()
        organisation = institute = None
        if draw < 0.1 and context.institutes:
            institute = rng.choice(context.institutes)
            key, role = ("institute", institute.pk), rng.choice(INSTITUTE_ROLES)
        else:
            local = context.organisations.get(person.region.code) if person.region else None
            pool = local if local and draw < 0.9 else context.all_organisations
            if not pool:
                continue
            organisation = rng.choice(pool)
            key, role = (
                ("organisation", organisation.pk),
                rng.choice(ROLES_BY_KIND.get(organisation.kind, DEFAULT_ROLES)),
            )
        start = AFFILIATION_BASE - timedelta(days=rng.randrange(15 * 365))
        end = None
        if rng.random() < 0.25:
            end = start + timedelta(days=rng.randrange(60, 5 * 365))
            if end > AFFILIATION_BASE:
                end = None
        if key in chosen:
            continue
        chosen.add(key)
        affiliations.append(
            Affiliation(
                person_id=person.pk,
                organisation_id=organisation.pk if organisation else None,
                institute_id=institute.pk if institute else None,
                role=role,
                start_date=start,
                end_date=end,
                is_demo=True,
            )
        )
    return affiliations


def seed_people(rng: random.Random, scale: Scale, context: PeopleContext, out: Output) -> dict[str, int]:
    """Create the demo people in chunks, each with skills, themes and affiliations; returns the counts."""
    counts = {"people": 0, "person skills": 0, "person themes": 0, "affiliations": 0}
    SkillLink, ThemeLink = Person.skills.through, Person.themes.through
    for chunk in _chunks(scale.people, PEOPLE_PER_CHUNK):
        drawn = [_draw_person(rng, number + 1, context) for number in chunk]
        for person, _, _ in drawn:
            person.refresh_search_text()
        people = Person.objects.bulk_create([person for person, _, _ in drawn], batch_size=BATCH_SIZE)
        skill_links, theme_links, affiliations = [], [], []
        for person, (_, skill_ids, theme_ids) in zip(people, drawn, strict=True):
            skill_links += [SkillLink(person_id=person.pk, skill_id=skill_id) for skill_id in skill_ids]
            theme_links += [ThemeLink(person_id=person.pk, theme_id=theme_id) for theme_id in theme_ids]
            affiliations += _draw_affiliations(rng, person, context)
        SkillLink.objects.bulk_create(skill_links, batch_size=BATCH_SIZE)
        ThemeLink.objects.bulk_create(theme_links, batch_size=BATCH_SIZE)
        Affiliation.objects.bulk_create(affiliations, batch_size=BATCH_SIZE)
        counts["people"] += len(people)
        counts["person skills"] += len(skill_links)
        counts["person themes"] += len(theme_links)
        counts["affiliations"] += len(affiliations)
        reset_queries()  # with DEBUG on, Django keeps every query; a big scale would fill memory with them
        if len(chunk) == PEOPLE_PER_CHUNK or chunk.stop == scale.people:
            out(f"  {chunk.stop:,} / {scale.people:,} people")
    return counts


@seed_step("network", order=STEP_ORDER)
def seed_network(*, scale: Scale, rng: random.Random, out: Output) -> dict[str, int]:
    """The network's demo data: organisations in every region, then people with their ties to them."""
    load_reference()
    regions = list(Region.objects.order_by("code"))
    themes = list(Theme.objects.order_by("code"))
    skills = list(Skill.objects.order_by("code"))
    organisations = seed_organisations(rng, scale, regions, themes, out)
    context = PeopleContext(
        regions=regions,
        region_cumulative_weights=list(accumulate(region.population_2024 for region in regions)),
        skills=skills,
        themes=themes,
        organisations=organisations,
        all_organisations=[row for region in regions for row in organisations.get(region.code, [])],
        institutes=list(Institute.objects.order_by("slug")),
    )
    counts = {"organisations": sum(len(rows) for rows in organisations.values())}
    counts.update(seed_people(rng, scale, context, out))
    return counts


@seed_cleanup(order=STEP_ORDER)
def delete_network_demo(*, out: Output) -> dict[str, int]:
    """Delete every demo organisation, person and affiliation, their links and their change history."""
    deleted: dict[str, int] = {}
    demo_models: list[tuple[str, Any]] = [
        ("affiliations", Affiliation),
        ("people", Person),
        ("organisations", Organisation),
    ]
    for label, model in demo_models:
        history: Callable[..., Any] = model.history.model._default_manager.filter
        deleted[f"{label} history"] = delete_fast(history(is_demo=True))
    for label, model in demo_models:
        deleted[label] = delete_fast(model._default_manager.filter(is_demo=True))
    return deleted
