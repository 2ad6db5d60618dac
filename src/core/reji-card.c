/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "reji-card.h"
#include "reji-secret.h"
#include "reji-text.h"

G_DEFINE_QUARK (reji-card-error-quark, reji_card_error)

/* Maximum length of a cardholder name, in characters. */
#define MAX_NAME_LENGTH 64

/* Maximum length of an e-mail address, in bytes: the usual limit for an
 * address that SMTP can carry. */
#define MAX_EMAIL_LENGTH 254

/* How far ahead an expiry date may lie before it is taken as a typo. */
#define MAX_EXPIRY_YEARS_AHEAD 20

/* One range of leading digits that identifies a brand: the first
 * @n_digits digits of the number, read as an integer, lie in
 * [@first, @last]. */
typedef struct
{
  RejiCardBrand brand;
  guint         n_digits;
  guint         first;
  guint         last;
} BrandRange;

/* Discover's ranges come before UnionPay's 62, so that a Discover range
 * inside 62 would win if one is added. */
static const BrandRange brand_ranges[] = {
  { REJI_CARD_BRAND_VISA, 1, 4, 4 },
  { REJI_CARD_BRAND_MASTERCARD, 2, 51, 55 },
  { REJI_CARD_BRAND_MASTERCARD, 4, 2221, 2720 },
  { REJI_CARD_BRAND_JCB, 4, 3528, 3589 },
  { REJI_CARD_BRAND_AMERICAN_EXPRESS, 2, 34, 34 },
  { REJI_CARD_BRAND_AMERICAN_EXPRESS, 2, 37, 37 },
  { REJI_CARD_BRAND_DINERS_CLUB, 3, 300, 305 },
  { REJI_CARD_BRAND_DINERS_CLUB, 2, 36, 36 },
  { REJI_CARD_BRAND_DINERS_CLUB, 2, 38, 39 },
  { REJI_CARD_BRAND_DISCOVER, 4, 6011, 6011 },
  { REJI_CARD_BRAND_DISCOVER, 3, 644, 649 },
  { REJI_CARD_BRAND_DISCOVER, 2, 65, 65 },
  { REJI_CARD_BRAND_UNIONPAY, 2, 62, 62 },
};

/* The lengths a brand's card numbers may have: from @min to @max digits,
 * or only 13, 16 and 19 for Visa. */
typedef struct
{
  RejiCardBrand brand;
  guint         min;
  guint         max;
} BrandLengths;

static const BrandLengths brand_lengths[] = {
  { REJI_CARD_BRAND_VISA, 13, 19 },
  { REJI_CARD_BRAND_MASTERCARD, 16, 16 },
  { REJI_CARD_BRAND_JCB, 16, 19 },
  { REJI_CARD_BRAND_AMERICAN_EXPRESS, 15, 15 },
  { REJI_CARD_BRAND_DINERS_CLUB, 14, 19 },
  { REJI_CARD_BRAND_DISCOVER, 16, 19 },
  { REJI_CARD_BRAND_UNIONPAY, 16, 19 },
};

/* Sets @error to @code with @message, which it frees. Messages never
 * contain what the cashier typed, because that may be a card number. */
static void
reject_field (GError        **error,
              RejiCardError   code,
              char           *message)
{
  g_debug ("Rejected a card field with error code %d", code);
  g_set_error_literal (error, REJI_CARD_ERROR, code, message);
  g_free (message);
}


/* Returns a copy of @text without leading and trailing Unicode white
 * space, so that a trailing U+3000 IDEOGRAPHIC SPACE is dropped too. */
static char *
strip_unicode_space (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && g_unichar_isspace (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);

  while (end > start)
    {
      const char *previous = g_utf8_find_prev_char (start, end);

      if (previous == NULL || !g_unichar_isspace (g_utf8_get_char (previous)))
        break;
      end = previous;
    }

  return g_strndup (start, end - start);
}

