"""Names the packaged gazetteer data lacks: English names and exonyms as news copy writes them.

ISO 3166 names are formal or transliterated ("Russian Federation", "Geġark'unik'",
"Kharkivska oblast", "Ḩalab") and GeoNames city names are local ones; reporters write
"Russia", "Gegharkunik", "Kharkiv", "Aleppo". Each entry maps a surface form to an ISO 3166-1
alpha-2 code, an ISO 3166-2 code, or (for areas no standard codes) to no id at all.
"""

from __future__ import annotations

# Country names as news copy writes them -> ISO 3166-1 alpha-2.
COUNTRY_ALIASES: dict[str, str] = {
    **dict.fromkeys(("Russia", "Soviet Union"), "RU"),
    **dict.fromkeys(("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"), "GB"),
    **dict.fromkeys(("US", "U.S.", "USA", "U.S.A.", "United States", "America"), "US"),
    "Burma": "MM",
    **dict.fromkeys(("Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"), "CI"),
    **dict.fromkeys(("Palestine", "Palestinian territories", "State of Palestine"), "PS"),
    "Syria": "SY",
    "Iran": "IR",
    **dict.fromkeys(("South Korea", "Korea"), "KR"),
    "North Korea": "KP",
    "Turkey": "TR",
    "Vietnam": "VN",
    "Laos": "LA",
    "Moldova": "MD",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Tanzania": "TZ",
    "Taiwan": "TW",
    **dict.fromkeys(("Czech Republic", "Czechia"), "CZ"),
    **dict.fromkeys(("Macedonia", "North Macedonia"), "MK"),
    "Swaziland": "SZ",
    "Cape Verde": "CV",
    "East Timor": "TL",
    "Holland": "NL",
    "Vatican": "VA",
    "Brunei": "BN",
    "Micronesia": "FM",
    **dict.fromkeys(
        (
            "DR Congo",
            "DRC",
            "Democratic Republic of Congo",
            "Democratic Republic of the Congo",
            "Congo-Kinshasa",
        ),
        "CD",
    ),
    **dict.fromkeys(("Republic of Congo", "Congo-Brazzaville"), "CG"),
    "UAE": "AE",
    "Emirates": "AE",
    "Saudi": "SA",
}

# English names of first- and second-level divisions -> ISO 3166-2 code.
SUBDIVISION_ALIASES: dict[str, str] = {
    # Ukraine: reporters use the city-derived English names ("Kharkiv region").
    **{
        name: f"UA-{code}"
        for name, code in (
            ("Volyn", "07"),
            ("Poltava", "53"),
            ("Chernihiv", "74"),
            ("Luhansk", "09"),
            ("Rivne", "56"),
            ("Chernivtsi", "77"),
            ("Dnipropetrovsk", "12"),
            ("Kirovohrad", "35"),
            ("Sumy", "59"),
            ("Donetsk", "14"),
            ("Ternopil", "61"),
            ("Zhytomyr", "18"),
            ("Crimea", "43"),
            ("Kharkiv", "63"),
            ("Zakarpattia", "21"),
            ("Lviv", "46"),
            ("Kherson", "65"),
            ("Zaporizhzhia", "23"),
            ("Zaporizhia", "23"),
            ("Mykolaiv", "48"),
            ("Khmelnytskyi", "68"),
            ("Vinnytsia", "05"),
            ("Ivano-Frankivsk", "26"),
            ("Odesa", "51"),
            ("Odessa", "51"),
            ("Cherkasy", "71"),
            ("Kyiv", "32"),
        )
    },
    **dict.fromkeys(("Belgorod",), "RU-BEL"),
    "Kursk": "RU-KRS",
    "Bryansk": "RU-BRY",
    "Rostov": "RU-ROS",
    # Syria
    "Damascus": "SY-DI",
    "Deir ez-Zor": "SY-DY",
    "Deir el-Zour": "SY-DY",
    "Homs": "SY-HI",
    "Hama": "SY-HM",
    "Latakia": "SY-LA",
    "Raqqa": "SY-RA",
    "Sweida": "SY-SU",
    "Suwayda": "SY-SU",
    "Hasakah": "SY-HA",
    "Hasakeh": "SY-HA",
    "Daraa": "SY-DR",
    "Deraa": "SY-DR",
    "Aleppo": "SY-HL",
    "Quneitra": "SY-QU",
    "Tartus": "SY-TA",
    # Yemen
    "Amran": "YE-AM",
    "Lahj": "YE-LA",
    "Marib": "YE-MA",
    "Ma'rib": "YE-MA",
    "Aden": "YE-AD",
    "Taiz": "YE-TA",
    "Taizz": "YE-TA",
    "Saada": "YE-SD",
    "Sa'ada": "YE-SD",
    "Hadramout": "YE-HD",
    "Hadramawt": "YE-HD",
    "Hodeidah": "YE-HU",
    "Hudaydah": "YE-HU",
    "Hajjah": "YE-HJ",
    "Al Bayda": "YE-BA",
    "Dhale": "YE-DA",
    "Shabwa": "YE-SH",
    # Ethiopia, Sudan
    "Tigray": "ET-TI",
    "Amhara": "ET-AM",
    "Oromia": "ET-OR",
    "Benishangul-Gumuz": "ET-BE",
    "Gambella": "ET-GA",
    "Gezira": "SD-GZ",
    "Al Jazirah": "SD-GZ",
    # Israel and the Palestinian territories
    "Khan Younis": "PS-KYS",
    "Deir al-Balah": "PS-DEB",
    # Lebanon, Iraq
    "Bekaa": "LB-BI",
    "Beqaa": "LB-BI",
    "Nineveh": "IQ-NI",
    "Anbar": "IQ-AN",
    "Diyala": "IQ-DI",
    "Salahuddin": "IQ-SD",
    "Kurdistan Region": "IQ-KR",
    # Armenia and Azerbaijan
    "Aragatsotn": "AM-AG",
    "Gegharkunik": "AM-GR",
    "Kotayk": "AM-KT",
    "Lori": "AM-LO",
    "Shirak": "AM-SH",
    "Syunik": "AM-SU",
    "Tavush": "AM-TV",
    "Vayots Dzor": "AM-VD",
    "Kalbajar": "AZ-KAL",
    "Lachin": "AZ-LAC",
    "Shusha": "AZ-SUS",
    "Fuzuli": "AZ-FUZ",
    "Jabrayil": "AZ-CAB",
    "Zangilan": "AZ-ZAN",
    "Gubadly": "AZ-QBI",
    "Aghdam": "AZ-AGM",
    "Khojaly": "AZ-XCI",
    "Nakhchivan": "AZ-NX",
    # Somalia, DR Congo, Mali
    "Lower Shabelle": "SO-SH",
    "Middle Shabelle": "SO-SD",
    "Lower Juba": "SO-JH",
    "Hiran": "SO-HI",
    "North Kivu": "CD-NK",
    "South Kivu": "CD-SK",
    "Timbuktu": "ML-6",
    # Myanmar's states by their English names, the word "State" included where the bare name
    # is a common word or a people ("Shan", "Chin", "Mon").
    **{
        f"{name} State": f"MM-{code}"
        for name, code in (("Shan", "17"), ("Chin", "14"), ("Mon", "15"), ("Karen", "13"))
    },
    "Kayin": "MM-13",
    "Karenni": "MM-12",
}

