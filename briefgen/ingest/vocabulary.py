"""Words the ingester reads by: honorifics, ranks, title words, meeting verbs, in English and Thai.

Kept apart from the code so that a word the extractor misses is added here, once, for every
press release, rather than in a regular expression tuned to one sentence.
"""

from __future__ import annotations

import re

# --- People --------------------------------------------------------------------------------------

HONORIFICS_EN = (
    r"H\.E\.|His\s+Excellency|Her\s+Excellency|Their\s+Excellencies|(?:The\s+)?Hon(?:ou?rable|\.)|"
    r"Hon\.|Mr\.?|Mrs\.?|Ms\.?|Miss|Dr\.?|Prof\.|Professor|Sir|Dame|Madam|Madame|H\.R\.H\.|"
    r"Excellency"
)
RANKS_EN = (
    r"(?:Lieutenant|Lt\.?|Major|Maj\.?|Brigadier|Brig\.?|Police|Pol\.?)\s+(?:General|Gen\.)|"
    r"General|Gen\.|(?:Vice|Rear)\s+Admiral|Admiral|Adm\.|Air\s+(?:Chief\s+)?Marshal|"
    r"Colonel|Col\.|Captain|Capt\.|Commander|Cmdr\."
)
_SHORT_RANKS = {"General": "Gen.", "Admiral": "Adm.", "Colonel": "Col.", "Captain": "Capt."}

HONORIFICS_TH = (
    r"นางสาว|นาง(?!สาว)|(?<!มิถุ)นาย(?!ก(?:รัฐมนตรี|ฯ)|ทหาร|อำเภอ|ตำรวจ|จ้าง|ทุน|หน้า|ประกัน|ด่าน|ช่าง|"
    r"พราน|ท่า|สิบ|ร้อย|พัน|กอง|เรือ|ธนาคาร|แพทย์|ทะเบียน)|ดร\.|ฯพณฯ|ศาสตราจารย์|"
    r"รองศาสตราจารย์|ผู้ช่วยศาสตราจารย์|หม่อมราชวงศ์|ม\.ร\.ว\.|หม่อมหลวง|ม\.ล\.|คุณหญิง|ท่านผู้หญิง|"
    r"ดาตุ๊ก|ดาโต๊ะ|ดาโต๊ะศรี|ตันศรี|เชค|ชีค|เจ้าชาย|เจ้าหญิง"  # foreign honorifics as Thai writes them
)
RANKS_TH = (
    r"พล(?:ตำรวจ|เรือ|อากาศ)?(?:เอก|โท|ตรี)|พันตำรวจ(?:เอก|โท|ตรี)|พัน(?:เอก|โท|ตรี)|"
    r"นาวา(?:อากาศ)?(?:เอก|โท|ตรี)|พล\.อ\.|พล\.ท\.|พล\.ต\.|พล\.ร\.อ\.|พล\.อ\.อ\.|พล\.ต\.อ\."
)