/**
 * reji_card_normalize_number:
 * @text: the card number as the cashier typed it
 * @error: return location for a #RejiCardError
 *
 * Folds full-width digits to ASCII and drops spaces and hyphens, including
 * the dash-like characters a Japanese input method produces.
 *
 * Returns: (transfer full) (nullable): the ASCII digits, or %NULL with
 *   %REJI_CARD_ERROR_NUMBER_EMPTY or %REJI_CARD_ERROR_NUMBER_INVALID.
 *   Free the result with reji_secret_free().
 */
char *
reji_card_normalize_number (const char  *text,
                            GError     **error)
{
  char *folded;
  char *digits;
  gsize n_digits = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Folding returns NULL for text that is not UTF-8. */
  folded = reji_text_fold_width (text);
  if (folded == NULL || folded[strspn (folded, "0123456789 -")] != '\0')
    {
      reji_secret_free (folded);
      reject_field (error, REJI_CARD_ERROR_NUMBER_INVALID,
                    g_strdup (_("Card number: contains characters other than digits. Enter only the digits printed on the card.")));
      return NULL;
    }

  digits = g_malloc0 (strlen (folded) + 1);
  for (const char *p = folded; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits[n_digits++] = *p;
    }

  reji_secret_free (folded);

  if (n_digits == 0)
    {
      g_free (digits);
      reject_field (error, REJI_CARD_ERROR_NUMBER_EMPTY,
                    g_strdup (_("Card number: missing. Enter the number printed on the card.")));
      return NULL;
    }

  return digits;
}

/**
 * reji_card_luhn_valid:
 * @digits: ASCII digits
 *
 * Returns: %TRUE if @digits is non-empty, contains only ASCII digits and
 *   passes the Luhn (mod 10) check
 */
gboolean
reji_card_luhn_valid (const char *digits)
{
  gsize length;
  guint sum = 0;

  g_return_val_if_fail (digits != NULL, FALSE);

  length = strlen (digits);
  if (length == 0)
    return FALSE;

  /* Counting from the rightmost digit, every second digit is doubled. */
  for (gsize i = 0; i < length; i++)
    {
      char c = digits[length - 1 - i];
      guint value;

      if (!g_ascii_isdigit (c))
        return FALSE;

      value = c - '0';
      if (i % 2 == 1)
        {
          value *= 2;
          if (value > 9)
            value -= 9;
        }
      sum += value;
    }

  return sum % 10 == 0;
}

/* TRUE if every number starting with the @n_digits leading digits
 * @prefix falls in @range. A prefix longer than the range's digits is
 * cut to that length. */
static gboolean
range_contains_prefix (const BrandRange *range,
                       guint             prefix,
                       guint             n_digits)
{
  guint lowest = prefix;
  guint highest = prefix;

  for (guint i = n_digits; i < range->n_digits; i++)
    {
      lowest = lowest * 10;
      highest = highest * 10 + 9;
    }

  return lowest >= range->first && highest <= range->last;
}

/**
 * reji_card_brand_from_number:
 * @digits: the leading ASCII digits of a card number, or all of them
 *
 * Finds the brand from the leading digits. A prefix shorter than a brand's
 * range gets that brand only when every number it can begin falls in the
 * range: "4" is Visa at once, but "5" is not yet Mastercard because 50
 * and 56 are not. This lets the form show the brand while the cashier types.
 *
 * Returns: the brand, or %REJI_CARD_BRAND_UNKNOWN
 */
RejiCardBrand
reji_card_brand_from_number (const char *digits)
{
  g_return_val_if_fail (digits != NULL, REJI_CARD_BRAND_UNKNOWN);

  for (guint i = 0; i < G_N_ELEMENTS (brand_ranges); i++)
    {
      const BrandRange *range = &brand_ranges[i];
      guint prefix = 0;
      guint n_digits = 0;

      while (n_digits < range->n_digits && g_ascii_isdigit (digits[n_digits]))
        {
          prefix = prefix * 10 + (digits[n_digits] - '0');
          n_digits++;
        }

      if (n_digits > 0 && range_contains_prefix (range, prefix, n_digits))
        return range->brand;
    }

  return REJI_CARD_BRAND_UNKNOWN;
}

