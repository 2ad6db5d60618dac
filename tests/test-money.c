/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "reji-money.h"
#include "reji-test-utils.h"
#include "reji-text.h"

typedef struct
{
  const char *text;
  const char *currency;
  gint64      expected;
} AcceptedAmount;

typedef struct
{
  const char     *text;
  const char     *currency;
  RejiMoneyError  expected;
} RejectedAmount;

typedef struct
{
  gint64      minor_units;
  const char *currency;
  const char *expected;
} FormattedAmount;

static const AcceptedAmount accepted_amounts[] = {
  { "1000", "JPY", 1000 },
  { "1,000", "JPY", 1000 },
  { "１，０００", "JPY", 1000 },
  { "¥1,000", "JPY", 1000 },
  { "￥1,000", "JPY", 1000 },
  { "￥１０００", "JPY", 1000 },
  { "¥ 1000", "JPY", 1000 },
  { "  500  ", "JPY", 500 },
  { "\u3000１２００\u3000", "JPY", 1200 },
  { "1,000,000", "JPY", 1000000 },
  { "0001000", "JPY", 1000 },
  { "0000000000000000000000000000000000000001", "JPY", 1 },
  { "2147483647", "JPY", 2147483647 },
  { "2,147,483,647", "JPY", 2147483647 },
  { "₩50,000", "KRW", 50000 },
  { "50000", "VND", 50000 },
  { "12.34", "USD", 1234 },
  { "12.3", "USD", 1230 },
  { "12", "USD", 1200 },
  { "$12.34", "USD", 1234 },
  { "１２．３４", "USD", 1234 },
  { "1,000,000.50", "USD", 100000050 },
  { "21,474,836.47", "USD", 2147483647 },
  { "0.10", "EUR", 10 },
  { "€0.10", "EUR", 10 },
  { "0.01", "EUR", 1 },
  { "CHF 12.34", "CHF", 1234 },
  { "CHF12.34", "CHF", 1234 },
  { "NT$100", "TWD", 10000 },
  { "Rp 15,000", "IDR", 1500000 },
};

static const RejectedAmount rejected_amounts[] = {
  { "", "JPY", REJI_MONEY_ERROR_EMPTY },
  { "   ", "JPY", REJI_MONEY_ERROR_EMPTY },
  { "\u3000", "JPY", REJI_MONEY_ERROR_EMPTY },
  { "¥", "JPY", REJI_MONEY_ERROR_EMPTY },
  { "$ ", "USD", REJI_MONEY_ERROR_EMPTY },

  { "abc", "JPY", REJI_MONEY_ERROR_INVALID },
  { "12a", "JPY", REJI_MONEY_ERROR_INVALID },
  { "1e3", "JPY", REJI_MONEY_ERROR_INVALID },
  { "+100", "JPY", REJI_MONEY_ERROR_INVALID },
  { "1 000", "JPY", REJI_MONEY_ERROR_INVALID },
  { "1,00", "JPY", REJI_MONEY_ERROR_INVALID },
  { "10,00", "JPY", REJI_MONEY_ERROR_INVALID },
  { "1,0000", "JPY", REJI_MONEY_ERROR_INVALID },
  { "1000,000", "JPY", REJI_MONEY_ERROR_INVALID },
  { "1,000,00", "JPY", REJI_MONEY_ERROR_INVALID },
  { ",100", "JPY", REJI_MONEY_ERROR_INVALID },
  { "1,000,", "JPY", REJI_MONEY_ERROR_INVALID },
  { "1,,000", "JPY", REJI_MONEY_ERROR_INVALID },
  { "1.2.3", "USD", REJI_MONEY_ERROR_INVALID },
  { "12..3", "USD", REJI_MONEY_ERROR_INVALID },
  { ".5", "USD", REJI_MONEY_ERROR_INVALID },
  { "12.", "USD", REJI_MONEY_ERROR_INVALID },
  { "12.3,4", "USD", REJI_MONEY_ERROR_INVALID },
  { "12.3a", "USD", REJI_MONEY_ERROR_INVALID },
  { "$$12", "USD", REJI_MONEY_ERROR_INVALID },
  { "€12", "USD", REJI_MONEY_ERROR_INVALID },
  { "1000 JPY", "JPY", REJI_MONEY_ERROR_INVALID },
  { "\xff" "100", "JPY", REJI_MONEY_ERROR_INVALID },
  { ".5", "JPY", REJI_MONEY_ERROR_INVALID },

  { "-100", "JPY", REJI_MONEY_ERROR_NEGATIVE },
  { "−100", "JPY", REJI_MONEY_ERROR_NEGATIVE },
  { "ー100", "JPY", REJI_MONEY_ERROR_NEGATIVE },
  { "-¥500", "JPY", REJI_MONEY_ERROR_NEGATIVE },
  { "¥-500", "JPY", REJI_MONEY_ERROR_NEGATIVE },
  { "-12.34", "USD", REJI_MONEY_ERROR_NEGATIVE },

  { "0", "JPY", REJI_MONEY_ERROR_ZERO },
  { "000", "JPY", REJI_MONEY_ERROR_ZERO },
  { "¥0", "JPY", REJI_MONEY_ERROR_ZERO },
  { "0.00", "USD", REJI_MONEY_ERROR_ZERO },
  { "0.0", "EUR", REJI_MONEY_ERROR_ZERO },

  { "1000.0", "JPY", REJI_MONEY_ERROR_FRACTION_NOT_ALLOWED },
  { "1000.5", "JPY", REJI_MONEY_ERROR_FRACTION_NOT_ALLOWED },
  { "1,000.00", "JPY", REJI_MONEY_ERROR_FRACTION_NOT_ALLOWED },
  { "１０００．０", "JPY", REJI_MONEY_ERROR_FRACTION_NOT_ALLOWED },
  { "50000.00", "KRW", REJI_MONEY_ERROR_FRACTION_NOT_ALLOWED },
  { "1.5", "VND", REJI_MONEY_ERROR_FRACTION_NOT_ALLOWED },

  { "12.345", "USD", REJI_MONEY_ERROR_TOO_MANY_DECIMALS },
  { "0.100", "EUR", REJI_MONEY_ERROR_TOO_MANY_DECIMALS },
  { "12.340", "USD", REJI_MONEY_ERROR_TOO_MANY_DECIMALS },

  { "2147483648", "JPY", REJI_MONEY_ERROR_OVERFLOW },
  { "2,147,483,648", "JPY", REJI_MONEY_ERROR_OVERFLOW },
  { "21,474,836.48", "USD", REJI_MONEY_ERROR_OVERFLOW },
  { "21474837", "USD", REJI_MONEY_ERROR_OVERFLOW },
  { "9223372036854775808", "JPY", REJI_MONEY_ERROR_OVERFLOW },
  { "1234567890123456789012345678901234567890", "JPY", REJI_MONEY_ERROR_OVERFLOW },
  { "1234567890123456789012345678901234567890.12", "USD", REJI_MONEY_ERROR_OVERFLOW },

  { "100", "XYZ", REJI_MONEY_ERROR_UNKNOWN_CURRENCY },
  { "100", "jpy", REJI_MONEY_ERROR_UNKNOWN_CURRENCY },
  { "100", "", REJI_MONEY_ERROR_UNKNOWN_CURRENCY },
  { "", "XYZ", REJI_MONEY_ERROR_UNKNOWN_CURRENCY },
};

