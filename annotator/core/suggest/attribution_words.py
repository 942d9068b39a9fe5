"""The word lists the attribution suggester reads: reporting cues, the nouns that head a source
phrase, media outlets, organisations and armed groups, and country names with their
demonyms and capitals. All lower case; multi-word names are matched token by token.

Kept apart from the rules so that adding an outlet or a demonym never touches the logic.
"""

from __future__ import annotations


def word_set(*groups: str) -> frozenset[str]:
    return frozenset(word for group in groups for word in group.split())


def name_set(*groups: str) -> frozenset[str]:
    """Names separated by ``|``, lower-cased."""
    return frozenset(
        name.strip().casefold() for group in groups for name in group.split("|") if name.strip()
    )


# Reporting verbs whose subject is a source and whose object clause is a claim.
CUE_VERBS = word_set(
    "said says say saying stated states announced announces accused accuses",
    "claimed claims denied denies deny reported reports told tells added adds",
    "warned warns writes wrote write confirmed confirms alleged alleges insisted insists",
    "rejected rejects dismissed dismisses acknowledged acknowledges noted notes estimated",
    "estimates blamed blames vowed vows threatened threatens reiterated maintained",
    "declared declares asserted argued explained explains posted quoted identified",
    "accuse blame warn insist allege estimate confirm reject",
    "verified documented recorded registered counted tallied",
    "stressed stresses emphasised emphasized emphasises emphasizes",
    "disputed disputes contested contests condemned condemns",
)
# Verbs whose claim the source rejects: the claim's factuality is denied.
DENYING_VERBS = word_set(
    "denied denies deny rejected rejects dismissed dismisses disputed disputes contested contests"
)
# Verbs that say who did it: the claim is about responsibility.
BLAMING_VERBS = word_set("accused accuses blamed blames")
INTENT_VERBS = word_set("vowed vows threatened threatens")