/**
 * reji_card_brand_get_name:
 * @brand: a card brand
 *
 * Returns: (transfer none): the brand's name for display, such as "Visa"
 */
const char *
reji_card_brand_get_name (RejiCardBrand brand)
{
  /* Brand names are trademarks and stay untranslated. */
  switch (brand)
    {
    case REJI_CARD_BRAND_VISA:
      return "Visa";
    case REJI_CARD_BRAND_MASTERCARD:
      return "Mastercard";
    case REJI_CARD_BRAND_JCB:
      return "JCB";
    case REJI_CARD_BRAND_AMERICAN_EXPRESS:
      return "American Express";
    case REJI_CARD_BRAND_DINERS_CLUB:
      return "Diners Club";
    case REJI_CARD_BRAND_DISCOVER:
      return "Discover";
    case REJI_CARD_BRAND_UNIONPAY:
      return "UnionPay";
    case REJI_CARD_BRAND_UNKNOWN:
    default:
      return _("Unknown card");
    }
}

/**
 * reji_card_brand_get_security_code_length:
 * @brand: a card brand
 *
 * Returns: the number of digits in the brand's security code: 4 for
 *   American Express, 3 for the other brands, and 0 for
 *   %REJI_CARD_BRAND_UNKNOWN, whose code may have 3 or 4
 */
guint
reji_card_brand_get_security_code_length (RejiCardBrand brand)
{
  switch (brand)
    {
    case REJI_CARD_BRAND_UNKNOWN:
      return 0;
    case REJI_CARD_BRAND_AMERICAN_EXPRESS:
      return 4;
    case REJI_CARD_BRAND_VISA:
    case REJI_CARD_BRAND_MASTERCARD:
    case REJI_CARD_BRAND_JCB:
    case REJI_CARD_BRAND_DINERS_CLUB:
    case REJI_CARD_BRAND_DISCOVER:
    case REJI_CARD_BRAND_UNIONPAY:
    default:
      return 3;
    }
}

static const BrandLengths *
lookup_brand_lengths (RejiCardBrand brand)
{
  for (guint i = 0; i < G_N_ELEMENTS (brand_lengths); i++)
    {
      if (brand_lengths[i].brand == brand)
        return &brand_lengths[i];
    }

  return NULL;
}

static gboolean
is_allowed_length (RejiCardBrand brand,
                   gsize         length)
{
  const BrandLengths *lengths = lookup_brand_lengths (brand);

  if (lengths == NULL || length < lengths->min || length > lengths->max)
    return FALSE;

  if (brand == REJI_CARD_BRAND_VISA)
    return length == 13 || length == 16 || length == 19;

  return TRUE;
}

/* Describes the lengths a brand allows, such as "16" or "16 to 19". */
static char *
describe_allowed_lengths (RejiCardBrand brand)
{
  const BrandLengths *lengths = lookup_brand_lengths (brand);

  if (brand == REJI_CARD_BRAND_VISA)
    {
      /* Translators: the lengths a Visa card number may have, used in
       * "Visa card numbers have 13, 16 or 19 digits". */
      return g_strdup (_("13, 16 or 19"));
    }

  if (lengths->min == lengths->max)
    return g_strdup_printf ("%u", lengths->min);

  /* Translators: a range of card number lengths, such as "16 to 19",
   * used in "JCB card numbers have 16 to 19 digits". */
  return g_strdup_printf (_("%u to %u"), lengths->min, lengths->max);
}

static void
reject_length (GError        **error,
               RejiCardBrand   brand,
               gsize           length)
{
  g_autofree char *allowed = describe_allowed_lengths (brand);

  reject_field (error, REJI_CARD_ERROR_NUMBER_LENGTH,
                g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              /* Translators: the first %s is a card brand, such
                                               * as "Visa"; the second is the lengths it allows,
                                               * such as "16" or "16 to 19"; %u is the number of
                                               * digits the cashier entered. */
                                              "Card number: %s card numbers have %s digits, but %u digit was entered. Check the number.",
                                              "Card number: %s card numbers have %s digits, but %u digits were entered. Check the number.",
                                              length),
                                 reji_card_brand_get_name (brand), allowed, (guint) length));
}

