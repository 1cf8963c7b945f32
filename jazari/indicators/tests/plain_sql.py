"""Every computed indicator written again in plain SQL, without the ORM or the registry.

The tests compare the platform's figures with these, and `bench/kpi.py` times both. Each function takes a
cursor and a quarter and returns {(scope kind, primary key or None): value}; the values are rounded as the
definitions say.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import connection

from jazari.indicators.periods import Quarter

Values = dict[tuple[str, int | None], Decimal]

VALID_CERTIFICATES = """
    FROM activities_certificate c
    JOIN activities_registration r ON r.id = c.registration_id
    JOIN activities_activity a ON a.id = r.activity_id
    JOIN network_person p ON p.id = r.person_id
    WHERE c.issued_at < %s AND (c.revoked_at IS NULL OR c.revoked_at >= %s)
"""


def _cutoff(quarter: Quarter) -> Any:
    return connection.ops.adapt_datetimefield_value(quarter.cutoff)


def _day(quarter: Quarter) -> Any:
    return connection.ops.adapt_datefield_value(quarter.end)


def _rows(cursor: Any, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    cursor.execute(sql, params)
    return list(cursor.fetchall())


def _trained(cursor: Any, quarter: Quarter) -> dict[tuple[str, int | None], tuple[int, int, int]]:
    """(people, women, men) with a valid certificate, per scope."""
    cut = _cutoff(quarter)
    measures = (
        "COUNT(DISTINCT p.id), COUNT(DISTINCT CASE WHEN p.gender = 'female' THEN p.id END), "
        "COUNT(DISTINCT CASE WHEN p.gender = 'male' THEN p.id END)"
    )
    result: dict[tuple[str, int | None], tuple[int, int, int]] = {}
    for kind, column in (("national", None), ("region", "a.region_id"), ("institute", "a.organiser_id")):
        select = f"SELECT {column or 'NULL'}, {measures} {VALID_CERTIFICATES}"
        if column:
            select += f" GROUP BY {column}"
        for key, people, women, men in _rows(cursor, select, [cut, cut]):
            result[(kind, key)] = (int(people), int(women), int(men))
    return result


def people_trained(cursor: Any, quarter: Quarter) -> Values:
    return {scope: Decimal(people) for scope, (people, _w, _m) in _trained(cursor, quarter).items()}


def women_share_trained(cursor: Any, quarter: Quarter) -> Values:
    return {
        scope: (Decimal(women) * 100 / Decimal(women + men)).quantize(Decimal("0.01"))
        for scope, (_p, women, men) in _trained(cursor, quarter).items()
        if women + men
    }


def training_person_hours(cursor: Any, quarter: Quarter) -> Values:
    if connection.vendor == "postgresql":
        seconds = "EXTRACT(EPOCH FROM (s.ends_at - s.starts_at))"
    else:
        seconds = "ROUND((julianday(s.ends_at) - julianday(s.starts_at)) * 86400)"
    base = """
        FROM activities_attendance t
        JOIN activities_session s ON s.id = t.session_id
        JOIN activities_activity a ON a.id = s.activity_id
        WHERE t.present AND a.kind = 'training' AND s.ends_at < %s
    """
    result: Values = {}
    for kind, column in (("national", None), ("region", "a.region_id"), ("institute", "a.organiser_id")):
        select = f"SELECT {column or 'NULL'}, SUM({seconds}) {base}"
        if column:
            select += f" GROUP BY {column}"
        for key, total in _rows(cursor, select, [_cutoff(quarter)]):
            result[(kind, key)] = (Decimal(str(total or 0)) / 3600).quantize(Decimal("0.1"))
    return result


def experts_public(cursor: Any, quarter: Quarter) -> Values:
    cut, day = _cutoff(quarter), _day(quarter)
    result: Values = {}
    public = "FROM network_person p WHERE p.consent_public_profile AND p.consent_public_profile_at < %s"
    for key, number in _rows(cursor, f"SELECT NULL, COUNT(*) {public}", [cut]):
        result[("national", key)] = Decimal(number)
    sql = f"SELECT p.region_id, COUNT(*) {public} AND p.region_id IS NOT NULL GROUP BY p.region_id"
    for key, number in _rows(cursor, sql, [cut]):
        result[("region", key)] = Decimal(number)
    sql = """
        SELECT f.institute_id, COUNT(DISTINCT f.person_id)
        FROM network_affiliation f JOIN network_person p ON p.id = f.person_id
        WHERE f.institute_id IS NOT NULL AND p.consent_public_profile AND p.consent_public_profile_at < %s
          AND (f.start_date IS NULL OR f.start_date <= %s) AND (f.end_date IS NULL OR f.end_date >= %s)
        GROUP BY f.institute_id
    """
    for key, number in _rows(cursor, sql, [cut, day, day]):
        result[("institute", key)] = Decimal(number)
    return result


ESTABLISHED = """
    FROM network_institute i
    WHERE i.status IN ('agreement_signed', 'launched', 'operational') AND i.status_date <= %s