static const FormattedAmount formatted_amounts[] = {
  { 1000, "JPY", "¥1,000" },
  { 0, "JPY", "¥0" },
  { 999, "JPY", "¥999" },
  { 1234567, "JPY", "¥1,234,567" },
  { 2147483647, "JPY", "¥2,147,483,647" },
  { -500, "JPY", "-¥500" },
  { 1234, "USD", "$12.34" },
  { 5, "USD", "$0.05" },
  { 0, "USD", "$0.00" },
  { 100000050, "USD", "$1,000,000.50" },
  { -1234, "USD", "-$12.34" },
  { 10, "EUR", "€0.10" },
  { 50000, "KRW", "₩50,000" },
  { 1234, "CHF", "CHF 12.34" },
  { -1234, "CHF", "-CHF 12.34" },
  { 1234, "TWD", "NT$12.34" },
  { 1500000, "IDR", "Rp 15,000.00" },
  { 999, "GBP", "£9.99" },
  { 25000, "VND", "₫25,000" },
  { G_MININT64, "JPY", "-¥9,223,372,036,854,775,808" },
  { G_MAXINT64, "USD", "$92,233,720,368,547,758.07" },
  { 1234, "XYZ", "1234 XYZ" },
  { -1234, "XYZ", "-1234 XYZ" },
};

static void
test_money_parse_accepted (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (accepted_amounts); i++)
    {
      const AcceptedAmount *row = &accepted_amounts[i];
      g_autoptr(GError) error = NULL;
      gint64 minor_units = -1;
      gboolean parsed;

      g_test_message ("Parsing “%s” in %s", row->text, row->currency);
      parsed = reji_money_parse (row->text, row->currency, &minor_units, &error);

      g_assert_no_error (error);
      g_assert_true (parsed);
      g_assert_cmpint (minor_units, ==, row->expected);
    }
}

static void
test_money_parse_rejected (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rejected_amounts); i++)
    {
      const RejectedAmount *row = &rejected_amounts[i];
      g_autoptr(GError) error = NULL;
      gint64 minor_units = -1;
      gboolean parsed;

      g_test_message ("Parsing “%s” in %s", row->text, row->currency);
      parsed = reji_money_parse (row->text, row->currency, &minor_units, &error);

      g_assert_false (parsed);
      g_assert_error (error, REJI_MONEY_ERROR, (gint) row->expected);
      g_assert_cmpuint (strlen (error->message), >, 0);
    }
}

/* Formatting every accepted currency and parsing the result again must
 * give back the same amount, symbol included. */
