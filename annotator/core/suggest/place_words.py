"""Gazetteer names that are also common English words, never proposed as a city or a
second-level division on their own ("Police", "Split", "Mobile", "Of").

Generated once from GeoNames and ISO 3166-2 names against two English dictionaries and a
word-frequency list (a name is listed when its lower-case form is a dictionary word at least
as frequent as one in a million words and the place is smaller than 300,000 people); kept as
data so that neither word list is a dependency. Countries and first-level divisions are never
filtered by it ("Chad", "Jordan", "Georgia" stay). Well-known cities were then taken out of
the list by hand ("Geneva", "York", "Porto", "Calais").
"""

from __future__ import annotations

# One string split at load: a literal of 1,200 names would be a thousand lines.
_NAMES = """
Abbas Abbey Acre Admiralty Advance Agar Airport Alameda Alamo Alba Albino Alfonso Alison Allan
Alley Alliance Alma Along Alpha Alpine Altar Alto Amelia Amen Amor Anew Anger Angle Anna Annex
Antelope Anthem Antique Apache Apex Arcade Arch Archer Arches Area Arena Argentine Aria Ariel
Armada Aroma Arsenal Ascot Aspen Assent Assumption Atlantic Auburn Auditorium August Aura Baba
Bach Bacon Badger Bail Bailey Bake Baker Bale Bali Ball Ballast Balm Bamboo Banana Banco Band
Banda Bane Banjo Banning Barber Bard Barge Bark Barking Barn Barrage Barrow Barry Barton Basalt
Basic Basin Bateman Bath Battle Battlefield Baxter Beach Beacon Bear Beaver Becker Beer Begun
Bell Belle Bend Bender Benjamin Bent Berg Berger Berry Best Bethel Bias Bile Bingo Bishop Bison
Blackwater Blair Blanco Bland Bled Blender Bloke Bloom Blossom Bluff Bobo Bode Bolivia Bonanza
Bone Booker Boom Boon Boot Booth Bora Bore Borg Born Borne Bose Botany Boulder Boundary Bourbon
Bowie Bowman Brad Brains Bran Branch Brand Bravo Bray Brazil Bree Brewer Brewster Brick Bride
Bridge Brig Bright Brill Brilliant Britt Broadway Browning Brunswick Brush Buffalo Bullion Bully
Bungalow Burke Burst Burt Burton Bury Bush Bust Butler Butte Butterfly Cabaret Cabot Cache
Calcium Caller Camilla Canal Cane Canning Canoe Canon Canton Canyon Carbonate Cardigan Carefree
Carlin Carney Caroline Carp Carpenter Cartwright Carver Cascade Cash Cashmere Casino Cast Castor
Catalina Cathedral Cavalier Cave Cedar Celebration Centenary Centennial Center Central Centre
Centurion Century Chad Chair Chamber Chamberlain Champion Chandler Chang Chao Chapman Chase
Cheng Chester Chesterfield Chia Chico Chile Chilly Chin China Chino Chop Chore Chun Church Circa
Circle Cisco Citadel Citrus Clarendon Clark Clay Clever Clint Clit Clive Clot Clover Coca Coco
Cocoa Coli College Collins Colon Colorado Coma Combine Come Comfort Commerce Commonwealth
Communal Compendium Conception Concession Concord Cone Confederation Congress Conner
Conservation Consolation Continental Convent Converse Conversion Convoy Cook Cool Cooling Cooper
Copa Cordon Corona Coronation Corpus Corral Cortez Cottage Council Countryside Court Cove Crane
Crater Creek Crescent Crest Cricket Crocker Croft Crook CrossRoads Crossroads Crystal Cube Curry
Cutler Cypress Dade Dale Dalton Damp Dandy Dang Darby Dare Darling Date Davenport Dawn Deal
Defiance Delta Dent Deposit Derby Dexter Diamond Dick Dickens Dire Diss Diva Dobson Dole Dollar
Dome Dominion Donna Doom Dorado Dover Downer Downside Downtown Drain Drama Draper Drew Driver
Drug Dual Dudley Durant Dyer Eagle Early Earth Echo Eclectic Economy Effort Elbow Emblem Emerald
Eminence Empire Energy Engineer Enigma Enter Enterprise Ester Eureka Ever Evergreen Exhibition
Experiment Falcon Fang Fare Farmland Fate Federal Fell Fife Finale Fiscal Fisher Fleet Fletcher
Flint Flora Flores Flushing Force Ford Fore Forest Forth Fortune Fossil Foster Fountain Fowler
Franco Franklin Freedom Freeman Fresco Friend Friendly Friendship From Front Fuji Fully Furnace
Fussy Gale Gaming Gang Garland Garner Garnet Garrison Gateway Gentry Gilbert Gill Give Glad
Gland Glen Glide Globe Goddard Goes Going Gold Golden Goodman Goodyear Google Gore Gosh Grad
Graham Grain Gram Grand Grandson Grange Granger Granite Grant Grass Grave Gray Green Greenwood
Grenade Griffin Grill Grin Grove Grub Guernsey Guise Gulf Hackney Hail Hale Halfway Hall Hamlet
Hank Hanna Harbor Hard Harper Hart Harvest Hasan Haste Hastings Hatch Haven Hawthorn Hayward
Hazard Healing Hearst Heath Hector Heel Hell Helper Henry Herald Heritage Hickory Highland Hill
Hillside Hippo Hire Hobo Holden Holder Holiday Holly Holt Home Homeland Homer Homestead Hometown
Homo Honda Hone Honey Hong Hook Hooker Hooper Hoover Hope Horn Hove Howe Hula Hull Human Humble
Hunt Hurley Huron Hurricane Hurst Hurt Imperial Independence Industry Intercourse Isle Jack Jade
Jasper Jing Jordan Jubilee Junction Justice Kale Kali Kang Karma Keen Kelvin Kemp Kensington
Kent Kerry Keystone Khan Kiki Kill Kiln Kilo King Kissing Kyle LaFayette Lacrosse Lafayette
Lakeside Lama Lambert Lame Lander Landing Landmark Laura Laurel Lavender Lazy Lead Leader Lees
Legacy Lemon Lend Lens Lent Levant Lever Levin Liang Liberal Liberty Lice Licking Lien Limbo
Lime Limestone Limit Limo Linden Linen Linn Lion List Lively Locking Locust Logos Lombard Lone
Long Loop Loss Loving Loyal Luck Luna Lure Mack Macon Madam Made Madras Mage Magenta Magnolia
Mahogany Maiden Maize Male Mali Mallet Mammoth Mana Manage Mane Manga Mango Mani Manly Manning
Manor Many Marathon March Marco Margarita Maria Marina Mark Market Marlin Marshal Mart Martin
Mary Mascara Mascot Mason Massa Massacre Mater Maud Maxwell Maya Mead Media Mentor Mercer
Mercury Mere Meridian Merlin Mermaid Meta Metropolis Midfield Midland Midway Mila Mile Mill
Miller Milo Mina Mine Minor Mission Mite Mobile Mojo Mold Mole Momo Mona Monster Montana Monte
Monument Moody Mora Moray More Morgan Morocco Moron Morris Morrow Mosquito Moss Most Moth Motley
Mott Mound Mozambique Much Mulberry Murphy Muse Mustang Myrtle Mystic Nada Name Nana Nancy Napa
Napoleon Nash Naval Nave Needles Nelson Never Newton Niagara Nine Nitro Noble Noel Noisy None
Norma Normal Norman Northern Northward Oasis Officer Ogre Okay Omega Onset Opera Opportunity
Oracle Orange Oriental Otter Outer Outlook Over Overland Pablo Pace Pacific Pack Page Pale
Palmer Panama Panda Pandora Pang Panorama Pant Pantheon Papa Para Parachute Paradise Paramount
Parchment Parker Parkway Parma Parole Pasha Pasta Pearl Peculiar Pedro Peel Peer Penguin Perk
Perry Perseverance Petal Petit Petting Piano Piazza Piccadilly Pickering Pico Piedmont Pierce
Pigeon Piles Pill Pinch Pine Pink Pinto Pioneer Pita Plain Plan Plantation Plaque Plate Plateau
Playa Plenty Plum Plunge Police Poll Polling Polo Pompey Ponder Pong Pool Poplar Pore Port
Portage Porter Posse Possession Post Postal Pouch Pray Price Principal Pristine Proclamation
Proctor Progress Prospect Prosper Prosperity Prosperous Proven Providence Provost Puck Pueblo
Puma Punch Purchase Quack Quart Rail Rain Rainbow Raja Rake Rand Ranger Rapid Raven Real Rector
Redding Redemption Redhead Redwood Reese Reform Republic Research Reserve Reservoir Rest Retreat
Revel Revere Rice Rich Riddle Ridge Riding Rifle Ripe Rise Robe Rock Rode Rodeo Rohan Root Rose
Ross Rouge Roundabout Roundup Rouse Rude Rung Ruse Rush Rust Rustic Rutherford Saga Sake Sale
Saline Salle Salmon Salon Salt Same Samson Sand Sandstone Sandwich Sandy Sane Sari Satan Sauce
Savage Save Savoy Scala Scenic Schooner Scissors Scotia Seaside Sector Sedan Seen Semi Send
Serpentine Seth Settle Severance Shaft Shan Shaping Share Sharpness Shaw Shell Shepherd Shipyard
Shone Shot Shut Side Sigma Silly Silva Since Sine Sing Singleton Sion Sire Siren Skit Slater
Slaughter Sloan Smile Smith Snow Snowflake Snug Sober Soda Soho Sole Solo Soma Somerset Song
Sophia Sort Soul Sour Sparks Speedway Spence Spencer Spicer Spike Spire Split Spoken Spring Spur
Stall Star Stein Stella Sterling Still Stock Stoke Stone Store Stow Strand Strawberry Street
Strong Sturgeon Success Sulphur Sultan Summit Sumner Sunflower Sunrise Sunset Sunshine Superior
Supreme Surprise Sway Sylvester Tactic Taft Taker Tale Talent Tales Tall Tame Tangent Tango Tank
Tanner Tape Tapping Tara Tasty Tell Temperance Temple Tequila Terminus Terrace Terry Than
Thatcher Them Thermal Thorn Thunderbolt Till Time Ting Tire Tiring Toast Tombstone Tome Tong
Tonga Tongue Tool Torn Tornado Toro Torrent Toto Tour Tower Trail Train Trainer Trap Triangle
Tribune Trident Trim Trinity Trip Tron Trooper Troy Truss Tube Tucker Tumble Tundra Tune Turbo
Turk Turn Turner Tutu Tweed Twist Tyrone Underwood Union Unity University Upland Uptown Used
Usher Vail Vale Valentine Valley Varsity Vary Vera Veto Vice Victor Viking Villa Vincent Vine
Vineyard Viola Violet Vista Vita Volcano Wade Wainwright Wake Walker Wall Waller Walnut Wang
Wanna Ward Warden Ware Warner Warren Warrior Wave Ways Weasel Weaver Weber Webster Wedding Weed
Weir Welcome Well Welsh West Westerly Western Wheeler Wheeling Whistler Whitehead Whiting Wick
Wilder Wilderness Willow Wing Wink Winner Wise Woodland Woodrow Woodward Wool Worcester Worth
Wright Wrist Yale Yang Yaya Young Zest Zone
"""
COMMON_WORD_NAMES = frozenset(_NAMES.split())
