"""Word lists the casualty-figure suggester reads: victim nouns, the modifiers allowed between
a number and its noun, and the demonyms that say whose the victims are. Plain data."""

from __future__ import annotations

UNIT_WORDS = (
    *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
TEN_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
#: Nouns that can head a casualty figure ("three [soldiers]"), singular and plural, lower case.
VICTIM_NOUNS = frozenset(
    {
        *("people", "persons", "person", "individuals", "civilians", "civilian", "lives"),
        *("soldiers", "soldier", "troops", "servicemen", "serviceman", "servicemembers"),
        *("servicewomen", "members", "member", "personnel", "conscripts", "recruits"),
        *("fighters", "fighter", "militants", "militant", "rebels", "rebel", "insurgents"),
        *("combatants", "gunmen", "militiamen", "militia", "mercenaries", "jihadists"),
        *("officers", "officer", "policemen", "policeman", "police", "guards", "guard"),
        *("commanders", "commander", "generals", "pilots", "pilot", "sailors", "marines"),
        *("men", "man", "women", "woman", "children", "child", "kids", "boys", "boy"),
        *("girls", "girl", "babies", "baby", "infants", "infant", "minors", "teenagers"),
        *("teenager", "adults", "elderly", "students", "student", "pupils", "residents"),
        *("resident", "villagers", "villager", "inhabitants", "farmers", "farmer"),
        *("herders", "shepherds", "fishermen", "miners", "workers", "worker", "staff"),
        *("employees", "staffers", "journalists", "journalist", "reporters", "reporter"),
        *("photographers", "medics", "medic", "paramedics", "doctors", "doctor", "nurses"),
        *("patients", "volunteers", "refugees", "migrants", "worshippers", "pilgrims"),
        *("passengers", "peacekeepers", "peacekeeper", "hostages", "hostage", "captives"),
        *("prisoners", "detainees", "relatives", "others", "victims", "bodies", "casualties"),
        *("deaths", "fatalities", "dead", "wounded", "injured", "terrorists", "injuries"),
        *("teachers", "pupils", "mourners", "protesters", "demonstrators", "contractors"),
        *("nationals", "citizens", "citizen", "firefighters", "rescuers", "rangers"),
        *("separatists", "guerrillas", "paramilitaries", "troopers", "snipers", "sons"),
        *("sons", "daughters", "brothers", "sisters", "husbands", "wives", "parents"),
        *("gendarmes", "gendarme", "drivers", "traders", "merchants", "shoppers", "pilgrims"),
        *("christians", "muslims", "alawites", "druze", "yazidis", "tourists", "vendors"),
        *("siblings", "cousins", "grandchildren", "nephews", "nieces", "uncles", "mothers"),
        # Officials and leaders speak more often than they die: the outcome gate and the
        # speaker rule ("three officials said") keep them out unless a loss word is there.
        *("officials", "official", "leaders", "leader", "chiefs", "ministers", "diplomats"),
        *("neighbours", "neighbors", "neighbour", "neighbor", "elders", "clerics", "imams"),
        *("sergeants", "corporals", "lieutenants", "captains", "colonels", "privates"),
        *("schoolteachers", "surgeons", "caretakers", "guardsmen", "reservists", "cadets"),
        *("passers-by", "passersby", "bystanders", "motorists", "commuters", "onlookers"),
        *("martyrs", "assailants", "attackers", "raiders"),
        *("schoolchildren", "schoolgirls", "schoolboys", "youths", "herdsmen", "hunters"),
        *("labourers", "laborers", "agents", "vigilantes", "priests", "monks", "nuns"),
    }
)
#: Nouns that head a figure of one after "a" or "an" ("a 69-year-old [woman]").
SINGULAR_NOUNS = frozenset(
    {
        *("man", "woman", "child", "boy", "girl", "baby", "infant", "toddler", "teenager"),
        *("soldier", "serviceman", "servicewoman", "civilian", "person", "resident"),
        *("villager", "farmer", "shepherd", "herder", "fisherman", "fighter", "militant"),
        *("rebel", "commander", "officer", "policeman", "policewoman", "guard", "journalist"),
        *("reporter", "photographer", "medic", "paramedic", "doctor", "nurse", "worker"),
        *("volunteer", "student", "pupil", "teacher", "driver", "pilot", "peacekeeper"),
        *("hostage", "conscript", "mother", "father", "son", "daughter", "brother", "sister"),
        *("husband", "wife", "citizen", "contractor", "worshipper", "passenger", "patient"),
        *("refugee", "migrant", "gunman", "militiaman", "mercenary", "trooper", "sniper"),
        *("firefighter", "rescuer", "separatist", "guerrilla", "relative", "neighbour"),
        *("neighbor", "elder", "cleric", "imam", "priest", "monk", "employee", "gendarme"),
        *("trader", "merchant", "shopper", "tourist", "vendor", "miner", "nun"),
        *("official", "leader", "chief", "minister", "diplomat", "governor", "mayor"),
        *("sergeant", "corporal", "lieutenant", "captain", "colonel", "schoolteacher"),
        *("surgeon", "caretaker", "reservist", "cadet", "policewoman", "passer-by"),
        *("bystander", "motorist", "commuter", "member", "bodyguard", "assailant", "attacker"),
        *("general",),
    }
)
#: Heads that say nothing of who the victims were: victim type "unknown".
UNKNOWN_NOUNS = frozenset(
    {"people", "persons", "person", "individuals", "lives", "deaths", "fatalities", "bodies"}
    | {"casualties", "victims", "dead", "wounded", "injured", "injuries"}
)
#: Heads of fighters ``casualty_prefill`` does not type.
COMBATANT_NOUNS = frozenset(
    {"militants", "militant", "rebels", "rebel", "insurgents", "gunmen", "gunman", "jihadists"}
    | {"militiamen", "militiaman", "mercenaries", "mercenary", "commanders", "commander"}
    | {"pilots", "pilot", "sailors", "marines", "trooper", "troopers", "sniper", "separatists"}
    | {"peacekeepers", "peacekeeper", "generals", "guerrillas", "paramilitaries", "terrorists"}
    | {"gendarmes", "gendarme", "sergeants", "sergeant", "corporals", "corporal", "lieutenants"}
    | {"lieutenant", "captains", "captain", "colonels", "colonel", "reservists", "reservist"}
    | {
        "cadets",
        "cadet",
        "guardsmen",
        "general",
        "assailants",
        "assailant",
        "attackers",
        "attacker",
    }
    | {"raiders"}
)
#: Heads ``casualty_prefill`` does not type but news copy uses for civilians.
CIVILIAN_NOUNS = frozenset(
    {"man", "men", "woman", "women", "boy", "boys", "girl", "girls", "baby", "babies"}
    | {"infant", "infants", "toddler", "teenager", "teenagers", "minors", "kids", "elderly"}
    | {"students", "student", "pupils", "pupil", "teachers", "teacher", "worshippers"}
    | {"mother", "father", "son", "daughter", "sons", "daughters", "wife", "husband"}
    | {"refugees", "refugee", "migrants", "patients", "patient", "passengers", "passenger"}
    | {"farmers", "farmer", "shepherds", "shepherd", "herders", "fishermen", "pilgrims"}
    | {"traders", "merchants", "shoppers", "tourists", "vendors", "worshipper", "mourners"}
    | {"journalists", "journalist", "reporters", "reporter", "photographers", "photographer"}
    | {"medics", "medic", "paramedics", "paramedic", "doctors", "doctor", "nurses", "nurse"}
    | {"schoolchildren", "schoolgirls", "schoolboys", "herdsmen", "labourers", "laborers"}
)
#: Heads that say a loss by themselves, kept even when no outcome verb is near.
LOSS_NOUNS = frozenset(
    {"lives", "casualties", "deaths", "fatalities", "dead", "wounded", "injured", "bodies"}
    | {"injuries"}
    | {"hostages", "hostage", "captives", "victims"}
)
#: Words that may stand between a number and its noun ("three [unarmed young] men").
MODIFIERS = frozenset(
    {
        *("other", "more", "additional", "further", "innocent", "unarmed", "young", "old"),
        *("elderly", "foreign", "local", "senior", "junior", "female", "male", "pregnant"),
        *("civilian", "military", "armed", "aid", "health", "healthcare", "medical"),
        *("humanitarian", "relief", "rescue", "emergency", "police", "security", "army"),
        *("government", "rebel", "enemy", "opposition", "allied", "regular", "reserve"),
        *("special", "forces", "border", "national", "media", "news", "un", "u.n.", "red"),
        *("crescent", "cross", "family", "school", "university", "hospital", "camp"),
        *("displaced", "unidentified", "unknown", "alleged", "suspected", "former", "retired"),
        *("slain", "fallen", "of", "their", "his", "her"),
        *("our", "its", "the", "same", "tribal", "clan", "militia", "paramilitary"),
        *("ethnic", "christian", "muslim", "jewish", "hindu", "buddhist", "sunni", "shia"),
        *("teenage", "baby", "infant", "child", "adult", "many", "soviet", "volunteer"),
        *("conscript", "navy", "naval", "air", "ground", "marine", "defense", "defence"),
    }
)
#: Nationality adjectives and plural nouns, and a few armed sides, to the victims' side.
DEMONYMS: dict[str, str] = {
    **{"afghan": "Afghanistan", "afghans": "Afghanistan", "american": "United States"},
    **{"americans": "United States", "armenian": "Armenia", "armenians": "Armenia"},
    **{"azerbaijani": "Azerbaijan", "azerbaijanis": "Azerbaijan", "azeri": "Azerbaijan"},
    **{"british": "United Kingdom", "burmese": "Myanmar", "chadian": "Chad", "chinese": "China"},
    **{
        "colombian": "Colombia",
        "congolese": "DR Congo",
        "egyptian": "Egypt",
        "eritrean": "Eritrea",
    },
    **{"eritreans": "Eritrea", "ethiopian": "Ethiopia", "ethiopians": "Ethiopia"},
    **{"french": "France", "georgian": "Georgia", "german": "Germany", "indian": "India"},
    **{"iranian": "Iran", "iranians": "Iran", "iraqi": "Iraq", "iraqis": "Iraq"},
    **{"israeli": "Israel", "israelis": "Israel", "jordanian": "Jordan", "kenyan": "Kenya"},
    **{"lebanese": "Lebanon", "libyan": "Libya", "libyans": "Libya", "malian": "Mali"},
    **{"mexican": "Mexico", "myanmar": "Myanmar", "nigerian": "Nigeria", "nigerians": "Nigeria"},
    **{"nigerien": "Niger", "pakistani": "Pakistan", "palestinian": "Palestine"},
    **{
        "palestinians": "Palestine",
        "russian": "Russia",
        "russians": "Russia",
        "saudi": "Saudi Arabia",
    },
    **{"saudis": "Saudi Arabia", "somali": "Somalia", "somalis": "Somalia"},
    **{"south sudanese": "South Sudan", "sudanese": "Sudan", "syrian": "Syria"},
    **{"syrians": "Syria", "turkish": "Turkey", "ugandan": "Uganda", "ukrainian": "Ukraine"},
    **{
        "ukrainians": "Ukraine",
        "yemeni": "Yemen",
        "yemenis": "Yemen",
        "emirati": "United Arab Emirates",
    },
    **{"belarusian": "Belarus", "burkinabe": "Burkina Faso", "cameroonian": "Cameroon"},
    **{"mozambican": "Mozambique", "rwandan": "Rwanda", "burundian": "Burundi"},
    **{"tigrayan": "Tigray", "tigrayans": "Tigray", "amhara": "Amhara", "rohingya": "Rohingya"},
    **{"kurdish": "Kurds", "kurds": "Kurds", "houthi": "Houthis", "houthis": "Houthis"},
    **{"hamas": "Hamas", "hezbollah": "Hezbollah", "rsf": "RSF", "wagner": "Wagner"},
    **{"north korean": "North Korea", "south korean": "South Korea", "thai": "Thailand"},
    **{"cambodian": "Cambodia", "filipino": "Philippines", "venezuelan": "Venezuela"},
}
#: Country names as they may stand inside a figure ("Ukraine's soldiers" is rare but real).
COUNTRIES = frozenset(DEMONYMS.values()) - {"Houthis", "Kurds", "Hamas", "Hezbollah", "RSF"}