/**
 * reji_card_check_number:
 * @text: the card number as the cashier typed it
 * @out_brand: (out) (optional): the brand found from the leading digits,
 *   set whether or not the check passes
 * @error: return location for a #RejiCardError
 *
 * Normalizes the number and checks that it belongs to a brand Reji
 * accepts, has a length that brand allows and passes the Luhn check.
 *
 * Returns: (transfer full) (nullable): the ASCII digits, or %NULL with an
 *   error. Free the result with reji_secret_free().
 */
char *
reji_card_check_number (const char     *text,
                        RejiCardBrand  *out_brand,
                        GError        **error)
{
  char *digits;
  RejiCardBrand brand;
  gsize length;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (out_brand != NULL)
    *out_brand = REJI_CARD_BRAND_UNKNOWN;

  digits = reji_card_normalize_number (text, error);
  if (digits == NULL)
    return NULL;

  brand = reji_card_brand_from_number (digits);
  length = strlen (digits);
  if (out_brand != NULL)
    *out_brand = brand;

  if (brand == REJI_CARD_BRAND_UNKNOWN)
    {
      reji_secret_free (digits);
      reject_field (error, REJI_CARD_ERROR_NUMBER_BRAND,
                    g_strdup (_("Card number: not a card brand Reji accepts. Ask for a Visa, Mastercard, JCB, American Express, Diners Club, Discover or UnionPay card.")));
      return NULL;
    }

  if (!is_allowed_length (brand, length))
    {
      reji_secret_free (digits);
      reject_length (error, brand, length);
      return NULL;
    }

  if (!reji_card_luhn_valid (digits))
    {
      reji_secret_free (digits);
      reject_field (error, REJI_CARD_ERROR_NUMBER_CHECKSUM,
                    g_strdup (_("Card number: not a valid card number. Check the number and enter it again.")));
      return NULL;
    }

  return digits;
}

/* Parses @text as @min_length to @max_length ASCII digits. */
static gboolean
parse_digits (const char *text,
              gsize       min_length,
              gsize       max_length,
              guint      *out_value)
{
  gsize length = strlen (text);
  guint value = 0;

  if (length < min_length || length > max_length)
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      value = value * 10 + (text[i] - '0');
    }

  *out_value = value;
  return TRUE;
}

/* Splits "MM/YY", "M / YYYY", "MMYY" or "MMYYYY" into a month and the
 * year's digits as typed, without checking their ranges. */
static gboolean
split_expiry (char   *expiry,
              guint  *out_month,
              guint  *out_year,
              gsize  *out_year_length)
{
  char *slash = strchr (expiry, '/');
  const char *month_text;
  const char *year_text;
  g_autofree char *month_copy = NULL;

  if (slash != NULL)
    {
      *slash = '\0';
      month_text = g_strstrip (expiry);
      year_text = g_strstrip (slash + 1);
    }
  else
    {
      gsize length = strlen (expiry);

      if (length != 4 && length != 6)
        return FALSE;

      month_copy = g_strndup (expiry, 2);
      month_text = month_copy;
      year_text = expiry + 2;
    }

  *out_year_length = strlen (year_text);
  if (*out_year_length != 2 && *out_year_length != 4)
    return FALSE;

  return parse_digits (month_text, 1, 2, out_month) &&
         parse_digits (year_text, 2, 4, out_year);
}

static void
reject_month (GError **error)
{
  reject_field (error, REJI_CARD_ERROR_EXPIRY_INVALID,
                g_strdup (_("Expiry date: the month must be from 01 to 12. Enter the month and year as MM/YY, such as 08/27.")));
}