# Nouns that can end a source phrase (besides capitalised names).
HEAD_NOUNS = word_set(
    "ministry ministries government governments army military forces force spokesperson",
    "spokesman spokeswoman spokespeople spokesmen spokeswomen spokespersons official officials",
    "source sources residents resident witness witnesses eyewitness eyewitnesses villagers",
    "villager survivors survivor locals authorities authority commander commanders governor mayor",
    "president minister ministers agency agencies office police command staff council",
    "administration presidency cabinet group groups militia militias rebels insurgents",
    "militants fighters paramilitary paramilitaries diplomats diplomat analysts analyst",
    "experts expert researchers researcher monitors monitor observers observer medics doctors",
    "doctor nurse nurses activists activist committee service services department",
    "photographer photographers correspondent correspondents",
    "people person chief head envoy ambassador secretary mission movement organization",
    "organisation network union junta regime leadership leader leaders coalition report",
    "guard guards navy troops soldiers soldier officer officers brigade",
    "battalion division unit units correspondent correspondents journalist journalists",
    "newspaper outlet channel television broadcaster tv radio media wire daily station",
    "authorities lawmakers lawmaker deputies deputy adviser advisers aide aides",
    "negotiators negotiator delegation representatives representative colleagues family",
    "relatives mother father woman man farmer worker workers volunteers volunteer",
)
HEAD_NOUNS = HEAD_NOUNS | word_set(
    "director chairman chairwoman commissioner coordinator premier chancellor colonel",
    "general lieutenant major captain sergeant admiral brigadier secretary-general",
    "director-general spokespersons medic paramedics rescuers bloggers blogger mediators",
    "professionals workers staffers personnel activists wing elder elders member members",
    "commission panel court tribunal institute observatory centre center foundation",
    "refugees civilians",
    "councilor councillor convener administrator prefect imam priest headman inspector",
    "superintendent corporal teacher teachers student students driver drivers trader ceo",
    "traders fisherman fishermen shopkeeper pastor commentators co-ordinator inhabitants",
    "reports locals militiaman militiamen",
)
# Heads an apposition may have besides titles: "the ISW, a U.S.-based think tank,".
APPOSITION_HEADS = HEAD_NOUNS | word_set(
    "tank think-tank institute organisation organization body watchdog charity ngo outlet",
    "website newspaper broadcaster monitor initiative project platform vendor trader",
    "commentators reporters prosecutors prosecutor investigators investigator",
)
# Plural labels before a list of names: "news outlets A, B and C" (not part of A).
LIST_LABELS = word_set("outlets organisations organizations groups agencies media channels")
# Lower-case words allowed inside a source phrase before its head.
MODIFIERS = word_set(
    "defence defense foreign interior health military army armed senior local regional state",
    "news official top chief press human rights humanitarian aid intelligence security",
    "border emergency emergencies general unnamed anonymous several some many other two three",
    "four five six seven eight a an the its their his her deputy prime presidential",
    "government federal national provincial district city municipal western international",
    "independent russian-installed russian-appointed moscow-installed kremlin-backed",
    "hamas-run houthi-run houthi-controlled rebel-held junta-controlled state-run",
    "state-owned pro-kremlin pro-russian pro-government opposition exiled ruling civil",
    "civil-defence civil-defense defence-ministry medical hospital relief rescue ukrainian",
    "displaced traumatised frightened elderly young former current acting interim",
    "information communications media affairs staff",
    "joint central southern northern eastern western airborne naval air ground operational",
    "elected tribal village community traditional religious",
)
DETERMINERS = word_set(
    "the a an two three four five six seven eight nine ten several some many both all",
    "dozens hundreds other another one our",
)
# Words that join a head to what identifies it: "a spokesperson for the ministry".
# Not "in" or "at": a place after a source is not part of it ("a doctor at the hospital").
BRIDGES = word_set("of for from with")
# Heads that a bridge may follow.
BRIDGED_HEADS = word_set(
    "spokesperson spokesman spokeswoman official officials head chief ministry minister",
    "ministers director commander commanders member members representative representatives",
    "secretary governor mayor residents resident witnesses witness sources source people",
    "doctors medics staff president spokespeople envoy ambassador office villagers survivors",
    "chairman chairwoman chair leader leaders general deputy adviser aide analysts analyst",
    "experts expert researcher researchers director-general commissioner coordinator",
    "familiar close department agency committee council mission forces delegation",
    "correspondent correspondents",
)
# Capitalised words that never start or join a source phrase.
CAPITAL_STOP = word_set(
    "but and however meanwhile also separately earlier later then yet still instead after",
    "before when while since as if though although because so on in at by for with from",
    "of to speaking asked it he she they we i you this that these those there here his her",
    "its their our my your what which who whom where why how not no nor or monday tuesday",
    "wednesday thursday friday saturday sunday january february march april may june july",
    "august september october november december today tonight yesterday overnight last",
    "according citing",
)
PRONOUNS = word_set("he she they it we i you who which this that these those one")

