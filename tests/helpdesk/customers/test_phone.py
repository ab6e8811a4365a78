"""Phone numbers are stored in E.164 whatever way they were typed; emails in lower case."""

import pytest

from helpdesk.customers.phone import (
    InvalidEmail,
    InvalidPhone,
    normalise_email,
    normalise_phone,
    phone_query,
)


@pytest.mark.parametrize(
    "typed",
    [
        "138 0013 8000",
        "+86 138-0013-8000",
        "8613800138000",
        "008613800138000",
        "13800138000",
        " (138) 0013.8000 ",
    ],
)
def test_a_chinese_mobile_number_typed_any_way_becomes_e164(typed):
    assert normalise_phone(typed) == "+8613800138000"


def test_a_landline_with_its_trunk_zero_becomes_e164():
    assert normalise_phone("010-6552 9988") == "+861065529988"


def test_a_number_with_another_country_code_keeps_it():
    assert normalise_phone("+1 650 253 0000") == "+16502530000"


def test_the_default_region_is_a_setting(settings):
    settings.PHONE_DEFAULT_REGION = "US"

    assert normalise_phone("(650) 253-0000") == "+16502530000"


@pytest.mark.parametrize("typed", ["", "   ", "12345", "1380013800", "not a number", "+86 1"])
def test_something_that_is_not_a_valid_number_is_refused(typed):
    with pytest.raises(InvalidPhone):
        normalise_phone(typed)


def test_an_email_is_trimmed_and_lower_cased():
    assert normalise_email("  Wang.Fang@Example.CN ") == "wang.fang@example.cn"


@pytest.mark.parametrize("typed", ["", "wang", "wang@", "@example.cn", "wang fang@example.cn"])
def test_something_that_is_not_an_email_is_refused(typed):
    with pytest.raises(InvalidEmail):
        normalise_email(typed)


def test_a_full_number_in_a_search_gives_its_e164_and_its_digits():
    query = phone_query("138 0013 8000")

    assert query.e164 == "+8613800138000"
    assert "13800138000" in query.fragments


def test_a_fragment_of_a_number_in_a_search_gives_digits_only():
    query = phone_query("8000")

    assert query.e164 is None
    assert query.fragments == ("8000",)


@pytest.mark.parametrize("term", ["Wang", "wang@example.cn", "123", "A-1234"])
def test_terms_that_do_not_look_like_numbers_are_not_phone_searches(term):
    assert phone_query(term) is None


def test_a_landline_in_a_search_is_found_without_its_trunk_zero():
    assert "75588889999" in phone_query("0755 8888 9999").fragments
    assert "7558888" in phone_query("0755 8888").fragments
