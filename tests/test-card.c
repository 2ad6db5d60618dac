/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "reji-card.h"
#include "reji-test-utils.h"

typedef struct
{
  const char    *text;
  RejiCardError  expected;
} RejectedText;

typedef struct
{
  const char    *digits;
  RejiCardBrand  expected;
} BrandCase;

/* Returns @prefix padded with zeros to @length - 1 digits, followed by
 * the Luhn check digit, so that only the length and brand of the result
 * can make it fail. */
static char *
make_card_number (const char *prefix,
                  gsize       length)
{
  GString *number = g_string_new (prefix);

  g_assert_cmpuint (number->len, <, length);
  while (number->len < length - 1)
    g_string_append_c (number, '0');

  for (char check = '0'; check <= '9'; check++)
    {
      g_string_append_c (number, check);
      if (reji_card_luhn_valid (number->str))
        return g_string_free (number, FALSE);
      g_string_truncate (number, length - 1);
    }

  g_assert_not_reached ();
}

/* Asserts that @error has @code and that its message starts by naming
 * the field, as "Card number: …". main() runs the tests in the C locale,
 * so messages are in English. */
static void
assert_card_error (const GError  *error,
                   RejiCardError  code)
{
  const char *field;

  switch (code)
    {
    case REJI_CARD_ERROR_NUMBER_EMPTY:
    case REJI_CARD_ERROR_NUMBER_INVALID:
    case REJI_CARD_ERROR_NUMBER_LENGTH:
    case REJI_CARD_ERROR_NUMBER_CHECKSUM:
    case REJI_CARD_ERROR_NUMBER_BRAND:
      field = "Card number: ";
      break;
    case REJI_CARD_ERROR_EXPIRY_EMPTY:
    case REJI_CARD_ERROR_EXPIRY_INVALID:
    case REJI_CARD_ERROR_EXPIRED:
      field = "Expiry date: ";
      break;
    case REJI_CARD_ERROR_SECURITY_CODE_EMPTY:
    case REJI_CARD_ERROR_SECURITY_CODE_INVALID:
      field = "Security code: ";
      break;
    case REJI_CARD_ERROR_NAME_EMPTY:
      field = "Cardholder name: ";
      break;
    case REJI_CARD_ERROR_EMAIL_INVALID:
      field = "E-mail address: ";
      break;
    default:
      g_assert_not_reached ();
    }

  g_assert_error (error, REJI_CARD_ERROR, (gint) code);
  g_test_message ("Message: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, field));
}

static void
test_card_normalize_number (void)
{
  static const struct
  {
    const char *text;
    const char *expected;
  } cases[] = {
    { "4111111111111111", "4111111111111111" },
    { "4111 1111 1111 1111", "4111111111111111" },
    { "4111-1111-1111-1111", "4111111111111111" },
    { " 4111 1111 1111 1111 ", "4111111111111111" },
    { "４１１１　１１１１　１１１１　１１１１", "4111111111111111" },
    { "４１１１－１１１１－１１１１－１１１１", "4111111111111111" },
    { "4111ー1111ー1111ー1111", "4111111111111111" },
    { "4111−1111‐1111–1111", "4111111111111111" },
    { "4111ｰ1111—1111‑1111", "4111111111111111" },
    { "0", "0" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *digits = NULL;

      g_test_message ("Normalizing “%s”", cases[i].text);
      digits = reji_card_normalize_number (cases[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (digits, ==, cases[i].expected);
    }
}

static void
test_card_normalize_number_rejected (void)
{
  static const RejectedText cases[] = {
    { "", REJI_CARD_ERROR_NUMBER_EMPTY },
    { "   ", REJI_CARD_ERROR_NUMBER_EMPTY },
    { "\u3000", REJI_CARD_ERROR_NUMBER_EMPTY },
    { "- -", REJI_CARD_ERROR_NUMBER_EMPTY },
    { "4111a111", REJI_CARD_ERROR_NUMBER_INVALID },
    { "4111.1111", REJI_CARD_ERROR_NUMBER_INVALID },
    { "4111/1111", REJI_CARD_ERROR_NUMBER_INVALID },
    { "4111_1111", REJI_CARD_ERROR_NUMBER_INVALID },
    { "4111\t1111", REJI_CARD_ERROR_NUMBER_INVALID },
    { "abcd", REJI_CARD_ERROR_NUMBER_INVALID },
    { "4111\xff", REJI_CARD_ERROR_NUMBER_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *digits = NULL;

      g_test_message ("Normalizing “%s”", cases[i].text);
      digits = reji_card_normalize_number (cases[i].text, &error);

      g_assert_null (digits);
      assert_card_error (error, cases[i].expected);
    }
}

static void
test_card_luhn (void)
{
  static const struct
  {
    const char *digits;
    gboolean    expected;
  } cases[] = {
    { "4111111111111111", TRUE },
    { "4111111111111112", FALSE },
    { "79927398713", TRUE },
    { "79927398710", FALSE },
    { "378282246310005", TRUE },
    { "378282246310006", FALSE },
    { "0", TRUE },
    { "", FALSE },
    { "4111 1111 1111 1111", FALSE },
    { "12a4", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("Checking “%s”", cases[i].digits);
      g_assert_cmpint (reji_card_luhn_valid (cases[i].digits), ==, cases[i].expected);
    }
}

static void
test_card_brand_from_number (void)
{
  static const BrandCase cases[] = {
    { "", REJI_CARD_BRAND_UNKNOWN },
    { "0", REJI_CARD_BRAND_UNKNOWN },
    { "1", REJI_CARD_BRAND_UNKNOWN },
    { "9", REJI_CARD_BRAND_UNKNOWN },

    { "4", REJI_CARD_BRAND_VISA },
    { "4111111111111111", REJI_CARD_BRAND_VISA },

    { "2", REJI_CARD_BRAND_UNKNOWN },
    { "22", REJI_CARD_BRAND_UNKNOWN },
    { "222", REJI_CARD_BRAND_UNKNOWN },
    { "2220", REJI_CARD_BRAND_UNKNOWN },
    { "2221", REJI_CARD_BRAND_MASTERCARD },
    { "23", REJI_CARD_BRAND_MASTERCARD },
    { "26", REJI_CARD_BRAND_MASTERCARD },
    { "27", REJI_CARD_BRAND_UNKNOWN },
    { "2720", REJI_CARD_BRAND_MASTERCARD },
    { "2721", REJI_CARD_BRAND_UNKNOWN },
    { "5", REJI_CARD_BRAND_UNKNOWN },
    { "50", REJI_CARD_BRAND_UNKNOWN },
    { "51", REJI_CARD_BRAND_MASTERCARD },
    { "55", REJI_CARD_BRAND_MASTERCARD },
    { "56", REJI_CARD_BRAND_UNKNOWN },

    { "35", REJI_CARD_BRAND_UNKNOWN },
    { "352", REJI_CARD_BRAND_UNKNOWN },
    { "3527", REJI_CARD_BRAND_UNKNOWN },
    { "3528", REJI_CARD_BRAND_JCB },
    { "353", REJI_CARD_BRAND_JCB },
    { "3589", REJI_CARD_BRAND_JCB },
    { "3590", REJI_CARD_BRAND_UNKNOWN },

    { "3", REJI_CARD_BRAND_UNKNOWN },
    { "33", REJI_CARD_BRAND_UNKNOWN },
    { "34", REJI_CARD_BRAND_AMERICAN_EXPRESS },
    { "37", REJI_CARD_BRAND_AMERICAN_EXPRESS },

    { "30", REJI_CARD_BRAND_UNKNOWN },
    { "300", REJI_CARD_BRAND_DINERS_CLUB },
    { "305", REJI_CARD_BRAND_DINERS_CLUB },
    { "306", REJI_CARD_BRAND_UNKNOWN },
    { "309", REJI_CARD_BRAND_UNKNOWN },
    { "36", REJI_CARD_BRAND_DINERS_CLUB },
    { "38", REJI_CARD_BRAND_DINERS_CLUB },
    { "39", REJI_CARD_BRAND_DINERS_CLUB },

    { "6", REJI_CARD_BRAND_UNKNOWN },
    { "60", REJI_CARD_BRAND_UNKNOWN },
    { "6010", REJI_CARD_BRAND_UNKNOWN },
    { "6011", REJI_CARD_BRAND_DISCOVER },
    { "6012", REJI_CARD_BRAND_UNKNOWN },
    { "64", REJI_CARD_BRAND_UNKNOWN },
    { "643", REJI_CARD_BRAND_UNKNOWN },
    { "644", REJI_CARD_BRAND_DISCOVER },
    { "649", REJI_CARD_BRAND_DISCOVER },
    { "65", REJI_CARD_BRAND_DISCOVER },
    { "62", REJI_CARD_BRAND_UNIONPAY },
    { "6212345678901232", REJI_CARD_BRAND_UNIONPAY },
    { "63", REJI_CARD_BRAND_UNKNOWN },
    { "66", REJI_CARD_BRAND_UNKNOWN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("Finding the brand of “%s”", cases[i].digits);
      g_assert_cmpint (reji_card_brand_from_number (cases[i].digits), ==, cases[i].expected);
    }
}

static void
test_card_brand_names (void)
{
  g_assert_cmpstr (reji_card_brand_get_name (REJI_CARD_BRAND_VISA), ==, "Visa");
  g_assert_cmpstr (reji_card_brand_get_name (REJI_CARD_BRAND_MASTERCARD), ==, "Mastercard");
  g_assert_cmpstr (reji_card_brand_get_name (REJI_CARD_BRAND_JCB), ==, "JCB");
  g_assert_cmpstr (reji_card_brand_get_name (REJI_CARD_BRAND_AMERICAN_EXPRESS), ==, "American Express");
  g_assert_cmpstr (reji_card_brand_get_name (REJI_CARD_BRAND_DINERS_CLUB), ==, "Diners Club");
  g_assert_cmpstr (reji_card_brand_get_name (REJI_CARD_BRAND_DISCOVER), ==, "Discover");
  g_assert_cmpstr (reji_card_brand_get_name (REJI_CARD_BRAND_UNIONPAY), ==, "UnionPay");
  g_assert_nonnull (reji_card_brand_get_name (REJI_CARD_BRAND_UNKNOWN));
}

static void
test_card_security_code_length (void)
{
  g_assert_cmpuint (reji_card_brand_get_security_code_length (REJI_CARD_BRAND_AMERICAN_EXPRESS), ==, 4);
  g_assert_cmpuint (reji_card_brand_get_security_code_length (REJI_CARD_BRAND_VISA), ==, 3);
  g_assert_cmpuint (reji_card_brand_get_security_code_length (REJI_CARD_BRAND_MASTERCARD), ==, 3);
  g_assert_cmpuint (reji_card_brand_get_security_code_length (REJI_CARD_BRAND_JCB), ==, 3);
  g_assert_cmpuint (reji_card_brand_get_security_code_length (REJI_CARD_BRAND_DINERS_CLUB), ==, 3);
  g_assert_cmpuint (reji_card_brand_get_security_code_length (REJI_CARD_BRAND_DISCOVER), ==, 3);
  g_assert_cmpuint (reji_card_brand_get_security_code_length (REJI_CARD_BRAND_UNIONPAY), ==, 3);
  g_assert_cmpuint (reji_card_brand_get_security_code_length (REJI_CARD_BRAND_UNKNOWN), ==, 0);
}

static void
test_card_check_test_cards (void)
{
  static const struct
  {
    const char    *text;
    const char    *digits;
    RejiCardBrand  brand;
  } cases[] = {
    { "4100000000000100", "4100000000000100", REJI_CARD_BRAND_VISA },
    { "4111111111111111", "4111111111111111", REJI_CARD_BRAND_VISA },
    { "4111 1111 1111 1111", "4111111111111111", REJI_CARD_BRAND_VISA },
    { "4222222222222", "4222222222222", REJI_CARD_BRAND_VISA },
    { "5555555555554444", "5555555555554444", REJI_CARD_BRAND_MASTERCARD },
    { "2223003122003222", "2223003122003222", REJI_CARD_BRAND_MASTERCARD },
    { "3530111333300000", "3530111333300000", REJI_CARD_BRAND_JCB },
    { "３５３０−１１１３−３３３０−００００", "3530111333300000", REJI_CARD_BRAND_JCB },
    { "378282246310005", "378282246310005", REJI_CARD_BRAND_AMERICAN_EXPRESS },
    { "3782 822463 10005", "378282246310005", REJI_CARD_BRAND_AMERICAN_EXPRESS },
    { "30569309025904", "30569309025904", REJI_CARD_BRAND_DINERS_CLUB },
    { "6011111111111117", "6011111111111117", REJI_CARD_BRAND_DISCOVER },
    { "6200000000000005", "6200000000000005", REJI_CARD_BRAND_UNIONPAY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *digits = NULL;
      RejiCardBrand brand = REJI_CARD_BRAND_UNKNOWN;

      g_test_message ("Checking “%s”", cases[i].text);
      digits = reji_card_check_number (cases[i].text, &brand, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (digits, ==, cases[i].digits);
      g_assert_cmpint (brand, ==, cases[i].brand);
    }
}

static void
test_card_check_number_rejected (void)
{
  static const struct
  {
    const char    *text;
    RejiCardError  expected;
    RejiCardBrand  brand;
  } cases[] = {
    { "", REJI_CARD_ERROR_NUMBER_EMPTY, REJI_CARD_BRAND_UNKNOWN },
    { "abcd", REJI_CARD_ERROR_NUMBER_INVALID, REJI_CARD_BRAND_UNKNOWN },
    { "1234567812345670", REJI_CARD_ERROR_NUMBER_BRAND, REJI_CARD_BRAND_UNKNOWN },
    { "9999999999999995", REJI_CARD_ERROR_NUMBER_BRAND, REJI_CARD_BRAND_UNKNOWN },
    { "2220990000000007", REJI_CARD_ERROR_NUMBER_BRAND, REJI_CARD_BRAND_UNKNOWN },
    { "4111111111111112", REJI_CARD_ERROR_NUMBER_CHECKSUM, REJI_CARD_BRAND_VISA },
    { "378282246310006", REJI_CARD_ERROR_NUMBER_CHECKSUM, REJI_CARD_BRAND_AMERICAN_EXPRESS },
    { "5555555555554445", REJI_CARD_ERROR_NUMBER_CHECKSUM, REJI_CARD_BRAND_MASTERCARD },
    { "411111111111111", REJI_CARD_ERROR_NUMBER_LENGTH, REJI_CARD_BRAND_VISA },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *digits = NULL;
      RejiCardBrand brand = REJI_CARD_BRAND_VISA;

      g_test_message ("Checking “%s”", cases[i].text);
      digits = reji_card_check_number (cases[i].text, &brand, &error);

      g_assert_null (digits);
      assert_card_error (error, cases[i].expected);
      g_assert_cmpint (brand, ==, cases[i].brand);
    }
}

/* Every length from 12 to 20 digits, with a valid check digit, is
 * accepted exactly when the brand allows it. */
static void
test_card_check_number_lengths (void)
{
  static const struct
  {
    const char    *prefix;
    RejiCardBrand  brand;
    guint          allowed[7];
  } cases[] = {
    { "4", REJI_CARD_BRAND_VISA, { 13, 16, 19 } },
    { "5555", REJI_CARD_BRAND_MASTERCARD, { 16 } },
    { "2221", REJI_CARD_BRAND_MASTERCARD, { 16 } },
    { "3530", REJI_CARD_BRAND_JCB, { 16, 17, 18, 19 } },
    { "3782", REJI_CARD_BRAND_AMERICAN_EXPRESS, { 15 } },
    { "3411", REJI_CARD_BRAND_AMERICAN_EXPRESS, { 15 } },
    { "3056", REJI_CARD_BRAND_DINERS_CLUB, { 14, 15, 16, 17, 18, 19 } },
    { "3600", REJI_CARD_BRAND_DINERS_CLUB, { 14, 15, 16, 17, 18, 19 } },
    { "6011", REJI_CARD_BRAND_DISCOVER, { 16, 17, 18, 19 } },
    { "6500", REJI_CARD_BRAND_DISCOVER, { 16, 17, 18, 19 } },
    { "6200", REJI_CARD_BRAND_UNIONPAY, { 16, 17, 18, 19 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      for (gsize length = 12; length <= 20; length++)
        {
          g_autofree char *number = make_card_number (cases[i].prefix, length);
          g_autofree char *digits = NULL;
          g_autoptr(GError) error = NULL;
          RejiCardBrand brand = REJI_CARD_BRAND_UNKNOWN;
          gboolean allowed = FALSE;

          for (guint j = 0; j < G_N_ELEMENTS (cases[i].allowed); j++)
            allowed = allowed || cases[i].allowed[j] == length;

          g_test_message ("Checking “%s” (%" G_GSIZE_FORMAT " digits)", number, length);
          digits = reji_card_check_number (number, &brand, &error);

          g_assert_cmpint (brand, ==, cases[i].brand);
          if (allowed)
            {
              g_assert_no_error (error);
              g_assert_cmpstr (digits, ==, number);
            }
          else
            {
              assert_card_error (error, REJI_CARD_ERROR_NUMBER_LENGTH);
              g_assert_null (digits);
            }
        }
    }
}

static void
test_card_parse_expiry (void)
{
  static const struct
  {
    const char *text;
    guint       month;
    guint       year;
  } cases[] = {
    { "12/28", 12, 2028 },
    { "12/2028", 12, 2028 },
    { "1228", 12, 2028 },
    { "122028", 12, 2028 },
    { "12 / 28", 12, 2028 },
    { " 12/28 ", 12, 2028 },
    { "1/28", 1, 2028 },
    { "01/28", 1, 2028 },
    { "0128", 1, 2028 },
    { "１２／２８", 12, 2028 },
    { "１２\u3000／\u3000２０２８", 12, 2028 },
    { "05/00", 5, 2000 },
    { "05/99", 5, 2099 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint month = 0;
      guint year = 0;
      gboolean parsed;

      g_test_message ("Parsing “%s”", cases[i].text);
      parsed = reji_card_parse_expiry (cases[i].text, &month, &year, &error);

      g_assert_no_error (error);
      g_assert_true (parsed);
      g_assert_cmpuint (month, ==, cases[i].month);
      g_assert_cmpuint (year, ==, cases[i].year);
    }
}

static void
test_card_parse_expiry_rejected (void)
{
  static const RejectedText cases[] = {
    { "", REJI_CARD_ERROR_EXPIRY_EMPTY },
    { "   ", REJI_CARD_ERROR_EXPIRY_EMPTY },
    { "\u3000", REJI_CARD_ERROR_EXPIRY_EMPTY },
    { "abc", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "13/28", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "00/28", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "0/28", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "1328", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "12/2", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "12/202", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "12/20281", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "123/28", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "/28", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "12/", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "/", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "12-28", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "1/2/28", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "12/ab", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "123", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "12345", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "12 28", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "+1/28", REJI_CARD_ERROR_EXPIRY_INVALID },
    { "12/28\xff", REJI_CARD_ERROR_EXPIRY_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint month = 0;
      guint year = 0;
      gboolean parsed;

      g_test_message ("Parsing “%s”", cases[i].text);
      parsed = reji_card_parse_expiry (cases[i].text, &month, &year, &error);

      g_assert_false (parsed);
      assert_card_error (error, cases[i].expected);
    }
}

typedef struct
{
  guint month;
  guint year;
  int   expected; /* a RejiCardError, or -1 for a valid date */
} ExpiryCase;

static void
check_expiry_cases (GDateTime        *now,
                    const ExpiryCase *cases,
                    gsize             n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean valid;

      g_test_message ("Checking %02u/%u", cases[i].month, cases[i].year);
      valid = reji_card_check_expiry (cases[i].month, cases[i].year, now, &error);

      if (cases[i].expected < 0)
        {
          g_assert_no_error (error);
          g_assert_true (valid);
        }
      else
        {
          assert_card_error (error, (RejiCardError) cases[i].expected);
          g_assert_false (valid);
        }
    }
}

static void
test_card_check_expiry (void)
{
  static const ExpiryCase cases[] = {
    { 5, 2026, -1 },
    { 6, 2026, -1 },
    { 1, 2027, -1 },
    { 4, 2026, REJI_CARD_ERROR_EXPIRED },
    { 12, 2025, REJI_CARD_ERROR_EXPIRED },
    { 5, 2025, REJI_CARD_ERROR_EXPIRED },
    { 1, 2000, REJI_CARD_ERROR_EXPIRED },
    { 5, 2046, -1 },
    { 6, 2046, REJI_CARD_ERROR_EXPIRY_INVALID },
    { 5, 2047, REJI_CARD_ERROR_EXPIRY_INVALID },
    { 1, G_MAXUINT, REJI_CARD_ERROR_EXPIRY_INVALID },
    { 0, 2027, REJI_CARD_ERROR_EXPIRY_INVALID },
    { 13, 2027, REJI_CARD_ERROR_EXPIRY_INVALID },
  };
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+09:00");
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2026, 5, 15, 12, 0, 0);

  check_expiry_cases (now, cases, G_N_ELEMENTS (cases));
}

static void
test_card_check_expiry_year_boundary (void)
{
  static const ExpiryCase last_day_cases[] = {
    { 12, 2026, -1 },
    { 1, 2027, -1 },
    { 11, 2026, REJI_CARD_ERROR_EXPIRED },
  };
  static const ExpiryCase first_day_cases[] = {
    { 1, 2027, -1 },
    { 12, 2026, REJI_CARD_ERROR_EXPIRED },
    { 1, 2047, -1 },
    { 2, 2047, REJI_CARD_ERROR_EXPIRY_INVALID },
  };
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("+09:00");
  g_autoptr(GDateTime) last_day = g_date_time_new (tz, 2026, 12, 31, 23, 59, 59);
  g_autoptr(GDateTime) first_day = g_date_time_new (tz, 2027, 1, 1, 0, 0, 0);

  check_expiry_cases (last_day, last_day_cases, G_N_ELEMENTS (last_day_cases));
  check_expiry_cases (first_day, first_day_cases, G_N_ELEMENTS (first_day_cases));
}

/* Without an injected time, the local clock is used. The dates lie far
 * enough from today that the result does not depend on the day. */
static void
test_card_check_expiry_now (void)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  guint next_year = g_date_time_get_year (today) + 1;
  g_autoptr(GError) expired_error = NULL;
  g_autoptr(GError) valid_error = NULL;

  g_assert_true (reji_card_check_expiry (1, next_year, NULL, &valid_error));
  g_assert_no_error (valid_error);

  g_assert_false (reji_card_check_expiry (1, 2000, NULL, &expired_error));
  assert_card_error (expired_error, REJI_CARD_ERROR_EXPIRED);
}

static void
test_card_check_security_code (void)
{
  static const struct
  {
    const char    *text;
    RejiCardBrand  brand;
    const char    *expected;
  } cases[] = {
    { "123", REJI_CARD_BRAND_VISA, "123" },
    { "012", REJI_CARD_BRAND_MASTERCARD, "012" },
    { " 123 ", REJI_CARD_BRAND_JCB, "123" },
    { "１２３", REJI_CARD_BRAND_DINERS_CLUB, "123" },
    { "\u3000１２３\u3000", REJI_CARD_BRAND_DISCOVER, "123" },
    { "123", REJI_CARD_BRAND_UNIONPAY, "123" },
    { "1234", REJI_CARD_BRAND_AMERICAN_EXPRESS, "1234" },
    { "123", REJI_CARD_BRAND_UNKNOWN, "123" },
    { "1234", REJI_CARD_BRAND_UNKNOWN, "1234" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;

      g_test_message ("Checking “%s” for %s", cases[i].text,
                      reji_card_brand_get_name (cases[i].brand));
      code = reji_card_check_security_code (cases[i].text, cases[i].brand, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (code, ==, cases[i].expected);
    }
}

static void
test_card_check_security_code_rejected (void)
{
  static const struct
  {
    const char    *text;
    RejiCardBrand  brand;
    RejiCardError  expected;
  } cases[] = {
    { "", REJI_CARD_BRAND_VISA, REJI_CARD_ERROR_SECURITY_CODE_EMPTY },
    { "  ", REJI_CARD_BRAND_AMERICAN_EXPRESS, REJI_CARD_ERROR_SECURITY_CODE_EMPTY },
    { "\u3000", REJI_CARD_BRAND_UNKNOWN, REJI_CARD_ERROR_SECURITY_CODE_EMPTY },
    { "1234", REJI_CARD_BRAND_VISA, REJI_CARD_ERROR_SECURITY_CODE_INVALID },
    { "12", REJI_CARD_BRAND_MASTERCARD, REJI_CARD_ERROR_SECURITY_CODE_INVALID },
    { "1234", REJI_CARD_BRAND_JCB, REJI_CARD_ERROR_SECURITY_CODE_INVALID },
    { "123", REJI_CARD_BRAND_AMERICAN_EXPRESS, REJI_CARD_ERROR_SECURITY_CODE_INVALID },
    { "12345", REJI_CARD_BRAND_AMERICAN_EXPRESS, REJI_CARD_ERROR_SECURITY_CODE_INVALID },
    { "12", REJI_CARD_BRAND_UNKNOWN, REJI_CARD_ERROR_SECURITY_CODE_INVALID },
    { "12345", REJI_CARD_BRAND_UNKNOWN, REJI_CARD_ERROR_SECURITY_CODE_INVALID },
    { "12a", REJI_CARD_BRAND_VISA, REJI_CARD_ERROR_SECURITY_CODE_INVALID },
    { "1 23", REJI_CARD_BRAND_VISA, REJI_CARD_ERROR_SECURITY_CODE_INVALID },
    { "-123", REJI_CARD_BRAND_VISA, REJI_CARD_ERROR_SECURITY_CODE_INVALID },
    { "12\xff", REJI_CARD_BRAND_VISA, REJI_CARD_ERROR_SECURITY_CODE_INVALID },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = NULL;

      g_test_message ("Checking “%s” for %s", cases[i].text,
                      reji_card_brand_get_name (cases[i].brand));
      code = reji_card_check_security_code (cases[i].text, cases[i].brand, &error);

      g_assert_null (code);
      assert_card_error (error, cases[i].expected);
    }
}

static void
test_card_check_name (void)
{
  g_autofree char *longest = g_strnfill (64, 'A');
  g_autoptr(GString) longest_kana = g_string_new (NULL);
  static const struct
  {
    const char *text;
    const char *expected;
  } cases[] = {
    { "TARO YAMADA", "TARO YAMADA" },
    { "  Taro Yamada  ", "Taro Yamada" },
    { "\u3000山田 太郎\u3000", "山田 太郎" },
    { "ジョー", "ジョー" },
  };

  for (guint i = 0; i < 64; i++)
    g_string_append (longest_kana, "ア");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = reji_card_check_name (cases[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (name, ==, cases[i].expected);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *name = reji_card_check_name (longest, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (name, ==, longest);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *name = reji_card_check_name (longest_kana->str, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (name, ==, longest_kana->str);
  }
}

static void
test_card_check_name_rejected (void)
{
  g_autofree char *too_long = g_strnfill (65, 'A');
  const char *cases[] = { "", "   ", "\u3000", too_long };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = NULL;

      g_test_message ("Checking “%s”", cases[i]);
      name = reji_card_check_name (cases[i], &error);

      g_assert_null (name);
      assert_card_error (error, REJI_CARD_ERROR_NAME_EMPTY);
    }
}

static void
test_card_check_email (void)
{
  g_autofree char *local_part = g_strnfill (254 - strlen ("@example.com"), 'a');
  g_autofree char *longest = g_strconcat (local_part, "@example.com", NULL);
  static const struct
  {
    const char *text;
    const char *expected;
  } cases[] = {
    { "taro@example.com", "taro@example.com" },
    { " taro@example.com ", "taro@example.com" },
    { "taro.yamada+shop@mail.example.co.jp", "taro.yamada+shop@mail.example.co.jp" },
    { "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "taro@example.com" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *email = reji_card_check_email (cases[i].text, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (email, ==, cases[i].expected);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *email = reji_card_check_email (longest, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (email, ==, longest);
  }
}

static void
test_card_check_email_empty (void)
{
  const char *cases[] = { NULL, "", "   ", "\u3000" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *email = reji_card_check_email (cases[i], &error);

      g_assert_no_error (error);
      g_assert_null (email);
    }
}

static void
test_card_check_email_rejected (void)
{
  g_autofree char *local_part = g_strnfill (255 - strlen ("@example.com"), 'a');
  g_autofree char *too_long = g_strconcat (local_part, "@example.com", NULL);
  const char *cases[] = {
    "taro",
    "@example.com",
    "taro@",
    "taro@example",
    "taro@@example.com",
    "a@b@example.com",
    "ta ro@example.com",
    "taro@exa mple.com",
    "taro@.example.com",
    "taro@example.com.",
    "taro@example.com\xff",
    too_long,
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *email = NULL;

      g_test_message ("Checking “%s”", cases[i]);
      email = reji_card_check_email (cases[i], &error);

      g_assert_null (email);
      assert_card_error (error, REJI_CARD_ERROR_EMAIL_INVALID);
    }
}

static void
test_card_mask_number (void)
{
  g_autofree char *masked = reji_card_mask_number ("4100000000000100");
  g_autofree char *short_masked = reji_card_mask_number ("123");

  g_assert_cmpstr (masked, ==, "•••• 0100");
  g_assert_cmpstr (short_masked, ==, "•••• 123");
}

static void
test_card_last_four (void)
{
  const char *digits = "4100000000000100";
  const char *short_digits = "123";

  g_assert_cmpstr (reji_card_get_last_four (digits), ==, "0100");
  g_assert_true (reji_card_get_last_four (digits) == digits + 12);
  g_assert_cmpstr (reji_card_get_last_four ("0100"), ==, "0100");
  g_assert_true (reji_card_get_last_four (short_digits) == short_digits);
}

static void
test_card_details_free (void)
{
  RejiCardDetails *details = reji_card_details_new ();

  g_assert_null (details->number);
  g_assert_null (details->security_code);
  g_assert_null (details->name);
  g_assert_null (details->email);
  g_assert_cmpuint (details->month, ==, 0);
  g_assert_cmpuint (details->year, ==, 0);
  g_assert_cmpint (details->brand, ==, REJI_CARD_BRAND_UNKNOWN);

  details->number = g_strdup ("4100000000000100");
  details->security_code = g_strdup ("123");
  details->name = g_strdup ("TARO YAMADA");
  details->email = g_strdup ("taro@example.com");
  details->month = 12;
  details->year = 2028;
  details->brand = REJI_CARD_BRAND_VISA;
  reji_card_details_free (details);

  reji_card_details_free (NULL);

  {
    g_autoptr(RejiCardDetails) partial = reji_card_details_new ();

    partial->number = g_strdup ("4111111111111111");
  }
}

int
main (int   argc,
      char *argv[])
{
  /* The messages are checked in English. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  reji_test_init (&argc, &argv);

  g_test_add_func ("/reji/card/normalize-number", test_card_normalize_number);
  g_test_add_func ("/reji/card/normalize-number-rejected", test_card_normalize_number_rejected);
  g_test_add_func ("/reji/card/luhn", test_card_luhn);
  g_test_add_func ("/reji/card/brand-from-number", test_card_brand_from_number);
  g_test_add_func ("/reji/card/brand-names", test_card_brand_names);
  g_test_add_func ("/reji/card/security-code-length", test_card_security_code_length);
  g_test_add_func ("/reji/card/check-test-cards", test_card_check_test_cards);
  g_test_add_func ("/reji/card/check-number-rejected", test_card_check_number_rejected);
  g_test_add_func ("/reji/card/check-number-lengths", test_card_check_number_lengths);
  g_test_add_func ("/reji/card/parse-expiry", test_card_parse_expiry);
  g_test_add_func ("/reji/card/parse-expiry-rejected", test_card_parse_expiry_rejected);
  g_test_add_func ("/reji/card/check-expiry", test_card_check_expiry);
  g_test_add_func ("/reji/card/check-expiry-year-boundary", test_card_check_expiry_year_boundary);
  g_test_add_func ("/reji/card/check-expiry-now", test_card_check_expiry_now);
  g_test_add_func ("/reji/card/check-security-code", test_card_check_security_code);
  g_test_add_func ("/reji/card/check-security-code-rejected", test_card_check_security_code_rejected);
  g_test_add_func ("/reji/card/check-name", test_card_check_name);
  g_test_add_func ("/reji/card/check-name-rejected", test_card_check_name_rejected);
  g_test_add_func ("/reji/card/check-email", test_card_check_email);
  g_test_add_func ("/reji/card/check-email-empty", test_card_check_email_empty);
  g_test_add_func ("/reji/card/check-email-rejected", test_card_check_email_rejected);
  g_test_add_func ("/reji/card/mask-number", test_card_mask_number);
  g_test_add_func ("/reji/card/last-four", test_card_last_four);
  g_test_add_func ("/reji/card/details-free", test_card_details_free);

  return g_test_run ();
}