TITLE_HEADS = {
    "Minister", "Ministers", "Secretary", "Secretary-General", "Under-Secretary", "Undersecretary",
    "Ambassador", "Advisor", "Adviser", "Director", "Director-General", "Coordinator",
    "Commander", "Commander-in-Chief", "Chief", "President", "Vice-President", "Chairman",
    "Chairperson", "Chair", "Spokesperson", "Spokesman", "Spokeswoman", "Envoy", "Governor",
    "Administrator", "Representative", "Counselor", "Counsellor", "Consul", "Consul-General",
    "Attaché", "Head", "Officer", "Manager", "Premier", "Chancellor", "Senator", "Mayor",
    "Speaker", "Leader", "Chargé", "Commissioner", "Assistant",
}  # fmt: skip
_TITLE_WORDS = """
Acting Assistant Associate Senior Special Vice Under First Second Third Parliamentary Executive
Prime Foreign Affairs Defense Defence State Security National Homeland Commerce Trade Finance
Interior Justice Policy Indo-Pacific Pacific East Asian Asia South Southeast Northeast North
West Western Eastern European Council Department Ministry Office Bureau Agency Forces Force
Army Navy Air Staff Cabinet International Cooperation Economic Economy Development Energy Health
Relations Political Multilateral Bilateral Strategic Intelligence Immigration Police Royal Thai
Republic Kingdom Government Operations Plans Logistics Armed Joint Regional Global Public
Military Management Information Digital Science Technology Education Labour Labor Agriculture
Transport Tourism Sports Culture Environment Resources Natural Industry Investment Social Human
Rights Counterterrorism Narcotics Crime Criminal Enforcement Law Legal Treaty Consular Protocol
Press Communications Dialogue Talks Meeting Commission Committee Forum Summit Mission Embassy
Consulate Headquarters Command Division Secretariat Institute Center Centre Initiative
Partnership Program Programme Framework Working Group Sub-Committee Affairs Americas Africa
Oceania Europe Middle Southern Central Indian Ocean Mekong Lancang Subregion Administration
Budget Affairs Veterans Transportation Treasury Industry Innovation Higher Research Foreign-Policy
Cyber Maritime Border Customs Coast Guard Marine Corps Chiefs Personnel Acquisition Readiness
Sustainment Space Nuclear Democracy Refugees Migration Population Humanitarian Religious
Freedom Arms Control Nonproliferation Reform Civil Service Federal Economic-Cooperation
Permanent Principal Coalition Supply Chain Resilience
Memorandum Understanding Agreement Communiqué Communique Declaration Plan Action Vision
Secretariat Ministerial Academic University Universities College School
Graduates Program Programs Council Councils Deputy-Secretary Defence-Policy
"""
MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
}  # fmt: skip
_SENTENCE_WORDS = """
The This That These Those Both On In At By For From With During Beyond After Before Following
Furthermore Additionally Consequently However Meanwhile Also Under Over Through Together Looking
Recognizing Recognising Enhancing Strengthening Discussion Points Highlights Benefits Outcomes
Future Prospects Engagement Date Location Participants Details Aspect Primary Focus Areas Step
Towards Comprehensive Mutual Support Enhanced Capabilities It Its Their Our We They He She His
Her Mr Mrs Ms Dr Sources Source News Online Read More Images Photo Photos Share Print Home
Inaugural Honorable Honourable Excellency Madam Sir Both Upon As Moreover Thereafter Overall
General Admiral Colonel Captain Lieutenant Marshal Brigadier Sergeant Commodore
"""
NOT_NAMES = set(_TITLE_WORDS.split()) | set(_SENTENCE_WORDS.split()) | TITLE_HEADS
#: Lower-case words inside names: "Albert F. del Rosario", "Ursula von der Leyen".
NAME_PARTICLES = {"de", "da", "del", "della", "di", "do", "dos", "du", "van", "von", "der", "den",
                  "la", "le", "bin", "binti", "al"}  # fmt: skip
CONNECTORS = {"of", "for", "and", "the", "on", "&"} | NAME_PARTICLES