/**
 * reji_card_parse_expiry:
 * @text: the expiry date as the cashier typed it
 * @out_month: (out): the month, 1 to 12
 * @out_year: (out): the year with four digits
 * @error: return location for a #RejiCardError
 *
 * Parses "MM/YY", "MM/YYYY", "MMYY", "MMYYYY" or "M/YY", with spaces
 * allowed around the slash and full-width forms folded first. A two-digit
 * year YY means 2000 + YY. This does not check whether the card has
 * expired; see reji_card_check_expiry().
 *
 * Returns: %TRUE if @text is a month and year
 */
gboolean
reji_card_parse_expiry (const char  *text,
                        guint       *out_month,
                        guint       *out_year,
                        GError     **error)
{
  g_autofree char *folded = NULL;
  char *expiry;
  guint month = 0;
  guint year = 0;
  gsize year_length = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_month != NULL, FALSE);
  g_return_val_if_fail (out_year != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  folded = reji_text_fold_width (text);
  expiry = folded != NULL ? g_strstrip (folded) : NULL;
  if (expiry != NULL && *expiry == '\0')
    {
      reject_field (error, REJI_CARD_ERROR_EXPIRY_EMPTY,
                    g_strdup (_("Expiry date: missing. Enter the month and year printed on the card, such as 08/27.")));
      return FALSE;
    }

  if (expiry == NULL || !split_expiry (expiry, &month, &year, &year_length))
    {
      reject_field (error, REJI_CARD_ERROR_EXPIRY_INVALID,
                    g_strdup (_("Expiry date: not a month and year. Enter them as MM/YY, such as 08/27.")));
      return FALSE;
    }

  if (month < 1 || month > 12)
    {
      reject_month (error);
      return FALSE;
    }

  *out_month = month;
  *out_year = year_length == 2 ? 2000 + year : year;
  return TRUE;
}

/**
 * reji_card_check_expiry:
 * @month: the expiry month, 1 to 12
 * @year: the expiry year with four digits
 * @now: (nullable): the current time, or %NULL for the local time now
 * @error: return location for a #RejiCardError
 *
 * Checks that a card is still valid: a card is valid through the last day
 * of its expiry month, so it has expired only once @now is in a later
 * month. A date more than 20 years after @now is taken as a typo.
 *
 * Returns: %TRUE if the card has not expired
 */
gboolean
reji_card_check_expiry (guint       month,
                        guint       year,
                        GDateTime  *now,
                        GError    **error)
{
  g_autoptr(GDateTime) local_now = NULL;
  gint64 expiry_months;
  gint64 now_months;

  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (month < 1 || month > 12)
    {
      reject_month (error);
      return FALSE;
    }

  if (now == NULL)
    now = local_now = g_date_time_new_now_local ();

  /* Months since year 0, in 64 bits so that any guint year fits. */
  expiry_months = (gint64) year * 12 + (month - 1);
  now_months = (gint64) g_date_time_get_year (now) * 12 + (g_date_time_get_month (now) - 1);

  if (expiry_months < now_months)
    {
      reject_field (error, REJI_CARD_ERROR_EXPIRED,
                    g_strdup (_("Expiry date: the card has expired. Ask for another card.")));
      return FALSE;
    }

  if (expiry_months > now_months + MAX_EXPIRY_YEARS_AHEAD * 12)
    {
      reject_field (error, REJI_CARD_ERROR_EXPIRY_INVALID,
                    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  /* Translators: %u is a number of years (20). */
                                                  "Expiry date: more than %u year from now. Check the year printed on the card.",
                                                  "Expiry date: more than %u years from now. Check the year printed on the card.",
                                                  MAX_EXPIRY_YEARS_AHEAD),
                                     (guint) MAX_EXPIRY_YEARS_AHEAD));
      return FALSE;
    }

  return TRUE;
}

