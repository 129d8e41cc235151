from briefgen import countries


def test_alpha3_codes_map_to_region_codes():
    assert countries.from_alpha3("JPN") == "JP"
    assert countries.from_alpha3("gbr") == "GB"
    assert countries.from_alpha3("XYZ") is None


def test_names_in_english_and_thai():
    assert countries.region_name("GB", "en") == "United Kingdom"
    assert countries.region_name("gb", "th") == "สหราชอาณาจักร"
    assert countries.region_name("ZZ", "en") is None


def test_names_lead_back_to_codes():
    assert countries.code_for_name("japan") == "JP"
    assert countries.code_for_name(" ญี่ปุ่น ") == "JP"
    assert countries.code_for_name("Atlantis") is None
    assert countries.is_region("no") and not countries.is_region("001")