TH_TITLE_STARTS = (
    "รองนายกรัฐมนตรี", "นายกรัฐมนตรี", "รัฐมนตรี", "ปลัด", "รองปลัด", "ผู้ช่วย", "ผู้อำนวยการ",
    "ผู้บัญชาการ", "ผู้ประสานงาน", "ผู้แทน", "ผู้ว่าราชการ", "เอกอัครราชทูต", "อัครราชทูต", "กงสุล",
    "อธิบดี", "รองอธิบดี", "เลขาธิการ", "รองเลขาธิการ", "ที่ปรึกษา", "โฆษก", "ประธาน", "รองประธาน",
    "หัวหน้า", "เสนาธิการ", "สมาชิก", "อุปทูต", "รอง", "รักษาการ", "ผู้บริหาร", "ผู้ว่าการ",
    "ผู้อํานวยการ", "ราชเลขาธิการ", "องคมนตรี", "ประธานาธิบดี", "นายกเทศมนตรี",
)  # fmt: skip
TH_TITLE_CONTINUES = (
    "ด้าน", "ฝ่าย", "ประจำ", "แห่ง", "สภา", "กระทรวง", "สำนักงาน", "กรม", "กอง", "และรัฐมนตรี",
    "ของ", "สหรัฐ", "(", "อาวุโส", "กิจการ", "ทบวง", "คณะกรรมาธิการ", "คณะกรรมการ", "ประเทศ",
)  # fmt: skip
TH_TITLE_STOPS = (
    r"ได้|เข้าร่วม|พบหารือ|หารือ|กล่าว|เป็นประธาน|เปิดเผย|ย้ำ|ให้การ|ต้อนรับ|เดินทาง|ลงนาม|"
    r"นำคณะ|เยือน|ร่วมกับ|และ(?:นาย|นาง|พล|ดร)|เป็นผู้|พร้อมด้วย|ทั้งสอง|ที่\s|เพื่อ"
)
TH_NOT_SURNAME = (
    "กล่าว", "ได้", "เข้า", "พบ", "หารือ", "เป็น", "มี", "และ", "กับ", "ที่", "ซึ่ง", "โดย", "จะ",
    "ยัง", "ได้", "ใน", "เพื่อ", "ให้", "ร่วม", "เดิน", "ย้ำ", "เปิดเผย", "ต้อนรับ", "ลงนาม", "นำ",
    "ขอบคุณ", "แสดง", "ยืนยัน", "มอบ", "ระหว่าง", "พร้อม", "ณ", "เมื่อ", "ทั้ง", "เนื่อง", "ตาม",
    "จาก", "ของ", "แห่ง", "ประจำ", "อดีต", "สมเด็จ", "เป็นต้น", "ฯลฯ", "(",
) + TH_TITLE_STARTS  # fmt: skip


def short_rank(rank: str) -> str:
    """'General' → 'Gen.', as records write ranks before names."""
    words = rank.split()
    return " ".join(_SHORT_RANKS.get(w, w) for w in words)


# --- Meetings ------------------------------------------------------------------------------------

#: A sentence with one of these speaks of the meeting itself: who met whom, who chaired.
MEETING_VERBS_EN = re.compile(
    r"\b(?:co-?chair(?:ed|ing|s)?|chair(?:ed|ing)|met|meets?|meeting\s+with|meetings\s+with|"
    r"held\s+(?:\w+\s+){0,2}(?:talks|meetings?|discussions|consultations)|called\s+on|"
    r"courtesy\s+call|received|led|headed|attended|participated)\b",
    re.IGNORECASE,
)
MEETING_VERBS_TH = re.compile(
    r"พบหารือ|หารือ|เข้าร่วม|เป็นประธาน|ประธานร่วม|นำคณะ|เข้าเยี่ยมคารวะ|ให้การต้อนรับ|พบปะ|ประชุม"
)
#: … and one of these, that it reports another meeting than the one the text is about.
OTHER_MEETING = re.compile(
    r"\b(?:on\s+the\s+same\s+day|the\s+same\s+day|separately|later\s+that\s+day|"
    r"also\s+(?:met|called\s+on|held\s+(?:talks|a\s+meeting))|the\s+following\s+day)\b"
    r"|ในวันเดียวกัน|ในโอกาสเดียวกัน|ยังได้(?:พบ|หารือ|เข้าเยี่ยม)|ในวันถัดมา",
    re.IGNORECASE,
)
#: A person named after these is talked about, not at the table.
NOT_PRESENT = re.compile(
    r"(?:visits?\s+of|visit\s+by|(?<!at\sthe\s)invitation\s+(?:from|of|for)|welcom(?:e|ed|ing)\s+(?:the\s+)?"
    r"(?:visit|delegation)|following|congratulat\w*|on\s+behalf\s+of|message\s+from|"
    r"letter\s+from|the\s+late|การเยือน(?:ของ)?|(?<!ตาม)คำเชิญ(?:ของ|จาก)?|ในนามของ)\s*(?:\S+\s*){0,6}$",
    re.IGNORECASE,
)
SPOKESPERSON = re.compile(r"spokes(?:person|man|woman)|โฆษก", re.IGNORECASE)
