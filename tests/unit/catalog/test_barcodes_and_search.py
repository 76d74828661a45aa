from openjxc.domain.catalog.barcodes import ean13_check_digit, is_ean13
from openjxc.domain.shared.pinyin import initials
from openjxc.services.demo_catalog import PRODUCTS


def test_ean13_check_digits_match_known_codes() -> None:
    assert ean13_check_digit("400638133393") == "1"
    assert is_ean13("4006381333931")
    assert not is_ean13("4006381333932")
    assert not is_ean13("400638133393")


def test_every_demo_barcode_is_a_valid_ean13() -> None:
    codes = [b for p in PRODUCTS for b in p.barcodes] + [
        u.barcode for p in PRODUCTS for u in p.units if u.barcode
    ]
    assert len(codes) >= 10
    assert all(is_ean13(code) for code in codes), [c for c in codes if not is_ean13(c)]


def test_pinyin_initials_keep_letters_and_digits_and_drop_punctuation() -> None:
    assert initials("淡奶油") == "dny"
    assert initials("6寸草莓蛋糕") == "6ccmdg"
    assert initials("吐司（切片）") == "tsqp"
    assert initials("ABC面粉") == "abcmf"
