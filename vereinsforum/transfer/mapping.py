"""What a column of an import file means: the targets it may map to, a guess from its
header, and the normalised keys that find duplicates."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from vereinsforum.organisations.models import AffiliationRole, OrganisationKind


@dataclass(frozen=True)
class Target:
    key: str
    label: object
    #: "organisation" or "person": which record the value goes to.
    entity: str
    field: str
    #: Header words (normalised: lower case, letters and digits only) that suggest it.
    aliases: tuple[str, ...]


ORGANISATION, PERSON = "organisation", "person"

TARGETS: tuple[Target, ...] = (
    Target(
        "name",
        _("Organisation: name"),
        ORGANISATION,
        "name",
        (
            "name",
            "verein",
            "vereinsname",
            "namedesvereins",
            "organisation",
            "organisationname",
            "organization",
            "association",
            "mso",
            "migrantenorganisation",
            "traeger",
        ),
    ),
    Target(
        "short_name",
        _("Organisation: short name"),
        ORGANISATION,
        "short_name",
        ("kurzname", "kurzbezeichnung", "abkuerzung", "shortname", "abbreviation"),
    ),
    Target(
        "kind",
        _("Organisation: kind"),
        ORGANISATION,
        "kind",
        ("art", "typ", "kind", "type", "organisationsart"),
    ),
    Target(
        "legal_form",
        _("Organisation: legal form"),
        ORGANISATION,
        "legal_form",
        ("rechtsform", "legalform"),
    ),
    Target(
        "register_number",
        _("Organisation: register number"),
        ORGANISATION,
        "register_number",
        (
            "registernummer",
            "vereinsregister",
            "vereinsregisternummer",
            "vr",
            "vrnummer",
            "vrnr",
            "registernr",
            "registernumber",
            "register",
        ),
    ),
    Target(
        "street",
        _("Organisation: street and number"),
        ORGANISATION,
        "street",
        (
            "strasse",
            "strassehausnummer",
            "strasseundhausnummer",
            "anschrift",
            "adresse",
            "street",
            "address",
        ),
    ),
    Target(
        "postcode",
        _("Organisation: postcode"),
        ORGANISATION,
        "postcode",
        ("plz", "postleitzahl", "postcode", "zip", "zipcode", "postalcode"),
    ),
    Target("city", _("Organisation: city"), ORGANISATION, "city", ("ort", "stadt", "city", "town")),
    Target(
        "district",
        _("Organisation: city district"),
        ORGANISATION,
        "district",
        ("stadtteil", "stadtbezirk", "bezirk", "quartier", "district"),
    ),
    Target(
        "communities",
        _("Organisation: communities"),
        ORGANISATION,
        "communities",
        (
            "communities",
            "community",
            "herkunft",
            "herkunftsland",
            "zielgruppe",
            "zielgruppen",
            "gemeinschaft",
            "gemeinschaften",
        ),
    ),
    Target(
        "founded_year",
        _("Organisation: founding year"),
        ORGANISATION,
        "founded_year",
        ("gruendungsjahr", "gegruendet", "gruendung", "founded", "foundingyear", "yearfounded"),
    ),
    Target(
        "member_count",
        _("Organisation: members"),
        ORGANISATION,
        "member_count",
        ("mitglieder", "mitgliederzahl", "anzahlmitglieder", "members", "membercount"),
    ),
    Target(
        "volunteer_count",
        _("Organisation: volunteers"),
        ORGANISATION,
        "volunteer_count",
        ("ehrenamtliche", "engagierte", "volunteers", "volunteercount"),
    ),
    Target(
        "email",
        _("Organisation: e-mail"),
        ORGANISATION,
        "email",
        ("email", "mail", "emailadresse", "emailverein"),
    ),
    Target(
        "phone",
        _("Organisation: phone"),
        ORGANISATION,
        "phone",
        ("telefon", "tel", "telefonnummer", "phone", "telephone"),
    ),
    Target(
        "website",
        _("Organisation: website"),
        ORGANISATION,
        "website",
        ("website", "webseite", "homepage", "internet", "url", "web", "internetseite"),
    ),
    Target(
        "first_name",
        _("Contact: first name"),
        PERSON,
        "first_name",
        ("vorname", "firstname", "givenname", "kontaktvorname", "ansprechpartnervorname"),
    ),
    Target(
        "last_name",
        _("Contact: last name"),
        PERSON,
        "last_name",
        (
            "nachname",
            "familienname",
            "lastname",
            "surname",
            "familyname",
            "kontaktnachname",
            "ansprechpartnernachname",
            "ansprechpartnername",
            "kontaktname",
            "contactname",
        ),
    ),
    Target(
        "person_email",
        _("Contact: e-mail"),
        PERSON,
        "email",
        (
            "kontaktemail",
            "emailkontakt",
            "ansprechpartneremail",
            "contactemail",
            "personemail",
            "emailperson",
        ),
    ),
    Target(
        "person_phone",
        _("Contact: phone"),
        PERSON,
        "phone",
        (
            "kontakttelefon",
            "telefonkontakt",
            "ansprechpartnertelefon",
            "contactphone",
            "personphone",
            "mobil",
            "handy",
            "mobile",
        ),
    ),
    Target(
        "role",
        _("Contact: role in the organisation"),
        PERSON,
        "role",
        ("funktion", "rolle", "role", "position", "amt", "function"),
    ),
)
TARGETS_BY_KEY = {t.key: t for t in TARGETS}
#: Choosing this leaves a column out.
IGNORE = ""


def header_key(text: str) -> str:
    """A header as the aliases spell it: "E-Mail (Verein)" → "emailverein", "Straße" →
    "strasse", "Gründungsjahr" → "gruendungsjahr"."""
    text = text.casefold().replace("ß", "ss")
    text = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isalnum() and c.isascii())


def guess_mapping(header: list[str]) -> list[str]:
    """A target key (or IGNORE) per column; each target at most once, the first column
    whose header names it wins."""
    taken: set[str] = set()
    mapping = []
    for column in header:
        key = header_key(column)
        guess = next((t.key for t in TARGETS if key in t.aliases and t.key not in taken), IGNORE)
        if guess:
            taken.add(guess)
        mapping.append(guess)
    # A plain "E-Mail" or "Telefon" after the contact's name is the contact's, as in a list
    # of contacts ("Verein; Vorname; Nachname; E-Mail"); before it, the organisation's.
    person_columns = [i for i, k in enumerate(mapping) if k in ("first_name", "last_name")]
    if person_columns:
        for generic, personal in (("email", "person_email"), ("phone", "person_phone")):
            if generic in mapping and personal not in mapping:
                index = mapping.index(generic)
                if index > person_columns[0]:
                    mapping[index] = personal
    return mapping


# ---- normalised keys ------------------------------------------------------------------------

_LEGAL_SUFFIX = re.compile(r"\b(e\s*\.?\s*v\s*\.?|ev)\s*$")


def name_key(name: str) -> str:
    """The name as duplicates share it: case, spacing, punctuation and the "e.V." suffix in
    any spelling ("e. V.", "eV", "e.V") do not count. "Anadolu  e. V." and "ANADOLU e.V."
    are the same association."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = re.sub(r"\s+", " ", text)
    text = _LEGAL_SUFFIX.sub("", text).strip(" ,.-")
    return re.sub(r"[\s.,;:'\"()\-–]+", " ", text).strip()