# Media outlets (names as written, minus a leading "the").
OUTLETS = name_set(
    "reuters|afp|agence france-presse|ap|associated press|the associated press|bbc",
    "bbc news|al jazeera|al-jazeera|al arabiya|tass|ria novosti|ria|interfax|ukrinform",
    "cnn|new york times|washington post|guardian|wall street journal|financial times",
    "bloomberg|sky news|kyiv independent|kyiv post|meduza|moscow times|rfe/rl|r.f.e./r.l.",
    "radio free europe|radio liberty|radio free europe/radio liberty|deutsche welle|dw",
    "france 24|anadolu|anadolu agency|xinhua|haaretz|times of israel|channel 12|kan",
    "wafa|al-masirah|saba|suna|sudan tribune|radio dabanga|irrawaddy|myanmar now",
    "radio free asia|rfa|addis standard|ethiopian news agency|ena|fana|npr|cbs|nbc",
    "abc news|le monde|der spiegel|spiegel|suspilne|ukrainska pravda|kommersant|rbc",
    "izvestia|irna|tasnim|fars|mizzima|mrtv|kyodo|yonhap|the economist|economist",
    "politico|axios|the telegraph|telegraph|the independent|the times|times|voa",
    "voice of america|euronews|rt|sputnik|ria-novosti|zvezda|channel one|rossiya 24",
    "the new yorker|new yorker|the atlantic|vice|vice news|sudan war monitor|ynet",
    "jerusalem post|the jerusalem post|israel hayom|middle east eye|the national",
    "el pais|frankfurter allgemeine|nikkei|south china morning post|cbc|abc|pbs",
    "agence france presse|associated press news|ap news|the hill|newsweek|time",
    "ukrainska pravda|hromadske|istories|novaya gazeta|mediazona|the insider|astra",
    "state media|state television|state tv|state news agency|state-run media",
    "state-run television|official news agency",
    "efe|lusa|dpa|kuna|wam|sana|ani|pti|ians|apa|pajhwok|tolo news|tolonews|premium times",
    "punch|the punch|daily trust|vanguard|channels tv|daily nation|caracol radio|el tiempo",
    "rfi|radio france internationale|france info|franceinfo|bfm|ntv|trt|al-manar|al manar",
    "al-mayadeen|al mayadeen|national news agency|nna|mena|petra|qna|spa|ina|shafaq news",
    "rudaw|kurdistan 24|dawn|geo news|express tribune|the nation|anadolu news agency",
    "interfax-ukraine|unian|rbc-ukraine|ukrinform|nexta|dw news|cctv|global times|kcna",
    "the irrawaddy|dvb|democratic voice of burma|khit thit media|eleven media",
)
# Last words that make a capitalised name an outlet ("the Caspian Wire").
OUTLET_ENDINGS = word_set(
    "times post journal tribune herald observer wire gazette agency television tv radio",
    "press daily monitor news telegraph guardian chronicle courier standard mirror",
    "broadcasting broadcaster network channel magazine review independent station",
)
INTERNATIONAL_ORGS = name_set(
    "un|u.n.|united nations|ocha|who|world health organization|world health organisation",
    "unicef|unhcr|unrwa|wfp|world food programme|world food program|icrc",
    "international committee of the red cross|red cross|red crescent|iaea|ohchr",
    "un human rights office|osce|iom|international organization for migration",
    "african union|au|igad|asean|nato|eu|european union|icc|international criminal court",
    "un security council|security council|ipc|fao|unfpa|undp|unosat|unmiss|unamid",
    "international atomic energy agency|un refugee agency|un children's fund",
    "integrated food security phase classification|european commission|arab league",
    "monitoring mission|un monitoring mission|hrmmu|human rights monitoring mission",
)
NGOS = name_set(
    "human rights watch|hrw|amnesty international|amnesty|msf|médecins sans frontières",
    "medecins sans frontieres|doctors without borders|save the children|oxfam",
    "norwegian refugee council|nrc|international rescue committee|irc|acled|airwars",
    "sudan doctors network|sudan doctors' union|sudan doctors union|emergency lawyers",
    "b'tselem|physicians for human rights|mercy corps|islamic relief|care|action against hunger",
    "palestinian red crescent|palestinian red crescent society|crisis group",
    "international crisis group|institute for the study of war|isw|memorial|ovd-info",
    "conflict observatory|armed conflict location and event data project|insecurity insight",
    "syrian observatory for human rights|assistance association for political prisoners",
    "aapp|fortify rights|medical aid for palestinians|handicap international|humanity & inclusion",
    "central sudan doctors committee|sudanese doctors' union|resistance committees",
    "emergency response rooms|al-mezan|al mezan|al-haq|pchr|ukrainian helsinki human rights union",
    "committee to protect journalists|cpj|reporters without borders|resistance committee",
    "syrian observatory|war monitor",
)
ARMED_GROUPS = name_set(
    "hamas|hezbollah|houthis|houthi|ansar allah|islamic jihad|palestinian islamic jihad",
    "al-qassam brigades|qassam brigades|al-quds brigades|rsf|rapid support forces",
    "wagner|wagner group|m23|tplf|tigray people's liberation front|fano|arakan army",
    "pdf|people's defence force|people's defense force|people's defence forces",
    "kia|kachin independence army|tnla|ta'ang national liberation army|mndaa",
    "myanmar national democratic alliance army|karen national union|knu|knla",
    "al-shabab|al-shabaab|islamic state|isis|isil|boko haram|taliban|rebels|militants",
    "insurgents|militia|militias|paramilitary|paramilitaries|oromo liberation army",
    "ola|tigray defence forces|tigray defense forces|tdf|brotherhood alliance",
    "three brotherhood alliance|national unity government|nug|sudan liberation movement",
    "splm-n|jem|justice and equality movement|lions' den|al-aqsa martyrs brigades",
    "donetsk people's republic|luhansk people's republic|dpr|lpr|hts|hayat tahrir al-sham",
    "sdf|syrian democratic forces|ypg|pkk|polisario",
    "rebel group|rebel groups|armed group|armed groups|militant group|insurgent group",
    "jihadist group|jihadist groups|ethnic rebel group|ethnic armed group",
)
UNNAMED_MARKERS = word_set(
    "source sources unnamed anonymous anonymity familiar close",
)
WITNESS_HEADS = word_set(
    "resident residents witness witnesses eyewitness eyewitnesses villager villagers survivor",
    "survivors locals mother father woman man farmer displaced relatives family neighbour",
    "neighbor neighbours neighbors teacher teachers student students driver drivers trader",
    "traders fisherman fishermen shopkeeper inhabitants",
)
EXPERT_HEADS = word_set("analyst analysts expert experts researcher researchers professor scholar")
MILITARY_WORDS = word_set(
    "army military forces force troops staff navy idf command brigade battalion",
    "tatmadaw saf endf unit units soldiers officer officers regiment corps",
)
GOVERNMENT_WORDS = word_set(
    "ministry ministries government kremlin authorities authority office presidency",
    "administration cabinet council department police junta regime parliament",
    "pentagon state whitehall",
)
# Titles that name a person who speaks for an institution.
TITLES = word_set(
    "president minister spokesperson spokesman spokeswoman commander governor mayor",
    "ambassador envoy secretary chief head general gen. gen col. colonel lt. lieutenant",
    "maj. major official deputy adviser aide director chairman chairwoman prime",
    "secretary-general director-general commissioner coordinator lawmaker senator",
    "brig. brigadier adm. admiral captain capt. sgt. sergeant representative premier pol.",
    "chancellor king emir prince crown leader negotiator diplomat officer",
    "gov. gov councilor councillor convener administrator prefect inspector superintendent",
    "co-ordinator ceo assistant advisor counsellor counselor attache",
    "major-general lieutenant-general brigadier-general lieutenant-colonel lt.-col. lt.-gen.",
)