static void
reject_security_code (GError        **error,
                      RejiCardError   code,
                      RejiCardBrand   brand)
{
  gboolean empty = code == REJI_CARD_ERROR_SECURITY_CODE_EMPTY;

  switch (reji_card_brand_get_security_code_length (brand))
    {
    case 4:
      reject_field (error, code,
                    g_strdup (empty ? _("Security code: missing. Enter the 4 digits printed on the front of the card.")
                                    : _("Security code: the code has 4 digits on American Express cards. Enter the 4 digits printed on the front of the card.")));
      break;

    case 3:
      if (empty)
        reject_field (error, code,
                      g_strdup (_("Security code: missing. Enter the 3 digits printed on the back of the card.")));
      else
        reject_field (error, code,
                      /* Translators: %s is a card brand, such as "Visa". */
                      g_strdup_printf (_("Security code: the code has 3 digits on %s cards. Enter the 3 digits printed on the back of the card."),
                                       reji_card_brand_get_name (brand)));
      break;

    default:
      reject_field (error, code,
                    g_strdup (empty ? _("Security code: missing. Enter the 3 or 4 digits printed on the card.")
                                    : _("Security code: the code has 3 or 4 digits. Enter the digits printed on the card.")));
      break;
    }
}

static gboolean
is_security_code_length (RejiCardBrand brand,
                         gsize         length)
{
  guint expected = reji_card_brand_get_security_code_length (brand);

  if (expected == 0)
    return length == 3 || length == 4;

  return length == expected;
}

/**
 * reji_card_check_security_code:
 * @text: the security code as the cashier typed it
 * @brand: the card's brand, or %REJI_CARD_BRAND_UNKNOWN
 * @error: return location for a #RejiCardError
 *
 * Checks a security code: digits only, 4 of them for American Express,
 * 3 for the other brands, and 3 or 4 when the brand is unknown.
 *
 * Returns: (transfer full) (nullable): the ASCII digits, or %NULL with an
 *   error. Free the result with reji_secret_free().
 */
char *
reji_card_check_security_code (const char     *text,
                               RejiCardBrand   brand,
                               GError        **error)
{
  char *folded;
  gsize folded_size;
  const char *code;
  char *result = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  folded = reji_text_fold_width (text);
  if (folded == NULL)
    {
      reject_security_code (error, REJI_CARD_ERROR_SECURITY_CODE_INVALID, brand);
      return NULL;
    }

  /* g_strstrip() moves the text left in place, so the whole original size
   * is wiped below, not just the stripped string. */
  folded_size = strlen (folded);
  code = g_strstrip (folded);

  if (*code == '\0')
    reject_security_code (error, REJI_CARD_ERROR_SECURITY_CODE_EMPTY, brand);
  else if (code[strspn (code, "0123456789")] != '\0' ||
           !is_security_code_length (brand, strlen (code)))
    reject_security_code (error, REJI_CARD_ERROR_SECURITY_CODE_INVALID, brand);
  else
    result = g_strdup (code);

  explicit_bzero (folded, folded_size);
  g_free (folded);

  return result;
}

/**
 * reji_card_check_name:
 * @text: the cardholder name as the cashier typed it, in UTF-8
 * @error: return location for a #RejiCardError
 *
 * Checks the cardholder name: not empty once white space around it is
 * removed, and at most 64 characters.
 *
 * Returns: (transfer full) (nullable): the trimmed name, or %NULL with
 *   %REJI_CARD_ERROR_NAME_EMPTY
 */
char *
reji_card_check_name (const char  *text,
                      GError     **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = strip_unicode_space (text);
  if (*name == '\0')
    {
      reject_field (error, REJI_CARD_ERROR_NAME_EMPTY,
                    g_strdup (_("Cardholder name: missing. Enter the name as printed on the card.")));
      return NULL;
    }

  /* NOTE: a name that is too long also gets REJI_CARD_ERROR_NAME_EMPTY,
   * the only name code, so that the form shows it beside the name entry.
   * Only the message differs between the two cases. */
  if (g_utf8_strlen (name, -1) > MAX_NAME_LENGTH)
    {
      reject_field (error, REJI_CARD_ERROR_NAME_EMPTY,
                    g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  /* Translators: %u is the maximum number of characters (64). */
                                                  "Cardholder name: too long. Enter at most %u character.",
                                                  "Cardholder name: too long. Enter at most %u characters.",
                                                  MAX_NAME_LENGTH),
                                     (guint) MAX_NAME_LENGTH));
      return NULL;
    }

  return g_steal_pointer (&name);
}

