"""Indicators the platform cannot compute: entered by the hub with their evidence, counted once validated.

Their national targets come from the reference `targets.csv`, with its sources."""

from django.utils.translation import gettext_lazy as _

from jazari.indicators.registry import REGION, reported_indicator

reported_indicator(
    "ai_jobs",
    priority="local_innovation",
    name=_("AI jobs created"),
    definition=_(
        "Jobs related to AI created since the launch of the roadmap, as reported by the responsible "
        "administration or a study; entered with its evidence and counted once validated by the hub."
    ),
    unit="jobs",
    breakdowns=(REGION,),
    regional_share=True,
)
reported_indicator(
    "ai_gdp_contribution",
    priority="local_innovation",
    name=_("AI contribution to GDP"),
    definition=_(
        "The contribution of AI to the gross domestic product, in dirhams, as estimated by an official "
        "source; entered with its evidence and counted once validated by the hub."
    ),
    unit="MAD",
)
reported_indicator(
    "startups",
    priority="local_innovation",
    name=_("Startups"),
    definition=_(
        "Startups labelled under the national programme, as reported by the responsible administration; "
        "entered with its evidence and counted once validated by the hub."
    ),
    unit="startups",
    breakdowns=(REGION,),
    regional_share=True,
)
reported_indicator(
    "digital_trainees_per_year",
    priority="skills",
    name=_("Young people trained in digital skills per year"),
    definition=_(
        "Young people trained in digital skills during the year, a target of the parent strategy Digital "
        "Morocco 2030, as reported; entered with its evidence and counted once validated by the hub."
    ),
    unit="persons/year",
)
reported_indicator(
    "digital_jobs",
    priority="local_innovation",
    name=_("Digital jobs created"),
    definition=_(
        "Digital jobs created, a target of the parent strategy Digital Morocco 2030, as reported; entered "
        "with its evidence and counted once validated by the hub."
    ),
    unit="jobs",
)
