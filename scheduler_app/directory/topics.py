"""The shared list of topics, seeded from the source article's kinds of network.

Coordinators edit the list (names, new topics, retiring one); these are only the
starting set the migration and the demo put in an empty table.
"""

from __future__ import annotations

import sqlalchemy as sa

from scheduler_app.directory.profile_models import Topic
from scheduler_app.extensions import db

# (code, Thai, English) — the article's §3.2 kinds of network, then the subjects it
# names as shared public services.
DEFAULT_TOPICS: tuple[tuple[str, str, str], ...] = (
    ("ideas", "เครือข่ายเชิงความคิด", "Ideas"),
    ("culture", "วัฒนธรรม", "Culture"),
    ("living_together", "การอยู่ร่วมกัน", "Living together"),
    ("management", "การบริหารจัดการองค์กร", "Organisational management"),
    ("community_ways", "วิถีชุมชน", "Community ways"),
    ("livelihood", "อาชีพและรายได้", "Occupations and income"),
    ("homestay", "ชุมชนต้นแบบ / โฮมสเตย์", "Model communities / homestays"),
    ("knowledge", "แลกเปลี่ยนความรู้", "Knowledge exchange"),
    ("economy", "เศรษฐกิจชุมชน", "Community economy"),
    ("education", "การศึกษา", "Education"),
    ("youth", "เด็กและเยาวชน", "Children and youth"),
    ("waste", "การจัดการขยะ / ธนาคารขยะ", "Waste management / waste banks"),
    ("disaster", "การป้องกันภัยพิบัติ", "Disaster prevention"),
    ("health", "สุขภาพ", "Health"),
    ("tourism", "การท่องเที่ยว", "Tourism"),
    ("law", "ความรู้กฎหมาย", "Law for citizens"),
    ("participation", "การมีส่วนร่วมของประชาชน", "Public participation"),
)


def ensure_default_topics() -> int:
    """Add the default topics that are missing (by code); returns how many were added."""
    known = set(db.session.execute(sa.select(Topic.code)).scalars())
    added = 0
    for code, name_th, name_en in DEFAULT_TOPICS:
        if code not in known:
            db.session.add(Topic(code=code, name_th=name_th, name_en=name_en, is_active=True))
            added += 1
    db.session.flush()
    return added