# Country names, demonyms and capitals (lower case) -> the country or party.
_PLACES = {
    "Ukraine": "ukraine ukrainian ukrainians kyiv kiev",
    "Russia": "russia russian russians moscow kremlin",
    "Sudan": "sudan sudanese khartoum port sudan",
    "South Sudan": "south sudan south sudanese juba",
    "Israel": "israel israeli israelis jerusalem tel aviv idf",
    "Palestine": "palestine palestinian palestinians ramallah",
    "Gaza": "gaza gazan gazans",
    "Yemen": "yemen yemeni yemenis sanaa sana'a aden",
    "Houthis": "houthi houthis",
    "Hamas": "hamas",
    "Hezbollah": "hezbollah",
    "Myanmar": "myanmar burma burmese naypyitaw naypyidaw naypyitaw yangon tatmadaw",
    "Ethiopia": "ethiopia ethiopian ethiopians addis ababa endf",
    "Tigray": "tigray tigrayan tigrayans tplf",
    "Eritrea": "eritrea eritrean asmara",
    "Iran": "iran iranian tehran",
    "United States": "united states u.s. american washington pentagon",
    "United Kingdom": "united kingdom u.k. uk british britain london",
    "France": "france french paris",
    "Germany": "germany german berlin",
    "China": "china chinese beijing",
    "Turkey": "turkey turkish ankara türkiye",
    "Syria": "syria syrian damascus",
    "Lebanon": "lebanon lebanese beirut",
    "Egypt": "egypt egyptian cairo",
    "Saudi Arabia": "saudi arabia saudi riyadh",
    "United Arab Emirates": "united arab emirates uae emirati abu dhabi",
    "Qatar": "qatar qatari doha",
    "Jordan": "jordan jordanian amman",
    "Iraq": "iraq iraqi baghdad",
    "Armenia": "armenia armenian yerevan",
    "Azerbaijan": "azerbaijan azerbaijani baku",
    "Belarus": "belarus belarusian minsk",
    "Poland": "poland polish warsaw",
    "Chad": "chad chadian n'djamena",
    "Somalia": "somalia somali mogadishu",
    "Kenya": "kenya kenyan nairobi",
    "Nigeria": "nigeria nigerian abuja",
    "Mali": "mali malian bamako",
    "Libya": "libya libyan tripoli",
    "Afghanistan": "afghanistan afghan kabul",
    "Pakistan": "pakistan pakistani islamabad",
    "India": "india indian new delhi",
    "Georgia": "georgia georgian tbilisi",
    "Moldova": "moldova moldovan chisinau",
    "Democratic Republic of the Congo": "drc congo congolese kinshasa",
    "Rwanda": "rwanda rwandan kigali",
    "Thailand": "thailand thai bangkok",
    "Bangladesh": "bangladesh bangladeshi dhaka",
    "Japan": "japan japanese tokyo",
    "Burkina Faso": "burkina burkinabe ouagadougou",
    "Benin": "benin beninese cotonou porto-novo",
    "Cameroon": "cameroon cameroonian yaounde",
    "Central African Republic": "bangui",
    "Mozambique": "mozambique mozambican maputo",
    "Burundi": "burundi burundian bujumbura gitega",
    "Uganda": "uganda ugandan kampala",
    "Togo": "togo togolese lome",
    "Colombia": "colombia colombian bogota",
    "Mexico": "mexico mexican",
    "Philippines": "philippines philippine filipino manila",
    "Haiti": "haiti haitian port-au-prince",
}
PLACE_AFFILIATION: dict[str, str] = {}
for _country, _spelled in _PLACES.items():
    for _name in name_set(_spelled.replace(" ", "|")):
        PLACE_AFFILIATION.setdefault(_name, _country)  # "sudanese" stays Sudan's
# Two-word places, checked before single words.
PLACE_PAIRS: dict[str, str] = {
    "port sudan": "Sudan",
    "south sudan": "South Sudan",
    "south sudanese": "South Sudan",
    "tel aviv": "Israel",
    "addis ababa": "Ethiopia",
    "united states": "United States",
    "united kingdom": "United Kingdom",
    "saudi arabia": "Saudi Arabia",
    "abu dhabi": "United Arab Emirates",
    "new delhi": "India",
    "white house": "United States",
    "state department": "United States",
    "west bank": "Palestine",
}
# Single words that would be wrong on their own ("port", "south").
for _pair in PLACE_PAIRS:
    for _word in _pair.split():
        if _word in ("port", "south", "tel", "aviv", "addis", "ababa", "new", "delhi", "white"):
            PLACE_AFFILIATION.pop(_word, None)
for _word in ("united", "states", "kingdom", "arab", "emirates", "abu", "dhabi", "house"):
    PLACE_AFFILIATION.pop(_word, None)
# Capitals and countries that speak for a government when they are the whole subject.
GOVERNMENT_PLACES = frozenset(PLACE_AFFILIATION) - {"idf", "tatmadaw", "endf", "tplf", "hamas"}