# Regions, territories and waters without a code of their own -> feature level.
AREAS: dict[str, str] = {
    **dict.fromkeys(
        (
            "Gaza",
            "Gaza Strip",
            "West Bank",
            "Golan Heights",
            "East Jerusalem",
            "Darfur",
            "Kordofan",
            "Donbas",
            "Donbass",
            "Nagorno-Karabakh",
            "Karabakh",
            "Sinai",
            "Sinai Peninsula",
            "Kurdistan",
            "Sahel",
            "Horn of Africa",
            "Middle East",
            "Balkans",
            "Caucasus",
            "South Caucasus",
            "Western Sahara",
            "Transnistria",
            "Abkhazia",
            "South Ossetia",
            "Somaliland",
            "Puntland",
            "Kosovo",
        ),
        "region",
    ),
    **dict.fromkeys(
        (
            "Red Sea",
            "Black Sea",
            "Sea of Azov",
            "Mediterranean",
            "Mediterranean Sea",
            "Gulf of Aden",
            "Persian Gulf",
            "Strait of Hormuz",
            "Bab el-Mandeb",
            "Dnipro River",
            "Euphrates",
            "Nile",
            "Blue Nile",
            "White Nile",
            "Lake Chad",
        ),
        "area",
    ),
}

# Cities whose name is also a common word, a first name, or a surname frequent in conflict
# reporting, above the generated list's population cut-off; and GeoNames alternate names that
# are language names or codes rather than place names.
NOT_PLACES = frozenset(
    (
        *("Nice", "Reading", "Man", "Van", "Batman", "Aurora", "Riverside", "Oral", "Brent"),
        *("Samba", "Pest", "Buda", "Mesa", "Serra", "Natal", "Tamale", "Warder", "Tete"),
        *("Hassan", "Ali", "Abbas", "Omar", "Said", "Sale", "Mary", "Florence", "Victoria"),
        *("Wilson", "Jackson", "Lincoln", "Hamilton", "Franklin", "Clinton", "Washington"),
        *("Mercedes", "Carmen", "Dolores", "Regina", "Eugene", "Marion", "Gilbert", "Chandler"),
        *("Hindi", "Kartuli", "Hayeren", "English", "Deutsch", "Francais", "Arabic"),
        *("Mon", "Chin", "Shan", "Bari", "Bay", "Unity", "Lakes", "Northern", "Plateau"),
        *("Delta", "Rivers", "Niger", "Centre", "Cascades", "Sahel", "Est", "Nord", "Ain"),
        *("Hamas", "Fatah", "Hezbollah", "Houthi", "Wagner"),
        *("Salt", "Afar", "Somali", "Central", "Eastern", "Western", "Southern", "North"),
        *("South", "East", "West", "Capital", "Coast", "Upper", "Lower", "Islands", "Interior"),
    )
)
