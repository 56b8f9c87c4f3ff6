"""The hand-written part of the Loei demo: people, briefings, individuals and venues.

Everything here is invented sample data. Districts, sub-districts and coordinates come
from the gazetteer; the loader combines the two.
"""

from __future__ import annotations

from dataclasses import dataclass

# Demo only: printed by `flask demo` for the sample logins; never used on a real site.
DEMO_PASSWORD = "ruamjai-demo"  # noqa: S105  # nosec B105
DEMO_DOMAIN = "demo.ruamjai.local"

NETWORK_REF = "demo:network:loei"
NETWORK_NAME_TH = "เครือข่ายองค์กรปกครองส่วนท้องถิ่นจังหวัดเลย (ตัวอย่าง)"
NETWORK_NAME_EN = "Loei Local Government Network (sample)"
NETWORK_DESCRIPTION = (
    "เครือข่ายตัวอย่างของเทศบาลและชุมชนในจังหวัดเลย สำหรับทดลองใช้ระบบร่วมใจ "
    "ข้อมูลทั้งหมดเป็นข้อมูลสมมุติ\n"
    "A sample network of municipalities and communities in Loei for trying Ruamjai. "
    "All of its data is invented."
)


def district_ref(code: str) -> str:
    return f"demo:district:{code}"


def subdistrict_ref(code: str) -> str:
    return f"demo:subdistrict:{code}"


@dataclass(frozen=True)
class Briefing:
    """Visitor rules and risks for the member behind ``ref``."""

    ref: str
    rules: str
    risks: str


BRIEFINGS: tuple[Briefing, ...] = (
    Briefing(
        district_ref("4201"),
        rules="- ติดต่อลงทะเบียนที่งานประชาสัมพันธ์ ชั้น 1 ก่อนเข้าพื้นที่สำนักงาน\n"
        "- แต่งกายสุภาพเมื่อเข้าประชุมหรือพบผู้บริหาร\n"
        "- Register at the front desk on the ground floor; dress politely for meetings.",
        risks="- ช่วงมีนาคม–พฤษภาคม อากาศร้อนจัด ควรพกน้ำดื่มและหมวก\n"
        "- Hot weather from March to May: bring water and a hat.",
    ),
    Briefing(
        subdistrict_ref("420301"),
        rules="- แต่งกายสุภาพเมื่อเข้าวัด คลุมไหล่และเข่า\n"
        "- ถอดรองเท้าก่อนขึ้นศาลาวัดและบ้านเรือน\n"
        "- ขออนุญาตก่อนถ่ายภาพผู้คนและพระสงฆ์\n"
        "- การตักบาตรข้าวเหนียวยามเช้า: นั่งหรือยืนต่ำกว่าพระ ไม่ส่งเสียงดัง\n"
        "- Dress politely at temples (cover shoulders and knees), remove shoes before "
        "entering halls and homes, ask before photographing people or monks, keep quiet "
        "during the morning alms round.",
        risks="- ริมฝั่งโขงลื่นในฤดูฝน (มิถุนายน–ตุลาคม) ระวังการเดินใกล้ตลิ่ง\n"
        "- ถนนคนเดินแคบ มีรถจักรยานยนต์สัญจร ดูแลเด็กและผู้สูงอายุ\n"
        "- The Mekong riverbank is slippery in the rainy season; narrow lanes carry "
        "motorbikes; bring water on hot afternoons.",
    ),
    Briefing(
        subdistrict_ref("420501"),
        rules="- ไม่สวมเสื้อผ้าสีแดงเมื่อเข้าพระธาตุศรีสองรัก ตามความเชื่อของชาวด่านซ้าย\n"
        "- ถอดรองเท้าก่อนเข้าเขตพระธาตุและศาลาวัด\n"
        "- หน้ากากผีตาโขนบางชิ้นเป็นของบูชา ขออนุญาตเจ้าของก่อนจับหรือถ่ายภาพ\n"
        "- Do not wear red at Phra That Si Song Rak (a local belief); remove shoes; ask "
        "before touching or photographing Phi Ta Khon masks.",
        risks="- ทางเดินขึ้นพระธาตุมีขั้นบันไดชัน ผู้สูงอายุควรมีผู้ช่วย\n"
        "- อากาศร้อนช่วงกลางวัน ควรพกน้ำดื่ม\n"
        "- Steep steps up to the stupa; hot middays — bring water.",
    ),
    Briefing(
        subdistrict_ref("421007"),
        rules="- ปฏิบัติตามคำแนะนำของเจ้าหน้าที่อุทยานแห่งชาติภูกระดึง\n"
        "- นำขยะทุกชิ้นกลับลงมาด้วย ห้ามเก็บพืชหรือสัตว์\n"
        "- Follow the park rangers; carry all rubbish back down; take no plants or animals.",
        risks="- ทางเดินขึ้นภูชันและยาวประมาณ 5.5 กิโลเมตร ควรประเมินสุขภาพก่อนเดิน\n"
        "- อุทยานปิดการขึ้นภูช่วงฤดูฝน (ประมาณมิถุนายน–กันยายน)\n"
        "- กลางคืนฤดูหนาวอุณหภูมิต่ำมาก เตรียมเสื้อกันหนาว พกน้ำดื่มให้เพียงพอ\n"
        "- A steep 5.5 km climb; the trail closes in the rainy season; cold winter nights; "
        "bring enough water.",
    ),
    Briefing(
        subdistrict_ref("420701"),
        rules="- เคารพพื้นที่เกษตรของชาวบ้าน ไม่เข้าแปลงดอกไม้โดยไม่ได้รับอนุญาต\n"
        "- Respect farmers' plots; do not walk into flower fields without permission.",
        risks="- ถนนขึ้นเขาคดเคี้ยวและมีหมอกหนาในฤดูหนาว ขับขี่ช้า ๆ\n"
        "- Winding mountain roads with thick fog in the cool season: drive slowly.",
    ),
    Briefing(
        subdistrict_ref("420601"),
        rules="- แจ้งผู้นำชุมชนล่วงหน้าอย่างน้อย 3 วันก่อนพาคณะเข้าพื้นที่\n"
        "- Tell the community leader at least three days before bringing a group.",
        risks="- สัญญาณโทรศัพท์ไม่ทั่วถึง ฤดูฝนอาจมีดินสไลด์บนทางหลวง\n"
        "- Patchy mobile signal; landslides are possible on the highway in the rainy season.",
    ),
)


