"""Word lists of the synthetic state: NRW cities and their districts, communities with their
languages and names, and the makers of fictional association names and event titles.

Everything here is plain data and pure functions of a `random.Random`, so the same seed
always gives the same names. The names are fictional: combinations of a community, a kind of
association and a place, never a real association's name.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass


def _w(text: str) -> tuple[str, ...]:
    """Split a word list written as "a|b|c": keeps the lists short."""
    return tuple(text.split("|"))


@dataclass(frozen=True)
class City:
    name: str
    #: Rough weight (population in 100,000s): Köln gets more associations than Siegen.
    weight: float
    districts: tuple[str, ...]
    postcodes: tuple[str, ...]


CITIES = (
    City(
        "Köln",
        10.8,
        _w("Innenstadt|Ehrenfeld|Nippes|Chorweiler|Porz|Kalk|Mülheim"),
        _w("50667|50823|50733|50765|51143|51103|51063"),
    ),
    City(
        "Düsseldorf",
        6.2,
        _w("Altstadt|Bilk|Flingern|Oberbilk|Garath|Rath|Eller"),
        _w("40213|40225|40233|40227|40595|40472|40229"),
    ),
    City(
        "Dortmund",
        5.9,
        _w("Innenstadt-Nord|Innenstadt-West|Eving|Scharnhorst|Hörde|Huckarde|Mengede"),
        _w("44145|44137|44339|44328|44263|44369|44359"),
    ),
    City(
        "Essen",
        5.8,
        _w("Stadtkern|Altendorf|Frohnhausen|Katernberg|Steele|Altenessen|Borbeck"),
        _w("45127|45143|45145|45327|45276|45326|45355"),
    ),
    City(
        "Duisburg",
        5.0,
        _w("Hamborn|Marxloh|Hochfeld|Rheinhausen|Meiderich|Walsum|Homberg"),
        _w("47166|47169|47053|47226|47137|47179|47198"),
    ),
    City(
        "Bochum",
        3.6,
        _w("Mitte|Wattenscheid|Langendreer|Gerthe|Weitmar"),
        _w("44787|44866|44892|44805|44795"),
    ),
    City(
        "Wuppertal",
        3.5,
        _w("Elberfeld|Barmen|Oberbarmen|Vohwinkel|Ronsdorf|Cronenberg"),
        _w("42103|42275|42277|42329|42369|42349"),
    ),
    City(
        "Bielefeld",
        3.3,
        _w("Mitte|Sennestadt|Brackwede|Heepen|Schildesche"),
        _w("33602|33689|33647|33719|33611"),
    ),
    City(
        "Bonn",
        3.3,
        _w("Zentrum|Bad Godesberg|Beuel|Hardtberg|Tannenbusch"),
        _w("53111|53173|53225|53123|53119"),
    ),
    City(
        "Münster",
        3.1,
        _w("Mitte|Hiltrup|Kinderhaus|Coerde|Gievenbeck"),
        _w("48143|48165|48159|48157|48161"),
    ),
    City(
        "Gelsenkirchen",
        2.6,
        _w("Altstadt|Buer|Horst|Schalke|Ückendorf|Bismarck"),
        _w("45879|45894|45899|45881|45886|45889"),
    ),
    City(
        "Mönchengladbach",
        2.6,
        _w("Stadtmitte|Rheydt|Odenkirchen|Hardt"),
        _w("41061|41236|41199|41169"),
    ),
    City(
        "Aachen",
        2.5,
        _w("Mitte|Brand|Eilendorf|Haaren|Laurensberg"),
        _w("52062|52078|52080|52068|52072"),
    ),
    City("Krefeld", 2.3, _w("Mitte|Uerdingen|Fischeln|Oppum"), _w("47798|47829|47807|47809")),
    City("Oberhausen", 2.1, _w("Alt-Oberhausen|Sterkrade|Osterfeld"), _w("46045|46145|46117")),
    City("Hagen", 1.9, _w("Mitte|Haspe|Hohenlimburg|Eilpe"), _w("58095|58135|58119|58091")),
    City("Hamm", 1.8, _w("Mitte|Herringen|Bockum-Hövel|Heessen"), _w("59065|59077|59075|59073")),
    City(
        "Mülheim an der Ruhr",
        1.7,
        _w("Altstadt|Styrum|Dümpten|Heißen"),
        _w("45468|45476|45475|45472"),
    ),
    City(
        "Leverkusen",
        1.6,
        _w("Wiesdorf|Opladen|Rheindorf|Schlebusch"),
        _w("51373|51379|51371|51375"),
    ),
    City("Solingen", 1.6, _w("Mitte|Ohligs|Wald|Höhscheid"), _w("42651|42697|42719|42657")),
    City("Herne", 1.6, _w("Herne-Mitte|Wanne|Eickel|Sodingen"), _w("44623|44649|44651|44627")),
    City("Neuss", 1.5, _w("Innenstadt|Erfttal|Weckhoven|Norf"), _w("41460|41469|41466|41469")),
    City("Paderborn", 1.5, _w("Kernstadt|Schloß Neuhaus|Elsen"), _w("33098|33104|33106")),
    City("Bottrop", 1.2, _w("Stadtmitte|Kirchhellen|Eigen"), _w("46236|46244|46240")),
    City("Recklinghausen", 1.1, _w("Altstadt|Hochlarmark|Süd"), _w("45657|45665|45663")),
    City("Remscheid", 1.1, _w("Alt-Remscheid|Lennep|Lüttringhausen"), _w("42853|42897|42899")),
    City("Siegen", 1.0, _w("Innenstadt|Weidenau|Geisweid"), _w("57072|57076|57078")),
    City("Gütersloh", 1.0, _w("Innenstadt|Avenwedde|Spexard"), _w("33330|33335|33334")),
    City("Moers", 1.0, _w("Innenstadt|Meerbeck|Repelen"), _w("47441|47443|47445")),
    City("Lünen", 0.9, _w("Mitte|Brambauer|Gahmen"), _w("44532|44536|44534")),
    City("Marl", 0.8, _w("Mitte|Hüls|Drewer"), _w("45768|45772|45770")),
    City("Witten", 0.9, _w("Mitte|Annen|Heven"), _w("58452|58453|58455")),
    City("Düren", 0.9, _w("Innenstadt|Birkesdorf|Gürzenich"), _w("52349|52353|52355")),
)


@dataclass(frozen=True)
class Community:
    key: str
    #: Stem of the adjective: "Türkisch" gives "Türkischer Kulturverein", "Türkische Gemeinde".
    stem: str
    #: What the association's register entry says it serves.
    served: str
    languages: tuple[str, ...]
    #: The preferred language of its people (one the application speaks), else German.
    speaks: str
    weight: float
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    proper: tuple[str, ...] = ()
    religious: str = ""


COMMUNITIES = (
    Community(
        "turkish",
        "Türkisch",
        "türkisch",
        ("tr",),
        "tr",
        30,
        _w("Ayşe|Mehmet|Emine|Ahmet|Fatma|Mustafa|Zeynep|Hüseyin|Elif|Murat"),
        _w("Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Öztürk|Aydın|Arslan|Doğan"),
        _w("Anatolia|Bosporus|Kardeşlik|Birlik"),
        "Moscheegemeinde",
    ),
    Community(
        "kurdish",
        "Kurdisch",
        "kurdisch",
        ("ku", "tr"),
        "tr",
        6,
        _w("Rojda|Serhat|Berfin|Azad|Dilan|Baran|Hêvî|Rojhat"),
        _w("Aslan|Baran|Zana|Ekinci|Tekin|Kılıç|Bozkurt|Amed"),
        ("Newroz", "Mezopotamya", "Zagros"),
    ),
    Community(
        "russian",
        "Russischsprachig",
        "russischsprachig",
        ("ru",),
        "ru",
        10,
        _w("Olga|Sergej|Natalia|Dmitri|Swetlana|Andrej|Tatjana|Wladimir|Irina|Juri"),
        _w("Iwanow|Petrowa|Smirnow|Kusnezowa|Popow|Wolkowa|Sokolow|Lebedewa|Fischer|Becker"),
        _w("Nadeschda|Raduga|Druschba|Istok"),
        "Kirchengemeinde",
    ),
    Community(
        "polish",
        "Polnisch",
        "polnisch",
        ("pl",),
        "de",
        7,
        _w("Ewa|Piotr|Agnieszka|Tomasz|Katarzyna|Marek|Joanna|Krzysztof"),
        _w("Nowak|Kowalski|Wiśniewska|Wójcik|Kamiński|Lewandowska|Zieliński|Szymańska"),
        ("Polonia", "Wisła"),
        "Katholische Mission",
    ),
    Community(
        "italian",
        "Italienisch",
        "italienisch",
        ("it",),
        "de",
        6,
        _w("Luca|Maria|Giuseppe|Francesca|Marco|Giulia|Antonio|Chiara"),
        _w("Rossi|Bianchi|Russo|Esposito|Romano|Colombo|Ricci|Greco"),
        ("Dante Alighieri", "Sole", "Insieme"),
    ),
    Community(
        "greek",
        "Griechisch",
        "griechisch",
        ("el",),
        "de",
        5,
        _w("Giorgos|Eleni|Dimitris|Sofia|Nikos|Katerina|Kostas|Maria"),
        _w("Papadopoulos|Georgiou|Nikolaidou|Pappas|Vlachos|Karagiannis|Oikonomou"),
        ("Hellas", "Olympia", "Akropolis"),
        "Kirchengemeinde",
    ),
    Community(
        "spanish",
        "Spanisch",
        "spanisch",
        ("es",),
        "de",
        3,
        _w("Ana|José|Carmen|Javier|Lucía|Manuel|Isabel"),
        _w("García|Fernández|López|Martínez|Sánchez|Pérez|Gómez"),
        ("Cervantes", "Amistad"),
    ),
    Community(
        "portuguese",
        "Portugiesisch",
        "portugiesisch",
        ("pt",),
        "de",
        2,
        _w("João|Ana|Pedro|Mariana|Rui|Beatriz"),
        _w("Ferreira|Silva|Santos|Oliveira|Costa|Pereira"),
        ("Lusitânia", "Saudade"),
    ),
    Community(
        "moroccan",
        "Marokkanisch",
        "marokkanisch",
        ("ar", "fr"),
        "ar",
        5,
        _w("Youssef|Fatima|Karim|Amina|Mohamed|Samira|Rachid|Nadia"),
        _w("El Amrani|Benali|Bouzid|El Idrissi|Haddou|Tahiri|Ouali"),
        ("Al-Amal", "Atlas", "Al-Nour"),
        "Moscheegemeinde",
    ),
    Community(
        "arab",
        "Arabisch",
        "arabisch, syrisch",
        ("ar",),
        "ar",
        6,
        _w("Ahmad|Layla|Omar|Rania|Khaled|Hiba|Tarek|Noor"),
        _w("Haddad|Khoury|Al-Hassan|Nasser|Saleh|Darwish|Mansour"),
        ("Zeitoun", "Jasmin", "Al-Salam"),
    ),
    Community(
        "iranian",
        "Iranisch",
        "iranisch",
        ("fa",),
        "de",
        3,
        _w("Reza|Leyla|Ali|Shirin|Dariush|Sahar|Mehdi"),
        _w("Ahmadi|Karimi|Rahimi|Hosseini|Moradi|Tehrani"),
        ("Pars", "Nowruz"),
    ),
    Community(
        "bosnian",
        "Bosnisch-Herzegowinisch",
        "bosnisch, kroatisch, serbisch",
        ("sr",),
        "de",
        4,
        _w("Amra|Dragan|Mirela|Emir|Jasmina|Goran|Lejla"),
        _w("Hadžić|Jovanović|Kovačević|Begić|Petrović|Marić|Delić"),
        ("Most", "Sevdah"),
    ),
    Community(
        "albanian",
        "Albanisch",
        "albanisch, kosovarisch",
        ("sq",),
        "de",
        3,
        _w("Arben|Drita|Besnik|Vjosa|Agron|Albina"),
        _w("Krasniqi|Berisha|Gashi|Hoxha|Morina|Shala"),
        ("Illyria", "Shqiponja"),
    ),
    Community(
        "vietnamese",
        "Vietnamesisch",
        "vietnamesisch",
        ("vi",),
        "de",
        2,
        _w("Nguyen|Linh|Minh|Thu|Hoa|Tuan"),
        _w("Tran|Le|Pham|Hoang|Vu|Dang"),
        ("Hoa Sen", "Mekong"),
    ),
    Community(
        "westafrican",
        "Westafrikanisch",
        "westafrikanisch",
        ("fr", "en"),
        "en",
        4,
        _w("Kwame|Ama|Kofi|Abena|Moussa|Aminata|Ibrahima"),
        _w("Mensah|Owusu|Diallo|Traoré|Boateng|Ndiaye|Keita"),
        ("Sankofa", "Teranga", "Ubuntu"),
    ),
    Community(
        "ghanaian",
        "Ghanaisch",
        "ghanaisch",
        ("en",),
        "en",
        2,
        _w("Yaw|Akosua|Kwabena|Efua|Kojo"),
        _w("Asante|Appiah|Ofori|Darko|Agyeman"),
        ("Akwaaba",),
    ),
    Community(
        "tamil",
        "Tamilisch",
        "tamilisch",
        ("ta", "en"),
        "en",
        1,
        _w("Kumar|Priya|Suresh|Lakshmi|Ravi"),
        _w("Sivakumar|Rajan|Balasingam|Thambirajah"),
        ("Valluvar",),
        "Hindu-Gemeinde",
    ),
    Community(
        "armenian",
        "Armenisch",
        "armenisch",
        ("hy", "ru"),
        "ru",
        1,
        _w("Tamara|Aram|Anahit|Karen|Lilit"),
        _w("Sargsyan|Petrosyan|Hakobyan|Grigoryan"),
        ("Ararat",),
        "Kirchengemeinde",
    ),
)

GERMAN_FIRST = _w("Sabine|Thomas|Petra|Michael|Claudia|Andreas|Julia|Stefan|Anna|Jan")
GERMAN_LAST = _w("Schmidt|Müller|Schneider|Fischer|Weber|Wagner|Becker|Hoffmann|Koch|Richter")

STREETS = _w(
    "Hauptstraße|Bahnhofstraße|Schulstraße|Kirchstraße|Gartenstraße|Lindenstraße|"
    "Friedrichstraße|Bergstraße|Marktplatz|Mühlenweg|Goethestraße|Schillerstraße|"
    "Ringstraße|Hochstraße|Wilhelmstraße|Parkstraße|Am Bürgerhaus|Kaiserstraße"
)

#: What kind of association: (noun, ending of the adjective before it).
KINDS = (
    ("Kulturverein", "er"),
    ("Elternverein", "er"),
    ("Frauenverein", "er"),
    ("Sportverein", "er"),
    ("Jugendverein", "er"),
    ("Bildungsverein", "er"),
    ("Begegnungszentrum", "es"),
    ("Kulturzentrum", "es"),
    ("Gemeinschaft", "e"),
    ("Initiative", "e"),
    ("Gesellschaft", "e"),
    ("Seniorenverein", "er"),
    ("Akademikerverein", "er"),
    ("Musik- und Folkloreverein", "er"),
)

VENUE_KINDS = (
    "Bürgerhaus {district}",
    "Volkshochschule {city}",
    "Rathaus {city}, Sitzungssaal",
    "Begegnungszentrum {district}",
    "Stadtteilzentrum {district}",
    "Haus der Vereine {city}",
    "Integrationszentrum {city}",
)

ACCESSIBILITY = (
    "Stufenloser Zugang, Aufzug, barrierefreies WC im Erdgeschoss.",
    "Zugang über eine Rampe am Seiteneingang, barrierefreies WC, Induktionsschleife.",
    "Alle Räume im Erdgeschoss, ebenerdiger Zugang; Haltestelle in 150 m.",
    "",
)

#: The topic of an event or free poll option, by field key of the demo's programme.
TOPICS = {
    "project_work": "Projektarbeit und Projektanträge",
    "public_relations": "Öffentlichkeitsarbeit",
    "work_organisation": "Arbeitsorganisation im Vorstand",
    "bookkeeping": "Vereinsbuchhaltung",
    "pc_skills": "PC-Kenntnisse",
    "rhetoric": "Rhetorik und Moderation",
    "premises": "Räume finden und nutzen",
}

TITLES = {
    "training": ("Schulung {topic}", "Grundlagenschulung {topic}", "Aufbaukurs {topic}"),
    "workshop": ("Workshop {topic}", "Fachtag {topic}"),
    "working_group": ("Arbeitsgruppe {topic} – Treffen {number}",),
    "other": (
        "Netzwerktreffen der Vereine",
        "Infoabend Fördermittel",
        "Vereinsstammtisch",
        "Austausch mit den Migrationsdiensten",
    ),
}

FREE_OPTIONS = _w(
    "Sommerfest der Vereine|Gemeinsamer Internetauftritt|Sprachkurse für Eltern|"
    "Hausaufgabenhilfe|Interkulturelle Woche|Beratung zu Fördermitteln|"
    "Mentoring für junge Vorstände|Gemeinsame Räume|Vereinszeitung|Frauencafé"
)

#: How strongly associations want a field in the polls (cf. the demo's forum).
APPEAL = {
    "bookkeeping": 3.0,
    "project_work": 2.7,
    "public_relations": 2.4,
    "pc_skills": 2.0,
    "premises": 1.8,
    "work_organisation": 1.5,
    "rhetoric": 1.0,
}

_ASCII = str.maketrans({"ı": "i", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "ø": "o", "ê": "e"})


def ascii_slug(text: str) -> str:
    """ "Yılmaz-Öztürk" → "yilmaz-ozturk": for e-mail addresses and user names."""
    plain = unicodedata.normalize("NFKD", text.translate(_ASCII)).encode("ascii", "ignore")
    word = "".join(c if c.isalnum() else "-" for c in plain.decode().lower())
    return "-".join(part for part in word.split("-") if part)


def association_name(rng: random.Random, community: Community, city: City, district: str) -> str:
    """A fictional name: community, kind and place, now and then with a proper name."""
    place = rng.choice((city.name, city.name, f"{city.name}-{district}", district))
    roll = rng.random()
    if community.religious and roll < 0.08:
        return f"{community.stem}e {community.religious} {place}"
    if roll < 0.2:
        return f"Deutsch-{community.stem.lower()}e Gesellschaft {place}"
    noun, ending = rng.choice(KINDS)
    name = f"{community.stem}{ending} {noun} {place}"
    if community.proper and rng.random() < 0.3:
        name = f"{name} „{rng.choice(community.proper)}“"
    return name
