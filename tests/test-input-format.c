/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "reji-input-format.h"
#include "reji-test-utils.h"

/* cursor -1 means "at the end" for the input and the expected output. */
typedef struct
{
  const char *text;
  int         cursor;
  const char *expected;
  int         expected_cursor;
} FormatCase;

static int
resolve_cursor (const char *text,
                int         cursor)
{
  return cursor < 0 ? (int) g_utf8_strlen (text, -1) : cursor;
}

static void
check_cases (const FormatCase *cases,
             gsize             n_cases,
             char           *(*format) (const char *, int *))
{
  for (gsize i = 0; i < n_cases; i++)
    {
      int cursor = resolve_cursor (cases[i].text, cases[i].cursor);
      g_autofree char *formatted = format (cases[i].text, &cursor);

      g_test_message ("input “%s”", cases[i].text);
      g_assert_cmpstr (formatted, ==, cases[i].expected);
      if (cases[i].expected != NULL)
        g_assert_cmpint (cursor, ==, resolve_cursor (cases[i].expected, cases[i].expected_cursor));
    }
}

static void
test_input_format_amount (void)
{
  static const FormatCase cases[] = {
    { "1000", -1, "1,000", -1 },
    { "1000000", -1, "1,000,000", -1 },
    { "12", -1, "12", -1 },
    { "1,00", -1, "100", -1 },
    /* Full-width digits from a Japanese input method. */
    { "１２３４５", -1, "12,345", -1 },
    { "１，０００", -1, "1,000", -1 },
    { "1234.5", -1, "1,234.5", -1 },
    { "1234.", -1, "1,234.", -1 },
    { ".5", -1, "0.5", -1 },
    { "0012", -1, "12", -1 },
    /* The cursor stays after the same digit: here after "12". */
    { "12345", 2, "12,345", 2 },
    { "12345", 3, "12,345", 4 },
    { "1,2345", 1, "12,345", 1 },
    { "abc", -1, NULL, 0 },
    { "1.2.3", -1, NULL, 0 },
    { "-5", -1, NULL, 0 },
    { "", -1, NULL, 0 },
  };

  check_cases (cases, G_N_ELEMENTS (cases), reji_input_format_amount);
}

static void
test_input_format_card_number (void)
{
  static const FormatCase cases[] = {
    { "4111111111111111", -1, "4111 1111 1111 1111", -1 },
    { "41111", -1, "4111 1", -1 },
    { "4111", -1, "4111", -1 },
    /* American Express: 4-6-5. */
    { "378282246310005", -1, "3782 822463 10005", -1 },
    /* Diners Club, 14 digits: 4-6-4. */
    { "30569309025904", -1, "3056 930902 5904", -1 },
    { "４１１１１１", -1, "4111 11", -1 },
    { "4111-1111", -1, "4111 1111", -1 },
    /* Typing in the middle keeps the cursor after the new digit. */
    { "41119 1111", 5, "4111 9111 1", 6 },
    { "4111 x", -1, NULL, 0 },
  };

  check_cases (cases, G_N_ELEMENTS (cases), reji_input_format_card_number);
}

static char *
format_expiry_inserting (const char *text,
                         int        *cursor)
{
  return reji_input_format_expiry (text, cursor, TRUE);
}

static char *
format_expiry_deleting (const char *text,
                        int        *cursor)
{
  return reji_input_format_expiry (text, cursor, FALSE);
}

static void
test_input_format_expiry (void)
{
  static const FormatCase inserting[] = {
    { "1", -1, "1", -1 },
    { "12", -1, "12/", -1 },
    { "4", -1, "04/", -1 },
    { "1230", -1, "12/30", -1 },
    { "12/3", -1, "12/3", -1 },
    /* The cashier typed the slash that was already added. */
    { "12//", -1, "12/", -1 },
    { "12//30", -1, "12/30", -1 },
    { "1/30", -1, "01/30", -1 },
    { "１２３０", -1, "12/30", -1 },
    { "12/30/1", -1, NULL, 0 },
    { "ab", -1, NULL, 0 },
  };
  /* After Backspace removed the slash, it is not added back. */
  static const FormatCase deleting[] = {
    { "12", -1, "12", -1 },
    { "4", -1, "4", -1 },
  };

  check_cases (inserting, G_N_ELEMENTS (inserting), format_expiry_inserting);
  check_cases (deleting, G_N_ELEMENTS (deleting), format_expiry_deleting);
}

static void
test_input_format_ceiling (void)
{
  static const struct
  {
    const char *currency;
    gint64      ceiling;
  } cases[] = {
    { "JPY", 1000000 },
    { "USD", 1000000 },
    { "EUR", 1000000 },
    { "KRW", 10000000 },
    { "XXX", G_MAXINT64 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("currency %s", cases[i].currency);
      g_assert_cmpint (reji_input_get_amount_ceiling (cases[i].currency), ==, cases[i].ceiling);
    }
}

int
main (int    argc,
      char **argv)
{
  reji_test_init (&argc, &argv);

  g_test_add_func ("/reji/input-format/amount", test_input_format_amount);
  g_test_add_func ("/reji/input-format/card-number", test_input_format_card_number);
  g_test_add_func ("/reji/input-format/expiry", test_input_format_expiry);
  g_test_add_func ("/reji/input-format/ceiling", test_input_format_ceiling);

  return g_test_run ();
}