@dataclass(frozen=True)
class SampleIndividual:
    ref: str
    name_th: str
    name_en: str
    district_code: str
    subdistrict_code: str
    description: str


INDIVIDUALS: tuple[SampleIndividual, ...] = (
    SampleIndividual(
        "demo:individual:retired-teacher",
        "นายบุญมี แก้วมณี (ตัวอย่าง)",
        "Bunmi Kaewmanee (sample)",
        "4203",
        "420301",
        "ครูภาษาไทยเกษียณ สอนเด็กในเชียงคานมากว่า 30 ปี ชวนคนรุ่นใหม่บันทึกเรื่องเล่าริมโขง\n"
        "A retired Thai-language teacher who helps young people record Mekong stories.",
    ),
    SampleIndividual(
        "demo:individual:historian",
        "นางคำปุน ศรีวงศ์ (ตัวอย่าง)",
        "Khampun Sriwong (sample)",
        "4205",
        "420501",
        "นักประวัติศาสตร์ท้องถิ่นด่านซ้าย ศึกษาประเพณีผีตาโขนและพระธาตุศรีสองรัก\n"
        "A Dan Sai local historian of the Phi Ta Khon festival and Phra That Si Song Rak.",
    ),
    SampleIndividual(
        "demo:individual:cycling-guide",
        "นายธนากร ภูผา (ตัวอย่าง)",
        "Thanakorn Phupha (sample)",
        "4207",
        "420701",
        "นักปั่นจักรยานและไกด์ท้องถิ่นภูเรือ ช่วยวางเส้นทางปั่นเชื่อมชุมชน\n"
        "A cyclist and local guide in Phu Ruea who plans rides between communities.",
    ),
)


@dataclass(frozen=True)
class SamplePerson:
    """One person in a member's organisation chart; ``role`` set means a demo login."""

    email: str
    member_ref: str
    honorific: str
    given_name: str
    family_name: str
    position: str
    chart_order: int = 0
    role: str | None = None


def _email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