def register_key(number: str) -> str:
    """A register number without spacing or punctuation, upper case: "VR 1234", "vr1234"
    and "VR-1234" are one entry of the Vereinsregister."""
    return re.sub(r"[^0-9A-Z]", "", unicodedata.normalize("NFKC", number).upper())


def person_key(first_name: str, last_name: str) -> str:
    return name_key(f"{first_name} {last_name}")


# ---- values ---------------------------------------------------------------------------------


def _choice_lookup(choices) -> dict[str, str]:
    """Value and label (in German and English) of each choice, as header_key spells them."""
    lookup = {}
    for value, label in choices:
        lookup[header_key(value)] = value
        for language in ("de", "en"):
            with translation.override(language):
                lookup[header_key(str(label))] = value
    return lookup


_KIND_ALIASES = {
    "verein": OrganisationKind.ASSOCIATION,
    "ev": OrganisationKind.ASSOCIATION,
    "mso": OrganisationKind.ASSOCIATION,
    "migrantenorganisation": OrganisationKind.ASSOCIATION,
    "wohlfahrtsverband": OrganisationKind.WELFARE_SERVICE,
    "migrationsdienst": OrganisationKind.WELFARE_SERVICE,
    "amt": OrganisationKind.DEPARTMENT,
    "ausschuss": OrganisationKind.COMMITTEE,
}
_ROLE_ALIASES = {
    "vorsitz": AffiliationRole.CHAIR,
    "vorsitzender": AffiliationRole.CHAIR,
    "vorsitzende": AffiliationRole.CHAIR,
    "1vorsitzender": AffiliationRole.CHAIR,
    "1vorsitzende": AffiliationRole.CHAIR,
    "president": AffiliationRole.CHAIR,
    "2vorsitzender": AffiliationRole.VICE_CHAIR,
    "2vorsitzende": AffiliationRole.VICE_CHAIR,
    "stellvvorsitzender": AffiliationRole.VICE_CHAIR,
    "stellvvorsitzende": AffiliationRole.VICE_CHAIR,
    "kassierer": AffiliationRole.TREASURER,
    "kassiererin": AffiliationRole.TREASURER,
    "kassenwart": AffiliationRole.TREASURER,
    "schriftfuehrer": AffiliationRole.SECRETARY,
    "schriftfuehrerin": AffiliationRole.SECRETARY,
    "mitglied": AffiliationRole.MEMBER,
    "ansprechpartner": AffiliationRole.CONTACT,
    "ansprechpartnerin": AffiliationRole.CONTACT,
    "kontakt": AffiliationRole.CONTACT,
    "contact": AffiliationRole.CONTACT,
}


def kind_value(text: str) -> str | None:
    key = header_key(text)
    lookup = {**_choice_lookup(OrganisationKind.choices), **_KIND_ALIASES}
    return lookup.get(key)


def role_value(text: str) -> str | None:
    key = header_key(text)
    lookup = {**_choice_lookup(AffiliationRole.choices), **_ROLE_ALIASES}
    return lookup.get(key)
