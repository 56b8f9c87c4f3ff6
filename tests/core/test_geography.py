import pytest

from scheduler_app.core.geography import great_circle_km, load_gazetteer, parse_gazetteer
from scheduler_app.i18n import GAZETTEER_PATH


def test_loei_gazetteer_has_every_district_and_subdistrict():
    gaz = load_gazetteer(str(GAZETTEER_PATH))
    assert gaz.province_code == "42"
    assert gaz.province_th == "เลย"
    assert len(gaz.districts) == 14
    assert len(gaz.all_subdistricts()) == 90
    mueang = gaz.district("4201")
    assert mueang is not None and mueang.name_en == "Mueang Loei"
    sub = gaz.subdistrict("420101")
    assert sub is not None and sub.district_code == "4201" and sub.name_th == "กุดป่อง"
    assert gaz.subdistrict("999999") is None
    assert gaz.district(None) is None


def test_bounds_contain_every_point():
    gaz = load_gazetteer(str(GAZETTEER_PATH))
    min_lat, min_lon, max_lat, max_lon = gaz.bounds()
    for s in gaz.all_subdistricts():
        assert min_lat <= s.lat <= max_lat and min_lon <= s.lon <= max_lon


def test_great_circle_distance_known_values():
    assert great_circle_km(17.0, 101.0, 17.0, 101.0) == 0
    # One degree of latitude is about 111.2 km.
    assert great_circle_km(17.0, 101.0, 18.0, 101.0) == pytest.approx(111.2, abs=0.2)
    # Loei town to Chiang Khan is roughly 45-50 km as the crow flies.
    assert 40 < great_circle_km(17.486, 101.722, 17.897, 101.664) < 50


def test_parse_gazetteer_minimal_structure():
    gaz = parse_gazetteer(
        {
            "province": {"code": "42", "name_th": "เลย", "name_en": "Loei"},
            "districts": [
                {
                    "code": "4201",
                    "name_th": "เมืองเลย",
                    "name_en": "Mueang Loei",
                    "subdistricts": [
                        {"code": "420101", "name_th": "ก", "name_en": "K", "lat": 1, "lon": 2}
                    ],
                }
            ],
        }
    )
    assert gaz.subdistrict("420101").postcode == ""
