"""CAMEO reference data: event codes and labels, Goldstein scores, QuadClasses, country codes.

Read from GDELT's lookup files shipped in ``dyad/data/cameo/`` (see its ``SOURCES.md``), and
the table that puts Dyad's own event types (from news and curated facts) on the same scale
as GDELT records: a CAMEO code, its root, its Goldstein score and its QuadClass. The table
is documented in ``docs/cameo-mapping.md``.

>>> cameo_label("061")
'Cooperate economically'
>>> goldstein("061")
6.4
>>> quad_class_of("12")
3
>>> cameo_country_to_iso3("ROM"), cameo_country_to_iso3("AFR")
('ROU', None)
>>> event_type_scale("suspension")
CameoScale(code='16', root='16', goldstein=-4.0, quad_class=4)
>>> dyad_event_type("042")
'visit'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from dyad.vocabulary.countries import is_country_code

QUAD_CLASSES = {1: "Verbal Cooperation", 2: "Material Cooperation", 3: "Verbal Conflict", 4: "Material Conflict"}

# CAMEO country codes that are not ISO 3166-1 alpha-3 codes of the same country.
_CAMEO_TO_ISO = {
    "ROM": "ROU",  # Romania
    "TMP": "TLS",  # East Timor
    "IMY": "IMN",  # Isle of Man
    "MTN": "MNE",  # Montenegro
    "WSB": "PSE",  # West Bank
    "GZS": "PSE",  # Gaza Strip
    "BAG": "IRQ",  # Baghdad
    "KSV": "XKX",  # Kosovo (GDELT uses KSV in actor codes)
}


class UnknownCameoCode(LookupError):
    """A CAMEO event or country code that the codebook does not have."""


def _data_file(name: str) -> str:
    return resources.files("dyad").joinpath("data", "cameo", name).read_text(encoding="utf-8")


def _table(name: str) -> dict[str, str]:
    rows = _data_file(name).splitlines()[1:]  # first line is the header
    table = {}
    for row in rows:
        code, _, value = row.partition("\t")
        if code.strip():
            table[code.strip()] = value.strip()
    return table


@lru_cache(maxsize=1)
def event_codes() -> dict[str, str]:
    """Every CAMEO event code (with leading zeros) and its label, as GDELT's lookup gives it."""
    labels = _table("CAMEO.eventcodes.txt")
    # The lookup file has a mis-encoded label; show what CAMEO means.
    if "044" in labels:
        labels["044"] = "Meet at a third location"
    return labels


@lru_cache(maxsize=1)
def goldstein_scale() -> dict[str, float]:
    """The Goldstein score GDELT assigns to each CAMEO event code."""
    return {code: float(value) for code, value in _table("CAMEO.goldsteinscale.txt").items()}


@lru_cache(maxsize=1)
def country_codes() -> dict[str, str]:
    """Every CAMEO country (and region) code with its label."""
    return _table("cameoCountry.txt")


def cameo_label(code: str) -> str:
    """The label of a CAMEO event code; root codes have their upper-case root label."""
    try:
        return event_codes()[code]
    except KeyError:
        raise UnknownCameoCode(f"unknown CAMEO event code {code!r}") from None


def goldstein(code: str) -> float:
    """The Goldstein score (−10 conflict … +10 cooperation) of a CAMEO event code."""
    try:
        return goldstein_scale()[code]
    except KeyError:
        raise UnknownCameoCode(f"unknown CAMEO event code {code!r}") from None


def root_code(code: str) -> str:
    """The two-digit root of a CAMEO code: ``'0612'`` → ``'06'``."""
    return code[:2]


def quad_class_of(code: str) -> int:
    """The QuadClass of a CAMEO code, from its root: 01–05 → 1, 06–09 → 2, 10–14 → 3, 15–20 → 4."""
    root = int(root_code(code))
    if not 1 <= root <= 20:
        raise UnknownCameoCode(f"CAMEO root {root_code(code)!r} is not 01..20")
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def quad_class_label(quad_class: int) -> str:
    return QUAD_CLASSES[quad_class]


