"""Places for the national-scale data set (``flask demo --scale``): invented, plausible.

Only Loei's districts and sub-districts are shipped (``scheduler_app/data``); an
all-Thailand gazetteer is not. So the generator uses the 77 provinces (their DOPA
two-digit codes, names and rough centres, common knowledge typed here) and builds
district and sub-district codes under each province code (``PPDD``, ``PPDDSS``) with
names composed from common Thai place-name parts and Loei's sub-district names. Such
codes are not real DOPA codes outside Loei, and the gazetteer does not know them: pages
show no district for them, as for any member without one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    code: str
    name_th: str
    name_en: str
    lat: float
    lon: float


PROVINCES: tuple[Province, ...] = tuple(
    Province(code, th, en, lat, lon)
    for code, th, en, lat, lon in (
        ("10", "กรุงเทพมหานคร", "Bangkok", 13.75, 100.50),
        ("11", "สมุทรปราการ", "Samut Prakan", 13.60, 100.60),
        ("12", "นนทบุรี", "Nonthaburi", 13.86, 100.51),
        ("13", "ปทุมธานี", "Pathum Thani", 14.02, 100.53),
        ("14", "พระนครศรีอยุธยา", "Phra Nakhon Si Ayutthaya", 14.35, 100.57),
        ("15", "อ่างทอง", "Ang Thong", 14.59, 100.45),
        ("16", "ลพบุรี", "Lop Buri", 14.80, 100.65),
        ("17", "สิงห์บุรี", "Sing Buri", 14.89, 100.40),
        ("18", "ชัยนาท", "Chai Nat", 15.19, 100.13),
        ("19", "สระบุรี", "Saraburi", 14.53, 100.91),
        ("20", "ชลบุรี", "Chon Buri", 13.36, 100.98),
        ("21", "ระยอง", "Rayong", 12.68, 101.28),
        ("22", "จันทบุรี", "Chanthaburi", 12.61, 102.10),
        ("23", "ตราด", "Trat", 12.24, 102.52),
        ("24", "ฉะเชิงเทรา", "Chachoengsao", 13.69, 101.07),
        ("25", "ปราจีนบุรี", "Prachin Buri", 14.05, 101.37),
        ("26", "นครนายก", "Nakhon Nayok", 14.20, 101.21),
        ("27", "สระแก้ว", "Sa Kaeo", 13.82, 102.06),
        ("30", "นครราชสีมา", "Nakhon Ratchasima", 14.97, 102.10),
        ("31", "บุรีรัมย์", "Buri Ram", 14.99, 103.10),
        ("32", "สุรินทร์", "Surin", 14.88, 103.49),
        ("33", "ศรีสะเกษ", "Si Sa Ket", 15.12, 104.32),
        ("34", "อุบลราชธานี", "Ubon Ratchathani", 15.24, 104.85),
        ("35", "ยโสธร", "Yasothon", 15.79, 104.15),
        ("36", "ชัยภูมิ", "Chaiyaphum", 15.81, 102.03),
        ("37", "อำนาจเจริญ", "Amnat Charoen", 15.87, 104.63),
        ("38", "บึงกาฬ", "Bueng Kan", 18.36, 103.65),
        ("39", "หนองบัวลำภู", "Nong Bua Lam Phu", 17.20, 102.44),
        ("40", "ขอนแก่น", "Khon Kaen", 16.44, 102.84),
        ("41", "อุดรธานี", "Udon Thani", 17.41, 102.79),
        ("42", "เลย", "Loei", 17.49, 101.72),
        ("43", "หนองคาย", "Nong Khai", 17.88, 102.74),
        ("44", "มหาสารคาม", "Maha Sarakham", 16.18, 103.30),
        ("45", "ร้อยเอ็ด", "Roi Et", 16.05, 103.65),
        ("46", "กาฬสินธุ์", "Kalasin", 16.43, 103.51),
        ("47", "สกลนคร", "Sakon Nakhon", 17.16, 104.15),
        ("48", "นครพนม", "Nakhon Phanom", 17.41, 104.78),
        ("49", "มุกดาหาร", "Mukdahan", 16.54, 104.72),
        ("50", "เชียงใหม่", "Chiang Mai", 18.79, 98.98),
        ("51", "ลำพูน", "Lamphun", 18.58, 99.01),
        ("52", "ลำปาง", "Lampang", 18.29, 99.49),
        ("53", "อุตรดิตถ์", "Uttaradit", 17.63, 100.10),
        ("54", "แพร่", "Phrae", 18.14, 100.14),
        ("55", "น่าน", "Nan", 18.78, 100.78),
        ("56", "พะเยา", "Phayao", 19.17, 99.90),
        ("57", "เชียงราย", "Chiang Rai", 19.91, 99.83),
        ("58", "แม่ฮ่องสอน", "Mae Hong Son", 19.30, 97.97),
        ("60", "นครสวรรค์", "Nakhon Sawan", 15.70, 100.14),
        ("61", "อุทัยธานี", "Uthai Thani", 15.38, 100.02),
        ("62", "กำแพงเพชร", "Kamphaeng Phet", 16.48, 99.52),
        ("63", "ตาก", "Tak", 16.87, 99.13),
        ("64", "สุโขทัย", "Sukhothai", 17.01, 99.82),
        ("65", "พิษณุโลก", "Phitsanulok", 16.82, 100.26),
        ("66", "พิจิตร", "Phichit", 16.44, 100.35),
        ("67", "เพชรบูรณ์", "Phetchabun", 16.42, 101.16),
        ("70", "ราชบุรี", "Ratchaburi", 13.54, 99.82),
        ("71", "กาญจนบุรี", "Kanchanaburi", 14.02, 99.53),
        ("72", "สุพรรณบุรี", "Suphan Buri", 14.47, 100.12),
        ("73", "นครปฐม", "Nakhon Pathom", 13.82, 100.06),
        ("74", "สมุทรสาคร", "Samut Sakhon", 13.55, 100.27),
        ("75", "สมุทรสงคราม", "Samut Songkhram", 13.41, 100.00),
        ("76", "เพชรบุรี", "Phetchaburi", 13.11, 99.94),
        ("77", "ประจวบคีรีขันธ์", "Prachuap Khiri Khan", 11.81, 99.80),
        ("80", "นครศรีธรรมราช", "Nakhon Si Thammarat", 8.43, 99.96),
        ("81", "กระบี่", "Krabi", 8.09, 98.91),
        ("82", "พังงา", "Phang Nga", 8.45, 98.53),
        ("83", "ภูเก็ต", "Phuket", 7.89, 98.40),
        ("84", "สุราษฎร์ธานี", "Surat Thani", 9.14, 99.33),
        ("85", "ระนอง", "Ranong", 9.96, 98.64),
        ("86", "ชุมพร", "Chumphon", 10.49, 99.18),
        ("90", "สงขลา", "Songkhla", 7.19, 100.60),
        ("91", "สตูล", "Satun", 6.62, 100.07),
        ("92", "ตรัง", "Trang", 7.56, 99.61),
        ("93", "พัทลุง", "Phatthalung", 7.62, 100.08),
        ("94", "ปัตตานี", "Pattani", 6.87, 101.25),
        ("95", "ยะลา", "Yala", 6.54, 101.28),
        ("96", "นราธิวาส", "Narathiwat", 6.43, 101.82),
    )
)

# Common first and second parts of Thai village and sub-district names (Thai, RTGS).
NAME_HEADS = (
    ("หนอง", "Nong"), ("นา", "Na"), ("โนน", "Non"), ("ห้วย", "Huai"), ("ดอน", "Don"),
    ("โคก", "Khok"), ("ทุ่ง", "Thung"), ("วัง", "Wang"), ("ท่า", "Tha"), ("บึง", "Bueng"),
    ("ป่า", "Pa"), ("สระ", "Sa"),
)  # fmt: skip
NAME_TAILS = (
    ("ใหญ่", "Yai"), ("น้อย", "Noi"), ("ทอง", "Thong"), ("คำ", "Kham"), ("แก้ว", "Kaeo"),
    ("ดี", "Di"), ("งาม", "Ngam"), ("บัว", "Bua"), ("สูง", "Sung"), ("เหนือ", "Nuea"),
    ("ใต้", "Tai"), ("จาน", "Chan"), ("แดง", "Daeng"), ("ไผ่", "Phai"), ("ม่วง", "Muang"),
)  # fmt: skip

GIVEN_NAMES = (
    "สมชาย", "สมศรี", "วิชัย", "มาลี", "ประเสริฐ", "สุดา", "บุญมี", "อรุณี", "สมพงษ์", "พรทิพย์",
    "ชัยวัฒน์", "กาญจนา", "สุริยา", "วันเพ็ญ", "ธนากร", "นงลักษณ์", "อนุชา", "จันทร์เพ็ญ", "ประยูร", "รัตนา",
    "สมบัติ", "ศรีสุดา", "ทองดี", "บัวผัน", "เกรียงไกร", "ปราณี", "วีระ", "สุภาพร", "ณัฐพล", "อำไพ",
)  # fmt: skip
FAMILY_NAMES = (
    "ใจดี", "ศรีสุข", "บุญมา", "แก้วมณี", "ทองคำ", "พรหมมา", "สุขสวัสดิ์", "จันทร์หอม", "ศรีวงศ์", "ภูมิใจ",
    "มั่นคง", "สายทอง", "พิมพ์ดี", "นาคสุข", "วงศ์ไทย", "คำภู", "แสงจันทร์", "ดวงดี", "บุญเรือง", "ชัยมงคล",
)  # fmt: skip

TOPICS = (
    ("การจัดการขยะชุมชน", "community waste management"),
    ("เกษตรอินทรีย์", "organic farming"),
    ("การท่องเที่ยวโดยชุมชน", "community-based tourism"),
    ("การดูแลผู้สูงอายุ", "elderly care"),
    ("ประปาหมู่บ้าน", "village water supply"),
    ("ป่าชุมชน", "community forests"),
    ("การแพทย์แผนไทย", "Thai traditional medicine"),
    ("วิสาหกิจชุมชน", "community enterprises"),
    ("การรับมือภัยพิบัติ", "disaster preparedness"),
    ("ศูนย์พัฒนาเด็กเล็ก", "early childhood centres"),
)
