import re
from pathlib import Path

from openjxc.entrypoints.messages import MESSAGES, render

SOURCE = Path(__file__).parents[2] / "src" / "openjxc"


def test_both_languages_have_the_same_codes() -> None:
    assert set(MESSAGES["zh-CN"]) == set(MESSAGES["en"])


def test_each_language_uses_the_same_parameters_per_code() -> None:
    for code, zh in MESSAGES["zh-CN"].items():
        assert set(re.findall(r"{(\w+)}", zh)) == set(
            re.findall(r"{(\w+)}", MESSAGES["en"][code])
        ), code


def test_every_error_code_raised_in_the_code_has_a_message() -> None:
    pattern = re.compile(
        r'(?:ValidationError|Conflict|Unauthenticated|TooManyAttempts|DomainError|InsufficientStock)\(\s*"(\w+)"'
    )
    raised = {m for path in SOURCE.rglob("*.py") for m in pattern.findall(path.read_text())}
    assert raised, "the pattern found no raise at all"
    assert raised - set(MESSAGES["zh-CN"]) == set()


def test_field_names_are_translated_into_chinese() -> None:
    assert render("required", {"field": "username"}, "zh-CN") == "用户名不能为空"
    assert render("required", {"field": "username"}, "en") == "username is required"