def cameo_country_to_iso3(code: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a CAMEO country code.

    None for a CAMEO region (``AFR`` Africa, ``WST`` the West...), which is no country.
    Raises :class:`UnknownCameoCode` for a code CAMEO does not have.
    """
    code = code.strip().upper()
    if code in _CAMEO_TO_ISO:
        return _CAMEO_TO_ISO[code]
    if is_country_code(code):
        return code
    if code in country_codes():
        return None  # a region or other non-country actor location
    raise UnknownCameoCode(f"unknown CAMEO country code {code!r}")


# ---------------------------------------------------------------- Dyad event types <-> CAMEO


@dataclass(frozen=True)
class CameoScale:
    """Where a Dyad event type sits on GDELT's scale."""

    code: str
    root: str
    goldstein: float
    quad_class: int


# Dyad event type -> the CAMEO code that best describes it (see docs/cameo-mapping.md).
EVENT_TYPE_CAMEO: dict[str, str | None] = {
    "suspension": "16",        # REDUCE RELATIONS
    "resumption": "06",        # ENGAGE IN MATERIAL COOPERATION
    "negotiation": "046",      # Engage in negotiation
    "agreement": "057",        # Sign formal agreement
    "visit": "042",            # Make a visit
    "trade": "061",            # Cooperate economically
    "sanction": "163",         # Impose embargo, boycott, or sanctions
    "military": "15",          # EXHIBIT FORCE POSTURE
    "statement": "01",         # MAKE PUBLIC STATEMENT
    "border_reopening": "081",  # Ease administrative sanctions (restrictions on movement)
    "border_closure": "172",   # Impose administrative sanctions (restrictions on movement)
    "aid": "07",               # PROVIDE AID
    "other": None,             # no CAMEO counterpart: no score
}


def event_type_scale(event_type: str) -> CameoScale | None:
    """The CAMEO code, root, Goldstein score and QuadClass of a Dyad event type (None for ``other``)."""
    if event_type not in EVENT_TYPE_CAMEO:
        raise KeyError(f"unknown Dyad event type {event_type!r}")
    code = EVENT_TYPE_CAMEO[event_type]
    if code is None:
        return None
    return CameoScale(code=code, root=root_code(code), goldstein=goldstein(code), quad_class=quad_class_of(code))


# CAMEO code prefix -> Dyad event type, longest prefix first wins.
CAMEO_EVENT_TYPE: dict[str, str] = {
    "01": "statement", "02": "statement", "03": "statement",
    "04": "negotiation", "042": "visit", "043": "visit", "044": "visit",
    "05": "statement", "057": "agreement",
    "06": "trade", "062": "military", "063": "other", "064": "other",
    "07": "aid",
    "08": "other",
    "09": "other",
    "10": "statement", "11": "statement", "12": "statement", "13": "statement",
    "14": "other",
    "15": "military",
    "16": "suspension", "163": "sanction", "166": "other",
    "17": "other", "172": "sanction",
    "18": "military", "19": "military", "20": "military",
}


def dyad_event_type(code: str) -> str:
    """The Dyad event type closest to a CAMEO event code (``other`` when none is close)."""
    for length in (4, 3, 2):
        found = CAMEO_EVENT_TYPE.get(code[:length]) if len(code) >= length else None
        if found:
            return found
    return "other"


__all__ = [
    "QUAD_CLASSES", "CameoScale", "EVENT_TYPE_CAMEO", "CAMEO_EVENT_TYPE", "UnknownCameoCode",
    "event_codes", "goldstein_scale", "country_codes", "cameo_label", "goldstein", "root_code",
    "quad_class_of", "quad_class_label", "cameo_country_to_iso3", "event_type_scale", "dyad_event_type",
]