/* A shape check only: one '@', something before it, a domain with a dot
 * that neither starts nor ends it, no white space, at most 254 bytes. */
static gboolean
is_plausible_email (const char *email)
{
  const char *at = strchr (email, '@');
  const char *domain;
  const char *dot;

  if (strlen (email) > MAX_EMAIL_LENGTH || at == NULL || at == email)
    return FALSE;

  domain = at + 1;
  if (strchr (domain, '@') != NULL)
    return FALSE;

  dot = strchr (domain, '.');
  if (dot == NULL || dot == domain || g_str_has_suffix (domain, "."))
    return FALSE;

  for (const char *p = email; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }

  return TRUE;
}

/**
 * reji_card_check_email:
 * @text: (nullable): the e-mail address as the cashier typed it
 * @error: return location for a #RejiCardError
 *
 * Checks the optional e-mail address. Full-width forms are folded to ASCII
 * first, because a Japanese input method may be left in full-width mode.
 * An empty field, or one with only white space, is not an error.
 *
 * Returns: (transfer full) (nullable): the trimmed address, or %NULL. It
 *   returns %NULL without setting @error when the field is empty, and
 *   with %REJI_CARD_ERROR_EMAIL_INVALID when the address is not plausible.
 */
char *
reji_card_check_email (const char  *text,
                       GError     **error)
{
  g_autofree char *folded = NULL;
  g_autofree char *email = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    return NULL;

  folded = reji_text_fold_width (text);
  email = folded != NULL ? strip_unicode_space (folded) : NULL;
  if (email != NULL && *email == '\0')
    return NULL;

  if (email == NULL || !is_plausible_email (email))
    {
      reject_field (error, REJI_CARD_ERROR_EMAIL_INVALID,
                    g_strdup (_("E-mail address: not valid. Enter an address such as name@example.com, or leave the field empty.")));
      return NULL;
    }

  return g_steal_pointer (&email);
}

/**
 * reji_card_get_last_four:
 * @digits: the card number's ASCII digits
 *
 * Returns: (transfer none): a pointer to the last four digits inside
 *   @digits, or @digits itself when it is shorter
 */
const char *
reji_card_get_last_four (const char *digits)
{
  gsize length;

  g_return_val_if_fail (digits != NULL, NULL);

  length = strlen (digits);
  return length > 4 ? digits + length - 4 : digits;
}

/**
 * reji_card_mask_number:
 * @digits: the card number's ASCII digits
 *
 * Masks a card number for display, showing only its last four digits,
 * as in "•••• 0100".
 *
 * Returns: (transfer full): the masked number
 */
char *
reji_card_mask_number (const char *digits)
{
  g_return_val_if_fail (digits != NULL, NULL);

  return g_strdup_printf ("•••• %s", reji_card_get_last_four (digits));
}

/**
 * reji_card_details_new:
 *
 * Returns: (transfer full): empty card details, with every field zero
 *   or %NULL. Free with reji_card_details_free().
 */
RejiCardDetails *
reji_card_details_new (void)
{
  return g_new0 (RejiCardDetails, 1);
}

/**
 * reji_card_details_free:
 * @details: (nullable): card details
 *
 * Overwrites the card number and the security code with explicit_bzero(),
 * so that the compiler cannot drop the writes, and frees @details.
 */
void
reji_card_details_free (RejiCardDetails *details)
{
  if (details == NULL)
    return;

  reji_secret_free (details->number);
  reji_secret_free (details->security_code);
  g_free (details->name);
  g_free (details->email);
  explicit_bzero (details, sizeof *details);
  g_free (details);
}