"""


def regions_with_institute(cursor: Any, quarter: Quarter) -> Values:
    sql = f"SELECT COUNT(DISTINCT i.region_id) {ESTABLISHED}"
    return {("national", None): Decimal(_rows(cursor, sql, [_day(quarter)])[0][0])}


def institutes(cursor: Any, quarter: Quarter) -> Values:
    result: Values = {}
    for key, number in _rows(cursor, f"SELECT NULL, COUNT(*) {ESTABLISHED}", [_day(quarter)]):
        result[("national", key)] = Decimal(number)
    sql = f"SELECT i.region_id, COUNT(*) {ESTABLISHED} GROUP BY i.region_id"
    for key, number in _rows(cursor, sql, [_day(quarter)]):
        result[("region", key)] = Decimal(number)
    return result


def _per_capita_sql() -> str:
    """People trained per 100,000 inhabitants in each of the 12 regions, zero where nobody is trained."""
    return f"""
        SELECT g.id, 100000.0 * COALESCE(t.people, 0) / g.population_2024 AS rate
        FROM network_region g
        LEFT JOIN (SELECT a.region_id, COUNT(DISTINCT p.id) AS people {VALID_CERTIFICATES}
                   GROUP BY a.region_id) t ON t.region_id = g.id
    """  # noqa: S608 - fixed text


def trained_per_100k(cursor: Any, quarter: Quarter) -> Values:
    cut = _cutoff(quarter)
    result: Values = {}
    # Exact decimals: the rate is recomputed from the integer counts, not from SQL floating point.
    sql = f"""
        SELECT g.id, COALESCE(t.people, 0), g.population_2024 FROM network_region g
        LEFT JOIN (SELECT a.region_id, COUNT(DISTINCT p.id) AS people {VALID_CERTIFICATES}
                   GROUP BY a.region_id) t ON t.region_id = g.id
    """  # noqa: S608 - fixed text
    for key, people, population in _rows(cursor, sql, [cut, cut]):
        result[("region", key)] = (Decimal(people) * 100000 / Decimal(population)).quantize(Decimal("0.01"))
    sql = f"""
        SELECT (SELECT COUNT(DISTINCT p.id) {VALID_CERTIFICATES}),
               (SELECT SUM(population_2024) FROM network_region)
    """  # noqa: S608 - fixed text
    people, population = _rows(cursor, sql, [cut, cut])[0]
    result[("national", None)] = (Decimal(people) * 100000 / Decimal(population)).quantize(Decimal("0.01"))
    return result


def balance_index(cursor: Any, quarter: Quarter) -> Values:
    """1 − Gini over the regions, the Gini as the sum of all pairwise differences over 2·n²·mean."""
    cut = _cutoff(quarter)
    rates = _per_capita_sql()
    sql = f"""
        WITH rates AS ({rates})
        SELECT 1 - (SELECT SUM(ABS(x.rate - y.rate)) FROM rates x CROSS JOIN rates y)
                   / (2.0 * COUNT(*) * SUM(rate))
        FROM rates HAVING SUM(rate) > 0
    """  # noqa: S608 - fixed text
    rows = _rows(cursor, sql, [cut, cut])
    if not rows:
        return {}
    return {("national", None): Decimal(str(rows[0][0])).quantize(Decimal("0.0001"))}


def activities_outside_poles(cursor: Any, quarter: Quarter) -> Values:
    sql = """
        SELECT SUM(CASE WHEN g.code NOT IN ('MA-04', 'MA-06') THEN 1 ELSE 0 END), COUNT(*)
        FROM activities_activity a JOIN network_region g ON g.id = a.region_id
        WHERE a.status IN ('published', 'completed') AND a.starts_at < %s
    """
    outside, whole = _rows(cursor, sql, [_cutoff(quarter)])[0]
    if not whole:
        return {}
    return {("national", None): (Decimal(outside) * 100 / Decimal(whole)).quantize(Decimal("0.01"))}


def _counts(cursor: Any, sql: str, params: list[Any], region: str, institute: str) -> Values:
    """`sql` selects a count over FROM ... WHERE ...: run it for the nation, grouped by region and by
    institute."""
    result: Values = {}
    for kind, column in (("national", None), ("region", region), ("institute", institute)):
        select = sql.replace("SELECT", f"SELECT {column or 'NULL'},", 1)
        if column:
            select += f" AND {column} IS NOT NULL GROUP BY {column}"
        for key, number in _rows(cursor, select, params):
            result[(kind, key)] = Decimal(number)
    return result


def pocs_prototypes_passed(cursor: Any, quarter: Quarter) -> Values:
    sql = """
        SELECT COUNT(DISTINCT g.project_id)
        FROM projects_stagegate g JOIN projects_project j ON j.id = g.project_id
        WHERE g.decision = 'approved' AND g.decided_at < %s
          AND g.to_stage IN ('proof_of_concept', 'prototype', 'pilot', 'deployment')
    """
    return _counts(cursor, sql, [_cutoff(quarter)], "j.region_id", "j.lead_institute_id")


# Needs assigned to an institute: a match naming it, not declined.
NEED_INSTITUTES = """
    SELECT DISTINCT m.need_id, m.institute_id FROM projects_match m
    WHERE m.institute_id IS NOT NULL AND m.status <> 'declined'
