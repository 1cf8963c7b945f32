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
}


def compute_plain(quarter: Quarter) -> dict[str, Values]:
    with connection.cursor() as cursor:
        return {code: function(cursor, quarter) for code, function in PLAIN_SQL.items()}