PEOPLE: tuple[SamplePerson, ...] = (
    SamplePerson(_email("admin"), NETWORK_REF, "นาย", "ผู้ดูแล", "ระบบ", "ผู้ดูแลระบบ", 9, "admin"),
    SamplePerson(_email("network.chair"), NETWORK_REF, "นาย", "วิชัย", "ศรีเลย", "ประธานเครือข่าย", 1),
    SamplePerson(
        _email("coordinator"),
        NETWORK_REF,
        "นางสาว",
        "พิมพ์ชนก",
        "ทองคำ",
        "ผู้ประสานงานเครือข่าย",
        2,
        "coordinator",
    ),
    SamplePerson(
        _email("mayor.loei"),
        district_ref("4201"),
        "นาย",
        "ประเสริฐ",
        "มั่นคง",
        "นายกเทศมนตรีเมืองเลย",
        1,
    ),
    SamplePerson(
        _email("host"), district_ref("4201"), "นาง", "วิไลวรรณ", "ใจงาม", "ปลัดเทศบาล", 2, "host"
    ),
    SamplePerson(
        _email("education.loei"),
        district_ref("4201"),
        "นางสาว",
        "อรุณี",
        "พรหมมา",
        "ผู้อำนวยการกองการศึกษา",
        3,
    ),
    SamplePerson(
        _email("mayor.chiangkhan"),
        district_ref("4203"),
        "นาย",
        "สมพงษ์",
        "ริมโขง",
        "นายกเทศมนตรีตำบลเชียงคาน",
        1,
    ),
    SamplePerson(
        _email("welfare.chiangkhan"),
        district_ref("4203"),
        "นาง",
        "จันทร์เพ็ญ",
        "บุญมา",
        "ผู้อำนวยการกองสวัสดิการสังคม",
        2,
    ),
    SamplePerson(
        _email("mayor.dansai"),
        district_ref("4205"),
        "นาย",
        "ทองใบ",
        "แสนด่าน",
        "นายกเทศมนตรีตำบลด่านซ้าย",
        1,
    ),
    SamplePerson(
        _email("clerk.dansai"), district_ref("4205"), "นาง", "สุภาพร", "คำภู", "ปลัดเทศบาล", 2
    ),
    SamplePerson(
        _email("chair.chiangkhan"),
        subdistrict_ref("420301"),
        "นาง",
        "บัวผัน",
        "ชมโขง",
        "ประธานชุมชน",
        1,
    ),
    SamplePerson(
        _email("headman.dansai"), subdistrict_ref("420501"), "นาย", "คำมี", "ศรีด่าน", "ผู้ใหญ่บ้าน", 1
    ),
    SamplePerson(
        _email("member"),
        "demo:individual:retired-teacher",
        "นาย",
        "บุญมี",
        "แก้วมณี",
        "ครูเกษียณ",
        1,
        "member",
    ),
)


@dataclass(frozen=True)
class SampleVenue:
    ref: str
    owner_ref: str
    name_th: str
    name_en: str
    subdistrict_code: str
    address: str
    capacity: int
    facilities: str
    is_exchange_centre: bool


VENUES: tuple[SampleVenue, ...] = (
    SampleVenue(
        "demo:venue:chiang-khan-centre",
        district_ref("4203"),
        "ศูนย์แลกเปลี่ยนเรียนรู้วิถีชุมชนริมโขงเชียงคาน (ตัวอย่าง)",
        "Chiang Khan Mekong Way of Life Learning Centre (sample)",
        "420301",
        "ถนนชายโขง ตำบลเชียงคาน อำเภอเชียงคาน จังหวัดเลย 42110",
        60,
        "ห้องประชุม 60 ที่นั่ง, โปรเจกเตอร์, ห้องน้ำ, ลานจอดรถ, จุดชมวิวแม่น้ำโขง\n"
        "Meeting room for 60, projector, toilets, parking, Mekong viewpoint.",
        True,
    ),
    SampleVenue(
        "demo:venue:dan-sai-centre",
        district_ref("4205"),
        "ศูนย์แลกเปลี่ยนเรียนรู้ประเพณีผีตาโขนด่านซ้าย (ตัวอย่าง)",
        "Dan Sai Phi Ta Khon Heritage Learning Centre (sample)",
        "420501",
        "ตำบลด่านซ้าย อำเภอด่านซ้าย จังหวัดเลย 42120",
        80,
        "ห้องจัดแสดงหน้ากากผีตาโขน, ลานกิจกรรมกลางแจ้ง, ห้องประชุม, ห้องน้ำ\n"
        "Phi Ta Khon mask gallery, outdoor yard, meeting room, toilets.",
        True,
    ),
    SampleVenue(
        "demo:venue:loei-hall",
        district_ref("4201"),
        "หอประชุมเทศบาลเมืองเลย (ตัวอย่าง)",
        "Loei Town Municipality Hall (sample)",
        "420101",
        "ตำบลกุดป่อง อำเภอเมืองเลย จังหวัดเลย 42000",
        300,
        "หอประชุม 300 ที่นั่ง, เครื่องเสียง, ห้องน้ำ, ลานจอดรถ, ทางลาดสำหรับรถเข็น\n"
        "Hall for 300, sound system, toilets, parking, wheelchair ramp.",
        False,
    ),
)