"""


def needs_solved(cursor: Any, quarter: Quarter) -> Values:
    cut = _cutoff(quarter)
    solved = "FROM needs_need n WHERE n.status = 'solved' AND n.closed_at < %s"
    result: Values = {("national", None): Decimal(_rows(cursor, f"SELECT COUNT(*) {solved}", [cut])[0][0])}
    for key, number in _rows(cursor, f"SELECT n.region_id, COUNT(*) {solved} GROUP BY n.region_id", [cut]):
        result[("region", key)] = Decimal(number)
    sql = f"""
        SELECT a.institute_id, COUNT(*) FROM ({NEED_INSTITUTES}) a JOIN needs_need n ON n.id = a.need_id
        WHERE n.status = 'solved' AND n.closed_at < %s GROUP BY a.institute_id
    """  # noqa: S608 - fixed text
    for key, number in _rows(cursor, sql, [cut]):
        result[("institute", key)] = Decimal(number)
    return result


def _middle(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    half = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[half]
    return (ordered[half - 1] + ordered[half]) / 2


def need_days_to_assignment(cursor: Any, quarter: Quarter) -> Values:
    if connection.vendor == "postgresql":
        waited = "EXTRACT(EPOCH FROM (n.assigned_at - n.created_at))"
    else:
        waited = "ROUND((julianday(n.assigned_at) - julianday(n.created_at)) * 86400)"
    sql = f"""
        SELECT n.region_id, a.institute_id, n.id, {waited}
        FROM needs_need n LEFT JOIN ({NEED_INSTITUTES}) a ON a.need_id = n.id
        WHERE n.assigned_at < %s
    """  # noqa: S608 - fixed text
    groups: dict[tuple[str, int | None], dict[int, Decimal]] = {}
    for region, institute, need, seconds in _rows(cursor, sql, [_cutoff(quarter)]):
        value = Decimal(str(seconds))
        groups.setdefault(("national", None), {})[need] = value
        groups.setdefault(("region", region), {})[need] = value
        if institute is not None:
            groups.setdefault(("institute", institute), {})[need] = value
    return {
        scope: (_middle(list(waits.values())) / 86400).quantize(Decimal("0.1"))
        for scope, waits in groups.items()
    }


def organisations_engaged(cursor: Any, quarter: Quarter) -> Values:
    cut = _cutoff(quarter)
    companies = "o.kind IN ('company', 'startup', 'sme')"
    engaged = f"""
        SELECT j.region_id AS region_id, j.lead_institute_id AS institute_id, p.organisation_id AS org
        FROM projects_participant p
        JOIN projects_project j ON j.id = p.project_id
        JOIN network_organisation o ON o.id = p.organisation_id
        WHERE {companies} AND p.created_at < %s
        UNION
        SELECT n.region_id, a.institute_id, n.organisation_id
        FROM needs_need n
        JOIN network_organisation o ON o.id = n.organisation_id
        LEFT JOIN ({NEED_INSTITUTES}) a ON a.need_id = n.id
        WHERE {companies} AND n.created_at < %s AND n.status <> 'rejected'
    """  # noqa: S608 - fixed text
    result: Values = {}
    for kind, column in (("national", None), ("region", "region_id"), ("institute", "institute_id")):
        if column:
            sql = f"SELECT {column}, COUNT(DISTINCT org) FROM ({engaged}) e"  # noqa: S608 - fixed text
            sql += f" WHERE {column} IS NOT NULL GROUP BY {column}"
        else:
            sql = f"SELECT NULL, COUNT(DISTINCT org) FROM ({engaged}) e"  # noqa: S608 - fixed text
        for key, number in _rows(cursor, sql, [cut, cut]):
            result[(kind, key)] = Decimal(number)
    return result


def reusable_components(cursor: Any, quarter: Quarter) -> Values:
    sql = """
        SELECT COUNT(*) FROM projects_project j
        WHERE j.kind = 'component'
          AND (j.starts_on <= %s OR (j.starts_on IS NULL AND j.created_at < %s))
    """
    return _counts(cursor, sql, [_day(quarter), _cutoff(quarter)], "j.region_id", "j.lead_institute_id")


def deliverables_approved(cursor: Any, quarter: Quarter) -> Values:
    sql = """
        SELECT COUNT(*) FROM (
            SELECT COALESCE(j.lead_institute_id, d.institute_id) AS institute_id,
                   CASE WHEN j.id IS NULL THEN i.region_id ELSE j.region_id END AS region_id
            FROM projects_deliverable d
            JOIN network_institute i ON i.id = d.institute_id
            LEFT JOIN projects_project j ON j.id = d.project_id
            WHERE d.status IN ('approved', 'published')
              AND (d.approved_at < %s OR (d.approved_at IS NULL AND d.published_at < %s))
        ) x WHERE 1 = 1
    """
    cut = _cutoff(quarter)
    return _counts(cursor, sql, [cut, cut], "x.region_id", "x.institute_id")


PLAIN_SQL: dict[str, Callable[[Any, Quarter], Values]] = {
    "people_trained": people_trained,
    "training_person_hours": training_person_hours,
    "women_share_trained": women_share_trained,
    "experts_public": experts_public,
    "regions_with_institute": regions_with_institute,
    "institutes": institutes,
    "trained_per_100k": trained_per_100k,
    "balance_index": balance_index,
    "activities_outside_poles": activities_outside_poles,
    "pocs_prototypes_passed": pocs_prototypes_passed,
    "needs_solved": needs_solved,
    "need_days_to_assignment": need_days_to_assignment,
    "organisations_engaged": organisations_engaged,
    "reusable_components": reusable_components,
    "deliverables_approved": deliverables_approved,
}


def compute_plain(quarter: Quarter) -> dict[str, Values]:
    with connection.cursor() as cursor:
        return {code: function(cursor, quarter) for code, function in PLAIN_SQL.items()}
