"""Cell values as analysts write them: dates with their precision, messy money, yes/no."""

from __future__ import annotations

import pytest

from db.errors import InvalidValueError
from db.importing.values import (
    excel_serial_date,
    parse_flag,
    parse_import_date,
    parse_import_money,
    parse_number,
)


@pytest.mark.parametrize("text, start, end, precision, uncertain", [
    ("2014", "2014-01-01", "2014-12-31", "year", False),
    ("2015?", "2015-01-01", "2015-12-31", "year", True),
    ("c. 2015", "2015-01-01", "2015-12-31", "year", True),
    ("June 2016", "2016-06-01", "2016-06-30", "month", False),
    ("Jun. 2016", "2016-06-01", "2016-06-30", "month", False),
    ("06/2016", "2016-06-01", "2016-06-30", "month", False),
    ("2016-06", "2016-06-01", "2016-06-30", "month", False),
    ("Q1 2016", "2016-01-01", "2016-03-31", "quarter", False),
    ("2016-Q2", "2016-04-01", "2016-06-30", "quarter", False),
    ("2014-2016", "2014-01-01", "2016-12-31", "range", False),
    ("2016-07-12", "2016-07-12", "2016-07-12", "day", False),
    ("12 July 2016", "2016-07-12", "2016-07-12", "day", False),
    ("July 12, 2016", "2016-07-12", "2016-07-12", "day", False),
    ("13/04/2016", "2016-04-13", "2016-04-13", "day", False),
    ("2016/04/03", "2016-04-03", "2016-04-03", "day", False),
    ("2009-09-25 00:00:00", "2009-09-25", "2009-09-25", "day", False),  # a workbook date cell
    ("42522", "2016-06-01", "2016-06-01", "day", False),  # an Excel serial number
    ("42522.75", "2016-06-01", "2016-06-01", "day", False),  # with a time of day
    (" 2014 ", "2014-01-01", "2014-12-31", "year", False),
    ("2014.0", "2014-01-01", "2014-12-31", "year", False),  # a year in a number cell
])
def test_dates_keep_the_precision_of_their_words(text, start, end, precision, uncertain):
    parsed = parse_import_date(text)
    assert (parsed.interval.start_iso, parsed.interval.end_iso, parsed.interval.precision,
            parsed.uncertain) == (start, end, precision, uncertain)


@pytest.mark.parametrize("text", ["", "  ", "n/a", "N/A", "-", "unknown", "?", None])
def test_blank_dates(text):
    assert parse_import_date(text) is None


@pytest.mark.parametrize("text, message", [
    ("03/04/2016", "ambiguous date '03/04/2016'.*write 2016-04-03 or 2016-03-04"),
    ("next spring", "cannot read date 'next spring'"),
    ("2016-02-30", "not a real date"),
    ("June", "cannot read date 'June'"),  # a month without a year is never given one
])
def test_unreadable_dates_say_why(text, message):
    with pytest.raises(InvalidValueError, match=message):
        parse_import_date(text)


@pytest.mark.parametrize("serial, day", [
    (1, "1899-12-31"), (61, "1900-03-01"), (36526, "2000-01-01"), (42522, "2016-06-01")])
def test_excel_serial_numbers(serial, day):
    assert excel_serial_date(serial).isoformat() == day


@pytest.mark.parametrize("text, options, amount, currency, usd", [
    ("$1,740 ", {}, 1740.0, "USD", 1740.0),
    ("$1.2bn", {}, 1.2e9, "USD", 1.2e9),
    ("US$ 400 million", {}, 4e8, "USD", 4e8),
    ("about $15 billion", {}, 1.5e10, "USD", 1.5e10),
    ("¥3 bn", {}, 3e9, "CNY", None),
    ("€5m", {}, 5e6, "EUR", None),
    ("1,740", {"unit": "millions"}, 1.74e9, "USD", 1.74e9),
    ("$1.2bn", {"unit": "millions"}, 1.2e9, "USD", 1.2e9),  # the cell's own scale wins
    ("2000000000", {"currency": "CNY"}, 2e9, "CNY", None),
    ("350", {"unit": "thousands", "currency": "usd"}, 3.5e5, "USD", 3.5e5),
])
def test_money_as_written(text, options, amount, currency, usd):
    money = parse_import_money(text, **options)
    assert (money.amount, money.currency, money.usd) == (amount, currency, usd)


def test_other_currencies_are_kept_not_converted():
    money = parse_import_money("¥3 bn")
    assert money.note == ("CNY 3,000,000,000; not converted to US dollars (Roadbook keeps "
                          "other currencies as written)")


@pytest.mark.parametrize("text", ["", "n/a", "NA", "—", None])
def test_blank_money(text):
    assert parse_import_money(text) is None


@pytest.mark.parametrize("text, message", [
    ("1.2bn-1.5bn", "'1.2bn-1.5bn' is not one sum of money"),
    ("-5", "'-5' is not one sum of money"),
    ("lots", "'lots' is not one sum of money"),
])
def test_unreadable_money(text, message):
    with pytest.raises(InvalidValueError, match=message):
        parse_import_money(text)


def test_a_currency_that_is_no_code():
    with pytest.raises(InvalidValueError, match="'dollarz' is not a currency"):
        parse_import_money("5", currency="dollarz")


@pytest.mark.parametrize("text, number", [("396886330.8", 396886330.8), ("1,740", 1740.0),
                                          (" ", None), ("$12", 12.0)])
def test_plain_numbers(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize("text, message", [("1e999", "too large"), ("inf", "too large"),
                                           ("-Infinity", "too large"), ("nan", "not a number")])
def test_numbers_no_sum_can_be(text, message):
    with pytest.raises(InvalidValueError, match=message):
        parse_number(text)


def test_a_sum_too_large_for_a_number_is_refused():
    with pytest.raises(InvalidValueError, match="too large"):
        parse_import_money("$" + "9" * 400 + " bn")


@pytest.mark.parametrize("text, flag", [("True", True), ("yes", True), ("1", True), ("x", True),
                                        ("False", False), ("no", False), ("0", False),
                                        ("", False)])
def test_flags(text, flag):
    assert parse_flag(text) is flag


def test_a_flag_that_is_neither():
    with pytest.raises(InvalidValueError, match="'maybe' is not yes or no"):
        parse_flag("maybe")