static void
test_money_format_round_trip (void)
{
  const RejiCurrency *currencies;
  guint n_currencies = 0;

  currencies = reji_currency_get_all (&n_currencies);
  for (guint i = 0; i < n_currencies; i++)
    {
      g_autofree char *formatted = reji_money_format (123456789, currencies[i].code);
      g_autoptr(GError) error = NULL;
      gint64 minor_units = -1;
      gboolean parsed;

      g_test_message ("Parsing “%s” in %s", formatted, currencies[i].code);
      parsed = reji_money_parse (formatted, currencies[i].code, &minor_units, &error);

      g_assert_no_error (error);
      g_assert_true (parsed);
      g_assert_cmpint (minor_units, ==, 123456789);
    }
}

static void
test_money_format (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (formatted_amounts); i++)
    {
      const FormattedAmount *row = &formatted_amounts[i];
      g_autofree char *formatted = reji_money_format (row->minor_units, row->currency);

      g_assert_cmpstr (formatted, ==, row->expected);
    }
}

static void
test_money_format_without_currency (void)
{
  g_autofree char *formatted = reji_money_format (1234, NULL);

  g_assert_cmpstr (formatted, ==, "1234");
}

static void
test_money_currency_table (void)
{
  static const struct
  {
    const char *code;
    guint       exponent;
  } expected[] = {
    { "JPY", 0 }, { "USD", 2 }, { "EUR", 2 }, { "TWD", 2 }, { "KRW", 0 },
    { "PLN", 2 }, { "GBP", 2 }, { "HKD", 2 }, { "SGD", 2 }, { "NZD", 2 },
    { "AUD", 2 }, { "IDR", 2 }, { "MYR", 2 }, { "PHP", 2 }, { "THB", 2 },
    { "CNY", 2 }, { "BRL", 2 }, { "CHF", 2 }, { "CAD", 2 }, { "VND", 0 },
  };
  const RejiCurrency *all;
  guint n_currencies = 0;

  all = reji_currency_get_all (&n_currencies);
  g_assert_nonnull (all);
  g_assert_cmpuint (n_currencies, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const RejiCurrency *currency = reji_currency_lookup (expected[i].code);

      g_test_message ("Looking up %s", expected[i].code);
      g_assert_nonnull (currency);
      g_assert_cmpstr (currency->code, ==, expected[i].code);
      g_assert_cmpuint (currency->exponent, ==, expected[i].exponent);
      g_assert_nonnull (currency->symbol);
      g_assert_cmpuint (strlen (currency->symbol), >, 0);
      g_assert_cmpstr (all[i].code, ==, expected[i].code);
    }
}

static void
test_money_currency_lookup_unknown (void)
{
  g_assert_null (reji_currency_lookup ("jpy"));
  g_assert_null (reji_currency_lookup ("XYZ"));
  g_assert_null (reji_currency_lookup (""));
  g_assert_null (reji_currency_lookup ("JPYX"));
  g_assert_null (reji_currency_lookup (NULL));
}

static void
test_money_get_all_without_count (void)
{
  const RejiCurrency *all = reji_currency_get_all (NULL);

  g_assert_nonnull (all);
  g_assert_cmpstr (all[0].code, ==, "JPY");
}

static void
test_text_fold_width (void)
{
  static const struct
  {
    const char *text;
    const char *expected;
  } cases[] = {
    { "１２３４５６７８９０", "1234567890" },
    { "１，０００．５０", "1,000.50" },
    { "１２／２８", "12/28" },
    { "a\u3000b", "a b" },
    { "－", "-" },
    { "ー", "-" },
    { "−", "-" },
    { "‐", "-" },
    { "‑", "-" },
    { "–", "-" },
    { "—", "-" },
    { "ｰ", "-" },
    { "4111ー1111", "4111-1111" },
    { "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "taro@example.com" },
    { "￥", "¥" },
    { "plain ASCII", "plain ASCII" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = reji_text_fold_width (cases[i].text);

      g_assert_cmpstr (folded, ==, cases[i].expected);
    }
}

static void
test_text_fold_width_invalid_utf8 (void)
{
  g_autofree char *folded = reji_text_fold_width ("12\xff");

  g_assert_null (folded);
}

int
main (int   argc,
      char *argv[])
{
  reji_test_init (&argc, &argv);

  g_test_add_func ("/reji/money/parse-accepted", test_money_parse_accepted);
  g_test_add_func ("/reji/money/parse-rejected", test_money_parse_rejected);
  g_test_add_func ("/reji/money/format", test_money_format);
  g_test_add_func ("/reji/money/format-without-currency", test_money_format_without_currency);
  g_test_add_func ("/reji/money/format-round-trip", test_money_format_round_trip);
  g_test_add_func ("/reji/money/currency-table", test_money_currency_table);
  g_test_add_func ("/reji/money/currency-lookup-unknown", test_money_currency_lookup_unknown);
  g_test_add_func ("/reji/money/get-all-without-count", test_money_get_all_without_count);
  g_test_add_func ("/reji/text/fold-width", test_text_fold_width);
  g_test_add_func ("/reji/text/fold-width-invalid-utf8", test_text_fold_width_invalid_utf8);

  return g_test_run ();
}
